/*
 * Processes on simulated cores: four CPU-bound processes finish in about a
 * quarter of the sequential time plus start-up; a child's failure is its own;
 * starting a process while a spawned child is still importing its main
 * module is CPython's RuntimeError; nothing waits forever.
 */

import { strict as assert } from 'assert';
import { runSource, Session } from '../../src/vm/index';

function run(src: string): { stdout: string; stderr: string; exitCode: number } {
  const r = runSource(src, 'p.minipy', { maxSteps: 50_000_000 });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

describe('processes', function () {
  this.timeout(60_000);

  it('four CPU-bound processes on four cores take about a quarter of the time, plus start-up', () => {
    const out = run(`
import multiprocessing as mp, time
def count(n):
    while n > 0:
        n -= 1
if __name__ == '__main__':
    N = 150000
    start = time.perf_counter()
    for _ in range(4): count(N)
    seq = time.perf_counter() - start
    start = time.perf_counter()
    ps = [mp.Process(target=count, args=(N,)) for _ in range(4)]
    for p in ps: p.start()
    for p in ps: p.join()
    print(seq, time.perf_counter() - start)
`).stdout.trim().split(' ').map(Number);
    const ratio = out[1] / out[0];
    assert.ok(ratio > 0.25 && ratio < 0.35, `ratio ${ratio}`);
  });

  it("a child's exception is printed as CPython prints it and sets its exit code; the parent goes on", () => {
    const r = run('import multiprocessing as mp\ndef f():\n    raise KeyError("k")\nif __name__ == "__main__":\n    p = mp.Process(target=f)\n    p.start()\n    p.join()\n    print("exit", p.exitcode)\n');
    assert.equal(r.stdout, 'exit 1\n');
    assert.match(r.stderr, /^Process Process-1:\nTraceback \(most recent call last\):\n/);
    assert.match(r.stderr, /KeyError: 'k'\n$/);
  });

  it('starting a process from an unguarded main module fails in the child, as spawn does', () => {
    const r = run('import multiprocessing as mp\ndef f():\n    print("never")\np = mp.Process(target=f)\np.start()\np.join()\nprint("parent", p.exitcode)\n');
    assert.equal(r.stdout, 'parent 1\n');
    assert.match(r.stderr, /An attempt has been made to start a new process before the\n\s+current process has finished its bootstrapping phase/);
  });

  it('a get that nothing will ever answer is a deadlock report, not a hang', () => {
    const r = run('import multiprocessing as mp\ndef f(q):\n    pass\nif __name__ == "__main__":\n    q = mp.Queue()\n    p = mp.Process(target=f, args=(q,))\n    p.start()\n    q.get()\n');
    assert.equal(r.exitCode, 1);
    assert.match(r.stderr, /^minipy: deadlock:/m);
  });

  it("a session's position follows a child process while it runs its own code (so a breakpoint there stops)", () => {
    const src = 'import multiprocessing\n\ndef work(n):\n    total = n * 2\n    print("child", total)\n\nif __name__ == "__main__":\n    p = multiprocessing.Process(target=work, args=(21,))\n    p.start()\n    p.join()\n    print("parent done")\n';
    const c = Session.create(src, 'mp.minipy');
    assert.ok(c.ok);
    const s = c.session;
    const lines: string[] = [];
    let childTop: number | undefined;
    for (let i = 0; i < 200_000; i++) {
      const sig = s.stepInstruction();
      const p = s.position();
      if (p.lineStart && !lines.includes(`${p.threadId}:${p.line}`)) {
        lines.push(`${p.threadId}:${p.line}`);
        if (p.threadId === 2001 && childTop === undefined) childTop = s.snapshot().threads.find((t) => t.id === p.threadId)?.frames[0]?.line;
      }
      if (sig !== null && sig.kind !== 'raised') break;
    }
    // The child is pid 2: its main thread is 2001 in snapshots and positions alike.
    assert.deepEqual(lines, ['1:1', '1:3', '1:7', '1:8', '1:9', '1:10', '2001:4', '2001:5', '1:11']);
    assert.equal(childTop, 4);
  });
});
