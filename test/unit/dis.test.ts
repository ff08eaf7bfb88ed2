/*
 * dis layout: our disassemble() against the exact text CPython 3.11's dis.dis
 * prints for the same programs (recorded by scripts/gen-dis-fixtures.py, with
 * addresses masked), plus the instruction records the debugger uses.
 */

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { compileSource } from '../../src/vm/compiler';
import { disassemble, instructions, floatRepr, strRepr } from '../../src/vm/bytecode/dis';

const DIR = path.join(__dirname, 'fixtures', 'compiler');
const texts = JSON.parse(fs.readFileSync(path.join(DIR, 'dis-text.json'), 'utf8')) as Record<string, string>;

function compile(src: string, name: string) {
  const r = compileSource(src, name);
  if (!r.ok) assert.fail(r.error.msg);
  return r.code;
}

describe('dis: text layout matches CPython 3.11', () => {
  for (const [name, expected] of Object.entries(texts)) {
    it(name, () => {
      const src = fs.readFileSync(path.join(DIR, 'programs', name), 'utf8');
      const ours = disassemble(compile(src, name)).replace(/0x[0-9a-f]+/g, '0x?');
      assert.equal(ours, expected);
    });
  }
});

describe('dis: instruction records', () => {
  it('jump args are relative deltas in code units and argrepr names the target', () => {
    const code = compile('def f(x):\n    if x:\n        return 1\n    return 2\n', 'f.py');
    const f = code.co_consts.find((c) => c.kind === 'code');
    assert.ok(f && f.kind === 'code');
    const ins = instructions(f.code);
    const j = ins.find((x) => x.opname === 'POP_JUMP_FORWARD_IF_FALSE')!;
    const target = ins.find((x) => x.offset === j.argval)!;
    assert.equal(target.is_jump_target, true);
    assert.equal(j.argrepr, `to ${j.argval}`);
    assert.equal(j.offset + 2 + 2 * j.arg!, j.argval);
    assert.equal(ins[0].opname, 'RESUME');
    assert.equal(ins[0].starts_line, 1);
    assert.deepEqual(ins[1].positions, { lineno: 2, end_lineno: 2, col_offset: 7, end_col_offset: 8 });
  });
  it('LOAD_GLOBAL shows the NULL bit', () => {
    const code = compile('def f():\n    print(1)\n', 'f.py');
    const f = code.co_consts.find((c) => c.kind === 'code');
    assert.ok(f && f.kind === 'code');
    const g = instructions(f.code).find((x) => x.opname === 'LOAD_GLOBAL')!;
    assert.equal(g.argrepr, 'NULL + print');
    assert.equal(g.arg, 1);
  });
  it('reprs of constants follow Python', () => {
    assert.equal(floatRepr(1e16), '1e+16');
    assert.equal(floatRepr(0.1 + 0.2), '0.30000000000000004');
    assert.equal(floatRepr(2), '2.0');
    assert.equal(floatRepr(1e-5), '1e-05');
    assert.equal(strRepr("it's"), '"it\'s"');
    assert.equal(strRepr('a\nb'), "'a\\nb'");
  });
});
