/*
 * What the panel draws, derived from a snapshot (pure: no vscode): threads
 * and their lanes over virtual time, the GIL, memory over the stops so far,
 * the collector, generators, the event loop and the newest heap objects.
 */

import type { Snapshot } from '../../vm/snapshot-types';
import { HEAP_LIMIT, type PanelState } from '../../protocol';

/** Lane segments sent per thread: the most recent ones. */
const SEGMENTS_PER_THREAD = 400;

export function panelState(s: Snapshot, memory: { step: number; bytes: number }[], narration: string[], note?: string): PanelState {
  const names = new Map(s.threads.map((t) => [t.id, t.name]));
  const p = s.processes[0];
  const lanes = s.threads.map((t) => ({
    threadId: t.id,
    name: t.name,
    segments: (s.lanes ?? []).filter((g) => g.threadId === t.id).slice(-SEGMENTS_PER_THREAD).map((g) => ({ state: g.state, start: g.start, end: g.end })),
  }));
  const gc = s.gc;
  const c = gc?.collection;
  const heap = s.heap.slice(-HEAP_LIMIT).reverse().map((o) => ({
    id: o.id, type: o.type, repr: o.repr, refcount: o.refcount, size: o.size,
    holders: o.holders.map((h) => h.label), generation: o.generation, genState: o.genState,
  }));
  return {
    step: s.step, clock: s.clock, status: s.status, narration, note,
    threads: s.threads.map((t) => ({
      id: t.id, name: t.processId === 1 ? t.name : `${s.processes.find((q) => q.pid === t.processId)?.name ?? `pid ${t.processId}`}: ${t.name}`, state: t.state, holdsGil: t.holdsGil, waitingFor: t.waitingFor,
      where: whereOf(t.frames), cpuMs: (t.cpuTime ?? 0) * 1000,
    })),
    gil: p?.gil ? {
      holder: p.gilHolder === null ? null : names.get(p.gilHolder) ?? String(p.gilHolder),
      dropRequested: p.gil.dropRequested, requestedBy: p.gil.requestedBy === undefined ? undefined : names.get(p.gil.requestedBy),
      intervalMs: p.gil.switchInterval * 1000, check: p.gil.switchCheck,
    } : undefined,
    lanes,
    memory, liveBytes: s.liveBytes, peakBytes: s.peakBytes,
    gc: gc ? {
      enabled: gc.enabled, counts: [...gc.counts], thresholds: [...gc.thresholds],
      last: c ? { generation: c.generation, step: c.step, candidates: c.candidates.slice(0, 50), unreachable: c.unreachable.length, freed: c.freed.length, collected: c.collected } : undefined,
    } : undefined,
    generators: s.heap.filter((o) => o.genState !== undefined).map((o) => ({
      id: o.id, name: o.repr.replace(/^<(\w+ object )?/, '').replace(/ at 0x[0-9a-f]+>$/, ''), state: o.genState as string, line: o.genLine,
    })),
    eventLoop: s.eventLoop ? {
      time: s.eventLoop.time, ready: s.eventLoop.ready, timers: s.eventLoop.timers,
      tasks: s.eventLoop.tasks.map((t) => ({ name: t.name, state: t.coroState ?? t.state, awaiting: t.awaiting, line: t.line })),
    } : undefined,
    heap, heapTotal: s.heap.length,
  };
}

/** Where a thread stands in the program's own code (library frames such as threading's are skipped). */
function whereOf(frames: { name: string; line: number; filename: string }[]): string | undefined {
  const f = frames.find((x) => !x.filename.startsWith('<frozen ')) ?? frames[0];
  return f ? `${f.name}:${f.line}` : undefined;
}
