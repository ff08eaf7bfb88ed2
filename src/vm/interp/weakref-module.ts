/*
 * The `weakref` module: `ref` (runtime/weakref.ts does the bookkeeping) and
 * `finalize`, which CPython writes in Lib/weakref.py: a registry keeps each
 * finalizer alive until its object dies (the weakref's callback is the
 * finalizer itself), it is called at most once, and those still alive at exit
 * with `atexit` set run then, newest first.
 */

import { PyObject, PyType, type PyValue, type Visit } from '../runtime/object';
import type { Runtime } from '../runtime/runtime';
import { T, defineMethods } from '../runtime/builtin-types';
import { moduleFunction } from '../runtime/builtin-function';
import { PyModule } from '../runtime/instance';
import { E, raise } from '../runtime/types/exceptions';
import { newTuple, PyTuple } from '../runtime/types/tuple';
import { newDict, dictSet, PyDict, origKey } from '../runtime/types/dict';
import { newList } from '../runtime/types/list';
import { None } from '../runtime/types/singletons';
import { addressOf } from '../runtime/types/repr';
import { typeOf } from '../runtime/types/typeof';
import { PyWeakRef, WeakRefType, weakrefable } from '../runtime/weakref';

export const FinalizeType = new PyType(T.type, 'finalize', T.object, false);
FinalizeType.module = 'weakref';
FinalizeType.rc = 1 << 30;

let nextIndex = 0;

class PyFinalize extends PyObject {
  get cls(): PyType { return FinalizeType; }
  /** All owned; weakref is null once the finalizer is dead. */
  weakref: PyWeakRef | null = null;
  atexit = true;
  readonly index = nextIndex++;
  constructor(public func: PyValue, public args: PyTuple, public kwargs: PyDict | null) { super(); }
  override get gcContainer(): boolean { return true; }
  override traverse(visit: Visit): void {
    if (this.weakref !== null) visit(this.weakref, 'weakref');
    visit(this.func, 'func');
    visit(this.args, 'args');
    if (this.kwargs !== null) visit(this.kwargs, 'kwargs');
  }
  override clear(rt: Runtime): void {
    const { weakref, func, args, kwargs } = this;
    this.weakref = null;
    this.func = None;
    this.kwargs = null;
    if (weakref !== null) rt.decref(weakref);
    rt.decref(func);
    rt.decref(args);
    if (kwargs !== null) rt.decref(kwargs);
  }
  override nativeAttr(name: string): PyValue | undefined {
    if (name === 'alive') return this.weakref !== null;
    if (name === 'atexit') return this.atexit;
    return undefined;
  }
  override nativeSetAttr(rt: Runtime, name: string, value: PyValue): boolean {
    if (name !== 'atexit') return false;
    this.atexit = value !== false && value !== 0 && value !== None && value !== '';
    void rt;
    return true;
  }
  sizeOf(): number { return 48; }
}

function reprOf(prefix: string, self: PyObject, target: PyObject | null): string {
  if (target === null) return `<${prefix} at ${addressOf(self)}; dead>`;
  return `<${prefix} at ${addressOf(self)}; ${prefix === 'weakref' ? 'to' : 'for'} '${typeOf(target).name}' at ${addressOf(target)}`;
}

function namedSuffix(target: PyObject): string {
  const name = (target as { name?: unknown }).name;
  return typeof name === 'string' ? ` (${name})` : '';
}

/** Each session's live finalizers (owned), oldest first. */
const registries = new WeakMap<Runtime, PyFinalize[]>();

function registryOf(rt: Runtime): PyFinalize[] {
  let r = registries.get(rt);
  if (r === undefined) { r = []; registries.set(rt, r); }
  return r;
}

/** Sessions whose exit handler ran (finalize._shutdown): finalizers called after it do nothing. */
const shutDown = new WeakSet<Runtime>();

/** Take a finalizer out of the registry (it is dead from now on); false if it already was. */
function kill(rt: Runtime, f: PyFinalize): boolean {
  const registry = registryOf(rt);
  const i = registry.indexOf(f);
  if (i < 0) return false;
  registry.splice(i, 1);
  const w = f.weakref;
  f.weakref = null;
  if (w !== null) { rt.weakrefs.detach(w); rt.decref(w); }
  return true;
}

// The types are shared by every session; their natives get the session's runtime.

WeakRefType.construct = (r, a, kw) => {
  if (kw !== null && kw.length > 0) raise(r, E.TypeError, 'ref() takes no keyword arguments');
  if (a.length === 0) raise(r, E.TypeError, '__new__ expected at least 1 argument, got 0');
  if (a.length > 2) raise(r, E.TypeError, `__new__ expected at most 2 arguments, got ${a.length}`);
  const o = a[0];
  if (!weakrefable(o)) raise(r, E.TypeError, `cannot create weak reference to '${typeOf(o).name}' object`);
  return r.weakrefs.make(r, o, a.length > 1 && a[1] !== None ? a[1] : null);
};
defineMethods(WeakRefType, {
  __call__: (r, a) => {
    if (a.length !== 1) raise(r, E.TypeError, `weakref() takes no arguments (${a.length - 1} given)`);
    return (a[0] as PyWeakRef).get();
  },
  __repr__: (_r, a) => {
    const w = a[0] as PyWeakRef;
    const t = w.referent;
    return t === null ? reprOf('weakref', w, null) : `${reprOf('weakref', w, t)}${namedSuffix(t)}>`;
  },
});

FinalizeType.construct = (r, a, kw) => {
  const nkw = kw?.length ?? 0;
  const npos = a.length - nkw;
  if (npos < 2) raise(r, E.TypeError, `finalize.__init__() missing ${2 - npos} required positional argument${npos === 1 ? '' : 's'}: ${npos === 0 ? "'obj' and 'func'" : "'func'"}`);
  const [obj, func] = a;
  if (!weakrefable(obj)) raise(r, E.TypeError, `cannot create weak reference to '${typeOf(obj).name}' object`);
  const rest = a.slice(2, npos);
  for (const v of rest) r.incref(v);
  let kwargs: PyDict | null = null;
  if (nkw > 0) {
    kwargs = newDict(r);
    for (let i = 0; i < nkw; i++) dictSet(r, kwargs, (kw as readonly string[])[i], a[npos + i]);
  }
  r.incref(func);
  const f = r.track(new PyFinalize(func, newTuple(r, rest), kwargs));
  f.rc = 2; // the caller's and the registry's
  registryOf(r).push(f);
  f.weakref = r.weakrefs.make(r, obj, f);
  return f;
};
defineMethods(FinalizeType, {
  __call__: (r, a) => {
    const f = a[0] as PyFinalize;
    if (!kill(r, f)) return None;
    if (shutDown.has(r)) { r.decref(f); return None; }
    try {
      return callWith(r, f.func, f.args, f.kwargs);
    } finally {
      r.decref(f);
    }
  },
  detach: (r, a) => {
    const f = a[0] as PyFinalize;
    const obj = f.weakref?.referent ?? null;
    if (obj === null) return None;
    const info = infoTuple(r, f, obj);
    kill(r, f);
    r.decref(f);
    return info;
  },
  peek: (r, a) => {
    const f = a[0] as PyFinalize;
    const obj = f.weakref?.referent ?? null;
    return obj === null ? None : infoTuple(r, f, obj);
  },
  __repr__: (_r, a) => {
    const f = a[0] as PyFinalize;
    const t = f.weakref?.referent ?? null;
    return t === null ? reprOf('finalize object', f, null) : `${reprOf('finalize object', f, t)}>`;
  },
});

export function makeWeakref(rt: Runtime): PyModule {
  // At exit, the live finalizers marked atexit run, newest first (weakref._exitfunc).
  rt.atexit.push(() => {
    const registry = registryOf(rt);
    const pending = registry.filter((f) => f.atexit).sort((x, y) => x.index - y.index);
    while (pending.length > 0) {
      const f = pending.pop() as PyFinalize;
      if (!registry.includes(f)) continue;
      f.rc++;
      try {
        rt.decref(rt.call(f, []));
      } catch (e) {
        if (!(e instanceof PyObject) || rt.unraisableImpl === null) throw e;
        rt.unraisableImpl(e, f);
      } finally {
        rt.decref(f);
      }
    }
    shutDown.add(rt);
  });

  const m = new PyModule('weakref', new Map<string, PyValue>([
    ['ref', WeakRefType],
    ['ReferenceType', WeakRefType],
    ['finalize', FinalizeType],
    ['getweakrefcount', moduleFunction('getweakrefcount', (r, a) => (typeof a[0] === 'object' ? r.weakrefs.refsTo(a[0]).length : 0))],
    ['getweakrefs', moduleFunction('getweakrefs', (r, a) => {
      const refs = typeof a[0] === 'object' ? r.weakrefs.refsTo(a[0]).slice().reverse() : [];
      for (const w of refs) w.rc++;
      return newList(r, refs);
    })],
  ]));
  m.rc = 1 << 30;
  return m;
}

function infoTuple(rt: Runtime, f: PyFinalize, obj: PyObject): PyTuple {
  let kwargs: PyValue;
  if (f.kwargs !== null) { kwargs = f.kwargs; f.kwargs.rc++; } else kwargs = newDict(rt);
  for (const v of [obj, f.func, f.args]) rt.incref(v);
  return newTuple(rt, [obj, f.func, f.args, kwargs]);
}

function callWith(rt: Runtime, func: PyValue, args: PyTuple, kwargs: PyDict | null): PyValue {
  if (kwargs === null) return rt.call(func, args.items);
  const names: string[] = [];
  const values = args.items.slice();
  for (const nk of kwargs.map.keys()) { names.push(origKey(kwargs, nk) as string); values.push(kwargs.map.get(nk) as PyValue); }
  return rt.call(func, values, names);
}
