/*
 * str methods and built-in functions against CPython 3.11 (fixtures from
 * gen.py): results and exact error messages.
 */

import { strict as assert } from 'assert';
import { TestRuntime, dec, fixture, outcomeOf, mismatch, type Enc, type Outcome } from './types-helpers';
import { T } from '../../src/vm/runtime/builtin-types';
import { PyBuiltinFunction } from '../../src/vm/runtime/builtin-function';
import { builtinFunctions } from '../../src/vm/runtime/types/builtins-functions';
import type { PyType, PyValue } from '../../src/vm/runtime/object';
import { PyList } from '../../src/vm/runtime/types/list';

const rt = new TestRuntime();

function callBuiltin(name: string, args: PyValue[]): PyValue {
  const f = builtinFunctions[name];
  // gen.py calls sorted(it, key=..., reverse=...) when given three values
  if (name === 'sorted' && args.length === 3) return f.fn(rt, args, ['key', 'reverse']);
  if (f) return f.fn(rt, args, null);
  const t = (T as unknown as Record<string, PyType>)[name];
  return t.construct!(rt, args, null);
}

/** Decode an argument, which may itself be a nested builtin call (lazy iterators). */
function arg(e: unknown): PyValue {
  if (Array.isArray(e) && typeof e[0] === 'string' && Array.isArray(e[1])) {
    return callBuiltin(e[0], (e[1] as unknown[]).map(arg));
  }
  return dec(rt, e as Enc);
}

describe('types: str methods vs CPython', () => {
  for (const [m, s, args, want] of fixture<[string, string, Enc, Outcome][]>('strmethods.json')) {
    it(`${JSON.stringify(s)}.${m}(${JSON.stringify(args)})`, () => {
      const meth = T.str.dict.get(m);
      assert.ok(meth instanceof PyBuiltinFunction, `str.${m} is missing`);
      const got = outcomeOf(rt, () => meth.fn(rt, [s, ...(dec(rt, args) as PyList).items], null));
      assert.equal(mismatch(got, want), null);
    });
  }
});

describe('types: built-in functions vs CPython', () => {
  for (const [name, args, want] of fixture<[string, unknown[], Outcome][]>('builtins.json')) {
    if (name === 'input') continue; // minipy has no console input: checked below
    it(`${name}(${JSON.stringify(args).slice(0, 80)})`, () => {
      const got = outcomeOf(rt, () => callBuiltin(name, args.map(arg)));
      assert.equal(mismatch(got, want), null);
    });
  }
  it('input() raises a clear error', () => {
    const got = outcomeOf(rt, () => callBuiltin('input', []));
    assert.ok('err' in got && got.err.includes('input() is not supported'));
  });
});
