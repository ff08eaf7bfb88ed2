/*
 * The `_thread` module: what threading.py (src/vm/lib/threading.ts) is
 * built on, as in CPython. Locks are native; a blocking acquire, a join and
 * time.sleep block the calling thread through the scheduler (the GIL goes to
 * another thread) and the call returns when the thread is woken.
 */

import { PyObject, PyType, type PyValue } from '../runtime/object';
import type { Runtime } from '../runtime/runtime';
import { T, defineMethods } from '../runtime/builtin-types';
import { moduleFunction } from '../runtime/builtin-function';
import { PyModule } from '../runtime/instance';
import { E, raise } from '../runtime/types/exceptions';
import { PyFloat } from '../runtime/types/float';
import { PyTuple } from '../runtime/types/tuple';
import { PyDict } from '../runtime/types/dict';
import { None } from '../runtime/types/singletons';
import { addressOf } from '../runtime/types/repr';
import { typeOf } from '../runtime/types/typeof';
import { Frame, ThreadState } from './frame';
import type { Interpreter } from './interpreter';
import type { Scheduler } from './scheduler';

export const LockType = new PyType(T.type, 'lock', T.object, false);
LockType.module = '_thread';
LockType.rc = 1 << 30;

export class PyLock extends PyObject {
  get cls(): PyType { return LockType; }
  owner: ThreadState | null = null;
  locked = false;
  /** Threads blocked in acquire, first come first served. */
  readonly waiters: ThreadState[] = [];
  sizeOf(): number { return 40; }
}

/** Seconds from a float or int argument. */
function secondsOf(rt: Runtime, v: PyValue | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof PyFloat) return v.v;
  if (v === None) return dflt;
  raise(rt, E.TypeError, `'${typeOf(v).name}' object cannot be interpreted as an integer`);
}

/** Per session: the scheduler that owns the threads. */
const schedulers = new WeakMap<Runtime, { interp: Interpreter; scheduler: Scheduler }>();

export function attachScheduler(rt: Runtime, interp: Interpreter, scheduler: Scheduler): void {
  schedulers.set(rt, { interp, scheduler });
}

function session(rt: Runtime): { interp: Interpreter; scheduler: Scheduler } {
  const s = schedulers.get(rt);
  if (s === undefined) throw new Error('_thread: no scheduler attached');
  return s;
}

/** Block the calling thread; false when it cannot (inside a nested run), so the caller decides. */
function block(rt: Runtime, wait: Parameters<Interpreter['block']>[0]): boolean {
  return session(rt).interp.block(wait);
}

function acquire(rt: Runtime, lock: PyLock, blocking: boolean, timeout: number): PyValue {
  const { interp } = session(rt);
  const me = interp.thread;
  if (!lock.locked) { lock.locked = true; lock.owner = me; return true; }
  if (!blocking) return false;
  const deadline = timeout < 0 ? Infinity : interp.now() + timeout;
  const ok = block(rt, {
    kind: 'lock', what: `lock ${addressOf(lock)}`, deadline,
    // release() hands the lock straight to the first waiter, so waking means it is ours.
    onWake: (timedOut) => !timedOut,
    cancel: () => { const i = lock.waiters.indexOf(me); if (i >= 0) lock.waiters.splice(i, 1); },
    holder: () => lock.owner,
  });
  if (!ok) {
    if (timeout >= 0) return false;
    raise(rt, E.RuntimeError, 'minipy cannot wait for a lock here (inside __del__, a callback or code run by a built-in function)');
  }
  lock.waiters.push(me);
  return true;
}

function release(rt: Runtime, lock: PyLock): void {
  if (!lock.locked) raise(rt, E.RuntimeError, 'release unlocked lock');
  const next = lock.waiters.shift();
  if (next === undefined) { lock.locked = false; lock.owner = null; return; }
  lock.owner = next;
  session(rt).scheduler.wake(next, false);
}

defineMethods(LockType, {
  acquire: (rt, a, kw) => {
    const nkw = kw?.length ?? 0;
    const pos = a.slice(1, a.length - nkw);
    let blocking: PyValue | undefined = pos[0];
    let timeout: PyValue | undefined = pos[1];
    for (let i = 0; i < nkw; i++) {
      const k = (kw as readonly string[])[i];
      if (k === 'blocking') blocking = a[a.length - nkw + i];
      else if (k === 'timeout') timeout = a[a.length - nkw + i];
      else raise(rt, E.TypeError, `acquire() got an unexpected keyword argument '${k}'`);
    }
    const b = blocking === undefined ? true : blocking !== false && blocking !== 0 && blocking !== None;
    const t = secondsOf(rt, timeout, -1);
    if (!b && t !== -1) raise(rt, E.ValueError, "can't specify a timeout for a non-blocking call");
    if (t < 0 && t !== -1) raise(rt, E.ValueError, 'timeout value must be positive');
    return acquire(rt, a[0] as PyLock, b, t);
  },
  release: (rt, a) => { release(rt, a[0] as PyLock); return None; },
  locked: (_rt, a) => (a[0] as PyLock).locked,
  __enter__: (rt, a) => acquire(rt, a[0] as PyLock, true, -1),
  __exit__: (rt, a) => { release(rt, a[0] as PyLock); return false; },
  __repr__: (_rt, a) => `<${(a[0] as PyLock).locked ? 'locked' : 'unlocked'} _thread.lock object at ${addressOf(a[0] as PyLock)}>`,
});

export function makeThreadModule(rt: Runtime): PyModule {
  const f = (name: string, fn: Parameters<typeof moduleFunction>[1]): [string, PyValue] => [name, moduleFunction(name, fn)];
  const m = new PyModule('_thread', new Map<string, PyValue>([
    ['LockType', LockType],
    f('allocate_lock', (r) => { const l = r.track(new PyLock()); l.rc = 1; return l; }),
    f('get_ident', (r) => session(r).interp.thread.ident),
    f('_set_name', (r, a) => { session(r).interp.thread.name = String(a[0]); return None; }),
    f('_main_ident', (r) => session(r).interp.threads[0].ident),
    f('_count', (r) => session(r).interp.threads.filter((t) => t.state !== 'finished').length),
    // start_new_thread(function, args[, kwargs[, daemon]]): the new thread waits for the GIL.
    f('start_new_thread', (r, a) => {
      const [fn, args, kwargs, daemon] = a;
      if (!(args instanceof PyTuple)) raise(r, E.TypeError, '2nd arg must be a tuple');
      const { interp, scheduler } = session(r);
      const th = new ThreadState(interp.threads.length + 1, `Thread-${interp.threads.length}`);
      th.daemon = daemon === true;
      const callArgs = args.items.slice();
      let names: string[] | null = null;
      if (kwargs instanceof PyDict && kwargs.map.size > 0) {
        names = [];
        for (const [k, v] of kwargs.map) { names.push(String(k)); callArgs.push(v); }
      }
      for (const v of callArgs) r.incref(v);
      const frame = interp.callValue(fn, callArgs, names);
      if (!(frame instanceof Frame)) {
        // A built-in callable ran at once, on the starting thread: nothing is left to run.
        r.decref(frame);
        return th.ident;
      }
      frame.depth = 1;
      th.frame = frame;
      th.depth = 1;
      interp.threads.push(th);
      // What the new thread can share with the others: the module's globals and what it was given.
      let bottom = interp.thread.frame;
      while (bottom !== null && bottom.back !== null) bottom = bottom.back;
      const shared: PyValue[] = [fn, ...args.items];
      if (bottom !== null) shared.push(bottom.globals);
      scheduler.started(th, shared);
      return th.ident;
    }),
    // _join(ident, timeout): True once that thread has finished, False if the timeout came first.
    f('_join', (r, a) => {
      const { interp } = session(r);
      const target = interp.threads.find((t) => t.ident === a[0]);
      if (target === undefined || target.state === 'finished') return true;
      const timeout = secondsOf(r, a[1], -1);
      if (timeout === 0) return false;
      const ok = block(r, {
        kind: 'join', what: `${target.name} to finish (join)`, deadline: timeout < 0 ? Infinity : interp.now() + timeout,
        onWake: (timedOut) => !timedOut, holder: () => target,
      });
      if (!ok) raise(r, E.RuntimeError, 'minipy cannot wait for a thread here (inside __del__, a callback or code run by a built-in function)');
      return true;
    }),
    f('_is_finished', (r, a) => session(r).interp.threads.find((t) => t.ident === a[0])?.state === 'finished'),
  ]));
  m.rc = 1 << 30;
  void rt;
  return m;
}

/** time.sleep on the calling thread: it sleeps (the GIL goes elsewhere) until the clock has moved on by `s`. */
export function sleepThread(rt: Runtime, s: number): void {
  const { interp } = session(rt);
  const ok = block(rt, { kind: 'sleep', what: `time.sleep(${s})`, deadline: interp.now() + s, onWake: () => None });
  if (!ok) interp.advanceClock(s);
}

