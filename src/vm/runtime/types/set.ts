/*
 * set and frozenset: the same keying as dict (types/dict.ts), without values.
 * `fill`/`mask` follow CPython's set table growth for sys.getsizeof.
 */

import { PyObject, type PyType, type PyValue, type Visit } from '../object';
import type { Runtime } from '../runtime';
import { T } from '../builtin-types';
import { normKey, HASHED_KEY } from './dict';
import { keyHash } from './hash';
import { pyEq } from './compare';
import { PyFloat } from './float';
import { pyHash } from './hash';

export class PySet extends PyObject {
  get cls(): PyType { return this.frozen ? T.frozenset : T.set; }
  /** normalised key -> the original element (owned when an object). */
  map: Map<unknown, PyValue> = new Map();
  buckets: Map<number, PyObject[]> | null = null;
  /** CPython's table mask + 1 (8 for the inline small table) and fill, for getsizeof. */
  tableSize = 8;
  fill = 0;
  constructor(readonly frozen: boolean) {
    super();
  }
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
    this.fill = 0;
    this.tableSize = 8;
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

export function setContains(rt: Runtime, s: PySet, k: PyValue): boolean {
  if (typeof k === 'number' || typeof k === 'string') return s.map.has(k);
  const nk = normKey(rt, k);
  if (nk !== HASHED_KEY) return s.map.has(nk);
  const h = keyHash(rt, k);
  return s.buckets !== null && findHashed(rt, s, k as PyObject, h) !== undefined;
}

/** CPython's set growth: resize when fill*5 >= mask*3. */
function noteInsert(s: PySet): void {
  s.fill++;
  if (s.fill * 5 >= (s.tableSize - 1) * 3) {
    const used = s.map.size;
    const minused = used > 50000 ? used * 2 : used * 4;
    let size = 8;
    while (size <= minused) size <<= 1;
    s.tableSize = size;
    s.fill = used;
  }
}

/** Add an element (borrowed). Returns true if it was new. */
export function setAdd(rt: Runtime, s: PySet, k: PyValue): boolean {
  let nk: unknown = (typeof k === 'number' || typeof k === 'string') ? k : normKey(rt, k);
  if (nk === HASHED_KEY) {
    const h = keyHash(rt, k);
    if (findHashed(rt, s, k as PyObject, h) !== undefined) return false;
    if (s.buckets === null) s.buckets = new Map();
    const b = s.buckets.get(h);
    if (b === undefined) s.buckets.set(h, [k as PyObject]); else b.push(k as PyObject);
    nk = k;
  } else if (s.map.has(nk)) {
    return false;
  }
  if (typeof k === 'object') k.rc++;
  s.map.set(nk, k);
  const size = s.tableSize;
  noteInsert(s);
  if (s.tableSize > size) rt.grew(s); // MemoryError past the heap limit, the element already in
  return true;
}

/** Remove an element; true if it was present. */
export function setDiscard(rt: Runtime, s: PySet, k: PyValue): boolean {
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
  rt.decref(v);
  return true;
}

/** set_merge from another set: CPython sizes the table for both before copying. */
export function setUpdateFromSet(rt: Runtime, s: PySet, other: PySet): void {
  const n = other.map.size;
  if ((s.fill + n) * 5 >= (s.tableSize - 1) * 3) {
    const want = (s.map.size + n) * 2;
    let size = 8;
    while (size <= want) size <<= 1;
    s.tableSize = size;
    s.fill = s.map.size;
  }
  for (const v of other.map.values()) setAdd(rt, s, v);
}

/**
 * The order CPython would iterate a set of numbers in: their slots in a hash
 * table of the set's size (3.11's probing: 9 linear probes, then perturbed).
 * The table is rebuilt from insertion order, so sets that had deletions or
 * resizes can differ in rare collision cases. Sets holding anything else use
 * insertion order (CPython's str hashes are randomised anyway).
 */
export function setOrder(rt: Runtime, s: PySet): PyValue[] {
  const vals = [...s.map.values()];
  if (vals.length < 2) return vals;
  for (const v of vals) {
    if (!(typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || (v instanceof PyFloat && v.v === v.v))) return vals;
  }
  const size = s.tableSize;
  const mask = BigInt(size - 1);
  const table: (PyValue | undefined)[] = new Array(size);
  for (const v of vals) {
    const h = BigInt.asUintN(64, BigInt(pyHash(rt, v)));
    let perturb = h;
    let i = h & mask;
    for (;;) {
      let j = Number(i);
      let probes = j + 9 <= size - 1 ? 9 : 0;
      let placed = false;
      do {
        if (table[j] === undefined) { table[j] = v; placed = true; break; }
        j++;
      } while (probes-- > 0);
      if (placed) break;
      perturb >>= 5n;
      i = (i * 5n + 1n + perturb) & mask;
    }
  }
  return table.filter((x) => x !== undefined) as PyValue[];
}
