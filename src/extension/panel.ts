/*
 * The place for the panel engineer: registers `minipy.showPanel` and the
 * webview (dist/webview.js). Until then the command says the panel is coming,
 * so it is still a registered, visible command.
 */

import * as vscode from 'vscode';
import { COMMANDS } from './command-ids';

export function registerPanel(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.showPanel, () =>
      vscode.window.showInformationMessage(vscode.l10n.t('The minipy panel is not built yet.'))),
  );
}
