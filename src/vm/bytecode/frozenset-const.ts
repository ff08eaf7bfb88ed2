/*
 * The order `dis` shows a frozenset constant's elements in: the hash table's
 * (set-table.ts), built twice as the compiler builds it (see frozensetConst in
 * set-algebra.ts), when every element's hash is fixed (numbers and tuples of
 * them); other elements keep source order, as minipy iterates such sets.
 */

import type { ConstValue } from './code';
import { SetTable, toUHash } from '../runtime/types/set-table';
import { hashBigInt, hashDouble, tupleHashOf } from '../runtime/types/hash';

/** A key equal for constants Python considers equal (1, 1.0 and True are one element). */
function eqKey(c: ConstValue): string {
  switch (c.kind) {
    case 'int': return `n${c.value}`;
    case 'bool': return `n${c.value ? 1 : 0}`;
    case 'float': return Number.isInteger(c.value) ? `n${BigInt(c.value)}` : `f${c.value}`;
    case 'str': return `s${c.value}`;
    case 'tuple': return `t(${c.items.map(eqKey).join(',')})`;
    default: return c.kind;
  }
}

/** CPython's hash of a numeric constant or tuple of them; null when it is not fixed. */
function constHash(c: ConstValue): number | bigint | null {
  switch (c.kind) {
    case 'int': return typeof c.value === 'bigint' ? hashBigInt(c.value) : c.value === -1 ? -2 : c.value;
    case 'bool': return c.value ? 1 : 0;
    case 'float': return c.value !== c.value ? null : hashDouble(c.value);
    case 'tuple': {
      const hs = c.items.map(constHash);
      return hs.every((h) => h !== null) ? tupleHashOf(hs as (number | bigint)[]) : null;
    }
    default: return null;
  }
}

export function frozensetConstOrder(items: ConstValue[]): ConstValue[] {
  const seen = new Set<string>();
  const uniq = items.filter((c) => { const k = eqKey(c); if (seen.has(k)) return false; seen.add(k); return true; });
  const hashes = uniq.map(constHash);
  if (hashes.some((h) => h === null)) return uniq;
  // Built from source order, then rebuilt in that set's order by the compiler's constant merging.
  let order = uniq.map((_, i) => i);
  for (let pass = 0; pass < 2; pass++) {
    const t = new SetTable();
    for (const i of order) t.add(i, toUHash(hashes[i]!)); // slot keys are indexes into uniq
    order = t.entries().map(([i]) => i as number);
  }
  return order.map((i) => uniq[i]);
}
