/*
 * What crosses between processes (a Process's target and args, a Queue's
 * items) is copied as pickle would: built-in values by value, functions and
 * classes by reference to their module and qualified name (looked up again
 * in the receiving process), instances as their class plus their attributes.
 * A pickled value is plain JS data, so two runtimes never share an object.
 */

import { PyType, type PyValue } from '../runtime/object';
import type { Runtime } from '../runtime/runtime';
import { PyList, newList } from '../runtime/types/list';
import { PyTuple, newTuple } from '../runtime/types/tuple';
import { PyDict, newDict, dictSet, origKey } from '../runtime/types/dict';
import { PySet, newSet, setAdd } from '../runtime/types/set';
import { PyFloat, newFloat } from '../runtime/types/float';
import { PyInstance } from '../runtime/instance';
import { PyFunction } from '../runtime/function';
import { PyBaseException, E, raise, excConstruct } from '../runtime/types/exceptions';
import { None } from '../runtime/types/singletons';
import { typeOf } from '../runtime/types/typeof';
import { addressOf } from '../runtime/types/repr';

export type Pickled =
  | { t: 'atom'; v: number | bigint | boolean | string }
  | { t: 'none' }
  | { t: 'float'; v: number }
  | { t: 'list' | 'tuple' | 'set' | 'frozenset'; items: Pickled[] }
  | { t: 'dict'; items: [Pickled, Pickled][] }
  | { t: 'global'; module: string; qualname: string }
  | { t: 'instance'; cls: Pickled; attrs: [string, Pickled][] }
  | { t: 'exception'; cls: Pickled; args: Pickled[] };

/** Where the receiving process finds a module's globals by name ('__main__' is its own main module). */
export type ModuleLookup = (module: string) => Map<string, PyValue> | undefined;

/** Copy `v` out of `rt` (CPython's pickle.dumps); raises as pickle does for what cannot cross. */
export function pickle(rt: Runtime, v: PyValue, depth = 0): Pickled {
  if (depth > 200) raise(rt, E.RecursionError, 'maximum recursion depth exceeded while pickling an object');
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || typeof v === 'string') return { t: 'atom', v };
  if (v === None) return { t: 'none' };
  if (v instanceof PyFloat) return { t: 'float', v: v.v };
  if (v instanceof PyList) return { t: 'list', items: v.items.map((x) => pickle(rt, x, depth + 1)) };
  if (v instanceof PyTuple) return { t: 'tuple', items: v.items.map((x) => pickle(rt, x, depth + 1)) };
  if (v instanceof PySet) return { t: v.frozen ? 'frozenset' : 'set', items: [...v.map.values()].map((x) => pickle(rt, x, depth + 1)) };
  if (v instanceof PyDict) {
    const items: [Pickled, Pickled][] = [];
    for (const [nk, val] of v.map) items.push([pickle(rt, origKey(v, nk), depth + 1), pickle(rt, val, depth + 1)]);
    return { t: 'dict', items };
  }
  if (v instanceof PyFunction) {
    if (v.qualname.includes('<locals>')) raise(rt, E.AttributeError, `Can't pickle local object '${v.qualname}'`);
    if (v.name === '<lambda>') raise(rt, E.AttributeError, `Can't pickle <function <lambda> at ${addressOf(v)}>: attribute lookup <lambda> on __main__ failed`);
    return { t: 'global', module: moduleOf(v), qualname: v.qualname };
  }
  if (v instanceof PyType && v.heapType) return { t: 'global', module: v.module, qualname: v.qualname };
  if (v instanceof PyBaseException) {
    return { t: 'exception', cls: v.cls.heapType ? { t: 'global', module: v.cls.module, qualname: v.cls.qualname } : { t: 'atom', v: v.cls.name }, args: v.args.items.map((x) => pickle(rt, x, depth + 1)) };
  }
  if (v instanceof PyInstance) {
    return { t: 'instance', cls: { t: 'global', module: v.cls.module, qualname: v.cls.qualname }, attrs: v.ownEntries().map(([k, x]) => [k, pickle(rt, x, depth + 1)]) };
  }
  raise(rt, E.TypeError, `cannot pickle '${typeOf(v).name}' object`);
}

function moduleOf(f: PyFunction): string {
  const n = f.globals.map.get('__name__');
  return typeof n === 'string' ? n : '__main__';
}

/** Rebuild a pickled value in `rt` (a new reference), finding functions and classes through `modules`. */
export function unpickle(rt: Runtime, p: Pickled, modules: ModuleLookup): PyValue {
  switch (p.t) {
    case 'atom': return p.v;
    case 'none': return None;
    case 'float': return newFloat(p.v);
    case 'list': return newList(rt, p.items.map((x) => unpickle(rt, x, modules)));
    case 'tuple': return newTuple(rt, p.items.map((x) => unpickle(rt, x, modules)));
    case 'set': case 'frozenset': {
      const s = newSet(rt, p.t === 'frozenset');
      for (const x of p.items) { const v = unpickle(rt, x, modules); setAdd(rt, s, v); rt.decref(v); }
      return s;
    }
    case 'dict': {
      const d = newDict(rt);
      for (const [k, v] of p.items) {
        const kk = unpickle(rt, k, modules), vv = unpickle(rt, v, modules);
        dictSet(rt, d, kk, vv);
        rt.decref(kk); rt.decref(vv);
      }
      return d;
    }
    case 'global': {
      const g = lookupGlobal(rt, p.module, p.qualname, modules);
      rt.incref(g);
      return g;
    }
    case 'instance': {
      const cls = unpickle(rt, p.cls, modules);
      if (!(cls instanceof PyType)) raise(rt, E.TypeError, 'pickled class is not a class');
      const o = rt.trackInstance(new PyInstance(cls));
      o.rc = 1; // the class reference moves into the instance
      for (const [k, x] of p.attrs) o.setOwn(k, unpickle(rt, x, modules));
      return o;
    }
    case 'exception': {
      const cls = p.cls.t === 'atom' ? (E as Record<string, PyType>)[String(p.cls.v)] ?? E.Exception : unpickle(rt, p.cls, modules);
      const args = p.args.map((x) => unpickle(rt, x, modules));
      try {
        return excConstruct(rt, cls as PyType, args);
      } finally {
        for (const a of args) rt.decref(a);
        if (p.cls.t !== 'atom') rt.decref(cls as PyValue);
      }
    }
  }
}

function lookupGlobal(rt: Runtime, module: string, qualname: string, modules: ModuleLookup): PyValue {
  const ns = modules(module);
  if (ns === undefined) raise(rt, E.ModuleNotFoundError, `No module named '${module}'`);
  let cur: PyValue | undefined;
  const parts = qualname.split('.');
  cur = ns.get(parts[0]);
  for (let i = 1; i < parts.length && cur !== undefined; i++) cur = cur instanceof PyType ? cur.lookup(parts[i]) : undefined;
  if (cur === undefined) raise(rt, E.AttributeError, `Can't get attribute '${qualname}' on <module '${module}'>`);
  return cur;
}

