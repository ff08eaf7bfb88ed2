/*
 * CPython's 1-based (lineno, offset, end_lineno, end_offset) to a VS Code
 * range. CPython's offsets count characters of the line; an error at the end
 * of the file or with no end still needs a visible, non-empty squiggle.
 */

import * as vscode from 'vscode';
import type { Diagnostic } from '../vm/index';

export function diagnosticRange(doc: vscode.TextDocument, d: Pick<Diagnostic, 'lineno' | 'offset' | 'end_lineno' | 'end_offset'>): vscode.Range {
  const lastLine = Math.max(doc.lineCount - 1, 0);
  const line = clamp(d.lineno - 1, 0, lastLine);
  const lineLength = doc.lineAt(line).text.length;
  const col = clamp(d.offset - 1, 0, lineLength);
  let endLine = clamp((d.end_lineno || d.lineno) - 1, line, lastLine);
  let endCol = clamp((d.end_offset || d.offset) - 1, 0, doc.lineAt(endLine).text.length);
  if (endLine === line && endCol <= col) {
    endLine = line;
    endCol = Math.min(col + 1, lineLength);
  }
  return new vscode.Range(line, col, endLine, endCol);
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(Math.max(n, lo), hi);
}
