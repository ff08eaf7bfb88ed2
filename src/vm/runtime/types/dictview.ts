/*
 * dict views: d.keys(), d.values(), d.items(). Live (they see later changes),
 * own a reference to their dict; keys and items views support set algebra
 * by materialising a temporary set.
 */

import { PyObject, type PyType, type PyValue, type Visit } from '../object';
import type { Runtime } from '../runtime';
import { T } from '../builtin-types';
import { PyDict, origKey } from './dict';
import { DictIter } from './iterators';
import { PySet, newSet, setAdd } from './set';
import { tupleOfBorrowed, keptResult } from './tuple';

const VIEW_TYPES = () => [T.dict_keys, T.dict_values, T.dict_items];
const ITER_TYPES = () => [T.dict_keyiterator, T.dict_valueiterator, T.dict_itemiterator];

export class PyDictView extends PyObject {
  get cls(): PyType { return VIEW_TYPES()[this.kind]; }
  constructor(public d: PyDict, readonly kind: 0 | 1 | 2) {
    super();
  }
  override traverse(visit: Visit): void { visit(this.d, 'mapping'); }
  override clear(rt: Runtime): void {
    const d = this.d;
    this.d = EMPTY;
    rt.decref(d);
  }
  /** A new iterator over the view (new reference). */
  iter(rt: Runtime): PyValue {
    this.d.rc++;
    const it = rt.track(new DictIter(this.d, this.kind, ITER_TYPES()[this.kind]));
    it.rc = 1;
    if (this.kind === 2) it.result = keptResult(rt, 2); // dictiter_new's PyTuple_Pack(2, None, None)
    return it;
  }
  /** A new set of the view's elements (keys, or (key, value) tuples). */
  toSet(rt: Runtime): PySet {
    const s = newSet(rt);
    for (const [nk, v] of this.d.map) {
      const k = origKey(this.d, nk);
      if (this.kind === 0) setAdd(rt, s, k);
      else {
        const t = tupleOfBorrowed(rt, [k, v]);
        setAdd(rt, s, t);
        rt.decref(t);
      }
    }
    return s;
  }
}

const EMPTY = new PyDict();
EMPTY.rc = 1 << 30;

export function newDictView(rt: Runtime, d: PyDict, kind: 0 | 1 | 2): PyDictView {
  d.rc++;
  const v = rt.track(new PyDictView(d, kind));
  v.rc = 1;
  return v;
}
