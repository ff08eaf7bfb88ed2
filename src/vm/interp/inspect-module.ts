/*
 * The `inspect` module's generator and coroutine introspection, as CPython's
 * Lib/inspect.py computes it from gi_running, gi_suspended and gi_frame.
 */

import type { PyValue } from '../runtime/object';
import { moduleFunction } from '../runtime/builtin-function';
import { PyModule } from '../runtime/instance';
import { E, raise } from '../runtime/types/exceptions';
import { typeOf } from '../runtime/types/typeof';
import type { Runtime } from '../runtime/runtime';
import { PyGenerator } from './generator';

function oneArg(rt: Runtime, name: string, a: PyValue[]): PyValue {
  const param = name === 'getcoroutinestate' || name === 'iscoroutine' ? 'coroutine' : name === 'getgeneratorstate' ? 'generator' : 'object';
  if (a.length === 0) raise(rt, E.TypeError, `${name}() missing 1 required positional argument: '${param}'`);
  if (a.length > 1) raise(rt, E.TypeError, `${name}() takes 1 positional argument but ${a.length} were given`);
  return a[0];
}

/** inspect.getgeneratorstate / getcoroutinestate: the state name, or the AttributeError inspect.py would meet. */
function stateOf(rt: Runtime, name: string, a: PyValue[], coroutine: boolean): string {
  const g = oneArg(rt, name, a);
  const prefix = coroutine ? 'cr' : 'gi';
  if (!(g instanceof PyGenerator) || g.isCoroutine !== coroutine) {
    raise(rt, E.AttributeError, `'${typeOf(g).name}' object has no attribute '${prefix}_running'`);
  }
  const state = g.state.slice(4);
  return (coroutine ? 'CORO_' : 'GEN_') + state;
}

export function makeInspect(): PyModule {
  const m = new PyModule('inspect', new Map<string, PyValue>([
    ['getgeneratorstate', moduleFunction('getgeneratorstate', (rt, a) => stateOf(rt, 'getgeneratorstate', a, false))],
    ['getcoroutinestate', moduleFunction('getcoroutinestate', (rt, a) => stateOf(rt, 'getcoroutinestate', a, true))],
    ['isgenerator', moduleFunction('isgenerator', (rt, a) => { const g = oneArg(rt, 'isgenerator', a); return g instanceof PyGenerator && !g.isCoroutine; })],
    ['iscoroutine', moduleFunction('iscoroutine', (rt, a) => { const g = oneArg(rt, 'iscoroutine', a); return g instanceof PyGenerator && g.isCoroutine; })],
    ['GEN_CREATED', 'GEN_CREATED'], ['GEN_RUNNING', 'GEN_RUNNING'], ['GEN_SUSPENDED', 'GEN_SUSPENDED'], ['GEN_CLOSED', 'GEN_CLOSED'],
    ['CORO_CREATED', 'CORO_CREATED'], ['CORO_RUNNING', 'CORO_RUNNING'], ['CORO_SUSPENDED', 'CORO_SUSPENDED'], ['CORO_CLOSED', 'CORO_CLOSED'],
  ]));
  m.rc = 1 << 30;
  return m;
}
