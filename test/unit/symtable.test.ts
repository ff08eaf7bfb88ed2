/*
 * Symbol tables vs CPython 3.11's `symtable` module: for every corpus program,
 * every block (pre-order) and the scope of every name in it; plus the error
 * messages symtable.c raises for global/nonlocal misuse.
 */

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from '../../src/vm/syntax/parser';
import { buildSymtable, SymtableError, type SymbolTable } from '../../src/vm/compiler/symtable';

const DIR = path.join(__dirname, 'fixtures', 'compiler');
interface Table { name: string; type: string; symbols: Record<string, string> }
const expected = JSON.parse(fs.readFileSync(path.join(DIR, 'symtables.json'), 'utf8')) as Record<string, Table[]>;

function tablesOf(src: string): SymbolTable {
  const r = parse(src, 't.py');
  if (!r.ok) assert.fail(r.error.msg);
  return buildSymtable(r.module);
}

function flatten(t: SymbolTable, out: Table[]): Table[] {
  const symbols: Record<string, string> = {};
  for (const [n, s] of t.scopes) symbols[n] = s;
  // CPython names blocks without the angle brackets; the module block is 'top'.
  const name = t.type === 'module' ? 'top' : t.name.replace(/^<(.*)>$/, '$1');
  out.push({ name, type: t.type, symbols });
  t.children.forEach((c) => flatten(c, out));
  return out;
}

function sorted(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe('symtable: scopes match CPython 3.11', () => {
  for (const [name, tables] of Object.entries(expected)) {
    it(name, () => {
      const ours = flatten(tablesOf(fs.readFileSync(path.join(DIR, 'programs', name), 'utf8')), []);
      assert.deepEqual(ours.map((t) => `${t.type} ${t.name}`), tables.map((t) => `${t.type} ${t.name}`));
      ours.forEach((t, i) => assert.deepEqual(sorted(t.symbols), sorted(tables[i].symbols), `${t.name}`));
    });
  }
});

describe('symtable: special cases', () => {
  it('a method using super() makes the class keep a __class__ cell', () => {
    const top = tablesOf('class A:\n    def f(self):\n        return super().f()\n');
    const cls = top.children[0];
    assert.equal(cls.needsClassClosure, true);
    assert.equal(cls.children[0].scopeOf('__class__'), 'FREE');
  });
  it('class names are not visible to methods', () => {
    const top = tablesOf('def outer():\n    x = 1\n    class A:\n        x = 2\n        def m(self):\n            return x\n');
    const outer = top.children[0];
    assert.equal(outer.scopeOf('x'), 'CELL');
    assert.equal(outer.children[0].children[0].scopeOf('x'), 'FREE');
  });
  it('the first iterable of a comprehension belongs to the enclosing scope', () => {
    const top = tablesOf('def f(xs):\n    return [x for x in xs]\n');
    const f = top.children[0];
    assert.equal(f.scopeOf('xs'), 'LOCAL');
    assert.equal(f.children[0].scopes.has('xs'), false);
    assert.deepEqual(f.children[0].params, ['.0']);
  });
  it('generators and coroutines are detected', () => {
    const top = tablesOf('def g():\n    yield 1\nasync def c():\n    pass\n');
    assert.equal(top.children[0].isGenerator, true);
    assert.equal(top.children[1].isCoroutine, true);
  });
  const errors: [string, string][] = [
    ['def f():\n    x = 1\n    global x\n', "name 'x' is assigned to before global declaration"],
    ['def f():\n    print(x)\n    global x\n', "name 'x' is used prior to global declaration"],
    ['def f():\n    def g():\n        nonlocal y\n', "no binding for nonlocal 'y' found"],
    ['nonlocal x\n', 'nonlocal declaration not allowed at module level'],
    ['def f(a):\n    global a\n', "name 'a' is parameter and global"],
  ];
  for (const [src, msg] of errors) {
    it(msg, () => {
      assert.throws(() => tablesOf(src), (e: unknown) => e instanceof SymtableError && e.msg === msg);
    });
  }
});
