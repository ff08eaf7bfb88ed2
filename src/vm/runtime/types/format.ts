/*
 * format(value, spec): the format-spec mini-language for int, bool, float and
 * str exactly as CPython 3.11 ([[fill]align][sign][z][#][0][width][,|_][.prec][type]),
 * and dispatch to user __format__. Float digits are produced from the exact
 * binary value with round-half-even (JS toFixed rounds ties away from zero).
 */

import type { PyValue } from '../object';
import type { Runtime } from '../runtime';
import { PyFloat } from './float';
import { None } from './singletons';
import { E, raise } from './exceptions';
import { typeOf } from './typeof';
import { floatRepr, str } from './repr';
import { callMethod1 } from './call';
import { strLen } from './strings';
import type { Int } from './int';
import { decompose } from './float-math';

export interface Spec {
  fill: string;
  align: string; // '' when not given
  sign: string;
  z: boolean;
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: string;
  precision: number; // -1 when not given
  type: string;
  /** Fill and '=' came from the '0' flag, not from an explicit align. */
  zeroAlign: boolean;
}

export function parseSpec(rt: Runtime, spec: string, defaultType = '', typeName?: string): Spec {
  const s: Spec = { fill: ' ', align: '', sign: '', z: false, alt: false, zero: false, width: -1, grouping: '', precision: -1, type: '', zeroAlign: false };
  const cps = Array.from(spec);
  let i = 0;
  const isAlign = (c: string | undefined) => c === '<' || c === '>' || c === '=' || c === '^';
  if (cps.length >= 2 && isAlign(cps[1])) { s.fill = cps[0]; s.align = cps[1]; i = 2; } else if (isAlign(cps[0])) { s.align = cps[0]; i = 1; }
  if (cps[i] === '+' || cps[i] === '-' || cps[i] === ' ') s.sign = cps[i++];
  if (cps[i] === 'z') { s.z = true; i++; }
  if (cps[i] === '#') { s.alt = true; i++; }
  if (cps[i] === '0') { s.zero = true; i++; }
  let w = '';
  while (i < cps.length && cps[i] >= '0' && cps[i] <= '9') w += cps[i++];
  if (w !== '') s.width = parseInt(w, 10);
  if (s.width > 5e8) raise(rt, E.MemoryError); // no string of ours gets that wide (ops.ts MAX_SIZE)
  if (cps[i] === ',' || cps[i] === '_') s.grouping = cps[i++];
  if (cps[i] === ',' || cps[i] === '_') raise(rt, E.ValueError, 'Cannot specify both \',\' and \'_\'.');
  if (cps[i] === '.') {
    i++;
    let p = '';
    while (i < cps.length && cps[i] >= '0' && cps[i] <= '9') p += cps[i++];
    if (p === '') raise(rt, E.ValueError, 'Format specifier missing precision');
    s.precision = parseInt(p, 10);
  }
  if (cps.length - i > 1) raise(rt, E.ValueError, typeName === undefined ? 'Invalid format specifier' : `Invalid format specifier '${spec}' for object of type '${typeName}'`);
  if (i < cps.length) s.type = cps[i];
  if (s.zero && s.align === '') { s.fill = '0'; s.align = '='; s.zeroAlign = true; }
  const t = s.type === '' ? defaultType : s.type;
  if (s.grouping !== '' && t !== '') {
    const ok = s.grouping === ',' ? 'deEfFgG%' : 'deEfFgG%box';
    if (!ok.includes(t)) raise(rt, E.ValueError, `Cannot specify '${s.grouping}' with '${t}'.`);
  }
  return s;
}

/** Insert a separator every `every` digits from the right. */
function group(digits: string, sep: string, every: number): string {
  if (digits.length <= every) return digits;
  let out = '';
  let first = digits.length % every;
  if (first === 0) first = every;
  out = digits.slice(0, first);
  for (let i = first; i < digits.length; i += every) out += sep + digits.slice(i, i + every);
  return out;
}

/** Lay out sign + prefix + digits (+ tail) with fill/align/width, grouping inside zero padding. */
function layoutNumber(s: Spec, sign: string, prefix: string, digits: string, tail: string, every: number): string {
  let body = s.grouping !== '' ? group(digits, s.grouping, every) : digits;
  if (s.align === '=' && s.fill === '0' && s.zero && s.grouping !== '') {
    const target = s.width - sign.length - prefix.length - tail.length;
    let d = digits;
    while (body.length < target) { d = '0' + d; body = group(d, s.grouping, every); }
  }
  return pad(s, sign + prefix, body + tail, '>');
}

function pad(s: Spec, lead: string, body: string, defAlign: string): string {
  const len = strLen(lead) + strLen(body);
  const width = s.width;
  if (width <= len) return lead + body;
  const n = width - len;
  const align = s.align === '' ? defAlign : s.align;
  const fill = s.fill;
  switch (align) {
    case '<': return lead + body + fill.repeat(n);
    case '^': return fill.repeat(n >> 1) + lead + body + fill.repeat(n - (n >> 1));
    case '=': return lead + fill.repeat(n) + body;
    default: return fill.repeat(n) + lead + body;
  }
}

function signOf(s: Spec, neg: boolean): string {
  if (neg) return '-';
  return s.sign === '+' ? '+' : s.sign === ' ' ? ' ' : '';
}

export function formatIntSpec(rt: Runtime, n: Int, s: Spec, typeName = 'int'): string {
  const t = s.type;
  if ('eEfFgG%'.includes(t) && t !== '') return formatFloatSpec(rt, Number(n), s);
  if (!'dnbxXoc'.includes(t)) raise(rt, E.ValueError, `Unknown format code ${codeRepr(t)} for object of type '${typeName}'`);
  if (s.precision >= 0) raise(rt, E.ValueError, 'Precision not allowed in integer format specifier');
  if (s.z) raise(rt, E.ValueError, "Negative zero coercion (z) not allowed in integer format specifier");
  const neg = typeof n === 'bigint' ? n < 0n : n < 0;
  const abs = neg ? (typeof n === 'bigint' ? -n : -n) : n;
  let digits: string;
  let prefix = '';
  let every = 3;
  switch (t) {
    case '': case 'd': case 'n': digits = abs.toString(); break;
    case 'b': digits = abs.toString(2); prefix = s.alt ? '0b' : ''; every = 4; break;
    case 'o': digits = abs.toString(8); prefix = s.alt ? '0o' : ''; every = 4; break;
    case 'x': digits = abs.toString(16); prefix = s.alt ? '0x' : ''; every = 4; break;
    case 'X': digits = abs.toString(16).toUpperCase(); prefix = s.alt ? '0X' : ''; every = 4; break;
    case 'c': {
      if (s.sign !== '') raise(rt, E.ValueError, "Sign not allowed with integer format specifier 'c'");
      if (s.alt) raise(rt, E.ValueError, "Alternate form (#) not allowed with integer format specifier 'c'");
      if (typeof n === 'bigint') raise(rt, E.OverflowError, 'Python int too large to convert to C long');
      const cp = Number(n);
      if (cp < 0 || cp > 0x10ffff) raise(rt, E.OverflowError, '%c arg not in range(0x110000)');
      return pad(s, '', String.fromCodePoint(cp), '<');
    }
    default:
      raise(rt, E.ValueError, `Unknown format code ${codeRepr(t)} for object of type 'int'`);
  }
  return layoutNumber(s, signOf(s, neg), prefix, digits, '', every);
}

// ---------------------------------------------------------------- exact float digits

/** round_half_even(|x| * 10**scale) as a bigint. */
export function scaledRound(x: number, scale: number): bigint {
  const [m, e] = decompose(x);
  let num = m, den = 1n;
  if (e >= 0) num <<= BigInt(e); else den <<= BigInt(-e);
  if (scale >= 0) num *= 10n ** BigInt(scale); else den *= 10n ** BigInt(-scale);
  const q = num / den, r = num % den;
  const twice = r * 2n;
  if (twice > den || (twice === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** Digits of |x| with `p` digits after the point ('f'). */
export function fixedDigits(x: number, p: number): string {
  const n = scaledRound(x, p).toString();
  if (p === 0) return n;
  const padded = n.padStart(p + 1, '0');
  return padded.slice(0, padded.length - p) + '.' + padded.slice(padded.length - p);
}

/** |x| in scientific form with p digits after the point: [mantissa digits, exponent]. */
export function sciDigits(x: number, p: number): [string, number] {
  if (x === 0) return ['0'.repeat(p + 1), 0];
  let e10 = Math.floor(Math.log10(Math.abs(x)));
  for (let tries = 0; tries < 3; tries++) {
    const n = scaledRound(x, p - e10).toString();
    if (n.length === p + 2) { e10++; continue; }
    if (n.length === p) { e10--; continue; }
    return [n, e10];
  }
  const n = scaledRound(x, p - e10).toString();
  return [n.slice(0, p + 1), e10];
}

function expStr(e: number): string {
  return (e < 0 ? '-' : '+') + String(Math.abs(e)).padStart(2, '0');
}

function sciString(x: number, p: number, alt: boolean, upper: boolean): string {
  const [d, e] = sciDigits(x, p);
  const mant = p > 0 ? d[0] + '.' + d.slice(1) : d + (alt ? '.' : '');
  return mant + (upper ? 'E' : 'e') + expStr(e);
}

/** The 'g' presentation of |x| (finite) with precision p. */
function generalString(x: number, p: number, alt: boolean, upper: boolean, addDot0: boolean): string {
  if (p === 0) p = 1;
  let exp: number;
  if (x === 0) exp = 0;
  else exp = sciDigits(x, p - 1)[1];
  let out: string;
  // with ADD_DOT_0 (no type, explicit precision) CPython switches to exponent one digit earlier
  if (exp >= -4 && exp < (addDot0 ? p - 1 : p)) {
    out = fixedDigits(x, p - 1 - exp);
    if (!alt && out.includes('.')) out = out.replace(/0+$/, '').replace(/\.$/, '');
    if (alt && !out.includes('.')) out += '.';
    if (addDot0 && !out.includes('.')) out += '.0';
  } else {
    out = sciString(x, p - 1, alt, upper);
    if (!alt) {
      const m = /^(\d+)\.(\d*?)0*([eE].*)$/.exec(out);
      if (m) out = m[1] + (m[2] !== '' ? '.' + m[2] : '') + m[3];
    }
  }
  return out;
}

export function formatFloatSpec(rt: Runtime, x: number, s: Spec): string {
  let t = s.type;
  if (!'eEfFgGn%'.includes(t) || (t === '' && false)) {
    if (t !== '') raise(rt, E.ValueError, `Unknown format code ${codeRepr(t)} for object of type 'float'`);
  }
  if (s.alt && t === '' && s.precision < 0) { /* '#' with repr: same as repr */ }
  const neg = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  let body: string;
  let tail = '';
  const upper = t === 'E' || t === 'F' || t === 'G';
  if (!Number.isFinite(ax)) {
    body = ax !== ax ? 'nan' : 'inf';
    if (upper) body = body.toUpperCase();
    if (t === '%') tail = '%';
  } else {
    const p = s.precision < 0 ? 6 : s.precision;
    switch (t) {
      case 'f': case 'F': body = fixedDigits(ax, p); if (s.alt && p === 0) body += '.'; break;
      case 'e': case 'E': body = sciString(ax, p, s.alt, upper); break;
      case 'g': case 'G': case 'n': body = generalString(ax, p, s.alt, upper, false); break;
      case '%': body = fixedDigits(ax * 100, p); if (s.alt && p === 0) body += '.'; tail = '%'; break;
      default:
        if (s.precision < 0) body = floatRepr(ax);
        else body = generalString(ax, s.precision, s.alt, false, true);
    }
  }
  let isNeg = neg && !(ax !== ax);
  if (isNeg && s.z && /^[0.]*(e[+-]\d+)?%?$/i.test(body.replace(/e.*$/i, ''))) isNeg = false;
  // split the integer digits (for grouping) from the fraction/exponent
  const m = /^(\d*)(.*)$/.exec(body)!;
  let digits = m[1];
  let rest = m[2] + tail;
  if (!Number.isFinite(ax)) { digits = ''; rest = body + tail; }
  return layoutNumber(Number.isFinite(ax) ? s : { ...s, grouping: '' }, signOf(s, isNeg), '', digits, rest, 3);
}

export function formatStrSpec(rt: Runtime, v: string, s: Spec): string {
  if (s.type !== '' && s.type !== 's') raise(rt, E.ValueError, `Unknown format code ${codeRepr(s.type)} for object of type 'str'`);
  if (s.sign === ' ') raise(rt, E.ValueError, 'Space not allowed in string format specifier');
  if (s.sign !== '') raise(rt, E.ValueError, 'Sign not allowed in string format specifier');
  if (s.z) raise(rt, E.ValueError, 'Negative zero coercion (z) not allowed in string format specifier');
  if (s.alt) raise(rt, E.ValueError, 'Alternate form (#) not allowed in string format specifier');
  if (s.zeroAlign) s = { ...s, align: '<' };
  if (s.align === '=') raise(rt, E.ValueError, "'=' alignment not allowed in string format specifier");
  if (s.grouping !== '') raise(rt, E.ValueError, `Cannot specify '${s.grouping}' with 's'.`);
  let body = v;
  if (s.precision >= 0) body = Array.from(v).slice(0, s.precision).join('');
  return pad(s, '', body, '<');
}

/** format(v, spec) as a JS string (builtin format(), f-strings, str.format). */
export function format(rt: Runtime, v: PyValue, spec: string): string {
  switch (typeof v) {
    case 'string': return spec === '' ? v : formatStrSpec(rt, v, parseSpec(rt, spec, 's', 'str'));
    case 'number': case 'bigint':
      if (spec === '') return typeof v === 'number' ? String(v) : v.toString();
      return formatIntSpec(rt, v, parseSpec(rt, spec, 'd', 'int'));
    case 'boolean':
      if (spec === '') return v ? 'True' : 'False';
      return formatIntSpec(rt, v ? 1 : 0, parseSpec(rt, spec, 'd', 'bool'), 'bool');
  }
  if (v instanceof PyFloat) return spec === '' ? floatRepr(v.v) : formatFloatSpec(rt, v.v, parseSpec(rt, spec, '', 'float'));
  const cls = v.cls;
  if (cls.heapType) {
    const m = cls.lookup('__format__');
    if (m !== undefined && m !== None) {
      const r = callMethod1(rt, m, v, spec);
      if (typeof r !== 'string') {
        const name = typeOf(r).name;
        rt.decref(r);
        raise(rt, E.TypeError, `__format__ must return a str, not ${name}`);
      }
      return r;
    }
  }
  if (spec !== '') raise(rt, E.TypeError, `unsupported format string passed to ${cls.name}.__format__`);
  return str(rt, v);
}

/** unknown_presentation_type: a printable ASCII code as itself, any other as '\\x' and its hex code point. */
function codeRepr(t: string): string {
  const c = t.codePointAt(0) ?? 0;
  return c > 32 && c < 128 ? `'${t}'` : `'\\x${c.toString(16)}'`;
}
