/*
 * A small Runtime for the types unit tests: the real Runtime class with
 * dealloc (clear the object) and call (natives only) filled in, so the types
 * code can be tested without the interpreter.
 */

import { Runtime } from '../../src/vm/runtime/runtime';
import type { PyObject, PyType, PyValue } from '../../src/vm/runtime/object';
import { PyBuiltinFunction } from '../../src/vm/runtime/builtin-function';
import { typeOf } from '../../src/vm/runtime/types/typeof';
import '../../src/vm/runtime/types/index';
import { PyBaseException } from '../../src/vm/runtime/types/exceptions';
import { str } from '../../src/vm/runtime/types/repr';

export class TestRuntime extends Runtime {
  freed = 0;
  constructor() {
    super({ maxHeapBytes: 1 << 30, recursionLimit: 1000 });
  }
  override dealloc(obj: PyObject): void {
    this.freed++;
    obj.clear(this);
  }
  override call(callable: PyValue, args: PyValue[], kwnames: readonly string[] | null = null): PyValue {
    if (callable instanceof PyBuiltinFunction) {
      return callable.self !== undefined ? callable.fn(this, [callable.self, ...args], kwnames) : callable.fn(this, args, kwnames);
    }
    if (typeof callable === 'object' && 'construct' in callable && (callable as PyType).construct) {
      return (callable as PyType).construct!(this, args, kwnames);
    }
    throw new Error('TestRuntime.call: only natives');
  }
  override typeOf(v: PyValue): PyType {
    return typeOf(v);
  }
}

/** Run fn and return "Type: message" of the Python exception it raises, or 'no error'. */
export function pyError(rt: Runtime, fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof PyBaseException) {
      const m = str(rt, e);
      return m === '' ? e.cls.name : `${e.cls.name}: ${m}`;
    }
    throw e;
  }
  return 'no error';
}

import { newFloat } from '../../src/vm/runtime/types/float';
import { newList } from '../../src/vm/runtime/types/list';
import { newTuple } from '../../src/vm/runtime/types/tuple';
import { newDict, dictSet } from '../../src/vm/runtime/types/dict';
import { newSet, setAdd } from '../../src/vm/runtime/types/set';
import { newRange, newSlice } from '../../src/vm/runtime/types/range';
import { None } from '../../src/vm/runtime/types/singletons';
import { T } from '../../src/vm/runtime/builtin-types';
import { builtinFunctions } from '../../src/vm/runtime/types/builtins-functions';
import { repr } from '../../src/vm/runtime/types/repr';
import * as fs from 'fs';
import * as path from 'path';

/** A JSON-encoded Python value from the fixtures (see fixtures/types/gen.py). */
export type Enc = null | boolean | string | { [k: string]: unknown };

function parseFloatRepr(s: string): number {
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  if (s === 'nan') return NaN;
  return Number(s);
}

/** Decode a fixture value into a new reference. */
export function dec(rt: Runtime, e: Enc): PyValue {
  if (e === null) return None;
  if (typeof e === 'boolean' || typeof e === 'string') return e;
  if ('i' in e) {
    const b = BigInt(e.i as string);
    return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
  }
  if ('f' in e) return newFloat(parseFloatRepr(e.f as string));
  if ('l' in e) {
    const items = (e.l as Enc[]).map((x) => dec(rt, x));
    const l = newList(rt, []);
    // built as BUILD_LIST + LIST_EXTEND would
    for (const x of items) l.items.push(x);
    l.allocated = items.length === 0 ? 0 : (items.length + 1) & ~1;
    return l;
  }
  if ('t' in e) return newTuple(rt, (e.t as Enc[]).map((x) => dec(rt, x)));
  if ('d' in e) {
    const d = newDict(rt);
    for (const [k, v] of e.d as [Enc, Enc][]) {
      const kk = dec(rt, k), vv = dec(rt, v);
      dictSet(rt, d, kk, vv);
      rt.decref(kk); rt.decref(vv);
    }
    return d;
  }
  if ('set' in e || 'fs' in e) {
    const s = newSet(rt, 'fs' in e);
    for (const x of (e.set ?? e.fs) as Enc[]) { const v = dec(rt, x); setAdd(rt, s, v); rt.decref(v); }
    return s;
  }
  if ('range' in e) { const [a, b, c] = e.range as number[]; return newRange(rt, a, b, c); }
  if ('slice' in e) { const [a, b, c] = e.slice as number[]; return newSlice(rt, a, b, c); }
  if ('type' in e) return (T as unknown as Record<string, PyType>)[e.type as string];
  if ('builtin' in e) return builtinFunctions[e.builtin as string];
  throw new Error('cannot decode ' + JSON.stringify(e));
}

/** The fixture's expected outcome: {"repr": ...} or {"err": "Type: message"}. */
export type Outcome = { repr: string } | { err: string };

/** Run fn and describe its outcome the way the fixtures do. */
export function outcomeOf(rt: Runtime, fn: () => PyValue): Outcome {
  let r: PyValue;
  try {
    r = fn();
  } catch (e) {
    if (e instanceof PyBaseException) {
      const m = str(rt, e);
      return { err: m === '' ? e.cls.name : `${e.cls.name}: ${m}` };
    }
    throw e;
  }
  return { repr: repr(rt, r) };
}

export function fixture<X>(name: string): X {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'types', name), 'utf8')) as X;
}

/** Compare outcomes; returns a description of the mismatch or null. */
export function mismatch(got: Outcome, want: Outcome): string | null {
  if ('repr' in want && 'repr' in got && got.repr === want.repr) return null;
  if ('err' in want && 'err' in got && got.err === want.err) return null;
  return `got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`;
}
