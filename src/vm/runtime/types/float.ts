/*
 * float: a boxed IEEE double. Counted (it has a refcount) but not tracked in
 * the heap list, as the value-model contract says; shown inline.
 */

import { PyObject, type PyType } from '../object';
import { T } from '../builtin-types';

export class PyFloat extends PyObject {
  get cls(): PyType { return T.float; }
  constructor(readonly v: number) {
    super();
  }
}

/** A new reference to a fresh float. */
export function newFloat(v: number): PyFloat {
  const f = new PyFloat(v);
  f.rc = 1;
  return f;
}
