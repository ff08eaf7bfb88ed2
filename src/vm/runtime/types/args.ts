/*
 * Argument parsing for natives: positional values followed by keyword values
 * named by kwnames, with CPython's messages for missing, surplus and
 * unexpected arguments.
 */

import type { PyValue } from '../object';
import type { Runtime } from '../runtime';
import { E, raise } from './exceptions';

/**
 * Bind args to `names` (positional-or-keyword). Returns one slot per name,
 * undefined where absent. `minPos` names are required. `kwOnlyFrom` marks the
 * first name that can only be given by keyword.
 */
export function bindArgs(rt: Runtime, fname: string, args: PyValue[], kwnames: readonly string[] | null,
  names: readonly string[], minPos: number, kwOnlyFrom = names.length): (PyValue | undefined)[] {
  const nkw = kwnames === null ? 0 : kwnames.length;
  const npos = args.length - nkw;
  const out: (PyValue | undefined)[] = new Array(names.length).fill(undefined);
  if (npos > kwOnlyFrom) {
    if (kwOnlyFrom === minPos && minPos === names.length) {
      raise(rt, E.TypeError, `${fname}() takes exactly ${minPos} argument${minPos === 1 ? '' : 's'} (${npos} given)`);
    }
    raise(rt, E.TypeError, `${fname}() takes at most ${kwOnlyFrom} argument${kwOnlyFrom === 1 ? '' : 's'} (${npos} given)`);
  }
  for (let i = 0; i < npos; i++) out[i] = args[i];
  for (let j = 0; j < nkw; j++) {
    const k = kwnames![j];
    const idx = names.indexOf(k);
    if (idx < 0) raise(rt, E.TypeError, `${fname}() got an unexpected keyword argument '${k}'`);
    if (out[idx] !== undefined) raise(rt, E.TypeError, `argument for ${fname}() given by name ('${k}') and position (${idx + 1})`);
    out[idx] = args[npos + j];
  }
  for (let i = 0; i < minPos; i++) {
    if (out[i] === undefined) {
      raise(rt, E.TypeError, `${fname}() missing required argument '${names[i]}' (pos ${i + 1})`);
    }
  }
  return out;
}

/** Positional-only natives: check the count and reject keywords (CPython's METH_VARARGS texts). */
export function posArgs(rt: Runtime, fname: string, args: PyValue[], kwnames: readonly string[] | null, min: number, max: number): void {
  if (kwnames !== null && kwnames.length > 0) raise(rt, E.TypeError, `${fname}() takes no keyword arguments`);
  const n = args.length;
  if (n >= min && n <= max) return;
  if (min === max) {
    if (min === 0) raise(rt, E.TypeError, `${fname}() takes no arguments (${n} given)`);
    if (min === 1) raise(rt, E.TypeError, `${fname}() takes exactly one argument (${n} given)`);
    raise(rt, E.TypeError, `${fname} expected ${min} arguments, got ${n}`);
  }
  if (n < min) raise(rt, E.TypeError, `${fname} expected at least ${min} argument${min === 1 ? '' : 's'}, got ${n}`);
  raise(rt, E.TypeError, `${fname} expected at most ${max} argument${max === 1 ? '' : 's'}, got ${n}`);
}

/** The str methods CPython parses with stringlib's own "takes at least/most" wording (find family). */
const STRINGLIB_STYLE = new Set(['find', 'rfind', 'index', 'rindex', 'count', 'startswith', 'endswith']);

/**
 * A built-in method's arguments, args[0] being self: `min` and `max` count
 * self, CPython's messages do not. Methods without arguments or with exactly
 * one (`str.upper`, `list.append`: pass the dotted name) say "takes no
 * arguments" / "takes exactly one argument"; Argument Clinic methods say
 * "replace expected at least 2 arguments, got 1"; the find family says
 * "find() takes at least 1 argument (0 given)".
 */
export function methodArgs(rt: Runtime, fname: string, args: PyValue[], kwnames: readonly string[] | null, min: number, max: number): void {
  if (kwnames !== null && kwnames.length > 0) raise(rt, E.TypeError, `${fname}() takes no keyword arguments`);
  const n = args.length - 1;
  const lo = min - 1;
  const hi = max - 1;
  if (n >= lo && n <= hi) return;
  if (hi === 0) raise(rt, E.TypeError, `${fname}() takes no arguments (${n} given)`);
  if (lo === 1 && hi === 1) raise(rt, E.TypeError, `${fname}() takes exactly one argument (${n} given)`);
  const short = fname.slice(fname.lastIndexOf('.') + 1);
  const plural = (k: number): string => `${k} argument${k === 1 ? '' : 's'}`;
  if (STRINGLIB_STYLE.has(short) && typeof args[0] === 'string') {
    raise(rt, E.TypeError, n < lo ? `${short}() takes at least ${plural(lo)} (${n} given)` : `${short}() takes at most ${plural(hi)} (${n} given)`);
  }
  if (lo === hi) raise(rt, E.TypeError, `${short} expected ${plural(lo)}, got ${n}`);
  raise(rt, E.TypeError, n < lo ? `${short} expected at least ${plural(lo)}, got ${n}` : `${short} expected at most ${plural(hi)}, got ${n}`);
}
