import { strict as assert } from 'assert';
import { OPS_BY_NAME, IS_CHECK_POINT, Op } from '../../src/vm/bytecode/opcodes';

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
