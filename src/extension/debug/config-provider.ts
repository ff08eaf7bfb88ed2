/*
 * Makes F5 work on a .minipy file with no launch.json: an empty
 * configuration resolves to "debug the active file", and a dynamic entry
 * appears in the Run and Debug picker. An editor with unsaved changes runs
 * what the person sees, not what is on disk. Options an example declares in
 * `#!options` apply unless the configuration sets them.
 */

import * as fs from 'fs';
import * as vscode from 'vscode';
import { checkSyntax } from '../syntax-check';
import { LAUNCH_DEFAULTS, launchOptionsFromFile } from './launch-config';
import { parseRunOptions } from '../../narration/annotations';
import { syntaxMessage } from './session';

export const DEBUG_TYPE = 'minipy';

export class MinipyConfigurationProvider implements vscode.DebugConfigurationProvider {
  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    if (!config.type && !config.request && !config.name) {
      const doc = vscode.window.activeTextEditor?.document;
      if (doc?.languageId !== DEBUG_TYPE) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a .minipy file to debug it.'));
        return undefined;
      }
      config.type = DEBUG_TYPE;
      config.name = vscode.l10n.t('Debug minipy file');
      config.request = 'launch';
      config.program = '${file}';
      config.stopOnEntry = LAUNCH_DEFAULTS.stopOnEntry;
    }
    if (!config.program) {
      void vscode.window.showInformationMessage(vscode.l10n.t("The launch configuration has no 'program' to run."));
      return undefined;
    }
    return config;
  }

  resolveDebugConfigurationWithSubstitutedVariables(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === config.program);
    if (open?.isDirty && config.source === undefined) config.source = open.getText();
    // Refuse a program that does not parse here, with a notification rather than the adapter's modal error.
    let text: string | undefined = typeof config.source === 'string' ? config.source : open?.getText();
    if (text === undefined) {
      try { text = fs.readFileSync(String(config.program), 'utf8'); } catch { text = undefined; }
    }
    const diagnostic = text !== undefined ? checkSyntax(text, String(config.program)) : undefined;
    if (diagnostic) {
      void vscode.window.showErrorMessage(vscode.l10n.t('minipy did not start: {0}', syntaxMessage(diagnostic)));
      return undefined;
    }
    // An example may say how it is meant to run (#!options gil=off ...); the configuration's own values win.
    if (text !== undefined) {
      for (const [k, v] of Object.entries(launchOptionsFromFile(parseRunOptions(text)))) if (config[k] === undefined) config[k] = v;
    }
    return config;
  }
}

/** Offered in the Run and Debug view's picker without any launch.json. */
export class MinipyDynamicConfigurations implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [
      { type: DEBUG_TYPE, request: 'launch', name: vscode.l10n.t('minipy: Step through the current file'), program: '${file}', stopOnEntry: true },
      { type: DEBUG_TYPE, request: 'launch', name: vscode.l10n.t('minipy: Debug the current file'), program: '${file}' },
    ];
  }
}
