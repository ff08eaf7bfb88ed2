/*
 * The heap as a change against what one webview already holds: objects new
 * or changed since the last message, and ids gone. A webview that (re)starts
 * asks for everything again (reset). Comparing each object's JSON text is
 * cheap next to sending the whole heap through two process hops per step.
 */

import type { HeapDelta, PanelObject } from '../protocol';

export class HeapDiff {
  private sent = new Map<number, string>();
  private fresh = true;

  reset(): void {
    this.sent = new Map();
    this.fresh = true;
  }

  delta(heap: PanelObject[]): HeapDelta {
    const next = new Map<number, string>();
    const upsert: PanelObject[] = [];
    for (const o of heap) {
      const text = JSON.stringify(o);
      next.set(o.id, text);
      if (this.sent.get(o.id) !== text) upsert.push(o);
    }
    const remove: number[] = [];
    for (const id of this.sent.keys()) if (!next.has(id)) remove.push(id);
    const reset = this.fresh;
    this.fresh = false;
    this.sent = next;
    return { reset, upsert, remove };
  }
}
