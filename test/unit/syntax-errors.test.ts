/*
 * Syntax errors: every program of fixtures/syntax/bad.txt must give CPython
 * 3.11.7's exception type, message, line and column, and formatSyntaxError
 * must print exactly what `python3 bad.py` printed. parse() must never throw,
 * whatever the input (fuzzed bytes, truncations, deep nesting).
 */

import { strict as assert } from 'assert';
import { parse } from '../../src/vm/syntax/parser';
import { formatSyntaxError } from '../../src/vm/syntax/errors';
import { BadFixture, GoodFixture, loadFixture } from './fixtures/syntax/normalise';

describe('syntax errors: same as CPython 3.11', () => {
  const fixtures = loadFixture<BadFixture>('bad.expected.json');
  it('has a corpus of at least 40 bad programs', () => {
    assert.ok(fixtures.filter(f => f.error !== null).length >= 40);
  });
  for (const f of fixtures) {
    if (f.error === null) continue;
    const want = f.error;
    it(`${f.name}: ${want.type}: ${want.msg}`, () => {
      const r = parse(f.source, 'bad.py');
      assert.equal(r.ok, false, 'parsed without error');
      if (r.ok) return;
      const e = r.error;
      assert.deepStrictEqual(
        { type: e.type, msg: e.msg, lineno: e.lineno, offset: e.offset },
        { type: want.type, msg: want.msg, lineno: want.lineno, offset: want.offset });
      assert.equal(formatSyntaxError(e), f.stderr);
    });
  }
});

describe('syntax errors: constructs outside minipy', () => {
  for (const [src, word] of [
    ['match x:\n    case 1:\n        pass\n', 'match'],
    ["x = b'abc'\n", 'bytes'],
    ['x = 2 + 3j\n', 'complex'],
    ['try:\n    pass\nexcept* E:\n    pass\n', 'except*'],
    ['x = "\\N{BULLET}"\n', '\\N'],
  ] as const) {
    it(`${word} is NotSupported`, () => {
      const r = parse(src, 'x.py');
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.error.type, 'NotSupported');
      assert.ok(r.error.msg.includes(word), r.error.msg);
    });
  }
});

describe('syntax errors: parse never throws', () => {
  function noThrow(src: string): void {
    let r;
    try {
      r = parse(src, 'fuzz.py');
    } catch (e) {
      assert.fail(`threw on ${JSON.stringify(src.slice(0, 80))}: ${String(e)}`);
    }
    if (!r.ok) {
      assert.ok(['SyntaxError', 'IndentationError', 'TabError', 'NotSupported'].includes(r.error.type),
        `${r.error.type}: ${r.error.msg} for ${JSON.stringify(src.slice(0, 80))}`);
      assert.ok(r.error.lineno >= 1);
    }
  }
  it('10,000 nested parentheses give a clean error', () => {
    const r = parse('x = ' + '('.repeat(10000) + '1' + ')'.repeat(10000) + '\n', 'x.py');
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.msg, 'too many nested parentheses');
  });
  it('other deep nesting gives a clean error', () => {
    for (const src of ['x = ' + '-'.repeat(10000) + '1\n', 'x = ' + 'not '.repeat(10000) + 'y\n',
      'x = ' + 'lambda: '.repeat(5000) + '1\n', 'x = ' + '[' .repeat(150) + ']'.repeat(150) + '\n',
      'x = ' + 'a if b else '.repeat(5000) + 'c\n', 'x = ' + '2 ** '.repeat(5000) + '2\n']) {
      noThrow(src);
    }
  });
  it('survives every truncation of every good snippet', () => {
    for (const f of loadFixture<GoodFixture>('good.expected.json')) {
      for (let i = 0; i < f.source.length; i++) noThrow(f.source.slice(0, i));
    }
  });
  it('survives random bytes and random token soup', () => {
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = ['(', ')', '[', ']', '{', '}', ':', ',', '=', 'if', 'else', 'def', 'f', 'x', '1', '"s"', "f'{", '}',
      '\n', '    ', '\t', 'lambda', '*', '**', 'for', 'in', 'yield', 'await', 'async', '\\', '#', ';', '.', 'not', 'is', ':='];
    for (let k = 0; k < 3000; k++) {
      let s = '';
      const n = rnd(40);
      if (k % 2 === 0) for (let i = 0; i < n; i++) s += String.fromCharCode(rnd(k % 4 === 0 ? 128 : 0x3000));
      else for (let i = 0; i < n; i++) s += pieces[rnd(pieces.length)] + (rnd(3) === 0 ? ' ' : '');
      noThrow(s);
    }
  });
});

describe('formatSyntaxError', () => {
  it('prints the File line, the stripped source line, carets and the message', () => {
    const r = parse('if True:\n    x = (1 2)\n', 'x.py');
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(formatSyntaxError(r.error),
      '  File "x.py", line 2\n    x = (1 2)\n         ^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n');
  });
});

describe('syntax errors: damaged programs', () => {
  // Seeded random damage to the good corpus, with ast.parse's verdict (scripts/gen-syntax-fixtures.py).
  // CPython's error pass has heuristics we only approximate, so agreement is measured, not required
  // case by case: below 95% is a regression.
  const mutants = loadFixture<{ name: string; source: string; error: { type: string; msg: string; lineno: number; offset: number } }>('mutants.expected.json');
  it(`agrees with CPython on type, message, line and column for at least 95% of ${mutants.length} mutants`, () => {
    const misses: string[] = [];
    for (const m of mutants) {
      const r = parse(m.source, 'm.py');
      const got = r.ok ? 'parsed' : `${r.error.type}: ${r.error.msg} @${r.error.lineno}:${r.error.offset}`;
      const want = `${m.error.type}: ${m.error.msg} @${m.error.lineno}:${m.error.offset}`;
      if (got !== want) misses.push(`${m.name}: want ${want}, got ${got}, source ${JSON.stringify(m.source)}`);
    }
    const rate = 1 - misses.length / mutants.length;
    assert.ok(mutants.length >= 200, `only ${mutants.length} mutants`);
    assert.ok(rate >= 0.95, `agreement ${(rate * 100).toFixed(1)}%; first misses:\n${misses.slice(0, 10).join('\n')}`);
  });
});
