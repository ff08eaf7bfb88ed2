/*
 * Instance layouts ("shapes", CPython 3.11's shared keys, V8's hidden
 * classes). Instances of a class that gained the same attribute names in the
 * same order share one Shape, which maps each name to a slot of the
 * instance's value array; so an instance needs no Map of its own, and an
 * instruction that met an instance of some shape can remember the slot
 * (AttrCache) and skip the lookup next time. Each class has its own tree of
 * shapes, so a shape also says which class its instances have.
 */

import type { PyValue } from './object';

/** More names than this, or more shapes than MAX_SHAPES in one class, and an instance keeps a Map instead. */
const MAX_KEYS = 30;
const MAX_SHAPES = 1000;

export class Shape {
  /** Attribute names in insertion order: slot i of an instance's values holds keys[i]. */
  readonly keys: readonly string[];
  private readonly index: Map<string, number>;
  /** The shapes one more name leads to. */
  private next: Map<string, Shape> | null = null;
  /** The shape with no names of this class's tree, which counts the tree's shapes. */
  private readonly root: Shape;
  private count = 1;

  constructor(keys: readonly string[] = [], index: Map<string, number> = new Map(), root: Shape | null = null) {
    this.keys = keys;
    this.index = index;
    this.root = root ?? this;
  }

  /** The slot holding `name`, or -1. */
  slot(name: string): number {
    const i = this.index.get(name);
    return i === undefined ? -1 : i;
  }

  /** This shape plus `name` at the end, or null when the instance should keep a Map instead. */
  adding(name: string): Shape | null {
    const known = this.next?.get(name);
    if (known !== undefined) return known;
    const root = this.root;
    if (this.keys.length >= MAX_KEYS || root.count >= MAX_SHAPES) return null;
    root.count++;
    const index = new Map(this.index);
    index.set(name, this.keys.length);
    const s = new Shape([...this.keys, name], index, root);
    (this.next ??= new Map()).set(name, s);
    return s;
  }
}

/** The shape of an instance whose attributes live in a Map (no instruction caches it). */
export const DICT_SHAPE = new Shape();

/**
 * What one attribute instruction (LOAD_ATTR, STORE_ATTR, LOAD_METHOD) found the
 * last two times it met a new kind of object (a site that sees two classes,
 * such as a base class's method called on a subclass's instance, keeps both):
 * each way is valid while its `key` is the object's shape (or, for an
 * attribute of a class, the class itself). A way holds the slot of the
 * attribute, the shape a store of a new attribute moves to, or the value
 * found on the class (borrowed). A change to any type's dict empties every
 * entry (dropAttrCaches), so a hit needs no other check.
 */
export class AttrCache {
  key: object = NO_KEY;
  slot = -1;
  next: Shape | null = null;
  value: PyValue | null = null;
  key2: object = NO_KEY;
  slot2 = -1;
  next2: Shape | null = null;
  value2: PyValue | null = null;
  /** True while on the list of entries holding something. */
  private listed = false;

  /** Remember a way for `key`; the way filled before it becomes the second, the older one goes. */
  fill(key: object, slot: number, next: Shape | null, value: PyValue | null): void {
    if (!this.listed) {
      this.listed = true;
      filled.push(this);
    }
    this.key2 = this.key; this.slot2 = this.slot; this.next2 = this.next; this.value2 = this.value;
    this.key = key; this.slot = slot; this.next = next; this.value = value;
  }

  drop(): void {
    this.listed = false;
    this.key = NO_KEY; this.slot = -1; this.next = null; this.value = null;
    this.key2 = NO_KEY; this.slot2 = -1; this.next2 = null; this.value2 = null;
  }
}

/** The entries holding something. */
const filled: AttrCache[] = [];

/** A type's dict changed: what any instruction found may be stale (CPython invalidates type version tags). */
export function dropAttrCaches(): void {
  if (filled.length === 0) return;
  for (const c of filled) c.drop();
  filled.length = 0;
}

const NO_KEY = {};

/** The entry of an instruction that has cached nothing yet: it matches no object. Never written to. */
export const NO_ATTR_CACHE: AttrCache = new AttrCache();
