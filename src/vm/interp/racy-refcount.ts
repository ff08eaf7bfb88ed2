/*
 * Reference counting without the GIL, done naively (refcount 'naive-racy'):
 * an INCREF or DECREF is a load, an add and a store, so two cores updating
 * the same object's count at the same moment can lose one update. That is why
 * CPython has a GIL, and why PEP 703 needs biased reference counting.
 *
 * The objects threads share (reachable from the module's globals and a new
 * thread's arguments) have their count watched. Threads run one instruction
 * per core per round; when two threads changed one object's count in the same
 * round, the seeded coin decides whether their updates interleaved: then the
 * first thread's change is lost. A count one too low frees the object while
 * it is still held, and the next thread to touch it is a use-after-free,
 * reported with the collision that caused it; a count too high is a leak,
 * reported at exit.
 */

import type { PyObject, PyValue } from '../runtime/object';
import type { Runtime } from '../runtime/runtime';
import { addressOf } from '../runtime/types/repr';
import type { ThreadState } from './frame';
import type { Interpreter } from './interpreter';
import { SeededRandom, forEachShared } from './shared-objects';

/** One round's chance that two updates to one count interleave (load, add, store on two cores). */
const INTERLEAVE_CHANCE = 1 / 8;

export interface Collision {
  step: number;
  object: string;
  lostThread: string;
  otherThread: string;
  /** 'INCREF' or 'DECREF': the update that was lost. */
  lost: string;
  countBefore: number;
  countAfter: number;
}

/** Thrown at the instruction that touches an object freed while still held. */
export class UseAfterFree extends Error {}

interface Change { thread: ThreadState; before: number; after: number }

export class RacyRefcounts {
  private readonly watched = new Map<PyObject, (v: number) => void>();
  private readonly freed = new Map<PyObject, { step: number; by: string }>();
  private readonly changes = new Map<PyObject, Change[]>();
  readonly collisions: Collision[] = [];
  private readonly random: SeededRandom;

  constructor(private readonly interp: Interpreter, private readonly rt: Runtime, seed: number) {
    this.random = new SeededRandom(seed * 2654435761 >>> 0 || 0x9e3779b9);
  }

  /** Watch the counts of everything reachable from `roots` (the objects threads can share). */
  watchReachable(roots: PyValue[]): void {
    forEachShared(roots, this.watched, (o) => this.watch(o));
  }

  private watch(o: PyObject): void {
    let rc = o.rc;
    const changes = this.changes;
    const freed = this.freed;
    const interp = this.interp;
    this.rt.countsWatched = true;
    Object.defineProperty(o, 'rc', {
      configurable: true,
      enumerable: true,
      get: () => rc,
      set: (v: number) => {
        const f = freed.get(o);
        if (f !== undefined) throw new UseAfterFree(this.report(o, f));
        let list = changes.get(o);
        if (list === undefined) { list = []; changes.set(o, list); }
        list.push({ thread: interp.thread, before: rc, after: v });
        rc = v;
      },
    });
    this.watched.set(o, (v) => { rc = v; });
  }

  /** The runtime freed `o`: from now on touching it is a use-after-free. */
  onFree(o: PyObject): void {
    if (this.watched.has(o)) this.freed.set(o, { step: this.interp.steps, by: this.interp.thread.name });
  }

  /** After a round of parallel instructions: where two threads changed one count, maybe one change is lost. */
  endRound(): void {
    if (this.changes.size === 0) return;
    for (const [o, list] of this.changes) {
      if (list.length < 2 || this.freed.has(o)) continue;
      const first = list[0].thread;
      const other = list.find((c) => c.thread !== first)?.thread;
      if (other === undefined || this.random.next() >= INTERLEAVE_CHANCE) continue;
      // The other thread loaded the count before the first one stored: the first thread's update vanishes.
      const lostDelta = list.filter((c) => c.thread === first).reduce((s, c) => s + (c.after - c.before), 0);
      if (lostDelta === 0) continue;
      const start = list[0].before;
      const end = list[list.length - 1].after;
      const wrong = end - lostDelta;
      (this.watched.get(o) as (v: number) => void)(wrong);
      this.collisions.push({
        step: this.interp.steps, object: describe(o), lostThread: first.name, otherThread: other.name,
        lost: lostDelta > 0 ? 'INCREF' : 'DECREF', countBefore: start, countAfter: wrong,
      });
      if (wrong <= 0) this.rt.dealloc(o);
    }
    this.changes.clear();
  }

  private report(o: PyObject, f: { step: number; by: string }): string {
    const c = [...this.collisions].reverse().find((x) => x.object === describe(o));
    const lines = [
      `use-after-free: ${this.interp.thread.name} touched ${describe(o)} at step ${this.interp.steps}, but it was freed at step ${f.step} (${f.by}'s DECREF took its count to 0 while it was still held)`,
    ];
    if (c !== undefined) {
      lines.push(`  its count went wrong at step ${c.step}: ${c.lostThread} and ${c.otherThread} updated it at the same moment on two cores, and ${c.lostThread}'s ${c.lost} was lost (load, add, store interleaved): ${c.countBefore} became ${c.countAfter}`);
    }
    lines.push('  with the GIL, or with biased reference counting (refcount: biased), this cannot happen');
    return lines.join('\n');
  }

  /** At exit: watched objects whose count is higher than their holders (a lost DECREF): leaks. */
  leaks(holdersOf: (o: PyObject) => number): string[] {
    const out: string[] = [];
    for (const o of this.watched.keys()) {
      if (this.freed.has(o) || o.gcNext === null) continue;
      const h = holdersOf(o);
      if (o.rc > h) out.push(`leak: ${describe(o)} has refcount ${o.rc} but ${h} holder${h === 1 ? '' : 's'}: a lost DECREF means it will never be freed`);
    }
    return out;
  }
}

function describe(o: PyObject): string {
  return `${o.cls.name} object at ${addressOf(o)}`;
}
