/*
 * Containers, reference counts and user-class dispatch. Expected values were
 * checked against python3 (CPython 3.11.7); user classes are built as heap
 * types whose methods are natives owned by the heap type, so the types code
 * dispatches to them through rt.call exactly as it will for Python methods.
 */

import { strict as assert } from 'assert';
import { TestRuntime, pyError } from './types-helpers';
import { PyType, type PyValue, type NativeFn } from '../../src/vm/runtime/object';
import { PyBuiltinFunction } from '../../src/vm/runtime/builtin-function';
import { T } from '../../src/vm/runtime/builtin-types';
import { newList, PyList } from '../../src/vm/runtime/types/list';
import { newTuple, tupleOfBorrowed } from '../../src/vm/runtime/types/tuple';
import { newDict, dictSet, dictGet, PyDict } from '../../src/vm/runtime/types/dict';
import { newSet, setAdd } from '../../src/vm/runtime/types/set';
import { newFloat } from '../../src/vm/runtime/types/float';
import { newSlice } from '../../src/vm/runtime/types/range';
import { None, NotImplemented } from '../../src/vm/runtime/types/singletons';
import { repr, str } from '../../src/vm/runtime/types/repr';
import { binaryOp, getItem, setItem, delItem, getIter, iterNext, contains, isTrue, len } from '../../src/vm/runtime/types/ops';
import { richCompare } from '../../src/vm/runtime/types/compare';
import { E, excConstruct, newException, raise, isInstanceOfExc, stopIterationValue } from '../../src/vm/runtime/types/exceptions';
import { typeOf } from '../../src/vm/runtime/types/typeof';
import { format } from '../../src/vm/runtime/types/format';
import { builtinFunctions } from '../../src/vm/runtime/types/builtins-functions';

const rt = new TestRuntime();

function userClass(name: string, methods: Record<string, NativeFn>, base: PyType = T.object): PyType {
  const t = new PyType(T.type, name, base, true, '__main__');
  for (const [k, fn] of Object.entries(methods)) t.dict.set(k, new PyBuiltinFunction(k, fn, t));
  return t;
}

function instance(t: PyType, fields: Record<string, PyValue> = {}): PyValue {
  // a minimal instance: the types code only needs `cls` (and an oid for its default repr)
  const o = Object.assign(Object.create(PyList.prototype.constructor.prototype.__proto__), { rc: 1, oid: 0, gcPrev: null, gcNext: null, fields });
  Object.defineProperty(o, 'cls', { value: t });
  rt.track(o);
  return o as PyValue;
}

describe('types: dict keying', () => {
  it('1, True and 1.0 are one key; the first key object is kept', () => {
    const d = newDict(rt);
    dictSet(rt, d, 1, 'a'); dictSet(rt, d, true, 'b'); dictSet(rt, d, newFloat(1), 'c');
    assert.equal(repr(rt, d), "{1: 'c'}");
    const e = newDict(rt);
    dictSet(rt, e, newFloat(1), 'x'); dictSet(rt, e, 1, 'y');
    assert.equal(repr(rt, e), "{1.0: 'y'}");
  });
  it('tuple keys compare by value, including 1 == 1.0 inside', () => {
    const d = newDict(rt);
    dictSet(rt, d, newTuple(rt, [1, 2]), 1);
    dictSet(rt, d, newTuple(rt, [newFloat(1), 2]), 2);
    assert.equal(repr(rt, d), '{(1, 2): 2}');
    assert.equal(d.map.size, 1);
    assert.equal(dictGet(rt, d, newTuple(rt, [true, 2])), 2);
  });
  it('sets share the keying: {1, True, 1.0} == {1}', () => {
    const s = newSet(rt);
    setAdd(rt, s, 1); setAdd(rt, s, true); setAdd(rt, s, newFloat(1));
    assert.equal(repr(rt, s), '{1}');
  });
  it('unhashable keys raise CPython messages', () => {
    const d = newDict(rt);
    assert.equal(pyError(rt, () => dictSet(rt, d, newList(rt, []), 1)), "TypeError: unhashable type: 'list'");
    assert.equal(pyError(rt, () => getItem(rt, d, 'k')), "KeyError: 'k'");
  });
  it('dictionary changed size during iteration', () => {
    const d = newDict(rt);
    dictSet(rt, d, 1, 1);
    const it = getIter(rt, d);
    const k = iterNext(rt, it)!;
    dictSet(rt, d, 2, 1);
    assert.equal(k, 1);
    assert.equal(pyError(rt, () => iterNext(rt, it)), 'RuntimeError: dictionary changed size during iteration');
  });
});

describe('types: lists, slices and recursion in repr', () => {
  it('slice assignment and extended deletion', () => {
    const l = newList(rt, [1, 2, 3, 4, 5]);
    setItem(rt, l, newSlice(rt, 1, 3, None), newList(rt, ['a']));
    assert.equal(repr(rt, l), "[1, 'a', 4, 5]");
    delItem(rt, l, newSlice(rt, None, None, 2));
    assert.equal(repr(rt, l), "['a', 5]");
  });
  it('negative indexes and slices', () => {
    const l = newList(rt, [1, 2, 3]);
    assert.equal(repr(rt, getItem(rt, l, newSlice(rt, None, None, -1))), '[3, 2, 1]');
    assert.equal(getItem(rt, l, -1), 3);
    assert.equal(repr(rt, getItem(rt, l, newSlice(rt, 5, None, None))), '[]');
    assert.equal(repr(rt, getItem(rt, l, newSlice(rt, -10, 2, None))), '[1, 2]');
    assert.equal(getItem(rt, 'abc', -1), 'c');
    assert.equal(getItem(rt, 'abc', newSlice(rt, None, None, -1)), 'cba');
    assert.equal(pyError(rt, () => getItem(rt, l, 'x')), 'TypeError: list indices must be integers or slices, not str');
    assert.equal(pyError(rt, () => setItem(rt, l, 9, 1)), 'IndexError: list assignment index out of range');
    assert.equal(pyError(rt, () => getItem(rt, 'ab', 5)), 'IndexError: string index out of range');
    assert.equal(pyError(rt, () => getItem(rt, newTuple(rt, []), 0)), 'IndexError: tuple index out of range');
    assert.equal(pyError(rt, () => setItem(rt, newTuple(rt, []), 0, 1)), "TypeError: 'tuple' object does not support item assignment");
  });
  it('recursive containers print [...] and {...}', () => {
    const a = newList(rt, [1]);
    a.rc++; a.items.push(a);
    assert.equal(repr(rt, a), '[1, [...]]');
    const d = newDict(rt);
    dictSet(rt, d, 'x', d);
    assert.equal(repr(rt, d), "{'x': {...}}");
  });
  it('str repr quoting and escapes', () => {
    assert.equal(repr(rt, "it's"), '"it\'s"');
    assert.equal(repr(rt, 'a\'b"c'), "'a\\'b\"c'");
    assert.equal(repr(rt, '\x00\t\u00e9\u{1f600}'), "'\\x00\\té\u{1f600}'");
  });
  it('list methods: sort stable with key and reverse, remove, index, pop', () => {
    const l = newList(rt, [tupleOfBorrowed(rt, [2, 'a']), tupleOfBorrowed(rt, [1, 'b']), tupleOfBorrowed(rt, [2, 'c'])]);
    const key = builtinFunctions.len; // all length 2: order must be kept
    (T.list.dict.get('sort') as PyBuiltinFunction).fn(rt, [l, key], ['key']);
    assert.equal(repr(rt, l), "[(2, 'a'), (1, 'b'), (2, 'c')]");
    // equal keys keep their order under reverse=True too (CPython reverses, sorts, reverses)
    (T.list.dict.get('sort') as PyBuiltinFunction).fn(rt, [l, key, true], ['key', 'reverse']);
    assert.equal(repr(rt, l), "[(2, 'a'), (1, 'b'), (2, 'c')]");
    (T.list.dict.get('sort') as PyBuiltinFunction).fn(rt, [l, true], ['reverse']);
    assert.equal(repr(rt, l), "[(2, 'c'), (2, 'a'), (1, 'b')]");
    const m = newList(rt, [1, 2]);
    assert.equal(pyError(rt, () => (T.list.dict.get('remove') as PyBuiltinFunction).fn(rt, [m, 5], null)), 'ValueError: list.remove(x): x not in list');
    assert.equal(pyError(rt, () => (T.list.dict.get('index') as PyBuiltinFunction).fn(rt, [m, 5], null)), 'ValueError: 5 is not in list');
    assert.equal(pyError(rt, () => (T.list.dict.get('pop') as PyBuiltinFunction).fn(rt, [newList(rt, [])], null)), 'IndexError: pop from empty list');
  });
});

describe('types: reference counts', () => {
  it('containers own one reference per slot and drop them when cleared', () => {
    const x = newList(rt, []);
    assert.equal(x.rc, 1);
    const l = newList(rt, []);
    (T.list.dict.get('append') as PyBuiltinFunction).fn(rt, [l, x], null);
    (T.list.dict.get('append') as PyBuiltinFunction).fn(rt, [l, x], null);
    assert.equal(x.rc, 3);
    const d = newDict(rt);
    dictSet(rt, d, 'k', x);
    assert.equal(x.rc, 4);
    const t = tupleOfBorrowed(rt, [x]);
    assert.equal(x.rc, 5);
    let seen = 0;
    l.traverse((v, label) => { if (v === x) { seen++; assert.match(label, /^\[\d\]$/); } });
    assert.equal(seen, 2);
    rt.decref(l);
    assert.equal(x.rc, 3);
    rt.decref(t);
    rt.decref(d);
    assert.equal(x.rc, 1);
  });
  it('getItem returns a new reference; iterators own their sequence', () => {
    const x = newList(rt, []);
    const l = newList(rt, [x]);
    x.rc++;
    const got = getItem(rt, l, 0);
    assert.equal(got, x);
    assert.equal(x.rc, 3);
    const it = getIter(rt, l);
    assert.equal(l.rc, 2);
    rt.decref(it);
    assert.equal(l.rc, 1);
  });
  it('None and NotImplemented are immortal', () => {
    assert.ok(None.rc > 1 << 20);
    assert.ok(NotImplemented.rc > 1 << 20);
  });
});

describe('types: exceptions', () => {
  it('hierarchy, str and repr as CPython', () => {
    assert.ok(E.KeyError.isSubtypeOf(E.LookupError));
    assert.ok(E.ZeroDivisionError.isSubtypeOf(E.ArithmeticError));
    assert.ok(E.RecursionError.isSubtypeOf(E.RuntimeError));
    assert.ok(E.UnboundLocalError.isSubtypeOf(E.NameError));
    assert.ok(!E.KeyboardInterrupt.isSubtypeOf(E.Exception));
    assert.equal(str(rt, newException(rt, E.KeyError, ['k'])), "'k'");
    assert.equal(repr(rt, newException(rt, E.KeyError, ['k'])), "KeyError('k')");
    assert.equal(str(rt, newException(rt, E.ValueError, [])), '');
    assert.equal(repr(rt, newException(rt, E.ValueError, [1, 2])), 'ValueError(1, 2)');
    assert.equal(str(rt, newException(rt, E.ValueError, [1, 2])), '(1, 2)');
  });
  it('raise throws the exception object; StopIteration keeps its value', () => {
    try {
      raise(rt, E.TypeError, 'boom');
    } catch (e) {
      assert.ok(isInstanceOfExc(e, E.TypeError) && isInstanceOfExc(e, E.Exception));
    }
    assert.equal(stopIterationValue(newException(rt, E.StopIteration, [7])), 7);
  });
  it('user subclasses are instances of the heap class and own it', () => {
    const My = userClass('MyError', {}, E.ValueError);
    const before = My.rc;
    const e = excConstruct(rt, My, ['bad']);
    assert.equal(My.rc, before + 1);
    assert.equal(typeOf(e), My);
    assert.ok(isInstanceOfExc(e, E.ValueError));
    assert.equal(repr(rt, e), "MyError('bad')");
  });
});

describe('types: user classes through special methods', () => {
  const V = userClass('V', {
    __add__: (rt_, a) => (typeof a[1] === 'number' ? `V+${a[1]}` : NotImplemented),
    __radd__: (rt_, a) => `${String(a[1])}+V`,
    __eq__: (rt_, a) => a[1] === 42,
    __lt__: (rt_, a) => typeof a[1] === 'number' && a[1] > 0,
    __len__: () => 3,
    __repr__: () => 'V()',
    __getitem__: (rt_, a) => { if (a[1] === 3) raise(rt_, E.IndexError, 'done'); return a[1]; },
    __format__: (rt_, a) => `fmt:${String(a[1])}`,
    __hash__: () => 42,
  });
  const v = instance(V);
  it('binary ops with NotImplemented fall back to the reflected method', () => {
    assert.equal(binaryOp(rt, 0, v, 1), 'V+1');
    assert.equal(binaryOp(rt, 0, 5, v), '5+V');
    assert.equal(pyError(rt, () => binaryOp(rt, 0, v, 'x')), "TypeError: unsupported operand type(s) for +: 'V' and 'str'");
    assert.equal(pyError(rt, () => binaryOp(rt, 10, v, 1)), "TypeError: unsupported operand type(s) for -: 'V' and 'int'");
    assert.equal(pyError(rt, () => binaryOp(rt, 23, v, 1)), "TypeError: unsupported operand type(s) for -=: 'V' and 'int'");
  });
  it('comparisons, != from __eq__, reflected <', () => {
    assert.equal(richCompare(rt, 2, v, 42), true);
    assert.equal(richCompare(rt, 3, v, 42), false);
    assert.equal(richCompare(rt, 4, 1, v), true); // 1 > v  ->  v < 1
    assert.equal(pyError(rt, () => richCompare(rt, 0, 'a', v)), "TypeError: '<' not supported between instances of 'str' and 'V'");
  });
  it('len, truth via __len__, repr, format, old-style iteration, hash keys', () => {
    assert.equal(len(rt, v), 3);
    assert.equal(isTrue(rt, v), true);
    assert.equal(repr(rt, newList(rt, [v])), '[V()]');
    assert.equal(format(rt, v, '>3'), 'fmt:>3');
    const it = getIter(rt, v);
    const seen: PyValue[] = [];
    for (let x = iterNext(rt, it); x !== undefined; x = iterNext(rt, it)) seen.push(x);
    assert.deepEqual(seen, [0, 1, 2]);
    assert.equal(contains(rt, v, 2), true);
    const d = newDict(rt) as PyDict;
    dictSet(rt, d, v, 'val');
    assert.equal(dictGet(rt, d, v), 'val');
  });
  it('default repr names the module and an address', () => {
    const P = userClass('P', {});
    assert.match(repr(rt, instance(P)), /^<__main__\.P object at 0x7f[0-9a-f]+>$/);
  });
});
