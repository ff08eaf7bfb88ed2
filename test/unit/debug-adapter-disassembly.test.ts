/*
 * The Disassembly view's rows come from the real compiler and its dis: every
 * code object of a program is found by key, with CPython's offsets and names.
 */

import * as assert from 'assert';
import { compileSource } from '../../src/vm/compiler/index';
import { DisassemblyIndex } from '../../src/extension/debug/disassembly';
import { disText } from '../../src/extension/debug/session';

describe('debug adapter: disassembly from the real compiler', () => {
  const src = 'def add(a, b):\n    total = a + b\n    return total\n\nxs = [1, 2]\nr = add(3, 4)\n';
  const compiled = compileSource(src, 'calls.minipy');
  if (!compiled.ok) throw new Error(compiled.error.msg);
  const index = new DisassemblyIndex(compiled.code);

  it('indexes every code object by qualified name and first line', () => {
    assert.deepStrictEqual(index.keys().sort(), ['<module>:1', 'add:1']);
  });

  it("lays out a function as python3 -m dis does (3.11): RESUME, LOAD_FAST, BINARY_OP '+'", () => {
    const rows = index.get('add:1')!;
    assert.deepStrictEqual(rows.slice(0, 4).map((r) => [r.offset, r.opname, r.argrepr, r.line]), [
      [0, 'RESUME', '', 1],
      [2, 'LOAD_FAST', 'a', 2],
      [4, 'LOAD_FAST', 'b', 2],
      [6, 'BINARY_OP', '+', 2],
    ]);
    assert.ok(rows.some((r) => r.opname === 'RETURN_VALUE' && r.line === 3));
    assert.strictEqual(disText(rows[0]), 'RESUME                 0');
    assert.strictEqual(disText(rows[1]), 'LOAD_FAST              0 (a)');
  });

  it('gives the module lines for the Disassembly view to pair with source', () => {
    const rows = index.get('<module>:1')!;
    const line5 = rows.filter((r) => r.line === 5).map((r) => r.opname);
    assert.ok(line5.includes('BUILD_LIST') && line5.includes('STORE_NAME'), line5.join(' '));
    assert.strictEqual(index.get('nope'), undefined);
  });
});
