/*
 * User classes and their instances, and the descriptor types a class body
 * uses (property, staticmethod, classmethod) plus super(). Instances own a
 * reference to their class (a heap type), as in CPython.
 */

import { PyObject, PyType, TypeDict, type PyValue, type Visit } from './object';
import type { Runtime } from './runtime';
import { T } from './builtin-types';
import { None } from './types/singletons';

export class PyInstance extends PyObject {
  /** Attributes (the instance __dict__), owned. */
  attrs: Map<string, PyValue> = new Map();
  finalized = false;
  constructor(public cls: PyType) { super(); }
  override traverse(visit: Visit): void {
    visit(this.cls, '__class__');
    for (const [k, v] of this.attrs) visit(v, `.${k}`);
  }
  override traverseRefs(visit: (value: PyValue) => void): void {
    visit(this.cls);
    for (const v of this.attrs.values()) visit(v);
  }
  override get gcContainer(): boolean { return true; }
  override isFinalized(): boolean { return this.finalized; }
  override needsFinalize(): boolean { return !this.finalized && this.cls.lookup('__del__') !== undefined; }
  /** subtype_clear: the attributes go, the class stays until the instance is freed. */
  override gcClear(rt: Runtime): void {
    const attrs = this.attrs;
    this.attrs = new Map();
    for (const v of attrs.values()) rt.decref(v);
  }
  /** tp_dealloc: nothing can reach the instance any more, so its map is emptied in place (no new Map). */
  override clear(rt: Runtime): void {
    const attrs = this.attrs;
    for (const v of attrs.values()) rt.decref(v);
    attrs.clear();
    rt.decref(this.cls);
  }
  sizeOf(): number { return 56; }
}

/** A user class: a heap type whose dict values are owned references. */
export function newClass(rt: Runtime, name: string, qualname: string, base: PyType, ns: Map<string, PyValue>, module = '__main__'): PyType {
  const cls = rt.track(new PyType(T.type, name, base, true, module));
  cls.qualname = qualname;
  cls.dict = new TypeDict(ns);
  // The references PyType.traverse lists: __mro__ entries, tp_base and __bases__, or the two descriptors.
  cls.rc = 1;
  for (const t of cls.mro) if (t.heapType) t.rc++;
  if (base.heapType) base.rc += 2;
  else cls.rc += 2;
  // A class defining __eq__ without __hash__ is unhashable, as in CPython.
  if (ns.has('__eq__') && !ns.has('__hash__')) cls.dict.set('__hash__', None);
  return cls;
}

export class PyProperty extends PyObject {
  override get gcContainer(): boolean { return true; }
  get cls(): PyType { return T.property; }
  constructor(public fget: PyValue, public fset: PyValue, public fdel: PyValue, public doc: PyValue) { super(); }
  override isDataDescriptor(): boolean { return true; }
  override traverse(visit: Visit): void {
    if (this.fget !== None) visit(this.fget, 'fget');
    if (this.fset !== None) visit(this.fset, 'fset');
    if (this.fdel !== None) visit(this.fdel, 'fdel');
  }
  override clear(rt: Runtime): void {
    rt.decref(this.fget); rt.decref(this.fset); rt.decref(this.fdel);
  }
}

export class PyStaticMethod extends PyObject {
  override get gcContainer(): boolean { return true; }
  get cls(): PyType { return T.staticmethod; }
  constructor(public func: PyValue) { super(); }
  override traverse(visit: Visit): void { visit(this.func, '__func__'); }
  override clear(rt: Runtime): void { rt.decref(this.func); }
}

export class PyClassMethod extends PyObject {
  override get gcContainer(): boolean { return true; }
  get cls(): PyType { return T.classmethod; }
  constructor(public func: PyValue) { super(); }
  override traverse(visit: Visit): void { visit(this.func, '__func__'); }
  override clear(rt: Runtime): void { rt.decref(this.func); }
}

export class PySuper extends PyObject {
  override get gcContainer(): boolean { return true; }
  get cls(): PyType { return T.super; }
  /** The class super() was called in, and the object (or class) it is bound to. Owned. */
  constructor(public thisClass: PyType, public obj: PyValue) { super(); }
  override traverse(visit: Visit): void {
    visit(this.thisClass, '__thisclass__');
    visit(this.obj, '__self__');
  }
  override clear(rt: Runtime): void { rt.decref(this.thisClass); rt.decref(this.obj); }
}

export class PyModule extends PyObject {
  get cls(): PyType { return T.module; }
  /** A module run from Python source: its globals dict (owned), whose map is `dict`. */
  namespace: PyObject | null = null;
  constructor(public name: string, public dict: Map<string, PyValue>) { super(); }
  override traverse(visit: Visit): void {
    if (this.namespace !== null) { visit(this.namespace, '__dict__'); return; }
    for (const [k, v] of this.dict) visit(v, `.${k}`);
  }
}
