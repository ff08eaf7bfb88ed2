/*
 * None, NotImplemented and Ellipsis: immortal singletons shared by every
 * session. Their rc starts at 1<<30 so decref can never free them.
 */

import { PyObject, type PyType } from '../object';
import { T } from '../builtin-types';

const IMMORTAL = 1 << 30;

export class PyNone extends PyObject {
  get cls(): PyType { return T.NoneType; }
}
export class PyNotImplemented extends PyObject {
  get cls(): PyType { return T.NotImplementedType; }
}
export class PyEllipsis extends PyObject {
  get cls(): PyType { return T.ellipsis; }
}

export const None = new PyNone();
export const NotImplemented = new PyNotImplemented();
export const Ellipsis = new PyEllipsis();
None.rc = IMMORTAL;
NotImplemented.rc = IMMORTAL;
Ellipsis.rc = IMMORTAL;

/** True when an object is one of the never-freed singletons or types. */
export function isImmortal(o: PyObject): boolean {
  return o.rc >= IMMORTAL >> 1;
}
export { IMMORTAL };
