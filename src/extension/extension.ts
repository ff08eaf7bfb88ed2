/*
 * Activation only: wires each feature's module into the context. Activated
 * by a .minipy file, a minipy debug session or a minipy command (package.json).
 */

import * as vscode from 'vscode';
import { registerDiagnostics } from './diagnostics';
import { registerCommands } from './commands';
import { registerDebugger } from './debugger';
import { registerPanel } from './panel';
import { registerTutorials } from './tutorials';

/** What activate() hands to other extensions and tests: how long activation took. */
export interface MinipyApi {
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): MinipyApi {
  const started = performance.now();
  registerDiagnostics(context);
  registerCommands(context);
  registerDebugger(context);
  registerPanel(context);
  registerTutorials(context);
  return { activationMs: performance.now() - started };
}

export function deactivate(): void {
  // Every resource is a disposable in context.subscriptions; nothing else to free.
}
