/*
 * Where objects were created and when they were freed, as a debug session
 * records them: exact lines while stepping, the same records after a step
 * back (replay), and frees after the current step forgotten when going back.
 */

import { strict as assert } from 'assert';
import { Session } from '../../src/vm/index';

const SRC = 'data = [1, 2]\nkeep = [3]\ndel data\nx = 0\n';

function session(): Session {
  const c = Session.create(SRC, 'p.minipy');
  assert.ok(c.ok);
  return c.session;
}

function stepToLine(s: Session, line: number): void {
  for (let i = 0; i < 1000; i++) {
    s.stepInstruction();
    const p = s.position();
    if (p.lineStart && p.line === line) return;
  }
  throw new Error(`never reached line ${line}`);
}

describe('heap history (created at, freed at)', () => {
  it('records the line that created and the line that freed each object', () => {
    const s = session();
    stepToLine(s, 4);
    const snap = s.snapshot();
    const keep = snap.heap.find((o) => o.repr === '[3]');
    assert.equal(keep?.createdLine, 2);
    const freed = snap.freed?.find((f) => f.type === 'list');
    assert.ok(freed, 'the list bound to data was freed');
    assert.equal(freed.line, 3, 'freed by `del data` on line 3');
    assert.equal(s.freedAt(freed.id), freed.step);
    assert.ok(freed.step <= snap.step);
  });

  it('keeps the same records across a step back, and forgets frees after the step it goes back to', () => {
    const s = session();
    stepToLine(s, 4);
    const after = s.snapshot();
    const freed = after.freed!.find((f) => f.type === 'list')!;
    s.goToStep(freed.step - 1);
    const before = s.snapshot();
    assert.equal(s.freedAt(freed.id), undefined, 'not freed yet at this step');
    assert.ok(before.heap.some((o) => o.id === freed.id), 'the list is alive again');
    assert.equal(before.heap.find((o) => o.id === freed.id)?.createdLine, 1);
    s.goToStep(after.step);
    assert.deepEqual(s.snapshot().freed?.find((f) => f.id === freed.id), freed);
  });
});
