/*
 * The lazy iterator objects behind enumerate, zip, map, filter and reversed.
 * Each owns its inner iterators and callables (traverse lists them).
 */

import type { PyType, PyValue, Visit } from '../object';
import type { Runtime } from '../runtime';
import { T } from '../builtin-types';
import { PyIter } from './iterators';
import { PyTuple, newTuple, nextResult } from './tuple';
import { None } from './singletons';
import { iterNext, isTrue } from './ops';
import { intAdd, type Int } from './int';
import { E, raise } from './exceptions';

export class EnumerateIter extends PyIter {
  get cls(): PyType { return T.enumerate; }
  /** The kept (index, item) tuple (en_result: see nextResult), owned; set by enumerate(). */
  result: PyTuple | null = null;
  constructor(public it: PyValue | null, public count: Int) { super(); }
  next(rt: Runtime): PyValue | undefined {
    if (this.it === null) return undefined;
    const v = iterNext(rt, this.it);
    if (v === undefined) return undefined;
    const i = this.count;
    this.count = intAdd(i, 1);
    return this.result === null ? newTuple(rt, [i, v]) : nextResult(rt, this.result, [i, v]);
  }
  override traverse(visit: Visit): void {
    if (this.it !== null) visit(this.it, 'en_sit');
    if (this.result !== null) visit(this.result, 'en_result');
  }
  override clear(rt: Runtime): void {
    const it = this.it; const r = this.result;
    this.it = null; this.result = null;
    if (it !== null) rt.decref(it);
    if (r !== null) rt.decref(r);
  }
}

export class ZipIter extends PyIter {
  get cls(): PyType { return T.zip; }
  /** The kept tuple of one item per iterator (zip's result: see nextResult), owned; set by zip(). */
  result: PyTuple | null = null;
  constructor(public its: PyValue[], readonly strict: boolean) { super(); }
  next(rt: Runtime): PyValue | undefined {
    const its = this.its;
    if (its.length === 0) return undefined;
    const out: PyValue[] = [];
    for (let i = 0; i < its.length; i++) {
      const v = iterNext(rt, its[i]);
      if (v === undefined) {
        for (const x of out) rt.decref(x);
        if (this.strict) this.checkStrict(rt, i);
        return undefined;
      }
      out.push(v);
    }
    return this.result === null ? newTuple(rt, out) : nextResult(rt, this.result, out);
  }

  /** zip(strict=True): argument i ran out; every argument must end together (zip_next's check). */
  private checkStrict(rt: Runtime, i: number): void {
    const plural = (n: number): string => (n === 1 ? ' 1' : `s 1-${n}`);
    if (i > 0) raise(rt, E.ValueError, `zip() argument ${i + 1} is shorter than argument${plural(i)}`);
    for (let j = 1; j < this.its.length; j++) {
      const v = iterNext(rt, this.its[j]);
      if (v !== undefined) {
        rt.decref(v);
        raise(rt, E.ValueError, `zip() argument ${j + 1} is longer than argument${plural(j)}`);
      }
    }
  }
  override traverse(visit: Visit): void {
    this.its.forEach((it, i) => visit(it, `ittuple[${i}]`));
    if (this.result !== null) visit(this.result, 'result');
  }
  override clear(rt: Runtime): void {
    const its = this.its; const r = this.result;
    this.its = []; this.result = null;
    for (const it of its) rt.decref(it);
    if (r !== null) rt.decref(r);
  }
}

export class MapIter extends PyIter {
  get cls(): PyType { return T.map; }
  constructor(public fn: PyValue | null, public its: PyValue[]) { super(); }
  next(rt: Runtime): PyValue | undefined {
    if (this.fn === null) return undefined;
    const args: PyValue[] = [];
    for (const it of this.its) {
      const v = iterNext(rt, it);
      if (v === undefined) { for (const x of args) rt.decref(x); return undefined; }
      args.push(v);
    }
    try {
      return rt.call(this.fn, args, null);
    } finally {
      for (const x of args) rt.decref(x);
    }
  }
  override traverse(visit: Visit): void {
    if (this.fn !== null) visit(this.fn, 'func');
    this.its.forEach((it, i) => visit(it, `iters[${i}]`));
  }
  override clear(rt: Runtime): void {
    const { fn, its } = this;
    this.fn = null; this.its = [];
    if (fn !== null) rt.decref(fn);
    for (const it of its) rt.decref(it);
  }
}

export class FilterIter extends PyIter {
  get cls(): PyType { return T.filter; }
  constructor(public fn: PyValue, public it: PyValue | null) { super(); }
  next(rt: Runtime): PyValue | undefined {
    if (this.it === null) return undefined;
    for (;;) {
      const v = iterNext(rt, this.it);
      if (v === undefined) return undefined;
      let keep: boolean;
      try {
        if (this.fn === None) keep = isTrue(rt, v);
        else {
          const r = rt.call(this.fn, [v], null);
          keep = isTrue(rt, r);
          rt.decref(r);
        }
      } catch (e) {
        rt.decref(v);
        throw e;
      }
      if (keep) return v;
      rt.decref(v);
    }
  }
  override traverse(visit: Visit): void {
    if (this.fn !== None) visit(this.fn, 'func');
    if (this.it !== null) visit(this.it, 'it');
  }
  override clear(rt: Runtime): void {
    const { fn, it } = this;
    this.fn = None; this.it = null;
    rt.decref(fn);
    if (it !== null) rt.decref(it);
  }
}

/** reversed() over a sequence with __len__ and __getitem__ (tuples, strs, ranges, user classes). */
export class ReversedIter extends PyIter {
  get cls(): PyType { return T.reversed; }
  constructor(public seq: PyValue | null, public i: number, readonly getItem: (rt: Runtime, s: PyValue, i: number) => PyValue) { super(); }
  next(rt: Runtime): PyValue | undefined {
    if (this.seq === null || this.i < 0) return undefined;
    return this.getItem(rt, this.seq, this.i--);
  }
  override traverse(visit: Visit): void { if (this.seq !== null) visit(this.seq, 'seq'); }
  override clear(rt: Runtime): void { const s = this.seq; this.seq = null; if (s !== null) rt.decref(s); }
}
