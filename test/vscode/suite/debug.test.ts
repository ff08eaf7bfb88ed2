/*
 * The minipy debugger inside a real VS Code: the contributions (debug type,
 * breakpoints, Step Through), then a session on examples/refcounts-free
 * code: stop on entry, threads and frames, step, variables with refcounts,
 * step back, hover content, status and decorations state. Session tests are
 * skipped (with the reason) until the VM can run programs.
 */

import * as assert from 'assert';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { createVmPort } from '../../../src/extension/debug/vm-session-port';

const EXTENSION_ID = 'minipy.minipy';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace (examples/) should be open');
  return vscode.Uri.joinPath(folder.uri, name);
}

function vmMissing(): string | undefined {
  try {
    const r = createVmPort('x = 1\n', '<probe>', { gil: true, refcount: 'plain', cores: 4, seed: 0, switchInterval: 0.005, switchCheck: '3.11' });
    if (r.ok) r.port.dispose();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Collects the adapter's stopped events as VS Code receives them. */
class StopWatcher implements vscode.Disposable {
  private readonly waiters: ((e: DebugProtocol.StoppedEvent) => void)[] = [];
  private readonly queue: DebugProtocol.StoppedEvent[] = [];
  private readonly reg = vscode.debug.registerDebugAdapterTrackerFactory('minipy', {
    createDebugAdapterTracker: () => ({
      onDidSendMessage: (m: DebugProtocol.ProtocolMessage) => {
        if (m.type === 'event' && (m as DebugProtocol.Event).event === 'stopped') {
          const e = m as DebugProtocol.StoppedEvent;
          const w = this.waiters.shift();
          if (w) w(e); else this.queue.push(e);
        }
      },
    }),
  });

  next(ms = 10000): Promise<DebugProtocol.StoppedEvent> {
    const q = this.queue.shift();
    if (q) return Promise.resolve(q);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no stopped event')), ms);
      this.waiters.push((e) => { clearTimeout(t); resolve(e); });
    });
  }

  dispose(): void { this.reg.dispose(); }
}

describe('minipy debugger', () => {
  it('contributes the minipy debug type, breakpoints and the Step Through button', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const pkg = ext.packageJSON as { contributes: { debuggers: { type: string; configurationAttributes: { launch: { properties: Record<string, unknown> } } }[]; breakpoints: { language: string }[]; menus: Record<string, { command: string }[]> } };
    const dbg = pkg.contributes.debuggers.find((d) => d.type === 'minipy');
    assert.ok(dbg, 'debuggers[type=minipy]');
    for (const opt of ['program', 'stopOnEntry', 'gil', 'refcount', 'cores', 'seed', 'switchCheck']) assert.ok(opt in dbg.configurationAttributes.launch.properties, opt);
    assert.ok(pkg.contributes.breakpoints.some((b) => b.language === 'minipy'));
    assert.ok(pkg.contributes.menus['editor/title'].some((m) => m.command === 'minipy.stepThrough'));
    await ext.activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('minipy.stepThrough'));
  });

  it('hover adds nothing outside a debug session', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('hello.minipy'));
    await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('names = '));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 1));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.doesNotMatch(text, /refcount/);
  });

  it('refuses to start a session on a program with a syntax error', async () => {
    const uri = vscode.Uri.file(path.join(os.tmpdir(), `minipy-bad-${Date.now()}.minipy`));
    await vscode.workspace.fs.writeFile(uri, Buffer.from('x = 1\nif x == 1\n    print(x)\n'));
    const started = await vscode.debug.startDebugging(undefined, { type: 'minipy', request: 'launch', name: 'bad', program: uri.fsPath });
    assert.strictEqual(started, false);
    assert.strictEqual(vscode.debug.activeDebugSession, undefined);
  });

  describe('a session', function () {
    const missing = vmMissing();
    let stops: StopWatcher;
    before(function () { if (missing) this.skip(); stops = new StopWatcher(); });
    after(async () => { stops?.dispose(); if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging(); });

    it('Step Through stops on the first line; threads, frames, variables with refcounts, step, step back, hover', async () => {
      const uri = workspaceFile('hello.minipy');
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const first = stops.next();
      assert.ok(await vscode.commands.executeCommand('minipy.stepThrough', uri), 'the session should start');
      const entry = await first;
      assert.strictEqual(entry.body.reason, 'entry');
      const session = vscode.debug.activeDebugSession!;
      assert.strictEqual(session.type, 'minipy');
      const threads = (await session.customRequest('threads')) as DebugProtocol.ThreadsResponse['body'];
      assert.ok(threads.threads.some((t) => t.id === entry.body.threadId));
      const frames = (await session.customRequest('stackTrace', { threadId: entry.body.threadId })) as DebugProtocol.StackTraceResponse['body'];
      const firstCode = doc.getText().split('\n').findIndex((l) => /^\S/.test(l) && !l.startsWith('#')) + 1;
      assert.strictEqual(frames.stackFrames[0].line, firstCode);
      // Run to the line after `names = [...]` and look at names.
      const namesLine = doc.getText().split('\n').findIndex((l) => l.startsWith('names = ')) + 1;
      let line = frames.stackFrames[0].line;
      for (let i = 0; i < 10 && line <= namesLine; i++) {
        const s = stops.next();
        await session.customRequest('next', { threadId: entry.body.threadId });
        await s;
        line = ((await session.customRequest('stackTrace', { threadId: entry.body.threadId })) as DebugProtocol.StackTraceResponse['body']).stackFrames[0].line;
      }
      const top = ((await session.customRequest('stackTrace', { threadId: entry.body.threadId })) as DebugProtocol.StackTraceResponse['body']).stackFrames[0];
      const ev = (await session.customRequest('evaluate', { expression: 'names', frameId: top.id, context: 'watch' })) as DebugProtocol.EvaluateResponse['body'];
      assert.match(ev.result, /\['Ada', 'Guido', 'Grace'\] {2}\(list, id 0x[0-9a-f]+, refcount 1\)/);
      const state = (await session.customRequest('minipy/state')) as { gilHolder?: string | null; clock?: number };
      assert.strictEqual(typeof state.clock, 'number');
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(namesLine - 1, 1));
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(text, /refcount \*\*1\*\*/);
      assert.match(text, /held by/);
      const back = stops.next();
      await session.customRequest('stepBack', { threadId: entry.body.threadId });
      await back;
      const after = ((await session.customRequest('stackTrace', { threadId: entry.body.threadId })) as DebugProtocol.StackTraceResponse['body']).stackFrames[0];
      assert.ok(after.line < top.line, `step back moved from ${top.line} to ${after.line}`);
      await vscode.debug.stopDebugging(session);
    });

    it('the panel opens beside the session; go to step N and run until an object is freed', async () => {
      const uri = vscode.Uri.file(path.join(os.tmpdir(), `minipy-panel-${Date.now()}.minipy`));
      await vscode.workspace.fs.writeFile(uri, Buffer.from('a = [1]\nb = 2\ndel a\nc = 3\nd = 4\n'));
      const first = stops.next();
      assert.ok(await vscode.debug.startDebugging(undefined, { type: 'minipy', request: 'launch', name: 'panel', program: uri.fsPath, stopOnEntry: true }));
      await first;
      const session = vscode.debug.activeDebugSession!;
      const panelOpen = (): boolean => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('minipy.panel')));
      for (let i = 0; i < 50 && !panelOpen(); i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(panelOpen(), 'the panel opened with the session');
      const commands = await vscode.commands.getCommands(true);
      for (const c of ['minipy.stepInstruction', 'minipy.goToStep', 'minipy.panel.togglePlay']) assert.ok(commands.includes(c), c);
      type Panel = { step: number; heap: { id: number; repr: string }[]; freed: { id: number; step: number; line: number }[] };
      const panel = async (): Promise<Panel> => (await session.customRequest('minipy/panel')) as Panel;
      // Go to step 6 forward, then back to 4 (after `a = [1]`: RESUME, LOAD_CONST, BUILD_LIST, STORE_NAME).
      let stopped = stops.next();
      await session.customRequest('minipy/goToStep', { step: 6 });
      assert.strictEqual((await stopped).body.reason, 'goto');
      assert.strictEqual((await panel()).step, 6);
      stopped = stops.next();
      await session.customRequest('minipy/goToStep', { step: 4 });
      await stopped;
      const early = await panel();
      assert.strictEqual(early.step, 4);
      // Run until the list bound to `a` is freed: it stops at `del a`'s step.
      const list = early.heap.find((o) => o.repr === '[1]');
      assert.ok(list, 'the list exists at step 4');
      stopped = stops.next();
      await session.customRequest('minipy/untilFreed', { id: list.id });
      await stopped;
      const freedState = await panel();
      const freed = freedState.freed.find((f) => f.id === list.id);
      assert.ok(freed && freed.line === 3, `freed by del a on line 3: ${JSON.stringify(freed)}`);
      assert.strictEqual(freedState.step, freed.step);
      assert.ok(!freedState.heap.some((o) => o.id === list.id));
      await vscode.debug.stopDebugging(session);
    });
  });
});
