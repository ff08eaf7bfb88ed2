/*
 * Node's own heap nearly full, for the VM's hostMemoryLow option: a program
 * that allocates without end gets a MemoryError rather than killing the
 * process it runs in (the CLI, or VS Code's extension host, which other
 * extensions share). The VM cannot ask itself: it imports nothing of Node.
 */

import * as v8 from 'v8';

/** True once `share` of the heap limit is in use. */
export function hostMemoryLow(share: number): () => boolean {
  return () => {
    const s = v8.getHeapStatistics();
    return s.used_heap_size > share * s.heap_size_limit;
  };
}
