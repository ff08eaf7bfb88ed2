/*
 * Methods of int and float that teaching programs use: int.bit_length,
 * int.bit_count, float.is_integer, float.as_integer_ratio, conjugate.
 */

import type { NativeFn, PyValue } from '../object';
import type { Runtime } from '../runtime';
import { T, defineMethods } from '../builtin-types';
import { PyFloat } from './float';
import { E, raise } from './exceptions';
import { posArgs } from './args';
import { tupleOfBorrowed } from './tuple';
import { normBig } from './int';

function intSelf(rt: Runtime, v: PyValue): number | bigint {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  raise(rt, E.TypeError, "descriptor for 'int' objects doesn't apply");
}

const intMethods: Record<string, NativeFn> = {
  bit_length(rt, args, kw) {
    posArgs(rt, 'int.bit_length', args, kw, 1, 1);
    const n = intSelf(rt, args[0]);
    const a = typeof n === 'bigint' ? (n < 0n ? -n : n) : Math.abs(n);
    return a === 0 || a === 0n ? 0 : a.toString(2).length;
  },
  bit_count(rt, args, kw) {
    posArgs(rt, 'int.bit_count', args, kw, 1, 1);
    const n = intSelf(rt, args[0]);
    const a = typeof n === 'bigint' ? (n < 0n ? -n : n) : Math.abs(n);
    return a.toString(2).replace(/0/g, '').length;
  },
  conjugate(rt, args, kw) { posArgs(rt, 'int.conjugate', args, kw, 1, 1); return intSelf(rt, args[0]); },
};

function floatSelf(rt: Runtime, v: PyValue): number {
  if (v instanceof PyFloat) return v.v;
  raise(rt, E.TypeError, "descriptor for 'float' objects doesn't apply");
}

const floatMethods: Record<string, NativeFn> = {
  is_integer(rt, args, kw) {
    posArgs(rt, 'float.is_integer', args, kw, 1, 1);
    return Number.isInteger(floatSelf(rt, args[0]));
  },
  as_integer_ratio(rt, args, kw) {
    posArgs(rt, 'float.as_integer_ratio', args, kw, 1, 1);
    const x = floatSelf(rt, args[0]);
    if (x !== x) raise(rt, E.ValueError, 'cannot convert NaN to integer ratio');
    if (!Number.isFinite(x)) raise(rt, E.OverflowError, 'cannot convert Infinity to integer ratio');
    let den = 1n;
    let m = x;
    while (!Number.isInteger(m)) { m *= 2; den *= 2n; }
    return tupleOfBorrowed(rt, [normBig(BigInt(m)), normBig(den)]);
  },
  conjugate(rt, args, kw) {
    posArgs(rt, 'float.conjugate', args, kw, 1, 1);
    const f = args[0];
    floatSelf(rt, f);
    (f as PyFloat).rc++;
    return f;
  },
};

defineMethods(T.int, intMethods);
defineMethods(T.float, floatMethods);
