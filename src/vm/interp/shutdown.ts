/*
 * What Py_FinalizeEx (CPython 3.11, Python/pylifecycle.c) does that a program
 * can see: the objects still alive when the program ends are finalized, and
 * their `__del__` methods print, in CPython's order.
 *
 * 1. A full collection, only if gc is enabled (_PyGC_CollectIfEnabled). It
 *    frees nothing the modules hold, but move_unreachable reorders the
 *    generation list: an object first reached through a container goes to
 *    the end. That order decides step 3's.
 * 2. sys.modules is emptied in its order (__main__, then what the program
 *    imported): each module drops its dict. A dict in no cycle is freed at
 *    once, values in insertion order.
 * 3. A full collection even with gc disabled (_PyGC_CollectNoFail): the
 *    module dicts and everything only they held are garbage now, so every
 *    `__del__` runs in generation-list order, then the cycles are cleared.
 * 4. A module whose dict is still alive (held from outside, e.g. through
 *    gc.callbacks) has it cleared as _PyModule_ClearDict does: names with
 *    one leading underscore first, then the rest but __builtins__; modules
 *    imported later first.
 * 5. A last collection for the cycles step 4 left (finalize_interp_clear).
 */

import type { Runtime } from '../runtime/runtime';
import { dictSet, type PyDict } from '../runtime/types/dict';
import { None } from '../runtime/types/singletons';

/**
 * Run steps 1 to 5. `dropModules` releases each module's reference to its dict
 * (step 2) and returns the dicts, in sys.modules order, without counting them.
 */
export function finalizeRuntime(rt: Runtime, dropModules: () => PyDict[]): void {
  if (rt.gc.enabled) rt.gc.collectWithCallbacks(2);
  const dicts = dropModules();
  rt.gc.collectNoFail();
  for (let i = dicts.length - 1; i >= 0; i--) {
    const d = dicts[i];
    if (d.rc > 0) clearModuleDict(rt, d);
  }
  rt.gc.collectNoFail();
}

/** _PyModule_ClearDict: every name but __builtins__ set to None, single-underscore names first. */
function clearModuleDict(rt: Runtime, d: PyDict): void {
  d.rc++; // a finalizer may drop the last reference while we walk it
  for (const pass of [0, 1]) {
    for (const k of [...d.map.keys()]) {
      if (typeof k !== 'string') continue;
      const single = k.startsWith('_') && !k.startsWith('__');
      if (pass === 0 ? !single : k === '__builtins__') continue;
      if (d.map.get(k) !== None) dictSet(rt, d, k, None);
    }
  }
  rt.decref(d);
}
