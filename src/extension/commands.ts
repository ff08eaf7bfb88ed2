/*
 * The minipy commands (category "minipy" in package.json). Run and debug go
 * through a minipy debug session so the debugger engineer owns one code path.
 */

import * as vscode from 'vscode';
import { COMMANDS } from './command-ids';

export function registerCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.run, (uri?: vscode.Uri) => startSession(uri, true)),
    vscode.commands.registerCommand(COMMANDS.debug, (uri?: vscode.Uri) => startSession(uri, false)),
  );
}

async function startSession(uri: vscode.Uri | undefined, noDebug: boolean): Promise<boolean> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a .minipy file first.'));
    return false;
  }
  const config: vscode.DebugConfiguration = {
    type: 'minipy',
    request: 'launch',
    name: noDebug ? 'Run minipy file' : 'Debug minipy file',
    program: target.fsPath,
    stopOnEntry: !noDebug,
  };
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(target), config, { noDebug });
}
