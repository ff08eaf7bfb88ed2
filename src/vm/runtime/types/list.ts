/*
 * list: a growable array of owned references. `allocated` follows CPython's
 * list_resize over-allocation so sys.getsizeof reports CPython's figures;
 * the JS array itself grows however V8 likes.
 */

import { PyObject, type PyType, type PyValue, type Visit } from '../object';
import type { Runtime } from '../runtime';
import { T } from '../builtin-types';
import { settle } from '../hidden-class';

let listSettled = false;

export class PyList extends PyObject {
  get cls(): PyType { return T.list; }
  items: PyValue[];
  /** CPython's ob_alloc: slots reserved, for getsizeof. */
  allocated: number;
  constructor(items: PyValue[], allocated = items.length) {
    super();
    this.items = items;
    this.allocated = allocated;
    if (!listSettled) { listSettled = true; settle(this, ['items']); } // sort and slice assignment replace it
  }
  override traverse(visit: Visit): void {
    const it = this.items;
    for (let i = 0; i < it.length; i++) visit(it[i], `[${i}]`);
  }
  /** The collector's walk goes last item first, as list_traverse does: it decides the order finalizers run in. */
  override traverseRefs(visit: (value: PyValue) => void): void {
    const it = this.items;
    for (let i = it.length - 1; i >= 0; i--) visit(it[i]);
  }
  override get gcContainer(): boolean { return true; }
  override gcClear(rt: Runtime): void { this.clear(rt); }
  override clear(rt: Runtime): void {
    const it = this.items;
    this.items = [];
    this.allocated = 0;
    // CPython's list_dealloc / tupledealloc drop items from the last to the first.
    for (let i = it.length - 1; i >= 0; i--) rt.decref(it[i]);
  }
}

/** CPython 3.11 list_resize: the capacity after growing or shrinking to `newsize`. */
export function resizedCapacity(allocated: number, oldsize: number, newsize: number): number {
  if (allocated >= newsize && newsize >= (allocated >> 1)) return allocated;
  if (newsize === 0) return 0;
  let na = (newsize + (newsize >> 3) + 6) & ~3;
  if (newsize - oldsize > na - newsize) na = (newsize + 3) & ~3;
  return na;
}

/**
 * Note that the list is about to hold `newsize` items (resize bookkeeping). Growth is counted
 * in the heap at once and raises MemoryError past the limit, as list_resize's realloc fails:
 * call it where raising leaves no reference unowned.
 */
export function listResize(rt: Runtime, l: PyList, newsize: number): void {
  const a = l.allocated;
  if (a >= newsize && newsize >= (a >> 1)) return;
  setCapacity(rt, l, resizedCapacity(a, l.items.length, newsize));
}

/** Set the capacity (CPython's allocated) and count a growth in the heap (MemoryError past the limit). */
export function setCapacity(rt: Runtime, l: PyList, allocated: number): void {
  const grows = allocated > l.allocated;
  l.allocated = allocated;
  if (grows) rt.grew(l);
}

/** Append an already-owned reference (amortised O(1)); the list owns it even if growing raises MemoryError. */
export function listAppendOwned(rt: Runtime, l: PyList, v: PyValue): void {
  const n = l.items.length;
  l.items.push(v);
  if (n >= l.allocated) setCapacity(rt, l, resizedCapacity(l.allocated, n, n + 1));
}

/** A new reference to a list owning `items`; capacity as BUILD_LIST of that many items. */
export function newList(rt: Runtime, items: PyValue[], allocated = items.length): PyList {
  const l = rt.track(new PyList(items, allocated));
  l.rc = 1;
  return l;
}

/** Capacity after list.extend / LIST_EXTEND on a list with `m` items gaining `n` (CPython 3.11 list_extend). */
export function extendCapacity(rt: Runtime, l: PyList, n: number): void {
  const m = l.items.length;
  if (n === 0) return;
  if (l.allocated === 0 && m === 0) {
    // list_preallocate_exact rounds to an even count
    setCapacity(rt, l, (n + 1) & ~1);
  } else {
    listResize(rt, l, m + n);
  }
}
