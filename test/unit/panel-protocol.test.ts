/*
 * The panel's protocol: what the webview sends is validated (anything else
 * is ignored), and the state built from a real snapshot carries each
 * process's GIL and lanes, the threads' stacks, memory, the collector's
 * phases, generators with their frames, the bytecode and the whole heap.
 */

import { strict as assert } from 'assert';
import { isFromWebview, type FullPanelState } from '../../src/protocol';
import { panelState } from '../../src/extension/debug/panel-state';
import { Session } from '../../src/vm/index';

function stateAt(src: string, stop: (p: { line: number; threadId: number; lineStart: boolean }) => boolean): FullPanelState {
  const c = Session.create(src, 'p.minipy');
  assert.ok(c.ok);
  const s = c.session;
  for (let i = 0; i < 100_000; i++) {
    const sig = s.stepInstruction();
    const p = s.position();
    if (p.lineStart && stop(p)) {
      return panelState(s.snapshot(), { memory: [{ step: 1, bytes: 100 }], narration: ['narrated'], note: 'a note', stoppedAt: 5, disassemble: (k) => s.disassemble(k) });
    }
    if (sig && sig.kind === 'exited') break;
  }
  throw new Error('never stopped');
}

describe('panel protocol', () => {
  it('accepts only the messages the webview may send', () => {
    for (const ok of [{ type: 'ready' }, { type: 'command', command: 'stepOver' }, { type: 'command', command: 'stepInstruction' }, { type: 'goToStep', step: 12 }, { type: 'untilFreed', id: 3 }, { type: 'revealLine', line: 4 }]) {
      assert.ok(isFromWebview(ok), JSON.stringify(ok));
    }
    for (const bad of [null, 1, 'ready', {}, { type: 'command' }, { type: 'command', command: 'rm -rf' }, { type: 'eval', code: 'x' },
      { type: 'goToStep', step: -1 }, { type: 'goToStep', step: 1.5 }, { type: 'goToStep', step: '3' }, { type: 'untilFreed' }, { type: 'revealLine', line: 0 }]) {
      assert.ok(!isFromWebview(bad), JSON.stringify(bad));
    }
  });

  it('builds what the panel draws from a snapshot of a threaded program', () => {
    const src = 'import threading, gc\nl = []\nl.append(l)\ndel l\ngc.collect()\ndef w():\n    x = [1, 2]\n    return x\nt = threading.Thread(target=w)\nt.start()\nt.join()\ny = 1\n';
    const state = stateAt(src, (p) => p.line === 8 && p.threadId !== 1);
    const main = state.processes[0];
    assert.equal(main.gil?.holder, 'Thread-1 (w)');
    assert.deepEqual(state.threads.map((t) => t.name), ['MainThread', 'Thread-1 (w)']);
    assert.equal(state.threads[1].where, 'w:8');
    assert.equal(state.threads[1].frames[0].name, 'w');
    assert.match(state.threads[0].where ?? '', /^<module>:1[01]$/, 'the main thread is shown at its own line, not inside threading');
    assert.ok(main.lanes[0].segments.length > 0);
    const last = state.gc?.last;
    assert.ok(last && last.collected >= 1);
    assert.ok(last.candidates.some((c) => c.type === 'list' && c.refcount === 1 && c.gcRefs === 0), 'the self-referencing list: refcount 1, all of it internal');
    assert.ok(last.unreachable.length >= 1 && last.freed.length >= 1);
    assert.equal(state.heap.length, state.heapTotal);
    const x = state.heap.find((o) => o.repr === '[1, 2]');
    assert.ok(x && x.refcount === 1 && x.holders[0].label === 'x' && x.createdLine === 7, JSON.stringify(x));
    assert.ok(state.freed.some((f) => f.type === 'list'), 'the collected list is among the freed');
    const code = state.bytecode.find((b) => b.name === 'w');
    assert.ok(code && code.markers.some((m) => m.thread === 'Thread-1 (w)' && code.rows[m.index].line === 8));
    assert.deepEqual(state.narration, ['narrated']);
    assert.equal(state.stoppedAt, 5);
  });

  it('shows a suspended generator with its frame and a running one with its thread', () => {
    const src = 'def g(n):\n    total = 0\n    for i in range(n):\n        total += i\n        yield total\nit = g(3)\nnext(it)\nnext(it)\nz = 0\n';
    const suspended = stateAt(src, (p) => p.line === 9);
    const gen = suspended.generators[0];
    assert.equal(gen.state, 'GEN_SUSPENDED');
    assert.equal(gen.line, 5);
    assert.equal(gen.runningIn, undefined);
    assert.deepEqual(gen.locals.map((v) => `${v.name}=${v.repr}`).sort(), ['i=1', 'n=3', 'total=1']);
    const running = stateAt(src, (p) => p.line === 4);
    assert.equal(running.generators[0].state, 'GEN_RUNNING');
    assert.equal(running.generators[0].runningIn, 'MainThread');
  });

  it('groups threads by process, each process with its own GIL and lanes', () => {
    const src = [
      'import multiprocessing as mp',
      'def work(n):',
      '    total = 0',
      '    for i in range(n):',
      '        total += i',
      '    return total',
      "if __name__ == '__main__':",
      "    mp.set_start_method('spawn')",
      '    p = mp.Process(target=work, args=(50,))',
      '    p.start()',
      '    p.join()',
      '',
    ].join('\n');
    const c = Session.create(src, 'p.minipy');
    assert.ok(c.ok);
    const s = c.session;
    let state: FullPanelState | undefined;
    // The child's lines are not stops of their own (breakpoints stop the main process only): look at it while the main process joins.
    for (let i = 0; i < 400_000 && state === undefined; i++) {
      s.stepInstruction();
      if (i % 50 !== 0) continue;
      const snap = s.snapshot();
      if (snap.threads.some((t) => t.processId !== 1 && t.frames[0]?.line === 5)) state = panelState(snap, { memory: [], narration: [], stoppedAt: 0, disassemble: (k) => s.disassemble(k) });
    }
    assert.ok(state, 'the child ran its loop');
    assert.equal(state.processes.length, 2);
    const [main, child] = state.processes;
    assert.equal(main.name, 'MainProcess');
    assert.ok(child.pid > 1 && child.objects > 0);
    for (const p of state.processes) assert.ok(p.gil?.enabled && p.lanes.length >= 1, `${p.name} has its own GIL and lanes`);
    const childThread = state.threads.find((t) => t.processId === child.pid)!;
    assert.equal(child.gil?.holder, childThread.name, 'the child runs, holding its own GIL');
    assert.ok(child.lanes.every((l) => state.threads.some((t) => t.id === l.threadId && t.processId === child.pid)));
  });
});
