/*
 * repr() and str() of every value: CPython's float repr (shortest round-trip
 * digits, scientific outside 1e-4 <= |x| < 1e16), str quoting and escapes,
 * '[...]' for recursive containers, default `<__main__.A object at 0x...>`,
 * and user __repr__/__str__ through the type.
 */

import { PyObject, PyType, type PyValue } from '../object';
import type { Runtime } from '../runtime';
import { T } from '../builtin-types';
import { PyBuiltinFunction } from '../builtin-function';
import { PyFloat } from './float';
import { PyTuple } from './tuple';
import { PyList } from './list';
import { PyDict, origKey } from './dict';
import { PySet, setOrder } from './set';
import { PyRange, PySlice } from './range';
import { PyDictView } from './dictview';
import { None, NotImplemented, Ellipsis } from './singletons';
import { PyBaseException, E, raise } from './exceptions';
import { callMethod0 } from './call';

/** Python's repr of a float. */
export function floatRepr(x: number): string {
  if (x !== x) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // toExponential() gives the shortest round-trip digits, as Python's repr uses
  const ex = x.toExponential();
  const ePos = ex.indexOf('e');
  let mant = ex.slice(0, ePos);
  const exp = parseInt(ex.slice(ePos + 1), 10);
  let sign = '';
  if (mant[0] === '-') { sign = '-'; mant = mant.slice(1); }
  const digits = mant.replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

const NONPRINT = /[\p{C}\p{Z}]/u;

/** Python's repr of a str. */
export function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  let plain = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x5c && c !== q.charCodeAt(0)) continue;
    if (c >= 0xa0 && c !== 0xad && (c < 0xd800 || c > 0xdfff) && !NONPRINT.test(s[i])) continue;
    out += s.slice(plain, i);
    let cp = c;
    let width = 1;
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        cp = s.codePointAt(i)!;
        width = 2;
      }
    }
    if (width === 2) {
      const ch = s.slice(i, i + 2);
      out += NONPRINT.test(ch) ? `\\U${cp.toString(16).padStart(8, '0')}` : ch;
      i++;
    } else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === q.charCodeAt(0)) out += '\\' + q;
    else if (c < 0x100) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c === 0x20) out += ' ';
    else out += `\\u${c.toString(16).padStart(4, '0')}`;
    plain = i + 1;
  }
  return out + s.slice(plain) + q;
}

/** ascii(v): repr(v) with every non-ASCII character escaped as \\x, \\u or \\U. */
export function asciiRepr(rt: Runtime, v: PyValue): string {
  return repr(rt, v).replace(/[^\x00-\x7f]/gu, (c) => {
    const cp = c.codePointAt(0)!;
    return cp < 0x100 ? `\\x${cp.toString(16).padStart(2, '0')}` : cp < 0x10000 ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
  });
}

/** The address-like hex CPython shows in default reprs. */
export function addressOf(o: PyObject): string {
  return '0x' + (0x7f0000000000 + o.oid * 16).toString(16);
}

export function intRepr(v: number | bigint): string {
  return typeof v === 'number' ? (Object.is(v, -0) ? '0' : String(v)) : v.toString();
}

const active = new Set<PyObject>();
/**
 * While a snapshot wants only the start of a repr: containers stop adding
 * elements once their text passes this many characters (the start is the
 * same as the full repr's; the caller cuts it). Infinity otherwise.
 */
let reprLimit = Infinity;

/** repr(v), of which only the first `limit` characters are needed (a 10,000-element list costs ten elements). */
export function reprStart(rt: Runtime, v: PyValue, limit: number): string {
  const saved = reprLimit;
  reprLimit = limit;
  try {
    return repr(rt, v);
  } finally {
    reprLimit = saved;
  }
}

function seqRepr(rt: Runtime, o: PyObject, items: PyValue[], open: string, close: string): string {
  if (active.has(o)) return open + '...' + close;
  active.add(o);
  try {
    let s = open;
    for (let i = 0; i < items.length; i++) {
      if (i > 0) s += ', ';
      s += repr(rt, items[i]);
      if (s.length > reprLimit) return s;
    }
    if (open === '(' && items.length === 1) s += ',';
    return s + close;
  } finally {
    active.delete(o);
  }
}

function dictRepr(rt: Runtime, d: PyDict): string {
  if (active.has(d)) return '{...}';
  active.add(d);
  try {
    let s = '{';
    let first = true;
    for (const [nk, v] of d.map) {
      if (!first) s += ', ';
      first = false;
      s += repr(rt, origKey(d, nk)) + ': ' + repr(rt, v);
      if (s.length > reprLimit) return s;
    }
    return s + '}';
  } finally {
    active.delete(d);
  }
}

function setRepr(rt: Runtime, s: PySet): string {
  const name = s.frozen ? 'frozenset' : 'set';
  if (s.map.size === 0) return name + '()';
  if (active.has(s)) return name + '(...)';
  active.add(s);
  try {
    const parts: string[] = [];
    let length = 0;
    for (const v of setOrder(rt, s)) {
      const r = repr(rt, v);
      parts.push(r);
      if ((length += r.length + 2) > reprLimit) break;
    }
    const body = '{' + parts.join(', ') + '}';
    return s.frozen ? `frozenset(${body})` : body;
  } finally {
    active.delete(s);
  }
}

/** dict_keys([...]) and friends: the view's elements as a list; a view inside itself shows as '...'. */
function dictViewRepr(rt: Runtime, v: PyDictView): string {
  if (active.has(v)) return '...';
  active.add(v);
  try {
    const parts: string[] = [];
    for (const [nk, val] of v.d.map) {
      const k = origKey(v.d, nk);
      if (v.kind === 0) parts.push(repr(rt, k));
      else if (v.kind === 1) parts.push(repr(rt, val));
      else parts.push(`(${repr(rt, k)}, ${repr(rt, val)})`);
    }
    return `${v.cls.name}([${parts.join(', ')}])`;
  } finally {
    active.delete(v);
  }
}

function excRepr(rt: Runtime, e: PyBaseException): string {
  const a = e.args.items;
  const name = e.cls.name;
  if (a.length === 1) return `${name}(${repr(rt, a[0])})`;
  return name + seqRepr(rt, e.args, a, '(', ')').replace(/,\)$/, ')');
}

/** str(exception) as CPython's BaseException.__str__ (KeyError shows the key's repr). */
export function excStr(rt: Runtime, e: PyBaseException): string {
  const a = e.args.items;
  if (a.length === 0) return '';
  if (a.length === 1) return e.cls.isSubtypeOf(E.KeyError) ? repr(rt, a[0]) : str(rt, a[0]);
  return repr(rt, e.args);
}

/** The built-in repr of an object that has no user __repr__. */
function objectRepr(rt: Runtime, v: PyObject): string {
  if (v instanceof PyFloat) return floatRepr(v.v);
  if (v instanceof PyList) return seqRepr(rt, v, v.items, '[', ']');
  if (v instanceof PyTuple) return seqRepr(rt, v, v.items, '(', ')');
  if (v instanceof PyDict) return dictRepr(rt, v);
  if (v instanceof PySet) return setRepr(rt, v);
  if (v === None) return 'None';
  if (v === NotImplemented) return 'NotImplemented';
  if (v === Ellipsis) return 'Ellipsis';
  if (v instanceof PyRange) {
    return v.step === 1 ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
  }
  if (v instanceof PyDictView) return dictViewRepr(rt, v);
  if (v instanceof PySlice) return `slice(${repr(rt, v.start)}, ${repr(rt, v.stop)}, ${repr(rt, v.step)})`;
  if (v instanceof PyBaseException) return excRepr(rt, v);
  if (v instanceof PyType) {
    return v.module === 'builtins' ? `<class '${v.qualname}'>` : `<class '${v.module}.${v.qualname}'>`;
  }
  if (v instanceof PyBuiltinFunction) {
    if (v.self !== undefined && v.owner !== null) {
      return `<built-in method ${v.name} of ${typeNameOf(v.self)} object at ${typeof v.self === 'object' ? addressOf(v.self) : '0x0'}>`;
    }
    return `<built-in function ${v.name}>`;
  }
  const cls = v.cls;
  const mod = cls.module === 'builtins' ? '' : cls.module + '.';
  return `<${mod}${cls.qualname} object at ${addressOf(v)}>`;
}

function typeNameOf(v: PyValue): string {
  switch (typeof v) {
    case 'number': case 'bigint': return 'int';
    case 'string': return 'str';
    case 'boolean': return 'bool';
    default: return v.cls.name;
  }
}

/** True if `m` is a native method of a built-in type (no need to go through rt.call). */
function isBuiltinSlot(m: PyValue | undefined): boolean {
  return m === undefined || (m instanceof PyBuiltinFunction && (m.owner === null || !m.owner.heapType));
}

/** repr(v) as a JS string. */
export function repr(rt: Runtime, v: PyValue): string {
  switch (typeof v) {
    case 'number': return Object.is(v, -0) ? '0' : String(v);
    case 'string': return strRepr(v);
    case 'boolean': return v ? 'True' : 'False';
    case 'bigint': return v.toString();
  }
  const cls = v.cls;
  if (cls.heapType) {
    const m = cls.lookup('__repr__');
    if (!isBuiltinSlot(m)) return textResult(rt, callMethod0(rt, m!, v), '__repr__');
  } else {
    const m = cls.dict.get('__repr__');
    if (m instanceof PyBuiltinFunction) return textResult(rt, m.fn(rt, [v], null), '__repr__');
  }
  return objectRepr(rt, v);
}

function textResult(rt: Runtime, r: PyValue, what: string): string {
  if (typeof r === 'string') return r;
  const name = typeNameOf(r);
  rt.decref(r);
  raise(rt, E.TypeError, `${what} returned non-string (type ${name})`);
}

/** str(v) as a JS string. */
export function str(rt: Runtime, v: PyValue): string {
  switch (typeof v) {
    case 'string': return v;
    case 'number': return Object.is(v, -0) ? '0' : String(v);
    case 'boolean': return v ? 'True' : 'False';
    case 'bigint': return v.toString();
  }
  if (v instanceof PyFloat) return floatRepr(v.v);
  const cls = v.cls;
  if (cls.heapType) {
    const m = cls.lookup('__str__');
    if (!isBuiltinSlot(m)) return textResult(rt, callMethod0(rt, m!, v), '__str__');
  }
  if (v instanceof PyBaseException) return excStr(rt, v);
  return repr(rt, v);
}
