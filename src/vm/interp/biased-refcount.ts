/*
 * Biased reference counting (PEP 703, CPython 3.13's free-threaded build),
 * for the objects threads share: the thread that owns an object updates a
 * local count without atomics; every other thread updates a shared count
 * atomically. The object's count is their sum, so no update is ever lost.
 * When the shared count goes negative (other threads released references the
 * owner took), the owner is asked to merge the two, as CPython queues it.
 */

import type { PyObject, PyValue } from '../runtime/object';
import type { ThreadState } from './frame';
import type { Interpreter } from './interpreter';
import { forEachShared } from './shared-objects';

export interface BiasedCount { owner: string; local: number; shared: number; merges: number }

export class BiasedRefcounts {
  private readonly counts = new Map<PyObject, { owner: ThreadState; local: number; shared: number; merges: number }>();

  constructor(private readonly interp: Interpreter) {}

  /** Split the counts of everything reachable from `roots`; their owner is the thread running now. */
  watchReachable(roots: PyValue[]): void {
    forEachShared(roots, this.counts, (o) => this.watch(o));
  }

  private watch(o: PyObject): void {
    const c = { owner: this.interp.thread, local: o.rc, shared: 0, merges: 0 };
    this.counts.set(o, c);
    const interp = this.interp;
    interp.rt.countsWatched = true;
    Object.defineProperty(o, 'rc', {
      configurable: true,
      enumerable: true,
      get: () => c.local + c.shared,
      set: (v: number) => {
        const delta = v - (c.local + c.shared);
        if (interp.thread === c.owner) c.local += delta;
        else c.shared += delta;
        // The shared count went negative: the owner merges its local count into it (_Py_MergeZeroLocalRefcount).
        if (c.shared < 0) { c.local += c.shared; c.shared = 0; c.merges++; }
      },
    });
  }

  countOf(o: PyObject): BiasedCount | undefined {
    const c = this.counts.get(o);
    return c === undefined ? undefined : { owner: c.owner.name, local: c.local, shared: c.shared, merges: c.merges };
  }
}
