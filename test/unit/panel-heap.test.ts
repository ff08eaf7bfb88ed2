/*
 * The panel's heap, without a browser: the host's deltas, the webview's
 * store built from them, and which nodes and arrows the graph draws (from
 * the frames, a big container cut to a few elements, a cycle nothing
 * reaches drawn apart, one object's neighbourhood).
 */

import { strict as assert } from 'assert';
import { Session } from '../../src/vm/index';
import { panelState } from '../../src/extension/debug/panel-state';
import { HeapDiff } from '../../src/extension/heap-diff';
import { HeapStore } from '../../webview/heap-store';
import { CHILDREN_SHOWN, objectKey, selectGraph } from '../../webview/heap-select';
import type { FullPanelState } from '../../src/protocol';

function stops(src: string, lines: number[]): FullPanelState[] {
  const c = Session.create(src, 'p.minipy');
  assert.ok(c.ok);
  const s = c.session;
  const out: FullPanelState[] = [];
  for (let i = 0; i < 200_000 && out.length < lines.length; i++) {
    const sig = s.stepInstruction();
    const p = s.position();
    if (p.lineStart && p.line === lines[out.length]) out.push(panelState(s.snapshot(), { memory: [], narration: [], stoppedAt: 0, disassemble: (k) => s.disassemble(k) }));
    if (sig && sig.kind === 'exited') break;
  }
  assert.equal(out.length, lines.length, 'reached every line');
  return out;
}

describe('the panel\'s heap', () => {
  it('sends everything first, then only what changed, and the store follows', () => {
    const [a, b, c] = stops('x = [1]\ny = [2]\nx.append(3)\ndel y\nz = 0\n', [2, 4, 5]);
    const diff = new HeapDiff();
    const store = new HeapStore();
    const first = diff.delta(a.heap);
    assert.ok(first.reset && first.upsert.length === a.heap.length && first.remove.length === 0);
    store.apply(first);
    assert.equal(store.objects.size, a.heap.length);
    const second = diff.delta(b.heap);
    assert.ok(!second.reset);
    assert.ok(second.upsert.length < b.heap.length, 'unchanged objects are not sent again');
    store.apply(second);
    const y = [...store.objects.values()].find((o) => o.repr === '[2]')!;
    assert.ok(store.added.has(y.id), 'y = [2] is new');
    assert.ok([...store.changed].some((id) => store.objects.get(id)?.repr === '[1, 3]'), 'x changed');
    const third = diff.delta(c.heap);
    assert.deepEqual(third.remove, [y.id], 'del y: its list is gone');
    store.apply(third);
    assert.deepEqual(store.gone.map((o) => o.repr), ['[2]']);
    assert.equal(store.seen(y.id)?.repr, '[2]', 'a freed object is still known by its last look');
  });

  it('draws from the frames: globals, what they name, a big container cut to its first elements', () => {
    const [s] = stops('small = [1, 2]\nbig = [[i] for i in range(20)]\nx = 0\n', [3]);
    const store = new HeapStore();
    store.apply(new HeapDiff().delta(s.heap));
    const g = selectGraph(store.objects, s.threads, 60);
    const frame = g.nodes.find((n) => n.kind === 'frame');
    assert.equal(frame?.label, '<module>:3');
    const globals = g.nodes.find((n) => n.label === 'globals')!;
    assert.ok(g.edges.some((e) => e.from === frame!.key && e.to === globals.key));
    const small = g.nodes.find((n) => n.label === '[1, 2]')!;
    assert.ok(g.edges.some((e) => e.from === globals.key && e.to === small.key && e.label === 'small'));
    const big = [...store.objects.values()].find((o) => o.repr.startsWith('[[0], [1]'))!;
    const children = g.edges.filter((e) => e.from === objectKey(big.id) && e.to.startsWith('o'));
    assert.equal(children.length, CHILDREN_SHOWN);
    const more = g.nodes.find((n) => n.kind === 'more' && n.objectId === big.id);
    assert.equal(more?.label, `+${20 - CHILDREN_SHOWN}`);
    assert.equal(g.hidden, 20 - CHILDREN_SHOWN);
  });

  it('draws a cycle nothing reaches apart, as the collector\'s to free', () => {
    const [s] = stops('import gc\nclass N:\n    pass\na = N()\nb = N()\na.o = b\nb.o = a\ndel a, b\nx = 0\n', [9]);
    const store = new HeapStore();
    store.apply(new HeapDiff().delta(s.heap));
    const g = selectGraph(store.objects, s.threads, 60);
    const lost = g.nodes.filter((n) => n.unreachable && n.type === 'N');
    assert.equal(lost.length, 2);
    assert.ok(g.edges.some((e) => e.from === lost[0].key || e.from === lost[1].key), 'the cycle\'s references are drawn');
  });

  it('focuses on one object: who holds it and what it holds', () => {
    const [s] = stops('inner = [1]\nouter = [inner, inner]\nx = 0\n', [3]);
    const store = new HeapStore();
    store.apply(new HeapDiff().delta(s.heap));
    const inner = [...store.objects.values()].find((o) => o.repr === '[1]')!;
    const g = selectGraph(store.objects, s.threads, 60, inner.id);
    const outer = [...store.objects.values()].find((o) => o.repr === '[[1], [1]]')!;
    const fromOuter = g.edges.filter((e) => e.from === objectKey(outer.id) && e.to === objectKey(inner.id)).map((e) => e.label).sort();
    assert.deepEqual(fromOuter, ['[0]', '[1]'], 'held twice by outer');
    assert.ok(g.edges.some((e) => e.to === objectKey(inner.id) && e.label === 'inner'), 'and by the global inner');
    assert.equal(inner.refcount, 3);
  });
});
