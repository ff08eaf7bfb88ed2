/*
 * sys.getsizeof figures of 64-bit CPython 3.11 for every value the types
 * module defines (GC header included where CPython includes it). Objects
 * owned by the interpreter (functions, instances, generators, frames...)
 * may implement `sizeOf()`; otherwise the figures for fresh objects of those
 * types in CPython 3.11 are used.
 */

import { PyObject, PyType, type PyValue } from '../object';
import { T } from '../builtin-types';
import { PyBuiltinFunction } from '../builtin-function';
import { PyFloat } from './float';
import { PyTuple, tupleSize } from './tuple';
import { PyList } from './list';
import { PyDict, usable } from './dict';
import { PySet } from './set';
import { PyRange, PySlice, SLICE_SIZE } from './range';
import { PyBaseException, exceptionSize } from './exceptions';
import { PyDictView } from './dictview';
import { isAstral } from './strings';

/** sys.getsizeof of an int. */
export function intSize(v: number | bigint | boolean): number {
  if (typeof v === 'boolean') return 28;
  // 3.11 counts at least one 30-bit digit, so 0 is 28 bytes like 1
  if (v === 0 || v === 0n) return 28;
  const a = typeof v === 'bigint' ? (v < 0n ? -v : v) : Math.abs(v);
  const bits = a.toString(2).length;
  return 24 + 4 * Math.ceil(bits / 30);
}

/** sys.getsizeof of a str: compact ASCII, latin-1, UCS-2 or UCS-4 storage. */
export function strSize(s: string): number {
  let max = 0;
  let n = 0;
  if (!isAstral(s)) {
    n = s.length;
    for (let i = 0; i < n; i++) { const c = s.charCodeAt(i); if (c > max) max = c; }
  } else {
    for (const ch of s) { const c = ch.codePointAt(0)!; if (c > max) max = c; n++; }
  }
  if (max < 0x80) return 49 + n;
  if (max < 0x100) return 73 + n;
  if (max < 0x10000) return 74 + 2 * n;
  return 76 + 4 * n;
}

/** sys.getsizeof of a dict from its key-table bookkeeping. */
export function dictSize(d: PyDict): number {
  if (d.log2size === 0) return 64;
  const l = d.log2size;
  const ixBytes = l < 8 ? 1 : l < 16 ? 2 : l < 32 ? 4 : 8;
  return 64 + 32 + (1 << l) * ixBytes + usable(l) * (d.unicodeKeys ? 16 : 24);
}

const BY_TYPE = new Map<PyType, number>();
function fixed(): Map<PyType, number> {
  if (BY_TYPE.size === 0) {
    const add = (t: PyType, n: number) => BY_TYPE.set(t, n);
    add(T.NoneType, 16); add(T.NotImplementedType, 16); add(T.ellipsis, 16);
    add(T.range, 48); add(T.slice, 56); add(T.object, 16);
    add(T.list_iterator, 48); add(T.list_reverseiterator, 48); add(T.tuple_iterator, 48);
    add(T.range_iterator, 48); add(T.str_iterator, 48); add(T.str_ascii_iterator, 48); add(T.set_iterator, 64);
    add(T.dict_keyiterator, 72); add(T.dict_valueiterator, 72); add(T.dict_itemiterator, 72);
    add(T.dict_keys, 40); add(T.dict_values, 40); add(T.dict_items, 40);
    add(T.enumerate, 72); add(T.zip, 64); add(T.map, 48); add(T.filter, 48); add(T.reversed, 48);
    add(T.iterator, 48); add(T.callable_iterator, 48);
    add(T.builtin_function_or_method, 72);
    add(T.function, 152); add(T.method, 64); add(T.cell, 40); add(T.module, 72);
    add(T.staticmethod, 48); add(T.classmethod, 48); add(T.property, 80);
    add(T.generator, 176); add(T.coroutine, 176); add(T.super, 48);
    add(T.type, 424);
  }
  return BY_TYPE;
}

/** sys.getsizeof(v). */
export function sizeof(v: PyValue): number {
  switch (typeof v) {
    case 'number': case 'bigint': case 'boolean': return intSize(v);
    case 'string': return strSize(v);
  }
  const own = (v as PyObject & { sizeOf?: () => number }).sizeOf;
  if (typeof own === 'function') return own.call(v);
  if (v instanceof PyFloat) return 24;
  if (v instanceof PyList) return 56 + 8 * v.allocated;
  if (v instanceof PyTuple) return tupleSize(v.items.length);
  if (v instanceof PyDict) return dictSize(v);
  if (v instanceof PySet) return v.tableSize === 8 ? 216 : 216 + 16 * v.tableSize;
  if (v instanceof PyRange) return 48;
  if (v instanceof PySlice) return SLICE_SIZE;
  if (v instanceof PyDictView) return 40;
  if (v instanceof PyBuiltinFunction) return 72;
  if (v instanceof PyBaseException) return exceptionSize(v.cls);
  if (v instanceof PyType) return v.heapType ? 1688 : 424;
  const f = fixed().get(v.cls);
  if (f !== undefined) return f;
  // instances of user classes: a plain 3.11 instance (dict materialised lazily)
  return v.cls.heapType ? 56 : 16;
}
