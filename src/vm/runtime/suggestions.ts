/*
 * CPython 3.11's "Did you mean" hints (Python/suggestions.c): when an
 * uncaught NameError or AttributeError (exactly those types) is printed, the
 * closest candidate name by a Levenshtein distance (case flips cost 1, other
 * edits 2, over UTF-8 bytes) is offered if at most about a third of the
 * characters differ. NameError looks at the raising frame's local names,
 * then its globals, then the builtins; AttributeError at dir(obj).
 */

import type { PyValue } from './object';
import type { PyDict } from './types/dict';
import type { Runtime } from './runtime';
import { PyBaseException, E, newException } from './types/exceptions';
import { dirNames } from './dir-names';

const MAX_CANDIDATE_ITEMS = 750;
const MAX_STRING_SIZE = 40;
const MOVE_COST = 2;
const CASE_COST = 1;

const utf8 = new TextEncoder();

function substitutionCost(a: number, b: number): number {
  if ((a & 31) !== (b & 31)) return MOVE_COST;
  if (a === b) return 0;
  if (a >= 65 && a <= 90) a += 32;
  if (b >= 65 && b <= 90) b += 32;
  return a === b ? CASE_COST : MOVE_COST;
}

/** levenshtein_distance of suggestions.c, giving up (maxCost + 1) once the cost must exceed maxCost. */
function distance(a: Uint8Array, b: Uint8Array, maxCost: number): number {
  let aStart = 0, bStart = 0, aEnd = a.length, bEnd = b.length;
  while (aStart < aEnd && bStart < bEnd && a[aStart] === b[bStart]) { aStart++; bStart++; }
  while (aStart < aEnd && bStart < bEnd && a[aEnd - 1] === b[bEnd - 1]) { aEnd--; bEnd--; }
  let x = a.subarray(aStart, aEnd), y = b.subarray(bStart, bEnd);
  if (x.length === 0 || y.length === 0) return (x.length + y.length) * MOVE_COST;
  if (x.length > MAX_STRING_SIZE || y.length > MAX_STRING_SIZE) return maxCost + 1;
  if (y.length < x.length) [x, y] = [y, x];
  if ((y.length - x.length) * MOVE_COST > maxCost) return maxCost + 1;
  const row = new Array<number>(x.length);
  for (let i = 0; i < x.length; i++) row[i] = (i + 1) * MOVE_COST;
  let result = 0;
  for (let bi = 0; bi < y.length; bi++) {
    const code = y[bi];
    let dist = result = bi * MOVE_COST;
    let minimum = Infinity;
    for (let i = 0; i < x.length; i++) {
      const substitute = dist + substitutionCost(code, x[i]);
      dist = row[i];
      result = Math.min(Math.min(result, dist) + MOVE_COST, substitute);
      row[i] = result;
      if (result < minimum) minimum = result;
    }
    if (minimum > maxCost) return maxCost + 1;
  }
  return result;
}

/** calculate_suggestions: the closest of `candidates` to `name`, or null. */
export function closestName(candidates: readonly string[], name: string): string | null {
  if (candidates.length >= MAX_CANDIDATE_ITEMS) return null;
  const n = utf8.encode(name);
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const item of candidates) {
    if (item === name) continue;
    const it = utf8.encode(item);
    // No more than 1/3 of the involved characters should need changing; never worse than the best so far.
    const maxDistance = Math.min(Math.trunc((n.length + it.length + 3) * MOVE_COST / 6), bestDistance - 1);
    const d = distance(n, it, maxDistance);
    if (d > maxDistance) continue;
    if (best === null || d < bestDistance) { best = item; bestDistance = d; }
  }
  return best;
}

/**
 * The names a NameError's hint searches, in order: the raising frame's local names, its globals,
 * the builtins. CPython reads them from the traceback's frame when printing; the globals' names
 * are copied when raising here, since a finished module frame's dict is emptied before printing.
 */
interface NameScope { locals: readonly string[]; globals: string[]; builtins: PyDict }
const NAME_SCOPES = new WeakMap<PyBaseException, NameScope>();

function strKeys(d: PyDict): string[] {
  return [...d.map.keys()].filter((k): k is string => typeof k === 'string');
}

/** A new NameError(msg) carrying `name` (its .name) and the scopes its hint searches. */
export function newNameError(rt: Runtime, msg: string, name: string, locals: readonly string[], globals: PyDict, builtins: PyDict): PyBaseException {
  const e = newException(rt, E.NameError, [msg]);
  (e.attrs ??= new Map()).set('name', name);
  NAME_SCOPES.set(e, { locals, globals: strKeys(globals), builtins });
  return e;
}

/** Give an AttributeError from looking up `name` on `obj` its .name and .obj, unless it already has them (set_attribute_error_context). */
export function addAttributeErrorContext(rt: Runtime, e: PyBaseException, obj: PyValue, name: string): void {
  if (!e.cls.isSubtypeOf(E.AttributeError)) return;
  const attrs = (e.attrs ??= new Map());
  if (attrs.has('name') || attrs.has('obj')) return;
  attrs.set('name', name);
  rt.incref(obj);
  attrs.set('obj', obj);
}

/** The name to offer after "Did you mean: ", or null (_Py_Offer_Suggestions). */
export function suggestionFor(e: PyBaseException): string | null {
  const name = e.attrs?.get('name');
  if (typeof name !== 'string') return null;
  if (e.cls === E.AttributeError) {
    const obj = e.attrs?.get('obj');
    return obj === undefined ? null : closestName(dirNames(obj), name);
  }
  if (e.cls === E.NameError) {
    const scope = NAME_SCOPES.get(e);
    if (scope === undefined) return null;
    return closestName(scope.locals, name) ?? closestName(scope.globals, name) ?? closestName(strKeys(scope.builtins), name);
  }
  return null;
}
