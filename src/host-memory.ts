/*
 * Room left in Node's own heap, for the VM's hostHeadroom option: a program
 * that allocates without end gets a MemoryError rather than killing the
 * process it runs in (the CLI, or VS Code's extension host, which other
 * extensions share). The VM cannot ask itself: it imports nothing of Node.
 */

import * as v8 from 'v8';

/** The bytes Node's heap may still grow before `share` of its limit is in use (0 or less: it is). */
export function hostHeadroom(share: number): () => number {
  return () => {
    const s = v8.getHeapStatistics();
    return share * s.heap_size_limit - s.used_heap_size;
  };
}
