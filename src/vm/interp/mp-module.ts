/*
 * The native `_multiprocessing` module that multiprocessing.py (src/vm/lib)
 * is written over. The processes themselves belong to the machine
 * (src/vm/machine.ts); this module reaches it through the host the program
 * registers for its runtime, and blocks the calling thread while it waits.
 */

import type { PyValue } from '../runtime/object';
import type { Runtime } from '../runtime/runtime';
import { moduleFunction } from '../runtime/builtin-function';
import { PyModule } from '../runtime/instance';
import { E, raise } from '../runtime/types/exceptions';
import { newTuple } from '../runtime/types/tuple';
import { PyFloat } from '../runtime/types/float';
import { None } from '../runtime/types/singletons';
import type { Interpreter } from './interpreter';
import type { ThreadState } from './frame';

/** What a program offers its `_multiprocessing` module (implemented next to the machine). */
export interface ProcessHost {
  spawn(target: PyValue, args: PyValue, name: string, daemon: boolean): number;
  /** True when the caller must wait (it will be woken when the child ends). */
  join(pid: number): boolean;
  exitcode(pid: number): number | null;
  newQueue(): number;
  put(qid: number, item: PyValue): void;
  /** An item (new reference), or undefined: then, if `block`, the caller waits and `received` gives the item. */
  get(qid: number, block: boolean): PyValue | undefined;
  /**
   * Inside a nested run (a generator fed to sorted(), a callback) the thread
   * cannot stop: the other processes run until `ready` holds. False if they
   * never can (a deadlock).
   */
  waitNested(ready: () => boolean): boolean;
  /** What a waiting get receives, once woken (a new reference). */
  received(thread: ThreadState): PyValue;
  qsize(qid: number): number;
  currentName(): string;
  pid(): number;
  cores(): number;
}

const hosts = new WeakMap<Runtime, ProcessHost>();

export function attachProcessHost(rt: Runtime, host: ProcessHost): void {
  hosts.set(rt, host);
}

function host(rt: Runtime): ProcessHost {
  const h = hosts.get(rt);
  if (h === undefined) throw new Error('_multiprocessing: no process host');
  return h;
}

export function makeMultiprocessingNative(interp: () => Interpreter): PyModule {
  const f = (name: string, fn: Parameters<typeof moduleFunction>[1]): [string, PyValue] => [name, moduleFunction(name, fn)];
  const m = new PyModule('_multiprocessing', new Map<string, PyValue>([
    f('spawn', (rt, a) => host(rt).spawn(a[0], a[1], String(a[2]), a[3] === true)),
    f('join', (rt, a) => {
      const pid = Number(a[0]);
      const timeout = typeof a[1] === 'number' ? a[1] : a[1] instanceof PyFloat ? a[1].v : -1;
      const h = host(rt);
      const it = interp();
      if (!it.canBlock()) {
        if (h.exitcode(pid) === null && !h.waitNested(() => h.exitcode(pid) !== null)) raise(rt, E.RuntimeError, `deadlock: process ${pid} never ends`);
        h.join(pid); // moves this process's clock up to the child's end
        return None;
      }
      if (!h.join(pid)) return None;
      const ok = it.block({
        kind: 'process', external: true, what: `process ${pid} to end (join)`,
        deadline: timeout < 0 ? Infinity : it.now() + timeout, onWake: () => None,
      });
      if (!ok) raise(rt, E.RuntimeError, 'minipy cannot wait for a process here (inside __del__, a callback or code run by a built-in function)');
      return None;
    }),
    f('exitcode', (rt, a) => host(rt).exitcode(Number(a[0])) ?? None),
    f('queue_new', (rt) => host(rt).newQueue()),
    f('queue_put', (rt, a) => { host(rt).put(Number(a[0]), a[1]); return None; }),
    f('queue_get', (rt, a) => {
      const h = host(rt);
      const block = a[1] !== false;
      const it = interp();
      const qid = Number(a[0]);
      if (block && !it.canBlock()) {
        if (h.qsize(qid) === 0 && !h.waitNested(() => h.qsize(qid) > 0)) raise(rt, E.RuntimeError, 'deadlock: nothing will ever be put in this multiprocessing.Queue');
        return newTuple(rt, [true, h.get(qid, false) as PyValue]);
      }
      const v = h.get(qid, block);
      if (v !== undefined) return newTuple(rt, [true, v]);
      if (!block) return newTuple(rt, [false, None]);
      const me = it.thread;
      const ok = it.block({
        kind: 'queue', external: true, what: 'an item in a multiprocessing.Queue', deadline: Infinity,
        onWake: () => newTuple(rt, [true, h.received(me)]),
      });
      if (!ok) raise(rt, E.RuntimeError, 'minipy cannot wait for a queue here (inside __del__, a callback or code run by a built-in function)');
      return None;
    }),
    f('queue_qsize', (rt, a) => host(rt).qsize(Number(a[0]))),
    f('current_name', (rt) => host(rt).currentName()),
    f('pid', (rt) => host(rt).pid()),
    f('cpu_count', (rt) => host(rt).cores()),
  ]));
  m.rc = 1 << 30;
  return m;
}
