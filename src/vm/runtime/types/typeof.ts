/*
 * typeOf: the Python type of any PyValue. Primitives map to their built-in
 * types; objects carry their own `cls`. Kept tiny so it inlines on hot paths.
 */

import type { PyType, PyValue } from '../object';
import { T } from '../builtin-types';

export function typeOf(v: PyValue): PyType {
  switch (typeof v) {
    case 'number': return T.int;
    case 'string': return T.str;
    case 'boolean': return T.bool;
    case 'bigint': return T.int;
    default: return v.cls;
  }
}

/** The name CPython shows in messages ("'int' object is not iterable"). */
export function typeName(v: PyValue): string {
  return typeOf(v).name;
}
