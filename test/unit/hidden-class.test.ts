/*
 * settle (src/vm/runtime/hidden-class.ts) rewrites fields for V8's sake only: every value
 * must come back as it was, whatever its kind, and a getter-free object keeps its keys.
 */

import { strict as assert } from 'assert';
import { settle } from '../../src/vm/runtime/hidden-class';

describe('hidden-class settle', () => {
  it('leaves every field with its own value', () => {
    const obj = { n: 0, big: 2 ** 40, neg: -1, frac: 0.5, t: true, f: false, z: null as unknown, s: 'x', o: { a: 1 }, arr: [1, 2] };
    const before = { ...obj };
    settle(obj, ['n', 'big', 'neg', 'frac', 't', 'f', 'z', 's', 'o', 'arr']);
    assert.deepEqual(Object.keys(obj), Object.keys(before));
    for (const k of Object.keys(before) as (keyof typeof before)[]) assert.equal(obj[k], before[k], k);
  });

  it('keeps -0 as -0', () => {
    const obj = { t: -0 };
    settle(obj, ['t']);
    assert.ok(Object.is(obj.t, -0));
  });
});
