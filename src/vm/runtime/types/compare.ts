/*
 * Comparisons: ==, !=, <, <=, >, >= with CPython 3.11 semantics: numbers of
 * any kind compare exactly, sequences lexicographically (identity counts as
 * equal inside containers), user __eq__/__lt__... with reflected operands and
 * the NotImplemented protocol, and CPython's TypeError texts.
 */

import type { PyValue } from '../object';
import type { Runtime } from '../runtime';
import { T } from '../builtin-types';
import { PyFloat } from './float';
import { PyTuple } from './tuple';
import { PyList } from './list';
import { None, NotImplemented } from './singletons';
import { E, raise } from './exceptions';
import { typeOf } from './typeof';
import { callMethod1 } from './call';
import { compareStr } from './strings';
import { PyWeakRef } from '../weakref';

/** COMPARE_OP order: < <= == != > >= */
export const LT = 0, LE = 1, EQ = 2, NE = 3, GT = 4, GE = 5;
export const CMP_SYMBOL = ['<', '<=', '==', '!=', '>', '>='];
const REFLECT = [GT, GE, EQ, NE, LT, LE];
const DUNDER = ['__lt__', '__le__', '__eq__', '__ne__', '__gt__', '__ge__'];

/** A numeric value as a JS number or bigint, or null if not a number. */
function numOf(v: PyValue): number | bigint | null {
  switch (typeof v) {
    case 'number': case 'bigint': return v;
    case 'boolean': return v ? 1 : 0;
    case 'string': return null;
  }
  return v instanceof PyFloat ? v.v : null;
}

function cmpNums(op: number, a: number | bigint, b: number | bigint): boolean {
  // JS compares number/bigint mixtures exactly, which is Python's rule too
  switch (op) {
    case LT: return a < b;
    case LE: return a <= b;
    // eslint-disable-next-line eqeqeq
    case EQ: return a == b;
    // eslint-disable-next-line eqeqeq
    case NE: return a != b;
    case GT: return a > b;
    default: return a >= b;
  }
}

function cmpStrs(op: number, a: string, b: string): boolean {
  switch (op) {
    case EQ: return a === b;
    case NE: return a !== b;
    case LT: return compareStr(a, b) < 0;
    case LE: return compareStr(a, b) <= 0;
    case GT: return compareStr(a, b) > 0;
    default: return compareStr(a, b) >= 0;
  }
}

/** a == b as a JS boolean (identity first, as containers do). */
export function pyEq(rt: Runtime, a: PyValue, b: PyValue): boolean {
  // PyObject_RichCompareBool: identity implies equality, even for a NaN float object (nan in [nan]).
  if (a === b) return true;
  const ta = typeof a, tb = typeof b;
  if (ta === 'string' || tb === 'string') return false; // a !== b and one is a str (user __eq__ aside)
  if (ta !== 'object' && tb !== 'object') {
    // number/bigint/boolean mixtures
    const x = numOf(a), y = numOf(b);
    // eslint-disable-next-line eqeqeq
    return x !== null && y !== null && x == y;
  }
  return compareBool(rt, EQ, a, b);
}

function seqCompare(rt: Runtime, op: number, x: PyValue[], y: PyValue[]): boolean {
  if ((op === EQ || op === NE) && x.length !== y.length) return op === NE;
  const n = Math.min(x.length, y.length);
  let i = 0;
  for (; i < n; i++) {
    if (!pyEq(rt, x[i], y[i])) break;
  }
  if (i >= n) return cmpNums(op, x.length, y.length);
  if (op === EQ) return false;
  if (op === NE) return true;
  return compareBool(rt, op, x[i], y[i]);
}

function setItemsOf(v: PyValue): Map<unknown, PyValue> | null {
  if (typeof v === 'object' && (v.cls === T.set || v.cls === T.frozenset)) {
    return (v as unknown as { map: Map<unknown, PyValue> }).map;
  }
  return null;
}

/** Built-in comparison, or undefined when the built-in types do not define it (NotImplemented). */
function builtinCompare(rt: Runtime, op: number, a: PyValue, b: PyValue): boolean | undefined {
  const x = numOf(a);
  if (x !== null) {
    const y = numOf(b);
    if (y !== null) return cmpNums(op, x, y);
    return undefined;
  }
  if (typeof a === 'string') return typeof b === 'string' ? cmpStrs(op, a, b) : undefined;
  if (typeof a !== 'object' || typeof b !== 'object') return undefined;
  if (a instanceof PyList) return b instanceof PyList ? seqCompare(rt, op, a.items, b.items) : undefined;
  if (a instanceof PyTuple) return b instanceof PyTuple ? seqCompare(rt, op, a.items, b.items) : undefined;
  const sa = setItemsOf(a);
  if (sa !== null) {
    const sb = setItemsOf(b);
    if (sb === null) return undefined;
    return setCompare(rt, op, a, b, sa.size, sb.size);
  }
  if (a.cls === T.dict) {
    if (b.cls !== T.dict || (op !== EQ && op !== NE)) return undefined;
    const r = dictEqual(rt, a, b);
    return op === EQ ? r : !r;
  }
  if (a.cls === T.slice) {
    // slices compare as the tuples (start, stop, step) (slice_richcompare)
    if (b.cls !== T.slice) return undefined;
    const sa = a as unknown as { start: PyValue; stop: PyValue; step: PyValue };
    const sb = b as unknown as { start: PyValue; stop: PyValue; step: PyValue };
    return seqCompare(rt, op, [sa.start, sa.stop, sa.step], [sb.start, sb.stop, sb.step]);
  }
  if (a instanceof PyWeakRef) {
    // weakref_richcompare: live referents compare (== and != only); a dead one makes it identity
    if (!(b instanceof PyWeakRef) || (op !== EQ && op !== NE)) return undefined;
    const x = a.referent, y = b.referent;
    if (x === null || y === null) return (a === b) === (op === EQ);
    x.rc++; y.rc++;
    try { return compareBool(rt, op, x, y); } finally { rt.decref(x); rt.decref(y); }
  }
  if (a.cls === T.range && b.cls === T.range && (op === EQ || op === NE)) {
    const ra = a as unknown as { start: number; step: number; length: number };
    const rb = b as unknown as { start: number; step: number; length: number };
    let eq = ra.length === rb.length;
    if (eq && ra.length > 0) eq = ra.start === rb.start && (ra.length === 1 || ra.step === rb.step);
    return op === EQ ? eq : !eq;
  }
  return undefined;
}

let setSubset: (rt: Runtime, a: PyValue, b: PyValue) => boolean = () => false;
let dictEqualImpl: (rt: Runtime, a: PyValue, b: PyValue) => boolean = () => false;
/** Wired by set/dict method modules (avoids an import cycle at load time). */
export function wireCompare(sub: typeof setSubset, deq: typeof dictEqualImpl): void {
  setSubset = sub;
  dictEqualImpl = deq;
}
function dictEqual(rt: Runtime, a: PyValue, b: PyValue): boolean { return dictEqualImpl(rt, a, b); }

function setCompare(rt: Runtime, op: number, a: PyValue, b: PyValue, na: number, nb: number): boolean {
  switch (op) {
    case EQ: return na === nb && setSubset(rt, a, b);
    case NE: return !(na === nb && setSubset(rt, a, b));
    case LE: return na <= nb && setSubset(rt, a, b);
    case LT: return na < nb && setSubset(rt, a, b);
    case GE: return na >= nb && setSubset(rt, b, a);
    default: return na > nb && setSubset(rt, b, a);
  }
}

/** Try a user special method; returns the result (new ref) or NotImplemented. */
function tryUser(rt: Runtime, name: string, self: PyValue, other: PyValue): PyValue {
  const m = typeOf(self).lookup(name);
  if (m === undefined || m === None) return NotImplemented;
  return callMethod1(rt, m, self, other);
}

/** Full rich comparison returning a Python value (new reference). */
export function richCompare(rt: Runtime, op: number, a: PyValue, b: PyValue): PyValue {
  if (typeof a === 'number' && typeof b === 'number') return cmpNums(op, a, b);
  const ta = typeOf(a), tb = typeOf(b);
  if (!ta.heapType && !tb.heapType) {
    const r = builtinCompare(rt, op, a, b);
    if (r !== undefined) return r;
    if (op === EQ) return a === b;
    if (op === NE) return a !== b;
    raise(rt, E.TypeError, `'${CMP_SYMBOL[op]}' not supported between instances of '${ta.name}' and '${tb.name}'`);
  }
  return userCompare(rt, op, a, b, ta, tb);
}

function userCompare(rt: Runtime, op: number, a: PyValue, b: PyValue, ta: typeof T.int, tb: typeof T.int): PyValue {
  const refl = REFLECT[op];
  let checkedReverse = false;
  if (ta !== tb && tb.isSubtypeOf(ta) && tb.lookup(DUNDER[refl]) !== undefined) {
    checkedReverse = true;
    const r = tryUser(rt, DUNDER[refl], b, a);
    if (r !== NotImplemented) return r;
  }
  let r = ta.heapType ? tryUser(rt, DUNDER[op], a, b) : NotImplemented;
  if (r === NotImplemented && !ta.heapType) {
    const br = builtinCompare(rt, op, a, b);
    if (br !== undefined) return br;
  }
  if (r === NotImplemented && op === NE && ta.heapType && ta.lookup('__ne__') === undefined) {
    // object.__ne__ inverts __eq__
    const e = tryUser(rt, '__eq__', a, b);
    if (e !== NotImplemented) { const t = isTrueValue(rt, e); rt.decref(e); return !t; }
  }
  if (r !== NotImplemented) return r;
  if (!checkedReverse) {
    r = tb.heapType ? tryUser(rt, DUNDER[refl], b, a) : NotImplemented;
    if (r === NotImplemented && !tb.heapType) {
      const br = builtinCompare(rt, refl, b, a);
      if (br !== undefined) return br;
    }
    if (r === NotImplemented && refl === NE && tb.heapType && tb.lookup('__ne__') === undefined) {
      const e = tryUser(rt, '__eq__', b, a);
      if (e !== NotImplemented) { const t = isTrueValue(rt, e); rt.decref(e); return !t; }
    }
    if (r !== NotImplemented) return r;
  }
  if (op === EQ) return a === b;
  if (op === NE) return a !== b;
  raise(rt, E.TypeError, `'${CMP_SYMBOL[op]}' not supported between instances of '${ta.name}' and '${tb.name}'`);
}

let truth: (rt: Runtime, v: PyValue) => boolean = (_rt, v) => v === true;
/** Wired by ops.ts (isTrue lives there). */
export function wireTruth(f: typeof truth): void { truth = f; }
function isTrueValue(rt: Runtime, v: PyValue): boolean { return truth(rt, v); }

/** A comparison reduced to a JS boolean (for sorting, containers, min/max). */
export function compareBool(rt: Runtime, op: number, a: PyValue, b: PyValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return cmpNums(op, a, b);
  const r = richCompare(rt, op, a, b);
  if (typeof r === 'boolean') return r;
  const t = isTrueValue(rt, r);
  rt.decref(r);
  return t;
}
