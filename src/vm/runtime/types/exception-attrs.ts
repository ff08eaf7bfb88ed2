/*
 * BaseException's own attributes as data descriptors (CPython's
 * BaseException_getset): assigning args takes any iterable as a tuple;
 * __cause__/__context__ take an exception or None; setting __cause__ also
 * sets __suppress_context__; none of them can be deleted.
 */

import type { PyValue } from '../object';
import type { Runtime } from '../runtime';
import { T } from '../builtin-types';
import { PyBaseException, E, raise } from './exceptions';
import { None } from './singletons';
import { newTuple } from './tuple';
import { collect } from './ops';

function excOrNone(rt: Runtime, v: PyValue, what: string): PyValue {
  if (v !== None && !(v instanceof PyBaseException)) raise(rt, E.TypeError, `exception ${what} must be None or derive from BaseException`);
  rt.incref(v);
  return v;
}

/** exc.name = value for BaseException's own attributes; false when `name` is not one of them. */
export function setExcAttr(rt: Runtime, exc: PyBaseException, name: string, value: PyValue): boolean {
  switch (name) {
    case 'args': {
      const t = newTuple(rt, collect(rt, value));
      const old = exc.args;
      exc.args = t;
      rt.decref(old);
      return true;
    }
    case '__cause__': {
      const old = exc.cause;
      exc.cause = excOrNone(rt, value, 'cause');
      exc.suppressContext = true; // PyException_SetCause
      rt.decref(old);
      return true;
    }
    case '__context__': {
      const old = exc.context;
      exc.context = excOrNone(rt, value, 'context');
      rt.decref(old);
      return true;
    }
    case '__traceback__': {
      if (value !== None && !(typeof value === 'object' && value.cls === T.traceback)) raise(rt, E.TypeError, '__traceback__ must be a traceback or None');
      const old = exc.traceback;
      rt.incref(value);
      exc.traceback = value;
      rt.decref(old);
      return true;
    }
    case '__suppress_context__':
      if (typeof value !== 'boolean') raise(rt, E.TypeError, 'attribute value type must be bool');
      exc.suppressContext = value;
      return true;
    default:
      return false;
  }
}

/** del exc.name: BaseException's own attributes cannot be deleted (TypeError); others pass. */
export function checkExcAttrDeletable(rt: Runtime, name: string): void {
  switch (name) {
    case 'args': raise(rt, E.TypeError, 'args may not be deleted');
    case '__cause__': case '__context__': case '__traceback__': raise(rt, E.TypeError, `${name} may not be deleted`);
    case '__suppress_context__': raise(rt, E.TypeError, "can't delete numeric/char attribute");
  }
}
