/*
 * The cycle collector, as CPython 3.11's Modules/gcmodule.c: container
 * objects live on one of three generation lists; allocations minus
 * deallocations of containers past threshold 0 (700) trigger a collection of
 * the oldest generation whose count passed its threshold. A collection runs
 * update_refs, subtract_refs and move_unreachable (same list order, so the
 * same finalizer order), untracks tuples of atomic values, finalizes
 * (`__del__` once, PEP 442; a suspended generator is closed), checks for
 * resurrection, and clears what is still unreachable (tp_clear), which frees
 * the cycles by ordinary reference counting. Each collection is recorded
 * phase by phase for the snapshot.
 *
 * The lists use their own links (gNext/gPrev), separate from the runtime's
 * list of every live object.
 */

import { PyObject, PyType, type PyValue } from './object';
import { PyBuiltinFunction } from './builtin-function';
import type { PyWeakRef } from './weakref';
import type { Runtime } from './runtime';
import { T } from './builtin-types';
import type { GcCollectionSnap, GcPhase } from '../snapshot-types';
import { settle } from './hidden-class';

/** The phases one collection goes through, in order (the snapshot's GcPhase). */
export type CollectionPhase = GcPhase;

/** One collection as the snapshot describes it (GcCollectionSnap), plus its sequence number. */
export type CollectionRecord = Omit<GcCollectionSnap, 'phase'> & {
  /** rt-wide sequence number of the collection (1 for the first). */
  seq: number;
};

/** Told of each phase as it finishes (the session turns them into trace events). */
export type PhaseListener = (phase: CollectionPhase, rec: CollectionRecord) => void;

const COLLECTING = 1;
const UNREACHABLE = 2;

class ListHead extends PyObject {
  get cls(): PyType { return T.object; }
  constructor() {
    super();
    this.gNext = this;
    this.gPrev = this;
  }
}

function append(head: PyObject, o: PyObject): void {
  const last = head.gPrev as PyObject;
  o.gPrev = last;
  o.gNext = head;
  last.gNext = o;
  head.gPrev = o;
}

function unlink(o: PyObject): void {
  const p = o.gPrev as PyObject, n = o.gNext as PyObject;
  p.gNext = n;
  n.gPrev = p;
  o.gNext = null;
  o.gPrev = null;
}

/** Move every object of `from` to the end of `to`. */
function merge(from: PyObject, to: PyObject): void {
  if (from.gNext === from) return;
  const first = from.gNext as PyObject, last = from.gPrev as PyObject;
  const tail = to.gPrev as PyObject;
  tail.gNext = first;
  first.gPrev = tail;
  last.gNext = to;
  to.gPrev = last;
  from.gNext = from;
  from.gPrev = from;
}

/** Merge `from` into `to`, which is generation `gen`. */
function moveAll(from: PyObject, to: PyObject, gen: number): void {
  for (let o = from.gNext as PyObject; o !== from; o = o.gNext as PyObject) o.gcGen = gen;
  merge(from, to);
}

function size(head: PyObject): number {
  let n = 0;
  for (let o = head.gNext as PyObject; o !== head; o = o.gNext as PyObject) n++;
  return n;
}

function members(head: PyObject): PyObject[] {
  const out: PyObject[] = [];
  for (let o = head.gNext as PyObject; o !== head; o = o.gNext as PyObject) out.push(o);
  return out;
}

/** _PyObject_GC_MAY_BE_TRACKED: could this value be part of a cycle? */
export function mayBeTracked(v: PyValue): boolean {
  return typeof v === 'object' && v.gcContainer && v.gcGen >= 0;
}

export class CycleCollector {
  private readonly gens: ListHead[] = [new ListHead(), new ListHead(), new ListHead()];
  readonly counts: [number, number, number] = [0, 0, 0];
  readonly thresholds: [number, number, number] = [700, 10, 10];
  enabled = true;
  collecting = false;
  /** Test mode: a collection after every container allocation. */
  stress = false;
  /** A collection is due; the interpreter runs it at its next instruction boundary. */
  pending = false;
  private longLivedPending = 0;
  private longLivedTotal = 0;
  private seq = 0;
  /** The collection in progress or the last one. */
  last: CollectionRecord | null = null;
  onPhase: PhaseListener | null = null;
  /** Record each candidate of a collection (for snapshots and the phase events); a plain run has no one to show them to. */
  detailed = false;
  /** The interpreter's step count (set by the interpreter). */
  stepNow: () => number = () => 0;
  /** Tells the interpreter to look up at its next instruction. */
  onPending: (() => void) | null = null;
  /** gc.callbacks: called with 'start' before and 'stop' after each collection (set by the gc module). */
  callbackHook: ((phase: 'start' | 'stop', rec: { generation: number; collected: number; uncollectable: number }) => void) | null = null;

  constructor(private readonly rt: Runtime) {
    settle(this, ['collecting', 'pending', 'longLivedPending', 'longLivedTotal', 'seq', 'last']);
  }

  /** A container was allocated: it joins generation 0 and counts toward threshold 0. */
  allocated(o: PyObject): void {
    o.gcGen = 0;
    append(this.gens[0], o);
    const n = ++this.counts[0];
    if ((n > this.thresholds[0] || this.stress) && !this.pending && this.enabled && this.thresholds[0] !== 0 && !this.collecting) {
      this.pending = true;
      if (this.onPending !== null) this.onPending();
    }
  }

  /** A container was freed (PyObject_GC_Del). */
  freed(o: PyObject): void {
    if (o.gNext !== null) unlink(o);
    o.gcGen = -1;
    if (this.counts[0] > 0) this.counts[0]--;
  }

  /** _PyObject_GC_TRACK of an object the collector had untracked: back on generation 0, not counted as an allocation. */
  retrack(o: PyObject): void {
    if (o.gcGen >= 0) return;
    o.gcGen = 0;
    append(this.gens[0], o);
  }

  /** PyObject_GC_UnTrack. */
  untrack(o: PyObject): void {
    if (o.gNext !== null) unlink(o);
    o.gcGen = -1;
  }

  /** gc.is_tracked. */
  isTracked(v: PyValue): boolean {
    if (typeof v !== 'object') return false;
    // Classes and built-in functions are containers in CPython; minipy keeps them off the lists
    // (they are never garbage here) but reports them as CPython does.
    if (v.gcGen < 0) return (v instanceof PyType && v.heapType) || v instanceof PyBuiltinFunction;
    return !(v.lazilyTracked() && v.atomicContents());
  }

  /** gc_collect_generations: collect the oldest generation past its threshold. */
  collectGenerations(): void {
    this.pending = false;
    if (this.collecting || !this.enabled) return;
    for (let i = 2; i >= 0; i--) {
      if (this.counts[i] > this.thresholds[i]) {
        // Full collections only when a quarter of the long-lived objects are new (gcmodule.c, issue #4074).
        if (i === 2 && this.longLivedPending < this.longLivedTotal / 4) continue;
        this.collectWithCallbacks(i);
        return;
      }
    }
    if (this.stress) this.collectWithCallbacks(0);
  }

  /** gc.collect(generation): the number of unreachable objects found. */
  collectWithCallbacks(generation: number): number {
    if (this.collecting) return 0;
    const hook = this.callbackHook;
    if (hook !== null) hook('start', { generation, collected: 0, uncollectable: 0 });
    const n = this.collect(generation);
    if (hook !== null) hook('stop', this.last as CollectionRecord);
    return n;
  }

  /** _PyGC_CollectNoFail: a full collection even with gc disabled, and no gc.callbacks (interpreter shutdown). */
  collectNoFail(): number {
    return this.collecting ? 0 : this.collect(2);
  }

  private collect(generation: number): number {
    const rt = this.rt;
    this.collecting = true;
    const rec: CollectionRecord = { seq: ++this.seq, step: this.stepNow(), generation, candidates: [], unreachable: [], finalized: [], freed: [], collected: 0, uncollectable: 0 };
    this.last = rec;
    const stopWatching = rt.watchFrees((o) => { rec.freed.push(o.oid); });
    try {
      if (generation + 1 < 3) this.counts[generation + 1]++;
      for (let i = 0; i <= generation; i++) this.counts[i] = 0;
      const young = this.gens[generation];
      for (let i = 0; i < generation; i++) merge(this.gens[i], young);
      const old = generation < 2 ? this.gens[generation + 1] : young;

      const unreachable = new ListHead();
      this.deduceUnreachable(young, unreachable, rec);
      this.untrackTuples(young);
      if (young !== old) {
        if (generation === 1) this.longLivedPending += size(young);
        moveAll(young, old, generation + 1);
      } else {
        this.longLivedPending = 0;
        this.longLivedTotal = size(young);
      }
      for (const o of members(unreachable)) { o.gcFlags &= ~UNREACHABLE; rec.unreachable.push(o.oid); }
      this.emit('move_unreachable', rec);
      const weakFreed = this.handleWeakrefs(unreachable);

      this.finalizeGarbage(unreachable, rec);
      this.emit('finalize', rec);

      // handle_resurrected_objects: a finalizer may have made some of them reachable again.
      const still = new ListHead();
      for (const o of members(unreachable)) o.gcFlags &= ~COLLECTING;
      this.deduceUnreachable(unreachable, still, null);
      for (const o of members(still)) o.gcFlags &= ~UNREACHABLE;
      moveAll(unreachable, old, Math.min(generation + 1, 2));

      rec.collected = 0;
      for (const o of members(still)) rec.collected += 1 + o.hiddenObjects();
      this.deleteGarbage(still, old, generation);
      this.emit('delete_garbage', rec);
      this.emit('done', rec);
      return rec.collected + rec.uncollectable + weakFreed;
    } finally {
      stopWatching();
      this.collecting = false;
    }
  }

  private emit(phase: CollectionPhase, rec: CollectionRecord): void {
    if (this.onPhase !== null) this.onPhase(phase, rec);
  }

  /** update_refs, subtract_refs and move_unreachable over `young`; what is unreachable ends on `unreachable`. */
  private deduceUnreachable(young: PyObject, unreachable: PyObject, rec: CollectionRecord | null): void {
    // update_refs: gc_refs starts as the reference count. Dicts and tuples of atomic
    // values are not candidates (CPython does not track them).
    for (let o = young.gNext as PyObject; o !== young; o = o.gNext as PyObject) {
      if (o.lazilyTracked() && o.atomicContents()) { o.gcFlags = 0; continue; }
      o.gcRefs = o.rc;
      o.gcFlags = COLLECTING;
    }
    if (rec !== null) this.emit('update_refs', rec);
    // subtract_refs: references from other candidates are internal.
    const subtract = (v: PyValue): void => {
      if (typeof v === 'object' && (v.gcFlags & COLLECTING) !== 0) v.gcRefs--;
    };
    for (let o = young.gNext as PyObject; o !== young; o = o.gNext as PyObject) {
      if ((o.gcFlags & COLLECTING) !== 0) o.traverseRefs(subtract);
    }
    if (rec !== null && this.detailed) {
      for (let o = young.gNext as PyObject; o !== young; o = o.gNext as PyObject) {
        if ((o.gcFlags & COLLECTING) !== 0) rec.candidates.push({ id: o.oid, type: o.cls.name, refcount: o.rc, gcRefs: o.gcRefs });
      }
    }
    if (rec !== null) this.emit('subtract_refs', rec);
    // move_unreachable, with CPython's list discipline (a tentatively unreachable
    // object found reachable later goes back to the end of `young`).
    const visitReachable = (v: PyValue): void => {
      if (typeof v !== 'object' || (v.gcFlags & COLLECTING) === 0) return;
      if ((v.gcFlags & UNREACHABLE) !== 0) {
        unlink(v);
        append(young, v);
        v.gcFlags &= ~UNREACHABLE;
        v.gcRefs = 1;
      } else if (v.gcRefs === 0) {
        v.gcRefs = 1;
      }
    };
    let o = young.gNext as PyObject;
    while (o !== young) {
      const next = o.gNext as PyObject;
      if ((o.gcFlags & COLLECTING) === 0) { o = next; continue; }
      if (o.gcRefs > 0) {
        o.traverseRefs(visitReachable);
        o.gcFlags &= ~COLLECTING;
        o = o.gNext as PyObject;
      } else {
        unlink(o);
        append(unreachable, o);
        o.gcFlags |= UNREACHABLE;
        o = next;
      }
    }
    for (let u = unreachable.gNext as PyObject; u !== unreachable; u = u.gNext as PyObject) u.gcFlags |= COLLECTING;
  }

  /**
   * handle_weakrefs: weakrefs to the unreachable are cleared before any
   * finalizer runs; callbacks run only for weakrefs that are themselves
   * reachable. Returns how many of those weakrefs were freed by it.
   */
  private handleWeakrefs(unreachable: PyObject): number {
    const rt = this.rt;
    if (rt.weakrefs.size === 0) return 0;
    const calls: PyWeakRef[] = [];
    for (const o of members(unreachable)) calls.push(...rt.weakrefs.clearAll(o, (r) => (r.gcFlags & COLLECTING) === 0));
    let freed = 0;
    const stop = rt.watchFrees((o) => { if (calls.includes(o as PyWeakRef)) freed++; });
    try {
      rt.runWeakCallbacks(calls);
    } finally {
      stop();
    }
    return freed;
  }

  /** untrack_tuples: a tuple whose items can never be in a cycle leaves the lists. */
  private untrackTuples(head: PyObject): void {
    // CPython's list has inner tuples before the tuples holding them, so one pass untracks a
    // nest; minipy's order can differ, so pass again while one untracked an object after
    // keeping another (which may have held it).
    for (let again = true; again;) {
      again = false;
      let kept = false;
      let o = head.gNext as PyObject;
      while (o !== head) {
        const next = o.gNext as PyObject;
        if (o.untrackable()) { unlink(o); o.gcGen = -1; if (kept) again = true; } else kept = true;
        o = next;
      }
    }
  }

  /** finalize_garbage: tp_finalize once per object (PEP 442), in list order. */
  private finalizeGarbage(unreachable: PyObject, rec: CollectionRecord): void {
    const rt = this.rt;
    const seen = new ListHead();
    while (unreachable.gNext !== unreachable) {
      const o = unreachable.gNext as PyObject;
      unlink(o);
      append(seen, o);
      if (o.needsFinalize() && rt.finalizeImpl !== null && !o.isFinalized()) {
        rec.finalized.push(o.oid);
        o.rc++;
        rt.finalizeImpl(o);
        rt.decref(o);
      }
    }
    merge(seen, unreachable);
  }

  /** delete_garbage: tp_clear breaks the cycles; reference counting frees them. */
  private deleteGarbage(collectable: PyObject, old: PyObject, generation: number): void {
    const rt = this.rt;
    while (collectable.gNext !== collectable) {
      const o = collectable.gNext as PyObject;
      o.gcFlags = 0;
      o.rc++;
      o.gcClear(rt);
      rt.decref(o);
      if (collectable.gNext === o) {
        // Still alive: it may die later.
        unlink(o);
        append(old, o);
        o.gcGen = Math.min(generation + 1, 2);
      }
    }
  }
}
