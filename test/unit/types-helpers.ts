/*
 * A small Runtime for the types unit tests: the real Runtime class with
 * dealloc (clear the object) and call (natives only) filled in, so the types
 * code can be tested without the interpreter.
 */

import { Runtime } from '../../src/vm/runtime/runtime';
import type { PyObject, PyType, PyValue } from '../../src/vm/runtime/object';
import { PyBuiltinFunction } from '../../src/vm/runtime/builtin-function';
import { typeOf } from '../../src/vm/runtime/types/typeof';
import '../../src/vm/runtime/types/index';
import { PyBaseException } from '../../src/vm/runtime/types/exceptions';
import { str } from '../../src/vm/runtime/types/repr';

export class TestRuntime extends Runtime {
  freed = 0;
  constructor() {
    super({ maxHeapBytes: 1 << 30, recursionLimit: 1000 });
  }
  override dealloc(obj: PyObject): void {
    this.freed++;
    obj.clear(this);
  }
  override call(callable: PyValue, args: PyValue[], kwnames: readonly string[] | null = null): PyValue {
    if (callable instanceof PyBuiltinFunction) {
      return callable.self !== undefined ? callable.fn(this, [callable.self, ...args], kwnames) : callable.fn(this, args, kwnames);
    }
    if (typeof callable === 'object' && 'construct' in callable && (callable as PyType).construct) {
      return (callable as PyType).construct!(this, args, kwnames);
    }
    throw new Error('TestRuntime.call: only natives');
  }
  override typeOf(v: PyValue): PyType {
    return typeOf(v);
  }
}

/** Run fn and return "Type: message" of the Python exception it raises, or 'no error'. */
export function pyError(rt: Runtime, fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof PyBaseException) {
      const m = str(rt, e);
      return m === '' ? e.cls.name : `${e.cls.name}: ${m}`;
    }
    throw e;
  }
  return 'no error';
}
