/*
 * The builtins the interpreter itself provides on top of the types module's:
 * __build_class__ (a class body runs as a function over a fresh namespace),
 * super (zero-argument form through the __class__ cell), property,
 * staticmethod, classmethod, the `sys` and `dis` modules, and the hooks the
 * types module needs (attribute protocol, stderr). Everything outside the
 * language (open, eval, exec, input...) raises a clear error naming it.
 */

import { PyType, type NativeFn, type PyValue } from '../runtime/object';
import type { Runtime } from '../runtime/runtime';
import { T, defineMethods } from '../runtime/builtin-types';
import { PyBuiltinFunction, moduleFunction } from '../runtime/builtin-function';
import { makeInspect } from './inspect-module';
import { makeGc } from './gc-module';
import { makeWeakref } from './weakref-module';
import { makeTime, makeClockModule } from './time-module';
import { makeThreadModule } from './thread-module';
import { makeMultiprocessingNative } from './mp-module';
import { PyCell, PyFunction } from '../runtime/function';
import { PyModule, PyProperty, PyStaticMethod, PyClassMethod, PySuper, newClass } from '../runtime/instance';
import { getAttr, setAttr, delAttr, finalize } from '../runtime/attributes';
import { builtinNamespace } from '../runtime/types/builtins-functions';
import { hooks } from '../runtime/types/hooks';
import { None } from '../runtime/types/singletons';
import { PyDict, newDict, dictSet } from '../runtime/types/dict';
import { newList } from '../runtime/types/list';
import { newTuple } from '../runtime/types/tuple';
import { E, raise } from '../runtime/types/exceptions';
import { sizeof } from '../runtime/types/sizeof';
import { newFloat } from '../runtime/types/float';
import { addressOf } from '../runtime/types/repr';
import { disassemble } from '../bytecode/dis';
import { Frame, bindCells } from './frame';
import { PyGenerator, throwArgument } from './generator';
import { PyIter } from '../runtime/types/iterators';
import type { Interpreter } from './interpreter';

function incref(v: PyValue): PyValue {
  if (typeof v === 'object') v.rc++;
  return v;
}

const native = moduleFunction;

const NOT_SUPPORTED: Record<string, string> = {
  open: 'open() is not supported in minipy: programs cannot touch real files',
  eval: 'eval() is not supported in minipy',
  exec: 'exec() is not supported in minipy',
  compile: 'compile() is not supported in minipy',
  __import__: '__import__() is not supported in minipy',
};

let typesWired = false;

/** Install the hooks and native methods that do not depend on a session (once per process). */
function wireTypes(): void {
  if (typesWired) return;
  typesWired = true;
  hooks.getAttr = getAttr;
  hooks.setAttr = setAttr;
  hooks.delAttr = delAttr;
  hooks.isStderr = (_rt, file) => file instanceof PyModule && file.name === 'sys.stderr';
  defineMethods(T.function, {
    __repr__: (_rt, a) => `<function ${(a[0] as PyFunction).qualname} at ${addressOf(a[0] as PyFunction)}>`,
  });
  const resumable = {
    __repr__: (_rt: Runtime, a: PyValue[]) => `<${(a[0] as PyGenerator).kind()} object ${(a[0] as PyGenerator).qualname} at ${addressOf(a[0] as PyGenerator)}>`,
    send: (rt, a) => {
      const g = a[0] as PyGenerator;
      if (a.length !== 2) raise(rt, E.TypeError, `${g.kind()}.send() takes exactly one argument (${a.length - 1} given)`);
      return g.reportNext(rt, g.resume(rt, a[1], null));
    },
    throw: (rt, a) => {
      const g = a[0] as PyGenerator;
      if (a.length < 2 || a.length > 4) raise(rt, E.TypeError, `throw expected at least 1 argument, got ${a.length - 1}`);
      return g.throwIn(rt, throwArgument(rt, a[1], a[2]));
    },
    close: (rt, a) => {
      if (a.length !== 1) raise(rt, E.TypeError, `${(a[0] as PyGenerator).kind()}.close() takes no arguments (${a.length - 1} given)`);
      return (a[0] as PyGenerator).close(rt);
    },
  } satisfies Record<string, NativeFn>;
  defineMethods(T.generator, {
    ...resumable,
    __iter__: (_rt, a) => incref(a[0]),
    __next__: (rt, a) => {
      const g = a[0] as PyGenerator;
      return g.reportNext(rt, g.resume(rt, None, null));
    },
  });
  defineMethods(T.coroutine, {
    ...resumable,
    // coroutine.__await__(): CPython returns a coroutine_wrapper iterating the coroutine; the coroutine itself does that here.
    __await__: (_rt, a) => incref(a[0]),
  });
  // The built-in iterators' own __iter__ and __next__ (it.__next__ is a bound method a program can pass around).
  for (const t of [T.list_iterator, T.list_reverseiterator, T.tuple_iterator, T.range_iterator, T.str_iterator, T.str_ascii_iterator,
    T.set_iterator, T.dict_keyiterator, T.dict_valueiterator, T.dict_itemiterator, T.enumerate, T.zip, T.map, T.filter,
    T.reversed, T.iterator, T.callable_iterator]) {
    if (t.dict.has('__next__')) continue;
    defineMethods(t, {
      __iter__: (_rt, a) => incref(a[0]),
      __next__: (rt, a) => {
        const v = (a[0] as PyIter).next(rt);
        if (v === undefined) raise(rt, E.StopIteration);
        return v;
      },
    });
  }
  defineMethods(T.object, {
    __init__: (rt, a) => {
      if (a.length > 1) raise(rt, E.TypeError, 'object.__init__() takes exactly one argument (the instance to initialize)');
      return None;
    },
  });
  defineMethods(E.BaseException, {
    // BaseException.__init__ replaces .args with its arguments (super().__init__(msg)).
    __init__: (rt, a) => {
      const e = a[0] as unknown as { args: PyValue };
      const old = e.args;
      const items = a.slice(1);
      for (const x of items) incref(x);
      e.args = newTuple(rt, items);
      rt.decref(old);
      return None;
    },
  });
}

/** The builtins dict of a session. */
export function makeBuiltins(rt: Runtime, interp: () => Interpreter): PyDict {
  wireTypes();
  const d = newDict(rt);
  for (const [k, v] of Object.entries(builtinNamespace())) dictSet(rt, d, k, v);
  const add = (name: string, fn: NativeFn) => dictSet(rt, d, name, native(name, fn));
  for (const [name, msg] of Object.entries(NOT_SUPPORTED)) add(name, (r) => raise(r, E.NotImplementedError, msg));

  add('__build_class__', (r, args, kw) => {
    if (kw !== null && kw.length > 0) raise(r, E.TypeError, 'minipy does not support class keywords (metaclasses are outside the language)');
    const body = args[0] as PyFunction;
    const name = args[1] as string;
    if (args.length > 3) raise(r, E.TypeError, 'minipy supports single inheritance only: a class may have one base');
    const base = args.length === 3 ? args[2] : T.object;
    if (!(base instanceof PyType)) raise(r, E.TypeError, 'bases must be types');
    const ns = newDict(r);
    const it = interp();
    const f = new Frame(body.code, body, body.consts, body.globals, it.builtins, ns);
    body.rc++;
    ns.rc++;
    bindCells(body.closure, f.lp);
    const result = it.runNested(f);
    const map = new Map<string, PyValue>();
    for (const [k, v] of ns.map) { if (typeof k === 'string' && k !== '__classcell__') { incref(v); map.set(k, v); } }
    const qual = map.get('__qualname__');
    const mod = map.get('__module__');
    const cls = newClass(r, name, typeof qual === 'string' ? qual : name, base, map, typeof mod === 'string' ? mod : '__main__');
    if (result instanceof PyCell) {
      cls.rc++;
      const old = result.value;
      result.value = cls;
      if (old !== undefined) r.decref(old);
    }
    r.decref(result);
    r.decref(ns);
    if (typeof base === 'object') void 0;
    return cls;
  });

  add('vars', (r, args) => {
    if (args.length !== 1) raise(r, E.TypeError, 'minipy supports vars(object) with one argument');
    try {
      return getAttr(r, args[0], '__dict__');
    } catch (e) {
      r.decref(e as PyValue);
      raise(r, E.TypeError, 'vars() argument must have __dict__ attribute');
    }
  });
  add('super', (r, args) => {
    let thisClass: PyValue;
    let obj: PyValue;
    if (args.length === 2) {
      thisClass = args[0]; obj = args[1];
    } else if (args.length === 0) {
      const f = interp().thread.frame;
      if (f === null || f.func === null) raise(r, E.RuntimeError, 'super(): no arguments');
      const idx = f.code.co_localsplusnames.indexOf('__class__');
      const cell = idx >= 0 ? f.lp[idx] : undefined;
      if (!(cell instanceof PyCell) || cell.value === undefined) raise(r, E.RuntimeError, 'super(): __class__ cell not found');
      thisClass = cell.value;
      if (f.code.co_argcount === 0 || f.lp[0] === undefined) raise(r, E.RuntimeError, 'super(): no arguments');
      obj = f.lp[0] as PyValue;
      if (obj instanceof PyCell) obj = obj.value as PyValue;
    } else {
      raise(r, E.TypeError, 'super() takes 0 or 2 arguments');
    }
    if (!(thisClass instanceof PyType)) raise(r, E.TypeError, 'super() argument 1 must be a type');
    thisClass.rc++;
    incref(obj);
    const s = r.track(new PySuper(thisClass, obj));
    s.rc = 1;
    return s;
  });

  const descriptor = (name: string, make: (fn: PyValue) => PyStaticMethod | PyClassMethod) =>
    dictSet(rt, d, name, typeLike(name, (r, args) => {
      incref(args[0]);
      const o = r.track(make(args[0]));
      o.rc = 1;
      return o;
    }));
  descriptor('staticmethod', (fn) => new PyStaticMethod(fn));
  descriptor('classmethod', (fn) => new PyClassMethod(fn));
  T.property.construct = (r, args, kw) => {
    const slots: PyValue[] = [None, None, None, None];
    const names = ['fget', 'fset', 'fdel', 'doc'];
    const npos = args.length - (kw?.length ?? 0);
    for (let i = 0; i < npos; i++) slots[i] = args[i];
    kw?.forEach((k, j) => { slots[names.indexOf(k)] = args[npos + j]; });
    for (const s of slots) incref(s);
    const p = r.track(new PyProperty(slots[0], slots[1], slots[2], slots[3]));
    p.rc = 1;
    return p;
  };
  defineMethods(T.property, {
    setter: (r, a) => { const p = a[0] as PyProperty; return T.property.construct!(r, [p.fget, a[1], p.fdel, p.doc], null); },
    getter: (r, a) => { const p = a[0] as PyProperty; return T.property.construct!(r, [a[1], p.fset, p.fdel, p.doc], null); },
    deleter: (r, a) => { const p = a[0] as PyProperty; return T.property.construct!(r, [p.fget, p.fset, a[1], p.doc], null); },
  });
  dictSet(rt, d, 'property', T.property);
  return d;
}

function typeLike(name: string, construct: NativeFn): PyType {
  const t = T[name as 'staticmethod'];
  t.construct = construct;
  return t;
}

/** The built-in modules a program may import. */
export function makeModules(rt: Runtime, interp: () => Interpreter, argv: string[]): Map<string, PyValue> {
  const mods = new Map<string, PyValue>();
  const stdout = new PyModule('sys.stdout', new Map());
  const stderr = new PyModule('sys.stderr', new Map());
  stdout.rc = stderr.rc = 1 << 30;
  stdout.dict.set('write', native('write', (r, a) => { r.stdout.push(String(a[1])); return (a[1] as string).length; }));
  stderr.dict.set('write', native('write', (r, a) => { r.stderr.push(String(a[1])); return (a[1] as string).length; }));
  const sys = new Map<string, PyValue>([
    ['getrefcount', native('getrefcount', (_r, a) => (typeof a[0] === 'object' ? a[0].rc : 1 << 30))],
    ['getsizeof', native('getsizeof', (_r, a) => sizeof(a[0]))],
    ['getrecursionlimit', native('getrecursionlimit', (r) => r.options.recursionLimit)],
    ['setrecursionlimit', native('setrecursionlimit', (r, a) => {
      const n = a[0];
      if (typeof n !== 'number' || n < 1) raise(r, E.ValueError, 'recursion limit must be greater or equal than 1');
      r.options.recursionLimit = n;
      return None;
    })],
    ['getswitchinterval', native('getswitchinterval', () => newFloat(interp().switchInterval))],
    ['setswitchinterval', native('setswitchinterval', (r, a) => {
      const v = typeof a[0] === 'number' ? a[0] : (a[0] as unknown as { v: number }).v;
      if (!(v > 0)) raise(r, E.ValueError, 'switch interval must be strictly positive');
      interp().switchInterval = v;
      return None;
    })],
    ['version', '3.11.7 (minipy)'],
    ['stdout', stdout],
    ['stderr', stderr],
  ]);
  const argvList = newList(rt, argv.slice());
  sys.set('argv', argvList);
  const sysMod = new PyModule('sys', sys);
  sysMod.rc = 1 << 30;
  mods.set('sys', sysMod);
  const dis = new PyModule('dis', new Map<string, PyValue>([
    ['dis', native('dis', (r, a) => {
      const f = a[0];
      if (!(f instanceof PyFunction)) raise(r, E.TypeError, "minipy's dis.dis() takes a function");
      r.stdout.push(disassemble(f.code));
      return None;
    })],
  ]));
  dis.rc = 1 << 30;
  mods.set('dis', dis);
  mods.set('inspect', makeInspect());
  mods.set('gc', makeGc(rt));
  mods.set('weakref', makeWeakref(rt));
  mods.set('time', makeTime(interp));
  mods.set('_minipy', makeClockModule(interp));
  mods.set('_thread', makeThreadModule(rt));
  mods.set('_multiprocessing', makeMultiprocessingNative(interp));
  void interp;
  return mods;
}

export { finalize };
