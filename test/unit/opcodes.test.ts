import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { OPS_BY_NAME, IS_CHECK_POINT, Op } from '../../src/vm/bytecode/opcodes';
import { EXACT_CLASSES } from '../../src/vm/runtime/object';

describe('opcode table', () => {
  it('has CPython 3.11 numbers and cache sizes', () => {
    assert.equal(OPS_BY_NAME.get('LOAD_FAST')?.code, 124);
    assert.equal(OPS_BY_NAME.get('BINARY_OP')?.cache, 1);
    assert.equal(OPS_BY_NAME.get('LOAD_GLOBAL')?.cache, 5);
    assert.equal(OPS_BY_NAME.get('CALL')?.cache, 4);
  });
  it('marks the eval-breaker check points of 3.11', () => {
    assert.equal(IS_CHECK_POINT[Op.JUMP_BACKWARD], 1);
    assert.equal(IS_CHECK_POINT[Op.RESUME], 1);
    assert.equal(IS_CHECK_POINT[Op.CALL], 1);
    assert.equal(IS_CHECK_POINT[Op.LOAD_FAST], 0);
    assert.equal(IS_CHECK_POINT[Op.JUMP_BACKWARD_NO_INTERRUPT], 0);
  });
});

describe('the eval loop dispatch', () => {
  // V8 compiles a switch on small-int cases to a jump table only when the cases span less than
  // 3 times their number (--switch-table-spread-threshold). With the loop's inline cases alone they
  // do not, and every instruction then walks a chain of compares: so the loop lists every opcode.
  it('has a case of its own for every opcode', () => {
    const source = fs.readFileSync(path.join(__dirname, '../../src/vm/interp/interpreter.ts'), 'utf8');
    const start = source.indexOf('  private loop(');
    const end = source.indexOf('  private evalBreaker(', start);
    assert.ok(start >= 0 && end > start, 'the loop and evalBreaker methods are where this test looks');
    const listed = new Set([...source.slice(start, end).matchAll(/case Op\.([A-Z_]+):/g)].map((m) => m[1]));
    const all = Object.keys(Op).filter((k) => Number.isNaN(Number(k)));
    assert.deepEqual(all.filter((name) => !listed.has(name)), []);
    const codes = all.map((name) => Op[name as keyof typeof Op]);
    assert.ok(Math.max(...codes) - Math.min(...codes) < 3 * codes.length);
  });
});

describe('exact-class tests on the hot paths', () => {
  // `v.constructor === C` stands for `v instanceof C` only while nothing extends C.
  it('has no subclass of a class in EXACT_CLASSES', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p); else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(path.join(__dirname, '../../src'));
    const pattern = new RegExp(`extends (${EXACT_CLASSES.join('|')})\\b`);
    const found = files.filter((f) => pattern.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(path.join(__dirname, '../..'), f));
    assert.ok(files.length > 100, 'the sources were read');
    assert.deepEqual(found, []);
  });
});
