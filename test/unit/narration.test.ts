/*
 * Narration is generated from snapshots and events: these tests step real
 * programs and hand-made events through it and check that the sentences name
 * the right objects, counts, threads and phases, in English and in Korean.
 */

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from '../../src/vm/index';
import type { FrameSnap, Snapshot, VmEvent } from '../../src/vm/snapshot-types';
import { narrate, english, objectName, type Translate } from '../../src/narration/narrate';

const bundle = JSON.parse(readFileSync(join(__dirname, '..', '..', 'l10n', 'bundle.l10n.ko.json'), 'utf8')) as Record<string, string>;
const korean: Translate = (m, ...args) => english(bundle[m] ?? `MISSING(${m})`, ...args);

/** Every step's narration of a program, in order. */
function narrateAll(source: string, t: Translate = english): string[][] {
  const c = Session.create(source, 'n.minipy');
  if (!c.ok) throw new Error(c.diagnostic.msg);
  const s = c.session;
  const argrepr = (f: FrameSnap): string | undefined => s.disassemble(f.codeKey)?.[f.instruction]?.argrepr;
  const out: string[][] = [];
  let prev = s.snapshot();
  for (let i = 0; i < 5000; i++) {
    const sig = s.stepInstruction();
    const cur = s.snapshot();
    out.push(narrate(prev, cur, t, { argrepr }));
    prev = cur;
    if (sig !== null && sig.kind !== 'raised') break;
  }
  return out;
}

const flat = (xs: string[][]): string => xs.map((x) => x.join(' / ')).join('\n');

function snap(partial: Partial<Snapshot>): Snapshot {
  return { step: 1, clock: 0, status: 'paused', currentThreadId: 1, processes: [], threads: [], heap: [], stdout: '', stderr: '', liveBytes: 0, peakBytes: 0, ...partial };
}

describe('narration', () => {
  it('names the store, the new holder and the rising and falling refcount', () => {
    const text = flat(narrateAll('x = [1, 2]\ny = x\ndel x\ndel y\n'));
    assert.match(text, /A new list was created: list \[1, 2\], refcount 1\./);
    assert.match(text, /STORE_NAME popped the top of the stack into x/);
    assert.match(text, /LOAD_NAME pushed the value of x onto the value stack\. \/ The refcount of list \[1, 2\] rose from 1 to 2: the value stack now holds it too\./);
    assert.match(text, /The reference to list \[1, 2\] moved from the value stack to the global y; its refcount stays 2\./);
    assert.match(text, /DELETE_NAME deleted the name x/);
    assert.match(text, /The refcount of list \[1, 2\] fell from 2 to 1\./);
    assert.match(text, /list \[1, 2\] lost its last reference, so it was freed at once\./);
  });

  it('says when a function is called and when it returns', () => {
    const text = flat(narrateAll('def f(a):\n    return a\nf(3)\n'));
    assert.match(text, /f\(\) was called: its new frame sits on top of the module\./);
    assert.match(text, /f\(\) returned; its frame is gone/);
    assert.match(text, /The module returned; its frame is gone/);
  });

  it('narrates in Korean with every sentence translated', () => {
    const text = flat(narrateAll('x = [1]\ndel x\n', korean));
    assert.doesNotMatch(text, /MISSING/);
    assert.match(text, /새 list 객체가 생겼습니다: list \[1\], 참조 카운트 1\./);
    assert.match(text, /list \[1\]의 마지막 참조가 사라져서 그 자리에서 바로 해제되었습니다\./);
  });

  it('puts the GIL drop request first, with the waiter, the interval and the holder', () => {
    const threads = [
      { id: 1, ident: 1, name: 'Thread-1 (worker)', processId: 1, state: 'running' as const, holdsGil: true, frames: [] },
      { id: 2, ident: 2, name: 'Thread-2 (worker)', processId: 1, state: 'waiting-gil' as const, holdsGil: false, frames: [] },
    ];
    const gil = { enabled: true, dropRequested: true, requestedBy: 2, switchInterval: 0.005, switchCheck: '3.11' as const };
    const events: VmEvent[] = [{ kind: 'gil', step: 9, time: 0.005, action: 'drop-request', threadId: 2, otherThreadId: 1 }];
    const cur = snap({ threads, processes: [{ pid: 1, name: 'MainProcess', gilHolder: 1, globals: [], gil }], events });
    const [first] = narrate(snap({ threads }), cur, english);
    assert.equal(first, 'Thread-2 (worker) has waited 5 ms for the GIL, so it set the drop request; Thread-1 (worker) will let go at its next check point (a backward jump, a call or a function entry).');
    assert.match(narrate(undefined, cur, korean)[0], /^Thread-2 \(worker\)이\(가\) GIL을 5ms 동안 기다렸기 때문에/);
  });

  it('explains each phase of a collection with its figures', () => {
    const events: VmEvent[] = [
      { kind: 'gc', step: 3, phase: 'update_refs', generation: 2, detail: { candidates: [1, 2, 3] } },
      { kind: 'gc', step: 3, phase: 'move_unreachable', generation: 2, detail: { unreachable: [1, 2] } },
    ];
    const out = narrate(undefined, snap({ events }), english);
    assert.deepEqual(out, [
      'The cycle collector started on generation 2.',
      'update_refs: each of the 3 candidates starts with gc_refs equal to its refcount.',
      'move_unreachable: 2 objects can only be reached from each other: refcounting alone would never free them.',
    ]);
  });

  it('gives objects short, readable names', () => {
    assert.equal(objectName({ type: 'Node', repr: '<__main__.Node object at 0x7f00000000d0>' }), 'Node object 0x7f00000000d0');
    assert.equal(objectName({ type: 'function', repr: '<function outer.<locals>.inner at 0x7f0000000010>' }), 'function outer.<locals>.inner');
    assert.equal(objectName({ type: 'type', repr: "<class '__main__.A'>" }), 'class A');
    assert.equal(objectName({ type: 'generator', repr: '<generator object count at 0x7f0000000010>' }), 'generator count');
    assert.equal(objectName({ type: 'list', repr: '[' + '1, '.repeat(30) + '1]' }).length <= 45, true);
  });
});
