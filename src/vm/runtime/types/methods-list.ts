/*
 * Methods of list and tuple (installed on T.list / T.tuple). Each native
 * receives self as args[0] and returns a new reference.
 */

import type { NativeFn, PyValue } from '../object';
import type { Runtime } from '../runtime';
import { T, defineMethods } from '../builtin-types';
import type { PyBuiltinFunction } from '../builtin-function';
import { PyList, listAppendOwned, listResize, newList } from './list';
import { PyTuple } from './tuple';
import { None } from './singletons';
import { E, raise } from './exceptions';
import { pyEq, compareBool, LT } from './compare';
import { listExtend, needIndex } from './ops';
import { bindArgs, methodArgs } from './args';
import { repr } from './repr';
import { isTrue } from './ops';
import { compareStr } from './strings';

function self(rt: Runtime, v: PyValue, name: string): PyList {
  if (!(v instanceof PyList)) raise(rt, E.TypeError, `descriptor '${name}' for 'list' objects doesn't apply to a '${typeof v === 'object' ? v.cls.name : typeof v}' object`);
  return v;
}

/** [start, stop) clamped the way list.index / str.find treat their optional bounds. */
export function boundsOf(rt: Runtime, n: number, start: PyValue | undefined, stop: PyValue | undefined): [number, number] {
  let s = start === undefined || start === None ? 0 : needIndex(rt, start);
  let e = stop === undefined || stop === None ? n : needIndex(rt, stop);
  if (s < 0) { s += n; if (s < 0) s = 0; }
  if (e < 0) { e += n; if (e < 0) e = 0; }
  if (e > n) e = n;
  return [s, e];
}

/** Sort an array of values in place, stably, with Python's `<` (the key values if given). */
export function sortValues(rt: Runtime, vals: PyValue[], keys: PyValue[] | null, reverse: boolean): PyValue[] {
  const ks = keys ?? vals;
  let allNum = true, allStr = true;
  for (const k of ks) {
    if (typeof k !== 'number') allNum = false;
    if (typeof k !== 'string') allStr = false;
  }
  if (keys === null && allNum) {
    // Equal ints are indistinguishable, so stability is moot: sort the values themselves, natively
    // in a typed array (ints are safe integers, exact in a Float64Array; Int32Array when they fit).
    const n = vals.length;
    let small = true;
    for (let i = 0; i < n; i++) if (((vals[i] as number) | 0) !== vals[i]) { small = false; break; }
    const ta = small ? Int32Array.from(vals as number[]) : Float64Array.from(vals as number[]);
    ta.sort();
    const out = (vals as number[]).slice();
    if (reverse) for (let i = 0; i < n; i++) out[i] = ta[n - 1 - i];
    else for (let i = 0; i < n; i++) out[i] = ta[i];
    return out;
  }
  const idx = ks.map((_, i) => i);
  // reverse keeps stability the CPython way: reverse, sort, reverse
  if (reverse) idx.reverse();
  let cmp: (a: number, b: number) => number;
  if (allNum) cmp = (a, b) => (ks[a] as number) - (ks[b] as number);
  else if (allStr) cmp = (a, b) => compareStr(ks[a] as string, ks[b] as string);
  else cmp = (a, b) => (compareBool(rt, LT, ks[a], ks[b]) ? -1 : compareBool(rt, LT, ks[b], ks[a]) ? 1 : 0);
  idx.sort(cmp);
  if (reverse) idx.reverse();
  return idx.map((i) => vals[i]);
}

const listMethods: Record<string, NativeFn> = {
  append(rt, args, kw) {
    methodArgs(rt, 'list.append', args, kw, 2, 2);
    const l = self(rt, args[0], 'append');
    const v = args[1];
    if (typeof v === 'object') v.rc++;
    listAppendOwned(rt, l, v);
    return None;
  },
  extend(rt, args, kw) {
    methodArgs(rt, 'list.extend', args, kw, 2, 2);
    listExtend(rt, self(rt, args[0], 'extend'), args[1]);
    return None;
  },
  insert(rt, args, kw) {
    methodArgs(rt, 'insert', args, kw, 3, 3);
    const l = self(rt, args[0], 'insert');
    let i = needIndex(rt, args[1]);
    const n = l.items.length;
    if (i < 0) { i += n; if (i < 0) i = 0; } else if (i > n) i = n;
    listResize(rt, l, n + 1);
    const v = args[2];
    if (typeof v === 'object') v.rc++;
    l.items.splice(i, 0, v);
    return None;
  },
  pop(rt, args, kw) {
    methodArgs(rt, 'pop', args, kw, 1, 2);
    const l = self(rt, args[0], 'pop');
    const n = l.items.length;
    if (n === 0) raise(rt, E.IndexError, 'pop from empty list');
    let i = args.length > 1 ? needIndex(rt, args[1]) : -1;
    if (i < 0) i += n;
    if (i < 0 || i >= n) raise(rt, E.IndexError, 'pop index out of range');
    listResize(rt, l, n - 1);
    // the list's reference passes to the caller
    return i === n - 1 ? l.items.pop()! : l.items.splice(i, 1)[0];
  },
  remove(rt, args, kw) {
    methodArgs(rt, 'list.remove', args, kw, 2, 2);
    const l = self(rt, args[0], 'remove');
    for (let i = 0; i < l.items.length; i++) {
      if (pyEq(rt, l.items[i], args[1])) {
        listResize(rt, l, l.items.length - 1);
        const [old] = l.items.splice(i, 1);
        rt.decref(old);
        return None;
      }
    }
    raise(rt, E.ValueError, 'list.remove(x): x not in list');
  },
  index(rt, args, kw) {
    methodArgs(rt, 'index', args, kw, 2, 4);
    const l = self(rt, args[0], 'index');
    const [s, e] = boundsOf(rt, l.items.length, args[2], args[3]);
    for (let i = s; i < e && i < l.items.length; i++) if (pyEq(rt, l.items[i], args[1])) return i;
    raise(rt, E.ValueError, `${repr(rt, args[1])} is not in list`);
  },
  count(rt, args, kw) {
    methodArgs(rt, 'list.count', args, kw, 2, 2);
    const l = self(rt, args[0], 'count');
    let c = 0;
    for (const x of l.items) if (pyEq(rt, x, args[1])) c++;
    return c;
  },
  reverse(rt, args, kw) {
    methodArgs(rt, 'list.reverse', args, kw, 1, 1);
    self(rt, args[0], 'reverse').items.reverse();
    return None;
  },
  clear(rt, args, kw) {
    methodArgs(rt, 'list.clear', args, kw, 1, 1);
    self(rt, args[0], 'clear').clear(rt);
    return None;
  },
  copy(rt, args, kw) {
    methodArgs(rt, 'list.copy', args, kw, 1, 1);
    const items = self(rt, args[0], 'copy').items.slice();
    for (const v of items) if (typeof v === 'object') v.rc++;
    return newList(rt, items);
  },
  sort(rt, args, kw) {
    const l = self(rt, args[0], 'sort');
    if (args.length - (kw?.length ?? 0) > 1) raise(rt, E.TypeError, 'sort() takes no positional arguments');
    const [, key, rev] = bindArgs(rt, 'sort', args, kw, ['self', 'key', 'reverse'], 1, 1);
    listSort(rt, l, key, rev);
    return None;
  },
};

/** list.sort(key=, reverse=): stable; keys computed once per item. */
export function listSort(rt: Runtime, l: PyList, key: PyValue | undefined, rev: PyValue | undefined): void {
  const reverse = rev !== undefined && isTrue(rt, rev);
  const vals = l.items;
  // CPython empties the list while sorting (a key function sees [])
  l.items = [];
  let keys: PyValue[] | null = null;
  try {
    if (key !== undefined && key !== None) {
      keys = [];
      for (const v of vals) keys.push(rt.call(key, [v], null));
    }
    const sorted = sortValues(rt, vals, keys, reverse);
    for (let i = 0; i < vals.length; i++) vals[i] = sorted[i];
  } finally {
    if (keys !== null) for (const k of keys) rt.decref(k);
    const extra = l.items;
    l.items = vals;
    for (const x of extra) rt.decref(x);
  }
}

function tself(rt: Runtime, v: PyValue): PyTuple {
  if (!(v instanceof PyTuple)) raise(rt, E.TypeError, "descriptor for 'tuple' objects doesn't apply");
  return v;
}

const tupleMethods: Record<string, NativeFn> = {
  index(rt, args, kw) {
    methodArgs(rt, 'index', args, kw, 2, 4);
    const t = tself(rt, args[0]);
    const [s, e] = boundsOf(rt, t.items.length, args[2], args[3]);
    for (let i = s; i < e && i < t.items.length; i++) if (pyEq(rt, t.items[i], args[1])) return i;
    raise(rt, E.ValueError, 'tuple.index(x): x not in tuple');
  },
  count(rt, args, kw) {
    methodArgs(rt, 'tuple.count', args, kw, 2, 2);
    let c = 0;
    for (const x of tself(rt, args[0]).items) if (pyEq(rt, x, args[1])) c++;
    return c;
  },
};

defineMethods(T.list, listMethods);
// l.append(x) without an args array; anything but a list as self goes through append's checks
(T.list.dict.get('append') as PyBuiltinFunction).fast = (rt, n, l, v) => {
  if (n !== 2 || !(l instanceof PyList)) return undefined;
  if (typeof v === 'object') v.rc++;
  listAppendOwned(rt, l, v);
  return None;
};
defineMethods(T.tuple, tupleMethods);
