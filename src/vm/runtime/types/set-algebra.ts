/*
 * Set algebra as CPython 3.11's Objects/setobject.c does it: which operand is
 * copied or iterated, in which order, and when the table is presized or
 * rebuilt. The result's contents never depend on this, but its iteration
 * order does (set-table.ts), so each function follows its C counterpart.
 */

import type { PyValue } from '../object';
import type { Runtime } from '../runtime';
import { T } from '../builtin-types';
import { PyDict, dictContains, origKey } from './dict';
import {
  PySet, mapInsert, newSet, setAdd, setAddHashed, setContains, setDiscard, setEntries, setSwapBodies,
} from './set';
import { collect } from './ops';

function isExactDict(v: PyValue): v is PyDict {
  return v instanceof PyDict && v.cls === T.dict;
}

/** set_table_resize when adding n elements would pass the growth threshold (set_merge, dict update). */
function presize(rt: Runtime, s: PySet, n: number): void {
  const t = s.tab;
  if ((t.fill + n) * 5 < t.mask * 3) return;
  const size = t.size;
  t.resize((t.used + n) * 2);
  if (t.size > size) rt.grew(s);
}

/** set_merge: add every element of another set. */
function setMerge(rt: Runtime, s: PySet, o: PySet): void {
  if (o === s || o.map.size === 0) return;
  presize(rt, s, o.map.size);
  const t = s.tab;
  if (t.fill === 0 && t.mask === o.tab.mask && o.tab.fill === o.tab.used) {
    // An empty table of the same size and no dummies to drop: CPython copies the slots.
    for (const v of o.map.values()) mapInsert(rt, s, v);
    t.copyFrom(o.tab);
    return;
  }
  if (t.fill === 0) {
    for (const [v, h] of setEntries(rt, o)) { mapInsert(rt, s, v); t.insertClean(v, h); }
    t.fill = t.used = o.map.size;
    return;
  }
  for (const [v, h] of setEntries(rt, o)) setAddHashed(rt, s, v, h);
}

/** set_update_internal: add the elements of any iterable. */
export function setUpdate(rt: Runtime, s: PySet, other: PyValue): void {
  if (other instanceof PySet) { setMerge(rt, s, other); return; }
  if (isExactDict(other)) {
    presize(rt, s, other.map.size);
    for (const nk of [...other.map.keys()]) setAdd(rt, s, origKey(other, nk));
    return;
  }
  const items = collect(rt, other);
  try {
    for (const v of items) setAdd(rt, s, v);
  } finally { for (const v of items) rt.decref(v); }
}

/** make_new_set_basetype(type(so), iterable): a new set (or frozenset) of an iterable's elements. */
export function setFrom(rt: Runtime, frozen: boolean, iterable: PyValue | undefined): PySet {
  const r = newSet(rt, frozen);
  if (iterable === undefined) return r;
  try { setUpdate(rt, r, iterable); } catch (e) { rt.decref(r); throw e; }
  return r;
}

export function setCopy(rt: Runtime, s: PySet): PySet {
  return setFrom(rt, s.frozen, s);
}

/**
 * A frozenset constant. The compiler builds it from the folded tuple (source
 * order), then its constant merging (merge_consts_recursive) rebuilds it from
 * that set's iteration order, so the table is the second build's. Items are owned.
 */
export function frozensetConst(rt: Runtime, items: PyValue[]): PySet {
  const first = newSet(rt, true);
  for (const v of items) { setAdd(rt, first, v); rt.decref(v); }
  const r = newSet(rt, true);
  for (const [v, h] of setEntries(rt, first)) setAddHashed(rt, r, v, h);
  rt.decref(first);
  return r;
}

/** set.union(*others) and `|`. */
export function setUnion(rt: Runtime, s: PySet, others: PyValue[]): PySet {
  const r = setCopy(rt, s);
  try {
    for (const o of others) if (o !== s) setUpdate(rt, r, o);
  } catch (e) { rt.decref(r); throw e; }
  return r;
}

/** set_intersection: iterate the smaller set (or the iterable), keep what the other holds. */
export function setIntersection(rt: Runtime, so: PySet, other: PyValue): PySet {
  if (so === other) return setCopy(rt, so);
  const r = newSet(rt, so.frozen);
  try {
    if (other instanceof PySet) {
      let big = so, small = other;
      if (small.map.size > big.map.size) { big = other; small = so; }
      for (const [v, h] of setEntries(rt, small)) if (setContains(rt, big, v)) setAddHashed(rt, r, v, h);
      return r;
    }
    const items = collect(rt, other);
    try {
      for (const v of items) if (setContains(rt, so, v)) setAdd(rt, r, v);
    } finally { for (const v of items) rt.decref(v); }
  } catch (e) { rt.decref(r); throw e; }
  return r;
}

/** set.intersection(*others): intersect with each in turn. */
export function setIntersectionMulti(rt: Runtime, so: PySet, others: PyValue[]): PySet {
  if (others.length === 0) return setCopy(rt, so);
  let result = so;
  so.rc++;
  for (const o of others) {
    let next: PySet;
    try { next = setIntersection(rt, result, o); } catch (e) { rt.decref(result); throw e; }
    rt.decref(result);
    result = next;
  }
  return result;
}

/** set.intersection_update(*others) and `&=`: the intersection's table replaces the set's. */
export function setIntersectionUpdate(rt: Runtime, so: PySet, others: PyValue[]): void {
  const tmp = others.length === 1 ? setIntersection(rt, so, others[0]) : setIntersectionMulti(rt, so, others);
  setSwapBodies(so, tmp);
  rt.decref(tmp);
}

/** set_difference_update_internal: `-=` and set.difference_update. */
export function setDifferenceUpdate(rt: Runtime, so: PySet, other: PyValue): void {
  if (so === other) { so.clear(rt); return; }
  if (other instanceof PySet) {
    // Against a much larger set CPython iterates their intersection instead.
    const o = (other.map.size >> 3) > so.map.size ? setIntersection(rt, so, other) : other;
    try {
      for (const [v] of setEntries(rt, o)) setDiscard(rt, so, v);
    } finally { if (o !== other) rt.decref(o); }
  } else {
    const items = collect(rt, other);
    try {
      for (const v of items) setDiscard(rt, so, v);
    } finally { for (const v of items) rt.decref(v); }
  }
  // More than a quarter of the slots dummies: rebuild the table.
  const t = so.tab;
  if (t.fill - t.used <= Math.floor(t.mask / 4)) return;
  t.resize(t.used > 50000 ? t.used * 2 : t.used * 4);
}

/** set_difference: a new set of so's elements not in other. */
export function setDifference(rt: Runtime, so: PySet, other: PyValue): PySet {
  let otherSize = -1;
  if (other instanceof PySet) otherSize = other.map.size;
  else if (isExactDict(other)) otherSize = other.map.size;
  if (otherSize < 0 || (so.map.size >> 2) > otherSize) {
    const r = setCopy(rt, so);
    try { setDifferenceUpdate(rt, r, other); } catch (e) { rt.decref(r); throw e; }
    return r;
  }
  const r = newSet(rt, so.frozen);
  try {
    for (const [v, h] of setEntries(rt, so)) {
      const inOther = other instanceof PySet ? setContains(rt, other, v) : dictContains(rt, other as PyDict, v);
      if (!inOther) setAddHashed(rt, r, v, h);
    }
  } catch (e) { rt.decref(r); throw e; }
  return r;
}

/** set.difference(*others). */
export function setDifferenceMulti(rt: Runtime, so: PySet, others: PyValue[]): PySet {
  if (others.length === 0) return setCopy(rt, so);
  const r = setDifference(rt, so, others[0]);
  try {
    for (let i = 1; i < others.length; i++) setDifferenceUpdate(rt, r, others[i]);
  } catch (e) { rt.decref(r); throw e; }
  return r;
}

/** set_symmetric_difference_update: `^=`; each element of other is removed if present, else added. */
export function setSymmetricDifferenceUpdate(rt: Runtime, so: PySet, other: PyValue): void {
  if (so === other) { so.clear(rt); return; }
  if (isExactDict(other)) {
    for (const nk of [...other.map.keys()]) {
      const k = origKey(other, nk);
      if (!setDiscard(rt, so, k)) setAdd(rt, so, k);
    }
    return;
  }
  const o = other instanceof PySet ? other : setFrom(rt, so.frozen, other);
  try {
    for (const [v, h] of setEntries(rt, o)) if (!setDiscard(rt, so, v)) setAddHashed(rt, so, v, h);
  } finally { if (o !== other) rt.decref(o); }
}

/** set_symmetric_difference: a copy of other (typed like so), updated with so. */
export function setSymmetricDifference(rt: Runtime, so: PySet, other: PyValue): PySet {
  const r = setFrom(rt, so.frozen, other);
  try { setSymmetricDifferenceUpdate(rt, r, so); } catch (e) { rt.decref(r); throw e; }
  return r;
}
