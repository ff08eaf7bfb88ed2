/*
 * The virtual clock's modules. `time` reads the VM's clock: every instruction
 * costs INSTRUCTION_SECONDS of virtual time and `time.sleep` moves the clock
 * on (one thread for now; with threads a sleep blocks only its thread). The
 * private `_minipy` module lets the asyncio event loop read the clock and
 * jump it to its next timer when nothing is ready, as a real loop would wait.
 */

import type { PyValue } from '../runtime/object';
import { moduleFunction } from '../runtime/builtin-function';
import { PyModule } from '../runtime/instance';
import { E, raise } from '../runtime/types/exceptions';
import { newFloat, PyFloat } from '../runtime/types/float';
import { typeOf } from '../runtime/types/typeof';
import { None } from '../runtime/types/singletons';
import type { Runtime } from '../runtime/runtime';
import type { Interpreter } from './interpreter';
import { sleepThread } from './thread-module';

/** What one bytecode instruction costs on the virtual clock (CPython 3.11 runs a simple loop at about 200 million a second). */
export const INSTRUCTION_SECONDS = 5e-9;
/** time.time() at the start of every run: a fixed date, so runs are reproducible. */
const EPOCH_AT_START = 1_767_225_600; // 2026-01-01T00:00:00Z

function seconds(rt: Runtime, v: PyValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof PyFloat) return v.v;
  raise(rt, E.TypeError, `'${typeOf(v).name}' object cannot be interpreted as an integer`);
}

function oneArg(rt: Runtime, name: string, a: PyValue[]): PyValue {
  if (a.length !== 1) raise(rt, E.TypeError, `${name}() takes exactly one argument (${a.length} given)`);
  return a[0];
}

function noArgs(rt: Runtime, name: string, a: PyValue[]): void {
  if (a.length !== 0) raise(rt, E.TypeError, `time.${name}() takes no arguments (${a.length} given)`);
}

export function makeTime(interp: () => Interpreter): PyModule {
  const now = (): number => interp().now();
  const m = new PyModule('time', new Map<string, PyValue>([
    ['time', moduleFunction('time', (rt, a) => { noArgs(rt, 'time', a); return newFloat(EPOCH_AT_START + now()); })],
    ['monotonic', moduleFunction('monotonic', (rt, a) => { noArgs(rt, 'monotonic', a); return newFloat(now()); })],
    ['perf_counter', moduleFunction('perf_counter', (rt, a) => { noArgs(rt, 'perf_counter', a); return newFloat(now()); })],
    ['sleep', moduleFunction('sleep', (rt, a) => {
      const s = seconds(rt, oneArg(rt, 'sleep', a));
      if (Number.isNaN(s)) raise(rt, E.ValueError, 'Invalid value NaN (not a number)');
      if (s < 0) raise(rt, E.ValueError, 'sleep length must be non-negative');
      sleepThread(rt, s);
      return None;
    })],
  ]));
  m.rc = 1 << 30;
  return m;
}

export function makeClockModule(interp: () => Interpreter): PyModule {
  const m = new PyModule('_minipy', new Map<string, PyValue>([
    ['clock', moduleFunction('clock', () => newFloat(interp().now()))],
    ['advance_to', moduleFunction('advance_to', (rt, a) => {
      const t = seconds(rt, oneArg(rt, 'advance_to', a));
      const it = interp();
      if (t > it.now()) it.advanceClock(t - it.now());
      return None;
    })],
  ]));
  m.rc = 1 << 30;
  return m;
}
