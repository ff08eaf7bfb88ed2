/*
 * set and frozenset: the same keying as dict (types/dict.ts), without values.
 * Beside the Map a model of CPython's hash table (set-table.ts) decides the
 * iteration order, set.pop's choice and the size sys.getsizeof reports.
 */

import { PyObject, type PyType, type PyValue, type Visit } from '../object';
import type { Runtime } from '../runtime';
import { T } from '../builtin-types';
import { normKey, HASHED_KEY } from './dict';
import { identityHash, keyHash, pyHash } from './hash';
import { pyEq } from './compare';
import { PyFloat } from './float';
import { PyTuple } from './tuple';
import { SetTable, toUHash, type UHash } from './set-table';

export class PySet extends PyObject {
  get cls(): PyType { return this.frozen ? T.frozenset : T.set; }
  /** normalised key -> the original element (owned when an object). */
  map: Map<unknown, PyValue> = new Map();
  buckets: Map<number, PyObject[]> | null = null;
  tab = new SetTable();
  /** Where set.pop resumes its search; the object's, not the table's (it survives clear and swaps). */
  finger = 0;
  constructor(readonly frozen: boolean) {
    super();
  }
  /** CPython's table mask + 1, for getsizeof. */
  get tableSize(): number { return this.tab.size; }
  override traverse(visit: Visit): void {
    let i = 0;
    for (const v of this.map.values()) { if (typeof v === 'object') visit(v, `element ${i}`); i++; }
  }
  override traverseRefs(visit: (value: PyValue) => void): void {
    for (const v of this.map.values()) if (typeof v === 'object') visit(v);
  }
  override get gcContainer(): boolean { return true; }
  override gcClear(rt: Runtime): void { this.clear(rt); }
  override clear(rt: Runtime): void {
    const map = this.map;
    this.map = new Map();
    this.buckets = null;
    this.tab = new SetTable();
    for (const v of map.values()) rt.decref(v);
  }
}

export function newSet(rt: Runtime, frozen = false): PySet {
  const s = rt.track(new PySet(frozen));
  s.rc = 1;
  return s;
}

function findHashed(rt: Runtime, s: PySet, k: PyObject, h: number): PyObject | undefined {
  const b = s.buckets?.get(h);
  if (b === undefined) return undefined;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === k || pyEq(rt, c, k)) return c;
  }
  return undefined;
}

/**
 * set_contains, set.discard and set.remove look a set up as the frozenset of its
 * elements (a set is unhashable; CPython retries with a temporary frozenset).
 */
function asFrozen<R>(rt: Runtime, k: PySet, use: (fk: PySet) => R): R {
  const fk = newSet(rt, true);
  try {
    for (const v of k.map.values()) setAdd(rt, fk, v);
    return use(fk);
  } finally {
    rt.decref(fk);
  }
}

export function setContains(rt: Runtime, s: PySet, k: PyValue): boolean {
  if (typeof k === 'number' || typeof k === 'string') return s.map.has(k);
  if (k instanceof PySet && !k.frozen) return asFrozen(rt, k, (fk) => setContains(rt, s, fk));
  const nk = normKey(rt, k);
  if (nk !== HASHED_KEY) return s.map.has(nk);
  const h = keyHash(rt, k);
  return s.buckets !== null && findHashed(rt, s, k as PyObject, h) !== undefined;
}

/** Values whose CPython hash is fixed (not address- or seed-dependent), so their table order is CPython's. */
function ordered(v: PyValue): boolean {
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return true;
  if (v instanceof PyFloat) return v.v === v.v;
  if (v instanceof PyTuple) return v.items.every(ordered);
  return false;
}

/** The hash the table model uses: CPython's where it is fixed, else one that runs no Python code. */
export function tableHash(rt: Runtime, v: PyValue): UHash {
  if (typeof v === 'string' || ordered(v)) return toUHash(pyHash(rt, v));
  return toUHash(identityHash(v as PyObject));
}

/** Add an element (borrowed) whose table hash is `h`. Returns true if it was new. */
export function setAddHashed(rt: Runtime, s: PySet, k: PyValue, h: UHash): boolean {
  if (!mapInsert(rt, s, k)) return false;
  if (s.tab.add(k, h)) rt.grew(s); // MemoryError past the heap limit, the element already in
  return true;
}

/** Put a new element (borrowed) in the Map only, leaving the table to the caller; false if present. */
export function mapInsert(rt: Runtime, s: PySet, k: PyValue): boolean {
  let nk: unknown = (typeof k === 'number' || typeof k === 'string') ? k : normKey(rt, k);
  if (nk === HASHED_KEY) {
    const kh = keyHash(rt, k);
    if (findHashed(rt, s, k as PyObject, kh) !== undefined) return false;
    if (s.buckets === null) s.buckets = new Map();
    const b = s.buckets.get(kh);
    if (b === undefined) s.buckets.set(kh, [k as PyObject]); else b.push(k as PyObject);
    nk = k;
  } else if (s.map.has(nk)) {
    return false;
  }
  if (typeof k === 'object') k.rc++;
  s.map.set(nk, k);
  return true;
}

/** Add an element (borrowed). Returns true if it was new. */
export function setAdd(rt: Runtime, s: PySet, k: PyValue): boolean {
  return setAddHashed(rt, s, k, tableHash(rt, k));
}

/** Remove an element; true if it was present. */
export function setDiscard(rt: Runtime, s: PySet, k: PyValue): boolean {
  if (k instanceof PySet && !k.frozen) return asFrozen(rt, k, (fk) => setDiscard(rt, s, fk));
  let nk: unknown = (typeof k === 'number' || typeof k === 'string') ? k : normKey(rt, k);
  if (nk === HASHED_KEY) {
    const h = keyHash(rt, k);
    const f = findHashed(rt, s, k as PyObject, h);
    if (f === undefined) return false;
    const b = s.buckets!.get(h)!;
    b.splice(b.indexOf(f), 1);
    if (b.length === 0) s.buckets!.delete(h);
    nk = f;
  }
  const v = s.map.get(nk);
  if (v === undefined) return false;
  s.map.delete(nk);
  s.tab.discard(v, tableHash(rt, v));
  rt.decref(v);
  return true;
}

/** The element set.pop removes (a new reference), or undefined when the set is empty. */
export function setPop(rt: Runtime, s: PySet): PyValue | undefined {
  if (s.map.size === 0) return undefined;
  let v: PyValue;
  if (isOrdered(s)) {
    const slot = s.tab.popSlot(s.finger);
    s.finger = slot + 1;
    v = s.tab.at(slot);
  } else v = s.map.values().next().value as PyValue;
  if (typeof v === 'object') v.rc++;
  setDiscard(rt, s, v);
  return v;
}

function isOrdered(s: PySet): boolean {
  for (const v of s.map.values()) if (!ordered(v)) return false;
  return true;
}

/**
 * The elements in CPython's iteration order, with their table hashes: the
 * table's slot order when every element's hash is fixed in CPython; otherwise
 * insertion order (CPython's str hashes are randomised per process anyway).
 */
export function setEntries(rt: Runtime, s: PySet): [PyValue, UHash][] {
  if (isOrdered(s)) return s.tab.entries();
  return [...s.map.values()].map((v) => [v, tableHash(rt, v)]);
}

/** The elements in CPython's iteration order (borrowed). */
export function setOrder(rt: Runtime, s: PySet): PyValue[] {
  if (s.map.size < 2) return [...s.map.values()];
  return setEntries(rt, s).map((e) => e[0]);
}

/** set_swap_bodies: exchange two sets' contents (the in-place intersection keeps its result's table). */
export function setSwapBodies(a: PySet, b: PySet): void {
  const { map, buckets, tab } = a;
  a.map = b.map; a.buckets = b.buckets; a.tab = b.tab;
  b.map = map; b.buckets = buckets; b.tab = tab;
}
