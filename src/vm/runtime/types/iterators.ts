/*
 * Iterator objects of the built-in types and of enumerate/zip/map/filter/
 * reversed. Each owns a reference to what it walks; `next` returns a new
 * reference or undefined when exhausted (no StopIteration allocation on the
 * fast path used by FOR_ITER).
 */

import { PyObject, type PyType, type PyValue, type Visit } from '../object';
import type { Runtime } from '../runtime';
import { T } from '../builtin-types';
import type { PyList } from './list';
import type { PyTuple } from './tuple';
import type { PyDict } from './dict';
import type { PySet } from './set';
import { E, raise } from './exceptions';
import { tupleOfBorrowed, nextResult } from './tuple';
import { pyEq } from './compare';
import { settle } from '../hidden-class';

/** Common shape: `next` gives a new reference or undefined at the end. */
export abstract class PyIter extends PyObject {
  abstract next(rt: Runtime): PyValue | undefined;
  override get gcContainer(): boolean { return true; }
}

/** iter(callable, sentinel): call until the sentinel comes back (calliterobject). */
export class CallableIter extends PyIter {
  get cls(): PyType { return T.callable_iterator; }
  /** Both owned; null once exhausted. */
  constructor(public fn: PyValue | null, public sentinel: PyValue | null) { super(); }
  next(rt: Runtime): PyValue | undefined {
    const fn = this.fn;
    if (fn === null) return undefined;
    let v: PyValue;
    try {
      v = rt.call(fn, []);
    } catch (e) {
      // A StopIteration from the callable ends the iteration too.
      if (e instanceof PyObject && e.cls.isSubtypeOf(E.StopIteration)) { rt.decref(e); this.exhaust(rt); return undefined; }
      throw e;
    }
    const s = this.sentinel as PyValue;
    if (v === s || pyEq(rt, v, s)) { rt.decref(v); this.exhaust(rt); return undefined; }
    return v;
  }
  private exhaust(rt: Runtime): void {
    const { fn, sentinel } = this;
    this.fn = null; this.sentinel = null;
    if (fn !== null) rt.decref(fn);
    if (sentinel !== null) rt.decref(sentinel);
  }
  override traverse(visit: Visit): void {
    if (this.fn !== null) visit(this.fn, 'it_callable');
    if (this.sentinel !== null) visit(this.sentinel, 'it_sentinel');
  }
  override clear(rt: Runtime): void { this.exhaust(rt); }
}

let seqIterSettled = false;

export class SeqIter extends PyIter {
  cls: PyType;
  i = 0;
  constructor(public seq: PyList | PyTuple | null, cls: PyType) {
    super();
    this.cls = cls;
    if (!seqIterSettled) { seqIterSettled = true; settle(this, ['i', 'seq']); }
  }
  next(_rt: Runtime): PyValue | undefined {
    const s = this.seq;
    if (s === null) return undefined;
    if (this.i < s.items.length) {
      const v = s.items[this.i++];
      if (typeof v === 'object') v.rc++;
      return v;
    }
    this.seq = null;
    _rt.decref(s);
    return undefined;
  }
  override traverse(visit: Visit): void { if (this.seq !== null) visit(this.seq, 'it_seq'); }
  override clear(rt: Runtime): void { const s = this.seq; this.seq = null; if (s !== null) rt.decref(s); }
}

export class ListRevIter extends PyIter {
  get cls(): PyType { return T.list_reverseiterator; }
  i: number;
  constructor(public seq: PyList | null) {
    super();
    this.i = seq === null ? -1 : seq.items.length - 1;
  }
  next(rt: Runtime): PyValue | undefined {
    const s = this.seq;
    if (s === null) return undefined;
    if (this.i >= 0 && this.i < s.items.length) {
      const v = s.items[this.i--];
      if (typeof v === 'object') v.rc++;
      return v;
    }
    this.seq = null;
    rt.decref(s);
    return undefined;
  }
  override traverse(visit: Visit): void { if (this.seq !== null) visit(this.seq, 'it_seq'); }
  override clear(rt: Runtime): void { const s = this.seq; this.seq = null; if (s !== null) rt.decref(s); }
}

export class RangeIter extends PyIter {
  get cls(): PyType { return T.range_iterator; }
  override get gcContainer(): boolean { return false; }
  constructor(public cur: number, readonly step: number, public left: number) {
    super();
  }
  next(_rt: Runtime): PyValue | undefined {
    if (this.left <= 0) return undefined;
    this.left--;
    const v = this.cur;
    this.cur += this.step;
    return v;
  }
}

const ASCII = /^[\x00-\x7f]*$/;

export class StrIter extends PyIter {
  /** 3.11 iterates an all-ASCII str with its own type, str_ascii_iterator. */
  get cls(): PyType { return this.ascii ? T.str_ascii_iterator : T.str_iterator; }
  i = 0;
  private readonly ascii: boolean;
  constructor(readonly s: string) { super(); this.ascii = ASCII.test(s); }
  next(_rt: Runtime): PyValue | undefined {
    const s = this.s;
    const i = this.i;
    if (i >= s.length) return undefined;
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      this.i = i + 2;
      return s.slice(i, i + 2);
    }
    this.i = i + 1;
    return s[i];
  }
}

let dictIterSettled = false;

/** Iterates a dict's keys, values or items; "dictionary changed size during iteration". */
export class DictIter extends PyIter {
  cls: PyType;
  it: Iterator<[unknown, PyValue]> | null;
  readonly size: number;
  /** An items iterator's kept (key, value) tuple (di_result: see nextResult), owned; set by its maker. */
  result: PyTuple | null = null;
  constructor(public d: PyDict | null, readonly kind: 0 | 1 | 2, cls: PyType) {
    super();
    this.cls = cls;
    this.it = d === null ? null : d.map.entries();
    this.size = d === null ? 0 : d.map.size;
    if (!dictIterSettled) { dictIterSettled = true; settle(this, ['d', 'it', 'result']); }
  }
  next(rt: Runtime): PyValue | undefined {
    const d = this.d;
    if (d === null) return undefined;
    if (d.map.size !== this.size) {
      this.d = null;
      this.it = null;
      rt.decref(d);
      raise(rt, E.RuntimeError, 'dictionary changed size during iteration');
    }
    const r = this.it!.next();
    if (r.done) { this.d = null; this.it = null; rt.decref(d); return undefined; }
    const [nk, v] = r.value;
    const k = d.keyOf !== null ? (d.keyOf.get(nk) ?? nk as PyValue) : nk as PyValue;
    if (this.kind === 0) { if (typeof k === 'object') k.rc++; return k; }
    if (this.kind === 1) { if (typeof v === 'object') v.rc++; return v; }
    if (this.result === null) return pairTuple(rt, k, v);
    if (typeof k === 'object') k.rc++;
    if (typeof v === 'object') v.rc++;
    return nextResult(rt, this.result, [k, v]);
  }
  override traverse(visit: Visit): void {
    if (this.d !== null) visit(this.d, 'di_dict');
    if (this.result !== null) visit(this.result, 'di_result');
  }
  override clear(rt: Runtime): void {
    const d = this.d; const r = this.result;
    this.d = null; this.it = null; this.result = null;
    if (d !== null) rt.decref(d);
    if (r !== null) rt.decref(r);
  }
}

export class SetIter extends PyIter {
  get cls(): PyType { return T.set_iterator; }
  i = 0;
  readonly size: number;
  /** `order` is the set's elements in CPython's iteration order (borrowed from the set). */
  constructor(public s: PySet | null, readonly order: PyValue[]) {
    super();
    this.size = s === null ? 0 : s.map.size;
  }
  next(rt: Runtime): PyValue | undefined {
    const s = this.s;
    if (s === null) return undefined;
    if (s.map.size !== this.size) {
      this.s = null; rt.decref(s);
      raise(rt, E.RuntimeError, 'Set changed size during iteration');
    }
    if (this.i >= this.order.length) { this.s = null; rt.decref(s); return undefined; }
    const v = this.order[this.i++];
    if (typeof v === 'object') v.rc++;
    return v;
  }
  override traverse(visit: Visit): void { if (this.s !== null) visit(this.s, 'si_set'); }
  override clear(rt: Runtime): void { const s = this.s; this.s = null; if (s !== null) rt.decref(s); }
}

function pairTuple(rt: Runtime, a: PyValue, b: PyValue): PyValue { return tupleOfBorrowed(rt, [a, b]); }
