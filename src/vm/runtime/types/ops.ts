/*
 * The value operations the interpreter's opcodes call: binary and unary
 * operators, truth, len, subscription, membership and iteration, with
 * CPython 3.11's semantics and error texts. Int fast paths come first and
 * allocate nothing; everything returns new references and borrows operands.
 */

import type { PyValue, PyObject } from '../object';
import type { Runtime } from '../runtime';
import { T } from '../builtin-types';
import { PyFloat, newFloat } from './float';
import { PyTuple, newTuple } from './tuple';
import { PyList, newList, listResize, listAppendOwned, setCapacity, resizedCapacity } from './list';
import { PyDict, dictGet, dictSet, dictPop, newDict, origKey } from './dict';
import { PySet, newSet, setAdd, setContains, setDiscard, setOrder } from './set';
import {
  setDifference, setDifferenceUpdate, setIntersection, setIntersectionUpdate, setSymmetricDifference,
  setSymmetricDifferenceUpdate, setUnion, setUpdate,
} from './set-algebra';
import { PyRange, PySlice } from './range';
import { None, NotImplemented } from './singletons';
import { E, raise, raiseKeyError, PyBaseException, isInstanceOfExc } from './exceptions';
import { typeOf } from './typeof';
import { callMethod0, callMethod1 } from './call';
import { pyEq, wireTruth } from './compare';
import {
  type Int, intAdd, intSub, intMul, intFloorDiv, intMod, intTrueDiv, intPow, intLshift, intRshift,
  intAnd, intOr, intXor, intNeg, intInvert, intToFloat, normBig,
} from './int';
import { PyIter, SeqIter, RangeIter, StrIter, DictIter, SetIter } from './iterators';
import { isAstral, strLen } from './strings';
import { unitsToString } from './str-build';
import { percentFormat } from './percent';
import { floatPowResult, floatModValue, floatFloorDivValue } from './float-math';
import { PyDictView } from './dictview';

export const OP_SYMBOL = ['+', '&', '//', '<<', '@', '*', '%', '|', '**', '>>', '-', '/', '^'];
const DUNDER = ['add', 'and', 'floordiv', 'lshift', 'matmul', 'mul', 'mod', 'or', 'pow', 'rshift', 'sub', 'truediv', 'xor'];
const NAME = DUNDER.map((d) => `__${d}__`);
const RNAME = DUNDER.map((d) => `__r${d}__`);
const INAME = DUNDER.map((d) => `__i${d}__`);

// ---------------------------------------------------------------- numbers

/** An int operand (bools count as ints) or null. */
function asInt(v: PyValue): Int | null {
  switch (typeof v) {
    case 'number': case 'bigint': return v;
    case 'boolean': return v ? 1 : 0;
  }
  return null;
}

function floatPow(rt: Runtime, x: number, y: number): number {
  const r = floatPowResult(x, y);
  if (typeof r !== 'number') raise(rt, E[r[0]], r[1]);
  return r;
}

function floatMod(rt: Runtime, x: number, y: number): number {
  if (y === 0) raise(rt, E.ZeroDivisionError, 'float modulo');
  return floatModValue(x, y);
}

export function floatFloorDiv(rt: Runtime, x: number, y: number, what = 'float floor division by zero'): number {
  if (y === 0) raise(rt, E.ZeroDivisionError, what);
  return floatFloorDivValue(x, y);
}
export { floatMod };

/** Arithmetic on two numbers where at least one is a float. */
function floatBinary(rt: Runtime, op: number, x: number, y: number): PyValue | undefined {
  switch (op) {
    case 0: return newFloat(x + y);
    case 10: return newFloat(x - y);
    case 5: return newFloat(x * y);
    case 11:
      if (y === 0) raise(rt, E.ZeroDivisionError, 'float division by zero');
      return newFloat(x / y);
    case 2: return newFloat(floatFloorDiv(rt, x, y));
    case 6: return newFloat(floatMod(rt, x, y));
    case 8: return newFloat(floatPow(rt, x, y));
  }
  return undefined;
}

/** Arithmetic on two ints (number|bigint); bools already converted unless both are bools. */
function intBinary(rt: Runtime, op: number, a: Int, b: Int): PyValue | undefined {
  switch (op) {
    case 0: return intAdd(a, b);
    case 10: return intSub(a, b);
    case 5: return intMul(a, b);
    case 2: return intFloorDiv(rt, a, b);
    case 6: return intMod(rt, a, b);
    case 11: return newFloat(intTrueDiv(rt, a, b));
    case 8: {
      const r = intPow(rt, a, b);
      if (r !== null) return r;
      const x = intToFloat(rt, a);
      if (x === 0) raise(rt, E.ZeroDivisionError, '0.0 cannot be raised to a negative power');
      return newFloat(floatPow(rt, x, intToFloat(rt, b)));
    }
    case 1: return intAnd(a, b);
    case 7: return intOr(a, b);
    case 12: return intXor(a, b);
    case 3: return intLshift(rt, a, b);
    case 9: return intRshift(rt, a, b);
  }
  return undefined;
}

// ---------------------------------------------------------------- sequences

let repeatRt: Runtime | null = null;
function repeatCount(v: PyValue): number | null {
  const n = asInt(v);
  if (n === null) return null;
  if (typeof n !== 'bigint') return n;
  if ((n < 0n ? -n : n) >= 1n << 63n) raise(repeatRt!, E.OverflowError, "cannot fit 'int' into an index-sized integer");
  return n < 0n ? 0 : Infinity;
}

function seqRepeat(rt: Runtime, items: PyValue[], n: number, isList: boolean): PyValue {
  if (n <= 0 || items.length === 0) return isList ? newList(rt, []) : newTuple(rt, []);
  if (items.length * n > 1e8) raise(rt, E.MemoryError); // past what a JS array holds comfortably
  rt.reserve((isList ? 56 : 40) + 8 * items.length * n);
  const out = new Array<PyValue>(items.length * n);
  let k = 0;
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < items.length; i++) {
      const v = items[i];
      if (typeof v === 'object') v.rc++;
      out[k++] = v;
    }
  }
  return isList ? newList(rt, out) : newTuple(rt, out);
}

function concatItems(a: PyValue[], b: PyValue[]): PyValue[] {
  const out = a.concat(b);
  for (let i = 0; i < out.length; i++) { const v = out[i]; if (typeof v === 'object') v.rc++; }
  return out;
}

export function strRepeat(rt: Runtime, s: string, n: number): string {
  if (n <= 0) return '';
  if (s.length * n > 5e8) raise(rt, E.MemoryError); // past V8's longest string
  rt.reserve(49 + s.length * n);
  return s.repeat(n);
}

/** Set algebra on two set-like operands (result type follows the left operand). */
function setBinary(rt: Runtime, op: number, a: PySet, b: PySet): PySet {
  switch (op) {
    case 7: return setUnion(rt, a, [b]); // |
    case 1: return setIntersection(rt, a, b); // &
    case 10: return setDifference(rt, a, b); // -
    default: return setSymmetricDifference(rt, a, b); // ^
  }
}

function setInplace(rt: Runtime, op: number, a: PySet, b: PySet): void {
  switch (op) {
    case 7: setUpdate(rt, a, b); break;
    case 1: setIntersectionUpdate(rt, a, [b]); break;
    case 10: setDifferenceUpdate(rt, a, b); break;
    case 12: setSymmetricDifferenceUpdate(rt, a, b); break;
  }
}

/** Set-like view of a value for set algebra (sets, and dict keys/items views). */
function asSetLike(rt: Runtime, v: PyValue): PySet | null {
  if (v instanceof PySet) return v;
  if (v instanceof PyDictView && v.kind !== 1) return v.toSet(rt);
  return null;
}

/** The built-in meaning of `a op b`, or undefined (NotImplemented). */
function builtinBinary(rt: Runtime, op: number, a: PyValue, b: PyValue, inplace: boolean): PyValue | undefined {
  repeatRt = rt;
  const ia = asInt(a);
  if (ia !== null) {
    const ib = asInt(b);
    if (ib !== null) {
      if (typeof a === 'boolean' && typeof b === 'boolean' && (op === 1 || op === 7 || op === 12)) {
        return op === 1 ? a && b : op === 7 ? a || b : a !== b;
      }
      return intBinary(rt, op, ia, ib);
    }
    if (b instanceof PyFloat) return floatBinary(rt, op, intToFloat(rt, ia), b.v);
    if (op === 5 && (typeof b === 'string' || b instanceof PyList || b instanceof PyTuple)) {
      return builtinBinary(rt, op, b, a, false);
    }
    return undefined;
  }
  if (a instanceof PyFloat) {
    if (b instanceof PyFloat) return floatBinary(rt, op, a.v, b.v);
    const ib = asInt(b);
    if (ib !== null) return floatBinary(rt, op, a.v, intToFloat(rt, ib));
    return undefined;
  }
  if (typeof a === 'string') {
    if (op === 0) return typeof b === 'string' ? a + b : undefined;
    if (op === 5) { const n = repeatCount(b); return n === null ? undefined : strRepeat(rt, a, n); }
    if (op === 6) return percentFormat(rt, a, b);
    return undefined;
  }
  if (a instanceof PyList) {
    if (op === 0) {
      if (inplace) { listExtend(rt, a, b); a.rc++; return a; }
      return b instanceof PyList ? newList(rt, concatItems(a.items, b.items)) : undefined;
    }
    if (op === 5) {
      const n = repeatCount(b);
      if (n === null) return undefined;
      if (inplace) { listInplaceRepeat(rt, a, n); a.rc++; return a; }
      return seqRepeat(rt, a.items, n, true);
    }
    return undefined;
  }
  if (a instanceof PyTuple) {
    if (op === 0) return b instanceof PyTuple ? newTuple(rt, concatItems(a.items, b.items)) : undefined;
    if (op === 5) { const n = repeatCount(b); return n === null ? undefined : seqRepeat(rt, a.items, n, false); }
    return undefined;
  }
  if (op === 1 || op === 7 || op === 10 || op === 12) {
    const sa = asSetLike(rt, a);
    if (sa !== null) {
      const sb = asSetLike(rt, b);
      if (sb === null) return undefined;
      if (inplace && a instanceof PySet && !a.frozen && b instanceof PySet) { setInplace(rt, op, a, sb); a.rc++; return a; }
      const r = setBinary(rt, op, sa, sb);
      if (sa !== a) rt.decref(sa);
      if (sb !== b) rt.decref(sb);
      return r;
    }
  }
  if (op === 7 && a instanceof PyDict) {
    if (inplace) { dictMergeAny(rt, a, b); a.rc++; return a; }
    if (!(b instanceof PyDict)) return undefined;
    const r = newDict(rt);
    dictUpdateFrom(rt, r, a);
    dictUpdateFrom(rt, r, b);
    return r;
  }
  return undefined;
}

let dictMergeAny: (rt: Runtime, d: PyDict, src: PyValue) => void = () => undefined;
/** dict |= x accepts what dict.update accepts; methods-dict.ts provides it. */
export function wireDictMerge(f: typeof dictMergeAny): void { dictMergeAny = f; }

export function dictUpdateFrom(rt: Runtime, d: PyDict, src: PyDict): void {
  for (const [nk, v] of src.map) dictSet(rt, d, origKey(src, nk), v);
}

/** list.extend / list += iterable. */
export function listExtend(rt: Runtime, l: PyList, iterable: PyValue): void {
  if (iterable instanceof PyList || iterable instanceof PyTuple) {
    const src = iterable.items;
    const n = src.length;
    if (n === 0) return;
    if (l.allocated === 0 && l.items.length === 0) setCapacity(rt, l, (n + 1) & ~1);
    else listResize(rt, l, l.items.length + n);
    const copy = iterable === l ? src.slice() : src;
    for (let i = 0; i < n; i++) { const v = copy[i]; if (typeof v === 'object') v.rc++; l.items.push(v); }
    return;
  }
  const it = getIter(rt, iterable);
  try {
    const hint = lengthHint(iterable);
    if (hint > 0) {
      const m = l.items.length;
      if (l.allocated === 0 && m === 0) setCapacity(rt, l, (hint + 1) & ~1); else listResize(rt, l, m + hint);
    }
    for (;;) {
      const v = iterNext(rt, it);
      if (v === undefined) break;
      listAppendOwned(rt, l, v);
    }
    // CPython trims the over-allocation after extending from an iterator
    if (hint > 0 && l.items.length < l.allocated) listResize(rt, l, l.items.length);
  } finally {
    rt.decref(it);
  }
}

/** PyObject_LengthHint(v, 8): len() where defined, else __length_hint__, else 8. */
function lengthHint(v: PyValue): number {
  if (v instanceof PyRange) return v.length;
  if (v instanceof PyDictView) return v.d.map.size;
  if (v instanceof PyDict) return v.map.size;
  if (v instanceof PySet) return v.map.size;
  if (v instanceof RangeIter) return Math.max(0, v.left);
  if (v instanceof SeqIter && v.seq !== null) return v.seq.items.length - v.i;
  if (typeof v === 'string') return strLen(v);
  if (v instanceof StrIter) return strLen(v.s.slice(v.i));
  if (v instanceof DictIter) return v.d === null ? 0 : v.d.map.size;
  if (v instanceof SetIter) return v.s === null ? 0 : v.s.map.size;
  return 8;
}

function listInplaceRepeat(rt: Runtime, l: PyList, n: number): void {
  const items = l.items;
  if (n <= 0) { l.clear(rt); return; }
  const len = items.length;
  listResize(rt, l, len * n);
  for (let r = 1; r < n; r++) {
    for (let i = 0; i < len; i++) { const v = items[i]; if (typeof v === 'object') v.rc++; items.push(v); }
  }
}

function unsupported(rt: Runtime, op: number, a: PyValue, b: PyValue, inplace: boolean): never {
  const sym = OP_SYMBOL[op] + (inplace ? '=' : '');
  const ta = typeOf(a).name, tb = typeOf(b).name;
  if (!inplace || op === 0 || op === 5) {
    if (op === 0 && (typeof a === 'string' || a instanceof PyList || a instanceof PyTuple)) {
      const an = typeOf(a).name;
      if (!(a instanceof PyList && inplace)) {
        raise(rt, E.TypeError, `can only concatenate ${an} (not "${tb}") to ${an}`);
      }
    }
    if (op === 5 && (typeof a === 'string' || a instanceof PyList || a instanceof PyTuple)) {
      raise(rt, E.TypeError, `can't multiply sequence by non-int of type '${tb}'`);
    }
    // in place, CPython tries b's repeat only when a has no sequence slots at all
    const aSeqSlots = a instanceof PySet || a instanceof PyDict || a instanceof PyRange || a instanceof PyDictView;
    if (op === 5 && !(inplace && aSeqSlots) && (typeof b === 'string' || b instanceof PyList || b instanceof PyTuple)) {
      raise(rt, E.TypeError, `can't multiply sequence by non-int of type '${ta}'`);
    }
  }
  const extra = op === 8 && !inplace ? ' or pow()' : '';
  raise(rt, E.TypeError, `unsupported operand type(s) for ${sym}${extra}: '${ta}' and '${tb}'`);
}

function tryUser(rt: Runtime, name: string, self: PyValue, other: PyValue): PyValue {
  const m = typeOf(self).lookup(name);
  if (m === undefined || m === None) return NotImplemented;
  return callMethod1(rt, m, self, other);
}

/**
 * a op b for op an index into BINARY_OPS (0..12, +13 for the in-place forms).
 * Returns a new reference.
 */
/** Past this a double quotient may round to the wrong integer: the fast paths below stop here. */
const EXACT_QUOTIENT_LIMIT = 4503599627370496; // 2**52

/**
 * a % b for ints 0 <= a <= 2**52, 0 < b (JS numbers). Int32 operands use `%`;
 * larger ones go through one division and a correction step, which is exact in
 * this range and much cheaper than the fmod a double `%` compiles to.
 */
export function smallIntMod(a: number, b: number): number {
  if ((a | 0) === a && (b | 0) === b) return a % b;
  const r = a - Math.floor(a / b) * b;
  return r < 0 ? r + b : r >= b ? r - b : r;
}

/** a // b for ints 0 <= a <= 2**52, 0 < b: exact (the quotient's rounding is corrected). */
export function smallIntFloorDiv(a: number, b: number): number {
  if ((a | 0) === a && (b | 0) === b) return Math.floor(a / b);
  const q = Math.floor(a / b);
  const r = a - q * b;
  return r < 0 ? q - 1 : r >= b ? q + 1 : q;
}

/** True when smallIntMod/smallIntFloorDiv apply. */
export function smallIntDivisible(a: number, b: number): boolean {
  return b > 0 && a >= 0 && a <= EXACT_QUOTIENT_LIMIT;
}

export function binaryOp(rt: Runtime, nbOp: number, a: PyValue, b: PyValue): PyValue {
  const inplace = nbOp >= 13;
  const op = inplace ? nbOp - 13 : nbOp;
  // bool & | ^ bool stays a bool (bool's own nb_and/nb_or/nb_xor).
  if (typeof a === 'boolean' && typeof b === 'boolean' && (op === 1 || op === 7 || op === 12)) {
    return op === 1 ? a && b : op === 7 ? a || b : a !== b;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    // the common case of the benchmarks: no allocation unless it overflows
    switch (op) {
      case 0: { const r = a + b; if (r <= 9007199254740991 && r >= -9007199254740991) return r; break; }
      case 10: { const r = a - b; if (r <= 9007199254740991 && r >= -9007199254740991) return r; break; }
      case 5: { const r = a * b; if (r <= 9007199254740991 && r >= -9007199254740991) return r === 0 ? 0 : r; break; }
      case 6:
        if (smallIntDivisible(a, b)) return smallIntMod(a, b);
        break;
      case 2:
        if (smallIntDivisible(a, b)) return smallIntFloorDiv(a, b);
        break;
      case 1: if ((a | 0) === a && (b | 0) === b) return a & b; break;
    }
    const r = intBinary(rt, op, a, b);
    if (r !== undefined) return r;
    unsupported(rt, op, a, b, inplace);
  }
  if (typeof a === 'string' && typeof b === 'string' && op === 0) return a + b;
  const ta = typeOf(a), tb = typeOf(b);
  if (!ta.heapType && !tb.heapType) {
    const r = builtinBinary(rt, op, a, b, inplace);
    if (r !== undefined) return r;
    unsupported(rt, op, a, b, inplace);
  }
  if (inplace && ta.heapType) {
    const r = tryUser(rt, INAME[op], a, b);
    if (r !== NotImplemented) return r;
  }
  let triedRight = false;
  if (tb !== ta && tb.heapType && tb.isSubtypeOf(ta) && tb.lookup(RNAME[op]) !== undefined) {
    triedRight = true;
    const r = tryUser(rt, RNAME[op], b, a);
    if (r !== NotImplemented) return r;
  }
  if (ta.heapType) {
    const r = tryUser(rt, NAME[op], a, b);
    if (r !== NotImplemented) return r;
  } else {
    const r = builtinBinary(rt, op, a, b, inplace);
    if (r !== undefined) return r;
  }
  if (!triedRight && tb !== ta && tb.heapType) {
    const r = tryUser(rt, RNAME[op], b, a);
    if (r !== NotImplemented) return r;
  }
  unsupported(rt, op, a, b, inplace);
}

// ---------------------------------------------------------------- unary

function badUnary(rt: Runtime, sym: string, a: PyValue): never {
  raise(rt, E.TypeError, `bad operand type for unary ${sym}: '${typeOf(a).name}'`);
}

export function unaryNegative(rt: Runtime, a: PyValue): PyValue {
  if (typeof a === 'number') return a === 0 ? 0 : -a;
  const i = asInt(a);
  if (i !== null) return intNeg(i);
  if (a instanceof PyFloat) return newFloat(-a.v);
  return unaryUser(rt, '__neg__', '-', a);
}
export function unaryPositive(rt: Runtime, a: PyValue): PyValue {
  if (typeof a === 'number' || typeof a === 'bigint') return a;
  if (typeof a === 'boolean') return a ? 1 : 0;
  if (a instanceof PyFloat) { a.rc++; return a; }
  return unaryUser(rt, '__pos__', '+', a);
}
export function unaryInvert(rt: Runtime, a: PyValue): PyValue {
  const i = asInt(a);
  if (i !== null) return intInvert(i);
  return unaryUser(rt, '__invert__', '~', a);
}
export function unaryNot(rt: Runtime, a: PyValue): boolean {
  return !isTrue(rt, a);
}
function unaryUser(rt: Runtime, name: string, sym: string, a: PyValue): PyValue {
  if (typeof a === 'object' && a.cls.heapType) {
    const m = a.cls.lookup(name);
    if (m !== undefined && m !== None) return callMethod0(rt, m, a);
  }
  badUnary(rt, sym, a);
}

// ---------------------------------------------------------------- truth and len

export function isTrue(rt: Runtime, v: PyValue): boolean {
  switch (typeof v) {
    case 'boolean': return v;
    case 'number': return v !== 0;
    case 'string': return v.length > 0;
    case 'bigint': return true;
  }
  if (v === None) return false;
  const c = v.constructor; // not instanceof: see EXACT_CLASSES
  if (c === PyFloat) return (v as PyFloat).v !== 0;
  if (c === PyList || c === PyTuple) return (v as PyList | PyTuple).items.length > 0;
  if (c === PyDict || c === PySet) return (v as PyDict | PySet).map.size > 0;
  if (c === PyRange) return (v as PyRange).length > 0;
  const cls = v.cls;
  if (!cls.heapType) {
    if (v instanceof PyDictView) return v.d.map.size > 0;
    return true;
  }
  const b = cls.lookup('__bool__');
  if (b !== undefined && b !== None) {
    const r = callMethod0(rt, b, v);
    if (typeof r === 'boolean') return r;
    const name = typeOf(r).name;
    rt.decref(r);
    raise(rt, E.TypeError, `__bool__ should return bool, returned ${name}`);
  }
  const l = cls.lookup('__len__');
  if (l !== undefined && l !== None) return len(rt, v) > 0;
  return true;
}
wireTruth(isTrue);

/** len(v) as a JS number. */
export function len(rt: Runtime, v: PyValue): number {
  if (typeof v === 'string') return strLen(v);
  if (typeof v === 'object') {
    const cls = v.constructor; // not instanceof: see EXACT_CLASSES
    if (cls === PyList || cls === PyTuple) return (v as PyList | PyTuple).items.length;
    if (cls === PyDict || cls === PySet) return (v as PyDict | PySet).map.size;
    if (v instanceof PyRange) return v.length;
    if (v instanceof PyDictView) return v.d.map.size;
    const m = v.cls.lookup('__len__');
    if (m !== undefined && m !== None) {
      const r = callMethod0(rt, m, v);
      const n = asInt(r);
      if (n === null) {
        const name = typeOf(r).name;
        rt.decref(r);
        raise(rt, E.TypeError, `'${name}' object cannot be interpreted as an integer`);
      }
      if (n < 0) raise(rt, E.ValueError, '__len__() should return >= 0');
      if (typeof n === 'bigint') raise(rt, E.OverflowError, "cannot fit 'int' into an index-sized integer");
      return n;
    }
  }
  raise(rt, E.TypeError, `object of type '${typeOf(v).name}' has no len()`);
}

// ---------------------------------------------------------------- indexes and slices

/** An index operand as a JS number, or null if the value is not an int (nor has __index__). */
export function indexOf(rt: Runtime, v: PyValue): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return v < 0n ? -Infinity : Infinity;
  if (typeof v === 'object' && v.cls.heapType) {
    const m = v.cls.lookup('__index__');
    if (m !== undefined) {
      const r = callMethod0(rt, m, v);
      const n = asInt(r);
      if (n === null) raise(rt, E.TypeError, `__index__ returned non-int (type ${typeOf(r).name})`);
      return typeof n === 'bigint' ? (n < 0n ? -Infinity : Infinity) : n;
    }
  }
  return null;
}

/**
 * A size or width argument (Py_ssize_t in CPython): an int, with CPython's
 * OverflowError past 64 bits, and MemoryError for a size no string or list
 * of ours could reach (JS strings stop near 2**29 characters).
 */
export function sizeArg(rt: Runtime, v: PyValue): number {
  if (typeof v === 'bigint' && (v >= 1n << 63n || v < -(1n << 63n))) raise(rt, E.OverflowError, 'Python int too large to convert to C ssize_t');
  const n = typeof v === 'bigint' ? Number(v) : needIndex(rt, v);
  if (n > MAX_SIZE) raise(rt, E.MemoryError);
  return n;
}

/** Past this many items or characters a result cannot be built: MemoryError, as CPython when malloc fails. */
export const MAX_SIZE = 5e8;

/** An int argument that must be an integer: CPython's "'float' object cannot be interpreted as an integer". */
export function needIndex(rt: Runtime, v: PyValue): number {
  const n = indexOf(rt, v);
  if (n === null) raise(rt, E.TypeError, `'${typeOf(v).name}' object cannot be interpreted as an integer`);
  return n;
}

/** _PyEval_SliceIndex: null for None; ints beyond the size range clamp to ±Infinity. */
export function sliceIndex(rt: Runtime, v: PyValue): number | null {
  if (v === None) return null;
  const n = indexOf(rt, v);
  if (n === null) raise(rt, E.TypeError, 'slice indices must be integers or None or have an __index__ method');
  return n;
}

/** PySlice_GetIndicesEx: [start, stop, step, slicelength] for a sequence of `length`. */
export function sliceIndices(rt: Runtime, s: PySlice, length: number): [number, number, number, number] {
  let step = 1;
  if (s.step !== None) {
    step = sliceIndex(rt, s.step)!;
    if (step === 0) raise(rt, E.ValueError, 'slice step cannot be zero');
  }
  const lower = step < 0 ? -1 : 0;
  const upper = step < 0 ? length - 1 : length;
  let start = sliceIndex(rt, s.start);
  let stop = sliceIndex(rt, s.stop);
  if (start === null) start = step < 0 ? upper : lower;
  else if (start < 0) { start += length; if (start < lower) start = lower; } else if (start > upper) start = upper;
  if (stop === null) stop = step < 0 ? lower : upper;
  else if (stop < 0) { stop += length; if (stop < lower) stop = lower; } else if (stop > upper) stop = upper;
  let n = 0;
  if (step < 0) { if (stop < start) n = Math.floor((start - stop - 1) / -step) + 1; } else if (start < stop) n = Math.floor((stop - start - 1) / step) + 1;
  return [start, stop, step, n];
}

function sliceItems(items: PyValue[], start: number, step: number, n: number): PyValue[] {
  if (step === 1) {
    const out = items.slice(start, start + n);
    for (let i = 0; i < out.length; i++) { const v = out[i]; if (typeof v === 'object') v.rc++; }
    return out;
  }
  const out = new Array<PyValue>(n);
  for (let i = 0, j = start; i < n; i++, j += step) {
    const v = items[j];
    if (typeof v === 'object') v.rc++;
    out[i] = v;
  }
  return out;
}

/**
 * s[a:b] for int or None bounds (sliceIndices' step-1 arithmetic, without its array),
 * or null when s has surrogates (code points differ from UTF-16 units) or a bound is neither.
 */
export function strSubrange(s: string, a0: PyValue, b0: PyValue): string | null {
  if (!(typeof a0 === 'number' || a0 === None) || !(typeof b0 === 'number' || b0 === None) || isAstral(s)) return null;
  const len = s.length;
  let a = a0 === None ? 0 : a0 as number;
  if (a < 0) { a += len; if (a < 0) a = 0; } else if (a > len) a = len;
  let b = b0 === None ? len : b0 as number;
  if (b < 0) { b += len; if (b < 0) b = 0; } else if (b > len) b = len;
  return a < b ? s.substring(a, b) : '';
}

function strSlice(rt: Runtime, s: string, sl: PySlice): string {
  if (sl.step === None) {
    const r = strSubrange(s, sl.start, sl.stop);
    if (r !== null) return r;
  }
  if (!isAstral(s)) {
    const [start, , step, n] = sliceIndices(rt, sl, s.length);
    if (step === 1) return s.substring(start, start + n);
    return stepChars(s, start, step, n);
  }
  const cps = Array.from(s);
  const [start, , step, n] = sliceIndices(rt, sl, cps.length);
  let out = '';
  for (let i = 0, j = start; i < n; i++, j += step) out += cps[j];
  return out;
}

/**
 * The n code units of s from `start`, `step` apart (a strided slice, reversal
 * included). Gathered into a buffer and decoded at once: adding them to a
 * string one by one builds a chain of n tiny strings for the JS collector.
 */
function stepChars(s: string, start: number, step: number, n: number): string {
  if (n < 32) {
    let out = '';
    for (let i = 0, j = start; i < n; i++, j += step) out += s[j];
    return out;
  }
  const buf = new Uint16Array(n);
  for (let i = 0, j = start; i < n; i++, j += step) buf[i] = s.charCodeAt(j);
  return unitsToString(buf, n);
}

function strIndex(rt: Runtime, s: string, k: PyValue): string {
  const i0 = indexOf(rt, k);
  if (i0 === null) raise(rt, E.TypeError, `string indices must be integers, not '${typeOf(k).name}'`);
  if (!isAstral(s)) {
    const i = i0 < 0 ? i0 + s.length : i0;
    if (i < 0 || i >= s.length) raise(rt, E.IndexError, 'string index out of range');
    return s[i];
  }
  const cps = Array.from(s);
  const i = i0 < 0 ? i0 + cps.length : i0;
  if (i < 0 || i >= cps.length) raise(rt, E.IndexError, 'string index out of range');
  return cps[i];
}

/** o[k] (BINARY_SUBSCR); new reference. */
export function getItem(rt: Runtime, o: PyValue, k: PyValue): PyValue {
  if (o instanceof PyList) {
    if (typeof k === 'number') {
      const items = o.items;
      const i = k < 0 ? k + items.length : k;
      if (i >= 0 && i < items.length) { const v = items[i]; if (typeof v === 'object') v.rc++; return v; }
      raise(rt, E.IndexError, 'list index out of range');
    }
    if (k instanceof PySlice) {
      const [start, , step, n] = sliceIndices(rt, k, o.items.length);
      return newList(rt, sliceItems(o.items, start, step, n));
    }
    return getItem(rt, o, seqIndex(rt, k, 'list'));
  }
  if (o instanceof PyDict) {
    const v = dictGet(rt, o, k);
    if (v !== undefined) { if (typeof v === 'object') v.rc++; return v; }
    raiseKeyError(rt, k);
  }
  if (typeof o === 'string') {
    if (k instanceof PySlice) return strSlice(rt, o, k);
    return strIndex(rt, o, k);
  }
  if (o instanceof PyTuple) {
    if (typeof k === 'number') {
      const items = o.items;
      const i = k < 0 ? k + items.length : k;
      if (i >= 0 && i < items.length) { const v = items[i]; if (typeof v === 'object') v.rc++; return v; }
      raise(rt, E.IndexError, 'tuple index out of range');
    }
    if (k instanceof PySlice) {
      const [start, , step, n] = sliceIndices(rt, k, o.items.length);
      if (n === o.items.length && step === 1) { o.rc++; return o; }
      return newTuple(rt, sliceItems(o.items, start, step, n));
    }
    return getItem(rt, o, seqIndex(rt, k, 'tuple'));
  }
  if (o instanceof PyRange) {
    if (k instanceof PySlice) {
      // CPython's compute_slice: the slice's normalised indices mapped through the range.
      const [start, stop, step] = sliceIndices(rt, k, o.length);
      const r = rt.track(new PyRange(o.start + start * o.step, o.start + stop * o.step, o.step * step));
      r.rc = 1;
      return r;
    }
    const i0 = indexOf(rt, k);
    if (i0 === null) raise(rt, E.TypeError, `range indices must be integers or slices, not ${typeOf(k).name}`);
    const i = i0 < 0 ? i0 + o.length : i0;
    if (i < 0 || i >= o.length) raise(rt, E.IndexError, 'range object index out of range');
    return o.start + i * o.step;
  }
  if (typeof o === 'object') {
    const m = o.cls.lookup('__getitem__');
    if (m !== undefined && m !== None) return callMethod1(rt, m, o, k);
  }
  raise(rt, E.TypeError, `'${typeOf(o).name}' object is not subscriptable`);
}

function seqIndex(rt: Runtime, k: PyValue, what: string): number {
  const i = indexOf(rt, k);
  if (i === null) raise(rt, E.TypeError, `${what} indices must be integers or slices, not ${typeOf(k).name}`);
  if (!Number.isFinite(i)) raise(rt, E.IndexError, `cannot fit 'int' into an index-sized integer`);
  return i;
}

/** Materialise an iterable as an array of new references. */
export function collect(rt: Runtime, v: PyValue): PyValue[] {
  if (v instanceof PyList || v instanceof PyTuple) {
    const out = v.items.slice();
    for (let i = 0; i < out.length; i++) { const x = out[i]; if (typeof x === 'object') x.rc++; }
    return out;
  }
  const it = getIter(rt, v);
  const out: PyValue[] = [];
  try {
    for (;;) {
      const x = iterNext(rt, it);
      if (x === undefined) break;
      out.push(x);
      // the array is a list or tuple in the making: it has to fit in the heap too
      if ((out.length & 0xffff) === 0) rt.reserve(8 * out.length);
    }
  } catch (e) {
    for (const x of out) rt.decref(x);
    throw e;
  } finally {
    rt.decref(it);
  }
  return out;
}

/** PySequence_Fast: collect(v), but a TypeError from iter(v) becomes TypeError(msg). */
function collectOrRaise(rt: Runtime, v: PyValue, msg: string): PyValue[] {
  if (v instanceof PyList || v instanceof PyTuple) return collect(rt, v);
  let it: PyValue;
  try {
    it = getIter(rt, v);
  } catch (e) {
    if (!isInstanceOfExc(e, E.TypeError)) throw e;
    rt.decref(e);
    raise(rt, E.TypeError, msg);
  }
  try {
    return collect(rt, it);
  } finally {
    rt.decref(it);
  }
}

/** o[k] = v (STORE_SUBSCR); v borrowed. */
export function setItem(rt: Runtime, o: PyValue, k: PyValue, v: PyValue): void {
  if (o instanceof PyList) {
    if (typeof k === 'number' || typeof k === 'boolean') {
      const items = o.items;
      const k0 = typeof k === 'boolean' ? (k ? 1 : 0) : k;
      const i = k0 < 0 ? k0 + items.length : k0;
      if (i < 0 || i >= items.length) raise(rt, E.IndexError, 'list assignment index out of range');
      const old = items[i];
      if (typeof v === 'object') v.rc++;
      items[i] = v;
      rt.decref(old);
      return;
    }
    if (k instanceof PySlice) { listSetSlice(rt, o, k, v); return; }
    return setItem(rt, o, seqIndex(rt, k, 'list'), v);
  }
  if (o instanceof PyDict) { dictSet(rt, o, k, v); return; }
  if (typeof o === 'object' && o.cls.heapType) {
    const m = o.cls.lookup('__setitem__');
    if (m !== undefined && m !== None) {
      const r = m instanceof Object && 'fn' in m ? callMethodN3(rt, m, o, k, v) : rt.call(m, [o, k, v], null);
      rt.decref(r);
      return;
    }
  }
  raise(rt, E.TypeError, `'${typeOf(o).name}' object does not support item assignment`);
}

function callMethodN3(rt: Runtime, m: PyValue, a: PyValue, b: PyValue, c: PyValue): PyValue {
  return (m as unknown as { fn: (rt: Runtime, args: PyValue[], kw: null) => PyValue }).fn(rt, [a, b, c], null);
}

function listSetSlice(rt: Runtime, l: PyList, sl: PySlice, v: PyValue): void {
  const [start, stop, step, n] = sliceIndices(rt, sl, l.items.length);
  const src = collectOrRaise(rt, v, step === 1 ? 'can only assign an iterable' : 'must assign iterable to extended slice');
  if (step === 1) {
    const end = Math.max(start, stop);
    const newsize = l.items.length - (end - start) + src.length;
    const a = l.allocated;
    const capacity = a >= newsize && newsize >= (a >> 1) ? a : resizedCapacity(a, l.items.length, newsize);
    const removed = l.items.splice(start, end - start, ...src);
    for (let i = removed.length - 1; i >= 0; i--) rt.decref(removed[i]); // list_ass_slice frees from the end
    setCapacity(rt, l, capacity); // once the list owns src, so a MemoryError leaks nothing
    return;
  }
  if (src.length !== n) {
    for (const x of src) rt.decref(x);
    raise(rt, E.ValueError, `attempt to assign sequence of size ${src.length} to extended slice of size ${n}`);
  }
  // Every slot is replaced before the old items are released, in slice order (list_ass_subscript).
  const garbage: PyValue[] = [];
  for (let i = 0, j = start; i < n; i++, j += step) {
    garbage.push(l.items[j]);
    l.items[j] = src[i];
  }
  for (const x of garbage) rt.decref(x);
}

/** del o[k] (DELETE_SUBSCR). */
export function delItem(rt: Runtime, o: PyValue, k: PyValue): void {
  if (o instanceof PyList) {
    if (k instanceof PySlice) {
      const [start, , step, n] = sliceIndices(rt, k, o.items.length);
      if (n === 0) return;
      let removed: PyValue[];
      if (step === 1) removed = o.items.splice(start, n);
      else {
        const idx = new Set<number>();
        for (let i = 0, j = start; i < n; i++, j += step) idx.add(j);
        removed = [];
        const kept: PyValue[] = [];
        o.items.forEach((x, i) => (idx.has(i) ? removed : kept).push(x));
        o.items = kept;
      }
      listResize(rt, o, o.items.length);
      // list_ass_slice frees a plain slice's items from the end; an extended slice's go in index order
      if (step === 1) removed.reverse();
      for (const x of removed) rt.decref(x);
      return;
    }
    const i0 = seqIndex(rt, k, 'list');
    const i = i0 < 0 ? i0 + o.items.length : i0;
    if (i < 0 || i >= o.items.length) raise(rt, E.IndexError, 'list assignment index out of range');
    listResize(rt, o, o.items.length - 1);
    const [old] = o.items.splice(i, 1);
    rt.decref(old);
    return;
  }
  if (o instanceof PyDict) {
    const v = dictPop(rt, o, k);
    if (v === undefined) raiseKeyError(rt, k);
    rt.decref(v);
    return;
  }
  if (typeof o === 'object' && o.cls.heapType) {
    const m = o.cls.lookup('__delitem__');
    if (m !== undefined && m !== None) { rt.decref(callMethod1(rt, m, o, k)); return; }
  }
  raise(rt, E.TypeError, `'${typeOf(o).name}' object doesn't support item deletion`);
}

// ---------------------------------------------------------------- membership

/** `v in c` as a JS boolean. */
export function contains(rt: Runtime, c: PyValue, v: PyValue): boolean {
  if (c instanceof PyDict) return dictGet(rt, c, v) !== undefined;
  if (c instanceof PySet) return setContains(rt, c, v);
  if (typeof c === 'string') {
    if (typeof v !== 'string') raise(rt, E.TypeError, `'in <string>' requires string as left operand, not ${typeOf(v).name}`);
    return c.includes(v);
  }
  if (c instanceof PyList || c instanceof PyTuple) {
    const items = c.items;
    if (typeof v === 'number' || typeof v === 'string') {
      for (let i = 0; i < items.length; i++) {
        const x = items[i];
        if (x === v) return true;
        if (typeof x === 'object' && pyEq(rt, x, v)) return true;
      }
      return false;
    }
    for (let i = 0; i < items.length; i++) if (pyEq(rt, items[i], v)) return true;
    return false;
  }
  if (c instanceof PyRange) {
    const n = asInt(v) ?? (v instanceof PyFloat && Number.isInteger(v.v) ? v.v : null);
    if (n === null) return iterContains(rt, c, v);
    const x = Number(n);
    if (c.step > 0 ? (x < c.start || x >= c.stop) : (x > c.start || x <= c.stop)) return false;
    return (x - c.start) % c.step === 0;
  }
  if (c instanceof PyDictView) {
    if (c.kind === 0) return dictGet(rt, c.d, v) !== undefined;
    return iterContains(rt, c, v);
  }
  if (typeof c === 'object' && c.cls.heapType) {
    const m = c.cls.lookup('__contains__');
    if (m !== undefined && m !== None) {
      const r = callMethod1(rt, m, c, v);
      const t = isTrue(rt, r);
      rt.decref(r);
      return t;
    }
  }
  if (typeof c === 'object' && (c instanceof PyIter || c.cls.lookup('__iter__') !== undefined || c.cls.lookup('__getitem__') !== undefined)) {
    return iterContains(rt, c, v);
  }
  raise(rt, E.TypeError, `argument of type '${typeOf(c).name}' is not iterable`);
}

function iterContains(rt: Runtime, c: PyValue, v: PyValue): boolean {
  const it = getIter(rt, c);
  try {
    for (;;) {
      const x = iterNext(rt, it);
      if (x === undefined) return false;
      const eq = pyEq(rt, x, v);
      rt.decref(x);
      if (eq) return true;
    }
  } finally {
    rt.decref(it);
  }
}

// ---------------------------------------------------------------- iteration

/** iter(v): a new reference to an iterator. */
export function getIter(rt: Runtime, v: PyValue): PyValue {
  if (typeof v === 'object') {
    if (v instanceof PyList) { v.rc++; return rt.track(withRc(new SeqIter(v, T.list_iterator))); }
    if (v instanceof PyRange) return rt.track(withRc(new RangeIter(v.start, v.step, v.length)));
    if (v instanceof PyTuple) { v.rc++; return rt.track(withRc(new SeqIter(v, T.tuple_iterator))); }
    if (v instanceof PyIter) { v.rc++; return v; }
    if (v instanceof PyDict) { v.rc++; return rt.track(withRc(new DictIter(v, 0, T.dict_keyiterator))); }
    if (v instanceof PySet) { v.rc++; return rt.track(withRc(new SetIter(v, setOrder(rt, v)))); }
    if (v instanceof PyDictView) return v.iter(rt);
    const cls = v.cls;
    const m = cls.lookup('__iter__');
    if (m !== undefined && m !== None) {
      const it = callMethod0(rt, m, v);
      if (typeof it !== 'object' || it.cls.lookup('__next__') === undefined && !(it instanceof PyIter)) {
        const name = typeOf(it).name;
        rt.decref(it);
        raise(rt, E.TypeError, `iter() returned non-iterator of type '${name}'`);
      }
      return it;
    }
    if (cls.heapType && cls.lookup('__getitem__') !== undefined) {
      v.rc++;
      return rt.track(withRc(new GetItemIter(v)));
    }
  } else if (typeof v === 'string') {
    return rt.track(withRc(new StrIter(v)));
  }
  raise(rt, E.TypeError, `'${typeOf(v).name}' object is not iterable`);
}

/** Whether iter(v) would find a way to iterate (without calling anything or allocating an iterator). */
export function isIterable(v: PyValue): boolean {
  if (typeof v === 'string') return true;
  if (typeof v !== 'object') return false;
  if (v instanceof PyList || v instanceof PyRange || v instanceof PyTuple || v instanceof PyIter || v instanceof PyDict || v instanceof PySet || v instanceof PyDictView) return true;
  const m = v.cls.lookup('__iter__');
  if (m !== undefined && m !== None) return true;
  return v.cls.heapType && v.cls.lookup('__getitem__') !== undefined;
}

function withRc<O extends PyObject>(o: O): O {
  o.rc = 1;
  return o;
}

/** The old sequence protocol: __getitem__(0), (1)... until IndexError. */
class GetItemIter extends PyIter {
  get cls() { return T.iterator; }
  i = 0;
  constructor(public seq: PyObject | null) { super(); }
  next(rt: Runtime): PyValue | undefined {
    const s = this.seq;
    if (s === null) return undefined;
    try {
      return getItem(rt, s, this.i++);
    } catch (e) {
      if (isInstanceOfExc(e, E.IndexError) || isInstanceOfExc(e, E.StopIteration)) {
        rt.decref(e as PyBaseException);
        this.seq = null;
        rt.decref(s);
        return undefined;
      }
      throw e;
    }
  }
  override traverse(visit: (v: PyValue, l: string) => void): void { if (this.seq !== null) visit(this.seq, 'it_seq'); }
  override clear(rt: Runtime): void { const s = this.seq; this.seq = null; if (s !== null) rt.decref(s); }
}

/** next(it): a new reference, or undefined when the iterator is exhausted. */
export function iterNext(rt: Runtime, it: PyValue): PyValue | undefined {
  if (it instanceof PyIter) return it.next(rt);
  const m = typeof it === 'object' ? it.cls.lookup('__next__') : undefined;
  if (m === undefined || m === None) raise(rt, E.TypeError, `'${typeOf(it).name}' object is not an iterator`);
  try {
    return callMethod0(rt, m, it);
  } catch (e) {
    if (isInstanceOfExc(e, E.StopIteration)) {
      rt.decref(e);
      return undefined;
    }
    throw e;
  }
}

export { asInt, normBig, newDict, PyDict };
