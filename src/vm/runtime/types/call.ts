/*
 * Calling special methods found on a type: natives directly (no interpreter
 * round trip), Python functions through rt.call.
 */

import type { PyValue } from '../object';
import type { Runtime } from '../runtime';
import { PyBuiltinFunction } from '../builtin-function';
import { typeOf } from './typeof';

/** Call `m` (found on the type) with self and one argument; new reference. */
export function callMethod1(rt: Runtime, m: PyValue, self: PyValue, a: PyValue): PyValue {
  if (m instanceof PyBuiltinFunction) return m.fn(rt, [self, a], null);
  return rt.call(m, [self, a], null);
}

export function callMethod0(rt: Runtime, m: PyValue, self: PyValue): PyValue {
  if (m instanceof PyBuiltinFunction) return m.fn(rt, [self], null);
  return rt.call(m, [self], null);
}

export function callMethodN(rt: Runtime, m: PyValue, self: PyValue, args: PyValue[]): PyValue {
  if (m instanceof PyBuiltinFunction) return m.fn(rt, [self, ...args], null);
  return rt.call(m, [self, ...args], null);
}

/** A special method from the value's type (user classes only hold these), or undefined. */
export function special(v: PyValue, name: string): PyValue | undefined {
  return typeOf(v).lookup(name);
}
