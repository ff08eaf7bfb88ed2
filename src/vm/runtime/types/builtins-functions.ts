/*
 * The builtins module's functions and the constructors of the built-in types
 * (installed as `construct` on each type: `list(x)` calls T.list.construct).
 * `builtinFunctions` maps names to PyBuiltinFunction; `builtinNamespace()`
 * adds the types and exception types, as Python's builtins module has them.
 */

import { PyObject, PyType, type NativeFn, type PyValue } from '../object';
import type { Runtime } from '../runtime';
import { T } from '../builtin-types';
import { PyBuiltinFunction } from '../builtin-function';
import { PyFloat, newFloat } from './float';
import { PyTuple, newTuple, tupleOfBorrowed, keptResult } from './tuple';
import { PyList, newList } from './list';
import { PyDict, newDict } from './dict';
import { PySet } from './set';
import { setFrom } from './set-algebra';
import { PyRange, newRange, newSlice } from './range';
import { None, NotImplemented, Ellipsis } from './singletons';
import { E, raise, raiseStopIteration, isInstanceOfExc } from './exceptions';
import { typeOf } from './typeof';
import { bindArgs, posArgs } from './args';
import {
  binaryOp, collect, getItem, getIter, isTrue, iterNext, len as pyLen, listExtend, needIndex, unaryNegative,
} from './ops';
import { compareBool, GT, LT } from './compare';
import { asciiRepr, repr, str, strRepr } from './repr';
import { format } from './format';
import { pyHash } from './hash';
import { pyFloat, pyInt, floatToInt } from './convert';
import { intFloorDiv, intMod, intPowMod, type Int, normBig } from './int';
import { listSort } from './methods-list';
import { dictMerge, dictMergeKw } from './methods-dict';
import { EnumerateIter, FilterIter, MapIter, ReversedIter, ZipIter } from './builtin-iterators';
import { ListRevIter, PyIter, CallableIter } from './iterators';
import { PyDictView } from './dictview';
import { floatFloorDiv, floatMod } from './ops';
import { scaledRound } from './format';
import { callMethod0 } from './call';
import { hooks } from './hooks';
import { strLen } from './strings';

/** A bare `object()` instance. */
export class PyPlainObject extends PyObject {
  get cls(): PyType { return T.object; }
}

function track<O extends PyObject>(rt: Runtime, o: O): O {
  rt.track(o);
  o.rc = 1;
  return o;
}

function noKw(rt: Runtime, name: string, kw: readonly string[] | null): void {
  if (kw !== null && kw.length > 0) raise(rt, E.TypeError, `${name}() takes no keyword arguments`);
}

// ---------------------------------------------------------------- constructors

T.int.construct = (rt, args, kw) => {
  const [x, base] = bindArgs(rt, 'int', args, kw, ['x', 'base'], 0);
  if (x === undefined && base !== undefined) raise(rt, E.TypeError, "int() missing string argument");
  return pyInt(rt, x, base);
};
T.float.construct = (rt, args, kw) => {
  noKw(rt, 'float', kw);
  posArgs(rt, 'float', args, kw, 0, 1);
  return newFloat(pyFloat(rt, args[0]));
};
T.bool.construct = (rt, args, kw) => {
  noKw(rt, 'bool', kw);
  posArgs(rt, 'bool', args, kw, 0, 1);
  return args.length === 0 ? false : isTrue(rt, args[0]);
};
T.str.fast = (rt, n, a) => n === 1 ? str(rt, a) : undefined;
T.str.construct = (rt, args, kw) => {
  // str(x) is hot (benchmarks build keys with "k" + str(i)): skip argument binding
  if (kw === null && args.length === 1) return str(rt, args[0]);
  const [o] = bindArgs(rt, 'str', args, kw, ['object', 'encoding', 'errors'], 0);
  return o === undefined ? '' : str(rt, o);
};
T.list.construct = (rt, args, kw) => {
  noKw(rt, 'list', kw);
  posArgs(rt, 'list', args, kw, 0, 1);
  const l = newList(rt, []);
  if (args.length > 0) {
    try { listExtend(rt, l, args[0]); } catch (e) { rt.decref(l); throw e; }
  }
  return l;
};
T.tuple.construct = (rt, args, kw) => {
  noKw(rt, 'tuple', kw);
  posArgs(rt, 'tuple', args, kw, 0, 1);
  if (args.length === 0) return newTuple(rt, []);
  const a = args[0];
  if (a instanceof PyTuple) { a.rc++; return a; }
  return newTuple(rt, collect(rt, a));
};
T.dict.construct = (rt, args, kw) => {
  const npos = args.length - (kw?.length ?? 0);
  if (npos > 1) raise(rt, E.TypeError, `dict expected at most 1 argument, got ${npos}`);
  const d = newDict(rt);
  try {
    if (npos === 1) dictMerge(rt, d, args[0]);
    dictMergeKw(rt, d, args, kw);
  } catch (e) { rt.decref(d); throw e; }
  return d;
};
function makeSet(frozen: boolean): NativeFn {
  const name = frozen ? 'frozenset' : 'set';
  return (rt, args, kw) => {
    noKw(rt, name, kw);
    posArgs(rt, name, args, kw, 0, 1);
    // frozenset(f) is f itself, as in CPython's make_new_frozenset
    if (frozen && args[0] instanceof PySet && args[0].frozen) { args[0].rc++; return args[0]; }
    return setFrom(rt, frozen, args[0]);
  };
}
T.set.construct = makeSet(false);
T.frozenset.construct = makeSet(true);
T.range.construct = (rt, args, kw) => {
  noKw(rt, 'range', kw);
  if (args.length === 0) raise(rt, E.TypeError, 'range expected at least 1 argument, got 0');
  if (args.length > 3) raise(rt, E.TypeError, `range expected at most 3 arguments, got ${args.length}`);
  const n = args.map((a) => needIndex(rt, a));
  const [start, stop, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n.length > 2 ? n[2] : 1];
  if (step === 0) raise(rt, E.ValueError, 'range() arg 3 must not be zero');
  return newRange(rt, start, stop, step);
};
T.slice.construct = (rt, args, kw) => {
  noKw(rt, 'slice', kw);
  posArgs(rt, 'slice', args, kw, 1, 3);
  if (args.length === 1) return newSlice(rt, None, args[0], None);
  return newSlice(rt, args[0], args[1], args.length > 2 ? args[2] : None);
};
T.object.construct = (rt, args, kw) => {
  if (args.length > 0) raise(rt, E.TypeError, 'object() takes no arguments');
  void kw;
  return track(rt, new PyPlainObject());
};
T.type.construct = (rt, args, kw) => {
  noKw(rt, 'type', kw);
  if (args.length !== 1) {
    if (args.length === 3) raise(rt, E.NotImplementedError, 'type() with 3 arguments is not supported in minipy');
    raise(rt, E.TypeError, 'type() takes 1 or 3 arguments');
  }
  const t = typeOf(args[0]);
  t.rc++;
  return t;
};
T.enumerate.construct = (rt, args, kw) => {
  const [it, start] = bindArgs(rt, 'enumerate', args, kw, ['iterable', 'start'], 1);
  let s: Int = 0;
  if (start !== undefined) {
    if (typeof start === 'number' || typeof start === 'bigint') s = start;
    else if (typeof start === 'boolean') s = start ? 1 : 0;
    else raise(rt, E.TypeError, `'${typeOf(start).name}' object cannot be interpreted as an integer`);
  }
  const e = track(rt, new EnumerateIter(getIter(rt, it!), s));
  e.result = keptResult(rt, 2); // enum_new's PyTuple_Pack(2, None, None)
  return e;
};
T.zip.construct = (rt, args, kw) => {
  let strict = false;
  let n = args.length;
  if (kw !== null && kw.length > 0) {
    if (kw.length !== 1 || kw[0] !== 'strict') raise(rt, E.TypeError, `zip() got an unexpected keyword argument '${kw.find((k) => k !== 'strict') ?? kw[0]}'`);
    strict = isTrue(rt, args[n - 1]);
    n--;
  }
  const its: PyValue[] = [];
  try {
    for (let i = 0; i < n; i++) {
      its.push(getIter(rt, args[i]));
    }
  } catch (e) { for (const it of its) rt.decref(it); throw e; }
  const z = track(rt, new ZipIter(its, strict));
  if (its.length > 0) z.result = keptResult(rt, its.length); // zip_new's tuple of Nones
  return z;
};
T.map.construct = (rt, args, kw) => {
  noKw(rt, 'map', kw);
  if (args.length < 2) raise(rt, E.TypeError, 'map() must have at least two arguments.');
  const its: PyValue[] = [];
  try { for (let i = 1; i < args.length; i++) its.push(getIter(rt, args[i])); } catch (e) { for (const it of its) rt.decref(it); throw e; }
  rt.incref(args[0]);
  return track(rt, new MapIter(args[0], its));
};
T.filter.construct = (rt, args, kw) => {
  noKw(rt, 'filter', kw);
  posArgs(rt, 'filter', args, kw, 2, 2);
  const it = getIter(rt, args[1]);
  rt.incref(args[0]);
  return track(rt, new FilterIter(args[0], it));
};
T.reversed.construct = (rt, args, kw) => {
  noKw(rt, 'reversed', kw);
  // reversed_new_impl checks its count itself (_PyArg_CheckPositional), with this wording
  if (args.length !== 1) raise(rt, E.TypeError, `reversed expected 1 argument, got ${args.length}`);
  return reversedOf(rt, args[0]);
};

function reversedOf(rt: Runtime, v: PyValue): PyValue {
  if (v instanceof PyList) { v.rc++; return track(rt, new ListRevIter(v)); }
  if (v instanceof PyDict || v instanceof PyDictView) {
    // Dicts and their views reverse in insertion order (3.8+).
    const keys = collect(rt, v);
    const l = newList(rt, keys.reverse());
    const it = getIter(rt, l);
    rt.decref(l);
    return it;
  }
  if (typeof v === 'object' && v.cls.heapType) {
    const m = v.cls.lookup('__reversed__');
    if (m === None) raise(rt, E.TypeError, `'${typeOf(v).name}' object is not reversible`);
    if (m !== undefined) return callMethod0(rt, m, v);
  }
  const seqLike = typeof v === 'string' || v instanceof PyTuple || v instanceof PyRange ||
    (typeof v === 'object' && v.cls.heapType && v.cls.lookup('__getitem__') !== undefined && v.cls.lookup('__len__') !== undefined);
  if (!seqLike) raise(rt, E.TypeError, `'${typeOf(v).name}' object is not reversible`);
  const n = pyLen(rt, v);
  rt.incref(v);
  return track(rt, new ReversedIter(v, n - 1, getItem as (rt: Runtime, s: PyValue, i: number) => PyValue));
}

// ---------------------------------------------------------------- functions

function writeOut(rt: Runtime, file: PyValue | undefined, text: string): void {
  if (file === undefined || file === None) { rt.stdout.push(text); return; }
  if (hooks.isStderr !== null && hooks.isStderr(rt, file)) { rt.stderr.push(text); return; }
  if (hooks.getAttr === null) raise(rt, E.NotImplementedError, 'print(file=...) is not supported');
  const w = hooks.getAttr(rt, file, 'write');
  try { rt.decref(rt.call(w, [text], null)); } finally { rt.decref(w); }
}

function roundFloat(rt: Runtime, x: number, nd: PyValue | undefined): PyValue {
  if (nd === undefined || nd === None) {
    if (x !== x) raise(rt, E.ValueError, 'cannot convert float NaN to integer');
    if (!Number.isFinite(x)) raise(rt, E.OverflowError, 'cannot convert float infinity to integer');
    let r = Math.floor(x);
    const diff = x - r;
    if (diff > 0.5 || (diff === 0.5 && r % 2 !== 0)) r += 1;
    return floatToInt(rt, r);
  }
  const n = needIndex(rt, nd);
  if (!Number.isFinite(x) || x === 0) return newFloat(x);
  if (n > 323) return newFloat(x);
  if (n < -308) return newFloat(x < 0 ? -0 : 0);
  // round the exact binary value half-even at 10**-n, then back to the nearest double
  const q = scaledRound(Math.abs(x), n);
  const text = n >= 0 ? `${q}e-${n}` : `${q}e${-n}`;
  const r = Number(text);
  if (!Number.isFinite(r)) raise(rt, E.OverflowError, 'rounded value too large to represent');
  return newFloat(x < 0 ? -r : r);
}

function roundInt(rt: Runtime, x: Int, nd: PyValue | undefined): Int {
  if (nd === undefined || nd === None) return x;
  const n = needIndex(rt, nd);
  if (n >= 0) return x;
  const p = 10n ** BigInt(-n);
  const b = BigInt(x);
  let q = b / p;
  let r = b % p;
  if (r < 0n) { q -= 1n; r += p; }
  const twice = r * 2n;
  if (twice > p || (twice === p && (q & 1n) === 1n)) q += 1n;
  return normBig(q * p);
}

function minmax(rt: Runtime, name: string, args: PyValue[], kw: readonly string[] | null, op: number): PyValue {
  const nkw = kw?.length ?? 0;
  const npos = args.length - nkw;
  let key: PyValue | undefined;
  let dflt: PyValue | undefined;
  for (let j = 0; j < nkw; j++) {
    const k = kw![j];
    if (k === 'key') key = args[npos + j];
    else if (k === 'default') dflt = args[npos + j];
    else raise(rt, E.TypeError, `${name}() got an unexpected keyword argument '${k}'`);
  }
  if (npos === 0) raise(rt, E.TypeError, `${name} expected at least 1 argument, got 0`);
  let items: PyValue[];
  if (npos === 1) {
    items = collect(rt, args[0]);
  } else {
    if (dflt !== undefined) raise(rt, E.TypeError, `Cannot specify a default for ${name}() with multiple positional arguments`);
    items = args.slice(0, npos);
    for (const v of items) rt.incref(v);
  }
  try {
    if (items.length === 0) {
      if (dflt !== undefined) { rt.incref(dflt); return dflt; }
      raise(rt, E.ValueError, `${name}() arg is an empty sequence`);
    }
    const useKey = key !== undefined && key !== None;
    let best = items[0];
    let bestKey = useKey ? rt.call(key!, [best], null) : best;
    try {
      for (let i = 1; i < items.length; i++) {
        const v = items[i];
        const k = useKey ? rt.call(key!, [v], null) : v;
        if (compareBool(rt, op, k, bestKey)) {
          if (useKey) rt.decref(bestKey);
          best = v; bestKey = k;
        } else if (useKey) rt.decref(k);
      }
    } finally {
      if (useKey) rt.decref(bestKey);
    }
    rt.incref(best);
    return best;
  } finally {
    for (const v of items) rt.decref(v);
  }
}

function intArg(rt: Runtime, v: PyValue): Int {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'object' && v.cls.heapType && v.cls.lookup('__index__') !== undefined) {
    const r = callMethod0(rt, v.cls.lookup('__index__')!, v);
    if (typeof r === 'number' || typeof r === 'bigint') return r;
  }
  raise(rt, E.TypeError, `'${typeOf(v).name}' object cannot be interpreted as an integer`);
}

function radix(rt: Runtime, v: PyValue, base: number, prefix: string): string {
  const n = intArg(rt, v);
  const neg = typeof n === 'bigint' ? n < 0n : n < 0;
  const abs = neg ? (typeof n === 'bigint' ? -n : -n) : n;
  return (neg ? '-' : '') + prefix + abs.toString(base);
}

function isCallable(v: PyValue): boolean {
  if (typeof v !== 'object') return false;
  if (v instanceof PyType || v instanceof PyBuiltinFunction) return true;
  const c = v.cls;
  if (c === T.function || c === T.method || c === T.builtin_function_or_method || c === T.staticmethod || c === T.classmethod) return true;
  return c.lookup('__call__') !== undefined;
}

function classInfo(rt: Runtime, v: PyValue, fname: string): PyType[] {
  if (v instanceof PyType) return [v];
  if (v instanceof PyTuple) {
    const out: PyType[] = [];
    for (const x of v.items) out.push(...classInfo(rt, x, fname));
    return out;
  }
  raise(rt, E.TypeError, `${fname}() arg 2 must be a type, a tuple of types, or a union`);
}

const fns: Record<string, NativeFn> = {
  print(rt, args, kw) {
    const nkw = kw?.length ?? 0;
    const npos = args.length - nkw;
    let sep = ' ', end = '\n';
    let file: PyValue | undefined;
    for (let j = 0; j < nkw; j++) {
      const k = kw![j];
      const v = args[npos + j];
      if (k === 'sep' || k === 'end') {
        if (v !== None && typeof v !== 'string') raise(rt, E.TypeError, `${k} must be None or a string, not ${typeOf(v).name}`);
        if (typeof v === 'string') { if (k === 'sep') sep = v; else end = v; }
      } else if (k === 'file') file = v;
      else if (k !== 'flush') raise(rt, E.TypeError, `'${k}' is an invalid keyword argument for print()`);
    }
    let out = '';
    for (let i = 0; i < npos; i++) {
      if (i > 0) out += sep;
      const v = args[i];
      out += typeof v === 'string' ? v : str(rt, v);
    }
    writeOut(rt, file, out + end);
    return None;
  },
  len(rt, args, kw) { posArgs(rt, 'len', args, kw, 1, 1); return pyLen(rt, args[0]); },
  repr(rt, args, kw) { posArgs(rt, 'repr', args, kw, 1, 1); return repr(rt, args[0]); },
  ascii(rt, args, kw) {
    posArgs(rt, 'ascii', args, kw, 1, 1);
    return asciiRepr(rt, args[0]);
  },
  isinstance(rt, args, kw) {
    posArgs(rt, 'isinstance', args, kw, 2, 2);
    const t = typeOf(args[0]);
    for (const c of classInfo(rt, args[1], 'isinstance')) if (t.isSubtypeOf(c)) return true;
    return false;
  },
  issubclass(rt, args, kw) {
    posArgs(rt, 'issubclass', args, kw, 2, 2);
    const t = args[0];
    if (!(t instanceof PyType)) raise(rt, E.TypeError, 'issubclass() arg 1 must be a class');
    for (const c of classInfo(rt, args[1], 'issubclass')) if (t.isSubtypeOf(c)) return true;
    return false;
  },
  id(rt, args, kw) {
    posArgs(rt, 'id', args, kw, 1, 1);
    const v = args[0];
    if (typeof v === 'object') {
      if (v.oid === 0) v.oid = rt.nextId++;
      return 0x7f0000000000 + v.oid * 16;
    }
    // atomic values have no object of their own here: a stable address from their hash
    const h = pyHash(rt, v);
    return 0x7e0000000000 + Number(BigInt.asUintN(32, BigInt(h))) * 16;
  },
  hash(rt, args, kw) { posArgs(rt, 'hash', args, kw, 1, 1); return pyHash(rt, args[0]); },
  iter(rt, args, kw) {
    posArgs(rt, 'iter', args, kw, 1, 2);
    if (args.length === 2) {
      if (!isCallable(args[0])) raise(rt, E.TypeError, 'iter(v, w): v must be callable');
      rt.incref(args[0]); rt.incref(args[1]);
      return track(rt, new CallableIter(args[0], args[1]));
    }
    return getIter(rt, args[0]);
  },
  next(rt, args, kw) {
    posArgs(rt, 'next', args, kw, 1, 2);
    const it = args[0];
    if (!(it instanceof PyIter) && (typeof it !== 'object' || it.cls.lookup('__next__') === undefined)) {
      raise(rt, E.TypeError, `'${typeOf(it).name}' object is not an iterator`);
    }
    if (!(it instanceof PyIter)) {
      // A user __next__'s own StopIteration (with its args) is what next() raises.
      try {
        return callMethod0(rt, it.cls.lookup('__next__') as PyValue, it);
      } catch (e) {
        if (args.length < 2 || !isInstanceOfExc(e, E.StopIteration)) throw e;
        rt.decref(e);
        rt.incref(args[1]);
        return args[1];
      }
    }
    const v = iterNext(rt, it);
    if (v !== undefined) return v;
    // A finished generator's return value travels in StopIteration.value.
    const rv = (it as { takeReturn?: () => PyValue }).takeReturn?.() ?? None;
    try {
      if (args.length > 1) { rt.incref(args[1]); return args[1]; }
      raiseStopIteration(rt, rv === None ? undefined : rv);
    } finally {
      rt.decref(rv);
    }
  },
  sorted(rt, args, kw) {
    const npos = args.length - (kw?.length ?? 0);
    if (npos !== 1) raise(rt, E.TypeError, npos === 0 ? 'sorted expected 1 argument, got 0' : `sorted expected 1 argument, got ${npos}`);
    const [it, key, rev] = bindArgs(rt, 'sorted', args, kw, ['iterable', 'key', 'reverse'], 1, 1);
    // PySequence_List: an empty list extended, so the capacity is CPython's
    const l = newList(rt, []);
    try { listExtend(rt, l, it!); listSort(rt, l, key, rev); } catch (e) { rt.decref(l); throw e; }
    return l;
  },
  sum(rt, args, kw) {
    const [it, start] = bindArgs(rt, 'sum', args, kw, ['iterable', 'start'], 1);
    let acc: PyValue = start === undefined ? 0 : start;
    if (typeof acc === 'string') raise(rt, E.TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
    rt.incref(acc);
    const iter = getIter(rt, it!);
    try {
      for (;;) {
        const v = iterNext(rt, iter);
        if (v === undefined) break;
        if (typeof acc === 'number' && typeof v === 'number') {
          const r: number = acc + v;
          if (r <= 9007199254740991 && r >= -9007199254740991) { acc = r; continue; }
        }
        const r = binaryOp(rt, 0, acc, v);
        rt.decref(acc);
        rt.decref(v);
        acc = r;
      }
    } catch (e) { rt.decref(acc); throw e; } finally { rt.decref(iter); }
    return acc;
  },
  min(rt, args, kw) { return minmax(rt, 'min', args, kw, LT); },
  max(rt, args, kw) { return minmax(rt, 'max', args, kw, GT); },
  abs(rt, args, kw) {
    posArgs(rt, 'abs', args, kw, 1, 1);
    const v = args[0];
    if (typeof v === 'number') return v < 0 ? -v : v;
    if (typeof v === 'bigint') return v < 0n ? -v : v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (v instanceof PyFloat) return newFloat(Math.abs(v.v));
    if (typeof v === 'object' && v.cls.heapType) {
      const m = v.cls.lookup('__abs__');
      if (m !== undefined && m !== None) return callMethod0(rt, m, v);
    }
    raise(rt, E.TypeError, `bad operand type for abs(): '${typeOf(v).name}'`);
  },
  round(rt, args, kw) {
    const [x, nd] = bindArgs(rt, 'round', args, kw, ['number', 'ndigits'], 1);
    const v = x!;
    if (v instanceof PyFloat) return roundFloat(rt, v.v, nd);
    if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return roundInt(rt, typeof v === 'boolean' ? +v : v, nd);
    if (typeof v === 'object' && v.cls.heapType) {
      const m = v.cls.lookup('__round__');
      if (m !== undefined) return nd === undefined ? callMethod0(rt, m, v) : rt.call(m, [v, nd], null);
    }
    raise(rt, E.TypeError, `type ${typeOf(v).name} doesn't define __round__ method`);
  },
  divmod(rt, args, kw) {
    posArgs(rt, 'divmod', args, kw, 2, 2);
    const [a, b] = args;
    const ia = typeof a === 'boolean' ? +a : a, ib = typeof b === 'boolean' ? +b : b;
    if ((typeof ia === 'number' || typeof ia === 'bigint') && (typeof ib === 'number' || typeof ib === 'bigint')) {
      return newTuple(rt, [intFloorDiv(rt, ia, ib), intMod(rt, ia, ib)]);
    }
    const fa = ia instanceof PyFloat ? ia.v : typeof ia === 'number' || typeof ia === 'bigint' ? Number(ia) : null;
    const fb = ib instanceof PyFloat ? ib.v : typeof ib === 'number' || typeof ib === 'bigint' ? Number(ib) : null;
    if (fa !== null && fb !== null) {
      if (fb === 0) raise(rt, E.ZeroDivisionError, 'float divmod()');
      return newTuple(rt, [newFloat(floatFloorDiv(rt, fa, fb)), newFloat(floatMod(rt, fa, fb))]);
    }
    // Built-in operands without a divmod slot: CPython names divmod() itself, not // or %.
    if (!(typeof a === 'object' && a.cls.heapType) && !(typeof b === 'object' && b.cls.heapType)) {
      raise(rt, E.TypeError, `unsupported operand type(s) for divmod(): '${typeOf(a).name}' and '${typeOf(b).name}'`);
    }
    const q = binaryOp(rt, 2, a, b);
    let r: PyValue;
    try { r = binaryOp(rt, 6, a, b); } catch (e) { rt.decref(q); throw e; }
    return newTuple(rt, [q, r]);
  },
  pow(rt, args, kw) {
    const [b, e, m] = bindArgs(rt, 'pow', args, kw, ['base', 'exp', 'mod'], 2);
    if (m === undefined || m === None) return binaryOp(rt, 8, b!, e!);
    const isInt = (v: PyValue) => typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';
    if (!isInt(b!) || !isInt(e!) || !isInt(m)) raise(rt, E.TypeError, 'pow() 3rd argument not allowed unless all arguments are integers');
    return intPowMod(rt, intArg(rt, b!), intArg(rt, e!), intArg(rt, m));
  },
  any(rt, args, kw) {
    posArgs(rt, 'any', args, kw, 1, 1);
    const it = getIter(rt, args[0]);
    try {
      for (;;) {
        const v = iterNext(rt, it);
        if (v === undefined) return false;
        const t = isTrue(rt, v);
        rt.decref(v);
        if (t) return true;
      }
    } finally { rt.decref(it); }
  },
  all(rt, args, kw) {
    posArgs(rt, 'all', args, kw, 1, 1);
    const it = getIter(rt, args[0]);
    try {
      for (;;) {
        const v = iterNext(rt, it);
        if (v === undefined) return true;
        const t = isTrue(rt, v);
        rt.decref(v);
        if (!t) return false;
      }
    } finally { rt.decref(it); }
  },
  chr(rt, args, kw) {
    posArgs(rt, 'chr', args, kw, 1, 1);
    const n = intArg(rt, args[0]);
    if (typeof n === 'bigint') raise(rt, E.OverflowError, 'Python int too large to convert to C int');
    if (n < 0 || n > 0x10ffff) raise(rt, E.ValueError, 'chr() arg not in range(0x110000)');
    return String.fromCodePoint(n);
  },
  ord(rt, args, kw) {
    posArgs(rt, 'ord', args, kw, 1, 1);
    const s = args[0];
    if (typeof s !== 'string') raise(rt, E.TypeError, `ord() expected string of length 1, but ${typeOf(s).name} found`);
    if (s.length === 1) return s.charCodeAt(0); // one unit: one code point (a lone surrogate included)
    const n = strLen(s);
    if (n !== 1) raise(rt, E.TypeError, `ord() expected a character, but string of length ${n} found`);
    return s.codePointAt(0)!;
  },
  hex(rt, args, kw) { posArgs(rt, 'hex', args, kw, 1, 1); return radix(rt, args[0], 16, '0x'); },
  oct(rt, args, kw) { posArgs(rt, 'oct', args, kw, 1, 1); return radix(rt, args[0], 8, '0o'); },
  bin(rt, args, kw) { posArgs(rt, 'bin', args, kw, 1, 1); return radix(rt, args[0], 2, '0b'); },
  format(rt, args, kw) {
    posArgs(rt, 'format', args, kw, 1, 2);
    const spec = args.length > 1 ? args[1] : '';
    if (typeof spec !== 'string') raise(rt, E.TypeError, `format() argument 2 must be str, not ${spec === None ? 'None' : typeOf(spec).name}`);
    return format(rt, args[0], spec);
  },
  callable(rt, args, kw) { posArgs(rt, 'callable', args, kw, 1, 1); return isCallable(args[0]); },
  getattr(rt, args, kw) {
    posArgs(rt, 'getattr', args, kw, 2, 3);
    const name = args[1];
    if (typeof name !== 'string') raise(rt, E.TypeError, "attribute name must be string, not '" + typeOf(name).name + "'");
    if (hooks.getAttr === null) raise(rt, E.NotImplementedError, 'getattr: attribute protocol not wired');
    if (args.length === 2) return hooks.getAttr(rt, args[0], name);
    try {
      return hooks.getAttr(rt, args[0], name);
    } catch (e) {
      if (e instanceof PyObject && e.cls.isSubtypeOf(E.AttributeError)) {
        rt.decref(e);
        rt.incref(args[2]);
        return args[2];
      }
      throw e;
    }
  },
  setattr(rt, args, kw) {
    posArgs(rt, 'setattr', args, kw, 3, 3);
    const name = args[1];
    if (typeof name !== 'string') raise(rt, E.TypeError, "attribute name must be string, not '" + typeOf(name).name + "'");
    if (hooks.setAttr === null) raise(rt, E.NotImplementedError, 'setattr: attribute protocol not wired');
    hooks.setAttr(rt, args[0], name, args[2]);
    return None;
  },
  hasattr(rt, args, kw) {
    posArgs(rt, 'hasattr', args, kw, 2, 2);
    const name = args[1];
    if (typeof name !== 'string') raise(rt, E.TypeError, "attribute name must be string, not '" + typeOf(name).name + "'");
    if (hooks.getAttr === null) raise(rt, E.NotImplementedError, 'hasattr: attribute protocol not wired');
    try {
      rt.decref(hooks.getAttr(rt, args[0], name));
      return true;
    } catch (e) {
      if (e instanceof PyObject && e.cls.isSubtypeOf(E.AttributeError)) { rt.decref(e); return false; }
      throw e;
    }
  },
  delattr(rt, args, kw) {
    posArgs(rt, 'delattr', args, kw, 2, 2);
    const name = args[1];
    if (typeof name !== 'string') raise(rt, E.TypeError, "attribute name must be string, not '" + typeOf(name).name + "'");
    if (hooks.delAttr === null) raise(rt, E.NotImplementedError, 'delattr: attribute protocol not wired');
    hooks.delAttr(rt, args[0], name);
    return None;
  },
  input(rt) {
    raise(rt, E.NotImplementedError, 'input() is not supported in minipy: there is no console input');
  },
};

export const builtinFunctions: Record<string, PyBuiltinFunction> = {};
for (const [name, fn] of Object.entries(fns)) {
  const f = new PyBuiltinFunction(name, fn, null);
  f.rc = 1 << 30;
  builtinFunctions[name] = f;
}

// len(x) and ord(c) without an args array (the checks of posArgs pass for one positional argument)
builtinFunctions.len.fast = (rt, n, a) => n === 1 ? pyLen(rt, a) : undefined;
builtinFunctions.ord.fast = (rt, n, a) => n === 1 && typeof a === 'string' && a.length === 1 ? a.charCodeAt(0) : undefined;

/** Everything the builtins module holds that the types module provides. */
export function builtinNamespace(): Record<string, PyValue> {
  const ns: Record<string, PyValue> = { ...builtinFunctions };
  for (const n of ['int', 'float', 'bool', 'str', 'list', 'tuple', 'dict', 'set', 'frozenset', 'range', 'slice', 'object', 'type', 'enumerate', 'zip', 'map', 'filter', 'reversed'] as const) {
    ns[n] = T[n];
  }
  for (const [n, t] of Object.entries(E)) ns[n] = t;
  ns.None = None;
  ns.NotImplemented = NotImplemented;
  ns.Ellipsis = Ellipsis;
  ns.True = true;
  ns.False = false;
  return ns;
}

void unaryNegative; void PySet; void tupleOfBorrowed; void strRepr;
