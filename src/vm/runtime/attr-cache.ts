/*
 * The slow halves of the attribute instructions' caches: each answers as the
 * attribute protocol (attributes.ts) would, or says to ask it, and remembers
 * in the instruction's AttrCache what a later run can reuse without a lookup.
 * The interpreter's fast halves check `key` (the instance's shape, or the
 * class) before using an entry.
 */

import type { PyType, PyValue } from './object';
import { PyFunction } from './function';
import { PyClassMethod, PyInstance, PyProperty, PyStaticMethod } from './instance';
import { AttrCache, NO_ATTR_CACHE } from './shape';

/** The instruction's entry, made on first use. */
function entry(caches: AttrCache[], pc: number): AttrCache {
  let c = caches[pc];
  if (c === NO_ATTR_CACHE) caches[pc] = c = new AttrCache();
  return c;
}

/** LOAD_ATTR: o's own attribute `name` (borrowed) when no data descriptor of its class outranks it, else undefined. */
export function loadOwnAttr(caches: AttrCache[], pc: number, o: PyInstance, name: string): PyValue | undefined {
  if (o.cls.hasDataDescriptors() && o.cls.lookup(name) instanceof PyProperty) return undefined;
  if (o.dict !== null) return o.dict.get(name);
  const slot = o.shape.slot(name);
  if (slot < 0) return undefined;
  entry(caches, pc).fill(o.shape, slot, null, null);
  return o.vals[slot];
}

/**
 * LOAD_ATTR on a class: what getattr(t, name) returns (borrowed) when it is
 * the class's own or inherited attribute as it stands (not a classmethod or
 * staticmethod, which bind), else undefined.
 */
export function loadTypeAttr(caches: AttrCache[], pc: number, t: PyType, name: string): PyValue | undefined {
  const found = t.lookup(name);
  if (found === undefined || found instanceof PyClassMethod || found instanceof PyStaticMethod) return undefined;
  entry(caches, pc).fill(t, -1, null, found);
  return found;
}

/**
 * LOAD_METHOD on an instance: the plain function `name` of its class when
 * the instance has no attribute of that name (borrowed), else undefined.
 */
export function loadMethod(caches: AttrCache[], pc: number, o: PyInstance, name: string): PyFunction | undefined {
  const found = o.cls.lookup(name);
  if (!(found instanceof PyFunction) || o.hasOwn(name)) return undefined;
  if (o.dict === null) entry(caches, pc).fill(o.shape, -1, null, found);
  return found;
}

/**
 * STORE_ATTR on an instance, before setAttr stores: when the store lands in
 * o's values (no data descriptor of its class takes it), remember the slot,
 * and for a new attribute the shape it moves to.
 */
export function prepareStore(caches: AttrCache[], pc: number, o: PyInstance, name: string): void {
  if (o.dict !== null) return;
  if (o.cls.hasDataDescriptors() && o.cls.lookup(name) instanceof PyProperty) return;
  const shape = o.shape;
  let slot = shape.slot(name);
  let next = null;
  if (slot < 0) {
    next = shape.adding(name);
    if (next === null) return;
    slot = shape.keys.length;
  }
  entry(caches, pc).fill(shape, slot, next, null);
}
