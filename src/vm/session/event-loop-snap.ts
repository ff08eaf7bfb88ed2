/*
 * The asyncio event loop as plain data for the snapshot, read from the
 * Python objects of minipy's asyncio module (src/vm/lib/asyncio.ts): the
 * ready queue in order, the timers, and every live task with its
 * coroutine's state and the line of the await it is suspended at.
 */

import type { PyObject, PyValue } from '../runtime/object';
import { PyInstance, PyModule } from '../runtime/instance';
import { PyMethod, PyFunction } from '../runtime/function';
import { PyList } from '../runtime/types/list';
import { PyDict } from '../runtime/types/dict';
import { PyFloat } from '../runtime/types/float';
import { PyWeakRef } from '../runtime/weakref';
import { PyGenerator } from '../interp/generator';
import type { Program } from '../index';
import type { CoroutineState, EventLoopSnap, TaskSnap } from '../snapshot-types';

function attr(o: PyValue | undefined, name: string): PyValue | undefined {
  return o instanceof PyInstance ? o.getOwn(name) : undefined;
}

function num(v: PyValue | undefined): number {
  return typeof v === 'number' ? v : v instanceof PyFloat ? v.v : 0;
}

function isTask(o: PyValue | undefined): o is PyInstance {
  return o instanceof PyInstance && o.cls.mro.some((t) => t.name === 'Task');
}

/** A callback in words: "Task-2._step", "_set_result_unless_cancelled". */
function describe(cb: PyValue | undefined): string {
  if (cb instanceof PyMethod) {
    const self = cb.self;
    const owner = isTask(self) ? String(attr(self, '_name') ?? 'Task') : self instanceof PyInstance ? self.cls.name : '?';
    const fn = cb.func instanceof PyFunction ? cb.func.name : '?';
    return `${owner}.${fn}`;
  }
  if (cb instanceof PyFunction) return cb.qualname;
  return typeof cb === 'object' ? cb.cls.name : String(cb);
}

/** The deepest coroutine a task's coroutine awaits through, leaving out Future.__await__ (the future itself is named apart). */
function innermost(g: PyGenerator): PyGenerator {
  let found = g;
  let cur = g;
  for (let i = 0; i < 100; i++) {
    const next = cur.yieldFrom();
    if (!(next instanceof PyGenerator)) break;
    cur = next;
    if (cur.name !== '__await__') found = cur;
  }
  return found;
}

/** The line of the await in user code where a task's coroutine chain is suspended. */
function awaitLine(g: PyGenerator, filename: string): number | undefined {
  let line: number | undefined;
  let cur: PyGenerator | null = g;
  for (let i = 0; cur !== null && i < 100; i++) {
    if (cur.frame !== null && cur.frame.code.co_filename === filename) line = cur.frame.currentLine();
    const next: PyValue | null = cur.yieldFrom();
    cur = next instanceof PyGenerator ? next : null;
  }
  return line;
}

function taskSnap(task: PyInstance, current: PyValue | undefined, filename: string): TaskSnap {
  const coro = attr(task, '_coro');
  const state = String(attr(task, '_state') ?? 'PENDING');
  const snap: TaskSnap = {
    id: task.oid,
    name: String(attr(task, '_name') ?? 'Task'),
    state: task === current ? 'running' : state === 'FINISHED' ? 'done' : state === 'CANCELLED' ? 'cancelled' : 'pending',
  };
  if (coro instanceof PyGenerator) {
    snap.coroId = coro.oid;
    snap.coroState = coro.state.replace('GEN_', 'CORO_') as CoroutineState;
    if (coro.state === 'GEN_SUSPENDED') {
      const waiter = attr(task, '_fut_waiter');
      const inner = innermost(coro);
      const on = isTask(waiter) ? String(attr(waiter, '_name')) : waiter instanceof PyInstance ? (waiter.cls.name === '_GatheringFuture' ? 'gather()' : 'a Future') : 'the next loop turn';
      snap.awaiting = inner !== coro ? `${inner.qualname}(): ${on}` : on;
      snap.line = awaitLine(coro, filename);
    }
  }
  return snap;
}

export function eventLoopSnap(prog: Program): EventLoopSnap | undefined {
  const mod = prog.loadedModule('asyncio');
  if (!(mod instanceof PyModule)) return undefined;
  const running = mod.dict.get('_running_loop');
  const refs = mod.dict.get('_task_refs');
  const loop = running instanceof PyInstance ? running : undefined;
  const tasks: TaskSnap[] = [];
  const currents = mod.dict.get('_current_tasks');
  let current: PyValue | undefined;
  if (currents instanceof PyDict && loop !== undefined) {
    for (const [k, v] of currents.map) if (k === loop) current = v;
  }
  if (refs instanceof PyList) {
    for (const r of refs.items) {
      const t = r instanceof PyWeakRef ? r.referent : null;
      if (isTask(t as PyObject | undefined)) tasks.push(taskSnap(t as PyInstance, current, prog.filename));
    }
  }
  if (loop === undefined && tasks.length === 0) return undefined;
  const ready: string[] = [];
  const readyList = attr(loop, '_ready');
  if (readyList instanceof PyList) {
    for (const h of readyList.items.slice(num(attr(loop, '_ready_head')))) {
      if (h instanceof PyInstance && attr(h, '_cancelled') !== true) ready.push(describe(attr(h, '_callback')));
    }
  }
  const timers: EventLoopSnap['timers'] = [];
  const heap = attr(loop, '_scheduled');
  if (heap instanceof PyList) {
    for (const h of heap.items) {
      if (h instanceof PyInstance && attr(h, '_cancelled') !== true) timers.push({ when: num(attr(h, '_when')), what: describe(attr(h, '_callback')) });
    }
    timers.sort((a, b) => a.when - b.when);
  }
  return {
    running: loop !== undefined, time: prog.interp.now(), ready, timers, tasks,
    currentTask: current instanceof PyInstance ? current.oid : undefined,
  };
}
