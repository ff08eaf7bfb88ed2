/*
 * The place for the debugger engineer: registers the `minipy` debug type's
 * adapter descriptor factory and configuration provider. Empty for now.
 */

import type * as vscode from 'vscode';

export function registerDebugger(_context: vscode.ExtensionContext): void {
  // Filled in by the debug adapter work (src/extension/debug/).
}
