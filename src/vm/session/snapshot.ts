/*
 * Building a Snapshot (plain data) from a live program: every thread's frames
 * with locals and value stack, and every live object with its refcount, the
 * references it owns (edges) and the list of who holds it. Holders are found
 * by walking every root and every object's `traverse`, so the count shown and
 * the holders listed can be checked against each other (the refcount test).
 */

import { PyObject, PyType, type PyValue } from '../runtime/object';
import { PyFloat } from '../runtime/types/float';
import { reprStart } from '../runtime/types/repr';
import { sizeof } from '../runtime/types/sizeof';
import { typeOf } from '../runtime/types/typeof';
import { PyBaseException } from '../runtime/types/exceptions';
import { offsets } from '../bytecode/code';
import { OPS } from '../bytecode/opcodes';
import type { Frame } from '../interp/frame';
import type { Program } from '../index';
import { PyGenerator } from '../interp/generator';
import { ReadOnlyViolation } from '../runtime/runtime';
import { eventLoopSnap } from './event-loop-snap';
import type { FrameSnap, GcSnap, HolderSnap, ObjectSnap, ProcessSnap, Snapshot, ThreadSnap, ValueSnap, VarSnap } from '../snapshot-types';

const MAX_REPR = 80;

/** Reprs already made during the snapshot being built: an object is shown as a heap entry and again wherever it is referenced. */
let reprCache: Map<PyObject, string> | null = null;

function shortRepr(prog: Program, v: PyValue): string {
  if (reprCache !== null && typeof v === 'object') {
    const known = reprCache.get(v);
    if (known !== undefined) return known;
    const made = makeShortRepr(prog, v);
    reprCache.set(v, made);
    return made;
  }
  return makeShortRepr(prog, v);
}

function makeShortRepr(prog: Program, v: PyValue): string {
  let s: string;
  try {
    // repr of user objects may run Python code (__repr__): keep the snapshot side-effect free.
    if (typeof v === 'object' && !(v instanceof PyFloat) && typeOf(v).heapType) s = defaultRepr(v);
    else s = reprStart(prog.rt, v, MAX_REPR);
  } catch (e) {
    // A user __repr__ inside a container (the snapshot may not run Python code), or one that raised.
    if (e instanceof PyBaseException) prog.rt.decref(e);
    else if (!(e instanceof ReadOnlyViolation)) throw e;
    s = typeof v === 'object' ? defaultRepr(v) : String(v);
  }
  return s.length > MAX_REPR ? s.slice(0, MAX_REPR - 3) + '...' : s;
}

function defaultRepr(o: PyObject): string {
  const t = typeOf(o);
  return `<${t.module === 'builtins' ? '' : t.module + '.'}${t.qualname} object at 0x${(0x7f0000000000 + o.oid * 16).toString(16)}>`;
}

export function valueSnap(prog: Program, v: PyValue): ValueSnap {
  switch (typeof v) {
    case 'number': case 'bigint': return { kind: 'int', repr: v.toString() };
    case 'boolean': return { kind: 'bool', repr: v ? 'True' : 'False' };
    case 'string': return { kind: 'str', repr: shortRepr(prog, v) };
  }
  if (v instanceof PyFloat) return { kind: 'float', repr: shortRepr(prog, v) };
  if (v.oid === 0 || v.gcNext === null) {
    const t = typeOf(v).name;
    if (t === 'NoneType') return { kind: 'none', repr: 'None' };
    return { kind: 'ref', id: v.oid + prog.idOffset, type: v instanceof PyType ? 'type' : t, repr: v instanceof PyType ? `<class '${v.name}'>` : shortRepr(prog, v) };
  }
  return { kind: 'ref', id: v.oid + prog.idOffset, type: typeOf(v).name, repr: shortRepr(prog, v) };
}

export function codeKey(f: Frame): string {
  return `${f.code.co_qualname}:${f.code.co_firstlineno}`;
}

function frameSnap(prog: Program, f: Frame): FrameSnap {
  const i = Math.min(f.pc, f.code.instrs.length - 1);
  const code = f.code;
  const locals: VarSnap[] = [];
  for (let k = 0; k < f.lp.length; k++) {
    const v = f.lp[k];
    if (v === undefined) continue;
    const shown = typeof v === 'object' && v.cls.name === 'cell' ? (v as { value?: PyValue }).value : v;
    if (shown === undefined) continue;
    locals.push({ name: code.co_localsplusnames[k], value: valueSnap(prog, shown) });
  }
  if (f.func === null && f.locals !== null) {
    for (const [k, v] of f.locals.map) {
      if (typeof k === 'string' && k !== '__builtins__' && k !== '__name__') locals.push({ name: k, value: valueSnap(prog, v) });
    }
  }
  const stack: ValueSnap[] = [];
  for (let k = 0; k < f.sp; k++) {
    const v = f.stack[k];
    stack.push(v === null ? { kind: 'none', repr: 'NULL' } : valueSnap(prog, v));
  }
  let line = code.lines[i];
  for (let j = i; line < 0 && j >= 0; j--) line = code.lines[j];
  return {
    id: f.id, name: code.co_qualname, filename: code.co_filename,
    line: line < 0 ? code.co_firstlineno : line, col: Math.max(0, code.cols[i]),
    endLine: code.endLines[i] < 0 ? line : code.endLines[i], endCol: Math.max(0, code.endCols[i]),
    instruction: f.pc, offset: offsets(code)[f.pc] ?? 0, opname: OPS[code.instrs[i] & 0xff]?.name ?? '?',
    codeKey: codeKey(f), locals, stack,
    generatorId: f.gen instanceof PyGenerator ? f.gen.oid + prog.idOffset : undefined,
  };
}

/** Visit every reference held by a frame (its slots, its function, its namespace). */
export function traverseFrame(f: Frame, visit: (v: PyValue, h: HolderSnap) => void, threadId: number): void {
  const names = f.code.co_localsplusnames;
  for (let k = 0; k < f.lp.length; k++) {
    const v = f.lp[k];
    if (v !== undefined) visit(v, { kind: 'local', label: names[k], frameId: f.id, threadId });
  }
  for (let k = 0; k < f.sp; k++) {
    const v = f.stack[k];
    if (v !== null) visit(v, { kind: 'stack', label: `stack slot ${k}`, frameId: f.id, threadId });
  }
  if (f.func !== null) visit(f.func, { kind: 'local', label: 'f_func (the running function)', frameId: f.id, threadId });
  if (f.locals !== null) visit(f.locals as PyValue, { kind: 'local', label: 'f_locals', frameId: f.id, threadId });
  if (f.initSelf !== null) visit(f.initSelf, { kind: 'local', label: 'the instance being initialised', frameId: f.id, threadId });
}

/** Every (object, holder) pair in the program: the roots' references and every object's references. */
export function allReferences(prog: Program, visit: (v: PyValue, h: HolderSnap) => void): void {
  for (const th of prog.interp.threads) {
    for (let f = th.frame; f !== null; f = f.back) traverseFrame(f, visit, th.id);
    if (th.excInfo !== null) visit(th.excInfo, { kind: 'thread', label: 'the exception being handled', threadId: th.id });
  }
  for (const o of prog.rt.liveObjects()) {
    o.traverse((v, label) => visit(v, { kind: 'object', label, ownerId: o.oid }));
  }
  for (const o of prog.extraRoots()) visit(o.value, o.holder);
}

function gcSnap(prog: Program): GcSnap {
  const gc = prog.rt.gc;
  const last = gc.last;
  const snap: GcSnap = { enabled: gc.enabled, counts: [...gc.counts], thresholds: [...gc.thresholds], garbage: [] };
  if (last !== null) {
    snap.collection = {
      step: last.step, generation: last.generation, phase: gc.collecting ? 'finalize' : 'done',
      candidates: last.candidates.slice(), unreachable: last.unreachable.slice(), finalized: last.finalized.slice(),
      freed: last.freed.slice(), collected: last.collected, uncollectable: last.uncollectable,
    };
  }
  return snap;
}

export function buildSnapshot(prog: Program, status: Snapshot['status'], stopReason?: string): Snapshot {
  const rts = prog.machine?.processes.map((p) => p.prog.rt) ?? [prog.rt];
  for (const rt of rts) rt.readOnly++;
  reprCache = new Map();
  try {
    return snapshotOf(prog, status, stopReason);
  } finally {
    reprCache = null;
    for (const rt of rts) rt.readOnly--;
  }
}

/** Where a child process's thread ids start in snapshots and positions (the main process's start at 0). */
export function threadIdBase(pid: number): number {
  return pid * 1000;
}

/** A process's threads; ids offset so the threads of different processes never share one. */
function threadSnaps(prog: Program, pid: number, idBase: number): ThreadSnap[] {
  const holder = prog.scheduler.gilHolder;
  return prog.interp.threads.map((t) => {
    const frames: FrameSnap[] = [];
    for (let f = t.frame; f !== null; f = f.back) frames.push(frameSnap(prog, f));
    const by = t.wait?.holder?.();
    return {
      id: idBase + t.id, ident: t.ident, name: t.name, processId: pid, state: t.state, holdsGil: t === holder,
      waitingFor: t.wait ? `${t.wait.what}${by ? ` (held by ${by.name})` : ''}` : undefined, frames, cpuTime: t.cpuTime,
    };
  });
}

/** One process's live objects with their holders; ids (objects, owners, threads) offset to stay apart from other processes'. */
function heapOf(prog: Program, pid: number, threadBase: number): ObjectSnap[] {
  const rt = prog.rt;
  const off = prog.idOffset;
  const holders = new Map<PyObject, HolderSnap[]>();
  allReferences(prog, (v, h) => {
    if (typeof v !== 'object') return;
    let list = holders.get(v);
    if (list === undefined) { list = []; holders.set(v, list); }
    list.push(off === 0 ? h : { ...h, ownerId: h.ownerId === undefined ? undefined : h.ownerId + off, threadId: h.threadId === undefined ? undefined : h.threadId + threadBase });
  });
  const heap: ObjectSnap[] = [];
  for (const o of rt.liveObjects()) {
    if (o.cls.name === 'code') continue;
    const refs: ObjectSnap['refs'] = [];
    o.traverse((v, label) => refs.push({ label, target: valueSnap(prog, v) }));
    const snap: ObjectSnap = {
      id: o.oid + off, type: o instanceof PyType ? 'type' : typeOf(o).name, repr: o instanceof PyType ? `<class '__main__.${o.qualname}'>` : shortRepr(prog, o),
      size: sizeof(o), refcount: o.rc, holders: holders.get(o) ?? [], refs, processId: pid,
    };
    if (o.gcContainer) {
      snap.gcTracked = rt.gc.isTracked(o);
      if (o.gcGen >= 0) snap.generation = o.gcGen;
    }
    const biased = prog.scheduler.biased?.countOf(o);
    if (biased !== undefined) snap.biased = biased;
    if (o instanceof PyGenerator) {
      snap.genState = o.isCoroutine ? (o.state.replace('GEN_', 'CORO_') as ObjectSnap['genState']) : o.state;
      if (o.frame !== null) { snap.genFrameId = o.frame.id; snap.genLine = o.frame.currentLine(); }
    }
    heap.push(snap);
  }
  return heap;
}

function globalsOf(prog: Program): VarSnap[] {
  const out: VarSnap[] = [];
  for (const [k, v] of prog.globals.map) if (typeof k === 'string' && k !== '__builtins__' && k !== '__name__') out.push({ name: k, value: valueSnap(prog, v) });
  return out;
}

/** One process: its GIL (each process has its own) and its threads' lanes, thread ids offset by `idBase`. */
function processSnap(prog: Program, pid: number, name: string, idBase: number, globals: VarSnap[]): ProcessSnap {
  const sched = prog.scheduler;
  const holder = sched.gilHolder;
  return {
    pid, name, gilHolder: holder === null ? null : idBase + holder.id, globals,
    gil: {
      enabled: sched.gil, dropRequested: sched.dropPending, requestedBy: sched.dropRequestedBy === null ? undefined : idBase + sched.dropRequestedBy.id,
      switchInterval: prog.interp.switchInterval, switchCheck: prog.interp.checkEveryInstruction ? '3.9' : '3.11',
    },
    lanes: idBase === 0 ? sched.lanes() : sched.lanes().map((l) => ({ ...l, threadId: idBase + l.threadId })),
    gilMarks: sched.gilMarks.map((m) => ({ ...m, threadId: idBase + m.threadId })),
  };
}

function snapshotOf(prog: Program, status: Snapshot['status'], stopReason?: string): Snapshot {
  const rt = prog.rt;
  const sched = prog.scheduler;
  const current = sched.gilHolder ?? prog.interp.thread;
  const threads: ThreadSnap[] = threadSnaps(prog, 1, 0);
  const children = prog.machine?.processes.slice(1) ?? [];
  for (const c of children) if (c.exitcode === null) threads.push(...threadSnaps(c.prog, c.pid, threadIdBase(c.pid)));
  const heap = heapOf(prog, 1, 0);
  for (const c of children) if (c.exitcode === null) heap.push(...heapOf(c.prog, c.pid, threadIdBase(c.pid)));
  const liveBytes = rt.measureLiveBytes();
  const globals = globalsOf(prog);
  return {
    step: prog.totalSteps(), clock: prog.interp.now(), status, stopReason,
    currentThreadId: current.id,
    processes: [processSnap(prog, 1, 'MainProcess', 0, globals), ...children.filter((c) => c.exitcode === null).map((c) => processSnap(c.prog, c.pid, c.name, threadIdBase(c.pid), globalsOf(c.prog)))],
    threads, lanes: sched.lanes(), cores: sched.cores,
    heap, stdout: rt.stdout.join(''), stderr: rt.stderr.join(''), liveBytes, peakBytes: rt.peakBytes,
    gc: gcSnap(prog),
    eventLoop: eventLoopSnap(prog),
  };
}
