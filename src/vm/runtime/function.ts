/*
 * Python functions and what they are made of: cells (closures), bound methods,
 * and a session's materialised code constants. A function owns its globals,
 * defaults, kwdefaults and closure; a bound method owns its function and self.
 */

import { PyObject, PyType, type PyValue, type Visit } from './object';
import type { Runtime } from './runtime';
import { T } from './builtin-types';
import type { CodeObject } from '../bytecode/code';
import type { PyDict } from './types/dict';
import type { PyTuple } from './types/tuple';
import { None } from './types/singletons';
import type { Frame } from '../interp/frame';

export class PyCell extends PyObject {
  get cls(): PyType { return T.cell; }
  /** The cell's contents (owned), undefined when empty. */
  constructor(public value: PyValue | undefined) { super(); }
  override traverse(visit: Visit): void {
    if (this.value !== undefined) visit(this.value, 'cell_contents');
  }
  override get gcContainer(): boolean { return true; }
  override gcClear(rt: Runtime): void { this.clear(rt); }
  override clear(rt: Runtime): void {
    const v = this.value;
    this.value = undefined;
    if (v !== undefined) rt.decref(v);
  }
}

export class PyFunction extends PyObject {
  get cls(): PyType { return T.function; }
  name: string;
  qualname: string;
  /** Owned: positional defaults (a tuple) or null, keyword-only defaults (a dict) or null, closure cells. */
  defaults: PyTuple | null = null;
  kwdefaults: PyDict | null = null;
  closure: PyTuple | null = null;
  /** Function attributes (f.x = 1) and __doc__; owned. */
  attrs: Map<string, PyValue> | null = null;
  /** Frames of this function that returned, kept for its next calls (the interpreter's; they hold no references). */
  spareFrames: Frame[] | null = null;
  constructor(
    readonly code: CodeObject,
    /** The session's materialised constants of `code`. */
    readonly consts: PyValue[],
    /** Owned. */
    public globals: PyDict,
  ) {
    super();
    this.name = code.co_name;
    this.qualname = code.co_qualname;
  }
  override traverse(visit: Visit): void {
    visit(this.globals, '__globals__');
    if (this.defaults) visit(this.defaults, '__defaults__');
    if (this.kwdefaults) visit(this.kwdefaults, '__kwdefaults__');
    if (this.closure) visit(this.closure, '__closure__');
    if (this.attrs) for (const [k, v] of this.attrs) visit(v, `.${k}`);
  }
  override get gcContainer(): boolean { return true; }
  /** Objects CPython would have that minipy folds into this one: a function's __dict__ once it has attributes. */
  override hiddenObjects(): number {
    if (this.attrs === null) return 0;
    for (const k of this.attrs.keys()) if (k !== '__doc__') return 1;
    return 0;
  }
  /** func_clear: defaults, closure and attributes go; the globals stay until the function is freed. */
  override gcClear(rt: Runtime): void {
    const { defaults, kwdefaults, closure, attrs } = this;
    this.defaults = null;
    this.kwdefaults = null;
    this.closure = null;
    this.attrs = null;
    if (defaults) rt.decref(defaults);
    if (kwdefaults) rt.decref(kwdefaults);
    if (closure) rt.decref(closure);
    if (attrs) for (const v of attrs.values()) rt.decref(v);
  }
  override clear(rt: Runtime): void {
    this.gcClear(rt);
    rt.decref(this.globals);
  }
  sizeOf(): number { return 152; }
}

export class PyMethod extends PyObject {
  get cls(): PyType { return T.method; }
  /** Both owned. */
  constructor(public func: PyValue, public self: PyValue) { super(); }
  override traverse(visit: Visit): void {
    visit(this.func, '__func__');
    visit(this.self, '__self__');
  }
  override get gcContainer(): boolean { return true; }
  override clear(rt: Runtime): void {
    rt.decref(this.func);
    rt.decref(this.self);
  }
  sizeOf(): number { return 64; }
}

/** A code object as a heap object: holds the session's materialised constants (co_consts). */
export class PyCode extends PyObject {
  get cls(): PyType { return T.code; }
  constructor(readonly code: CodeObject, readonly consts: PyValue[]) { super(); }
  override traverse(visit: Visit): void {
    for (let i = 0; i < this.consts.length; i++) visit(this.consts[i], `co_consts[${i}]`);
  }
  /** Freed (the main module's code, once it has run): its constants are let go, None left in their place. */
  override clear(rt: Runtime): void {
    const consts = this.consts;
    for (let i = 0; i < consts.length; i++) { const v = consts[i]; consts[i] = None; rt.decref(v); }
  }
  sizeOf(): number { return 200; }
}
