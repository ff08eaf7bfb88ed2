/*
 * Adapter logic over a scripted fake VM: the rules the adapter owns
 * (stepping, breakpoints, pause, reverse, errors) with a program whose
 * shape the test fixes exactly. debug-adapter.test.ts drives the real VM.
 */

import * as assert from 'assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { fakeFactory, FAKE_SECOND_THREAD_ID, FAKE_THREAD_ID, type FakeOp } from './debug-adapter-fake';
import { launch, startAdapter, stepAndWait, stopped, top, variablesOf, within, type Adapter } from './debug-adapter-harness';
import type { VmPort } from '../../src/extension/debug/vm-port';

const PROGRAM = '/tmp/minipy-fake/prog.minipy';
const SOURCE = "x = 1\nxs = [1, 2]\nys = xs\nf()\nprint('done')\ndef f():\n    a = 5\n    print('in f')\n";
const STRAIGHT: FakeOp[] = [
  { line: 1, set: { x: 1, d: { a: 1, b: 2 } } },
  { line: 2, set: { xs: [1, 2] } },
  { line: 3, set: { ys: [1, 2] } },
  { line: 4, name: 'f', call: [{ line: 7, set: { a: 5 } }, { line: 8, print: 'in f' }] },
  { line: 5, print: 'done' },
];
const LOOP_SOURCE = 'i = 0\nwhile True:\n    i += 1\n';
const LOOP: FakeOp[] = [{ line: 1, set: { i: 0 } }, { line: 2, loop: [{ line: 3, inc: 'i' }] }];
const THREADS_SOURCE = 'import threading\nt = threading.Thread(target=worker); t.start()\nwhile True:\n    n += 1\n\ndef worker():\n    while True:\n        s += 1\n';
const THREADS: FakeOp[] = [
  { line: 1 },
  { line: 2, name: 'worker', spawn: [{ line: 7, loop: [{ line: 8, inc: 's' }] }] },
  { line: 3, loop: [{ line: 4, inc: 'n' }] },
];

describe('debug adapter (fake VM: adapter logic)', () => {
  let a: Adapter;
  afterEach(async () => { await a?.close(); });

  it('stops on entry on the first line, naming the real thread id', async () => {
    a = await startAdapter(fakeFactory(STRAIGHT));
    const ev = stopped(a.dc);
    await launch(a.dc, { program: PROGRAM, source: SOURCE, stopOnEntry: true });
    const e = await ev;
    assert.strictEqual(e.body.reason, 'entry');
    assert.strictEqual(e.body.threadId, FAKE_THREAD_ID);
    assert.strictEqual((await top(a.dc, FAKE_THREAD_ID)).line, 1);
    const threads = (await a.dc.threadsRequest()).body.threads;
    assert.deepStrictEqual(threads.map((t) => t.id), [FAKE_THREAD_ID]);
    assert.match(threads[0].name, /MainThread/);
  });

  it('lists every thread with its own frames; a breakpoint in a thread names that thread; stepping stays in it', async () => {
    a = await startAdapter(fakeFactory(THREADS));
    const ev = stopped(a.dc);
    await launch(a.dc, { program: PROGRAM, source: THREADS_SOURCE }, [{ line: 8 }]);
    const e = await ev;
    assert.strictEqual(e.body.reason, 'breakpoint');
    assert.strictEqual(e.body.threadId, FAKE_SECOND_THREAD_ID);
    const threads = (await a.dc.threadsRequest()).body.threads;
    assert.deepStrictEqual(threads.map((t) => t.id), [FAKE_THREAD_ID, FAKE_SECOND_THREAD_ID]);
    assert.match(threads[1].name, /^Thread-1 \(worker\) · holds the GIL$/);
    assert.match(threads[0].name, /^MainThread · waiting-gil$/);
    const mainTop = await top(a.dc, FAKE_THREAD_ID);
    assert.strictEqual(mainTop.name, '<module>');
    const workerTop = await top(a.dc, FAKE_SECOND_THREAD_ID);
    assert.deepStrictEqual([workerTop.name, workerTop.line], ['worker', 8]);
    await a.dc.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [] });
    for (let i = 0; i < 3; i++) {
      const s = await stepAndWait(a.dc, () => a.dc.nextRequest({ threadId: FAKE_SECOND_THREAD_ID }));
      assert.strictEqual(s.ev.body.threadId, FAKE_SECOND_THREAD_ID);
      assert.strictEqual(s.frame.name, 'worker');
    }
    const state = (await a.dc.customRequest('minipy/state')).body as { gilHolder: string; threads: { id: number }[]; clock: number };
    assert.strictEqual(state.threads.length, 2);
    assert.strictEqual(typeof state.clock, 'number');
  });

  it('shows suspended generators under the stopped thread, marked as such', async () => {
    a = await startAdapter(fakeFactory(STRAIGHT, [{ id: 500, repr: '<generator object numbers at 0x7f0000001f40>', line: 3 }]));
    const ev = stopped(a.dc);
    await launch(a.dc, { program: PROGRAM, source: SOURCE, stopOnEntry: true });
    await ev;
    const frames = (await a.dc.stackTraceRequest({ threadId: FAKE_THREAD_ID })).body.stackFrames;
    assert.deepStrictEqual(frames.map((f) => [f.name, f.presentationHint]), [['<module>', undefined], ['suspended generators', 'label'], ['numbers (suspended at line 3)', 'subtle']]);
    assert.strictEqual(frames[2].line, 3);
    const scopes = (await a.dc.scopesRequest({ frameId: frames[2].id })).body.scopes;
    const gen = await variablesOf(a.dc, scopes[0].variablesReference);
    assert.strictEqual(gen.find((v) => v.name === '(state)')!.value, 'GEN_SUSPENDED at line 3');
  });

  it('answers minipy/inspect (the hover) with type, refcount and holders', async () => {
    a = await startAdapter(fakeFactory(STRAIGHT));
    const ev = stopped(a.dc);
    await launch(a.dc, { program: PROGRAM, source: SOURCE }, [{ line: 4 }]);
    await ev;
    const r = (await a.dc.customRequest('minipy/inspect', { expression: 'xs' })).body as { found: boolean; refcount: number; holders: string[]; markdown: string };
    assert.strictEqual(r.found, true);
    assert.strictEqual(r.refcount, 2);
    assert.deepStrictEqual(r.holders, ['xs', 'ys']);
    assert.match(r.markdown, /^\*\*xs\*\*: `list` = `\[1, 2\]`/);
    assert.match(r.markdown, /refcount \*\*2\*\*[\s\S]*held by:\n- local `xs`\n- local `ys`/);
    const missing = (await a.dc.customRequest('minipy/inspect', { expression: 'nope' })).body as { found: boolean };
    assert.strictEqual(missing.found, false);
  });

  it('steps over, into and out by line', async () => {
    a = await startAdapter(fakeFactory(STRAIGHT));
    const ev = stopped(a.dc);
    await launch(a.dc, { program: PROGRAM, source: SOURCE, stopOnEntry: true });
    await ev;
    const t = FAKE_THREAD_ID;
    for (const line of [2, 3, 4]) assert.strictEqual((await stepAndWait(a.dc, () => a.dc.nextRequest({ threadId: t }))).frame.line, line);
    const into = await stepAndWait(a.dc, () => a.dc.stepInRequest({ threadId: t }));
    assert.strictEqual(into.frame.line, 7);
    assert.strictEqual(into.frame.name, 'f');
    const out = await stepAndWait(a.dc, () => a.dc.stepOutRequest({ threadId: t }));
    assert.strictEqual(out.frame.line, 4);
    assert.strictEqual(out.frame.name, '<module>');
    assert.strictEqual((await stepAndWait(a.dc, () => a.dc.nextRequest({ threadId: t }))).frame.line, 5);
  });

  it('stepping over a call runs it whole and prints its output', async () => {
    a = await startAdapter(fakeFactory(STRAIGHT));
    const ev = stopped(a.dc);
    await launch(a.dc, { program: PROGRAM, source: SOURCE }, [{ line: 4 }]);
    await ev;
    const out = within(a.dc.assertOutput('stdout', 'in f\n'), 3000, 'output');
    assert.strictEqual((await stepAndWait(a.dc, () => a.dc.nextRequest({ threadId: FAKE_THREAD_ID }))).frame.line, 5);
    await out;
  });

  it('verifies breakpoints, moving one off a blank line, and stops in a callee with both frames', async () => {
    a = await startAdapter(fakeFactory(STRAIGHT));
    const ev = stopped(a.dc);
    const bps = await launch(a.dc, { program: PROGRAM, source: SOURCE }, [{ line: 8 }, { line: 40 }]);
    assert.deepStrictEqual(bps!.body.breakpoints.map((b) => [b.verified, b.line]), [[true, 8], [false, 40]]);
    const e = await ev;
    assert.strictEqual(e.body.reason, 'breakpoint');
    assert.deepStrictEqual(e.body.hitBreakpointIds, [bps!.body.breakpoints[0].id]);
    const st = await a.dc.stackTraceRequest({ threadId: e.body.threadId! });
    assert.deepStrictEqual(st.body.stackFrames.map((f) => [f.name, f.line]), [['f', 8], ['<module>', 4]]);
  });

  it('shows locals with type and refcount, and evaluates names, items and comparisons', async () => {
    a = await startAdapter(fakeFactory(STRAIGHT));
    const ev = stopped(a.dc);
    await launch(a.dc, { program: PROGRAM, source: SOURCE }, [{ line: 4 }]);
    await ev;
    const frame = await top(a.dc, FAKE_THREAD_ID);
    const scopes = (await a.dc.scopesRequest({ frameId: frame.id })).body.scopes;
    const globals = scopes.find((s) => s.name === 'Globals')!;
    const vars = await variablesOf(a.dc, globals.variablesReference);
    const xs = vars.find((v) => v.name === 'xs')!;
    assert.strictEqual(xs.type, 'list');
    assert.match(xs.value, /^\[1, 2\] {2}\(list, id 0x7f[0-9a-f]+, refcount 2\)$/);
    const kids = await variablesOf(a.dc, xs.variablesReference);
    assert.match(kids.find((k) => k.name === '(refcount)')!.value, /^2 — held by local xs, local ys$/);
    assert.deepStrictEqual(kids.filter((k) => k.name.startsWith('[')).map((k) => [k.name, k.value, k.evaluateName]), [['[0]', '1', 'xs[0]'], ['[1]', '2', 'xs[1]']]);
    const hover = await a.dc.evaluateRequest({ expression: 'xs', frameId: frame.id, context: 'hover' });
    assert.match(hover.body.result, /^\[1, 2\] {2}\(list, id 0x7f[0-9a-f]+, 72 bytes, refcount 2: xs, ys\)$/);
    const d = vars.find((v) => v.name === 'd')!;
    const items = (await variablesOf(a.dc, d.variablesReference)).filter((k) => !k.name.startsWith('('));
    assert.deepStrictEqual(items.map((k) => [k.name, k.value, k.evaluateName]), [["['a']", '1', "d['a']"], ["['b']", '2', "d['b']"]]);
    assert.strictEqual((await a.dc.evaluateRequest({ expression: "d['b']", frameId: frame.id, context: 'watch' })).body.result, '2');
    const ev1 = await a.dc.evaluateRequest({ expression: 'xs[-1]', frameId: frame.id, context: 'watch' });
    assert.strictEqual(ev1.body.result, '2');
    const ev2 = await a.dc.evaluateRequest({ expression: 'x == 1 and xs is ys', frameId: frame.id, context: 'repl' });
    assert.strictEqual(ev2.body.result, 'True');
    await assert.rejects(a.dc.evaluateRequest({ expression: 'nope', frameId: frame.id, context: 'watch' }), /NameError: name 'nope' is not defined/);
    const done = await a.dc.completionsRequest({ text: 'x', column: 2, frameId: frame.id });
    assert.deepStrictEqual(done.body.targets.map((t) => t.label).sort(), ['x', 'xs']);
    await assert.rejects(a.dc.evaluateRequest({ expression: 'x = 2', frameId: frame.id, context: 'repl' }), /unsupported syntax/);
  });

  it('pauses an infinite loop within a second, and the event loop keeps turning meanwhile', async () => {
    a = await startAdapter(fakeFactory(LOOP));
    await launch(a.dc, { program: PROGRAM, source: LOOP_SOURCE });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    await new Promise((r) => setTimeout(r, 300));
    clearInterval(timer);
    assert.ok(ticks >= 3, `event loop starved: ${ticks} ticks in 300 ms`);
    const t0 = Date.now();
    const ev = stopped(a.dc, 1000);
    await a.dc.pauseRequest({ threadId: FAKE_THREAD_ID });
    const e = await ev;
    assert.ok(Date.now() - t0 < 1000);
    assert.strictEqual(e.body.reason, 'pause');
    assert.strictEqual(e.body.threadId, FAKE_THREAD_ID);
  });

  it('conditional and hit-count breakpoints, and logpoints that print without stopping', async () => {
    a = await startAdapter(fakeFactory(LOOP));
    const logged = within(a.dc.assertOutput('console', 'i is 0\ni is 1\ni is 2\n'), 3000, 'logpoint output');
    const ev = stopped(a.dc);
    await launch(a.dc, { program: PROGRAM, source: LOOP_SOURCE }, [{ line: 2, logMessage: 'i is {i}', hitCondition: '<= 3' }, { line: 3, condition: 'i >= 4', hitCondition: '2' }]);
    await logged;
    const e = await ev;
    assert.strictEqual(e.body.reason, 'breakpoint');
    const frame = await top(a.dc, FAKE_THREAD_ID);
    assert.strictEqual(frame.line, 3);
    // Condition true from i == 4; the second such hit is i == 5.
    assert.strictEqual((await a.dc.evaluateRequest({ expression: 'i', frameId: frame.id })).body.result, '5');
    await a.dc.disconnectRequest({});
  });

  it('steps back and reverse-continues to an earlier breakpoint hit', async () => {
    a = await startAdapter(fakeFactory(LOOP));
    let ev = stopped(a.dc);
    await launch(a.dc, { program: PROGRAM, source: LOOP_SOURCE }, [{ line: 3, condition: 'i == 3' }]);
    await ev;
    let f = await top(a.dc, FAKE_THREAD_ID);
    assert.strictEqual((await a.dc.evaluateRequest({ expression: 'i', frameId: f.id })).body.result, '3');
    const back = await stepAndWait(a.dc, () => a.dc.stepBackRequest({ threadId: FAKE_THREAD_ID }));
    assert.strictEqual(back.frame.line, 2);
    assert.strictEqual((await a.dc.evaluateRequest({ expression: 'i', frameId: back.frame.id })).body.result, '3');
    // Move the condition and reverse-continue to where i == 1.
    await a.dc.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [{ line: 3, condition: 'i == 1' }] });
    const rc = await stepAndWait(a.dc, () => a.dc.reverseContinueRequest({ threadId: FAKE_THREAD_ID }));
    assert.strictEqual(rc.ev.body.reason, 'breakpoint');
    f = rc.frame;
    assert.strictEqual(f.line, 3);
    assert.strictEqual((await a.dc.evaluateRequest({ expression: 'i', frameId: f.id })).body.result, '1');
    // Forward again from the past: the replay goes on exactly as before.
    await a.dc.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [{ line: 3, condition: 'i == 2' }] });
    ev = stopped(a.dc);
    await a.dc.continueRequest({ threadId: FAKE_THREAD_ID });
    await ev;
    f = await top(a.dc, FAKE_THREAD_ID);
    assert.strictEqual((await a.dc.evaluateRequest({ expression: 'i', frameId: f.id })).body.result, '2');
  });

  it('step back is the reverse of step over: it never lands inside a callee', async () => {
    a = await startAdapter(fakeFactory(STRAIGHT));
    const ev = stopped(a.dc);
    await launch(a.dc, { program: PROGRAM, source: SOURCE }, [{ line: 5 }]);
    await ev;
    const back1 = await stepAndWait(a.dc, () => a.dc.stepBackRequest({ threadId: FAKE_THREAD_ID }));
    assert.deepStrictEqual([back1.frame.name, back1.frame.line], ['<module>', 4]);
    const back2 = await stepAndWait(a.dc, () => a.dc.stepBackRequest({ threadId: FAKE_THREAD_ID }));
    assert.deepStrictEqual([back2.frame.name, back2.frame.line], ['<module>', 3]);
    const fwd = await stepAndWait(a.dc, () => a.dc.stepInRequest({ threadId: FAKE_THREAD_ID }));
    assert.strictEqual(fwd.frame.line, 4);
  });

  it('a long reverse search yields to the event loop and can be paused', async () => {
    a = await startAdapter(fakeFactory(LOOP));
    let ev = stopped(a.dc);
    await launch(a.dc, { program: PROGRAM, source: LOOP_SOURCE }, [{ line: 3, condition: 'i == 20000' }]);
    await ev;
    // Never true, and each candidate replays the fake from step 0 (a few ms): seconds in all.
    await a.dc.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [{ line: 3, condition: 'i == -1' }] });
    await a.dc.reverseContinueRequest({ threadId: FAKE_THREAD_ID });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    await new Promise((r) => setTimeout(r, 300));
    clearInterval(timer);
    assert.ok(ticks >= 3, `event loop starved: ${ticks} ticks in 300 ms`);
    ev = stopped(a.dc, 1000);
    await a.dc.pauseRequest({ threadId: FAKE_THREAD_ID });
    assert.strictEqual((await ev).body.reason, 'pause');
  });

  it('steps by instruction and disassembles around the frame instruction pointer', async () => {
    a = await startAdapter(fakeFactory(STRAIGHT));
    const ev = stopped(a.dc);
    await launch(a.dc, { program: PROGRAM, source: SOURCE, stopOnEntry: true });
    await ev;
    const f0 = await top(a.dc, FAKE_THREAD_ID);
    const s1 = await stepAndWait(a.dc, () => a.dc.nextRequest({ threadId: FAKE_THREAD_ID, granularity: 'instruction' }));
    assert.strictEqual(s1.frame.line, 1, 'one instruction stays on the line');
    assert.notStrictEqual(s1.frame.instructionPointerReference, f0.instructionPointerReference);
    const dis = await a.dc.disassembleRequest({ memoryReference: s1.frame.instructionPointerReference!, instructionOffset: -3, instructionCount: 6 });
    const rows = dis.body!.instructions;
    assert.strictEqual(rows.length, 6);
    assert.deepStrictEqual(rows.slice(0, 2).map((r) => r.presentationHint), ['invalid', 'invalid']);
    assert.strictEqual(rows[3].address, s1.frame.instructionPointerReference);
    assert.match(rows[3].instruction, /^NOP/);
  });

  it('stops on an uncaught exception with its traceback, then ends with exit code 1', async () => {
    a = await startAdapter(fakeFactory([{ line: 1, set: { x: 1 } }, { line: 2, raise: ['ZeroDivisionError', 'division by zero'] }]));
    const ev = stopped(a.dc);
    await launch(a.dc, { program: PROGRAM, source: 'x = 1\nx / 0\n' });
    const e = await ev;
    assert.strictEqual(e.body.reason, 'exception');
    assert.strictEqual(e.body.text, 'ZeroDivisionError: division by zero');
    const info = await a.dc.exceptionInfoRequest({ threadId: e.body.threadId! });
    assert.strictEqual(info.body.exceptionId, 'ZeroDivisionError');
    assert.strictEqual(info.body.breakMode, 'unhandled');
    assert.match(info.body.details!.stackTrace!, /^Traceback \(most recent call last\):\n {2}File "prog.minipy", line 2/);
    const exited = within(a.dc.waitForEvent('exited'), 3000, 'exited') as Promise<DebugProtocol.ExitedEvent>;
    const terminated = within(a.dc.waitForEvent('terminated'), 3000, 'terminated');
    await a.dc.continueRequest({ threadId: e.body.threadId! });
    assert.strictEqual((await exited).body.exitCode, 1);
    await terminated;
  });

  it("the 'raised' filter stops where the exception is raised", async () => {
    a = await startAdapter(fakeFactory([{ line: 1, raise: ['KeyError', "'k'"] }]));
    const ev = stopped(a.dc);
    await launch(a.dc, { program: PROGRAM, source: "{}['k']\n" }, [], ['raised']);
    const e = await ev;
    const info = await a.dc.exceptionInfoRequest({ threadId: e.body.threadId! });
    assert.strictEqual(info.body.breakMode, 'always');
  });

  it('refuses to launch a program with a syntax error, naming the line', async () => {
    a = await startAdapter(fakeFactory(STRAIGHT));
    await assert.rejects(launch(a.dc, { program: PROGRAM, source: 'x = 1\nSYNTAX ERROR\n' }), /SyntaxError: invalid syntax \(prog\.minipy, line 2, column 1\)/);
  });

  it('an internal VM fault ends the session with a clear message, never a JS stack', async () => {
    const broken = fakeFactory(STRAIGHT);
    a = await startAdapter((src, file, opts) => {
      const r = broken(src, file, opts);
      if (r.ok) { const p: VmPort = r.port; const step = p.stepInstruction.bind(p); let n = 0; p.stepInstruction = () => { if (++n === 3) throw new Error('stack underflow'); return step(); }; }
      return r;
    });
    const out = within(a.dc.assertOutput('stderr', 'minipy internal error at step 2: stack underflow\n'), 3000, 'internal error output');
    const term = within(a.dc.waitForEvent('terminated'), 3000, 'terminated');
    await launch(a.dc, { program: PROGRAM, source: SOURCE });
    await out;
    await term;
  });

  it('Run without debugging ignores breakpoints and exception stops, prints, and ends', async () => {
    a = await startAdapter(fakeFactory([...STRAIGHT, { line: 6, raise: ['ValueError', 'bad'] }]));
    const out = within(a.dc.assertOutput('stdout', 'in f\ndone\n'), 3000, 'program output');
    const err = within(a.dc.assertOutput('stderr', 'Traceback (most recent call last):'), 3000, 'traceback');
    const exited = within(a.dc.waitForEvent('exited'), 3000, 'exited') as Promise<DebugProtocol.ExitedEvent>;
    let stops = 0;
    a.dc.on('stopped', () => stops++);
    await launch(a.dc, { program: PROGRAM, source: SOURCE, noDebug: true, stopOnEntry: true }, [{ line: 4 }]);
    await out;
    await err;
    assert.strictEqual((await exited).body.exitCode, 1);
    assert.strictEqual(stops, 0);
  });

  it('terminate ends a running program at once', async () => {
    a = await startAdapter(fakeFactory(LOOP));
    await launch(a.dc, { program: PROGRAM, source: LOOP_SOURCE });
    const term = within(a.dc.waitForEvent('terminated'), 1000, 'terminated');
    await a.dc.terminateRequest({});
    await term;
  });

  it('restart goes back to the first line', async () => {
    a = await startAdapter(fakeFactory(STRAIGHT));
    let ev = stopped(a.dc);
    await launch(a.dc, { program: PROGRAM, source: SOURCE, stopOnEntry: true }, [{ line: 5 }]);
    await ev;
    ev = stopped(a.dc);
    await a.dc.continueRequest({ threadId: FAKE_THREAD_ID });
    assert.strictEqual((await ev).body.reason, 'breakpoint');
    ev = stopped(a.dc);
    await a.dc.restartRequest({});
    const e = await ev;
    assert.strictEqual(e.body.reason, 'entry');
    assert.strictEqual((await top(a.dc, FAKE_THREAD_ID)).line, 1);
  });
});
