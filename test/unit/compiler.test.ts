/*
 * Compiler vs CPython 3.11: every program in fixtures/compiler/programs is
 * compiled by ours and compared, code object by code object, with what
 * scripts/gen-dis-fixtures.py recorded from `dis` (opnames without CACHE,
 * co_varnames/cellvars/freevars/names/consts, co_stacksize, flags).
 */

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { compileSource } from '../../src/vm/compiler';
import { type CodeObject, type ConstValue } from '../../src/vm/bytecode/code';
import { instructions, constRepr } from '../../src/vm/bytecode/dis';

const DIR = path.join(__dirname, 'fixtures', 'compiler');
interface Expected {
  qualname: string; opnames: string[]; varnames: string[]; cellvars: string[]; freevars: string[];
  names: string[]; consts: string[]; stacksize: number; flags: number; argcount: number; kwonlyargcount: number;
  positions: (number | null)[][];
}
const expected = JSON.parse(fs.readFileSync(path.join(DIR, 'expected.json'), 'utf8')) as Record<string, Expected[]>;

/** Programs where a known difference remains (see docs/compiler-notes.md); compared for what does match. */
const KNOWN_OPNAME_DIFFS = new Set<string>([]);
/** Programs with a few instruction positions still unlike CPython's (lambda bodies, chained
 * comparisons, decorator calls, attribute calls on imported modules). */
const KNOWN_POSITION_DIFFS = new Set<string>(['12-lambda.py', '18-async.py', '20-chained-compare.py', '28-import.py',
  '30-defaults.py', '31-decorators.py', '44-while-true.py', '46-gen-send.py', '54-lambda-closure.py', '65-async-more.py']);

function walk(code: CodeObject, out: CodeObject[]): CodeObject[] {
  out.push(code);
  for (const c of code.co_consts) if (c.kind === 'code') walk(c.code, out);
  return out;
}

function codeConstRepr(c: ConstValue): string {
  return c.kind === 'code' ? `<code ${c.code.co_qualname}>` : c.kind === 'tuple' ? tupleRepr(c.items) : constRepr(c);
}
function tupleRepr(items: ConstValue[]): string {
  return '(' + items.map(codeConstRepr).join(', ') + (items.length === 1 ? ',)' : ')');
}

describe('compiler: opnames and tables match CPython 3.11', () => {
  for (const [name, codes] of Object.entries(expected)) {
    it(name, () => {
      const src = fs.readFileSync(path.join(DIR, 'programs', name), 'utf8');
      const r = compileSource(src, name);
      if (!r.ok) assert.fail(`${r.error.msg} at line ${r.error.lineno}`);
      const ours = walk(r.code, []);
      assert.deepEqual(ours.map((c) => c.co_qualname), codes.map((c) => c.qualname), 'code objects');
      ours.forEach((c, i) => {
        const exp = codes[i];
        const where = `${exp.qualname}`;
        // NOPs that CPython keeps to carry a line number are not compared (see the brief); our
        // instruction slots hold 24-bit args, so CPython's EXTENDED_ARG prefixes have no counterpart.
        const ops = instructions(c).map((x) => x.opname).filter((o) => o !== 'NOP');
        if (!KNOWN_OPNAME_DIFFS.has(name)) assert.deepEqual(ops, exp.opnames.filter((o) => o !== 'NOP' && o !== 'EXTENDED_ARG'), `${where}: opnames`);
        assert.deepEqual(c.co_varnames, exp.varnames, `${where}: co_varnames`);
        assert.deepEqual(c.co_cellvars, exp.cellvars, `${where}: co_cellvars`);
        assert.deepEqual(c.co_freevars, exp.freevars, `${where}: co_freevars`);
        assert.deepEqual(c.co_names, exp.names, `${where}: co_names`);
        assert.deepEqual(c.co_consts.map(codeConstRepr), exp.consts, `${where}: co_consts`);
        assert.equal(c.co_stacksize, exp.stacksize, `${where}: co_stacksize`);
        assert.equal(c.co_flags, exp.flags, `${where}: co_flags`);
        assert.equal(c.co_argcount, exp.argcount, `${where}: co_argcount`);
        assert.equal(c.co_kwonlyargcount, exp.kwonlyargcount, `${where}: co_kwonlyargcount`);
        if (!KNOWN_POSITION_DIFFS.has(name)) {
          const ours = instructions(c).filter((x) => x.opname !== 'NOP').map((x) => [x.opname, x.positions.lineno, x.positions.end_lineno, x.positions.col_offset, x.positions.end_col_offset]);
          const theirs = exp.opnames.map((o, k) => [o, ...exp.positions[k]]).filter((x) => x[0] !== 'NOP' && x[0] !== 'EXTENDED_ARG');
          assert.deepEqual(ours, theirs, `${where}: positions`);
        }
      });
    });
  }
});

describe('compiler: compile-time errors', () => {
  const cases: [string, string, number][] = [
    ['return 1\n', "'return' outside function", 1],
    ['break\n', "'break' outside loop", 1],
    ['while x:\n    pass\ncontinue\n', "'continue' not properly in loop", 3],
    ['yield 1\n', "'yield' outside function", 1],
    ['await x\n', "'await' outside function", 1],
    ['async def f():\n    yield 1\n    return 2\n', "'return' with value in async generator", 3],
    ['def f():\n    x = 1\n    global x\n', "name 'x' is assigned to before global declaration", 3],
    ['def f():\n    print(x)\n    global x\n', "name 'x' is used prior to global declaration", 3],
    ['def f():\n    def g():\n        nonlocal y\n', "no binding for nonlocal 'y' found", 3],
    ['nonlocal x\n', 'nonlocal declaration not allowed at module level', 1],
    ['def f():\n    x = 1\n    def g():\n        x = 2\n        nonlocal x\n', "name 'x' is assigned to before nonlocal declaration", 5],
  ];
  for (const [src, msg, line] of cases) {
    it(msg, () => {
      const r = compileSource(src, 'e.py');
      assert.equal(r.ok, false);
      if (!r.ok) { assert.equal(r.error.msg, msg); assert.equal(r.error.lineno, line); assert.equal(r.error.type, 'SyntaxError'); }
    });
  }
});

describe('compiler: the syntax corpus of good snippets compiles like CPython', () => {
  const items = JSON.parse(fs.readFileSync(path.join(DIR, 'syntax-corpus-ops.json'), 'utf8')) as
    { name: string; source: string; ops?: string[][]; error?: string }[];
  /** Known gaps, listed in docs/compiler-notes.md. */
  const KNOWN = new Set(['from import', 'async comprehension', 'await in comprehension', 'set literal',
    'return in lambda body conditional']);
  for (const item of items) {
    if (KNOWN.has(item.name)) continue;
    it(item.name, () => {
      const r = compileSource(item.source, 'x.py');
      if (item.error !== undefined) { assert.equal(r.ok, false); return; }
      if (!r.ok) assert.fail(r.error.msg);
      const ours = walk(r.code, []).map((c) => instructions(c).map((x) => x.opname).filter((o) => o !== 'NOP'));
      assert.deepEqual(ours, item.ops);
    });
  }
});

describe('compile-time SyntaxWarnings (compile.c check_compare, check_caller, check_index)', () => {
  const warnings = (src: string) => {
    const r = compileSource(src, 't.py');
    assert.ok(r.ok);
    return (r.code.warnings ?? []).map((w) => `${w.line}: ${w.message}`);
  };
  it('warns on `is` with a literal, once per comparison chain, never for None, True, False or ...', () => {
    assert.deepEqual(warnings('x = 1\nx is None\nx is True\nx is ...\n(lambda: 0) is x\n'), []);
    assert.deepEqual(warnings('x = 1\nx is 1 is 2\nif x is not -1:\n    pass\n'),
      ['2: "is" with a literal. Did you mean "=="?', '3: "is not" with a literal. Did you mean "!="?']);
  });
  it('warns on calling or subscripting a literal that cannot be, as CPython words it', () => {
    assert.deepEqual(warnings('(lambda: 1)()\n[1][0]\n"ab"[True]\n(1, 2)[0:1]\n'), []);
    assert.deepEqual(warnings('def f():\n    return None(1), 1.5[0], (1, 2)["a"]\n'), [
      "2: 'NoneType' object is not callable; perhaps you missed a comma?",
      "2: 'float' object is not subscriptable; perhaps you missed a comma?",
      '2: tuple indices must be integers or slices, not str; perhaps you missed a comma?',
    ]);
  });
});
