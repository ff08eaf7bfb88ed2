/*
 * range and slice objects. range keeps JS numbers (ranges beyond 2**53 are
 * out of scope); slice holds any three values (owned).
 */

import { PyObject, type PyType, type PyValue, type Visit } from '../object';
import type { Runtime } from '../runtime';
import { T } from '../builtin-types';

export class PyRange extends PyObject {
  get cls(): PyType { return T.range; }
  readonly length: number;
  constructor(readonly start: number, readonly stop: number, readonly step: number) {
    super();
    const n = step > 0 ? Math.ceil((stop - start) / step) : Math.ceil((start - stop) / -step);
    this.length = n > 0 ? n : 0;
  }
}

export function newRange(rt: Runtime, start: number, stop: number, step: number): PyRange {
  const r = rt.track(new PyRange(start, stop, step));
  r.rc = 1;
  return r;
}

/** sys.getsizeof of a slice. */
export const SLICE_SIZE = 56;

export class PySlice extends PyObject {
  get cls(): PyType { return T.slice; }
  constructor(public start: PyValue, public stop: PyValue, public step: PyValue) {
    super();
  }
  override traverse(visit: Visit): void {
    if (typeof this.start === 'object') visit(this.start, 'start');
    if (typeof this.stop === 'object') visit(this.stop, 'stop');
    if (typeof this.step === 'object') visit(this.step, 'step');
  }
  override clear(rt: Runtime): void {
    const { start, stop, step } = this;
    this.start = this.stop = this.step = 0;
    rt.decref(start); rt.decref(stop); rt.decref(step);
    // Only the runtime's dealloc clears a slice (it is no container), so nothing can reach it now.
    if (rt.spareSlice === null && rt.canRecycle()) rt.spareSlice = this;
  }
}

/** A new slice from borrowed parts. */
export function newSlice(rt: Runtime, start: PyValue, stop: PyValue, step: PyValue): PySlice {
  rt.incref(start); rt.incref(stop); rt.incref(step);
  let s = rt.spareSlice as PySlice | null;
  if (s !== null && rt.canRecycle()) {
    rt.spareSlice = null;
    s.start = start; s.stop = stop; s.step = step;
    s.gcRefs = 0; s.gcFlags = 0;
  } else {
    s = new PySlice(start, stop, step);
  }
  rt.track(s);
  s.rc = 1;
  return s;
}
