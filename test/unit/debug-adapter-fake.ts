/*
 * A tiny fake VM behind the adapter's VmPort, for adapter logic that the real
 * VM makes hard to reach on purpose (an internal error, a program whose shape
 * we fix exactly). A program is a list of scripted lines: each line is two
 * instructions, a call runs its body in a new frame, a loop never ends.
 */

import type { Snapshot, ValueSnap, VarSnap } from '../../src/vm/snapshot-types';
import type { DisLine, PortFactory, VmPort, VmPosition, VmSignal } from '../../src/extension/debug/vm-port';

export type FakeValue = number | string | number[] | { [key: string]: number };

export type FakeOp =
  | { line: number; set?: Record<string, FakeValue>; print?: string; inc?: string }
  | { line: number; call: FakeOp[]; name: string }
  | { line: number; loop: FakeOp[] }
  | { line: number; raise: [string, string] }
  /** Start a second thread running `body`; the fake scheduler switches threads every 3 instructions. */
  | { line: number; spawn: FakeOp[]; name: string };

/** A suspended generator the snapshot shows (no frames of its own in any thread). */
export interface FakeGenerator { id: number; repr: string; line: number }

/** Thread ids are not 1 on purpose: the adapter must use the snapshot's, never invent its own. */
export const FAKE_THREAD_ID = 7;
export const FAKE_SECOND_THREAD_ID = 9;
const SWITCH_EVERY = 3;

interface FakeFrame { id: number; name: string; line: number; ip: number; locals: Map<string, FakeValue> }

interface FakeThread {
  id: number;
  name: string;
  frames: FakeFrame[];
  lineStart: boolean;
  done: boolean;
  gen?: Generator<void, void, void>;
}

interface FakeState {
  threads: FakeThread[];
  /** Index of the thread whose instruction runs next. */
  cur: number;
  nextFrameId: number;
  stdout: string;
  stderr: string;
  signal: VmSignal | null;
  alive: boolean;
}

function* exec(ops: FakeOp[], st: FakeState, th: FakeThread): Generator<void, void, void> {
  for (const op of ops) {
    const top = th.frames[0];
    top.line = op.line;
    th.lineStart = true;
    yield;
    top.ip++;
    th.lineStart = false;
    if ('call' in op) {
      th.frames.unshift({ id: st.nextFrameId++, name: op.name, line: op.line, ip: 0, locals: new Map() });
      yield* exec(op.call, st, th);
      th.frames.shift();
      th.lineStart = false;
      yield;
      top.ip++;
    } else if ('loop' in op) {
      // Like `while True:`, the header line starts again on every jump back.
      for (;;) {
        yield* exec(op.loop, st, th);
        top.line = op.line;
        th.lineStart = true;
        yield;
        top.ip++;
        th.lineStart = false;
      }
    } else if ('raise' in op) {
      st.signal = { kind: 'raised', threadId: th.id, type: op.raise[0], message: op.raise[1], line: op.line };
      yield;
      const tb = `Traceback (most recent call last):\n  File "prog.minipy", line ${op.line}, in <module>\n${op.raise[0]}: ${op.raise[1]}\n`;
      st.signal = { kind: 'uncaught', threadId: th.id, type: op.raise[0], message: op.raise[1], traceback: tb };
      yield;
      st.stderr += tb;
      st.alive = false;
      st.signal = { kind: 'exited', exitCode: 1 };
      return;
    } else if ('spawn' in op) {
      yield;
      top.ip++;
      const t: FakeThread = { id: FAKE_SECOND_THREAD_ID, name: `Thread-1 (${op.name})`, frames: [{ id: st.nextFrameId++, name: op.name, line: op.spawn[0].line, ip: 0, locals: new Map() }], lineStart: false, done: false };
      t.gen = exec(op.spawn, st, t);
      t.gen.next(); // stand on its first line
      st.threads.push(t);
    } else {
      yield;
      top.ip++;
      for (const [k, v] of Object.entries(op.set ?? {})) top.locals.set(k, v);
      if (op.inc) top.locals.set(op.inc, Number(top.locals.get(op.inc) ?? 0) + 1);
      if (op.print !== undefined) st.stdout += op.print + '\n';
    }
  }
}

class FakePort implements VmPort {
  private st!: FakeState;
  private steps = 0;

  constructor(private readonly program: FakeOp[], private readonly filename: string, private readonly generators: FakeGenerator[]) {
    this.reset();
  }

  private reset(): void {
    const main: FakeThread = { id: FAKE_THREAD_ID, name: 'MainThread', frames: [{ id: 1, name: '<module>', line: 0, ip: 0, locals: new Map() }], lineStart: false, done: false };
    this.st = { threads: [main], cur: 0, nextFrameId: 2, stdout: '', stderr: '', signal: null, alive: true };
    main.gen = exec(this.program, this.st, main);
    main.gen.next();
    this.steps = 0;
  }

  private get thread(): FakeThread {
    return this.st.threads[this.st.cur];
  }

  stepInstruction(): VmSignal | null {
    if (!this.st.alive) return { kind: 'exited', exitCode: 0 };
    this.st.signal = null;
    this.steps++;
    const th = this.thread;
    if (th.gen!.next().done) th.done = true;
    if (!this.st.alive) return this.st.signal;
    const live = this.st.threads.filter((t) => !t.done);
    if (live.length === 0) {
      this.st.alive = false;
      return { kind: 'exited', exitCode: 0 };
    }
    // Round robin every few instructions, or at once when the running thread ended.
    if (th.done || this.steps % SWITCH_EVERY === 0) {
      let i = this.st.cur;
      do { i = (i + 1) % this.st.threads.length; } while (this.st.threads[i].done);
      this.st.cur = i;
    }
    return this.st.signal;
  }

  position(): VmPosition {
    const th = this.thread;
    const top = th.frames[0];
    return {
      step: this.steps, threadId: this.st.alive ? th.id : 0, frameId: top.id, depth: th.frames.length,
      filename: this.filename, line: top.line, lineStart: th.lineStart, alive: this.st.alive,
    };
  }

  output(): { stdout: string; stderr: string } {
    return { stdout: this.st.stdout, stderr: this.st.stderr };
  }

  goToStep(step: number): void {
    this.reset();
    while (this.steps < step && this.st.alive) this.stepInstruction();
  }

  disassemble(codeKey: string): DisLine[] | undefined {
    if (!codeKey.startsWith('fake:')) return undefined;
    return Array.from({ length: 40 }, (_, i) => ({ offset: i * 2, opname: i % 2 ? 'NOP' : 'RESUME', argrepr: i % 2 ? '' : '0', line: 1 + (i >> 1) }));
  }

  snapshot(): Snapshot {
    const heap: Snapshot['heap'] = [];
    const holders = new Map<string, string[]>();
    const frames = this.st.threads.flatMap((t) => t.frames);
    // A list value is one heap object per (frame, name); its holders are the names bound to an equal list.
    for (const f of frames) for (const [k, v] of f.locals) if (Array.isArray(v)) { const key = JSON.stringify(v); holders.set(key, [...(holders.get(key) ?? []), k]); }
    const ids = new Map<string, number>();
    const val = (v: FakeValue): ValueSnap => {
      if (typeof v === 'number') return { kind: 'int', repr: String(v) };
      if (typeof v === 'string') return { kind: 'str', repr: `'${v}'` };
      if (!Array.isArray(v)) {
        const entries = Object.entries(v);
        const repr = `{${entries.map(([k, n]) => `'${k}': ${n}`).join(', ')}}`;
        const did = 300 + heap.length;
        heap.push({
          id: did, type: 'dict', repr, size: 184, refcount: 1, holders: [],
          refs: entries.flatMap(([k, n]) => [{ label: `key '${k}'`, target: { kind: 'str' as const, repr: `'${k}'` } }, { label: `value of key '${k}'`, target: { kind: 'int' as const, repr: String(n) } }]),
        });
        return { kind: 'ref', id: did, type: 'dict', repr };
      }
      const key = JSON.stringify(v);
      let id = ids.get(key);
      if (id === undefined) {
        id = 100 + ids.size;
        ids.set(key, id);
        const hs = holders.get(key) ?? [];
        heap.push({
          id, type: 'list', repr: `[${v.join(', ')}]`, size: 56 + 8 * v.length, refcount: hs.length,
          holders: hs.map((h) => ({ kind: 'local' as const, label: h })), refs: v.map((n, i) => ({ label: `[${i}]`, target: { kind: 'int' as const, repr: String(n) } })),
        });
      }
      return { kind: 'ref', id, type: 'list', repr: `[${v.join(', ')}]` };
    };
    const vars = (m: Map<string, FakeValue>): VarSnap[] => [...m].map(([name, v]) => ({ name, value: val(v) }));
    const main = this.st.threads[0].frames;
    const module = main[main.length - 1];
    for (const g of this.generators) {
      heap.push({ id: g.id, type: 'generator', repr: g.repr, size: 200, refcount: 1, holders: [{ kind: 'global', label: 'gen' }], refs: [], genState: 'GEN_SUSPENDED', genLine: g.line });
    }
    return {
      step: this.steps, clock: this.steps * 1e-8, status: this.st.alive ? 'paused' : 'finished', currentThreadId: this.thread.id,
      processes: [{ pid: 1, name: 'MainProcess', gilHolder: this.thread.id, globals: vars(module.locals) }],
      threads: !this.st.alive ? [] : this.st.threads.map((t) => ({
        id: t.id, ident: 140000 + t.id, name: t.name, processId: 1, state: t.done ? 'finished' as const : t === this.thread ? 'running' as const : 'waiting-gil' as const, holdsGil: t === this.thread,
        frames: t.frames.map((f) => ({
          id: f.id, name: f.name, filename: this.filename, line: f.line, col: 0, endLine: f.line, endCol: 10,
          instruction: f.ip, offset: f.ip * 2, opname: 'NOP', codeKey: `fake:${f.name}`, locals: f === module ? [] : vars(f.locals), stack: [],
        })),
      })),
      heap, stdout: this.st.stdout, stderr: this.st.stderr, liveBytes: 0, peakBytes: 0,
    };
  }

  dispose(): void {
    this.st.alive = false;
  }
}

export function fakeFactory(program: FakeOp[], generators: FakeGenerator[] = []): PortFactory {
  return (source, filename) => {
    const bad = source.split('\n').findIndex((l) => l.includes('SYNTAX ERROR'));
    if (bad >= 0) {
      return { ok: false, diagnostic: { type: 'SyntaxError', msg: 'invalid syntax', filename, lineno: bad + 1, offset: 1, end_lineno: bad + 1, end_offset: 2, text: source.split('\n')[bad] } };
    }
    return { ok: true, port: new FakePort(program, filename, generators) };
  };
}
