/*
 * Methods of str (installed on T.str). Offsets given to and returned from
 * Python are code points; the no-surrogate fast path uses JS indexes directly.
 */

import type { NativeFn, PyValue } from '../object';
import type { Runtime } from '../runtime';
import { T, defineMethods } from '../builtin-types';
import { PyList, newList } from './list';
import { PyTuple, newTuple } from './tuple';
import { None } from './singletons';
import { E, raise } from './exceptions';
import { typeOf } from './typeof';
import { collect, isIterable, needIndex, sizeArg, sliceIndex } from './ops';
import { methodArgs, bindArgs } from './args';
import { boundsOf } from './methods-list';
import { isAstral, strLen } from './strings';
import { strFormat } from './str-format';
import { replaceAll } from './str-build';

function sself(rt: Runtime, v: PyValue, name: string): string {
  if (typeof v !== 'string') raise(rt, E.TypeError, `descriptor '${name}' for 'str' objects doesn't apply to a '${typeOf(v).name}' object`);
  return v;
}

/** `what` names the argument ("replace() argument 1 "): then None is "None", as Argument Clinic's _PyArg_BadArgument says it. */
function strArg(rt: Runtime, v: PyValue, what: string): string {
  if (typeof v !== 'string') raise(rt, E.TypeError, `${what}must be str, not ${what !== '' && v === None ? 'None' : typeOf(v).name}`);
  return v;
}

/** JS index of code point `cp` in s. */
function cpToJs(s: string, cp: number): number {
  if (!isAstral(s)) return cp;
  let j = 0;
  for (let i = 0; i < cp && j < s.length; i++) {
    const c = s.charCodeAt(j);
    j += c >= 0xd800 && c < 0xdc00 ? 2 : 1;
  }
  return j;
}
function jsToCp(s: string, j: number): number {
  if (!isAstral(s)) return j;
  return strLen(s.slice(0, j));
}

/**
 * The [js start, js end) range of s that the optional start/end code-point bounds select
 * (stringlib_parse_args_finds: parsed before the substring is checked), or null
 * when start is past the end or end before start: nothing matches there, not even ''.
 */
function window(rt: Runtime, s: string, start: PyValue | undefined, end: PyValue | undefined): [number, number] | null {
  if (start === undefined && end === undefined) return [0, s.length];
  const a0 = start === undefined ? null : sliceIndex(rt, start);
  const b0 = end === undefined ? null : sliceIndex(rt, end);
  const n = strLen(s);
  const [a, b] = boundsOf(rt, n, a0 ?? undefined, b0 ?? undefined);
  if (a > n || b < a) return null;
  return [cpToJs(s, a), cpToJs(s, b)];
}

/** A Py_ssize_t argument (split's maxsplit): any int that fits, else OverflowError. */
function ssizeArg(rt: Runtime, v: PyValue): number {
  if (typeof v === 'bigint' && (v >= 1n << 63n || v < -(1n << 63n))) raise(rt, E.OverflowError, 'Python int too large to convert to C ssize_t');
  return needIndex(rt, v);
}

/** split/rsplit's separator: None (whitespace) or a str. */
function sepArg(rt: Runtime, v: PyValue): string {
  if (typeof v !== 'string') raise(rt, E.TypeError, `must be str or None, not ${typeOf(v).name}`);
  return v;
}

const WS_RE = /[\s\u001c-\u001f\u0085]+/u;
const isWs = (c: string) => /[\s\u001c-\u001f\u0085]/u.test(c) && c !== '\u200b' && c !== '\ufeff';

function splitWhitespace(s: string, maxsplit: number): string[] {
  const out: string[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && isWs(s[i])) i++;
    if (i >= n) break;
    if (maxsplit >= 0 && out.length === maxsplit) {
      // the remainder keeps its trailing whitespace, as CPython's split_whitespace
      out.push(s.slice(i));
      return out;
    }
    let j = i;
    while (j < n && !isWs(s[j])) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

function rsplitWhitespace(s: string, maxsplit: number): string[] {
  const out: string[] = [];
  let i = s.length;
  while (i > 0) {
    while (i > 0 && isWs(s[i - 1])) i--;
    if (i <= 0) break;
    if (maxsplit >= 0 && out.length === maxsplit) {
      out.push(s.slice(0, i)); // keeps its leading whitespace
      break;
    }
    let j = i;
    while (j > 0 && !isWs(s[j - 1])) j--;
    out.push(s.slice(j, i));
    i = j;
  }
  return out.reverse();
}

function listOfStrs(rt: Runtime, parts: string[]): PyValue {
  return newList(rt, parts);
}

function stripChars(rt: Runtime, args: PyValue[], kw: readonly string[] | null, name: string, left: boolean, right: boolean): string {
  methodArgs(rt, name, args, kw, 1, 2);
  const s = sself(rt, args[0], name);
  if (args.length > 1 && args[1] !== None && typeof args[1] !== 'string') raise(rt, E.TypeError, `${name} arg must be None or str`);
  const chars = args.length > 1 && args[1] !== None ? args[1] as string : null;
  let a = 0, b = s.length;
  const strip = chars === null ? isWs : (c: string) => chars.includes(c);
  if (left) while (a < b && strip(s[a])) a++;
  if (right) while (b > a && strip(s[b - 1])) b--;
  return s.slice(a, b);
}

function prefixes(rt: Runtime, v: PyValue, name: string): string[] {
  if (typeof v === 'string') return [v];
  if (v instanceof PyTuple) {
    return v.items.map((x) => {
      if (typeof x !== 'string') raise(rt, E.TypeError, `tuple for ${name} must only contain str, not ${typeOf(x).name}`);
      return x;
    });
  }
  raise(rt, E.TypeError, `${name} first arg must be str or a tuple of str, not ${typeOf(v).name}`);
}

function countOf(s: string, sub: string, a: number, b: number): number {
  if (sub === '') return strLen(s.slice(a, b)) + 1;
  let c = 0;
  for (let i = s.indexOf(sub, a); i >= 0 && i + sub.length <= b; i = s.indexOf(sub, i + sub.length)) c++;
  return c;
}

function findIn(s: string, sub: string, a: number, b: number, fromRight: boolean): number {
  if (a > s.length || b - a < sub.length) return -1;
  if (!fromRight) {
    const i = s.indexOf(sub, a);
    return i >= 0 && i + sub.length <= b ? i : -1;
  }
  const i = s.lastIndexOf(sub, b - sub.length);
  return i >= a ? i : -1;
}

function finder(fromRight: boolean, raises: boolean, name: string): NativeFn {
  return (rt, args, kw) => {
    methodArgs(rt, name, args, kw, 2, 4);
    const s = sself(rt, args[0], name);
    const w = window(rt, s, args[2], args[3]);
    const sub = strArg(rt, args[1], '');
    const i = w === null ? -1 : findIn(s, sub, w[0], w[1], fromRight);
    if (i < 0) {
      if (raises) raise(rt, E.ValueError, 'substring not found');
      return -1;
    }
    return jsToCp(s, i);
  };
}

function predicate(name: string, re: RegExp, needCased = false): NativeFn {
  return (rt, args, kw) => {
    methodArgs(rt, `str.${name}`, args, kw, 1, 1);
    const s = sself(rt, args[0], name);
    if (s.length === 0) return false;
    if (needCased) return re.test(s);
    for (const c of s) if (!re.test(c)) return false;
    return true;
  };
}

function padArgs(rt: Runtime, args: PyValue[], kw: readonly string[] | null, name: string): [string, number, string, number] {
  methodArgs(rt, name, args, kw, 2, 3);
  const s = sself(rt, args[0], name);
  const width = sizeArg(rt, args[1]);
  let fill = ' ';
  if (args.length > 2) {
    const f = args[2];
    if (typeof f !== 'string') raise(rt, E.TypeError, `The fill character must be a unicode character, not ${typeOf(f).name}`);
    if (strLen(f) !== 1) raise(rt, E.TypeError, 'The fill character must be exactly one character long');
    fill = f;
  }
  return [s, width, fill, strLen(s)];
}

function isCasedLower(c: string): boolean { return c !== c.toUpperCase() && c === c.toLowerCase(); }
function isCasedUpper(c: string): boolean { return c !== c.toLowerCase() && c === c.toUpperCase(); }
function isCased(c: string): boolean { return c.toLowerCase() !== c.toUpperCase() || /\p{Lt}/u.test(c); }

function titleCase(s: string): string {
  let out = '';
  let prevCased = false;
  for (const c of s) {
    if (prevCased) out += c.toLowerCase(); else out += c.toUpperCase().length === 1 || !/\p{Ll}/u.test(c) ? c.toUpperCase() : titleOf(c);
    prevCased = isCased(c);
  }
  return out;
}
function titleOf(c: string): string {
  const u = c.toUpperCase();
  return u[0] + u.slice(1).toLowerCase();
}

const strMethods: Record<string, NativeFn> = {
  join(rt, args, kw) {
    methodArgs(rt, 'str.join', args, kw, 2, 2);
    const sep = sself(rt, args[0], 'join');
    const it = args[1];
    if (it instanceof PyList || it instanceof PyTuple) {
      // PySequence_Fast: a list or tuple is read in place (no Python code runs while strs are joined)
      const xs = it.items;
      let allStr = true;
      for (let i = 0; i < xs.length; i++) if (typeof xs[i] !== 'string') { allStr = false; break; }
      if (allStr) return (xs as string[]).join(sep);
    }
    if (!isIterable(it)) raise(rt, E.TypeError, 'can only join an iterable');
    const items = collect(rt, it);
    for (let i = 0; i < items.length; i++) {
      const x = items[i];
      if (typeof x !== 'string') {
        for (const y of items) rt.decref(y);
        raise(rt, E.TypeError, `sequence item ${i}: expected str instance, ${typeOf(x).name} found`);
      }
    }
    return (items as string[]).join(sep);
  },
  split(rt, args, kw) {
    const [s0, sepv, maxv] = bindArgs(rt, 'split', args, kw, ['self', 'sep', 'maxsplit'], 1);
    const s = sself(rt, s0!, 'split');
    const maxsplit = maxv === undefined ? -1 : ssizeArg(rt, maxv);
    if (sepv === undefined || sepv === None) return listOfStrs(rt, splitWhitespace(s, maxsplit));
    const sep = sepArg(rt, sepv);
    if (sep === '') raise(rt, E.ValueError, 'empty separator');
    if (maxsplit < 0) return listOfStrs(rt, s.split(sep));
    const out: string[] = [];
    let i = 0;
    while (out.length < maxsplit) {
      const j = s.indexOf(sep, i);
      if (j < 0) break;
      out.push(s.slice(i, j));
      i = j + sep.length;
    }
    out.push(s.slice(i));
    return listOfStrs(rt, out);
  },
  rsplit(rt, args, kw) {
    const [s0, sepv, maxv] = bindArgs(rt, 'rsplit', args, kw, ['self', 'sep', 'maxsplit'], 1);
    const s = sself(rt, s0!, 'rsplit');
    const maxsplit = maxv === undefined ? -1 : ssizeArg(rt, maxv);
    if (sepv === undefined || sepv === None) return listOfStrs(rt, rsplitWhitespace(s, maxsplit));
    const sep = sepArg(rt, sepv);
    if (sep === '') raise(rt, E.ValueError, 'empty separator');
    if (maxsplit < 0) return listOfStrs(rt, s.split(sep));
    const out: string[] = [];
    let end = s.length;
    while (out.length < maxsplit) {
      const j = end - sep.length < 0 ? -1 : s.lastIndexOf(sep, end - sep.length);
      if (j < 0) break;
      out.push(s.slice(j + sep.length, end));
      end = j;
    }
    out.push(s.slice(0, end));
    return listOfStrs(rt, out.reverse());
  },
  splitlines(rt, args, kw) {
    const [s0, keep] = bindArgs(rt, 'splitlines', args, kw, ['self', 'keepends'], 1);
    const s = sself(rt, s0!, 'splitlines');
    const keepends = keep !== undefined && keep !== false && keep !== 0;
    const out: string[] = [];
    const re = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;
    let last = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      out.push(s.slice(last, keepends ? m.index + m[0].length : m.index));
      last = m.index + m[0].length;
    }
    if (last < s.length) out.push(s.slice(last));
    return listOfStrs(rt, out);
  },
  strip(rt, args, kw) { return stripChars(rt, args, kw, 'strip', true, true); },
  lstrip(rt, args, kw) { return stripChars(rt, args, kw, 'lstrip', true, false); },
  rstrip(rt, args, kw) { return stripChars(rt, args, kw, 'rstrip', false, true); },
  upper(rt, args, kw) { methodArgs(rt, 'str.upper', args, kw, 1, 1); return sself(rt, args[0], 'upper').toUpperCase(); },
  lower(rt, args, kw) { methodArgs(rt, 'str.lower', args, kw, 1, 1); return sself(rt, args[0], 'lower').toLowerCase(); },
  casefold(rt, args, kw) { methodArgs(rt, 'str.casefold', args, kw, 1, 1); return sself(rt, args[0], 'casefold').toUpperCase().toLowerCase(); },
  swapcase(rt, args, kw) {
    methodArgs(rt, 'str.swapcase', args, kw, 1, 1);
    let out = '';
    for (const c of sself(rt, args[0], 'swapcase')) out += isCasedUpper(c) ? c.toLowerCase() : isCasedLower(c) ? c.toUpperCase() : c;
    return out;
  },
  title(rt, args, kw) { methodArgs(rt, 'str.title', args, kw, 1, 1); return titleCase(sself(rt, args[0], 'title')); },
  capitalize(rt, args, kw) {
    methodArgs(rt, 'str.capitalize', args, kw, 1, 1);
    const s = sself(rt, args[0], 'capitalize');
    const cps = Array.from(s);
    if (cps.length === 0) return '';
    return titleOf(cps[0]) + cps.slice(1).join('').toLowerCase();
  },
  replace(rt, args, kw) {
    methodArgs(rt, 'replace', args, kw, 3, 4);
    const s = sself(rt, args[0], 'replace');
    const old = strArg(rt, args[1], 'replace() argument 1 ');
    const rep = strArg(rt, args[2], 'replace() argument 2 ');
    const count = args.length > 3 ? needIndex(rt, args[3]) : -1;
    if (count < 0) {
      if (old === '') return rep + Array.from(s).join(rep) + (s === '' ? '' : rep);
      return replaceAll(s, old, rep);
    }
    if (old === '') {
      const cps = Array.from(s);
      let out = '';
      let n = 0;
      for (let i = 0; i <= cps.length; i++) {
        if (n < count) { out += rep; n++; }
        if (i < cps.length) out += cps[i];
      }
      return out;
    }
    let out = '';
    let i = 0;
    for (let n = 0; n < count; n++) {
      const j = s.indexOf(old, i);
      if (j < 0) break;
      out += s.slice(i, j) + rep;
      i = j + old.length;
    }
    return out + s.slice(i);
  },
  startswith(rt, args, kw) {
    methodArgs(rt, 'startswith', args, kw, 2, 4);
    const s = sself(rt, args[0], 'startswith');
    const w = window(rt, s, args[2], args[3]);
    const ps = prefixes(rt, args[1], 'startswith');
    if (w === null) return false;
    const [a, b] = w;
    for (const p of ps) if (a + p.length <= b && s.startsWith(p, a)) return true;
    return false;
  },
  endswith(rt, args, kw) {
    methodArgs(rt, 'endswith', args, kw, 2, 4);
    const s = sself(rt, args[0], 'endswith');
    const w = window(rt, s, args[2], args[3]);
    const ps = prefixes(rt, args[1], 'endswith');
    if (w === null) return false;
    const [a, b] = w;
    for (const p of ps) if (b - p.length >= a && s.slice(a, b).endsWith(p)) return true;
    return false;
  },
  find: finder(false, false, 'find'),
  rfind: finder(true, false, 'rfind'),
  index: finder(false, true, 'index'),
  rindex: finder(true, true, 'rindex'),
  count(rt, args, kw) {
    methodArgs(rt, 'count', args, kw, 2, 4);
    const s = sself(rt, args[0], 'count');
    const w = window(rt, s, args[2], args[3]);
    const sub = strArg(rt, args[1], '');
    return w === null ? 0 : countOf(s, sub, w[0], w[1]);
  },
  format(rt, args, kw) {
    const s = sself(rt, args[0], 'format');
    const n = args.length - (kw?.length ?? 0);
    return strFormat(rt, s, args.slice(1, n), kw ?? [], args.slice(n));
  },
  isdigit: predicate('isdigit', /[\p{Nd}\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089\u2460-\u2468]/u),
  isdecimal: predicate('isdecimal', /\p{Nd}/u),
  isnumeric: predicate('isnumeric', /\p{N}/u),
  isalpha: predicate('isalpha', /\p{L}/u),
  isalnum: predicate('isalnum', /[\p{L}\p{N}]/u),
  isspace(rt, args, kw) {
    methodArgs(rt, 'str.isspace', args, kw, 1, 1);
    const s = sself(rt, args[0], 'isspace');
    if (s === '') return false;
    for (const c of s) if (!isWs(c)) return false;
    return true;
  },
  isupper(rt, args, kw) {
    methodArgs(rt, 'str.isupper', args, kw, 1, 1);
    let cased = false;
    for (const c of sself(rt, args[0], 'isupper')) { if (isCasedLower(c) || /\p{Lt}/u.test(c)) return false; if (isCasedUpper(c)) cased = true; }
    return cased;
  },
  islower(rt, args, kw) {
    methodArgs(rt, 'str.islower', args, kw, 1, 1);
    let cased = false;
    for (const c of sself(rt, args[0], 'islower')) { if (isCasedUpper(c) || /\p{Lt}/u.test(c)) return false; if (isCasedLower(c)) cased = true; }
    return cased;
  },
  istitle(rt, args, kw) {
    methodArgs(rt, 'str.istitle', args, kw, 1, 1);
    const s = sself(rt, args[0], 'istitle');
    return s === titleCase(s) && Array.from(s).some(isCased);
  },
  isidentifier(rt, args, kw) {
    methodArgs(rt, 'str.isidentifier', args, kw, 1, 1);
    return /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(sself(rt, args[0], 'isidentifier'));
  },
  isprintable(rt, args, kw) {
    methodArgs(rt, 'str.isprintable', args, kw, 1, 1);
    return !/[\p{C}\p{Z}]/u.test(sself(rt, args[0], 'isprintable').replace(/ /g, ''));
  },
  isascii(rt, args, kw) {
    methodArgs(rt, 'str.isascii', args, kw, 1, 1);
    return /^[\x00-\x7f]*$/.test(sself(rt, args[0], 'isascii'));
  },
  center(rt, args, kw) {
    const [s, width, fill, n] = padArgs(rt, args, kw, 'center');
    if (width <= n) return s;
    const pad = width - n;
    const left = (pad >> 1) + (pad & width & 1);
    return fill.repeat(left) + s + fill.repeat(pad - left);
  },
  ljust(rt, args, kw) {
    const [s, width, fill, n] = padArgs(rt, args, kw, 'ljust');
    return width <= n ? s : s + fill.repeat(width - n);
  },
  rjust(rt, args, kw) {
    const [s, width, fill, n] = padArgs(rt, args, kw, 'rjust');
    return width <= n ? s : fill.repeat(width - n) + s;
  },
  zfill(rt, args, kw) {
    methodArgs(rt, 'str.zfill', args, kw, 2, 2);
    const s = sself(rt, args[0], 'zfill');
    const width = sizeArg(rt, args[1]);
    const n = strLen(s);
    if (width <= n) return s;
    const sign = s[0] === '+' || s[0] === '-' ? s[0] : '';
    return sign + '0'.repeat(width - n) + s.slice(sign.length);
  },
  partition(rt, args, kw) {
    methodArgs(rt, 'str.partition', args, kw, 2, 2);
    const s = sself(rt, args[0], 'partition');
    const sep = strArg(rt, args[1], '');
    if (sep === '') raise(rt, E.ValueError, 'empty separator');
    const i = s.indexOf(sep);
    return newTuple(rt, i < 0 ? [s, '', ''] : [s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  rpartition(rt, args, kw) {
    methodArgs(rt, 'str.rpartition', args, kw, 2, 2);
    const s = sself(rt, args[0], 'rpartition');
    const sep = strArg(rt, args[1], '');
    if (sep === '') raise(rt, E.ValueError, 'empty separator');
    const i = s.lastIndexOf(sep);
    return newTuple(rt, i < 0 ? ['', '', s] : [s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  removeprefix(rt, args, kw) {
    methodArgs(rt, 'str.removeprefix', args, kw, 2, 2);
    const s = sself(rt, args[0], 'removeprefix');
    const p = strArg(rt, args[1], 'removeprefix() argument ');
    return p !== '' && s.startsWith(p) ? s.slice(p.length) : s;
  },
  removesuffix(rt, args, kw) {
    methodArgs(rt, 'str.removesuffix', args, kw, 2, 2);
    const s = sself(rt, args[0], 'removesuffix');
    const p = strArg(rt, args[1], 'removesuffix() argument ');
    return p !== '' && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
  },
  expandtabs(rt, args, kw) {
    const [s0, ts] = bindArgs(rt, 'expandtabs', args, kw, ['self', 'tabsize'], 1);
    const s = sself(rt, s0!, 'expandtabs');
    const size = ts === undefined ? 8 : needIndex(rt, ts);
    let out = '';
    let col = 0;
    for (const c of s) {
      if (c === '\t') { if (size > 0) { const n = size - (col % size); out += ' '.repeat(n); col += n; } } else if (c === '\n' || c === '\r') { out += c; col = 0; } else { out += c; col++; }
    }
    return out;
  },
};

void WS_RE;
defineMethods(T.str, strMethods);
