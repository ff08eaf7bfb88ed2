/*
 * The built-in walkthrough "Python internals, step by step": one topic per
 * step, each opening its example from examples/ in a session stopped on the
 * first line. A step is complete when the example reaches its `#!checkpoint`
 * line (the adapter's minipy/checkpoint event sets the step's context key,
 * which is the step's completionEvent in package.json).
 */

import * as path from 'path';
import * as vscode from 'vscode';
import { DEBUG_TYPE } from './debug/config-provider';
import type { CheckpointEvent } from './debug/custom-protocol';

export const WALKTHROUGH_ID = 'minipy.internals';

export interface Topic {
  /** Also the walkthrough step id and the context key minipy.tutorial.<id>.reached. */
  id: string;
  /** File name under examples/. */
  example: string;
}

/** In walkthrough order; `asyncio` is opened from the generators page. */
export const TOPICS: readonly Topic[] = [
  { id: 'refcounts', example: 'refcounts.minipy' },
  { id: 'cycles', example: 'cycle.minipy' },
  { id: 'memory', example: 'list_vs_generator.minipy' },
  { id: 'iterators', example: 'custom_iterator.minipy' },
  { id: 'generators', example: 'send_coroutine.minipy' },
  { id: 'gil', example: 'threads_cpu_bound.minipy' },
  { id: 'why-gil', example: 'refcount_race.minipy' },
  { id: 'io-threads', example: 'threads_io_bound.minipy' },
  { id: 'processes', example: 'processes.minipy' },
  { id: 'free-threading', example: 'biased_refcount.minipy' },
  { id: 'asyncio', example: 'asyncio_tasks.minipy' },
];

export const reachedKey = (id: string): string => `minipy.tutorial.${id}.reached`;

export function registerTutorials(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('minipy.openTutorials', () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false)),
    vscode.commands.registerCommand('minipy.tutorial.start', (id?: string) => startTopic(context, id)),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      if (e.session.type !== DEBUG_TYPE || e.event !== 'minipy/checkpoint') return;
      const file = path.basename((e.body as CheckpointEvent).program);
      const topic = TOPICS.find((t) => t.example === file);
      if (topic) void vscode.commands.executeCommand('setContext', reachedKey(topic.id), true);
    }),
  );
}

/** Open a topic's example beside nothing else and start stepping it; undefined id asks which. */
async function startTopic(context: vscode.ExtensionContext, id: string | undefined): Promise<boolean> {
  let topic = TOPICS.find((t) => t.id === id);
  if (topic === undefined) {
    const pick = await vscode.window.showQuickPick(TOPICS.map((t) => ({ label: t.example, topic: t })), { placeHolder: vscode.l10n.t('Which example?') });
    topic = pick?.topic;
  }
  if (topic === undefined) return false;
  const uri = vscode.Uri.joinPath(context.extensionUri, 'examples', topic.example);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    void vscode.window.showErrorMessage(vscode.l10n.t('The example {0} is not part of this version of minipy yet.', topic.example));
    return false;
  }
  await vscode.window.showTextDocument(uri, { preview: false });
  return vscode.debug.startDebugging(undefined, {
    type: DEBUG_TYPE, request: 'launch', name: vscode.l10n.t('Step through {0}', topic.example), program: uri.fsPath, stopOnEntry: true,
  });
}
