/*
 * The debug adapter over a program with threads: breakpoints inside a thread
 * and after a join stop, VS Code's threads list names every live thread and
 * marks the GIL holder, a finished thread does not end the session, and the
 * Threads and the GIL scope tells who holds it.
 */

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createVmPort } from '../../src/extension/debug/vm-session-port';
import { launch, startAdapter, stopped, type Adapter } from './debug-adapter-harness';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minipy-dap-threads-'));
const PROGRAM = path.join(dir, 'threads.minipy');
fs.writeFileSync(PROGRAM, [
  'import threading', //                           1
  'import time', //                                2
  'def worker(n):', //                             3
  '    time.sleep(0.01)', //                       4
  '    return n * 2', //                           5
  'ts = [threading.Thread(target=worker, args=(i,)) for i in range(2)]', // 6
  'for t in ts:', //                               7
  '    t.start()', //                              8
  'for t in ts:', //                               9
  '    t.join()', //                               10
  'print("done")', //                              11
  '',
].join('\n'));
const MP_PROGRAM = path.join(dir, 'processes.minipy');
fs.writeFileSync(MP_PROGRAM, [
  'import multiprocessing', //                     1
  'def work(n):', //                               2
  '    total = n * 2', //                          3
  '    print("child", total)', //                  4
  'if __name__ == "__main__":', //                 5
  '    p = multiprocessing.Process(target=work, args=(21,))', // 6
  '    p.start()', //                              7
  '    p.join()', //                               8
  '    print("parent done")', //                   9
  '',
].join('\n'));

describe('debug adapter with threads', function () {
  this.timeout(20_000);
  let a: Adapter;
  afterEach(async () => { await a?.close(); });

  /** Start the adapter on `program` with one breakpoint, and wait for the stop there. */
  async function stopAtBreakpoint(program: string, line: number): Promise<Awaited<ReturnType<typeof stopped>>> {
    a = await startAdapter(createVmPort);
    const s = stopped(a.dc);
    await launch(a.dc, { type: 'minipy', request: 'launch', name: 't', program } as never, [{ line }]);
    const ev = await s;
    assert.equal(ev.body.reason, 'breakpoint');
    return ev;
  }

  it('stops inside a thread, lists every live thread and names the GIL holder', async () => {
    const ev = await stopAtBreakpoint(PROGRAM, 5);
    const threads = (await a.dc.threadsRequest()).body.threads;
    const stoppedIn = threads.find((t) => t.id === ev.body.threadId);
    assert.ok(stoppedIn && /^Thread-\d \(worker\) · holds the GIL/.test(stoppedIn.name), JSON.stringify(threads));
    assert.ok(threads.some((t) => t.name.startsWith('MainThread')), 'the main thread is listed while it waits');
    const frames = (await a.dc.stackTraceRequest({ threadId: ev.body.threadId as number })).body.stackFrames;
    assert.equal(frames[0].name, 'worker');
    const scopes = (await a.dc.scopesRequest({ frameId: frames[0].id })).body.scopes;
    const gil = scopes.find((x) => x.name === 'Threads and the GIL');
    assert.ok(gil, 'a Threads and the GIL scope');
    const rows = (await a.dc.variablesRequest({ variablesReference: gil.variablesReference })).body.variables;
    assert.ok(rows.some((r) => r.name === 'GIL holder' && /worker/.test(r.value)), JSON.stringify(rows));
  });

  it('a breakpoint after the joins is reached: finished threads do not end the session', async () => {
    const ev = await stopAtBreakpoint(PROGRAM, 11);
    const top = (await a.dc.stackTraceRequest({ threadId: ev.body.threadId as number })).body.stackFrames[0];
    assert.equal(top.line, 11);
  });

  it("a breakpoint in a function a child process runs stops in the child, with the child's frame and locals", async () => {
    const ev = await stopAtBreakpoint(MP_PROGRAM, 4);
    const threads = (await a.dc.threadsRequest()).body.threads;
    const stoppedIn = threads.find((t) => t.id === ev.body.threadId);
    assert.ok(stoppedIn && /^pid 2: /.test(stoppedIn.name), JSON.stringify(threads));
    const frames = (await a.dc.stackTraceRequest({ threadId: ev.body.threadId as number })).body.stackFrames;
    assert.equal(frames[0].name, 'work');
    assert.equal(frames[0].line, 4);
    const scopes = (await a.dc.scopesRequest({ frameId: frames[0].id })).body.scopes;
    const locals = (await a.dc.variablesRequest({ variablesReference: scopes[0].variablesReference })).body.variables;
    assert.ok(locals.some((v) => v.name === 'total' && v.value === '42'), JSON.stringify(locals));
  });
});
