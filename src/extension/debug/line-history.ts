/*
 * Where each thread started a line, step by step, recorded while running
 * forward. Step back and reverse continue search it backwards and then ask
 * the VM to jump to that step; the VM is deterministic, so records past a
 * jump stay true and need not be dropped. Stored in typed arrays: a tight
 * loop starts millions of lines, and one object each would stall the GC.
 */

import type { VmPosition } from './vm-port';

export interface LineRecord {
  step: number;
  threadId: number;
  frameId: number;
  depth: number;
  line: number;
  filename: string;
}

/** Past this many records the oldest half is dropped (stepping back further lands on the oldest kept). */
const CAPACITY = 1 << 20;

export class LineHistory {
  private steps = new Float64Array(1024);
  private ints = new Int32Array(1024 * 5);
  private n = 0;
  private readonly files: string[] = [];
  private readonly fileIndex = new Map<string, number>();

  record(pos: VmPosition): void {
    if (!pos.lineStart || pos.line <= 0 || !pos.alive) return;
    if (this.n > 0 && this.steps[this.n - 1] >= pos.step) return;
    if (this.n === CAPACITY) {
      const half = CAPACITY / 2;
      this.steps.copyWithin(0, half, this.n);
      this.ints.copyWithin(0, half * 5, this.n * 5);
      this.n -= half;
    } else if (this.n === this.steps.length) {
      const steps = new Float64Array(this.n * 2);
      steps.set(this.steps);
      const ints = new Int32Array(this.n * 2 * 5);
      ints.set(this.ints);
      this.steps = steps;
      this.ints = ints;
    }
    let f = this.fileIndex.get(pos.filename);
    if (f === undefined) { f = this.files.length; this.files.push(pos.filename); this.fileIndex.set(pos.filename, f); }
    const i = this.n++;
    this.steps[i] = pos.step;
    const o = i * 5;
    this.ints[o] = pos.threadId;
    this.ints[o + 1] = pos.frameId;
    this.ints[o + 2] = pos.depth;
    this.ints[o + 3] = pos.line;
    this.ints[o + 4] = f;
  }

  private at(i: number): LineRecord {
    const o = i * 5;
    return { step: this.steps[i], threadId: this.ints[o], frameId: this.ints[o + 1], depth: this.ints[o + 2], line: this.ints[o + 3], filename: this.files[this.ints[o + 4]] };
  }

  /** Records strictly before `step`, newest first. */
  *before(step: number): Generator<LineRecord> {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.steps[mid] < step) lo = mid + 1; else hi = mid;
    }
    for (let i = lo - 1; i >= 0; i--) yield this.at(i);
  }

  first(): LineRecord | undefined {
    return this.n > 0 ? this.at(0) : undefined;
  }

  clear(): void {
    this.n = 0;
  }
}
