/*
 * The adapter's pure helpers: the snapshot evaluator (Watch, Debug Console,
 * conditions, hover), hit conditions, and how values are described.
 */

import * as assert from 'assert';
import { evaluate, isTruthy, type EvalScope } from '../../src/extension/debug/evaluator';
import { hitConditionMet } from '../../src/extension/debug/breakpoints';
import { describeValue, hoverMarkdown } from '../../src/extension/debug/render';
import type { Snapshot, ValueSnap } from '../../src/vm/snapshot-types';

const int = (n: number): ValueSnap => ({ kind: 'int', repr: String(n) });
const str = (s: string): ValueSnap => ({ kind: 'str', repr: `'${s}'` });
const ref = (id: number, type: string, repr: string): ValueSnap => ({ kind: 'ref', id, type, repr });

const snapshot: Snapshot = {
  step: 10, clock: 0, status: 'paused', currentThreadId: 1, stdout: '', stderr: '', liveBytes: 0, peakBytes: 0,
  processes: [{ pid: 1, name: 'MainProcess', gilHolder: 1, globals: [
    { name: 'xs', value: ref(16, 'list', '[10, 20, 30]') },
    { name: 'd', value: ref(17, 'dict', "{'a': 1, 2: 'two'}") },
    { name: 'p', value: ref(18, 'Point', '<__main__.Point object at 0x7f0000000120>') },
    { name: 'name', value: { kind: 'str', repr: `"it's"` } },
    { name: 'g', value: ref(19, 'generator', '<generator object numbers at 0x7f0000000130>') },
  ] }],
  threads: [{ id: 1, ident: 1, name: 'MainThread', processId: 1, state: 'running', holdsGil: true, frames: [{
    id: 1, name: 'f', filename: 'p.minipy', line: 3, col: 0, endLine: 3, endCol: 1, instruction: 0, offset: 0, opname: 'NOP', codeKey: 'f',
    locals: [{ name: 'n', value: int(3) }, { name: 'xs', value: ref(20, 'list', '[]') }], stack: [],
  }] }],
  heap: [
    { id: 16, type: 'list', repr: '[10, 20, 30]', size: 80, refcount: 1, holders: [{ kind: 'global', label: 'xs' }], refs: [{ label: '[0]', target: int(10) }, { label: '[1]', target: int(20) }, { label: '[2]', target: int(30) }] },
    { id: 17, type: 'dict', repr: "{'a': 1, 2: 'two'}", size: 184, refcount: 1, holders: [{ kind: 'global', label: 'd' }], refs: [{ label: "key 'a'", target: str('a') }, { label: "value of key 'a'", target: int(1) }, { label: 'key 2', target: int(2) }, { label: 'value of key 2', target: str('two') }] },
    { id: 18, type: 'Point', repr: '<__main__.Point object at 0x7f0000000120>', size: 48, refcount: 2, holders: [{ kind: 'global', label: 'p' }, { kind: 'object', label: '[0]', ownerId: 16 }], refs: [{ label: '.x', target: int(1) }, { label: '.y', target: int(2) }] },
    { id: 19, type: 'generator', repr: '<generator object numbers at 0x7f0000000130>', size: 200, refcount: 1, holders: [{ kind: 'global', label: 'g' }], refs: [], genState: 'GEN_SUSPENDED', genLine: 7 },
    { id: 20, type: 'list', repr: '[]', size: 56, refcount: 1, holders: [{ kind: 'local', label: 'xs' }], refs: [] },
  ],
};

const moduleScope: EvalScope = { snapshot };
const frameScope: EvalScope = { snapshot, frame: snapshot.threads[0].frames[0], processId: 1 };
const ok = (expr: string, scope = moduleScope) => {
  const r = evaluate(expr, scope);
  assert.ok(r.ok, `${expr}: ${r.ok ? '' : r.error}`);
  return r.value.repr;
};
const err = (expr: string, scope = moduleScope) => {
  const r = evaluate(expr, scope);
  assert.ok(!r.ok, `${expr} should fail`);
  return r.error;
};

describe('debug adapter helpers: evaluator, hit conditions, rendering', () => {
  it('reads names (locals before globals), items, negative indexes, dict keys and attributes', () => {
    assert.strictEqual(ok('xs[0]'), '10');
    assert.strictEqual(ok('xs[-1]'), '30');
    assert.strictEqual(ok("d['a']"), '1');
    assert.strictEqual(ok('d["a"]'), '1');
    assert.strictEqual(ok('d[2]'), "'two'");
    assert.strictEqual(ok('p.y'), '2');
    assert.strictEqual(ok('xs', frameScope), '[]', 'the local shadows the global');
    assert.strictEqual(ok('n', frameScope), '3');
    assert.strictEqual(ok('name'), `"it's"`);
  });

  it('compares, combines with and/or/not, and tests identity', () => {
    assert.strictEqual(ok('xs[1] == 20 and p.x < p.y'), 'True');
    assert.strictEqual(ok('not xs[0] > 10'), 'True');
    assert.strictEqual(ok("d['a'] != 1 or name == \"it's\""), 'True');
    assert.strictEqual(ok('p is p'), 'True');
    assert.strictEqual(ok('xs is not p'), 'True');
    assert.strictEqual(ok('n >= -3', frameScope), 'True');
    assert.ok(!isTruthy(evaluate('xs', frameScope).ok ? (evaluate('xs', frameScope) as { value: ValueSnap }).value : int(1), frameScope), 'an empty list is falsy');
  });

  it("fails with Python's words, and refuses anything with a side effect", () => {
    assert.strictEqual(err('nope'), "NameError: name 'nope' is not defined");
    assert.strictEqual(err('xs[3]'), 'IndexError: list index out of range');
    assert.strictEqual(err("d['zz']"), "KeyError: 'zz'");
    assert.strictEqual(err('p.z'), "AttributeError: 'Point' object has no attribute 'z'");
    assert.strictEqual(err('n[0]', frameScope), "TypeError: 'int' object is not subscriptable");
    assert.match(err('xs.append(1)'), /calls are not evaluated while debugging/);
    assert.match(err('len(xs)'), /calls are not evaluated/);
    assert.match(err('x = 1'), /unsupported syntax/);
  });

  it('hit conditions as VS Code users type them', () => {
    assert.ok(hitConditionMet('3', 3) && !hitConditionMet('3', 4));
    assert.ok(hitConditionMet('>= 2', 2) && !hitConditionMet('>=2', 1));
    assert.ok(hitConditionMet('% 2', 4) && !hitConditionMet('%2', 3));
    assert.ok(hitConditionMet('> 1', 2) && hitConditionMet('< 3', 2) && hitConditionMet('== 5', 5));
  });

  it('describes heap values with type, id and refcount; hovers list holders and generator state', () => {
    assert.strictEqual(describeValue(ref(18, 'Point', '<__main__.Point object at 0x7f0000000120>'), snapshot), '<__main__.Point object at 0x7f0000000120>  (Point, id 0x7f0000000120, refcount 2)');
    assert.strictEqual(describeValue(int(5), snapshot), '5');
    const md = hoverMarkdown('p', ref(18, 'Point', '<__main__.Point object at 0x7f0000000120>'), snapshot);
    assert.match(md, /refcount \*\*2\*\*/);
    assert.match(md, /- global `p`\n- object `\[0\]` of `0x7f0000000100`/);
    assert.match(hoverMarkdown('g', ref(19, 'generator', '<generator object numbers at 0x7f0000000130>'), snapshot), /generator state `GEN_SUSPENDED`, suspended at line 7/);
  });
});
