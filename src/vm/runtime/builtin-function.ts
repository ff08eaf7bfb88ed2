/*
 * Native callables: built-in functions (len, print) and methods of built-in
 * types (list.append). Immortal when they live on a built-in type or in the
 * builtins module; a bound one (`[].append`) is a real counted object made
 * by the runtime with its `self`.
 */

import { PyObject, type FastNative, type NativeFn, type PyType, type PyValue, type Visit } from './object';
import { T } from './builtin-types';

export class PyBuiltinFunction extends PyObject {
  get cls(): PyType { return T.builtin_function_or_method; }
  /** Its path for one or two positional arguments without an args array, if it has one (unbound only). */
  fast: FastNative | null = null;
  constructor(
    readonly name: string,
    readonly fn: NativeFn,
    /** The type that defines it (methods), or null for a plain built-in function. */
    readonly owner: PyType | null,
    /** The bound receiver (`[].append`), or undefined when unbound. Owned reference. */
    public self: PyValue | undefined = undefined,
  ) {
    super();
  }
  override get gcContainer(): boolean { return true; }
  override traverse(visit: Visit): void {
    if (this.self !== undefined) visit(this.self, '__self__');
  }
}

/** A module-level native function: immortal, like CPython's statically allocated method defs. */
export function moduleFunction(name: string, fn: NativeFn): PyBuiltinFunction {
  const f = new PyBuiltinFunction(name, fn, null);
  f.rc = 1 << 30;
  return f;
}
