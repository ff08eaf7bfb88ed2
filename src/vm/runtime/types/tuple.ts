/*
 * tuple: an immutable array of owned references.
 */

import { PyObject, type PyType, type Visit } from '../object';
import type { PyValue } from '../object';
import type { Runtime } from '../runtime';
import { T } from '../builtin-types';
import { mayBeTracked } from '../gc';

export class PyTuple extends PyObject {
  get cls(): PyType { return T.tuple; }
  /** Owned references; never resized after construction. */
  items: PyValue[];
  constructor(items: PyValue[]) {
    super();
    this.items = items;
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

/** A new reference to a tuple that takes ownership of `items` (already counted). */
export function newTuple(rt: Runtime, items: PyValue[]): PyTuple {
  const t = rt.track(new PyTuple(items));
  t.rc = 1;
  return t;
}

/** A new tuple whose items are borrowed: each gets its own reference. */
export function tupleOfBorrowed(rt: Runtime, items: PyValue[]): PyTuple {
  for (let i = 0; i < items.length; i++) { const v = items[i]; if (typeof v === 'object') v.rc++; }
  return newTuple(rt, items);
}
