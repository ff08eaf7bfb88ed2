/*
 * The heap limit (RunOptions.maxHeapBytes, the sum of sys.getsizeof of live
 * objects): passing it raises a catchable MemoryError with CPython's
 * traceback, never a Node.js crash, including for single giant allocations.
 */

import { strict as assert } from 'assert';
import { runSource } from '../../src/vm/index';

const MiB = 1 << 20;

// Each test runs with the second tier as it is by default, and with every code translated at once
// (its inline paths grow containers too: a MemoryError there must release what the loop's would).
for (const jit of ['on', 'eager'] as const) {
  function run(source: string, maxHeapBytes = 16 * MiB, hostHeadroom?: () => number) {
    return runSource(source, 'm.minipy', { maxSteps: 50_000_000, maxHeapBytes, hostHeadroom, jit });
  }

  describe(`heap limit and MemoryError (second tier ${jit})`, function () {
    this.timeout(60_000);

    it('raises MemoryError for giant single allocations before making them', () => {
      const r = run([
        'for make in (lambda: [0] * 10**10, lambda: "a" * 10**12, lambda: (1, 2) * 10**9, lambda: [None] * 10**7):',
        '    try:',
        '        make()',
        '    except MemoryError as e:',
        '        print("MemoryError", e.args)',
        '',
      ].join('\n'));
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, 'MemoryError ()\n'.repeat(4));
    });

    it('stops a list that grows without end, and the program carries on', () => {
      const r = run([
        'data = []',
        'try:',
        '    while True:',
        '        data.append(len(data))',
        'except MemoryError:',
        '    print("stopped after", len(data) > 100_000)',
        'data = None',
        'print(sum(range(10)))',
        '',
      ].join('\n'), 2 * MiB);
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, 'stopped after True\n45\n');
    });

    it('stops a comprehension that grows without end, and releases what it made', () => {
      const r = run([
        'import sys',
        'keep = []',
        'try:',
        '    big = [keep for i in range(10**9)]',
        'except MemoryError:',
        '    print("stopped", sys.getrefcount(keep))',
        'print(sum(range(10)))',
        '',
      ].join('\n'), 2 * MiB);
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, 'stopped 2\n45\n');
    });

    it('stops containers built by native loops (list, tuple, set, dict from iterables)', () => {
      const r = run([
        'for make in (lambda: list(range(10**10)), lambda: tuple(range(10**9)), lambda: set(range(10**9)),',
        '             lambda: dict.fromkeys(range(10**9)), lambda: [str(i) for i in range(10**9)]):',
        '    try:',
        '        make()',
        '    except MemoryError:',
        '        print("MemoryError")',
        '',
      ].join('\n'), 4 * MiB);
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, 'MemoryError\n'.repeat(5));
    });

    it('prints an uncaught MemoryError as CPython does', () => {
      const r = run(['def grow():', '    return [0] * 10**10', '', 'grow()', ''].join('\n'));
      assert.equal(r.exitCode, 1);
      assert.equal(r.stderr, [
        'Traceback (most recent call last):',
        '  File "m.minipy", line 4, in <module>',
        '    grow()',
        '  File "m.minipy", line 2, in grow',
        '    return [0] * 10**10',
        '           ~~~~^~~~~~~~',
        'MemoryError',
        '',
      ].join('\n'));
    });

    it('counts many small objects: MemoryError at the instruction that passed the limit', () => {
      const r = run([
        'class Node:',
        '    def __init__(self, nxt):',
        '        self.nxt = nxt',
        'head = None',
        'count = 0',
        'try:',
        '    while True:',
        '        head = Node(head)',
        '        count += 1',
        'except MemoryError:',
        '    print("caught", count > 1000)',
        '',
      ].join('\n'), 4 * MiB);
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, 'caught True\n');
    });

    it('treats the host running low on memory as reaching the limit', () => {
      let asked = 0;
      const r = run('l = []\nwhile True:\n    l.append([1, 2, 3])\n', 1 << 30, () => (++asked > 3 ? 0 : 1 << 20));
      assert.ok(asked > 3);
      assert.equal(r.exitCode, 1);
      assert.match(r.stderr, /\nMemoryError\n$/);
    });

    it('asks the host again after a sixteenth of the headroom it gave', () => {
      // some 11 MB of lists: asked at every 64 KB with no headroom to spare, at most once with plenty
      const src = 'l = [[1, 2, 3] for _ in range(100000)]\nprint(len(l))\n';
      let tight = 0, roomy = 0;
      assert.equal(run(src, 1 << 30, () => (++tight, 1 << 20)).stdout, '100000\n');
      assert.equal(run(src, 1 << 30, () => (++roomy, 1 << 30)).stdout, '100000\n');
      assert.ok(tight > 100, `asked ${tight} times`);
      assert.equal(roomy, 1);
    });

    it('leaves programs under the limit alone', () => {
      const r = run('xs = [list(range(100)) for _ in range(1000)]\nprint(sum(map(len, xs)))\n');
      assert.equal(r.stdout, '100000\n');
      assert.equal(r.stderr, '');
    });
  });
}
