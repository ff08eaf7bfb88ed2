/*
 * The `gc` module over the runtime's cycle collector (runtime/gc.ts), with
 * CPython 3.11's argument checks and messages.
 */

import { PyObject, type PyValue } from '../runtime/object';
import type { Runtime } from '../runtime/runtime';
import { moduleFunction } from '../runtime/builtin-function';
import { PyModule, PyInstance } from '../runtime/instance';
import { E, raise, PyBaseException } from '../runtime/types/exceptions';
import { newList, PyList } from '../runtime/types/list';
import { newTuple, PyTuple } from '../runtime/types/tuple';
import { newDict, dictSet, PyDict, origKey } from '../runtime/types/dict';
import { None } from '../runtime/types/singletons';
import { PySet } from '../runtime/types/set';
import { bindArgs } from '../runtime/types/args';
import { needIndex } from '../runtime/types/ops';
import { addressOf } from '../runtime/types/repr';
import type { NativeFn } from '../runtime/object';

function noArgs(name: string, fn: (rt: Runtime) => PyValue): NativeFn {
  return (rt, a) => {
    if (a.length !== 0) raise(rt, E.TypeError, `gc.${name}() takes no arguments (${a.length} given)`);
    return fn(rt);
  };
}

/** What tp_traverse visits, in CPython's order (lists from the end, dicts value before key). */
function referents(o: PyValue): PyValue[] {
  if (typeof o !== 'object') return [];
  if (o instanceof PyList || o instanceof PyTuple) return o.items.slice().reverse();
  if (o instanceof PySet) return [...o.map.values()];
  if (o instanceof PyDict) {
    const out: PyValue[] = [];
    for (const [nk, v] of o.map) {
      out.push(v);
      if (!o.unicodeKeys) out.push(origKey(o, nk));
    }
    return out;
  }
  const out: PyValue[] = [];
  if (o instanceof PyInstance) {
    for (const v of o.ownValues()) out.push(v);
    out.push(o.cls);
    return out;
  }
  o.traverse((v) => out.push(v));
  return out;
}

export function makeGc(rt: Runtime): PyModule {
  const gc = rt.gc;
  const garbage = newList(rt, []);
  const callbacks = newList(rt, []);
  gc.callbackHook = (phase, rec) => {
    if (callbacks.items.length === 0) return;
    const info = newDict(rt);
    dictSet(rt, info, 'generation', rec.generation);
    dictSet(rt, info, 'collected', rec.collected);
    dictSet(rt, info, 'uncollectable', rec.uncollectable);
    try {
      for (const cb of callbacks.items.slice()) {
        try {
          rt.decref(rt.call(cb, [phase, info]));
        } catch (e) {
          if (!(e instanceof PyBaseException)) throw e;
          rt.stderr.push(`Exception ignored in: ${typeof cb === 'object' ? `<${cb.cls.name} object at ${addressOf(cb)}>` : String(cb)}\n${e.cls.name}\n`);
          rt.decref(e);
        }
      }
    } finally {
      rt.decref(info);
    }
  };
  const f = (name: string, fn: NativeFn): [string, PyValue] => [name, moduleFunction(name, fn)];
  const m = new PyModule('gc', new Map<string, PyValue>([
    f('collect', (r, a, kw) => {
      const [g] = bindArgs(r, 'collect', a, kw, ['generation'], 0);
      const gen = g === undefined ? 2 : needIndex(r, g);
      if (gen < 0 || gen > 2) raise(r, E.ValueError, 'invalid generation');
      return gc.collectWithCallbacks(gen);
    }),
    f('enable', noArgs('enable', () => { gc.enabled = true; return None; })),
    f('disable', noArgs('disable', () => { gc.enabled = false; return None; })),
    f('isenabled', noArgs('isenabled', () => gc.enabled)),
    f('get_count', noArgs('get_count', (r) => newTuple(r, gc.counts.slice()))),
    f('get_threshold', noArgs('get_threshold', (r) => newTuple(r, gc.thresholds.slice()))),
    f('set_threshold', (r, a, kw) => {
      if (kw !== null && kw.length > 0) raise(r, E.TypeError, 'set_threshold() takes no keyword arguments');
      if (a.length === 0) raise(r, E.TypeError, 'set_threshold() takes at least 1 argument (0 given)');
      if (a.length > 3) raise(r, E.TypeError, `set_threshold() takes at most 3 arguments (${a.length} given)`);
      const t = a.map((v) => needIndex(r, v));
      for (let i = 0; i < t.length; i++) gc.thresholds[i] = t[i];
      return None;
    }),
    f('is_tracked', (r, a) => {
      if (a.length !== 1) raise(r, E.TypeError, `gc.is_tracked() takes exactly one argument (${a.length} given)`);
      return gc.isTracked(a[0]);
    }),
    f('get_referents', (r, a) => {
      const out: PyValue[] = [];
      for (const o of a) for (const v of referents(o)) { r.incref(v); out.push(v); }
      return newList(r, out);
    }),
    f('get_referrers', (r, a) => {
      const targets = new Set<PyValue>(a.filter((v) => typeof v === 'object'));
      const out: PyValue[] = [];
      for (const o of r.liveObjects()) {
        if (!(o instanceof PyObject) || o.gcGen < 0 || o === garbage || o === callbacks) continue;
        let hit = false;
        o.traverse((v) => { if (targets.has(v)) hit = true; });
        if (hit) { o.rc++; out.push(o); }
      }
      return newList(r, out);
    }),
    ['garbage', garbage],
    ['callbacks', callbacks],
  ]));
  m.rc = 1 << 30;
  return m;
}
