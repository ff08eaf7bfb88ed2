/*
 * tuple: an immutable array of owned references.
 */

import { PyObject, type PyType, type Visit } from '../object';
import type { PyValue } from '../object';
import type { Runtime } from '../runtime';
import { T } from '../builtin-types';
import { mayBeTracked } from '../gc';
import { None } from './singletons';
import { settle } from '../hidden-class';

let tupleSettled = false;

export class PyTuple extends PyObject {
  get cls(): PyType { return T.tuple; }
  /** Owned references; never resized after construction. */
  items: PyValue[];
  constructor(items: PyValue[]) {
    super();
    this.items = items;
    if (!tupleSettled) { tupleSettled = true; settle(this, ['items']); } // a kept result tuple's items are replaced
  }
  override traverse(visit: Visit): void {
    const it = this.items;
    for (let i = 0; i < it.length; i++) visit(it[i], `[${i}]`);
  }
  /** The collector's walk goes last item first, as tupletraverse does: it decides the order finalizers run in. */
  override traverseRefs(visit: (value: PyValue) => void): void {
    const it = this.items;
    for (let i = it.length - 1; i >= 0; i--) visit(it[i]);
  }
  /** The empty tuple is CPython's untracked singleton. */
  override get gcContainer(): boolean { return this.items.length > 0; }
  override untrackable(): boolean {
    for (const v of this.items) if (mayBeTracked(v)) return false;
    return true;
  }
  override clear(rt: Runtime): void {
    const it = this.items;
    this.items = [];
    // CPython's list_dealloc / tupledealloc drop items from the last to the first.
    for (let i = it.length - 1; i >= 0; i--) rt.decref(it[i]);
  }
}

/** sys.getsizeof of a tuple of n items. */
export function tupleSize(n: number): number {
  return 40 + 8 * n;
}

/** A new reference to a tuple that takes ownership of `items` (already counted). */
export function newTuple(rt: Runtime, items: PyValue[]): PyTuple {
  const t = rt.trackSized(new PyTuple(items), tupleSize(items.length), items.length > 0);
  t.rc = 1;
  return t;
}

/** A new tuple whose items are borrowed: each gets its own reference. */
/**
 * The tuple of n Nones an iterator keeps to hand out again (CPython's di_result of a dict's
 * items iterator, enumerate's en_result, zip's result): a new reference, for the iterator.
 */
export function keptResult(rt: Runtime, n: number): PyTuple {
  return tupleOfBorrowed(rt, new Array<PyValue>(n).fill(None));
}

/**
 * An iterator's next tuple of `items` (owned): its kept tuple, refilled, when nothing else holds
 * it (refcount 1), as dictiter_iternextitem, enum_next and zip_next do; else a new tuple. So in
 * `for t in d.items()` every other item is the kept tuple, and sys.getrefcount(t) says 3 then 2.
 */
export function nextResult(rt: Runtime, kept: PyTuple, items: PyValue[]): PyTuple {
  if (kept.rc !== 1) return newTuple(rt, items);
  kept.rc++;
  const old = kept.items;
  kept.items = items;
  for (let i = 0; i < old.length; i++) rt.decref(old[i]);
  // the collector may have untracked it while it held only Nones (bpo-42536)
  rt.gc.retrack(kept);
  return kept;
}

export function tupleOfBorrowed(rt: Runtime, items: PyValue[]): PyTuple {
  for (let i = 0; i < items.length; i++) { const v = items[i]; if (typeof v === 'object') v.rc++; }
  return newTuple(rt, items);
}
