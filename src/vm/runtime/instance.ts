/*
 * User classes and their instances, and the descriptor types a class body
 * uses (property, staticmethod, classmethod) plus super(). Instances own a
 * reference to their class (a heap type), as in CPython.
 */

import { PyObject, PyType, TypeDict, type PyValue, type Visit } from './object';
import type { Runtime } from './runtime';
import { T } from './builtin-types';
import { None } from './types/singletons';
import { DICT_SHAPE, type Shape } from './shape';

export class PyInstance extends PyObject {
  /**
   * The attributes (the instance __dict__), owned: `vals[i]` is the value of
   * `shape.keys[i]`, in insertion order; or, past what shapes cover (see
   * shape.ts), `dict` holds them and `shape` is DICT_SHAPE.
   */
  shape: Shape;
  vals: PyValue[] = [];
  dict: Map<string, PyValue> | null = null;
  finalized = false;
  constructor(public cls: PyType) {
    super();
    this.shape = cls.emptyShape;
  }
  /** Its own attribute `name` (borrowed), or undefined. */
  getOwn(name: string): PyValue | undefined {
    if (this.dict !== null) return this.dict.get(name);
    const i = this.shape.slot(name);
    return i < 0 ? undefined : this.vals[i];
  }
  hasOwn(name: string): boolean {
    return this.getOwn(name) !== undefined;
  }
  /** Set its own attribute (the reference to value moves in); returns the old value, whose reference moves out. */
  setOwn(name: string, value: PyValue): PyValue | undefined {
    const d = this.dict;
    if (d !== null) {
      const old = d.get(name);
      d.set(name, value);
      return old;
    }
    const i = this.shape.slot(name);
    if (i >= 0) {
      const old = this.vals[i];
      this.vals[i] = value;
      return old;
    }
    const next = this.shape.adding(name);
    if (next === null) {
      this.toDict().set(name, value);
    } else {
      this.vals.push(value);
      this.shape = next;
    }
    return undefined;
  }
  /** Remove its own attribute; returns the value (its reference moves out), or undefined when it had none. */
  deleteOwn(name: string): PyValue | undefined {
    const d = this.dict;
    if (d !== null) {
      const old = d.get(name);
      if (old !== undefined) d.delete(name);
      return old;
    }
    const i = this.shape.slot(name);
    if (i < 0) return undefined;
    const old = this.vals[i];
    // The names after it move up one slot, as a dict keeps its order: rebuild the shape.
    const keys = this.shape.keys;
    const vals = this.vals;
    this.shape = this.cls.emptyShape;
    this.vals = [];
    for (let j = 0; j < keys.length; j++) if (j !== i) this.setOwn(keys[j], vals[j]);
    return old;
  }
  /** Leave shapes for a Map of its own (too many names, or a class with too many layouts). */
  private toDict(): Map<string, PyValue> {
    const d = new Map<string, PyValue>();
    const keys = this.shape.keys;
    for (let j = 0; j < keys.length; j++) d.set(keys[j], this.vals[j]);
    this.dict = d;
    this.shape = DICT_SHAPE;
    this.vals = [];
    return d;
  }
  /** Its attributes' names, in order. */
  ownKeys(): string[] {
    return this.dict !== null ? [...this.dict.keys()] : this.shape.keys.slice();
  }
  /** Its attributes' values (borrowed), in order. */
  ownValues(): PyValue[] {
    return this.dict !== null ? [...this.dict.values()] : this.vals.slice();
  }
  /** Its attributes as [name, value] pairs (borrowed), in order. */
  ownEntries(): [string, PyValue][] {
    if (this.dict !== null) return [...this.dict];
    const keys = this.shape.keys;
    return this.vals.map((v, i) => [keys[i], v]);
  }
  override traverse(visit: Visit): void {
    visit(this.cls, '__class__');
    if (this.dict !== null) {
      for (const [k, v] of this.dict) visit(v, `.${k}`);
      return;
    }
    const keys = this.shape.keys;
    const vals = this.vals;
    for (let i = 0; i < vals.length; i++) visit(vals[i], `.${keys[i]}`);
  }
  override traverseRefs(visit: (value: PyValue) => void): void {
    visit(this.cls);
    if (this.dict !== null) {
      for (const v of this.dict.values()) visit(v);
      return;
    }
    const vals = this.vals;
    for (let i = 0; i < vals.length; i++) visit(vals[i]);
  }
  override get gcContainer(): boolean { return true; }
  override isFinalized(): boolean { return this.finalized; }
  override needsFinalize(): boolean { return !this.finalized && this.cls.hasFinalizer(); }
  /** subtype_clear: the attributes go, the class stays until the instance is freed. */
  override gcClear(rt: Runtime): void {
    const old = this.ownValues();
    this.dict = null;
    this.shape = this.cls.emptyShape;
    this.vals = [];
    for (const v of old) rt.decref(v);
  }
  /** tp_dealloc: nothing can reach the instance any more, so its values are dropped where they are. */
  override clear(rt: Runtime): void {
    const d = this.dict;
    if (d !== null) {
      for (const v of d.values()) rt.decref(v);
      d.clear();
    } else {
      const vals = this.vals;
      for (let i = 0; i < vals.length; i++) {
        const v = vals[i];
        if (typeof v === 'object' && --v.rc === 0) rt.dealloc(v);
      }
      this.vals = NO_VALUES;
      this.shape = this.cls.emptyShape;
    }
    rt.decref(this.cls);
  }
  sizeOf(): number { return 56; }
}

/** The values of a freed instance: it has no attributes, and nothing may add any. */
const NO_VALUES = Object.freeze([]) as unknown as PyValue[];

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
