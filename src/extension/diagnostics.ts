/*
 * Syntax errors as diagnostics while typing: each .minipy document is parsed
 * by the VM's parser a short while after the last change, and a failure
 * becomes one Error diagnostic in CPython's words at CPython's position; a
 * program that compiles gets a Warning for each SyntaxWarning CPython gives.
 */

import * as vscode from 'vscode';
import { checkSource } from './syntax-check';
import { diagnosticRange } from './diagnostic-range';

export const LANGUAGE_ID = 'minipy';
/** Long enough to skip most keystrokes, short enough to feel immediate. */
const DEBOUNCE_MS = 250;

export function registerDiagnostics(context: vscode.ExtensionContext): void {
  const collection = vscode.languages.createDiagnosticCollection('minipy');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const check = (doc: vscode.TextDocument): void => {
    if (doc.languageId !== LANGUAGE_ID) return;
    const { error, warnings } = checkSource(doc.getText(), doc.uri.path.split('/').pop() ?? doc.uri.toString());
    if (error) {
      const diagnostic = new vscode.Diagnostic(diagnosticRange(doc, error), error.msg, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'minipy';
      diagnostic.code = error.type;
      collection.set(doc.uri, [diagnostic]);
      return;
    }
    // What python3 would print as a SyntaxWarning before running it, squiggled where it points.
    collection.set(doc.uri, warnings.map(({ span: s, message }) => {
      const at = { lineno: s.lineno, offset: s.col_offset + 1, end_lineno: s.end_lineno, end_offset: s.end_col_offset + 1 };
      const diagnostic = new vscode.Diagnostic(diagnosticRange(doc, at), message, vscode.DiagnosticSeverity.Warning);
      diagnostic.source = 'minipy';
      diagnostic.code = 'SyntaxWarning';
      return diagnostic;
    }));
  };

  const schedule = (doc: vscode.TextDocument): void => {
    if (doc.languageId !== LANGUAGE_ID) return;
    const key = doc.uri.toString();
    const pending = timers.get(key);
    if (pending) clearTimeout(pending);
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      check(doc);
    }, DEBOUNCE_MS));
  };

  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => collection.delete(doc.uri)),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
  vscode.workspace.textDocuments.forEach(check);
}
