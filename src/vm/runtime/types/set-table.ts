/*
 * A model of CPython 3.11's set hash table (Objects/setobject.c): slots holding
 * an element or a dummy, linear probing of 9 neighbours then perturbed probing,
 * growth when fill*5 >= mask*3, resize by reinserting in slot order. PySet keeps
 * its elements in a Map for lookup; this table only decides what CPython's
 * table would decide: iteration order, set.pop's choice, and the table size
 * sys.getsizeof reports. Membership is always known from the Map, so the model
 * never compares elements: a new element goes to the first empty slot of its
 * probe sequence (or the last dummy met on the way), an old one is found by identity.
 */

import type { PyValue } from '../object';

const LINEAR_PROBES = 9;
const MINSIZE = 8;
/** A deleted slot (CPython's dummy key). */
const DUMMY: unique symbol = Symbol('dummy');
type Slot = PyValue | typeof DUMMY | undefined;
/** A hash as CPython's size_t: a number when below 2**53, else a 64-bit bigint. */
export type UHash = number | bigint;

export function toUHash(h: number | bigint): UHash {
  if (typeof h === 'number' && h >= 0) return h;
  const u = BigInt.asUintN(64, BigInt(h));
  return u < 9007199254740992n ? Number(u) : u;
}

/** Calls `stop` on each slot index of h's probe sequence until it returns true; returns that index. */
function probe(h: UHash, mask: number, stop: (j: number) => boolean): number {
  let i = typeof h === 'number' ? h % (mask + 1) : Number(h & BigInt(mask));
  let perturb = h;
  for (;;) {
    const last = i + LINEAR_PROBES <= mask ? i + LINEAR_PROBES : i;
    for (let j = i; j <= last; j++) if (stop(j)) return j;
    let low: number;
    if (typeof perturb === 'number') { perturb = Math.floor(perturb / 32); low = perturb % (mask + 1); }
    else { perturb >>= 5n; low = Number(perturb & BigInt(mask)); }
    i = (i * 5 + 1 + low) & mask;
  }
}

export class SetTable {
  keys: Slot[] = new Array(MINSIZE);
  hashes: UHash[] = new Array(MINSIZE);
  mask = MINSIZE - 1;
  /** Active plus dummy slots. */
  fill = 0;
  used = 0;

  get size(): number { return this.mask + 1; }

  /** set_add_entry for an element known to be absent; returns true if the table was resized. */
  add(key: PyValue, h: UHash): boolean {
    const keys = this.keys;
    let free = -1;
    const j = probe(h, this.mask, (k) => {
      const s = keys[k];
      if (s === DUMMY) free = k; // CPython keeps the last dummy seen
      return s === undefined;
    });
    this.used++;
    if (free >= 0) { keys[free] = key; this.hashes[free] = h; return false; }
    keys[j] = key; this.hashes[j] = h;
    this.fill++;
    if (this.fill * 5 < this.mask * 3) return false;
    this.resize(this.used > 50000 ? this.used * 2 : this.used * 4);
    return true;
  }

  /** set_discard_entry for an element known to be present (found by identity). */
  discard(key: PyValue, h: UHash): void {
    const keys = this.keys;
    const j = probe(h, this.mask, (k) => keys[k] === key || keys[k] === undefined);
    if (keys[j] !== key) return;
    keys[j] = DUMMY;
    this.used--;
  }

  /** set_table_resize: the smallest power of two above minused, active slots reinserted in slot order. */
  resize(minused: number): void {
    let size = MINSIZE;
    while (size <= minused) size *= 2;
    if (size === MINSIZE && this.mask === MINSIZE - 1 && this.fill === this.used) return;
    const oldKeys = this.keys, oldHashes = this.hashes;
    this.keys = new Array(size);
    this.hashes = new Array(size);
    this.mask = size - 1;
    this.fill = this.used;
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i];
      if (k !== undefined && k !== DUMMY) this.insertClean(k, oldHashes[i]);
    }
  }

  /** set_insert_clean: into the first empty slot (no dummies, element absent); counts are the caller's. */
  insertClean(key: PyValue, h: UHash): void {
    const keys = this.keys;
    const j = probe(h, this.mask, (k) => keys[k] === undefined);
    keys[j] = key; this.hashes[j] = h;
  }

  /** The exact copy set_merge makes when both tables have the same size and `src` has no dummies. */
  copyFrom(src: SetTable): void {
    this.keys = src.keys.slice();
    this.hashes = src.hashes.slice();
    this.mask = src.mask;
    this.fill = src.fill;
    this.used = src.used;
  }

  /** Active elements and their hashes in slot order (set_next). */
  entries(): [PyValue, UHash][] {
    const out: [PyValue, UHash][] = [];
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k !== undefined && k !== DUMMY) out.push([k, this.hashes[i]]);
    }
    return out;
  }

  /** set_pop's choice: the slot of the first element from the finger on, wrapping around. */
  popSlot(finger: number): number {
    let i = finger & this.mask;
    while (this.keys[i] === undefined || this.keys[i] === DUMMY) i = (i + 1) & this.mask;
    return i;
  }
  at(slot: number): PyValue { return this.keys[slot] as PyValue; }
}
