/*
 * The debug adapter over the REAL minipy VM, driven through DebugClient as VS
 * Code drives it: launch, breakpoints of every kind, stepping by line and by
 * instruction, step back, threads, variables with refcounts, evaluate,
 * exceptions, pause, terminate, syntax errors. Tests needing a running VM are
 * skipped (with the reason) until src/vm can run programs.
 */

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createVmPort } from '../../src/extension/debug/vm-session-port';
import { runSource } from '../../src/vm/index';
import type { MinipyLaunchArguments } from '../../src/extension/debug/launch-config';
import { launch, startAdapter, stepAndWait, stopped, top, variablesOf, within, type Adapter } from './debug-adapter-harness';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minipy-dap-'));
function program(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const CALLS = program('calls.minipy', [
  'def add(a, b):', //        1
  '    total = a + b', //     2
  '    return total', //      3
  '', //                      4
  'xs = [1, 2]', //           5
  'ys = xs', //               6
  'r = add(3, 4)', //         7
  'print(r)', //              8
  '',
].join('\n'));
const LOOP = program('loop.minipy', 'total = 0\nfor i in range(10):\n    total += i\n    k = i * 2\nprint(total)\n');
const FOREVER = program('forever.minipy', 'n = 0\nwhile True:\n    n += 1\n');
const CRASH = program('crash.minipy', 'def f(x):\n    return 10 / x\n\nf(0)\n');
const GEN = program('gen.minipy', [
  'def numbers(limit):', //   1
  '    n = 0', //             2
  '    while n < limit:', //  3
  '        yield n', //       4
  '        n += 1', //        5
  '', //                      6
  'g = numbers(3)', //        7
  'a = next(g)', //           8
  'b = next(g)', //           9
  'print(a, b)', //          10
  '',
].join('\n'));
const CAUGHT = program('caught.minipy', "d = {}\ntry:\n    d['k']\nexcept KeyError:\n    print('missing')\n");
const BAD = program('bad.minipy', 'x = 1\nif x == 1\n    print(x)\n');
const THREADS = program('threads.minipy', [
  'import threading', //                              1
  '', //                                              2
  'def work(k):', //                                  3
  '    s = 0', //                                     4
  '    for j in range(200):', //                      5
  '        s += j * k', //                            6
  '    return s', //                                  7
  '', //                                              8
  't = threading.Thread(target=work, args=(2,))', //  9
  't.start()', //                                    10
  'work(1)', //                                      11
  't.join()', //                                     12
  '',
].join('\n'));

/** Why the VM cannot run yet, or undefined when it can. */
function vmMissing(): string | undefined {
  try {
    const r = createVmPort('x = 1\n', '<probe>', { gil: true, refcount: 'plain', cores: 4, seed: 0, switchInterval: 0.005, switchCheck: '3.11' });
    if (r.ok) r.port.dispose();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('debug adapter (real VM)', () => {
  let a: Adapter;
  const missing = vmMissing();
  beforeEach(async function () {
    const needsVm = !/syntax error/.test(this.currentTest?.title ?? '');
    if (needsVm && missing) this.skip();
    a = await startAdapter(createVmPort);
  });
  afterEach(async () => { await a?.close(); });

  it('refuses to launch on a syntax error, naming the line', async () => {
    await assert.rejects(launch(a.dc, { program: BAD }), /SyntaxError: expected ':' \(bad\.minipy, line 2, column 10\)/);
  });

  it('stops on entry on the first line of code, on a real thread', async () => {
    const ev = stopped(a.dc);
    await launch(a.dc, { program: CALLS, stopOnEntry: true });
    const e = await ev;
    assert.strictEqual(e.body.reason, 'entry');
    assert.strictEqual((await top(a.dc, e.body.threadId!)).line, 1);
    const threads = (await a.dc.threadsRequest()).body.threads;
    assert.ok(threads.some((t) => t.id === e.body.threadId && /MainThread/.test(t.name)), JSON.stringify(threads));
  });

  it('verifies line breakpoints and stops on them; steps in, over and out', async () => {
    let ev = stopped(a.dc);
    const bps = await launch(a.dc, { program: CALLS }, [{ line: 7 }, { line: 4 }]);
    assert.deepStrictEqual(bps!.body.breakpoints.map((b) => [b.verified, b.line]), [[true, 7], [true, 5]], 'the blank line 4 moves to 5');
    let e = await ev;
    assert.strictEqual(e.body.reason, 'breakpoint');
    const t = e.body.threadId!;
    assert.strictEqual((await top(a.dc, t)).line, 5);
    ev = stopped(a.dc);
    await a.dc.continueRequest({ threadId: t });
    e = await ev;
    assert.strictEqual((await top(a.dc, t)).line, 7);
    const into = await stepAndWait(a.dc, () => a.dc.stepInRequest({ threadId: t }));
    assert.deepStrictEqual([into.frame.name, into.frame.line], ['add', 2]);
    const over = await stepAndWait(a.dc, () => a.dc.nextRequest({ threadId: t }));
    assert.deepStrictEqual([over.frame.name, over.frame.line], ['add', 3]);
    const out = await stepAndWait(a.dc, () => a.dc.stepOutRequest({ threadId: t }));
    assert.deepStrictEqual([out.frame.name, out.frame.line], ['<module>', 7]);
    assert.strictEqual((await stepAndWait(a.dc, () => a.dc.nextRequest({ threadId: t }))).frame.line, 8);
    // Stepping over the last line prints and ends the program.
    const printed = within(a.dc.assertOutput('stdout', '7\n'), 3000, 'print output');
    const ended = within(a.dc.waitForEvent('terminated'), 3000, 'terminated');
    await a.dc.nextRequest({ threadId: t });
    await printed;
    await ended;
  });

  it('shows variables with type, id and refcount, holders, and evaluates', async () => {
    const ev = stopped(a.dc);
    await launch(a.dc, { program: CALLS }, [{ line: 7 }]);
    const e = await ev;
    const frame = await top(a.dc, e.body.threadId!);
    const scopes = (await a.dc.scopesRequest({ frameId: frame.id })).body.scopes;
    const globals = await variablesOf(a.dc, scopes.find((s) => s.name === 'Globals')!.variablesReference);
    const xs = globals.find((v) => v.name === 'xs')!;
    assert.strictEqual(xs.type, 'list');
    assert.match(xs.value, /^\[1, 2\] {2}\(list, id 0x7f[0-9a-f]+, refcount 2\)$/);
    const kids = await variablesOf(a.dc, xs.variablesReference);
    assert.match(kids.find((k) => k.name === '(refcount)')!.value, /held by .*xs.*ys|held by .*ys.*xs/);
    assert.strictEqual((await a.dc.evaluateRequest({ expression: 'xs[1]', frameId: frame.id, context: 'watch' })).body.result, '2');
    assert.strictEqual((await a.dc.evaluateRequest({ expression: 'ys is xs', frameId: frame.id, context: 'repl' })).body.result, 'True');
    const hover = await a.dc.customRequest('minipy/inspect', { expression: 'xs', frameId: frame.id });
    assert.match(hover.body.markdown, /refcount \*\*2\*\*/);
  });

  it('conditional and hit-count breakpoints, logpoints', async () => {
    const logged = within(a.dc.assertOutput('console', 'i=0\ni=1\n'), 5000, 'logpoint output');
    let ev = stopped(a.dc);
    await launch(a.dc, { program: LOOP }, [{ line: 3, condition: 'i == 5' }, { line: 4, logMessage: 'i={i}' }]);
    let e = await ev;
    let f = await top(a.dc, e.body.threadId!);
    assert.strictEqual(f.line, 3);
    assert.strictEqual((await a.dc.evaluateRequest({ expression: 'i', frameId: f.id })).body.result, '5');
    await logged;
    await a.dc.setBreakpointsRequest({ source: { path: LOOP }, breakpoints: [{ line: 3, hitCondition: '2' }] });
    ev = stopped(a.dc);
    await a.dc.continueRequest({ threadId: e.body.threadId! });
    e = await ev;
    f = await top(a.dc, e.body.threadId!);
    assert.strictEqual((await a.dc.evaluateRequest({ expression: 'i', frameId: f.id })).body.result, '7'); // hits counted afresh: i == 6 is the first, i == 7 the second
  });

  it('steps by instruction and disassembles the real bytecode', async () => {
    const ev = stopped(a.dc);
    await launch(a.dc, { program: CALLS }, [{ line: 5 }]);
    const e = await ev;
    const f0 = await top(a.dc, e.body.threadId!);
    assert.ok(f0.instructionPointerReference);
    const s1 = await stepAndWait(a.dc, () => a.dc.nextRequest({ threadId: e.body.threadId!, granularity: 'instruction' }));
    assert.notStrictEqual(s1.frame.instructionPointerReference, f0.instructionPointerReference);
    const dis = await a.dc.disassembleRequest({ memoryReference: f0.instructionPointerReference!, instructionOffset: 0, instructionCount: 4 });
    assert.match(dis.body!.instructions[0].instruction, /^(LOAD_CONST|BUILD_LIST)/);
    assert.strictEqual(dis.body!.instructions[0].line, 5);
  });

  it('steps back and reverse-continues', async () => {
    let ev = stopped(a.dc);
    await launch(a.dc, { program: LOOP }, [{ line: 3, condition: 'i == 4' }]);
    const e = await ev;
    const t = e.body.threadId!;
    const back = await stepAndWait(a.dc, () => a.dc.stepBackRequest({ threadId: t }));
    assert.strictEqual(back.frame.line, 2);
    await a.dc.setBreakpointsRequest({ source: { path: LOOP }, breakpoints: [{ line: 3, condition: 'i == 1' }] });
    const rc = await stepAndWait(a.dc, () => a.dc.reverseContinueRequest({ threadId: t }));
    assert.strictEqual(rc.ev.body.reason, 'breakpoint');
    assert.strictEqual((await a.dc.evaluateRequest({ expression: 'i', frameId: rc.frame.id })).body.result, '1');
    assert.strictEqual((await a.dc.evaluateRequest({ expression: 'total', frameId: rc.frame.id })).body.result, '0');
    ev = stopped(a.dc);
    await a.dc.stepBackRequest({ threadId: t, granularity: 'instruction' });
    await ev;
  });

  it('stops on a runtime error with its traceback (exceptionInfo)', async () => {
    const ev = stopped(a.dc);
    await launch(a.dc, { program: CRASH });
    const e = await ev;
    assert.strictEqual(e.body.reason, 'exception');
    const info = await a.dc.exceptionInfoRequest({ threadId: e.body.threadId! });
    assert.strictEqual(info.body.exceptionId, 'ZeroDivisionError');
    assert.strictEqual(info.body.description, 'division by zero');
    assert.match(info.body.details!.stackTrace ?? '', /Traceback \(most recent call last\):[\s\S]*line 2, in f[\s\S]*ZeroDivisionError: division by zero/);
    const st = await a.dc.stackTraceRequest({ threadId: e.body.threadId! });
    assert.deepStrictEqual(st.body.stackFrames.map((f) => [f.name, f.line]), [['f', 2], ['<module>', 4]]);
    const scopes = (await a.dc.scopesRequest({ frameId: st.body.stackFrames[0].id })).body.scopes;
    const locals = await variablesOf(a.dc, scopes.find((sc) => sc.name === 'Locals')!.variablesReference);
    assert.deepStrictEqual(locals.map((v) => [v.name, v.value]), [['x', '0']]);
    const tb = within(a.dc.assertOutput('stderr', 'Traceback (most recent call last):'), 3000, 'the traceback on stderr');
    const exited = within(a.dc.waitForEvent('exited'), 3000, 'exited');
    await a.dc.continueRequest({ threadId: e.body.threadId! });
    await tb;
    assert.strictEqual((await exited).body.exitCode, 1);
  });

  it('shows a suspended generator as such in CALL STACK, and its state on hover', async () => {
    const ev = stopped(a.dc);
    await launch(a.dc, { program: GEN }, [{ line: 10 }]);
    const e = await ev;
    const frames = (await a.dc.stackTraceRequest({ threadId: e.body.threadId! })).body.stackFrames;
    assert.deepStrictEqual(frames.map((f) => [f.name, f.line, f.presentationHint]), [
      ['<module>', 10, undefined], ['suspended generators', 0, 'label'], ['numbers (suspended at line 4)', 4, 'subtle'],
    ]);
    const hover = (await a.dc.customRequest('minipy/inspect', { expression: 'g' })).body as { markdown: string; genState: string; genLine: number };
    assert.strictEqual(hover.genState, 'GEN_SUSPENDED');
    assert.strictEqual(hover.genLine, 4);
    assert.match(hover.markdown, /generator state `GEN_SUSPENDED`, suspended at line 4/);
  });

  it("the 'raised' filter stops on a caught exception where it is raised; restart goes back to the start", async () => {
    let ev = stopped(a.dc);
    await launch(a.dc, { program: CAUGHT }, [], ['raised', 'uncaught']);
    const e = await ev;
    assert.strictEqual(e.body.reason, 'exception');
    assert.strictEqual(e.body.text, "KeyError: 'k'");
    const info = await a.dc.exceptionInfoRequest({ threadId: e.body.threadId! });
    assert.strictEqual(info.body.breakMode, 'always');
    assert.strictEqual(info.body.exceptionId, 'KeyError');
    ev = stopped(a.dc);
    const again: MinipyLaunchArguments = { program: CAUGHT, stopOnEntry: true };
    await a.dc.restartRequest({ arguments: again });
    const r = await ev;
    assert.strictEqual(r.body.reason, 'entry');
    assert.strictEqual((await top(a.dc, r.body.threadId!)).line, 1);
  });

  it('pauses an infinite loop within a second, then terminates', async () => {
    await launch(a.dc, { program: FOREVER });
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    const ev = stopped(a.dc, 1000);
    await a.dc.pauseRequest({ threadId: 0 });
    const e = await ev;
    assert.ok(Date.now() - t0 < 1000);
    assert.strictEqual(e.body.reason, 'pause');
    assert.ok([2, 3].includes((await top(a.dc, e.body.threadId!)).line));
    const term = within(a.dc.waitForEvent('terminated'), 1000, 'terminated');
    await a.dc.terminateRequest({});
    await term;
  });

  it('lists every minipy thread with its own frames', async function () {
    if (runSource('import threading\n', 'probe.minipy').exitCode !== 0) this.skip(); // the VM has no threading module yet
    const ev = stopped(a.dc, 10000);
    await launch(a.dc, { program: THREADS }, [{ line: 6, hitCondition: '150' }]);
    const e = await ev;
    const threads = (await a.dc.threadsRequest()).body.threads;
    assert.ok(threads.length >= 2, JSON.stringify(threads));
    for (const t of threads) {
      const st = await a.dc.stackTraceRequest({ threadId: t.id });
      assert.ok(st.body.stackFrames.length >= 1, `thread ${t.name} has frames`);
    }
    assert.ok(threads.some((t) => t.id === e.body.threadId));
  });
});
