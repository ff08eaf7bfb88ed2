/*
 * printf-style formatting: str % args (%d %i %s %r %f %e %g %x %o %c %%, with
 * flags, width and precision, and %(name)s with a dict).
 */

import type { PyValue } from '../object';
import type { Runtime } from '../runtime';
import { PyTuple } from './tuple';
import { PyDict, dictGet } from './dict';
import { PyFloat } from './float';
import { PyList } from './list';
import { PyRange } from './range';
import { getItem } from './ops';
import { E, raise, raiseKeyError } from './exceptions';
import { typeOf } from './typeof';
import { strLen } from './strings';
import { asciiRepr, repr, str } from './repr';
import { formatFloatSpec, formatIntSpec, parseSpec } from './format';
import { toIntValue } from './convert';

function isNumber(v: PyValue): boolean {
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || v instanceof PyFloat;
}

/** `fmt % args` for a str left operand; new reference (a str). */
export function percentFormat(rt: Runtime, fmt: string, args: PyValue): string {
  const list: PyValue[] = args instanceof PyTuple ? args.items : [args];
  // PyMapping_Check: anything with __getitem__ except tuples and strs takes the mapping role
  const mapping = args instanceof PyTuple || typeof args === 'string' || typeof args !== 'object' ? null
    : (args instanceof PyDict || args instanceof PyList || args instanceof PyRange || args.cls.lookup('__getitem__') !== undefined) ? args : null;
  let ai = 0;
  let out = '';
  let last = 0;
  const n = fmt.length;
  for (let i = fmt.indexOf('%'); i >= 0 && i < n; i = fmt.indexOf('%', i)) {
    if (i > last) out += fmt.slice(last, i);
    i++;
    if (i >= n) raise(rt, E.ValueError, 'incomplete format');
    // fast path for the bare %s, and %d of an int, of everyday programs (as the general parse below does them)
    const c = fmt.charCodeAt(i);
    if (c === 115) { const a = nextArg(rt, list, ai++); out += typeof a === 'string' ? a : str(rt, a); last = ++i; continue; }
    if (c === 100 && typeof list[ai] === 'number') { out += String(list[ai++]); last = ++i; continue; }
    let key: string | null = null;
    if (fmt[i] === '(') {
      const end = fmt.indexOf(')', i);
      if (end < 0) raise(rt, E.ValueError, 'incomplete format key');
      key = fmt.slice(i + 1, end);
      i = end + 1;
    }
    let flags = '';
    while (i < n && '-+ #0'.includes(fmt[i])) flags += fmt[i++];
    let width = '';
    if (fmt[i] === '*') { width = String(toIntValue(rt, nextArg(rt, list, ai++))); i++; } else while (i < n && fmt[i] >= '0' && fmt[i] <= '9') width += fmt[i++];
    let prec: string | null = null;
    if (fmt[i] === '.') {
      i++;
      prec = '';
      if (fmt[i] === '*') { prec = String(toIntValue(rt, nextArg(rt, list, ai++))); i++; } else while (i < n && fmt[i] >= '0' && fmt[i] <= '9') prec += fmt[i++];
    }
    while (i < n && 'hlL'.includes(fmt[i])) i++;
    if (i >= n) raise(rt, E.ValueError, 'incomplete format');
    const conv = fmt[i++];
    last = i;
    if (conv === '%') { out += '%'; continue; }
    let v: PyValue;
    if (key !== null) {
      if (mapping === null) raise(rt, E.TypeError, 'format requires a mapping');
      if (mapping instanceof PyDict) {
        const got = dictGet(rt, mapping, key);
        if (got === undefined) raiseKeyError(rt, key);
        v = got;
      } else {
        v = getItem(rt, mapping, key);
        rt.decref(v); // borrowed for the rest of this conversion (the container keeps it alive)
      }
    } else {
      v = nextArg(rt, list, ai++);
    }
    let body: string;
    let numeric = false;
    switch (conv) {
      case 's': body = str(rt, v); break;
      case 'r': body = repr(rt, v); break;
      case 'a': body = asciiRepr(rt, v); break;
      case 'd': case 'i': case 'u':
        if (!isNumber(v)) raise(rt, E.TypeError, `%${conv} format: a real number is required, not ${typeOf(v).name}`);
        body = formatIntSpec(rt, toIntValue(rt, v), parseSpec(rt, `${signFlag(flags)}${prec === null ? '' : ''}d`));
        if (prec !== null && prec !== '') body = padDigits(body, parseInt(prec, 10));
        numeric = true;
        break;
      case 'x': case 'X': case 'o': {
        if (!(typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean')) {
          raise(rt, E.TypeError, `%${conv} format: an integer is required, not ${typeOf(v).name}`);
        }
        body = formatIntSpec(rt, toIntValue(rt, v), parseSpec(rt, `${signFlag(flags)}${flags.includes('#') ? '#' : ''}${conv}`));
        if (prec !== null && prec !== '') body = padDigits(body, parseInt(prec, 10));
        numeric = true;
        break;
      }
      case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': {
        if (!isNumber(v)) raise(rt, E.TypeError, `must be real number, not ${typeOf(v).name}`);
        const x = v instanceof PyFloat ? v.v : Number(toIntValue(rt, v));
        body = formatFloatSpec(rt, x, parseSpec(rt, `${signFlag(flags)}${flags.includes('#') ? '#' : ''}.${prec === null ? 6 : prec || 0}${conv}`));
        numeric = true;
        break;
      }
      case 'c':
        if (typeof v === 'string' && [...v].length === 1) body = v;
        else if (typeof v === 'number') body = String.fromCodePoint(v);
        else raise(rt, E.TypeError, '%c requires int or char');
        break;
      default:
        raise(rt, E.ValueError, `unsupported format character '${conv}' (0x${conv.charCodeAt(0).toString(16)}) at index ${i - 1}`);
    }
    if ((conv === 's' || conv === 'r' || conv === 'a') && prec !== null) body = Array.from(body).slice(0, prec === '' ? 0 : parseInt(prec, 10)).join('');
    const w = width === '' ? 0 : parseInt(width, 10);
    if (w > 5e8) raise(rt, E.MemoryError); // as format.ts: no string of ours gets that wide
    const len = strLen(body); // the width counts code points, not UTF-16 units
    if (len < w) {
      if (flags.includes('-')) body = body + ' '.repeat(w - len);
      else if (numeric && flags.includes('0')) {
        const sign = /^[-+ ]/.test(body) ? body[0] : '';
        let rest = sign ? body.slice(1) : body;
        let pre = '';
        if (/^0[xXo]/.test(rest)) { pre = rest.slice(0, 2); rest = rest.slice(2); }
        body = sign + pre + '0'.repeat(w - len) + rest;
      } else body = ' '.repeat(w - len) + body;
    }
    out += body;
  }
  out += fmt.slice(last);
  if (mapping === null && ai < list.length) raise(rt, E.TypeError, 'not all arguments converted during string formatting');
  return out;
}

function signFlag(flags: string): string {
  return flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
}

function padDigits(body: string, p: number): string {
  const m = /^([-+ ]?(?:0[xXo])?)(\d+|[0-9a-fA-F]+)$/.exec(body);
  if (!m || m[2].length >= p) return body;
  return m[1] + '0'.repeat(p - m[2].length) + m[2];
}

function nextArg(rt: Runtime, list: PyValue[], i: number): PyValue {
  if (i >= list.length) raise(rt, E.TypeError, 'not enough arguments for format string');
  return list[i];
}
