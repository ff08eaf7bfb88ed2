/*
 * The walkthrough inside a real VS Code: its steps are contributed with a
 * page in English and Korean, the tutorial commands exist, and each step's
 * example, started by the step's own button command, runs to its
 * `#!checkpoint` (the completion event). Topics whose example has not been
 * written yet are reported as pending, by name.
 */

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { TOPICS } from '../../../src/extension/tutorials';

const EXTENSION_ID = 'minipy.minipy';

interface WalkthroughStep { id: string; media: { markdown: string }; completionEvents: string[]; description: string }

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, EXTENSION_ID);
  return ext;
}

/** Resolves with the first minipy/checkpoint event of a session, or rejects after `ms`. */
function nextCheckpoint(ms: number): Promise<{ program: string; line: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error('no checkpoint reached')); }, ms);
    const sub = vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      if (e.event !== 'minipy/checkpoint') return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e.body as { program: string; line: number });
    });
  });
}

describe('minipy tutorials', () => {
  after(async () => { if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging(); });

  it('contributes one walkthrough with a step per topic, each with its page in English and Korean', async () => {
    const ext = extension();
    await ext.activate();
    const pkg = ext.packageJSON as { contributes: { walkthroughs: { id: string; steps: WalkthroughStep[] }[] } };
    const [wt] = pkg.contributes.walkthroughs;
    assert.strictEqual(wt.id, 'minipy.internals');
    const walkthroughTopics = TOPICS.filter((t) => t.id !== 'asyncio').map((t) => t.id);
    assert.deepStrictEqual(wt.steps.map((s) => s.id), walkthroughTopics);
    const nls = (lang: string): Record<string, string> =>
      JSON.parse(fs.readFileSync(path.join(ext.extensionPath, lang === 'en' ? 'package.nls.json' : `package.nls.${lang}.json`), 'utf8'));
    for (const lang of ['en', 'ko']) {
      const strings = nls(lang);
      for (const step of wt.steps) {
        // The manifest VS Code hands us is already localized (English here): the media path is a real file.
        const key = `walkthrough.${step.id}.media`;
        const page = path.join(ext.extensionPath, strings[key]);
        assert.ok(fs.existsSync(page), `${lang}: ${page}`);
        const text = fs.readFileSync(page, 'utf8');
        assert.match(text, /^# /, `${page} starts with a title`);
        // A picture of what to look for, with a description for screen readers, in the page's language.
        const pic = /!\[([^\]]+)\]\(([^)]+\.png)\)/.exec(text);
        assert.ok(pic, `${page} has a picture`);
        assert.ok(fs.existsSync(path.join(path.dirname(page), pic[2])), `${page}: ${pic[2]} exists`);
        assert.ok(strings[`walkthrough.${step.id}.description`].includes(`command:minipy.tutorial.start?%5B%22${step.id}%22%5D`));
      }
    }
    for (const step of wt.steps) {
      assert.ok(fs.existsSync(path.join(ext.extensionPath, step.media.markdown)), `localized media path ${step.media.markdown}`);
      assert.deepStrictEqual(step.completionEvents, [`onContext:minipy.tutorial.${step.id}.reached`]);
    }
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['minipy.openTutorials', 'minipy.tutorial.start']) assert.ok(commands.includes(id), id);
  });

  it('each stop carries the example\'s note for its line and the narration of the step', async () => {
    const stops: DebugProtocol.StoppedEvent[] = [];
    const waiters: (() => void)[] = [];
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('minipy', {
      createDebugAdapterTracker: () => ({
        onDidSendMessage: (m: DebugProtocol.ProtocolMessage) => {
          if (m.type === 'event' && (m as DebugProtocol.Event).event === 'stopped') { stops.push(m as DebugProtocol.StoppedEvent); waiters.shift()?.(); }
        },
      }),
    });
    const nextStop = (): Promise<void> => new Promise((resolve) => { if (stops.length) { stops.shift(); resolve(); } else waiters.push(() => { stops.shift(); resolve(); }); });
    try {
      const first = nextStop();
      assert.ok(await vscode.commands.executeCommand('minipy.tutorial.start', 'refcounts'));
      await first;
      const session = vscode.debug.activeDebugSession!;
      const threadId = ((await session.customRequest('threads')) as DebugProtocol.ThreadsResponse['body']).threads[0].id;
      type State = { narration?: string[]; note?: string; line?: number };
      let state = (await session.customRequest('minipy/state')) as State;
      for (let i = 0; i < 12 && state.line !== 14; i++) {
        const s = nextStop();
        await session.customRequest('next', { threadId });
        await s;
        state = (await session.customRequest('minipy/state')) as State;
      }
      assert.strictEqual(state.line, 14, 'reached a = Tracked("a")');
      assert.strictEqual(state.note, 'A new Tracked object: the global a is its one holder.');
      const s = nextStop();
      await session.customRequest('next', { threadId });
      await s;
      state = (await session.customRequest('minipy/state')) as State;
      const text = (state.narration ?? []).join(' ');
      assert.match(text, /Tracked object 0x[0-9a-f]+/, `narration of a = Tracked("a"): ${text}`);
      await vscode.debug.stopDebugging(session);
    } finally {
      tracker.dispose();
    }
  });

  for (const topic of TOPICS) {
    it(`the ${topic.id} example runs to its checkpoint`, async function () {
      const example = path.join(extension().extensionPath, 'examples', topic.example);
      if (!fs.existsSync(example)) { this.skip(); return; }
      assert.match(fs.readFileSync(example, 'utf8'), /#!checkpoint/, `${topic.example} marks where its point is made`);
      const reached = nextCheckpoint(20000);
      const stopped = new Promise<void>((resolve) => {
        const sub = vscode.debug.registerDebugAdapterTrackerFactory('minipy', {
          createDebugAdapterTracker: () => ({
            onDidSendMessage: (m: DebugProtocol.ProtocolMessage) => {
              if (m.type === 'event' && (m as DebugProtocol.Event).event === 'stopped') { sub.dispose(); resolve(); }
            },
          }),
        });
      });
      assert.ok(await vscode.commands.executeCommand('minipy.tutorial.start', topic.id), 'the session should start');
      await stopped;
      // The previous example's session may still be the active one for a moment: wait for this one.
      let session = vscode.debug.activeDebugSession;
      for (let i = 0; i < 50 && !(session && String(session.configuration.program).endsWith(topic.example)); i++) {
        await new Promise((r) => setTimeout(r, 100));
        session = vscode.debug.activeDebugSession;
      }
      assert.ok(session && session.type === 'minipy' && String(session.configuration.program).endsWith(topic.example), `the ${topic.example} session is active`);
      const threads = (await session.customRequest('threads')) as DebugProtocol.ThreadsResponse['body'];
      await session.customRequest('continue', { threadId: threads.threads[0].id });
      const cp = await reached;
      assert.strictEqual(path.basename(cp.program), topic.example);
      const marked = fs.readFileSync(example, 'utf8').split('\n').findIndex((l) => l.trim() === '#!checkpoint') + 1;
      assert.ok(cp.line > marked, `checkpoint line ${cp.line} follows the #!checkpoint comment on line ${marked}`);
      await vscode.debug.stopDebugging(session);
    });
  }
});
