/*
 * 3.11's "Did you mean" candidate choice (Python/suggestions.c); each
 * expectation was checked against the hint python3.11 prints for the
 * same names.
 */

import { strict as assert } from 'assert';
import { closestName } from '../../src/vm/runtime/suggestions';

describe('closestName (suggestions.c)', () => {
  it('offers a close spelling and skips the name itself', () => {
    assert.equal(closestName(['counter', 'step', 'print'], 'countr'), 'counter');
    assert.equal(closestName(['countr', 'counter'], 'countr'), 'counter');
  });
  it('rejects candidates where more than about a third of the characters differ', () => {
    assert.equal(closestName(['lst'], 'lts'), null); // 2 substitutions cost 4 > (3+3+3)*2/6
    assert.equal(closestName(['alpha'], 'omega'), null);
  });
  it('counts a case flip as cheaper than another edit', () => {
    assert.equal(closestName(['Value', 'valeu'], 'value'), 'Value');
  });
  it('keeps the first of equally close candidates', () => {
    assert.equal(closestName(['bat', 'cat'], 'hat'), 'bat');
  });
  it('gives up on 750 candidates or more, as CPython does', () => {
    const many = Array.from({ length: 750 }, (_, i) => `name${i}`);
    assert.equal(closestName(many, 'name1x'), null);
    assert.equal(closestName(many.slice(1), 'name1x'), 'name1');
  });
});
