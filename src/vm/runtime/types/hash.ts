/*
 * Hashing. pyHash is Python's hash(): CPython's values for ints, bools, floats
 * and tuples (modulus 2**61-1, hash(-1) == -2, 3.11's xxHash-based tuple hash).
 * Strings use a deterministic FNV hash (CPython's is randomised per process).
 * keyHash is a cheap 32-bit hash consistent with ==, used only by the
 * dict/set bucket index for value-compared keys.
 */

import { PyObject, type PyValue } from '../object';
import type { Runtime } from '../runtime';
import { T } from '../builtin-types';
import { PyBuiltinFunction } from '../builtin-function';
import { PyFloat } from './float';
import { PyTuple } from './tuple';
import { None } from './singletons';
import { E, raise } from './exceptions';
import { typeOf } from './typeof';
import { PyWeakRef } from '../weakref';

const P = (1n << 61n) - 1n;
const M64 = (1n << 64n) - 1n;

function normInt(b: bigint): number | bigint {
  return (b >= -9007199254740991n && b <= 9007199254740991n) ? Number(b) : b;
}

export function hashBigInt(v: bigint): bigint {
  const neg = v < 0n;
  let h = (neg ? -v : v) % P;
  if (neg) h = -h;
  return h === -1n ? -2n : h;
}

/** CPython's _Py_HashDouble for finite non-NaN values, and ±314159 for infinities. */
export function hashDouble(x: number): number | bigint {
  if (Number.isInteger(x)) {
    if (Number.isSafeInteger(x)) return x === -1 ? -2 : x;
    return normInt(hashBigInt(BigInt(x)));
  }
  if (x === Infinity) return 314159;
  if (x === -Infinity) return -314159;
  // frexp: x = m * 2**e with 0.5 <= |m| < 1
  let sign = 1n;
  let m = x;
  if (m < 0) { sign = -1n; m = -m; }
  let e = Math.floor(Math.log2(m)) + 1;
  m = m / 2 ** e;
  while (m >= 1) { m /= 2; e++; }
  while (m < 0.5) { m *= 2; e--; }
  let h = 0n;
  while (m) {
    h = ((h << 28n) & P) | (h >> 33n);
    m *= 268435456.0;
    e -= 28;
    const y = Math.floor(m);
    m -= y;
    h += BigInt(y);
    if (h >= P) h -= P;
  }
  const ee = BigInt(e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61));
  h = ((h << ee) & P) | (h >> (61n - ee));
  h *= sign;
  if (h === -1n) h = -2n;
  return normInt(h);
}

function strHash(s: string): number {
  // two FNV-1a lanes -> a 52-bit value (deterministic; CPython's is randomised)
  let a = 0x811c9dc5, b = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  const h = (a >>> 0) * 1048576 + ((b >>> 12) & 0xfffff);
  return h === -1 ? -2 : h;
}

const XXPRIME_1 = 11400714785074694791n;
const XXPRIME_2 = 14029467366897019727n;
const XXPRIME_5 = 2870177450012600261n;

function tupleHash(rt: Runtime, t: PyTuple): number | bigint {
  return tupleHashOf(t.items.map((item) => pyHash(rt, item)));
}

/** CPython 3.11's tuple hash (xxHash lanes) from its items' hashes. */
export function tupleHashOf(itemHashes: (number | bigint)[]): number | bigint {
  let acc = XXPRIME_5;
  for (const h of itemHashes) {
    const lane = BigInt.asUintN(64, BigInt(h));
    acc = (acc + lane * XXPRIME_2) & M64;
    acc = ((acc << 31n) | (acc >> 33n)) & M64;
    acc = (acc * XXPRIME_1) & M64;
  }
  acc = (acc + (BigInt(itemHashes.length) ^ (XXPRIME_5 ^ 3527539n))) & M64;
  if (acc === M64) return 1546275796;
  return normInt(BigInt.asIntN(64, acc));
}

function frozensetHash(rt: Runtime, items: Iterable<PyValue>, n: number): number | bigint {
  let h = 0n;
  for (const item of items) {
    const x = BigInt.asUintN(64, BigInt(pyHash(rt, item)));
    h ^= (((x ^ 89869747n) ^ (x << 16n)) * 3644798167n) & M64;
  }
  h ^= (BigInt(n + 1) * 1927868237n) & M64;
  h ^= (h >> 11n) ^ (h >> 25n);
  h = (h * 69069n + 907133923n) & M64;
  if (h === M64) h = 590923713n;
  return normInt(BigInt.asIntN(64, h));
}

/** The hash of an object compared by identity (CPython rotates the address by 4 bits). */
export function identityHash(o: PyObject): number {
  return 0x7f000000000 + o.oid;
}

/** Is `m` the default (object's) implementation of a special method? */
function isDefault(m: PyValue | undefined): boolean {
  return m === undefined || (m instanceof PyBuiltinFunction && m.owner === T.object);
}

/** hash(v) as Python computes it. */
export function pyHash(rt: Runtime, v: PyValue): number | bigint {
  switch (typeof v) {
    case 'number': return v === -1 ? -2 : v;
    case 'boolean': return v ? 1 : 0;
    case 'string': return strHash(v);
    case 'bigint': return normInt(hashBigInt(v));
  }
  if (v instanceof PyFloat) return v.v !== v.v ? identityHash(v) : hashDouble(v.v);
  if (v instanceof PyTuple) return tupleHash(rt, v);
  if (v === None) return 0x7f00000c4e0 >> 4; // any constant: CPython hashes None by address
  if (v instanceof PyWeakRef) return weakrefHash(rt, v);
  const cls = v.cls;
  if (cls === T.frozenset) {
    const s = v as unknown as { map: Map<unknown, PyValue> };
    return frozensetHash(rt, s.map.values(), s.map.size);
  }
  if (cls === T.list || cls === T.dict || cls === T.set || cls === T.slice) {
    raise(rt, E.TypeError, `unhashable type: '${cls.name}'`);
  }
  if (cls === T.range) return rangeHash(rt, v);
  const m = cls.lookup('__hash__');
  if (m === None) raise(rt, E.TypeError, `unhashable type: '${cls.name}'`);
  if (isDefault(m)) return identityHash(v);
  const r = m instanceof PyBuiltinFunction ? m.fn(rt, [v], null) : rt.call(m as PyValue, [v]);
  if (typeof r === 'number') return r === -1 ? -2 : r;
  if (typeof r === 'bigint') return normInt(hashBigInt(r));
  if (typeof r === 'boolean') return r ? 1 : 0;
  rt.decref(r);
  raise(rt, E.TypeError, '__hash__ method should return an integer');
}

/** weakref_hash: the referent's hash, kept once computed; a dead referent never hashed is an error. */
function weakrefHash(rt: Runtime, w: PyWeakRef): number | bigint {
  if (w.hash !== null) return w.hash;
  if (w.referent === null) raise(rt, E.TypeError, 'weak object has gone away');
  w.hash = pyHash(rt, w.referent);
  return w.hash;
}

function rangeHash(rt: Runtime, v: PyObject): number | bigint {
  const r = v as unknown as { start: number; stop: number; step: number; length: number };
  const n = r.length;
  const parts: PyValue[] = n === 0 ? [0, None, None] : n === 1 ? [1, r.start, None] : [n, r.start, r.step];
  return tupleHash(rt, new PyTuple(parts));
}

/**
 * True when `k` (an object) must be found through the bucket index (its
 * equality is by value), false when it is compared by identity. Raises
 * TypeError for unhashable values.
 */
export function isHashedKey(rt: Runtime, k: PyObject): boolean {
  if (k instanceof PyTuple || k instanceof PyWeakRef) return true;
  const cls = k.cls;
  if (cls === T.frozenset || cls === T.range) return true;
  if (cls === T.list || cls === T.dict || cls === T.set || cls === T.slice) {
    raise(rt, E.TypeError, `unhashable type: '${cls.name}'`);
  }
  if (!cls.heapType) return false;
  const h = cls.lookup('__hash__');
  if (h === None) raise(rt, E.TypeError, `unhashable type: '${cls.name}'`);
  return !isDefault(h) || !isDefault(cls.lookup('__eq__'));
}

function mixNum(n: number): number {
  if (Number.isInteger(n)) {
    if (Number.isSafeInteger(n)) return (n | 0) ^ Math.imul((n / 4294967296) | 0, 0x9e3779b1);
    return mixBig(BigInt(n));
  }
  return (Math.floor(n * 65536) | 0) ^ 0x5f3759df;
}
function mixBig(b: bigint): number {
  return Number(BigInt.asIntN(32, b)) ^ Number(BigInt.asIntN(32, b >> 32n)) ^ 0x2545f491;
}

/** A 32-bit hash consistent with pyEq, for the dict/set bucket index. */
export function keyHash(rt: Runtime, v: PyValue): number {
  switch (typeof v) {
    case 'number': return mixNum(v);
    case 'boolean': return v ? mixNum(1) : mixNum(0);
    case 'string': return strHash(v) | 0;
    case 'bigint': return mixBig(v);
  }
  if (v instanceof PyFloat) return v.v !== v.v ? v.oid : mixNum(v.v);
  if (v instanceof PyTuple) {
    let h = 0x345678 ^ v.items.length;
    for (const it of v.items) {
      // murmur3-style mixing so small-int tuples spread over the buckets
      let k = Math.imul(keyHash(rt, it), 0xcc9e2d51);
      k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
      h ^= k;
      h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64 | 0;
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    return h;
  }
  const h = pyHash(rt, v);
  return typeof h === 'number' ? mixNum(h) : mixBig(h);
}

export { typeOf as _typeOf };
