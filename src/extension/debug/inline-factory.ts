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

/** The adapters running in this extension host, by session id: the panel reads its state from them directly, without two process hops. */
const adapters = new Map<string, MinipyDebugSession>();

export function adapterOf(session: vscode.DebugSession): MinipyDebugSession | undefined {
  return adapters.get(session.id);
}

export class MinipyAdapterFactory implements vscode.DebugAdapterDescriptorFactory, vscode.Disposable {
  private readonly ended: vscode.Disposable;

  constructor() {
    if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
    this.ended = vscode.debug.onDidTerminateDebugSession((s) => adapters.delete(s.id));
  }

  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    const adapter = new MinipyDebugSession(createVmPort, vscode.env.language);
    adapters.set(session.id, adapter);
    return new vscode.DebugAdapterInlineImplementation(adapter);
  }

  dispose(): void {
    this.ended.dispose();
    adapters.clear();
  }
}
