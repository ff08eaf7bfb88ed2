/*
 * Methods of dict, set and frozenset, plus the set/dict equality helpers the
 * comparison module needs.
 */

import type { NativeFn, PyValue } from '../object';
import type { Runtime } from '../runtime';
import { T, defineMethods } from '../builtin-types';
import { PyDict, dictGet, dictSet, dictPop, newDict, origKey } from './dict';
import { PySet, newSet, setAdd, setContains, setDiscard, setPop } from './set';
import {
  setCopy, setDifferenceMulti, setDifferenceUpdate, setIntersectionMulti, setIntersectionUpdate, setSymmetricDifference,
  setSymmetricDifferenceUpdate, setUnion, setUpdate,
} from './set-algebra';
import { None } from './singletons';
import { E, raise, raiseKeyError } from './exceptions';
import { pyEq, wireCompare } from './compare';
import { collect, dictUpdateFrom, getIter, iterNext, wireDictMerge } from './ops';
import { methodArgs } from './args';
import { newDictView } from './dictview';
import { tupleOfBorrowed } from './tuple';
import { typeOf } from './typeof';

function dself(rt: Runtime, v: PyValue): PyDict {
  if (!(v instanceof PyDict)) raise(rt, E.TypeError, "descriptor for 'dict' objects doesn't apply");
  return v;
}

/** dict.update / dict(...) from one positional argument: a mapping or an iterable of pairs. */
export function dictMerge(rt: Runtime, d: PyDict, src: PyValue): void {
  if (src instanceof PyDict) { dictUpdateFrom(rt, d, src); return; }
  if (typeof src === 'object' && src.cls.heapType && src.cls.lookup('keys') !== undefined) {
    const keys = collect(rt, rt.call(src.cls.lookup('keys')!, [src], null));
    for (const k of keys) {
      const v = rt.call(src.cls.lookup('__getitem__')!, [src, k], null);
      dictSet(rt, d, k, v);
      rt.decref(v);
      rt.decref(k);
    }
    return;
  }
  const it = getIter(rt, src);
  try {
    for (let i = 0; ; i++) {
      const item = iterNext(rt, it);
      if (item === undefined) break;
      try {
        let pair: PyValue[];
        try {
          pair = collect(rt, item);
        } catch (e) {
          rt.decref(e as PyValue);
          raise(rt, E.TypeError, `cannot convert dictionary update sequence element #${i} to a sequence`);
        }
        if (pair.length !== 2) {
          for (const x of pair) rt.decref(x);
          raise(rt, E.ValueError, `dictionary update sequence element #${i} has length ${pair.length}; 2 is required`);
        }
        dictSet(rt, d, pair[0], pair[1]);
        rt.decref(pair[0]);
        rt.decref(pair[1]);
      } finally {
        rt.decref(item);
      }
    }
  } finally {
    rt.decref(it);
  }
}

/** Keyword arguments of dict(**kw) / update(**kw) (values after the positionals). */
export function dictMergeKw(rt: Runtime, d: PyDict, args: PyValue[], kwnames: readonly string[] | null): void {
  if (kwnames === null) return;
  const base = args.length - kwnames.length;
  for (let j = 0; j < kwnames.length; j++) dictSet(rt, d, kwnames[j], args[base + j]);
}

const dictMethods: Record<string, NativeFn> = {
  get(rt, args, kw) {
    methodArgs(rt, 'get', args, kw, 2, 3);
    const v = dictGet(rt, dself(rt, args[0]), args[1]);
    const r = v !== undefined ? v : args.length > 2 ? args[2] : None;
    if (typeof r === 'object') r.rc++;
    return r;
  },
  keys(rt, args, kw) { methodArgs(rt, 'dict.keys', args, kw, 1, 1); return newDictView(rt, dself(rt, args[0]), 0); },
  values(rt, args, kw) { methodArgs(rt, 'dict.values', args, kw, 1, 1); return newDictView(rt, dself(rt, args[0]), 1); },
  items(rt, args, kw) { methodArgs(rt, 'dict.items', args, kw, 1, 1); return newDictView(rt, dself(rt, args[0]), 2); },
  pop(rt, args, kw) {
    methodArgs(rt, 'pop', args, kw, 2, 3);
    const v = dictPop(rt, dself(rt, args[0]), args[1]);
    if (v !== undefined) return v;
    if (args.length > 2) { const dflt = args[2]; if (typeof dflt === 'object') dflt.rc++; return dflt; }
    raiseKeyError(rt, args[1]);
  },
  setdefault(rt, args, kw) {
    methodArgs(rt, 'setdefault', args, kw, 2, 3);
    const d = dself(rt, args[0]);
    let v = dictGet(rt, d, args[1]);
    if (v === undefined) { v = args.length > 2 ? args[2] : None; dictSet(rt, d, args[1], v); }
    if (typeof v === 'object') v.rc++;
    return v;
  },
  update(rt, args, kw) {
    const d = dself(rt, args[0]);
    const npos = args.length - (kw?.length ?? 0);
    if (npos > 2) raise(rt, E.TypeError, `update expected at most 1 argument, got ${npos - 1}`);
    if (npos === 2) dictMerge(rt, d, args[1]);
    dictMergeKw(rt, d, args, kw);
    return None;
  },
  copy(rt, args, kw) {
    methodArgs(rt, 'dict.copy', args, kw, 1, 1);
    const r = newDict(rt);
    dictUpdateFrom(rt, r, dself(rt, args[0]));
    return r;
  },
  clear(rt, args, kw) {
    methodArgs(rt, 'dict.clear', args, kw, 1, 1);
    const d = dself(rt, args[0]);
    d.clear(rt);
    d.log2size = 0;
    return None;
  },
  popitem(rt, args, kw) {
    methodArgs(rt, 'dict.popitem', args, kw, 1, 1);
    const d = dself(rt, args[0]);
    if (d.map.size === 0) raiseKeyError(rt, 'popitem(): dictionary is empty');
    let lastNk: unknown;
    for (const nk of d.map.keys()) lastNk = nk;
    const k = origKey(d, lastNk);
    if (typeof k === 'object') k.rc++;
    const v = dictPop(rt, d, k)!;
    const t = tupleOfBorrowed(rt, [k, v]);
    rt.decref(k);
    rt.decref(v);
    return t;
  },
  fromkeys(rt, args, kw) {
    // reached as dict.fromkeys(it, v) (unbound) or {}.fromkeys(it, v) (bound)
    const a = args[0] === T.dict || args[0] instanceof PyDict ? args.slice(1) : args;
    methodArgs(rt, 'fromkeys', a, kw, 1, 2);
    const d = newDict(rt);
    const keys = collect(rt, a[0]);
    for (const k of keys) { dictSet(rt, d, k, a.length > 1 ? a[1] : None); rt.decref(k); }
    return d;
  },
};

function sself(rt: Runtime, v: PyValue, name: string): PySet {
  if (!(v instanceof PySet)) raise(rt, E.TypeError, `descriptor '${name}' for 'set' objects doesn't apply to a '${typeOf(v).name}' object`);
  return v;
}

/** A temporary set of any iterable (a new reference; the argument itself if it is a set). */
function asSet(rt: Runtime, v: PyValue): PySet {
  if (v instanceof PySet) { v.rc++; return v; }
  const s = newSet(rt);
  const items = collect(rt, v);
  for (const x of items) { setAdd(rt, s, x); rt.decref(x); }
  return s;
}

export function setIsSubset(rt: Runtime, a: PyValue, b: PyValue): boolean {
  const sa = a as PySet, sb = b as PySet;
  if (sa.map.size > sb.map.size) return false;
  for (const v of sa.map.values()) if (!setContains(rt, sb, v)) return false;
  return true;
}

function dictEqual(rt: Runtime, a: PyValue, b: PyValue): boolean {
  const da = a as PyDict, db = b as PyDict;
  if (da.map.size !== db.map.size) return false;
  for (const [nk, v] of da.map) {
    const w = dictGet(rt, db, origKey(da, nk));
    if (w === undefined || !pyEq(rt, v, w)) return false;
  }
  return true;
}
wireCompare(setIsSubset, dictEqual);
wireDictMerge(dictMerge);

const setMethods: Record<string, NativeFn> = {
  add(rt, args, kw) { methodArgs(rt, 'set.add', args, kw, 2, 2); setAdd(rt, sself(rt, args[0], 'add'), args[1]); return None; },
  discard(rt, args, kw) { methodArgs(rt, 'set.discard', args, kw, 2, 2); setDiscard(rt, sself(rt, args[0], 'discard'), args[1]); return None; },
  remove(rt, args, kw) {
    methodArgs(rt, 'set.remove', args, kw, 2, 2);
    if (!setDiscard(rt, sself(rt, args[0], 'remove'), args[1])) raiseKeyError(rt, args[1]);
    return None;
  },
  pop(rt, args, kw) {
    methodArgs(rt, 'set.pop', args, kw, 1, 1);
    const v = setPop(rt, sself(rt, args[0], 'pop'));
    if (v === undefined) raiseKeyError(rt, 'pop from an empty set');
    return v;
  },
  clear(rt, args, kw) { methodArgs(rt, 'set.clear', args, kw, 1, 1); sself(rt, args[0], 'clear').clear(rt); return None; },
  copy(rt, args, kw) {
    methodArgs(rt, 'set.copy', args, kw, 1, 1);
    const s = sself(rt, args[0], 'copy');
    if (s.frozen) { s.rc++; return s; } // frozenset.copy returns itself
    return setCopy(rt, s);
  },
  union(rt, args) { return setUnion(rt, sself(rt, args[0], 'union'), args.slice(1)); },
  update(rt, args) {
    const s = sself(rt, args[0], 'update');
    for (let i = 1; i < args.length; i++) setUpdate(rt, s, args[i]);
    return None;
  },
  intersection(rt, args) { return setIntersectionMulti(rt, sself(rt, args[0], 'intersection'), args.slice(1)); },
  intersection_update(rt, args) {
    const s = sself(rt, args[0], 'intersection_update');
    setIntersectionUpdate(rt, s, args.slice(1));
    return None;
  },
  difference(rt, args) { return setDifferenceMulti(rt, sself(rt, args[0], 'difference'), args.slice(1)); },
  difference_update(rt, args) {
    const s = sself(rt, args[0], 'difference_update');
    for (let i = 1; i < args.length; i++) setDifferenceUpdate(rt, s, args[i]);
    return None;
  },
  symmetric_difference(rt, args, kw) {
    methodArgs(rt, 'symmetric_difference', args, kw, 2, 2);
    return setSymmetricDifference(rt, sself(rt, args[0], 'symmetric_difference'), args[1]);
  },
  symmetric_difference_update(rt, args, kw) {
    methodArgs(rt, 'symmetric_difference_update', args, kw, 2, 2);
    setSymmetricDifferenceUpdate(rt, sself(rt, args[0], 'symmetric_difference_update'), args[1]);
    return None;
  },
  issubset(rt, args, kw) {
    methodArgs(rt, 'issubset', args, kw, 2, 2);
    const o = asSet(rt, args[1]);
    const r = setIsSubset(rt, sself(rt, args[0], 'issubset'), o);
    rt.decref(o);
    return r;
  },
  issuperset(rt, args, kw) {
    methodArgs(rt, 'issuperset', args, kw, 2, 2);
    const o = asSet(rt, args[1]);
    const r = setIsSubset(rt, o, sself(rt, args[0], 'issuperset'));
    rt.decref(o);
    return r;
  },
  isdisjoint(rt, args, kw) {
    methodArgs(rt, 'isdisjoint', args, kw, 2, 2);
    const s = sself(rt, args[0], 'isdisjoint');
    const items = collect(rt, args[1]);
    let hit = false;
    for (const v of items) {
      if (!hit && setContains(rt, s, v)) hit = true;
      rt.decref(v);
    }
    return !hit;
  },
};

defineMethods(T.dict, dictMethods);
defineMethods(T.set, setMethods);
const frozen: Record<string, NativeFn> = {};
for (const n of ['copy', 'union', 'intersection', 'difference', 'symmetric_difference', 'issubset', 'issuperset', 'isdisjoint']) frozen[n] = setMethods[n];
defineMethods(T.frozenset, frozen);
