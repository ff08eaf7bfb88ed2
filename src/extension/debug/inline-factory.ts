/*
 * Runs the adapter inside the extension host (no separate process): VS Code
 * talks DAP to a MinipyDebugSession object directly. The adapter stays free
 * of `vscode` (its tests drive it over DAP alone), so it speaks through
 * @vscode/l10n, configured here with VS Code's bundle for the display language.
 */

import * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
import { MinipyDebugSession } from './session';
import { createVmPort } from './vm-session-port';

export class MinipyAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor() {
    if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  }

  createDebugAdapterDescriptor(): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    return new vscode.DebugAdapterInlineImplementation(new MinipyDebugSession(createVmPort, vscode.env.language));
  }
}
