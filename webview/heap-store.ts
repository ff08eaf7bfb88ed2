/*
 * The webview's copy of the heap, kept up to date from the host's deltas,
 * and what changed at the last stop: new objects (drawn appearing), changed
 * ones (their badge flashes) and freed ones (drawn fading out once).
 * No DOM here, so the unit tests can drive it.
 */

import type { HeapDelta, PanelObject } from '../src/protocol';

export class HeapStore {
  readonly objects = new Map<number, PanelObject>();
  added = new Set<number>();
  changed = new Set<number>();
  /** Objects gone since the previous stop, as they last were. */
  gone: PanelObject[] = [];
  /** Every object seen this session, as last seen: names freed objects in the freed list. */
  private readonly lastSeen = new Map<number, PanelObject>();

  /** A session ended: the next one starts from nothing (its object ids start again too). */
  clear(): void {
    this.objects.clear();
    this.lastSeen.clear();
    this.added = new Set();
    this.changed = new Set();
    this.gone = [];
  }

  apply(delta: HeapDelta): void {
    this.added = new Set();
    this.changed = new Set();
    this.gone = [];
    if (delta.reset) {
      const kept = new Set(delta.upsert.map((u) => u.id));
      for (const o of this.objects.values()) if (!kept.has(o.id)) this.gone.push(o);
      this.objects.clear();
    }
    for (const id of delta.remove) {
      const o = this.objects.get(id);
      if (o !== undefined) { this.gone.push(o); this.objects.delete(id); }
    }
    for (const o of delta.upsert) {
      if (this.objects.has(o.id)) this.changed.add(o.id);
      else if (!delta.reset) this.added.add(o.id);
      this.objects.set(o.id, o);
      this.lastSeen.set(o.id, o);
    }
  }

  seen(id: number): PanelObject | undefined {
    return this.objects.get(id) ?? this.lastSeen.get(id);
  }
}
