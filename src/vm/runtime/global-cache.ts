/*
 * LOAD_GLOBAL's per-instruction cache (CPython 3.11 specialises the
 * instruction the same way, on the dicts' key versions): the value a name
 * had, good while neither the globals nor the builtins dict has changed
 * since. Every change to a dict (dict.ts) moves its `version` on, so a
 * cached value is always the one the dicts still hold (a borrowed reference).
 */

import type { PyValue } from './object';
import type { PyDict } from './types/dict';

export class GlobalCache {
  globals: PyDict | null = null;
  globalsVersion = -1;
  builtinsVersion = -1;
  value: PyValue | null = null;
}

/** The shared placeholder of an instruction not run yet: it matches no dict. */
export const NO_GLOBAL_CACHE = new GlobalCache();

/** Remember `value` for the instruction at `pc`, as found in `globals` or `builtins`. */
export function fillGlobalCache(caches: GlobalCache[], pc: number, globals: PyDict, builtins: PyDict, value: PyValue): void {
  let c = caches[pc];
  if (c === NO_GLOBAL_CACHE) caches[pc] = c = new GlobalCache();
  c.globals = globals;
  c.globalsVersion = globals.version;
  c.builtinsVersion = builtins.version;
  c.value = value;
}
