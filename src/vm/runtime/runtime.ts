/*
 * One session's runtime state: its heap (ids, the list of live tracked
 * objects, byte accounting), reference counting and deallocation, and the
 * entry points that native code uses to call back into Python.
 *
 * SKELETON: the interpreter owns this file and fills in the bodies; the
 * signatures below are the contract the type implementations (types/*.ts)
 * code against. Nothing here is global: two sessions never share a Runtime.
 */

import { PyObject, type PyValue, type PyType } from './object';

export interface RuntimeOptions {
  /** Heap limit in bytes (sum of sys.getsizeof of live objects); MemoryError beyond it. */
  maxHeapBytes: number;
  recursionLimit: number;
}

export class Runtime {
  /** Next id() to hand out; ids are deterministic per session. */
  nextId = 1;
  /** Sentinel of the circular list of live tracked objects. */
  readonly gcHead: PyObject;
  /** Sum of sys.getsizeof over live tracked objects, and its peak. */
  liveBytes = 0;
  peakBytes = 0;
  /** Text the program printed so far. */
  stdout: string[] = [];
  stderr: string[] = [];

  constructor(readonly options: RuntimeOptions) {
    this.gcHead = null as unknown as PyObject; // set by the interpreter's implementation
  }

  /** Give a new object its id and link it into the live list. Returns the object (rc 0: the caller owns the first reference by incrementing). */
  track<O extends PyObject>(obj: O): O {
    obj.oid = this.nextId++;
    return obj;
  }

  incref(v: PyValue): void {
    if (typeof v === 'object') v.rc++;
  }

  decref(v: PyValue): void {
    if (typeof v === 'object' && --v.rc === 0) this.dealloc(v);
  }

  /** The count reached zero: run __del__ (if any), drop owned references, unlink. */
  dealloc(_obj: PyObject): void {
    throw new Error('Runtime.dealloc: implemented by the interpreter');
  }

  /** Call any Python callable from native code and wait for its result (a new reference). */
  call(_callable: PyValue, _args: PyValue[], _kwnames: readonly string[] | null = null): PyValue {
    throw new Error('Runtime.call: implemented by the interpreter');
  }

  /** Look a special method up on the type (not the instance), as CPython's _PyType_Lookup; undefined if absent. */
  lookupSpecial(v: PyValue, name: string): PyValue | undefined {
    return this.typeOf(v).lookup(name);
  }

  typeOf(_v: PyValue): PyType {
    throw new Error('Runtime.typeOf: implemented by the types module');
  }
}
