/*
 * Processes (multiprocessing) on simulated cores. Each process is a whole
 * Program: its own heap, objects, GIL and threads. A child starts as
 * multiprocessing's spawn method starts one (the default on macOS and
 * Windows): the main module runs again as __mp_main__, then the target runs
 * with its arguments copied in by pickle. Processes run in parallel: each
 * has its own virtual clock and the machine always advances the one furthest
 * behind, so their clocks stay together. What crosses between them (a
 * Queue's items, a child's exit) carries the sender's time; the receiver's
 * clock moves up to it.
 */

import type { PyValue } from './runtime/object';
import { PyBaseException, E, raise } from './runtime/types/exceptions';
import { None } from './runtime/types/singletons';
import type { ProcessHost } from './interp/mp-module';
import type { ThreadState } from './interp/frame';
import { pickle, unpickle, type Pickled } from './interp/pickle';
import type { ProgramOutcome } from './interp/scheduler';
import type { Program } from './index';

/** Starting a process: fork, exec and a fresh interpreter (spawn costs more on a real machine; this is kept small). */
export const SPAWN_SECONDS = 0.002;
/** Copying one pickled value between processes (the pipe and pickle's work), per item. */
const COPY_SECONDS = 2e-6;
/** Instructions a process runs before the machine looks again. */
const QUANTUM = 2000;

export interface ProcessEntry {
  pid: number;
  name: string;
  prog: Program;
  /** null while it runs. */
  exitcode: number | null;
  /** Virtual time it ended. */
  endedAt: number;
  daemon: boolean;
  idle: boolean;
}

interface Waiter { entry: ProcessEntry; thread: ThreadState }

interface Channel {
  items: { value: Pickled; time: number }[];
  getters: Waiter[];
}

export class Machine {
  readonly processes: ProcessEntry[] = [];
  private readonly channels = new Map<number, Channel>();
  private nextQueue = 1;
  private nextPid = 1;
  private mainOutcome: ProgramOutcome | null = null;
  /** Who waits for which child to end. */
  private readonly joiners = new Map<ProcessEntry, Waiter[]>();

  constructor(readonly main: Program, readonly cores: number) {
    this.processes.push({ pid: this.nextPid++, name: 'MainProcess', prog: main, exitcode: null, endedAt: 0, daemon: false, idle: false });
  }

  entryOf(prog: Program): ProcessEntry {
    return this.processes.find((p) => p.prog === prog) as ProcessEntry;
  }

  /** Start `target(*args)` (pickled by the parent) in a new process named `name`. */
  spawn(parent: Program, target: Pickled, args: Pickled, name: string, daemon: boolean, make: (pid: number) => Program): ProcessEntry {
    const pid = this.nextPid++;
    const child = make(pid);
    const entry: ProcessEntry = { pid, name, prog: child, exitcode: null, endedAt: 0, daemon, idle: false };
    this.processes.push(entry);
    child.interp.advanceClock(parent.interp.now() + SPAWN_SECONDS - child.interp.now());
    // spawn's bootstrap: the main module runs again as __mp_main__ (a guarded `if __name__ == '__main__':` skips the rest).
    child.bootstrapping = true;
    const boot = child.scheduler.run(10_000_000);
    child.bootstrapping = false;
    if (boot.kind !== 'finished') {
      this.childFailed(entry, boot.kind === 'error' ? boot.exc : null, boot.kind === 'deadlock' || boot.kind === 'fault' ? boot.report : 'the main module did not finish running in the child');
      return entry;
    }
    const rt = child.rt;
    let call;
    try {
      const fn = unpickle(rt, target, (m) => child.moduleGlobals(m));
      const a = unpickle(rt, args, (m) => child.moduleGlobals(m)) as { items?: PyValue[] };
      const items = (a.items ?? []).slice();
      for (const x of items) rt.incref(x);
      rt.decref(a as PyValue);
      call = child.interp.callValue(fn, items, null);
      rt.decref(fn);
    } catch (e) {
      if (!(e instanceof PyBaseException)) throw e;
      this.childFailed(entry, e, '');
      return entry;
    }
    if (typeof call !== 'object' || !('code' in call && 'lp' in call)) {
      // A built-in target ran at once.
      rt.decref(call as PyValue);
      this.ended(entry, 0);
      return entry;
    }
    child.scheduler.restartMain(call);
    return entry;
  }

  private childFailed(entry: ProcessEntry, exc: PyBaseException | null, why: string): void {
    const rt = this.main.rt;
    const text = exc !== null ? entry.prog.formatException(exc) : `minipy: ${why}\n`;
    rt.stderr.push(`Process ${entry.name}:\n${text}`);
    this.ended(entry, 1);
  }

  private ended(entry: ProcessEntry, code: number): void {
    entry.exitcode = code;
    entry.endedAt = entry.prog.interp.now();
    for (const w of this.joiners.get(entry) ?? []) this.wake(w, entry.endedAt, false);
    this.joiners.delete(entry);
  }

  /** Wake a thread of another process at virtual time `at` (its clock moves up to it). */
  private wake(w: Waiter, at: number, timedOut: boolean): void {
    const interp = w.entry.prog.interp;
    if (at > interp.now()) interp.advanceClock(at - interp.now());
    w.entry.idle = false;
    w.entry.prog.scheduler.wake(w.thread, timedOut);
  }

  /** Process.join(): block the calling thread until `child` ends (true), or say it already has. */
  join(caller: Program, thread: ThreadState, child: ProcessEntry): boolean {
    if (child.exitcode !== null) {
      if (child.endedAt > caller.interp.now()) caller.interp.advanceClock(child.endedAt - caller.interp.now());
      return false;
    }
    const list = this.joiners.get(child) ?? [];
    list.push({ entry: this.entryOf(caller), thread });
    this.joiners.set(child, list);
    return true;
  }

  newQueue(): number {
    const id = this.nextQueue++;
    this.channels.set(id, { items: [], getters: [] });
    return id;
  }

  private channel(id: number): Channel {
    const c = this.channels.get(id);
    if (c === undefined) throw new Error(`no queue ${id}`);
    return c;
  }

  /** Queue.put: the item is copied now; the first process waiting in get receives it. */
  put(from: Program, id: number, value: PyValue): void {
    const c = this.channel(id);
    const item = { value: pickle(from.rt, value), time: from.interp.now() + COPY_SECONDS };
    const getter = c.getters.shift();
    if (getter !== undefined) {
      pending.set(getter.thread, item);
      this.wake(getter, item.time, false);
    } else {
      c.items.push(item);
    }
  }

  /** Queue.get: an item copied into `to` (a new reference), or undefined when the caller must wait. */
  get(to: Program, thread: ThreadState, id: number, wait: boolean): PyValue | undefined {
    const c = this.channel(id);
    const item = c.items.shift();
    if (item !== undefined) {
      if (item.time > to.interp.now()) to.interp.advanceClock(item.time - to.interp.now());
      return unpickle(to.rt, item.value, (m) => to.moduleGlobals(m));
    }
    if (wait) c.getters.push({ entry: this.entryOf(to), thread });
    return undefined;
  }

  /** The value a woken getter receives (set by put), a new reference; undefined if none came. */
  takePending(to: Program, thread: ThreadState): PyValue | undefined {
    const item = pending.get(thread);
    pending.delete(thread);
    if (item === undefined) return undefined;
    return unpickle(to.rt, item.value, (m) => to.moduleGlobals(m));
  }

  qsize(id: number): number {
    return this.channel(id).items.length;
  }

  /** Instructions every process has run. */
  totalSteps(): number {
    let n = 0;
    for (const p of this.processes) n += p.prog.interp.steps;
    return n;
  }

  /**
   * Run the processes for `budget` more instructions in all, or until the
   * program is over: always the process whose clock is furthest behind.
   */
  run(budget: number): ProgramOutcome {
    const main = this.processes[0];
    const stopAt = this.totalSteps() + budget;
    for (;;) {
      const live = this.runnable(null);
      if (live.length === 0) {
        if (this.mainOutcome !== null && this.processes.every((p) => p === main || p.exitcode !== null || p.daemon)) return this.mainOutcome;
        return { kind: 'deadlock', report: this.deadlockReport() };
      }
      const left = stopAt - this.totalSteps();
      if (left <= 0) return { kind: 'budget' };
      this.advance(furthestBehind(live), Math.min(QUANTUM, left));
    }
  }

  /** Run every process but `self` (which is inside a nested run and cannot stop) until `ready` holds. */
  runOthersUntil(self: Program, ready: () => boolean): boolean {
    for (;;) {
      if (ready()) return true;
      const live = this.runnable(self);
      if (live.length === 0) return ready();
      this.advance(furthestBehind(live), QUANTUM);
    }
  }

  /** Processes that can run now: not ended, not waiting on another process, not the main one once it is done. */
  private runnable(skip: Program | null): ProcessEntry[] {
    const main = this.processes[0];
    return this.processes.filter((p) => p.prog !== skip && p.exitcode === null && !p.idle && !(p === main && this.mainOutcome !== null));
  }

  /** The process that ran last (the debugger stops where it is: a breakpoint in a child's code). */
  lastRan: ProcessEntry | null = null;

  /** The process `run` would step next (the live one furthest behind), or null when none can run. */
  nextToRun(): ProcessEntry | null {
    const live = this.runnable(null);
    return live.length === 0 ? null : furthestBehind(live);
  }

  /** Run `p` for up to `slice` instructions and record what became of it. */
  private advance(p: ProcessEntry, slice: number): void {
    this.lastRan = p;
    const out = p.prog.scheduler.run(slice);
    if (out.kind === 'budget') return;
    if (out.kind === 'idle') { p.idle = true; return; }
    if (p === this.processes[0]) {
      // multiprocessing's exit handler: the main process waits for its non-daemon children.
      this.mainOutcome = out;
      p.endedAt = p.prog.interp.now();
      return;
    }
    if (out.kind === 'finished') this.ended(p, 0);
    else this.childFailed(p, out.kind === 'error' ? out.exc : null, out.kind === 'deadlock' || out.kind === 'fault' ? out.report : 'stopped');
  }

  private deadlockReport(): string {
    const lines = ['deadlock: every process is waiting and nothing can wake them'];
    for (const p of this.processes) {
      if (p.exitcode !== null) continue;
      for (const l of p.prog.scheduler.deadlockLines()) lines.push(`  ${p.name}: ${l.trim()}`);
    }
    return lines.join('\n');
  }
}

/** The process whose virtual clock is furthest behind (it runs next, so the clocks stay together). */
function furthestBehind(live: ProcessEntry[]): ProcessEntry {
  let p = live[0];
  for (const q of live) if (q.prog.interp.now() < p.prog.interp.now()) p = q;
  return p;
}

/** Items handed to a getter that was woken for them. */
const pending = new WeakMap<ThreadState, { value: Pickled; time: number }>();

/** CPython's words when a spawned child starts a process while its main module is still being imported. */
const BOOTSTRAP_ERROR = `
        An attempt has been made to start a new process before the
        current process has finished its bootstrapping phase.

        This probably means that you are not using fork to start your
        child processes and you have forgotten to use the proper idiom
        in the main module:

            if __name__ == '__main__':
                freeze_support()
                ...

        The "freeze_support()" line can be omitted if the program
        is not going to be frozen to produce an executable.`;

/** Process ids as a program sees them: numbers like an OS's. */
const PID_BASE = 4000;

/** The `_multiprocessing` module's view of a program: its machine, made on the first spawn. */
export function processHost(prog: Program, cores: number): ProcessHost {
  const machine = (): Machine => {
    if (prog.machine === null) prog.machine = new Machine(prog, cores);
    return prog.machine;
  };
  const entry = (pid: number): ProcessEntry | undefined => prog.machine?.processes.find((p) => p.pid === pid - PID_BASE);
  return {
    spawn(target, args, name, daemon) {
      if (prog.bootstrapping) raise(prog.rt, E.RuntimeError, BOOTSTRAP_ERROR);
      const t = pickle(prog.rt, target);
      const a = pickle(prog.rt, args);
      const m = machine();
      return PID_BASE + m.spawn(prog, t, a, name, daemon, (pid) => prog.spawnChild(pid)).pid;
    },
    join(pid) {
      const e = entry(pid);
      return e !== undefined && machine().join(prog, prog.interp.thread, e);
    },
    exitcode(pid) { return entry(pid)?.exitcode ?? null; },
    newQueue() { return machine().newQueue(); },
    put(qid, item) { machine().put(prog, qid, item); },
    get(qid, block) {
      const m = machine();
      const th = prog.interp.thread;
      return m.get(prog, th, qid, block);
    },
    received(thread) {
      return machine().takePending(prog, thread) ?? None;
    },
    qsize(qid) { return machine().qsize(qid); },
    waitNested(ready) { return machine().runOthersUntil(prog, ready); },
    currentName() { return prog.machine === null ? 'MainProcess' : prog.machine.entryOf(prog).name; },
    pid() { return PID_BASE + (prog.machine === null ? 1 : prog.machine.entryOf(prog).pid); },
    cores() { return cores; },
  };
}
