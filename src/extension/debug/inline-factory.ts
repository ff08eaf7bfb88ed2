/*
 * Runs the adapter inside the extension host (no separate process): VS Code
 * talks DAP to a MinipyDebugSession object directly.
 */

import * as vscode from 'vscode';
import { MinipyDebugSession } from './session';
import { createVmPort } from './vm-session-port';

export class MinipyAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  createDebugAdapterDescriptor(): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    return new vscode.DebugAdapterInlineImplementation(new MinipyDebugSession(createVmPort));
  }
}
