/*
 * Where each object of a session's main process was created (step and
 * line) and when freed ones went, heard through the runtime's heap listener.
 * Only debug sessions listen, so `minipy run` pays nothing.
 *
 * Lines are the program's own (a free inside threading's code is put on
 * the program's line that called into it). Inside one instruction the interpreter keeps its program counter
 * in a local, so a frame's saved pc can lag. When the session runs one
 * instruction at a time it knows which instruction that is, and uses its
 * line. A replay (step back) runs many at once; but replays are exact
 * (object ids and steps come out the same), so the records from the first
 * pass are kept across replays, keyed by object id, and a replay only
 * fills in what it did not see before.
 */

import type { PyObject } from '../runtime/object';
import type { HeapListener } from '../runtime/runtime';
import type { Program } from '../index';
import type { Frame } from '../interp/frame';
import type { FreedSnap, Snapshot } from '../snapshot-types';
import { isLibraryFile } from '../library-files';

/** Records kept; older ones are forgotten first. */
const CREATED_KEPT = 200_000;
const FREED_KEPT = 2000;

export interface StepSite {
  frame: Frame | null;
  pc: number;
}

export class HeapHistory {
  private readonly created = new Map<number, { step: number; line: number }>();
  private readonly freed = new Map<number, FreedSnap>();

  /** `site` is the instruction the session is running one at a time, if it is. */
  listen(prog: Program, site: () => StepSite | null): HeapListener {
    const where = (): { step: number; line: number } => {
      let f = prog.interp.thread.frame;
      // Inside library code (threading, asyncio) the line that matters is the program's own call into it;
      // a thread that runs only library code (its bootstrap) has none: line 0.
      while (f !== null && isLibraryFile(f.code.co_filename)) f = f.back;
      const s = site();
      let line = 0;
      if (f !== null) line = s !== null && s.frame === f && f.code.lines[s.pc] >= 0 ? f.code.lines[s.pc] : f.currentLine();
      return { step: prog.totalSteps(), line };
    };
    return {
      alloc: (obj: PyObject) => {
        const at = where();
        const known = this.created.get(obj.oid);
        if (known !== undefined && known.step === at.step) return;
        this.created.set(obj.oid, at);
        if (this.created.size > CREATED_KEPT) this.created.delete(this.created.keys().next().value as number);
      },
      free: (obj: PyObject) => {
        const at = where();
        const known = this.freed.get(obj.oid);
        if (known !== undefined && known.step === at.step) return;
        this.freed.delete(obj.oid);
        this.freed.set(obj.oid, { id: obj.oid, type: obj.cls.name, step: at.step, line: at.line });
        if (this.freed.size > FREED_KEPT) this.freed.delete(this.freed.keys().next().value as number);
      },
    };
  }

  /** The step at which object `id` was freed, if it was, at or before `now`. */
  freedAt(id: number, now: number): number | undefined {
    const f = this.freed.get(id);
    return f !== undefined && f.step <= now ? f.step : undefined;
  }

  /** Fill the snapshot's creation sites and its list of frees so far (main process objects only). */
  annotate(snap: Snapshot): void {
    for (const o of snap.heap) {
      if (o.processId !== undefined && o.processId !== 1) continue;
      const c = this.created.get(o.id);
      if (c !== undefined) { o.createdStep = c.step; o.createdLine = c.line; }
    }
    snap.freed = [...this.freed.values()].filter((f) => f.step <= snap.step).sort((a, b) => a.step - b.step);
  }
}
