/*
 * One session's runtime state: its heap (ids, the list of live tracked
 * objects, byte accounting), reference counting and deallocation, and the
 * entry point native code uses to call back into Python (`call`, wired by
 * the interpreter). Nothing here is global: two sessions never share a Runtime.
 *
 * Deallocation follows CPython: at refcount zero `__del__` runs first (once,
 * PEP 442; the object may be resurrected), then the object drops what it owns.
 * Nested frees go depth-first like CPython's tp_dealloc chain, but past a
 * fixed depth they are deferred to a queue (CPython's "trashcan"), so freeing
 * a 100,000-long chain never overflows the JS stack.
 */

import { PyObject, type PyValue, type PyType } from './object';
import { T } from './builtin-types';
import { typeOf } from './types/typeof';
import { sizeof } from './types/sizeof';
import { CycleCollector } from './gc';
import { WeakRegistry, type PyWeakRef } from './weakref';
import { E, excConstruct } from './types/exceptions';
import { PyInstance } from './instance';

export interface RuntimeOptions {
  /** Heap limit in bytes (sum of sys.getsizeof of live objects); MemoryError beyond it. */
  maxHeapBytes: number;
  recursionLimit: number;
  /**
   * Asked as the heap grows: how many bytes the host (Node's own heap) may still grow before it
   * is nearly full; 0 or less counts as reaching the limit. sys.getsizeof undercounts what the
   * JS objects take, so this keeps a program from crashing Node before maxHeapBytes is reached.
   */
  hostHeadroom?: () => number;
}

/**
 * The least Python bytes of growth between two questions to the host. It is asked again after
 * 1/16 of the headroom it gave (the JS objects take some 3 times what sys.getsizeof counts), so
 * a heap far from the host's limit asks rarely (each question walks V8's heap spaces).
 */
const HOST_CHECK_BYTES = 1 << 16;

/** Something that wants to hear about allocation and freeing (the snapshot recorder). */
/** Thrown when Python code would run while the runtime is read-only (a snapshot's repr met a user __repr__). */
export class ReadOnlyViolation extends Error {
  constructor() { super('Python code cannot run while a snapshot is taken'); }
}

export interface HeapListener {
  alloc(obj: PyObject): void;
  free(obj: PyObject): void;
}

class GcHead extends PyObject {
  get cls(): PyType { return T.object; }
}

/** CPython's trashcan unwinds nested deallocs past this depth (_PyTrash_UNWIND_LEVEL). */
const TRASH_DEPTH = 50;

export class Runtime {
  /** Next id() to hand out; ids are deterministic per session. */
  nextId = 1;
  /** Sentinel of the circular list of live tracked objects. */
  readonly gcHead: PyObject;
  /** Number of live tracked objects. */
  liveCount = 0;
  /**
   * Sum of sys.getsizeof over live tracked objects, kept as objects come and go,
   * and its peak. An object's growth is counted when it is freed or measured.
   */
  liveBytes = 0;
  peakBytes = 0;
  /** Text the program printed so far. */
  stdout: string[] = [];
  stderr: string[] = [];
  /** Set by the interpreter: runs a Python callable to completion. */
  callImpl: ((callable: PyValue, args: PyValue[], kwnames: readonly string[] | null) => PyValue) | null = null;
  /** Set by the interpreter: runs `__del__` of an object whose count reached zero. */
  finalizeImpl: ((obj: PyObject) => void) | null = null;
  listener: HeapListener | null = null;
  /** The cycle collector. */
  readonly gc: CycleCollector = new CycleCollector(this);
  /** Run when the program ends, last registered first (atexit). */
  readonly atexit: (() => void)[] = [];
  /** Weak references, by referent. */
  readonly weakrefs = new WeakRegistry();
  /** Set by the program: reports an exception nobody can catch (PyErr_WriteUnraisable). */
  unraisableImpl: ((exc: PyObject, where: PyValue) => void) | null = null;
  /** Told of each object as it is freed (the collector records what a collection freed). */
  private freeWatch: ((obj: PyObject) => void) | null = null;
  /**
   * One freed slice kept for the next new one (CPython 3.11's slice_cache): `a[i:j]` in a loop
   * then makes no new JS object. Its id, accounting and tracking are a new object's all the same.
   */
  spareSlice: PyObject | null = null;
  /** Set once a mode turns objects' rc into accessors (biased, racy counts): a reused object would keep its old one. */
  countsWatched = false;
  /** True when nothing outside the heap keeps or is told of freed objects, so one may be reused. */
  canRecycle(): boolean {
    return this.listener === null && this.freeWatch === null && !this.countsWatched;
  }
  private deallocDepth = 0;
  private deferred: PyObject[] = [];
  /**
   * The limit liveBytes may reach: maxHeapBytes, or a little more right after a MemoryError
   * (so its handler can run while the heap is still full) until the heap shrinks below it.
   */
  private heapLimit: number;
  // a double from the start (+ 0.5): its later values are (headroom / 16), and a small int turned
  // double mid-run changes the runtime's hidden class, deoptimising every function compiled on it
  private nextHostCheck = HOST_CHECK_BYTES + 0.5;
  /** A new object took the heap past its limit: the interpreter raises MemoryError at the next instruction. */
  heapOver = false;
  /** Set by the interpreter: make it look at heapOver before the next instruction. */
  onHeapOver: (() => void) | null = null;

  constructor(readonly options: RuntimeOptions) {
    const head = new GcHead();
    head.gcNext = head;
    head.gcPrev = head;
    head.rc = 1 << 30;
    this.gcHead = head;
    this.heapLimit = options.maxHeapBytes;
  }

  /** Whether the heap is past its limit (or the host's memory is low). */
  private overLimit(): boolean {
    if (this.liveBytes > this.heapLimit) return true;
    if (this.liveBytes < this.nextHostCheck || this.options.hostHeadroom === undefined) return false;
    const headroom = this.options.hostHeadroom();
    this.nextHostCheck = this.liveBytes + Math.max(HOST_CHECK_BYTES, headroom / 16);
    return headroom <= 0;
  }

  /**
   * Raise MemoryError (as CPython when an allocation fails). The limit then allows a margin
   * of 1/64 for the handler, until the heap drops back under maxHeapBytes.
   */
  raiseMemoryError(): never {
    const max = this.options.maxHeapBytes;
    this.heapLimit = Math.max(this.heapLimit, max + Math.floor(max / 64));
    const e = excConstruct(this, E.MemoryError, []);
    this.heapOver = false;
    throw e;
  }

  /** Before building something of `bytes` at once (a list repeat, a presized list): MemoryError if it cannot fit. */
  reserve(bytes: number): void {
    if (this.liveBytes + bytes > this.heapLimit) this.raiseMemoryError();
  }

  /** A container grew (a list, dict or set resized): count its new size, MemoryError past the limit. */
  grew(obj: PyObject): void {
    const size = sizeof(obj);
    if ((this.liveBytes += size - obj.accounted) > this.peakBytes) this.peakBytes = this.liveBytes;
    obj.accounted = size;
    if (this.overLimit()) this.raiseMemoryError();
  }

  /** The interpreter's check before the next instruction, once a new object took the heap past the limit. */
  checkHeap(): void {
    if (this.heapOver) this.raiseMemoryError();
  }

  /**
   * An object made and freed at once, without making it (the slice of s[a:b], which the
   * subscript after it consumes): it takes its id and counts toward the peak, as track and
   * dealloc would have it. False when it must really be made: something watches objects
   * come and go, or the heap would reach its limit (MemoryError) or the host check.
   */
  phantomAlloc(size: number): boolean {
    const after = this.liveBytes + size;
    if (!this.canRecycle() || after > this.heapLimit || (after >= this.nextHostCheck && this.options.hostHeadroom !== undefined)) return false;
    this.nextId++;
    if (after > this.peakBytes) this.peakBytes = after;
    // as deallocOne: the margin after a MemoryError ends once the heap is back under the limit
    if (this.heapLimit !== this.options.maxHeapBytes && this.liveBytes < this.options.maxHeapBytes) this.heapLimit = this.options.maxHeapBytes;
    return true;
  }

  /** Give a new object its id and link it into the live list. */
  track<O extends PyObject>(obj: O): O {
    // A class instance (a container) takes call sites of its own, as in deallocOne.
    const inst = obj instanceof PyInstance;
    return this.trackSized(obj, inst ? obj.sizeOf() : sizeof(obj), inst || obj.gcContainer);
  }

  /** track for a new class instance (a container of its own size), without the test for one. */
  trackInstance(obj: PyInstance): PyInstance {
    return this.trackSized(obj, obj.sizeOf(), true);
  }

  /**
   * track, for a caller that knows the new object's sys.getsizeof and whether the collector
   * tracks it: no dispatch on its type (the hot allocations, tuples, instances and exceptions).
   */
  trackSized<O extends PyObject>(obj: O, size: number, container: boolean): O {
    obj.oid = this.nextId++;
    const head = this.gcHead;
    const last = head.gcPrev as PyObject;
    obj.gcPrev = last;
    obj.gcNext = head;
    last.gcNext = obj;
    head.gcPrev = obj;
    this.liveCount++;
    obj.accounted = size;
    if ((this.liveBytes += size) > this.peakBytes) this.peakBytes = this.liveBytes;
    // Raising here would leave the caller's half-built object behind: the interpreter raises instead.
    if (this.overLimit() && !this.heapOver) { this.heapOver = true; this.onHeapOver?.(); }
    if (container) this.gc.allocated(obj);
    if (this.listener !== null) this.listener.alloc(obj);
    return obj;
  }

  private untrack(obj: PyObject): void {
    const p = obj.gcPrev;
    const n = obj.gcNext;
    if (p === null || n === null) return;
    p.gcNext = n;
    n.gcPrev = p;
    obj.gcPrev = null;
    obj.gcNext = null;
    this.liveCount--;
  }

  incref(v: PyValue): void {
    if (typeof v === 'object') v.rc++;
  }

  decref(v: PyValue): void {
    if (typeof v === 'object' && --v.rc === 0) this.dealloc(v);
  }

  /** The count reached zero: run __del__ (if any), drop owned references, unlink. */
  dealloc(obj: PyObject): void {
    if (obj.gcNext === null) return; // untracked (floats, immortals): nothing owned to drop
    if (this.deallocDepth >= TRASH_DEPTH) {
      this.deferred.push(obj);
      return;
    }
    this.deallocDepth++;
    try {
      this.deallocOne(obj);
    } finally {
      this.deallocDepth--;
    }
    if (this.deallocDepth === 0 && this.deferred.length > 0) this.drainDeferred();
  }

  private drainDeferred(): void {
    this.deallocDepth++;
    try {
      while (this.deferred.length > 0) this.deallocOne(this.deferred.pop() as PyObject);
    } finally {
      this.deallocDepth--;
    }
  }

  private deallocOne(obj: PyObject): void {
    // A class instance, the commonest object freed, takes call sites of its own below:
    // each then sees one kind of object, which V8 inlines, instead of every kind.
    const inst = obj instanceof PyInstance;
    if (this.finalizeImpl !== null && (inst ? obj.needsFinalize() : obj.needsFinalize())) {
      this.finalizeImpl(obj);
      if (obj.rc > 0) return; // resurrected by __del__
    }
    // subtype_dealloc: weakrefs are cleared and their callbacks run after __del__, before the slots go.
    if (this.weakrefs.size !== 0) {
      const calls = this.weakrefs.clearAll(obj);
      if (calls.length > 0) this.runWeakCallbacks(calls);
    }
    if (this.listener !== null) this.listener.free(obj);
    if (this.freeWatch !== null) this.freeWatch(obj);
    // Its growth since it was last measured counts toward the peak before it goes
    // (so a list built and freed within one line still shows in the peak).
    const size = inst ? obj.sizeOf() : sizeof(obj);
    if ((this.liveBytes += size - obj.accounted) > this.peakBytes) this.peakBytes = this.liveBytes;
    this.liveBytes -= size;
    if (this.heapLimit !== this.options.maxHeapBytes && this.liveBytes < this.options.maxHeapBytes) this.heapLimit = this.options.maxHeapBytes;
    this.untrack(obj);
    if (inst) {
      this.gc.freed(obj);
      obj.clear(this);
      return;
    }
    if (obj.gcContainer) this.gc.freed(obj);
    obj.clear(this);
  }

  /** Call each cleared weakref's callback with the weakref (each `r` a new reference, dropped here). */
  runWeakCallbacks(calls: PyWeakRef[]): void {
    for (const r of calls) {
      const cb = r.callback;
      try {
        if (cb !== null) this.decref(this.call(cb, [r]));
      } catch (e) {
        if (!(e instanceof PyObject) || this.unraisableImpl === null) throw e;
        this.unraisableImpl(e, cb as PyValue);
      }
      this.decref(r);
    }
  }

  /** Call `fn` for each object freed until the returned function is called. */
  watchFrees(fn: (obj: PyObject) => void): () => void {
    const prev = this.freeWatch;
    this.freeWatch = prev === null ? fn : (o) => { prev(o); fn(o); };
    return () => { this.freeWatch = prev; };
  }

  /** While above 0 (a snapshot is being built), Python code must not run: it would change the program. */
  readOnly = 0;

  /** Call any Python callable from native code and wait for its result (a new reference). */
  call(callable: PyValue, args: PyValue[], kwnames: readonly string[] | null = null): PyValue {
    if (this.callImpl === null) throw new Error('Runtime.call: no interpreter attached');
    if (this.readOnly > 0) throw new ReadOnlyViolation();
    return this.callImpl(callable, args, kwnames);
  }

  /** Look a special method up on the type (not the instance), as CPython's _PyType_Lookup. */
  lookupSpecial(v: PyValue, name: string): PyValue | undefined {
    return this.typeOf(v).lookup(name);
  }

  typeOf(v: PyValue): PyType {
    return typeOf(v);
  }

  /** Every live tracked object, oldest first. */
  *liveObjects(): IterableIterator<PyObject> {
    for (let o = this.gcHead.gcNext; o !== null && o !== this.gcHead; o = o.gcNext) yield o;
  }

  /** Recompute live bytes (sum of sys.getsizeof) and update the peak. */
  measureLiveBytes(): number {
    let total = 0;
    for (const o of this.liveObjects()) { const s = sizeof(o); o.accounted = s; total += s; }
    this.liveBytes = total;
    if (total > this.peakBytes) this.peakBytes = total;
    return total;
  }
}
