/*
 * int arithmetic with Python semantics on the number|bigint representation:
 * results are normalised (number when safe, bigint otherwise), floor division
 * and modulo round toward negative infinity, and true division is correctly
 * rounded even for big ints.
 */

import type { Runtime } from '../runtime';
import { E, raise } from './exceptions';

export type Int = number | bigint;

const MAX = 9007199254740991;

export function normBig(b: bigint): Int {
  return (b >= -9007199254740991n && b <= 9007199254740991n) ? Number(b) : b;
}
export function big(a: Int): bigint { return typeof a === 'bigint' ? a : BigInt(a); }

export function intAdd(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (r <= MAX && r >= -MAX) return r;
  }
  return normBig(big(a) + big(b));
}
export function intSub(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (r <= MAX && r >= -MAX) return r;
  }
  return normBig(big(a) - big(b));
}
export function intMul(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (r <= MAX && r >= -MAX) return r === 0 ? 0 : r;
  }
  return normBig(big(a) * big(b));
}
export function intFloorDiv(rt: Runtime, a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) raise(rt, E.ZeroDivisionError, 'integer division or modulo by zero');
    const q = Math.floor(a / b);
    // a/b in doubles can round across an integer for large operands; verify exactly
    if (Math.abs(a) < 2 ** 52) return q === 0 ? 0 : q;
  }
  const x = big(a), y = big(b);
  if (y === 0n) raise(rt, E.ZeroDivisionError, 'integer division or modulo by zero');
  let q = x / y;
  if ((x % y !== 0n) && ((x < 0n) !== (y < 0n))) q -= 1n;
  return normBig(q);
}
export function intMod(rt: Runtime, a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) raise(rt, E.ZeroDivisionError, 'integer modulo by zero');
    const r = a % b;
    return (r !== 0 && (r < 0) !== (b < 0)) ? r + b : (r === 0 ? 0 : r);
  }
  const x = big(a), y = big(b);
  if (y === 0n) raise(rt, E.ZeroDivisionError, 'integer modulo by zero');
  let r = x % y;
  if (r !== 0n && (r < 0n) !== (y < 0n)) r += y;
  return normBig(r);
}

/** int / int, correctly rounded (round-half-even) like CPython's long_true_divide. */
export function intTrueDiv(rt: Runtime, a: Int, b: Int): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) raise(rt, E.ZeroDivisionError, 'division by zero');
    return a / b; // both exact doubles: IEEE division is correctly rounded
  }
  let x = big(a), y = big(b);
  if (y === 0n) raise(rt, E.ZeroDivisionError, 'division by zero');
  const neg = (x < 0n) !== (y < 0n);
  if (x < 0n) x = -x;
  if (y < 0n) y = -y;
  if (x === 0n) return neg ? -0 : 0;
  // scale so the quotient has 55+ significant bits; a sticky bit for the
  // remainder makes Number()'s round-half-even see the exact value
  const shift = y.toString(2).length - x.toString(2).length + 55;
  let q: bigint, r: bigint;
  if (shift >= 0) { const xs = x << BigInt(shift); q = xs / y; r = xs % y; } else { const ys = y << BigInt(-shift); q = x / ys; r = x % ys; }
  q = (q << 1n) | (r !== 0n ? 1n : 0n);
  const e = -(shift + 1);
  let res = Number(q);
  // apply 2**e in two steps so neither factor over/underflows on its own
  const h = Math.trunc(e / 2);
  res = res * 2 ** h * 2 ** (e - h);
  if (!Number.isFinite(res)) raise(rt, E.OverflowError, 'integer division result too large for a float');
  return neg ? -res : res;
}

export function intPow(rt: Runtime, a: Int, b: Int): Int | null {
  // null: negative exponent, the caller computes a float
  if (typeof b === 'number' ? b < 0 : b < 0n) return null;
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a ** b;
    if (Number.isSafeInteger(r) && Math.abs(r) < 2 ** 52) return r;
  }
  if (typeof b === 'bigint') {
    if (a === 0 || a === 1) return a;
    if (a === -1) return (b & 1n) ? -1 : 1;
    raise(rt, E.MemoryError);
  }
  return normBig(big(a) ** big(b));
}

export function intPowMod(rt: Runtime, a: Int, b: Int, m: Int): Int {
  let x = big(a), e = big(b), mod = big(m);
  if (mod === 0n) raise(rt, E.ValueError, 'pow() 3rd argument cannot be 0');
  const negMod = mod < 0n;
  if (negMod) mod = -mod;
  if (e < 0n) {
    x = modInverse(rt, ((x % mod) + mod) % mod, mod);
    e = -e;
  }
  let r = 1n % mod;
  x = ((x % mod) + mod) % mod;
  while (e > 0n) {
    if (e & 1n) r = (r * x) % mod;
    x = (x * x) % mod;
    e >>= 1n;
  }
  if (negMod && r !== 0n) r -= mod;
  return normBig(r);
}

function modInverse(rt: Runtime, a: bigint, m: bigint): bigint {
  let [or, r] = [a, m];
  let [os, s] = [1n, 0n];
  while (r !== 0n) {
    const q = or / r;
    [or, r] = [r, or - q * r];
    [os, s] = [s, os - q * s];
  }
  if (or !== 1n) raise(rt, E.ValueError, 'base is not invertible for the given modulus');
  return ((os % m) + m) % m;
}

export function intLshift(rt: Runtime, a: Int, b: Int): Int {
  if (typeof b === 'number' ? b < 0 : b < 0n) raise(rt, E.ValueError, 'negative shift count');
  if (typeof a === 'number' && typeof b === 'number' && b < 31 && a >= -(2 ** 21) && a < 2 ** 21) return a * 2 ** b;
  if (a === 0) return 0;
  if (typeof b === 'bigint') raise(rt, E.OverflowError, 'too many digits in integer');
  return normBig(big(a) << big(b));
}
export function intRshift(rt: Runtime, a: Int, b: Int): Int {
  if (typeof b === 'number' ? b < 0 : b < 0n) raise(rt, E.ValueError, 'negative shift count');
  if (typeof a === 'number' && typeof b === 'number') {
    if (b >= 64) return a < 0 ? -1 : 0;
    return Math.floor(a / 2 ** b);
  }
  if (typeof b === 'bigint') return big(a) < 0n ? -1 : 0;
  return normBig(big(a) >> big(b));
}
export function intAnd(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number' && (a | 0) === a && (b | 0) === b) return a & b;
  return normBig(big(a) & big(b));
}
export function intOr(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number' && (a | 0) === a && (b | 0) === b) return a | b;
  return normBig(big(a) | big(b));
}
export function intXor(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number' && (a | 0) === a && (b | 0) === b) return a ^ b;
  return normBig(big(a) ^ big(b));
}
export function intNeg(a: Int): Int {
  return typeof a === 'number' ? (a === 0 ? 0 : -a) : normBig(-a);
}
export function intInvert(a: Int): Int {
  return typeof a === 'number' ? -a - 1 : normBig(-a - 1n);
}

/** int -> float with CPython's OverflowError. */
export function intToFloat(rt: Runtime, a: Int): number {
  if (typeof a === 'number') return a;
  const f = Number(a);
  if (!Number.isFinite(f)) raise(rt, E.OverflowError, 'int too large to convert to float');
  return f;
}
