/*
 * dict: insertion-ordered mapping. Keys are normalised so the common cases are
 * one JS Map operation: ints (number/bigint), strs and bools (True -> 1) are
 * the Map key itself, as are floats (1.0 -> 1, so 1, 1.0 and True are one key),
 * None and objects compared by identity. Keys with a value-based __eq__
 * (tuples, frozensets, user classes defining __eq__/__hash__) are stored under
 * their own object and found through a hash-bucket index.
 *
 * `keyOf` remembers the original key when it is not the Map key (a float or a
 * bool), so {1.0: 'a'} still prints its key as 1.0.
 */

import { PyObject, type PyType, type PyValue, type Visit } from '../object';
import type { Runtime } from '../runtime';
import { T } from '../builtin-types';
import { PyFloat } from './float';
import { keyHash as keyHash32, isHashedKey } from './hash';
import { pyEq } from './compare';
import { mayBeTracked } from '../gc';
import { settle } from '../hidden-class';

let dictSettled = false;

export class PyDict extends PyObject {
  get cls(): PyType { return T.dict; }
  /** normalised key -> value (owned). Insertion order is the dict's order. */
  map: Map<unknown, PyValue> = new Map();
  /** Original key where it differs from the Map key (floats, bools); owned when an object. */
  keyOf: Map<unknown, PyValue> | null = null;
  /** keyHash -> key, or keys when they collide (the Map keys themselves), for value-compared keys. */
  buckets: Map<number, Bucket> | null = null;
  /** CPython's dk_size-derived capacity (log2 of the index table), for getsizeof. */
  log2size = 0;
  /** Number of insertions since the last resize (CPython's dk_nentries), for getsizeof. */
  nentries = 0;
  /** True while every key ever inserted is a str (CPython's compact unicode table). */
  unicodeKeys = true;
  /** Moves on at every change of an entry (LOAD_GLOBAL's cache checks it). */
  version = 0;
  constructor() {
    super();
    if (!dictSettled) { dictSettled = true; settle(this, ['map', 'keyOf', 'buckets']); } // clear replaces them
  }

  override traverse(visit: Visit): void {
    const keyOf = this.keyOf;
    for (const [nk, v] of this.map) {
      const k = keyOf !== null ? (keyOf.get(nk) ?? nk) : nk;
      if (typeof k === 'object' && k !== null) visit(k as PyValue, `key ${labelKey(k as PyValue)}`);
      visit(v, `value of key ${labelKey(k as PyValue)}`);
    }
  }
  override traverseRefs(visit: (value: PyValue) => void): void {
    const keyOf = this.keyOf;
    for (const [nk, v] of this.map) {
      const k = keyOf !== null ? (keyOf.get(nk) ?? nk) : nk;
      if (typeof k === 'object' && k !== null) visit(k as PyValue);
      visit(v);
    }
  }
  override get gcContainer(): boolean { return true; }
  override lazilyTracked(): boolean { return true; }
  override atomicContents(): boolean {
    for (const [nk, v] of this.map) if (mayBeTracked(v) || (typeof nk === 'object' && nk !== null && mayBeTracked(nk as PyObject))) return false;
    return true;
  }
  override gcClear(rt: Runtime): void { this.clear(rt); }
  override clear(rt: Runtime): void {
    this.version++;
    const map = this.map;
    const keyOf = this.keyOf;
    this.map = new Map();
    this.keyOf = null;
    this.buckets = null;
    this.nentries = 0;
    for (const [nk, v] of map) {
      if (typeof nk === 'object' && nk !== null) rt.decref(nk as PyObject);
      rt.decref(v);
    }
    if (keyOf !== null) for (const k of keyOf.values()) rt.decref(k);
  }
}

function labelKey(k: PyValue): string {
  if (typeof k === 'string') return `'${k}'`;
  if (typeof k === 'number' || typeof k === 'bigint') return String(k);
  if (typeof k === 'boolean') return k ? 'True' : 'False';
  if (k instanceof PyFloat) return String(k.v);
  return `<${k.cls.name}>`;
}

export function newDict(rt: Runtime): PyDict {
  const d = rt.track(new PyDict());
  d.rc = 1;
  return d;
}

/** Marker returned by normKey for keys looked up through the bucket index. */
export const HASHED_KEY = Symbol('hashed');

/** The Map key for `k`, or HASHED_KEY. Raises TypeError for unhashable keys. */
export function normKey(rt: Runtime, k: PyValue): unknown {
  switch (typeof k) {
    case 'number': case 'string': case 'bigint': return k;
    case 'boolean': return k ? 1 : 0;
  }
  if (k instanceof PyFloat) {
    const v = k.v;
    if (v !== v) return k; // NaN: only itself
    if (Number.isInteger(v) && !Number.isSafeInteger(v)) return BigInt(v);
    return v === 0 ? 0 : v;
  }
  return isHashedKey(rt, k) ? HASHED_KEY : k;
}

/** keyHash folded to 31 bits: a small integer (Smi) is a fast Map key, a heap number is not. */
function keyHash(rt: Runtime, k: PyValue): number {
  return keyHash32(rt, k) >> 1;
}

/** The keys under one keyHash: most hashes hold one key, kept without an array around it. */
type Bucket = PyObject | PyObject[];

/** Find the stored Map key equal to a value-compared key, or undefined. */
function findHashed(rt: Runtime, d: { buckets: Map<number, Bucket> | null }, k: PyObject, h: number): PyObject | undefined {
  const b = d.buckets?.get(h);
  if (b === undefined) return undefined;
  if (!Array.isArray(b)) return b === k || pyEq(rt, b, k) ? b : undefined;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === k || pyEq(rt, c, k)) return c;
  }
  return undefined;
}

/** d[k] as a borrowed reference, or undefined when absent. */
export function dictGet(rt: Runtime, d: PyDict, k: PyValue): PyValue | undefined {
  // fast path: int and str keys are the Map key
  if (typeof k === 'number' || typeof k === 'string') return d.map.get(k);
  const nk = normKey(rt, k);
  if (nk !== HASHED_KEY) return d.map.get(nk);
  if (d.buckets === null) { keyHash(rt, k); return undefined; }
  const s = findHashed(rt, d, k as PyObject, keyHash(rt, k));
  return s === undefined ? undefined : d.map.get(s);
}

/** calculate_log2_keysize: the smallest table (at least 8) with 2**l >= n. */
function log2For(n: number): number {
  let l = 3;
  while ((1 << l) < n) l++;
  return l;
}

/** Bookkeeping of CPython's key table for getsizeof: an insertion of a new key. */
function noteInsert(d: PyDict, k: PyValue): void {
  if (d.log2size === 0) {
    // the first key decides the table kind (str-only tables have smaller entries)
    d.log2size = 3;
    d.unicodeKeys = typeof k === 'string';
    d.nentries = 0;
  } else if (d.unicodeKeys && typeof k !== 'string') {
    // insertion_resize to a general table at GROWTH_RATE (used*3)
    d.log2size = log2For(d.map.size * 3);
    d.unicodeKeys = false;
    d.nentries = d.map.size;
  } else if (d.nentries >= usable(d.log2size)) {
    d.log2size = log2For(d.map.size * 3);
    d.nentries = d.map.size;
  }
  d.nentries++;
}

/** dict_new_presized (BUILD_MAP of n items): size the table up front as CPython does. */
export function dictPresize(d: PyDict, n: number): void {
  if (n <= 5 || d.map.size > 0) return;
  d.log2size = log2For(((n * 3 + 1) / 2) | 0);
  d.unicodeKeys = false;
  d.nentries = 0;
}

export function usable(log2: number): number {
  return ((1 << log2) * 2) / 3 | 0;
}

/** d[k] = v; `v` is borrowed (the dict takes its own reference). MemoryError if the table's growth passes the heap limit. */
export function dictSet(rt: Runtime, d: PyDict, k: PyValue, v: PyValue): void {
  const log2 = d.log2size, unicode = d.unicodeKeys;
  dictStore(rt, d, k, v);
  if (d.log2size !== log2 || d.unicodeKeys !== unicode) rt.grew(d);
}

function dictStore(rt: Runtime, d: PyDict, k: PyValue, v: PyValue): void {
  d.version++;
  if (typeof v === 'object') v.rc++;
  const map = d.map;
  if (typeof k === 'number' || typeof k === 'string') {
    const old = map.get(k);
    if (old === undefined) { noteInsert(d, k); map.set(k, v); } else { map.set(k, v); rt.decref(old); }
    return;
  }
  let nk = normKey(rt, k);
  if (nk === HASHED_KEY) {
    const h = keyHash(rt, k);
    const s = findHashed(rt, d, k as PyObject, h);
    if (s !== undefined) {
      nk = s;
    } else {
      (k as PyObject).rc++;
      if (d.buckets === null) d.buckets = new Map();
      const b = d.buckets.get(h);
      if (b === undefined) d.buckets.set(h, k as PyObject);
      else if (Array.isArray(b)) b.push(k as PyObject);
      else d.buckets.set(h, [b, k as PyObject]);
      noteInsert(d, k);
      map.set(k, v);
      return;
    }
  }
  const old = map.get(nk);
  if (old !== undefined) { map.set(nk, v); rt.decref(old); return; }
  noteInsert(d, k);
  map.set(nk, v);
  if (nk !== k) {
    // keep the original key (1.0, True) for display and iteration
    if (typeof k === 'object') k.rc++;
    if (d.keyOf === null) d.keyOf = new Map();
    d.keyOf.set(nk, k);
  } else if (typeof k === 'object') {
    k.rc++;
  }
}

/** Remove k; returns the removed value as an owned reference (caller must decref or keep), or undefined. */
export function dictPop(rt: Runtime, d: PyDict, k: PyValue): PyValue | undefined {
  let nk: unknown = (typeof k === 'number' || typeof k === 'string') ? k : normKey(rt, k);
  if (nk === HASHED_KEY) {
    const h = keyHash(rt, k);
    const s = findHashed(rt, d, k as PyObject, h);
    if (s === undefined) return undefined;
    const b = d.buckets!.get(h)!;
    if (!Array.isArray(b)) d.buckets!.delete(h);
    else {
      b.splice(b.indexOf(s), 1);
      if (b.length === 0) d.buckets!.delete(h);
    }
    nk = s;
  }
  const v = d.map.get(nk);
  if (v === undefined) return undefined;
  d.version++;
  d.map.delete(nk);
  if (typeof nk === 'object' && nk !== null) rt.decref(nk as PyObject);
  if (d.keyOf !== null) {
    const ok = d.keyOf.get(nk);
    if (ok !== undefined) { d.keyOf.delete(nk); rt.decref(ok); }
  }
  return v;
}

/** The Python key for a Map key (borrowed). */
export function origKey(d: PyDict, nk: unknown): PyValue {
  if (d.keyOf !== null) {
    const k = d.keyOf.get(nk);
    if (k !== undefined) return k;
  }
  return nk as PyValue;
}

export function dictContains(rt: Runtime, d: PyDict, k: PyValue): boolean {
  return dictGet(rt, d, k) !== undefined;
}

/** Drop every entry (dict.clear). */
export function dictClear(rt: Runtime, d: PyDict): void {
  d.clear(rt);
  d.log2size = 0;
  d.unicodeKeys = true;
}
