/*
 * Everything the minipy debugger adds to VS Code, registered in one call from
 * activation: the inline adapter, configuration providers (F5 with no
 * launch.json), the Step Through command, hover, decorations, status bar.
 */

import * as vscode from 'vscode';
import { DEBUG_TYPE, MinipyConfigurationProvider, MinipyDynamicConfigurations } from './config-provider';
import type { MinipyStateEvent } from './custom-protocol';
import { ThreadDecorations } from './decorations';
import { MinipyHoverProvider } from './hover';
import { MinipyAdapterFactory } from './inline-factory';
import { GilStatusBar } from './status-bar';
import { NarrationView } from './narration-view';

export const STEP_THROUGH_COMMAND = 'minipy.stepThrough';

export function registerDebugger(context: vscode.ExtensionContext): void {
  const decorations = new ThreadDecorations();
  const status = new GilStatusBar();
  const narration = new NarrationView();
  const factory = new MinipyAdapterFactory();
  const show = (state: MinipyStateEvent | undefined) => { decorations.update(state); status.update(state); narration.update(state); };
  context.subscriptions.push(
    decorations,
    status,
    narration,
    factory,
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, factory),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new MinipyConfigurationProvider()),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new MinipyDynamicConfigurations(), vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.languages.registerHoverProvider(DEBUG_TYPE, new MinipyHoverProvider()),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      if (e.session.type === DEBUG_TYPE && e.event === 'minipy/state') show(e.body as MinipyStateEvent);
    }),
    vscode.debug.onDidTerminateDebugSession((s) => { if (s.type === DEBUG_TYPE) show(undefined); }),
    vscode.commands.registerCommand(STEP_THROUGH_COMMAND, (uri?: vscode.Uri) => stepThrough(uri)),
  );
}

/** Start a session stopped on the first line of the file (the editor title's Step Through button). */
async function stepThrough(uri: vscode.Uri | undefined): Promise<boolean> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a .minipy file first.'));
    return false;
  }
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(target), {
    type: DEBUG_TYPE, request: 'launch', name: vscode.l10n.t('Step through {0}', target.path.split('/').pop() ?? ''), program: target.fsPath, stopOnEntry: true,
  });
}
