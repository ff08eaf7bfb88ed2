/*
 * What the models of reference counting without the GIL share: a seeded
 * random source (the same seed, the same run) and the walk that finds the
 * objects threads can share, those reachable from a new thread's arguments
 * and the module's globals.
 */

import { PyObject, type PyValue } from '../runtime/object';
import { PyList } from '../runtime/types/list';
import { PyTuple } from '../runtime/types/tuple';
import { PyDict } from '../runtime/types/dict';
import { PySet } from '../runtime/types/set';
import { PyInstance } from '../runtime/instance';
import { PyMethod, PyCell } from '../runtime/function';

/** xorshift32: uniform numbers in [0, 1), reproducible for a seed. */
export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = (seed >>> 0) || 1;
  }
  next(): number {
    let x = this.state;
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    this.state = x;
    return x / 0x100000000;
  }
}

/** Objects whose counts the models watch at most. */
const MAX_WATCHED = 20_000;

/**
 * Call `watch` for each shared object reachable from `roots` that `seen`
 * does not hold yet: containers, instances, bound methods and cells (not
 * immortal objects, nor those the runtime does not track).
 */
export function forEachShared(roots: PyValue[], seen: { has(o: PyObject): boolean; readonly size: number }, watch: (o: PyObject) => void): void {
  const stack = roots.slice();
  while (stack.length > 0 && seen.size < MAX_WATCHED) {
    const v = stack.pop() as PyValue;
    if (!(v instanceof PyObject) || seen.has(v) || v.rc >= 1 << 29 || v.gcNext === null) continue;
    if (!(v instanceof PyList || v instanceof PyTuple || v instanceof PyDict || v instanceof PySet || v instanceof PyInstance || v instanceof PyMethod || v instanceof PyCell)) continue;
    watch(v);
    v.traverse((x) => { if (x instanceof PyObject) stack.push(x); });
  }
}
