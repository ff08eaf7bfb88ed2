/*
 * sys.getsizeof figures against CPython 3.11 (fixtures/types/sizeof.json):
 * atoms, containers built the ways programs build them (append loops,
 * list(range(n)), literals, dict/set insertion with int, str and mixed keys).
 */

import { strict as assert } from 'assert';
import { TestRuntime, dec, fixture, type Enc } from './types-helpers';
import { sizeof } from '../../src/vm/runtime/types/sizeof';
import { newList, listAppendOwned } from '../../src/vm/runtime/types/list';
import { newDict, dictSet } from '../../src/vm/runtime/types/dict';
import { newSet, setAdd } from '../../src/vm/runtime/types/set';
import { listExtend, getIter } from '../../src/vm/runtime/types/ops';
import { newRange } from '../../src/vm/runtime/types/range';
import { builtinFunctions } from '../../src/vm/runtime/types/builtins-functions';
import { T } from '../../src/vm/runtime/builtin-types';
import { newTuple } from '../../src/vm/runtime/types/tuple';
import type { PyValue } from '../../src/vm/runtime/object';
import { PyIter } from '../../src/vm/runtime/types/iterators';

const rt = new TestRuntime();

/** An iterator with no length hint, like a generator expression. */
class NoHint extends PyIter {
  get cls() { return T.iterator; }
  constructor(private i: number, private readonly n: number) { super(); }
  next(): PyValue | undefined { return this.i < this.n ? this.i++ : undefined; }
}

function build(kind: string, n: number): PyValue {
  switch (kind) {
    case 'list_append': { const l = newList(rt, []); for (let i = 0; i < n; i++) listAppendOwned(rt, l, i); return l; }
    case 'list_range': return T.list.construct!(rt, [newRange(rt, 0, n, 1)], null);
    // CPython builds short literals with BUILD_LIST n (exact), longer constant ones with LIST_EXTEND
    case 'list_literal': if (n < 3) return newList(rt, new Array(n).fill(1)); { const l = newList(rt, []); listExtend(rt, l, newTuple(rt, new Array(n).fill(1))); return l; }
    case 'dict_int': { const d = newDict(rt); for (let i = 0; i < n; i++) dictSet(rt, d, i, i); return d; }
    case 'dict_str': { const d = newDict(rt); for (let i = 0; i < n; i++) dictSet(rt, d, String(i), i); return d; }
    case 'dict_mixed': { const d = newDict(rt); for (let i = 0; i < n; i++) dictSet(rt, d, i % 2 ? String(i) : i, i); return d; }
    case 'set_add': { const s = newSet(rt); for (let i = 0; i < n; i++) setAdd(rt, s, i); return s; }
    case 'set_copy': {
      const s = T.set.construct!(rt, [newRange(rt, 0, n, 1)], null);
      return T.set.dict.get('copy') !== undefined ? (T.set.dict.get('copy') as typeof builtinFunctions.len).fn(rt, [s], null) : s;
    }
    case 'list_comp_genexpr': return T.list.construct!(rt, [rt.track(new NoHint(0, n))], null);
    case 'sorted_range': return builtinFunctions.sorted.fn(rt, [newRange(rt, 0, n, 1)], null);
  }
  throw new Error(kind);
}

describe('types: sys.getsizeof vs CPython 3.11', () => {
  for (const [kind, arg, want] of fixture<[string, unknown, number][]>('sizeof.json')) {
    it(`${kind} ${JSON.stringify(arg)} -> ${want}`, () => {
      const v = kind === 'value' ? dec(rt, arg as Enc) : build(kind, arg as number);
      assert.equal(sizeof(v), want);
    });
  }
  it('iterators and views have CPython sizes', () => {
    const l = newList(rt, [1, 2]);
    assert.equal(sizeof(getIter(rt, l)), 48);
    const d = newDict(rt);
    assert.equal(sizeof(getIter(rt, d)), 72);
    assert.equal(sizeof(getIter(rt, newSet(rt))), 64);
    assert.equal(sizeof(builtinFunctions.len), 72);
  });
});
