/*
 * Weak references, as CPython's Objects/weakrefobject.c: a weakref does not
 * count toward its referent's refcount. When the referent is freed (by
 * refcounting, after its __del__, or by the cycle collector) every weakref to
 * it is cleared first, then the callbacks run, newest first, each given its
 * weakref. The registry lives on the runtime, so objects need no extra slot.
 */

import { PyObject, PyType, type PyValue, type Visit } from './object';
import type { Runtime } from './runtime';
import { T } from './builtin-types';
import { None } from './types/singletons';

export const WeakRefType = new PyType(T.type, 'ReferenceType', T.object, false);
WeakRefType.module = 'weakref';
WeakRefType.rc = 1 << 30;

export class PyWeakRef extends PyObject {
  get cls(): PyType { return WeakRefType; }
  /** Not owned: a weak reference. Null once the referent is gone. */
  referent: PyObject | null;
  /** Owned, or null. */
  callback: PyValue | null;
  /** The referent's hash, computed once while it lived (weakref_hash caches it). */
  hash: number | bigint | null = null;
  constructor(referent: PyObject, callback: PyValue | null) {
    super();
    this.referent = referent;
    this.callback = callback;
  }
  override get gcContainer(): boolean { return true; }
  override traverse(visit: Visit): void {
    if (this.callback !== null) visit(this.callback, '__callback__');
  }
  override nativeAttr(name: string): PyValue | undefined {
    if (name !== '__callback__') return undefined;
    const cb = this.referent === null ? null : this.callback;
    if (cb === null) return None;
    if (typeof cb === 'object') cb.rc++;
    return cb;
  }
  override gcClear(rt: Runtime): void {
    rt.weakrefs.detach(this);
    const cb = this.callback;
    this.callback = null;
    if (cb !== null) rt.decref(cb);
  }
  override clear(rt: Runtime): void { this.gcClear(rt); }
  /** r(): the referent (new reference) or None. */
  get(): PyValue {
    const o = this.referent;
    if (o === null) return None;
    o.rc++;
    return o;
  }
  sizeOf(): number { return 80; }
}

/** Which objects can be weakly referenced (CPython: types with tp_weaklistoffset). */
export function weakrefable(v: PyValue): v is PyObject {
  if (typeof v !== 'object') return false;
  const name = v.cls.name;
  return v.cls.heapType || v instanceof PyType || WEAKREFABLE.has(name);
}

const WEAKREFABLE = new Set(['function', 'set', 'frozenset', 'generator', 'coroutine', 'method', 'ReferenceType', 'code', 'finalize']);

/** Every live weakref, by referent, oldest first. */
export class WeakRegistry {
  private readonly byReferent = new Map<PyObject, PyWeakRef[]>();

  /** weakref.ref(o[, callback]) (callback borrowed): a ref without callback is shared, as CPython's basic ref. */
  make(rt: Runtime, o: PyObject, callback: PyValue | null): PyWeakRef {
    let list = this.byReferent.get(o);
    if (callback === null && list !== undefined) {
      const basic = list.find((r) => r.callback === null);
      if (basic !== undefined) { basic.rc++; return basic; }
    }
    if (callback !== null && typeof callback === 'object') callback.rc++;
    const r = rt.track(new PyWeakRef(o, callback));
    r.rc = 1;
    if (list === undefined) { list = []; this.byReferent.set(o, list); }
    list.push(r);
    return r;
  }

  refsTo(o: PyObject): readonly PyWeakRef[] {
    return this.byReferent.get(o) ?? [];
  }

  get size(): number { return this.byReferent.size; }

  /** The weakref is going away: its referent no longer lists it. */
  detach(r: PyWeakRef): void {
    const o = r.referent;
    if (o === null) return;
    r.referent = null;
    const list = this.byReferent.get(o);
    if (list === undefined) return;
    const i = list.indexOf(r);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byReferent.delete(o);
  }

  /**
   * The referent is being freed: clear every weakref to it and return those
   * whose callbacks must run, newest first, each with a new reference.
   */
  clearAll(o: PyObject, wantCallback: (r: PyWeakRef) => boolean = () => true): PyWeakRef[] {
    const list = this.byReferent.get(o);
    if (list === undefined) return [];
    this.byReferent.delete(o);
    const calls: PyWeakRef[] = [];
    for (let i = list.length - 1; i >= 0; i--) {
      const r = list[i];
      r.referent = null;
      if (r.callback !== null && r.rc > 0 && wantCallback(r)) { r.rc++; calls.push(r); }
    }
    return calls;
  }
}
