/*
 * The attribute protocol (CPython's PyObject_GenericGetAttr and friends):
 * data descriptors on the type win over the instance's own attributes, which
 * win over the type's other attributes; functions found on the type bind to
 * the instance. `unboundMethod` is LOAD_METHOD's fast path: it returns the
 * unbound function so no bound-method object is allocated for a call.
 */

import { PyObject, PyType, type PyValue } from './object';
import type { Runtime } from './runtime';
import { PyBuiltinFunction } from './builtin-function';
import { PyFunction, PyMethod } from './function';
import { PyClassMethod, PyInstance, PyModule, PyProperty, PyStaticMethod, PySuper } from './instance';
import { PyBaseException, E, raise } from './types/exceptions';
import { None } from './types/singletons';
import { typeOf } from './types/typeof';
import { newTuple } from './types/tuple';
import { PySlice } from './types/range';
import { newDict, dictSet } from './types/dict';
import { callMethod0 } from './types/call';
import { setExcAttr, checkExcAttrDeletable } from './types/exception-attrs';
import { addAttributeErrorContext } from './suggestions';

function incref(v: PyValue): PyValue {
  if (typeof v === 'object') v.rc++;
  return v;
}

/** Bind what was found on a type to `obj` (a new reference), as a descriptor's __get__ would. */
function bind(rt: Runtime, found: PyValue, obj: PyValue, cls: PyType): PyValue {
  if (found instanceof PyFunction) {
    incref(obj);
    found.rc++;
    return rt.track(Object.assign(new PyMethod(found, obj), { rc: 1 }));
  }
  if (found instanceof PyBuiltinFunction && found.self === undefined && found.owner !== null) {
    incref(obj);
    return rt.track(Object.assign(new PyBuiltinFunction(found.name, found.fn, found.owner, obj), { rc: 1 }));
  }
  if (found instanceof PyStaticMethod) return incref(found.func);
  if (found instanceof PyClassMethod) {
    cls.rc++;
    incref(found.func);
    return rt.track(Object.assign(new PyMethod(found.func, cls), { rc: 1 }));
  }
  if (found instanceof PyProperty) {
    if (found.fget === None) raise(rt, E.AttributeError, "property object has no getter");
    return rt.call(found.fget, [obj], null);
  }
  return incref(found);
}

function noAttr(rt: Runtime, obj: PyValue, name: string): never {
  if (obj instanceof PyType) raise(rt, E.AttributeError, `type object '${obj.name}' has no attribute '${name}'`);
  if (obj instanceof PyModule) raise(rt, E.AttributeError, `module '${obj.name}' has no attribute '${name}'`);
  raise(rt, E.AttributeError, `'${typeOf(obj).name}' object has no attribute '${name}'`);
}

function typeAttr(rt: Runtime, t: PyType, name: string): PyValue | undefined {
  const found = t.lookup(name);
  if (found !== undefined) {
    if (found instanceof PyClassMethod) {
      t.rc++;
      incref(found.func);
      return rt.track(Object.assign(new PyMethod(found.func, t), { rc: 1 }));
    }
    if (found instanceof PyStaticMethod) return incref(found.func);
    return incref(found);
  }
  switch (name) {
    case '__name__': return t.name;
    case '__qualname__': return t.qualname;
    case '__module__': return t.module;
    case '__base__': return incref(t.base ?? None);
    case '__mro__': return newTuple(rt, t.mro.map((x) => incref(x)));
    case '__bases__': return newTuple(rt, t.base ? [incref(t.base)] : []);
    case '__doc__': return None;
    case '__dict__': {
      // CPython gives a read-only mappingproxy; a copy answers the same questions (in, [], keys).
      const d = newDict(rt);
      for (const [k, v] of t.dict) dictSet(rt, d, k, v);
      return d;
    }
  }
  return undefined;
}

/** getattr(obj, name): a new reference; raises AttributeError (with .name and .obj for 3.11's hint). */
export function getAttr(rt: Runtime, obj: PyValue, name: string): PyValue {
  try {
    return getAttrOf(rt, obj, name);
  } catch (e) {
    if (e instanceof PyBaseException) addAttributeErrorContext(rt, e, obj, name);
    throw e;
  }
}

function getAttrOf(rt: Runtime, obj: PyValue, name: string): PyValue {
  if (obj instanceof PyInstance) {
    const cls = obj.cls;
    const found = cls.lookup(name);
    if (found instanceof PyProperty) return bind(rt, found, obj, cls);
    const own = obj.getOwn(name);
    if (own !== undefined) return incref(own);
    if (found !== undefined) return bind(rt, found, obj, cls);
    if (name === '__class__') return incref(cls);
    if (name === '__dict__') {
      // A copy of the attributes: reads match CPython; writing through it does not reach the object.
      const d = newDict(rt);
      for (const [k, v] of obj.ownEntries()) dictSet(rt, d, k, v);
      return d;
    }
    const ga = cls.lookup('__getattr__');
    if (ga !== undefined) return rt.call(ga, [obj, name], null);
    return noAttr(rt, obj, name);
  }
  if (obj instanceof PyType) {
    const v = typeAttr(rt, obj, name);
    if (v !== undefined) return v;
    return noAttr(rt, obj, name);
  }
  if (obj instanceof PyModule) {
    const v = obj.dict.get(name);
    if (v !== undefined) return incref(v);
    if (name === '__name__') return obj.name;
    return noAttr(rt, obj, name);
  }
  if (obj instanceof PySuper) return superAttr(rt, obj, name);
  if (obj instanceof PyBaseException) {
    const cls = obj.cls;
    const found = cls.lookup(name);
    if (found instanceof PyProperty) return bind(rt, found, obj, cls);
    const own = obj.attrs?.get(name);
    if (own !== undefined) return incref(own);
    switch (name) {
      case 'args': return incref(obj.args);
      case '__traceback__': return incref(obj.traceback);
      case '__cause__': return incref(obj.cause);
      case '__context__': return incref(obj.context);
      case '__suppress_context__': return obj.suppressContext;
      case '__class__': return incref(cls);
      case 'value': if (cls.isSubtypeOf(E.StopIteration)) return incref(obj.args.items.length ? obj.args.items[0] : None); break;
      case 'name': if (cls.isSubtypeOf(E.NameError) || cls.isSubtypeOf(E.AttributeError)) return None; break;
      case 'obj': if (cls.isSubtypeOf(E.AttributeError)) return None; break;
    }
    if (found !== undefined) return bind(rt, found, obj, cls);
    return noAttr(rt, obj, name);
  }
  if (obj instanceof PyFunction) {
    switch (name) {
      case '__name__': return obj.name;
      case '__qualname__': return obj.qualname;
      case '__module__': return '__main__';
      case '__defaults__': return incref(obj.defaults ?? None);
      case '__closure__': return incref(obj.closure ?? None);
      // 3.11: a function's __doc__ is co_consts[0] when that is a str (PyFunction_NewWithQualName).
      case '__doc__': return incref(obj.attrs?.get('__doc__') ?? (typeof obj.consts[0] === 'string' ? obj.consts[0] : None));
      case '__code__': return noAttr(rt, obj, name);
    }
    const own = obj.attrs?.get(name);
    if (own !== undefined) return incref(own);
  }
  if (obj instanceof PyMethod) {
    if (name === '__func__') return incref(obj.func);
    if (name === '__self__') return incref(obj.self);
    if (name === '__name__') return getAttr(rt, obj.func, name);
  }
  if (obj instanceof PyBuiltinFunction) {
    if (name === '__name__') return obj.name;
    if (name === '__self__') return incref(obj.self ?? None);
  }
  if (typeof obj === 'object') {
    const own = obj.nativeAttr(name);
    if (own !== undefined) return own;
  }
  if (name === '__class__') return incref(typeOf(obj));
  if (obj instanceof PySlice && (name === 'start' || name === 'stop' || name === 'step')) return incref(obj[name]);
  const cls = typeOf(obj);
  const found = cls.lookup(name);
  if (found !== undefined) return bind(rt, found, obj, cls);
  if (name === '__name__' && obj instanceof PyObject && (obj as { name?: unknown }).name !== undefined) {
    return String((obj as { name?: unknown }).name);
  }
  return noAttr(rt, obj, name);
}

function superAttr(rt: Runtime, sup: PySuper, name: string): PyValue {
  const objType = sup.obj instanceof PyType ? sup.obj : typeOf(sup.obj);
  const mro = objType.mro;
  const start = mro.indexOf(sup.thisClass);
  for (let i = start + 1; i < mro.length; i++) {
    const found = mro[i].dict.get(name);
    if (found === undefined) continue;
    if (sup.obj instanceof PyType && found instanceof PyFunction) return incref(found);
    return bind(rt, found, sup.obj, objType);
  }
  raise(rt, E.AttributeError, `'super' object has no attribute '${name}'`);
}

/**
 * LOAD_METHOD on super() (`super().__init__(...)`): what getattr gives when
 * `name` is a plain function found after __thisclass__ on the MRO of an
 * instance's type, a bound method (a new reference, as CPython 3.11 makes);
 * undefined otherwise (getAttr answers). Runs no Python code.
 */
export function superMethod(rt: Runtime, sup: PySuper, name: string): PyValue | undefined {
  const obj = sup.obj;
  if (obj instanceof PyType) return undefined;
  const mro = typeOf(obj).mro;
  for (let i = mro.indexOf(sup.thisClass) + 1; i < mro.length; i++) {
    const found = mro[i].dict.get(name);
    if (found === undefined) continue;
    if (!(found instanceof PyFunction)) return undefined;
    incref(obj);
    found.rc++;
    return rt.track(Object.assign(new PyMethod(found, obj), { rc: 1 }));
  }
  return undefined;
}

/**
 * LOAD_METHOD's fast path: the plain function (or built-in method) `name` on
 * obj's type when a call can pass obj as its first argument, so no bound
 * method is allocated; undefined when the attribute must be looked up with
 * getAttr. Runs no Python code. A Python function comes back as a new
 * reference, a built-in method (immortal) borrowed.
 */
export function unboundMethod(obj: PyValue, name: string): PyValue | undefined {
  if (obj instanceof PyInstance) {
    const found = obj.cls.lookup(name);
    if (!(found instanceof PyFunction) || obj.hasOwn(name)) return undefined;
    found.rc++;
    return found;
  }
  if (obj instanceof PyType || obj instanceof PyModule || obj instanceof PySuper) return undefined;
  const found = typeOf(obj).lookup(name);
  if (found instanceof PyBuiltinFunction && found.self === undefined && found.owner !== null) return found;
  return undefined;
}

/** setattr(obj, name, value): value is borrowed. */
export function setAttr(rt: Runtime, obj: PyValue, name: string, value: PyValue): void {
  if (obj instanceof PyInstance) {
    const found = obj.cls.hasDataDescriptors() ? obj.cls.lookup(name) : undefined;
    if (found instanceof PyProperty) {
      if (found.fset === None) raise(rt, E.AttributeError, `property '${name}' of '${obj.cls.name}' object has no setter`);
      rt.decref(rt.call(found.fset, [obj, value], null));
      return;
    }
    incref(value);
    const old = obj.setOwn(name, value);
    if (old !== undefined) rt.decref(old);
    return;
  }
  if (obj instanceof PyType && obj.heapType) {
    const old = obj.dict.get(name);
    incref(value);
    obj.dict.set(name, value);
    if (old !== undefined) rt.decref(old);
    return;
  }
  if (obj instanceof PyFunction && (name === '__name__' || name === '__qualname__')) {
    if (typeof value !== 'string') raise(rt, E.TypeError, `${name} must be set to a string object`);
    if (name === '__name__') obj.name = value; else obj.qualname = value;
    return;
  }
  if (obj instanceof PyBaseException || obj instanceof PyFunction || obj instanceof PyModule) {
    const map = obj instanceof PyModule ? obj.dict : (obj.attrs ??= new Map());
    if (obj instanceof PyBaseException && setExcAttr(rt, obj, name, value)) return;
    const old = map.get(name);
    incref(value);
    map.set(name, value);
    if (old !== undefined) rt.decref(old);
    return;
  }
  if (obj instanceof PyType) raise(rt, E.TypeError, `cannot set '${name}' attribute of immutable type '${obj.name}'`);
  if (typeof obj === 'object' && obj.nativeSetAttr(rt, name, value)) return;
  noAttr(rt, obj, name);
}

export function delAttr(rt: Runtime, obj: PyValue, name: string): void {
  if (obj instanceof PyInstance) {
    const found = obj.cls.lookup(name);
    if (found instanceof PyProperty) {
      if (found.fdel === None) raise(rt, E.AttributeError, `property '${name}' of '${(obj as PyInstance).cls.name}' object has no deleter`);
      rt.decref(rt.call(found.fdel, [obj], null));
      return;
    }
    const old = obj.deleteOwn(name);
    if (old === undefined) noAttr(rt, obj, name);
    rt.decref(old);
    return;
  }
  if (obj instanceof PyBaseException) checkExcAttrDeletable(rt, name);
  const map = obj instanceof PyType && obj.heapType ? obj.dict
    : obj instanceof PyBaseException || obj instanceof PyFunction ? obj.attrs
      : obj instanceof PyModule ? obj.dict : null;
  const old = map?.get(name);
  if (map === null || map === undefined || old === undefined) noAttr(rt, obj, name);
  map.delete(name);
  rt.decref(old);
}

/** __del__ of a user object whose count reached zero (PEP 442: once). */
export function finalize(rt: Runtime, obj: PyObject): void {
  if (!(obj instanceof PyInstance) || obj.finalized) return;
  const del = obj.cls.lookup('__del__');
  if (del === undefined) return;
  obj.finalized = true;
  obj.rc++; // keep it alive while __del__ runs
  try {
    rt.decref(callMethod0(rt, del, obj));
  } catch (e) {
    if (!(e instanceof PyBaseException)) throw e;
    // CPython prints "Exception ignored in: ..." and carries on.
    rt.stderr.push(`Exception ignored in: <function ${obj.cls.qualname}.__del__>\n`);
    rt.decref(e);
  }
  obj.rc--;
}
