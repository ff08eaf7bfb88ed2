/*
 * The panel's protocol: what the webview sends is validated (anything else
 * is ignored), and the state built from a real snapshot carries the threads,
 * the GIL, memory, the collector and the heap the panel draws.
 */

import { strict as assert } from 'assert';
import { isFromWebview, HEAP_LIMIT } from '../../src/protocol';
import { panelState } from '../../src/extension/debug/panel-state';
import { Session } from '../../src/vm/index';

describe('panel protocol', () => {
  it('accepts only the messages the webview may send', () => {
    assert.ok(isFromWebview({ type: 'ready' }));
    assert.ok(isFromWebview({ type: 'command', command: 'stepOver' }));
    for (const bad of [null, 1, 'ready', {}, { type: 'command' }, { type: 'command', command: 'rm -rf' }, { type: 'eval', code: 'x' }]) {
      assert.ok(!isFromWebview(bad), JSON.stringify(bad));
    }
  });

  it('builds what the panel draws from a snapshot of a threaded program', () => {
    const src = 'import threading, gc\nl = []\nl.append(l)\ndel l\ngc.collect()\ndef w():\n    x = [1, 2]\n    return x\nt = threading.Thread(target=w)\nt.start()\nt.join()\ny = 1\n';
    const c = Session.create(src, 'p.minipy');
    assert.ok(c.ok);
    const s = c.session;
    let state;
    for (let i = 0; i < 100_000; i++) {
      const sig = s.stepInstruction();
      const p = s.position();
      if (p.lineStart && p.line === 8 && p.threadId !== 1) { state = panelState(s.snapshot(), [{ step: 1, bytes: 100 }], ['narrated'], 'a note'); break; }
      if (sig && sig.kind === 'exited') break;
    }
    assert.ok(state, 'stopped in the thread');
    assert.equal(state.gil?.holder, 'Thread-1 (w)');
    assert.deepEqual(state.threads.map((t) => t.name), ['MainThread', 'Thread-1 (w)']);
    assert.equal(state.threads[1].where, 'w:8');
    assert.match(state.threads[0].where ?? '', /^<module>:1[01]$/, 'the main thread is shown at its own line, not inside threading');
    assert.ok(state.lanes[0].segments.length > 0);
    assert.ok(state.gc?.last && state.gc.last.collected >= 1);
    assert.ok(state.heap.length > 0 && state.heap.length <= HEAP_LIMIT);
    assert.ok(state.heap.some((o) => o.repr === '[1, 2]' && o.refcount === 1));
    assert.deepEqual(state.narration, ['narrated']);
  });
});
