/*
 * The heap as a change against what one webview already holds: objects new
 * or changed since the last message, and ids gone. A webview that (re)starts
 * asks for everything again (reset). Comparing field by field is cheap next
 * to sending the whole heap through two process hops per step.
 */

import type { HeapDelta, PanelObject } from '../protocol';

export class HeapDiff {
  private sent = new Map<number, PanelObject>();
  private fresh = true;

  reset(): void {
    this.sent = new Map();
    this.fresh = true;
  }

  delta(heap: PanelObject[]): HeapDelta {
    const next = new Map<number, PanelObject>();
    const upsert: PanelObject[] = [];
    for (const o of heap) {
      next.set(o.id, o);
      const before = this.sent.get(o.id);
      if (before === undefined || !same(before, o)) upsert.push(o);
    }
    const remove: number[] = [];
    for (const id of this.sent.keys()) if (!next.has(id)) remove.push(id);
    const reset = this.fresh;
    this.fresh = false;
    this.sent = next;
    return { reset, upsert, remove };
  }
}

/** Whether the webview's copy of an object is still right: every field of PanelObject (a new field belongs here too). */
function same(a: PanelObject, b: PanelObject): boolean {
  if (a.refcount !== b.refcount || a.size !== b.size || a.repr !== b.repr || a.type !== b.type || a.genState !== b.genState || a.genLine !== b.genLine
    || a.generation !== b.generation || a.createdStep !== b.createdStep || a.createdLine !== b.createdLine || a.processId !== b.processId
    || a.holders.length !== b.holders.length || a.refs.length !== b.refs.length) return false;
  for (let i = 0; i < a.holders.length; i++) {
    const x = a.holders[i], y = b.holders[i];
    if (x.label !== y.label || x.kind !== y.kind || x.ownerId !== y.ownerId || x.frameId !== y.frameId || x.threadId !== y.threadId) return false;
  }
  for (let i = 0; i < a.refs.length; i++) if (a.refs[i].target !== b.refs[i].target || a.refs[i].label !== b.refs[i].label) return false;
  return true;
}
