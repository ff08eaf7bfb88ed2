/*
 * A debugging session over one program: one instruction at a time, cheap
 * position reads, full snapshots on demand, and step back by deterministic
 * replay. The VM has no input and a virtual clock, so re-running the same
 * code to step N reproduces the state exactly; keyframes are fresh programs
 * replayed at full speed (a 1,000,000-instruction replay takes well under
 * the 100 ms budget at tens of millions of instructions per second).
 */

import { compileSource } from '../compiler/index';
import type { CodeObject } from '../bytecode/code';
import { startsLine } from '../bytecode/code';
import { Op } from '../bytecode/opcodes';
import { instructions } from '../bytecode/dis';
import { Program, type Diagnostic, type RunOptions } from '../index';
import { excStr } from '../runtime/types/repr';
import type { PyBaseException } from '../runtime/types/exceptions';
import type { Frame, ThreadState } from '../interp/frame';
import type { Snapshot, VmEvent } from '../snapshot-types';

import { buildSnapshot, codeKey, threadIdBase } from './snapshot';
import { HeapHistory } from './heap-history';

/** Events kept between two snapshots; a long run without stops keeps only the latest. */
const MAX_EVENTS = 200;

export interface SessionPosition {
  step: number;
  threadId: number;
  frameId: number;
  depth: number;
  filename: string;
  line: number;
  lineStart: boolean;
  alive: boolean;
}

export type SessionSignal =
  | { kind: 'raised'; threadId: number; type: string; message: string; line: number }
  | { kind: 'uncaught'; threadId: number; type: string; message: string; traceback: string }
  | { kind: 'exited'; exitCode: number }
  | { kind: 'internal-error'; message: string };

export interface DisRow {
  offset: number;
  opname: string;
  arg: number | null;
  argrepr: string;
  line: number;
  startsLine?: number;
}

export class Session {
  private prog: Program;
  private ended: SessionSignal | null = null;
  private lastFrame: Frame | null = null;
  private lastPc = -1;
  private pendingRaise: SessionSignal | null = null;
  private readonly codes = new Map<string, CodeObject>();
  /** Events since the last snapshot (the collector's phases), oldest first. */
  private events: VmEvent[] = [];
  /** Where each live object was created and when recent ones were freed (the panel's "created at" and "freed at step"). */
  private readonly history = new HeapHistory();
  /** Inside stepInstruction: lastFrame and lastPc name the instruction running (its line is exact; a frame's saved pc may lag). */
  private stepping = false;

  /** A session, or the syntax error that stops the program from starting. */
  static create(source: string, filename: string, options: RunOptions = {}): { ok: true; session: Session } | { ok: false; diagnostic: Diagnostic } {
    const c = compileSource(source, filename);
    if (!c.ok) return { ok: false, diagnostic: c.error };
    return { ok: true, session: new Session(c.code, source, filename, options) };
  }

  private constructor(private readonly code: CodeObject, private readonly source: string, private readonly filename: string, private readonly options: RunOptions) {
    this.prog = this.load();
    this.indexCodes(code);
  }

  private load(): Program {
    const p = new Program(this.code, this.source, this.filename, this.options);
    this.events = [];
    p.rt.listener = this.history.listen(p, () => this.stepping ? { frame: this.lastFrame, pc: this.lastPc } : null);
    p.rt.gc.detailed = true;
    p.rt.gc.onPhase = (phase, rec) => {
      this.events.push({
        kind: 'gc', step: p.interp.steps, phase, generation: rec.generation,
        detail: {
          candidates: rec.candidates.map((c) => c.id), gcRefs: Object.fromEntries(rec.candidates.map((c) => [c.id, c.gcRefs])),
          unreachable: rec.unreachable.slice(), finalized: rec.finalized.slice(), freed: rec.freed.slice(),
          collected: rec.collected, uncollectable: rec.uncollectable,
        },
      });
      if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
    };
    p.interp.onRaise = (exc, f) => {
      this.pendingRaise = { kind: 'raised', threadId: p.interp.thread.id, type: exc.cls.name, message: excStr(p.rt, exc), line: f.currentLine() };
    };
    return p;
  }

  private indexCodes(code: CodeObject): void {
    this.codes.set(`${code.co_qualname}:${code.co_firstlineno}`, code);
    for (const c of code.co_consts) if (c.kind === 'code') this.indexCodes(c.code);
  }

  get steps(): number { return this.prog.totalSteps(); }

  /** Run one instruction (natives that call back into Python run to completion inside it). */
  stepInstruction(): SessionSignal | null {
    if (this.ended !== null) return this.ended;
    const next = this.prog.machine?.nextToRun() ?? null;
    const th = this.focusThread(next !== null ? next.prog : this.prog);
    this.lastFrame = th.frame;
    this.lastPc = th.frame?.pc ?? -1;
    this.pendingRaise = null;
    let out;
    this.stepping = true;
    try {
      out = this.prog.run(1);
    } catch (e) {
      this.ended = { kind: 'internal-error', message: `internal error at step ${this.steps}: ${e instanceof Error ? e.message : String(e)}` };
      return this.ended;
    } finally {
      this.stepping = false;
    }
    if (out.kind === 'finished') {
      this.ended = { kind: 'exited', exitCode: 0 };
      this.prog.finalize();
      return this.pendingRaise ?? this.ended;
    }
    if (out.kind === 'deadlock' || out.kind === 'fault') {
      const report = `minipy: ${out.report}\n`;
      this.ended = { kind: 'exited', exitCode: 1 };
      this.prog.rt.stderr.push(report);
      return { kind: 'uncaught', threadId: th.id, type: out.kind === 'fault' ? 'use-after-free' : 'deadlock', message: out.report.split('\n')[0], traceback: report };
    }
    if (out.kind === 'error') {
      const exc: PyBaseException = out.exc;
      const tb = this.prog.formatException(exc);
      this.ended = { kind: 'exited', exitCode: 1 };
      this.prog.rt.stderr.push(tb);
      const message = excStr(this.prog.rt, exc);
      this.prog.finalize(exc);
      return { kind: 'uncaught', threadId: th.id, type: exc.cls.name, message, traceback: tb };
    }
    return this.pendingRaise;
  }

  /**
   * The process a position describes: a child process that ran last while it is alive and has a frame
   * (so a breakpoint in code a child runs stops there), else the main one. Child thread ids are offset
   * as the snapshot offsets them (threadIdBase).
   */
  private focusProcess(): { prog: Program; idBase: number } {
    const last = this.prog.machine?.lastRan ?? null;
    if (last !== null && last.prog !== this.prog && last.exitcode === null && this.focusThread(last.prog).frame !== null) {
      return { prog: last.prog, idBase: threadIdBase(last.pid) };
    }
    return { prog: this.prog, idBase: 0 };
  }

  /** The thread a position describes: the one that ran last while it can go on, else the GIL holder or the next in line. */
  private focusThread(prog: Program = this.prog): ThreadState {
    const interp = prog.interp;
    const ran = interp.thread;
    if (ran.frame !== null && ran.state !== 'finished' && ran.wait === null) return ran;
    const holder = prog.scheduler.gilHolder;
    if (holder !== null && holder.frame !== null) return holder;
    return interp.threads.find((t) => t.frame !== null && t.state === 'waiting-gil')
      ?? interp.threads.find((t) => t.frame !== null && t.state !== 'finished') ?? ran;
  }

  position(): SessionPosition {
    const { prog, idBase } = this.focusProcess();
    const th = this.focusThread(prog);
    const f = th.frame;
    if (f === null || this.ended !== null) {
      // No frame to show, but the program goes on (the main module ended while other processes or threads run).
      return { step: this.steps, threadId: th.id, frameId: 0, depth: 0, filename: this.filename, line: 0, lineStart: false, alive: this.ended === null && this.steps > 0 };
    }
    const code = f.code;
    const pc = f.pc;
    const op = code.instrs[pc] & 0xff;
    const line = code.lines[pc];
    const jumpedBack = this.lastFrame === f && pc <= this.lastPc;
    // Library code written in Python (asyncio) is stepped through, never stopped in, as a debugger's "just my code".
    const lineStart = op !== Op.RESUME && line >= 0 && code.co_filename === this.filename &&
      (startsLine(code, pc) !== -1 || jumpedBack || (this.lastFrame !== f && pc === 0));
    return { step: this.steps, threadId: idBase + th.id, frameId: f.id, depth: th.depth, filename: code.co_filename, line, lineStart, alive: true };
  }

  snapshot(): Snapshot {
    const status = this.ended === null ? 'paused' : this.ended.kind === 'exited' && this.ended.exitCode === 0 ? 'finished' : 'error';
    const snap = buildSnapshot(this.prog, status);
    // The collector's phases and the scheduler's GIL and thread events since the last snapshot, in step order.
    const sched = this.prog.scheduler;
    snap.events = [...this.events, ...sched.events].sort((a, b) => a.step - b.step);
    this.events = [];
    sched.events = [];
    this.history.annotate(snap);
    return snap;
  }

  output(): { stdout: string; stderr: string } {
    return { stdout: this.prog.rt.stdout.join(''), stderr: this.prog.rt.stderr.join('') };
  }

  /** Re-create the state after exactly `step` instructions, by replay from the start. */
  goToStep(step: number): void {
    const target = Math.max(0, step);
    this.prog = this.load();
    this.ended = null;
    this.lastFrame = null;
    this.lastPc = -1;
    if (target === 0) return;
    const out = this.prog.run(target);
    if (out.kind === 'finished') this.ended = { kind: 'exited', exitCode: 0 };
    else if (out.kind === 'error' || out.kind === 'deadlock' || out.kind === 'fault') this.ended = { kind: 'exited', exitCode: 1 };
  }

  /** The step at which object `id` (of the main process) was freed, if it was freed recently. */
  freedAt(id: number): number | undefined {
    return this.history.freedAt(id, this.steps);
  }

  /** "Run this thread now": it gets the GIL the next time it changes hands (a drop is requested). False if it is not waiting for it. */
  runThreadNext(threadId: number): boolean {
    return this.prog.scheduler.runNext(threadId);
  }

  disassemble(key: string): DisRow[] | undefined {
    const code = this.codes.get(key);
    if (code === undefined) return undefined;
    return instructions(code).map((ins, i) => ({
      offset: ins.offset, opname: ins.opname, arg: ins.arg, argrepr: ins.argrepr,
      line: code.lines[i], startsLine: ins.starts_line ?? undefined,
    }));
  }

  /** Code key of the frame about to run (for the Disassembly view). */
  currentCodeKey(): string | undefined {
    const f = this.focusThread(this.focusProcess().prog).frame;
    return f === null ? undefined : codeKey(f);
  }

  dispose(): void {
    this.ended = { kind: 'exited', exitCode: 0 };
  }
}
