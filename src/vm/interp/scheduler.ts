/*
 * Threads and the GIL, as CPython 3.11's Python/ceval_gil.h runs them, on
 * the virtual clock. One thread holds the GIL and runs bytecode; the others
 * wait. A waiter that has waited the switch interval (5 ms) without seeing a
 * switch sets the drop request; the holder lets go at its next check point
 * (RESUME, after JUMP_BACKWARD or CALL; every instruction in '3.9' mode) and,
 * with forced switching, the waiter gets it. A thread that blocks (sleep, a
 * lock, a join) releases the GIL at once. When no thread can run, the clock
 * jumps to the next deadline; when none ever will, that is a deadlock.
 *
 * Every acquire, release, drop request and forced switch is an event, and
 * each thread's states over time are kept as lane segments for the panel.
 */

import type { GilMark, LaneSegment, VmEvent } from '../snapshot-types';
import type { PyBaseException } from '../runtime/types/exceptions';
import type { PyValue } from '../runtime/object';
import { INSTRUCTION_SECONDS } from './time-module';
import type { Frame, ThreadRun, ThreadState } from './frame';
import type { Interpreter, RunOutcome } from './interpreter';
import { RacyRefcounts, UseAfterFree } from './racy-refcount';
import { BiasedRefcounts } from './biased-refcount';
import { SeededRandom } from './shared-objects';

/** What a forced switch costs on the virtual clock: the handoff between OS threads and cold caches after it. */
const SWITCH_SECONDS = 50e-6;
/** A timed wait on a condition variable wakes a little late, by up to this much: where in the loop the holder is caught varies. */
const WAKE_JITTER_SECONDS = 50e-6;
/** Lane segments and events kept; the oldest go first. */
const MAX_SEGMENTS = 20_000;
const MAX_EVENTS = 2_000;

export type ProgramOutcome =
  | { kind: 'budget' }
  | { kind: 'finished' }
  | { kind: 'error'; exc: PyBaseException }
  | { kind: 'deadlock'; report: string }
  /** Without the GIL and with naive reference counting: an object freed while still held was touched. */
  | { kind: 'fault'; report: string }
  /** Every thread waits for another process (a child's exit, a Queue item): the machine decides what comes next. */
  | { kind: 'idle' };

export interface SchedulerOptions {
  seed?: number;
  /** false: no GIL, threads run in parallel on `cores` simulated cores (the free-threaded build). */
  gil?: boolean;
  cores?: number;
  refcount?: 'plain' | 'naive-racy' | 'biased';
}

/** Instructions each thread runs per round without the GIL (one when counts race, so updates can interleave). */
const PARALLEL_QUANTUM = 50;

export class Scheduler {
  private holder: ThreadState | null = null;
  /** Threads waiting for the GIL, first come first served. */
  private readonly waiters: ThreadState[] = [];
  private dropRequested = false;
  private dropRequester: ThreadState | null = null;
  /** The main thread's uncaught exception, reported once the other threads are done. */
  private mainError: PyBaseException | null = null;
  readonly segments: LaneSegment[] = [];
  private readonly open = new Map<ThreadState, { state: ThreadRun; start: number }>();
  events: VmEvent[] = [];
  /** Every drop request and forced switch so far (the lanes mark them), the latest MAX_EVENTS. */
  readonly gilMarks: GilMark[] = [];
  /** An uncaught exception in a thread other than the main one: threading.excepthook prints it. */
  onThreadError: ((th: ThreadState, exc: PyBaseException) => void) | null = null;
  /** The main thread's module code ended (returned, or raised), before it waits for the other threads. */
  onMainDone: ((raised: boolean) => void) | null = null;

  /** The jitter is reproducible for a seed. */
  private readonly random: SeededRandom;
  readonly gil: boolean;
  readonly cores: number;
  readonly refcount: 'plain' | 'naive-racy' | 'biased';
  /** Naive-racy mode: the shared objects' counts and their collisions. */
  readonly racy: RacyRefcounts | null;
  /** Biased mode: the shared objects' local and shared counts. */
  readonly biased: BiasedRefcounts | null;
  /** Which runnable threads get the cores first (rotates, so more threads than cores share them). */
  private rotation = 0;

  constructor(private readonly interp: Interpreter, opts: SchedulerOptions = {}) {
    const seed = opts.seed ?? 1;
    this.random = new SeededRandom(seed);
    this.gil = opts.gil !== false;
    this.cores = Math.max(1, Math.floor(opts.cores ?? 4));
    this.refcount = opts.refcount ?? 'plain';
    this.racy = !this.gil && this.refcount === 'naive-racy' ? new RacyRefcounts(interp, interp.rt, seed) : null;
    if (this.racy !== null) { const r = this.racy; interp.rt.watchFrees((o) => r.onFree(o)); }
    this.biased = !this.gil && this.refcount === 'biased' ? new BiasedRefcounts(interp) : null;
    const main = interp.thread;
    main.state = 'running';
    this.holder = main;
    this.lane(main, 'running');
  }

  /** A new thread (from _thread.start_new_thread) starts out waiting for the GIL (or, without one, for a core). */
  started(th: ThreadState, shared: PyValue[]): void {
    this.event({ kind: 'thread', step: this.interp.steps, time: this.now(), threadId: th.id, state: 'ready' });
    if (this.racy !== null) this.racy.watchReachable(shared);
    if (this.biased !== null) this.biased.watchReachable(shared);
    if (!this.gil) { this.lane(th, 'waiting-gil'); return; }
    this.makeWaiter(th, this.now());
  }

  get gilHolder(): ThreadState | null { return this.holder; }
  get dropPending(): boolean { return this.dropRequested; }
  get dropRequestedBy(): ThreadState | null { return this.dropRequester; }

  private now(): number { return this.interp.now(); }

  private event(e: VmEvent): void {
    if (e.kind === 'gil' && (e.action === 'drop-request' || e.action === 'forced-switch')) {
      this.gilMarks.push({ threadId: e.threadId, time: e.time, action: e.action });
      if (this.gilMarks.length > MAX_EVENTS) this.gilMarks.splice(0, this.gilMarks.length - MAX_EVENTS);
    }
    this.events.push(e);
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
  }

  /** Close the thread's current lane segment and open one in `state`. */
  private lane(th: ThreadState, state: ThreadRun): void {
    const now = this.now();
    const cur = this.open.get(th);
    if (cur !== undefined) {
      if (cur.state === state) return;
      if (now > cur.start) this.segments.push({ threadId: th.id, state: cur.state, start: cur.start, end: now });
      if (this.segments.length > MAX_SEGMENTS) this.segments.splice(0, this.segments.length - MAX_SEGMENTS);
    }
    th.state = state;
    if (state === 'finished') { this.open.delete(th); return; }
    this.open.set(th, { state, start: now });
  }

  /** Every lane segment so far, the open ones ending now. */
  lanes(): LaneSegment[] {
    const now = this.now();
    const out = this.segments.slice();
    for (const [th, cur] of this.open) if (now > cur.start) out.push({ threadId: th.id, state: cur.state, start: cur.start, end: now });
    return out;
  }

  private jitter(): number {
    return this.random.next() * WAKE_JITTER_SECONDS;
  }

  private makeWaiter(th: ThreadState, since: number): void {
    th.waitingSince = since + this.jitter();
    this.lane(th, 'waiting-gil');
    this.waiters.push(th);
    // The running thread's slice was cut without this waiter in view: let the scheduler look again.
    if (this.holder !== null && this.holder !== th) this.interp.interrupt();
  }

  /**
   * "Run this thread now": the next time the GIL changes hands it goes to
   * `threadId` (if that thread is waiting for it), so a learner can provoke a
   * race by hand. With the GIL held by a running thread, a drop is requested.
   */
  runNext(threadId: number): boolean {
    const i = this.waiters.findIndex((t) => t.id === threadId);
    if (i < 0) return false;
    const [th] = this.waiters.splice(i, 1);
    this.waiters.unshift(th);
    if (this.holder !== null && !this.dropRequested) {
      this.dropRequested = true;
      this.dropRequester = th;
      this.event({ kind: 'gil', step: this.interp.steps, time: this.now(), action: 'drop-request', threadId: th.id, otherThreadId: this.holder.id });
    }
    return true;
  }

  /** Give the GIL to the first waiter. */
  private acquire(): ThreadState | null {
    const th = this.waiters.shift();
    if (th === undefined) return null;
    this.holder = th;
    this.lane(th, 'running');
    this.event({ kind: 'gil', step: this.interp.steps, time: this.now(), action: 'acquire', threadId: th.id });
    // A switch happened: every other waiter's interval starts again (take_gil's switch_number check).
    for (const w of this.waiters) w.waitingSince = this.now() + this.jitter();
    return th;
  }

  private release(th: ThreadState): void {
    if (this.gil) this.event({ kind: 'gil', step: this.interp.steps, time: this.now(), action: 'release', threadId: th.id });
    this.holder = null;
    this.dropRequested = false;
    this.dropRequester = null;
  }

  /** End a blocked or sleeping thread's wait: its call returns `onWake`'s value and it waits for the GIL. */
  wake(th: ThreadState, timedOut: boolean): void {
    const w = th.wait;
    if (w === null) return;
    th.wait = null;
    if (timedOut && w.cancel) w.cancel();
    const v = w.onWake(timedOut);
    replaceResult(this.interp, th, v);
    this.event({ kind: 'thread', step: this.interp.steps, time: this.now(), threadId: th.id, state: 'ready', reason: timedOut ? `${w.what}: timed out` : w.what });
    if (w.kind === 'shutdown') return;
    if (!this.gil) { this.lane(th, 'waiting-gil'); return; }
    this.makeWaiter(th, timedOut ? Math.min(w.deadline, this.now()) : this.now());
  }

  /** Threads whose deadline has come wake up. */
  private wakeDue(): void {
    const now = this.now();
    for (const th of this.interp.threads) {
      if (th.wait !== null && th.wait.deadline <= now + 1e-12 && th.wait.kind !== 'shutdown') this.wake(th, true);
    }
  }

  private nextDeadline(): number {
    let t = Infinity;
    for (const th of this.interp.threads) if (th.wait !== null && th.wait.deadline < t) t = th.wait.deadline;
    return t;
  }

  /** A thread's frames ended (returned or raised): joiners wake, the GIL goes. */
  private finish(th: ThreadState): void {
    this.lane(th, 'finished');
    this.event({ kind: 'thread', step: this.interp.steps, time: this.now(), threadId: th.id, state: 'finished' });
    for (const other of this.interp.threads) {
      if (other.wait !== null && other.wait.kind === 'join' && other.wait.holder?.() === th) this.wake(other, false);
    }
    this.checkShutdown();
  }

  /** The main thread waits in threading._shutdown for the non-daemon threads; when they are done the program ends. */
  private checkShutdown(): void {
    const main = this.interp.threads[0];
    if (main.wait?.kind !== 'shutdown') return;
    if (this.interp.threads.some((t) => t !== main && !t.daemon && t.state !== 'finished')) return;
    main.wait = null;
    this.lane(main, 'finished');
  }

  private programOver(): boolean {
    return this.interp.threads[0].state === 'finished';
  }

  /** Run the program for up to `budget` instructions (across all threads). */
  run(budget: number): ProgramOutcome {
    if (!this.gil) {
      try {
        return this.runParallel(budget);
      } catch (e) {
        if (e instanceof UseAfterFree) return { kind: 'fault', report: e.message };
        throw e;
      }
    }
    const interp = this.interp;
    const stopAt = interp.steps + budget;
    for (;;) {
      if (this.programOver()) return this.mainError !== null ? { kind: 'error', exc: this.mainError } : { kind: 'finished' };
      if (interp.steps >= stopAt) return { kind: 'budget' };
      this.wakeDue();
      let th = this.holder;
      if (th === null) {
        th = this.acquire();
        if (th === null) {
          const next = this.nextDeadline();
          if (next === Infinity) return this.waitsOutside() ? { kind: 'idle' } : { kind: 'deadlock', report: this.deadlockReport() };
          interp.advanceClock(Math.max(0, next - this.now()));
          continue;
        }
      }
      let slice = stopAt - interp.steps;
      const waiter = this.waiters[0];
      if (waiter !== undefined && !this.dropRequested) {
        const due = waiter.waitingSince + interp.switchInterval;
        if (due <= this.now() + 1e-12) {
          this.dropRequested = true;
          this.dropRequester = waiter;
          this.event({ kind: 'gil', step: interp.steps, time: this.now(), action: 'drop-request', threadId: waiter.id, otherThreadId: th.id });
        } else {
          slice = Math.min(slice, Math.max(1, Math.ceil((due - this.now()) / INSTRUCTION_SECONDS)));
        }
      }
      const deadline = this.nextDeadline();
      if (deadline !== Infinity) slice = Math.min(slice, Math.max(1, Math.ceil((deadline - this.now()) / INSTRUCTION_SECONDS)));
      const out = interp.runThread(th, slice, this.dropRequested);
      this.after(th, out);
    }
  }

  /**
   * Without the GIL: every runnable thread (up to the cores) runs a quantum in
   * each round, and the clock moves on by the longest quantum, not their sum.
   */
  private runParallel(budget: number): ProgramOutcome {
    const interp = this.interp;
    const stopAt = interp.steps + budget;
    const quantum = this.racy !== null ? 1 : PARALLEL_QUANTUM;
    for (;;) {
      if (this.programOver()) return this.mainError !== null ? { kind: 'error', exc: this.mainError } : { kind: 'finished' };
      if (interp.steps >= stopAt) return { kind: 'budget' };
      this.wakeDue();
      const runnable = interp.threads.filter((t) => t.frame !== null && t.wait === null && t.state !== 'finished');
      if (runnable.length === 0) {
        const next = this.nextDeadline();
        if (next === Infinity) return this.waitsOutside() ? { kind: 'idle' } : { kind: 'deadlock', report: this.deadlockReport() };
        interp.advanceClock(Math.max(0, next - this.now()));
        continue;
      }
      const offset = this.rotation++ % runnable.length;
      const order = [...runnable.slice(offset), ...runnable.slice(0, offset)];
      const onCores = order.slice(0, this.cores);
      for (const th of order.slice(this.cores)) this.lane(th, 'waiting-gil');
      let total = 0, longest = 0;
      for (const th of onCores) {
        if (interp.steps >= stopAt) break;
        this.lane(th, 'running');
        this.holder = th;
        const before = interp.steps;
        const out = interp.runThread(th, Math.min(quantum, stopAt - interp.steps), false);
        const ran = interp.steps - before;
        total += ran;
        longest = Math.max(longest, ran);
        this.holder = null;
        this.after(th, out);
      }
      // The threads ran at the same time on different cores.
      if (total > longest) interp.advanceClock(-(total - longest) * INSTRUCTION_SECONDS);
      if (this.racy !== null) this.racy.endRound();
    }
  }

  private after(th: ThreadState, out: RunOutcome): void {
    const interp = this.interp;
    switch (out.kind) {
      case 'budget':
        return;
      case 'switch': {
        // drop_gil with FORCE_SWITCHING: the holder lets go and waits behind the thread that asked.
        const to = this.dropRequester;
        this.event({ kind: 'gil', step: interp.steps, time: this.now(), action: 'forced-switch', threadId: th.id, otherThreadId: to?.id });
        this.release(th);
        interp.advanceClock(SWITCH_SECONDS);
        this.makeWaiter(th, this.now());
        return;
      }
      case 'blocked': {
        const w = th.wait;
        this.lane(th, w?.kind === 'sleep' ? 'sleeping' : 'blocked');
        this.event({ kind: 'thread', step: interp.steps, time: this.now(), threadId: th.id, state: w?.kind === 'sleep' ? 'sleeping' : 'blocked', reason: w?.what });
        this.release(th);
        return;
      }
      case 'finished':
      case 'error': {
        const isMain = th === interp.threads[0];
        if (isMain && this.onMainDone !== null) this.onMainDone(out.kind === 'error');
        if (out.kind === 'error') {
          if (isMain) this.mainError = out.exc;
          else if (this.onThreadError !== null) this.onThreadError(th, out.exc);
        }
        this.release(th);
        if (isMain) {
          // threading._shutdown: the main thread waits for every non-daemon thread.
          th.wait = { kind: 'shutdown', what: 'the other threads to finish (threading._shutdown)', deadline: Infinity, onWake: () => 0 };
          this.lane(th, 'blocked');
          this.checkShutdown();
        } else {
          this.finish(th);
        }
        return;
      }
    }
  }

  /** Some thread waits for another process: only the machine can tell whether that is a deadlock. */
  private waitsOutside(): boolean {
    return this.interp.threads.some((t) => t.wait?.external === true);
  }

  /** What each live thread waits for, for the machine's deadlock report. */
  deadlockLines(): string[] {
    return this.deadlockReport().split('\n').slice(1);
  }

  /** A child process's main thread: after its module ran (spawn's bootstrap), it runs the target in `frame`. */
  restartMain(frame: Frame): void {
    const main = this.interp.threads[0];
    main.frame = frame;
    main.depth = 1;
    frame.depth = 1;
    main.wait = null;
    this.mainError = null;
    this.holder = main;
    this.lane(main, 'running');
  }

  /** deadlock: each live thread, what it waits for and who holds it. */
  private deadlockReport(): string {
    const lines = ['deadlock: every thread is blocked and nothing can wake them'];
    for (const th of this.interp.threads) {
      if (th.state === 'finished' || th.wait === null) continue;
      const by = th.wait.holder?.();
      lines.push(`  ${th.name} waits for ${th.wait.what}${by && th.wait.kind !== 'join' ? `, held by ${by.name}` : ''}`);
    }
    return lines.join('\n');
  }
}

/** A woken thread's blocking call returns `v`: it replaces the placeholder on top of its stack. */
function replaceResult(interp: Interpreter, th: ThreadState, v: PyValue): void {
  const f = th.frame;
  if (f === null || f.sp === 0) return;
  const old = f.stack[f.sp - 1];
  f.stack[f.sp - 1] = v; // onWake gave a new reference

  if (old !== null) interp.rt.decref(old);
}
