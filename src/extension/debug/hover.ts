/*
 * Hovering a name during a minipy debug session: its type, value, refcount
 * with every holder, size, and a generator's state, asked of the active
 * session through the `minipy/inspect` custom request (the snapshot lives in
 * the adapter; the hover never sees the VM).
 */

import * as vscode from 'vscode';
import type { InspectArguments, InspectResult } from './custom-protocol';
import { DEBUG_TYPE } from './config-provider';

/** A dotted name under the cursor: `a`, `self.items`. Indexing is left to Watch. */
const NAME = /[A-Za-z_][A-Za-z_0-9]*(?:\.[A-Za-z_][A-Za-z_0-9]*)*/;

export class MinipyHoverProvider implements vscode.HoverProvider {
  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const session = vscode.debug.activeDebugSession;
    if (!session || session.type !== DEBUG_TYPE) return undefined;
    const range = doc.getWordRangeAtPosition(pos, NAME);
    if (!range) return undefined;
    // Up to the hovered segment only: hovering `a` in `a.b` asks for `a`.
    const text = doc.getText(new vscode.Range(range.start, doc.getWordRangeAtPosition(pos)?.end ?? range.end));
    if (/^(if|else|elif|while|for|in|def|class|return|and|or|not|is|import|from|pass|yield|lambda|with|as|try|except|finally|raise|global|nonlocal|del|assert|break|continue|True|False|None)$/.test(text)) return undefined;
    const item = vscode.debug.activeStackItem;
    const frameId = item instanceof vscode.DebugStackFrame && item.session.id === session.id ? item.frameId : undefined;
    let result: InspectResult;
    try {
      result = (await session.customRequest('minipy/inspect', { expression: text, frameId } satisfies InspectArguments)) as InspectResult;
    } catch {
      return undefined;
    }
    if (!result.found) return undefined;
    const md = new vscode.MarkdownString(result.markdown);
    md.isTrusted = false;
    return new vscode.Hover(md, new vscode.Range(range.start, range.start.translate(0, text.length)));
  }
}
