/*
 * The CALL instruction's path for natives: a built-in function or method, or a
 * built-in type's constructor, called with positional arguments only. As
 * callValue does for them, minus its dispatch: no Frame can come of it.
 */

import type { PyType, PyValue } from '../runtime/object';
import type { Runtime } from '../runtime/runtime';
import { PyBuiltinFunction } from '../runtime/builtin-function';

/** Call `callable` (an unbound PyBuiltinFunction, or a PyType with a construct) with owned args; releases args, then callable. */
export function callNative(rt: Runtime, callable: PyBuiltinFunction | PyType, args: PyValue[]): PyValue {
  try {
    return callable instanceof PyBuiltinFunction ? callable.fn(rt, args, null) : callable.construct!(rt, args, null);
  } finally {
    for (let i = 0; i < args.length; i++) rt.decref(args[i]);
    rt.decref(callable);
  }
}
