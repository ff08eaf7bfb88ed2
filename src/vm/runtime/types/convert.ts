/*
 * Conversions: int(x), int(s, base), float(x), and the integer view of a
 * number used by %d and friends, with CPython's error texts.
 */

import type { PyValue } from '../object';
import type { Runtime } from '../runtime';
import { PyFloat } from './float';
import { None } from './singletons';
import { E, raise } from './exceptions';
import { typeOf } from './typeof';
import { strRepr } from './repr';
import { callMethod0 } from './call';
import { type Int, normBig } from './int';

/** Truncate a float to an int (int(3.7) == 3) with CPython's errors. */
export function floatToInt(rt: Runtime, x: number): Int {
  if (x !== x) raise(rt, E.ValueError, 'cannot convert float NaN to integer');
  if (!Number.isFinite(x)) raise(rt, E.OverflowError, 'cannot convert float infinity to integer');
  const t = Math.trunc(x);
  if (Number.isSafeInteger(t)) return t === 0 ? 0 : t;
  return normBig(BigInt(t));
}

/** The int value of a number-like (int, bool, float, or user __int__/__index__). */
export function toIntValue(rt: Runtime, v: PyValue): Int {
  switch (typeof v) {
    case 'number': case 'bigint': return v;
    case 'boolean': return v ? 1 : 0;
  }
  if (v instanceof PyFloat) return floatToInt(rt, v.v);
  if (typeof v === 'object') {
    for (const name of ['__int__', '__index__']) {
      const m = v.cls.lookup(name);
      if (m !== undefined && m !== None) {
        const r = callMethod0(rt, m, v);
        if (typeof r === 'number' || typeof r === 'bigint') return r;
        if (typeof r === 'boolean') return r ? 1 : 0;
        const n = typeOf(r).name;
        rt.decref(r);
        raise(rt, E.TypeError, `${name} returned non-int (type ${n})`);
      }
    }
  }
  raise(rt, E.TypeError, `int() argument must be a string, a bytes-like object or a real number, not '${typeOf(v).name}'`);
}

const WS = /^[\s]+|[\s]+$/g;

/** int(s, base). */
export function intFromString(rt: Runtime, s: string, base: number): Int {
  if (base !== 0 && (base < 2 || base > 36)) raise(rt, E.ValueError, 'int() base must be >= 2 and <= 36, or 0');
  const bad = (): never => raise(rt, E.ValueError, `invalid literal for int() with base ${base}: ${strRepr(s)}`);
  let t = s.replace(WS, '');
  let neg = false;
  if (t[0] === '+' || t[0] === '-') { neg = t[0] === '-'; t = t.slice(1); }
  let b = base;
  const pre = t.slice(0, 2).toLowerCase();
  if ((pre === '0x' && (b === 16 || b === 0)) || (pre === '0o' && (b === 8 || b === 0)) || (pre === '0b' && (b === 2 || b === 0))) {
    b = pre === '0x' ? 16 : pre === '0o' ? 8 : 2;
    t = t.slice(2);
    if (t.startsWith('_')) t = t.slice(1);
  } else if (b === 0) {
    b = 10;
    if (/^0+(_?0)*$/.test(t)) return 0;
    if (t[0] === '0') bad();
  }
  if (t === '' || t.startsWith('_') || t.endsWith('_') || t.includes('__')) bad();
  t = t.replace(/_/g, '');
  // Unicode decimal digits count too (int('٣') == 3)
  t = t.replace(/\p{Nd}/gu, (c) => String(digitValue(c)));
  const valid = b <= 10 ? new RegExp(`^[0-${b - 1}]+$`) : new RegExp(`^[0-9a-${String.fromCharCode(86 + b)}]+$`, 'i');
  if (!valid.test(t)) bad();
  let r: Int;
  if (b === 10 && t.length < 16) r = parseInt(t, 10);
  else {
    let acc = 0n;
    const bb = BigInt(b);
    for (const c of t.toLowerCase()) acc = acc * bb + BigInt(parseInt(c, 36));
    r = normBig(acc);
  }
  if (neg) r = typeof r === 'number' ? (r === 0 ? 0 : -r) : normBig(-r);
  return r;
}

function digitValue(c: string): number {
  const cp = c.codePointAt(0)!;
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  // decimal digit blocks are runs of ten starting at a code point ending in 0 or 6
  for (let z = cp; z > cp - 10; z--) {
    if (!/\p{Nd}/u.test(String.fromCodePoint(z - 1))) return cp - z;
  }
  return 0;
}

/** int(x) / int(x, base) as the built-in constructor sees it. */
export function pyInt(rt: Runtime, x: PyValue | undefined, base: PyValue | undefined): Int {
  if (x === undefined) return 0;
  if (base !== undefined) {
    if (typeof x !== 'string') raise(rt, E.TypeError, "int() can't convert non-string with explicit base");
    const b = typeof base === 'number' ? base : typeof base === 'boolean' ? +base : NaN;
    if (Number.isNaN(b)) raise(rt, E.TypeError, `'${typeOf(base).name}' object cannot be interpreted as an integer`);
    return intFromString(rt, x, b);
  }
  if (typeof x === 'string') return intFromString(rt, x, 10);
  return toIntValue(rt, x);
}

/** float(x). */
export function pyFloat(rt: Runtime, x: PyValue | undefined): number {
  if (x === undefined) return 0;
  switch (typeof x) {
    case 'number': return x;
    case 'boolean': return x ? 1 : 0;
    case 'bigint': {
      const f = Number(x);
      if (!Number.isFinite(f)) raise(rt, E.OverflowError, 'int too large to convert to float');
      return f;
    }
    case 'string': return floatFromString(rt, x);
  }
  if (x instanceof PyFloat) return x.v;
  const m = x.cls.lookup('__float__') ?? x.cls.lookup('__index__');
  if (m !== undefined && m !== None) {
    const r = callMethod0(rt, m, x);
    if (r instanceof PyFloat) { const v = r.v; rt.decref(r); return v; }
    if (typeof r === 'number') return r;
    const n = typeOf(r).name;
    rt.decref(r);
    raise(rt, E.TypeError, `${x.cls.name}.__float__ returned non-float (type ${n})`);
  }
  raise(rt, E.TypeError, `float() argument must be a string or a real number, not '${typeOf(x).name}'`);
}

export function floatFromString(rt: Runtime, s: string): number {
  const t = s.replace(WS, '');
  const m = /^([+-]?)(inf|infinity|nan)$/i.exec(t);
  if (m) {
    const v = m[2].toLowerCase() === 'nan' ? NaN : Infinity;
    return m[1] === '-' ? -v : v;
  }
  if (/^[+-]?(\d(_?\d)*)?(\.(\d(_?\d)*)?)?([eE][+-]?\d(_?\d)*)?$/.test(t) && /\d/.test(t.replace(/[eE].*$/, ''))) {
    return Number(t.replace(/_/g, ''));
  }
  raise(rt, E.ValueError, `could not convert string to float: ${strRepr(s)}`);
}
