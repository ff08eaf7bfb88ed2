/*
 * A tiny fake VM behind the adapter's VmPort, for adapter logic that the real
 * VM makes hard to reach on purpose (an internal error, a program whose shape
 * we fix exactly). A program is a list of scripted lines: each line is two
 * instructions, a call runs its body in a new frame, a loop never ends.
 */

import type { Snapshot, ValueSnap, VarSnap } from '../../src/vm/snapshot-types';
import type { DisLine, PortFactory, VmPort, VmPosition, VmSignal } from '../../src/extension/debug/vm-port';

export type FakeValue = number | string | number[];

export type FakeOp =
  | { line: number; set?: Record<string, FakeValue>; print?: string; inc?: string }
  | { line: number; call: FakeOp[]; name: string }
  | { line: number; loop: FakeOp[] }
  | { line: number; raise: [string, string] };

/** Thread ids are not 1 on purpose: the adapter must use the snapshot's, never invent its own. */
export const FAKE_THREAD_ID = 7;

interface FakeFrame { id: number; name: string; line: number; ip: number; locals: Map<string, FakeValue> }

interface FakeState {
  frames: FakeFrame[];
  nextFrameId: number;
  stdout: string;
  stderr: string;
  signal: VmSignal | null;
  lineStart: boolean;
  alive: boolean;
}

function* exec(ops: FakeOp[], st: FakeState): Generator<void, void, void> {
  for (const op of ops) {
    const top = st.frames[0];
    top.line = op.line;
    st.lineStart = true;
    yield;
    top.ip++;
    st.lineStart = false;
    if ('call' in op) {
      st.frames.unshift({ id: st.nextFrameId++, name: op.name, line: op.line, ip: 0, locals: new Map() });
      yield* exec(op.call, st);
      st.frames.shift();
      st.lineStart = false;
      yield;
      top.ip++;
    } else if ('loop' in op) {
      // Like `while True:`, the header line starts again on every jump back.
      for (;;) {
        yield* exec(op.loop, st);
        top.line = op.line;
        st.lineStart = true;
        yield;
        top.ip++;
        st.lineStart = false;
      }
    } else if ('raise' in op) {
      st.signal = { kind: 'raised', threadId: FAKE_THREAD_ID, type: op.raise[0], message: op.raise[1], line: op.line };
      yield;
      const tb = `Traceback (most recent call last):\n  File "prog.minipy", line ${op.line}, in <module>\n${op.raise[0]}: ${op.raise[1]}\n`;
      st.signal = { kind: 'uncaught', threadId: FAKE_THREAD_ID, type: op.raise[0], message: op.raise[1], traceback: tb };
      yield;
      st.stderr += tb;
      st.alive = false;
      st.signal = { kind: 'exited', exitCode: 1 };
      return;
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
  private gen!: Generator<void, void, void>;
  private steps = 0;

  constructor(private readonly program: FakeOp[], private readonly filename: string) {
    this.reset();
  }

  private reset(): void {
    this.st = { frames: [{ id: 1, name: '<module>', line: 0, ip: 0, locals: new Map() }], nextFrameId: 2, stdout: '', stderr: '', signal: null, lineStart: false, alive: true };
    this.gen = exec(this.program, this.st);
    this.gen.next();
    this.steps = 0;
  }

  stepInstruction(): VmSignal | null {
    if (!this.st.alive) return { kind: 'exited', exitCode: 0 };
    this.st.signal = null;
    this.steps++;
    if (this.gen.next().done && this.st.alive) {
      this.st.alive = false;
      return { kind: 'exited', exitCode: 0 };
    }
    return this.st.signal;
  }

  position(): VmPosition {
    const top = this.st.frames[0];
    return {
      step: this.steps, threadId: this.st.alive ? FAKE_THREAD_ID : 0, frameId: top.id, depth: this.st.frames.length,
      filename: this.filename, line: top.line, lineStart: this.st.lineStart, alive: this.st.alive,
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
    const frames = this.st.frames;
    // A list value is one heap object per (frame, name); its holders are the names bound to an equal list.
    for (const f of frames) for (const [k, v] of f.locals) if (Array.isArray(v)) { const key = JSON.stringify(v); holders.set(key, [...(holders.get(key) ?? []), k]); }
    const ids = new Map<string, number>();
    const val = (v: FakeValue): ValueSnap => {
      if (typeof v === 'number') return { kind: 'int', repr: String(v) };
      if (typeof v === 'string') return { kind: 'str', repr: `'${v}'` };
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
    const module = frames[frames.length - 1];
    return {
      step: this.steps, clock: this.steps * 1e-8, status: this.st.alive ? 'paused' : 'finished', currentThreadId: FAKE_THREAD_ID,
      processes: [{ pid: 1, name: 'MainProcess', gilHolder: FAKE_THREAD_ID, globals: vars(module.locals) }],
      threads: this.st.alive ? [{
        id: FAKE_THREAD_ID, ident: 140000 + FAKE_THREAD_ID, name: 'MainThread', processId: 1, state: 'running', holdsGil: true,
        frames: frames.map((f) => ({
          id: f.id, name: f.name, filename: this.filename, line: f.line, col: 0, endLine: f.line, endCol: 10,
          instruction: f.ip, offset: f.ip * 2, opname: 'NOP', codeKey: `fake:${f.name}`, locals: f === module ? [] : vars(f.locals), stack: [],
        })),
      }] : [],
      heap, stdout: this.st.stdout, stderr: this.st.stderr, liveBytes: 0, peakBytes: 0,
    };
  }

  dispose(): void {
    this.st.alive = false;
  }
}

export function fakeFactory(program: FakeOp[]): PortFactory {
  return (source, filename) => {
    const bad = source.split('\n').findIndex((l) => l.includes('SYNTAX ERROR'));
    if (bad >= 0) {
      return { ok: false, diagnostic: { type: 'SyntaxError', msg: 'invalid syntax', filename, lineno: bad + 1, offset: 1, end_lineno: bad + 1, end_offset: 2, text: source.split('\n')[bad] } };
    }
    return { ok: true, port: new FakePort(program, filename) };
  };
}
