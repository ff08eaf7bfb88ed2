/*
 * What the panel draws, derived from a snapshot (pure: no vscode): each
 * process with its own GIL and lanes, threads with their stacks, memory over
 * the stops so far, the collector's last collection phase by phase,
 * generators with their frames, the event loop, the bytecode the threads
 * stand in, and the whole heap as graph nodes (the host sends it on as a
 * delta).
 */

import type { FrameSnap, GcCollectionSnap, ObjectSnap, Snapshot, ThreadSnap } from '../../vm/snapshot-types';
import type { FullPanelState, PanelBytecode, PanelCollection, PanelFrame, PanelGenerator, PanelObject, PanelProcess } from '../../protocol';
import type { DisLine } from './vm-port';
import { isLibraryFile } from '../../vm/index';

/** Lane segments sent per thread: the most recent ones. */
const SEGMENTS_PER_THREAD = 400;
/** Drop requests and forced switches sent per process: the most recent ones. */
const MARKS_SENT = 400;
/** Collection candidates sent: the panel draws the first few as chips. */
const CANDIDATES_SENT = 60;
/** Frees listed in the panel, newest first. */
const FREED_LISTED = 100;
/** Code objects whose bytecode is shown: the ones the live threads stand in. */
const BYTECODE_SHOWN = 4;

export interface PanelInputs {
  memory: { step: number; bytes: number }[];
  narration: string[];
  note?: string;
  stoppedAt: number;
  disassemble(codeKey: string): DisLine[] | undefined;
}

export function panelState(s: Snapshot, inputs: PanelInputs): FullPanelState {
  const names = new Map(s.threads.map((t) => [t.id, t.name]));
  const nameOf = (id: number | null | undefined): string | undefined => id === null || id === undefined ? undefined : names.get(id) ?? String(id);
  const objectsIn = new Map<number, number>();
  for (const o of s.heap) objectsIn.set(o.processId ?? 1, (objectsIn.get(o.processId ?? 1) ?? 0) + 1);
  const processes: PanelProcess[] = s.processes.map((p) => ({
    pid: p.pid, name: p.name, objects: objectsIn.get(p.pid) ?? 0,
    gil: p.gil ? {
      holder: nameOf(p.gilHolder) ?? null, enabled: p.gil.enabled, dropRequested: p.gil.dropRequested, requestedBy: nameOf(p.gil.requestedBy),
      intervalMs: p.gil.switchInterval * 1000, check: p.gil.switchCheck,
    } : undefined,
    marks: (p.gilMarks ?? []).slice(-MARKS_SENT),
    lanes: s.threads.filter((t) => t.processId === p.pid).map((t) => ({
      threadId: t.id, name: t.name,
      segments: (p.lanes ?? (p.pid === 1 ? s.lanes : undefined) ?? []).filter((g) => g.threadId === t.id).slice(-SEGMENTS_PER_THREAD)
        .map((g) => ({ state: g.state, start: g.start, end: g.end })),
    })),
  }));
  const gc = s.gc;
  const c = gc?.collection;
  return {
    step: s.step, clock: s.clock, status: s.status, stoppedAt: inputs.stoppedAt, currentThreadId: s.currentThreadId,
    narration: inputs.narration, note: inputs.note,
    processes,
    threads: s.threads.map((t) => ({
      id: t.id, name: t.name, processId: t.processId, state: t.state, holdsGil: t.holdsGil, waitingFor: t.waitingFor,
      where: whereOf(t.frames), cpuMs: (t.cpuTime ?? 0) * 1000, frames: t.frames.map(panelFrame),
    })),
    memory: inputs.memory, liveBytes: s.liveBytes, peakBytes: s.peakBytes,
    gc: gc ? {
      enabled: gc.enabled, counts: [...gc.counts], thresholds: [...gc.thresholds],
      last: c ? collection(c) : undefined,
    } : undefined,
    generators: generators(s),
    eventLoop: s.eventLoop ? {
      time: s.eventLoop.time, ready: s.eventLoop.ready, timers: s.eventLoop.timers,
      tasks: s.eventLoop.tasks.map((t) => ({ name: t.name, state: t.coroState ?? t.state, awaiting: t.awaiting, line: t.line })),
    } : undefined,
    heap: s.heap.map(panelObject),
    heapTotal: s.heap.length,
    freed: (s.freed ?? []).slice(-FREED_LISTED).reverse(),
    bytecode: bytecode(s.threads, inputs.disassemble),
  };
}

/** A collection as the panel shows it: the first candidates with what happened to each, and the totals. */
function collection(c: GcCollectionSnap): PanelCollection {
  // The unreachable first: they are what the collection is about.
  const lost = new Set(c.unreachable);
  const candidates = [...c.candidates.filter((k) => lost.has(k.id)), ...c.candidates.filter((k) => !lost.has(k.id))].slice(0, CANDIDATES_SENT);
  const shown = new Set(candidates.map((k) => k.id));
  const only = (ids: number[]): number[] => ids.filter((id) => shown.has(id));
  return {
    generation: c.generation, step: c.step, candidates, unreachable: only(c.unreachable), finalized: only(c.finalized), freed: only(c.freed),
    counts: { candidates: c.candidates.length, unreachable: c.unreachable.length, freed: c.freed.length },
    collected: c.collected, uncollectable: c.uncollectable,
  };
}

export function panelObject(o: ObjectSnap): PanelObject {
  const refs: PanelObject['refs'] = [];
  for (const r of o.refs) if (r.target.kind === 'ref') refs.push({ label: r.label, target: r.target.id });
  return {
    id: o.id, type: o.type, repr: o.repr, refcount: o.refcount, size: o.size, processId: o.processId ?? 1,
    holders: o.holders.map((h) => ({ kind: h.kind, label: h.label, ownerId: h.ownerId, frameId: h.frameId, threadId: h.threadId })),
    refs, createdStep: o.createdStep, createdLine: o.createdLine, generation: o.generation, genState: o.genState, genLine: o.genLine,
  };
}

function panelFrame(f: FrameSnap): PanelFrame {
  return {
    id: f.id, name: f.name, line: f.line, opname: f.opname, offset: f.offset, codeKey: f.codeKey,
    library: isLibraryFile(f.filename), generatorId: f.generatorId,
  };
}

/** Each generator and coroutine: its state, the line it is suspended at, its frame's locals, and who runs it now. */
function generators(s: Snapshot): PanelGenerator[] {
  const out: PanelGenerator[] = [];
  for (const o of s.heap) {
    if (o.genState === undefined) continue;
    const running = s.threads.find((t) => t.frames.some((f) => f.generatorId === o.id));
    const frame = running?.frames.find((f) => f.generatorId === o.id);
    const locals = frame
      ? frame.locals.map((v) => ({ name: v.name, repr: v.value.repr }))
      : o.refs.filter((r) => r.label.startsWith('gi_frame.') && r.label !== 'gi_frame.f_func').map((r) => ({ name: r.label.slice('gi_frame.'.length), repr: r.target.repr }));
    out.push({
      id: o.id, name: o.repr.replace(/^<(\w+ object )?/, '').replace(/ at 0x[0-9a-f]+>$/, ''), state: o.genState,
      line: frame?.line ?? o.genLine, locals, runningIn: running?.name,
    });
  }
  return out;
}

/** The code objects the live threads stand in (the current thread's first), with each thread's position. */
function bytecode(threads: ThreadSnap[], disassemble: PanelInputs['disassemble']): PanelBytecode[] {
  const out = new Map<string, PanelBytecode>();
  for (const t of threads) {
    const f = t.frames[0];
    if (f === undefined || t.state === 'finished' || isLibraryFile(f.filename)) continue;
    let code = out.get(f.codeKey);
    if (code === undefined) {
      if (out.size >= BYTECODE_SHOWN) continue;
      const rows = disassemble(f.codeKey);
      if (rows === undefined) continue;
      code = { codeKey: f.codeKey, name: f.name, rows: rows.map((r) => ({ offset: r.offset, opname: r.opname, argrepr: r.argrepr, line: r.line })), markers: [] };
      out.set(f.codeKey, code);
    }
    code.markers.push({ threadId: t.id, thread: t.name, index: f.instruction });
  }
  return [...out.values()];
}

/** Where a thread stands in the program's own code (library frames such as threading's are skipped). */
function whereOf(frames: { name: string; line: number; filename: string }[]): string | undefined {
  const f = frames.find((x) => !isLibraryFile(x.filename)) ?? frames[0];
  return f ? `${f.name}:${f.line}` : undefined;
}
