/*
 * The shape of every Python value in minipy, and the refcount rules.
 *
 * PyValue is a JS primitive where Python's value is atomic and immutable, and a
 * PyObject (with a real reference count) everywhere else:
 *   int   -> JS number (always integral, within ±(2**53-1)) or JS bigint (always outside that range)
 *   bool  -> JS boolean
 *   str   -> JS string
 *   None, float, and everything else -> PyObject
 * So `typeof v === 'object'` is exactly "has a refcount". Atomic values are shown
 * inline (as Python Tutor does); CPython's own counts for ints and strs depend on
 * small-int caching and interning and teach nothing.
 *
 * Refcount rules are CPython's: the value stack, frame locals, cells, containers,
 * attributes, globals, code constants, and a thread's state each own one
 * reference per slot. Natives receive borrowed arguments and return a new
 * reference. When a count reaches zero the object is deallocated at once
 * (Runtime.dealloc): `__del__` runs, then its references are dropped.
 *
 * Every object can list the references it owns (`traverse`, CPython's
 * tp_traverse): the snapshot builds each object's holder list from it, the cycle
 * collector uses it, and a test checks that rc equals the number of holders.
 */

import type { Runtime } from './runtime';
import { Shape, dropAttrCaches } from './shape';

export type PyValue = number | bigint | boolean | string | PyObject;

/** Called once per owned reference; `label` says which slot holds it (".x", "[0]", "key 'a'", "cell"). */
export type Visit = (value: PyValue, label: string) => void;

/** A native function. `args` are borrowed: positional first, then the values of `kwnames` in order.
 * Returns a new reference. Raises Python exceptions by throwing a PyBaseException. */
export type NativeFn = (rt: Runtime, args: PyValue[], kwnames: readonly string[] | null) => PyValue;

/**
 * A native's own path for a call with `n` (1 or 2) positional arguments and no keywords, taking
 * them (borrowed) without an args array; b is a when n is 1. Returns a new reference, or
 * undefined to have the call made through the NativeFn instead (which then raises any error).
 */
export type FastNative = (rt: Runtime, n: number, a: PyValue, b: PyValue) => PyValue | undefined;

/**
 * Classes nothing extends, so a hot path may test `v.constructor === C` for `v instanceof C`:
 * in V8's compiled code the first is a map check, while instanceof walks the prototype chain
 * whenever the answer is no (a loop of `len(d)` calls spent a quarter of its time there).
 * A unit test keeps the list true.
 */
export const EXACT_CLASSES = ['PyFunction', 'PyBuiltinFunction', 'PyType', 'PyList', 'PyTuple', 'PyDict', 'PySet',
  'RangeIter', 'SeqIter', 'PyGenerator', 'PyFloat', 'PyRange', 'PyInstance'] as const;

export abstract class PyObject {
  /** Reference count, as CPython's ob_refcnt. */
  rc = 0;
  /** Deterministic identity (id()); assigned by Runtime.track, 0 until then. */
  oid = 0;
  /** Intrusive list of live tracked objects (CPython's GC list), maintained by Runtime. */
  gcPrev: PyObject | null = null;
  gcNext: PyObject | null = null;
  /** Cycle collector: the generation (0-2) while on a generation list, -1 when untracked. */
  gcGen = -1;
  gNext: PyObject | null = null;
  gPrev: PyObject | null = null;
  /** Bytes counted for it in the runtime's live total (its size when last measured). */
  accounted = 0;
  /** Scratch space of a collection: gc_refs and list flags. */
  gcRefs = 0;
  gcFlags = 0;
  /** The object's Python type. */
  abstract readonly cls: PyType;
  /** True for container types the cycle collector tracks (CPython's Py_TPFLAGS_HAVE_GC). */
  get gcContainer(): boolean { return false; }
  /** Dicts: tracked only while they may hold a container (CPython's MAINTAIN_TRACKING). */
  lazilyTracked(): boolean { return false; }
  /** True when nothing it holds can be part of a cycle. */
  atomicContents(): boolean { return false; }
  /** Tuples: may leave the collector's lists (untrack_tuples). */
  untrackable(): boolean { return false; }
  /** Objects CPython would allocate that minipy folds into this one (counted by gc.collect). */
  hiddenObjects(): number { return 0; }
  /** True once tp_finalize has run (PEP 442). */
  isFinalized(): boolean { return false; }
  /** tp_clear: drop the references that can form cycles, leaving the object valid (the collector breaks cycles with it). */
  gcClear(_rt: Runtime): void {}
  /** Visit every reference this object owns. */
  traverse(_visit: Visit): void {}
  /**
   * The same references, without labels, in tp_traverse's order (lists and tuples go last first): the cycle collector's
   * walk, which would otherwise build a label string per reference it never reads.
   * Containers with many references override it.
   */
  traverseRefs(visit: (value: PyValue) => void): void { this.traverse(visit); }
  /** Drop every reference this object owns (tp_clear / the tail of tp_dealloc). */
  clear(_rt: Runtime): void {}
  /** Attributes a built-in type computes (getset descriptors such as gi_running), or undefined. New reference. */
  nativeAttr(_name: string): PyValue | undefined { return undefined; }
  /** Attributes a built-in type lets a program set; false when it has no such attribute. */
  nativeSetAttr(_rt: Runtime, _name: string, _value: PyValue): boolean { return false; }
  /** True for a data descriptor (property): found on a class, it outranks an instance's own attribute. */
  isDataDescriptor(): boolean { return false; }
  /** True when freeing it must first run Python code (tp_finalize): `__del__`, a suspended generator's close. */
  needsFinalize(): boolean { return this.cls.heapType; }
}

/**
 * Bumped whenever any type's dict changes, which makes every type's lookup
 * cache stale (CPython's type version tags, made global: class dicts change
 * rarely, mostly while classes are being created).
 */
let typeDictEpoch = 0;

function typeDictChanged(): void {
  typeDictEpoch++;
  dropAttrCaches();
}

/** A type's dict: a Map whose every change invalidates the types' lookup caches and the instructions' attribute caches. */
export class TypeDict extends Map<string, PyValue> {
  override set(name: string, value: PyValue): this {
    typeDictChanged();
    return super.set(name, value);
  }
  override delete(name: string): boolean {
    typeDictChanged();
    return super.delete(name);
  }
  override clear(): void {
    typeDictChanged();
    super.clear();
  }
}

/** A Python type: built-in (shared by all sessions, immortal) or a user class (per session). */
export class PyType extends PyObject {
  declare readonly cls: PyType;
  name: string;
  qualname: string;
  base: PyType | null;
  mro: PyType[] = [];
  /** Class attributes: methods, class variables, descriptors. */
  dict: TypeDict = new TypeDict();
  /** What `lookup` found (null: nothing) while typeDictEpoch was lookupEpoch; borrowed from the dicts. */
  private lookupCache = new Map<string, PyValue | null>();
  private lookupEpoch = -1;
  /** hasDataDescriptors' answer for lookupEpoch: 1 yes, 0 no, -1 not known yet. */
  private dataDescriptors = -1;
  /** hasFinalizer's answer for lookupEpoch, the same way. */
  private finalizer = -1;
  /** True for classes created by a `class` statement: instances hold a reference to them. */
  heapType: boolean;
  /** Module name shown in repr: "builtins" for built-in types, "__main__" for user classes. */
  module: string;
  /** Constructor for built-in types (tp_new + tp_init): returns a new reference. */
  construct: NativeFn | null = null;
  /** The constructor's path for one or two positional arguments, if it has one. */
  fast: FastNative | null = null;
  /** The root of its instances' layouts: a new instance has no attributes. */
  readonly emptyShape: Shape = new Shape();

  constructor(metatype: PyType | null, name: string, base: PyType | null, heapType: boolean, module = 'builtins') {
    super();
    // `type` is its own metatype; bootstrapping passes null for it.
    (this as { cls: PyType }).cls = metatype ?? this;
    this.name = name;
    this.qualname = name;
    this.base = base;
    this.heapType = heapType;
    this.module = module;
    this.mro = base ? [this, ...base.mro] : [this];
  }

  /** Look a name up along the MRO (CPython's _PyType_Lookup). */
  lookup(name: string): PyValue | undefined {
    if (this.lookupEpoch !== typeDictEpoch) this.resetLookupCache();
    const cached = this.lookupCache.get(name);
    if (cached !== undefined) return cached === null ? undefined : cached;
    const found = this.lookupUncached(name);
    this.lookupCache.set(name, found === undefined ? null : found);
    return found;
  }

  /**
   * True when a class on the MRO holds a data descriptor. When false, an
   * instance's own attribute is the answer to a lookup without asking the class.
   */
  hasDataDescriptors(): boolean {
    if (this.lookupEpoch !== typeDictEpoch) this.resetLookupCache();
    if (this.dataDescriptors < 0) {
      let found = false;
      for (const t of this.mro) for (const v of t.dict.values()) if (typeof v === 'object' && v.isDataDescriptor()) found = true;
      this.dataDescriptors = found ? 1 : 0;
    }
    return this.dataDescriptors === 1;
  }

  /** True when a class on the MRO defines __del__ (its instances are finalized before they are freed). */
  hasFinalizer(): boolean {
    if (this.lookupEpoch !== typeDictEpoch) this.resetLookupCache();
    if (this.finalizer < 0) this.finalizer = this.lookupUncached('__del__') !== undefined ? 1 : 0;
    return this.finalizer === 1;
  }

  private resetLookupCache(): void {
    this.lookupCache.clear();
    this.dataDescriptors = -1;
    this.finalizer = -1;
    this.lookupEpoch = typeDictEpoch;
  }

  private lookupUncached(name: string): PyValue | undefined {
    const mro = this.mro;
    for (let i = 0; i < mro.length; i++) {
      const v = mro[i].dict.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  isSubtypeOf(other: PyType): boolean {
    return this === other || this.mro.includes(other);
  }

  /**
   * A heap type's references, as CPython 3.11 holds them: its __mro__ tuple
   * (itself and every heap ancestor), its base twice more (tp_base and the
   * __bases__ tuple), and, for a class directly under object, itself twice
   * through the __dict__ and __weakref__ descriptors it creates.
   */
  override traverse(visit: Visit): void {
    if (!this.heapType) return;
    for (let i = 0; i < this.mro.length; i++) if (this.mro[i].heapType) visit(this.mro[i], `__mro__[${i}]`);
    if (this.base && this.base.heapType) {
      visit(this.base, '__base__');
      visit(this.base, '__bases__[0]');
    } else {
      visit(this, "__dict__ descriptor's __objclass__");
      visit(this, "__weakref__ descriptor's __objclass__");
    }
    for (const [k, v] of this.dict) visit(v, `.${k}`);
  }

  /** A user class is a container the cycle collector tracks (it refers to itself through __mro__). */
  override get gcContainer(): boolean { return this.heapType; }

  /** True once type_clear ran: the dict and the __mro__ references are gone. */
  private cleared = false;

  /**
   * type_clear: the dict empties (values released in order; for a class directly under
   * object that includes the two descriptors holding it), then the __mro__ tuple (last item first).
   * The object stays usable for lookups until it is freed.
   */
  override gcClear(rt: Runtime): void {
    if (!this.heapType || this.cleared) return;
    this.cleared = true;
    const values = [...this.dict.values()];
    this.dict.clear();
    for (const v of values) rt.decref(v);
    if (!(this.base && this.base.heapType)) { rt.decref(this); rt.decref(this); }
    for (let i = this.mro.length - 1; i >= 0; i--) if (this.mro[i].heapType) rt.decref(this.mro[i]);
  }

  /** type_dealloc: what type_clear left, then tp_base and __bases__. */
  override clear(rt: Runtime): void {
    if (!this.heapType) return;
    this.gcClear(rt);
    if (this.base && this.base.heapType) { rt.decref(this.base); rt.decref(this.base); }
  }

  /**
   * What CPython allocates with a class that minipy folds into it (gc.collect counts them):
   * the __mro__ and __bases__ tuples, and under object the dict with its __dict__ and
   * __weakref__ descriptors; under a user class the dict only while it holds a container.
   */
  override hiddenObjects(): number {
    if (this.base === null || !this.base.heapType) return 5;
    for (const v of this.dict.values()) if (typeof v === 'object' && v.gcContainer) return 3;
    return 2;
  }
}
