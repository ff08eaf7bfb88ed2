/*
 * Methods of range (index, count) and slice (indices), installed on T.range
 * and T.slice. Each native receives self as args[0] and returns a new reference.
 */

import type { NativeFn, PyValue } from '../object';
import type { Runtime } from '../runtime';
import { T, defineMethods } from '../builtin-types';
import { PyRange, PySlice } from './range';
import { E, raise } from './exceptions';
import { pyEq } from './compare';
import { methodArgs } from './args';
import { needIndex, sliceIndices } from './ops';
import { newTuple } from './tuple';
import { typeOf } from './typeof';

function rself(rt: Runtime, v: PyValue, name: string): PyRange {
  if (!(v instanceof PyRange)) raise(rt, E.TypeError, `descriptor '${name}' for 'range' objects doesn't apply to a '${typeOf(v).name}' object`);
  return v;
}

/** The position of `v` in `r`, or -1. Exact ints are found arithmetically, anything else by ==, as CPython does. */
function rangeIndex(rt: Runtime, r: PyRange, v: PyValue): number {
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') {
    const x = Number(v);
    if (r.step > 0 ? (x < r.start || x >= r.stop) : (x > r.start || x <= r.stop)) return -1;
    const off = x - r.start;
    return off % r.step === 0 ? off / r.step : -1;
  }
  for (let i = 0; i < r.length; i++) if (pyEq(rt, r.start + i * r.step, v)) return i;
  return -1;
}

const rangeMethods: Record<string, NativeFn> = {
  index(rt, args, kw) {
    methodArgs(rt, 'index', args, kw, 2, 2);
    const i = rangeIndex(rt, rself(rt, args[0], 'index'), args[1]);
    if (i >= 0) return i;
    const v = args[1];
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') raise(rt, E.ValueError, `${Number(v)} is not in range`);
    raise(rt, E.ValueError, 'sequence.index(x): x not in sequence');
  },
  count(rt, args, kw) {
    methodArgs(rt, 'count', args, kw, 2, 2);
    const r = rself(rt, args[0], 'count');
    const v = args[1];
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return rangeIndex(rt, r, v) >= 0 ? 1 : 0;
    let c = 0;
    for (let i = 0; i < r.length; i++) if (pyEq(rt, r.start + i * r.step, v)) c++;
    return c;
  },
};

const sliceMethods: Record<string, NativeFn> = {
  /** slice.indices(length): the (start, stop, step) a sequence of that length would use. */
  indices(rt, args, kw) {
    methodArgs(rt, 'indices', args, kw, 2, 2);
    const s = args[0];
    if (!(s instanceof PySlice)) raise(rt, E.TypeError, `descriptor 'indices' for 'slice' objects doesn't apply to a '${typeOf(s).name}' object`);
    const n = needIndex(rt, args[1]);
    if (n < 0) raise(rt, E.ValueError, 'length should not be negative');
    const [start, stop, step] = sliceIndices(rt, s, n);
    return newTuple(rt, [start, stop, step]);
  },
};

defineMethods(T.range, rangeMethods);
defineMethods(T.slice, sliceMethods);
