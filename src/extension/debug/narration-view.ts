/*
 * Shows, after the line a stopped minipy program stands on, what the step
 * just did: the example's own note for that line when it has one (a `#!`
 * comment), otherwise the first sentence of the generated narration. Hovering
 * it gives every sentence. Fed by the adapter's `minipy/state` event.
 */

import * as vscode from 'vscode';
import type { MinipyStateEvent } from './custom-protocol';

export class NarrationView implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em' },
  });
  private state: MinipyStateEvent | undefined;
  private readonly subs: vscode.Disposable[] = [];

  constructor() {
    this.subs.push(vscode.window.onDidChangeVisibleTextEditors(() => this.render()));
  }

  update(state: MinipyStateEvent | undefined): void {
    this.state = state && !state.running && !state.ended ? state : undefined;
    this.render();
  }

  /** The text shown after the line, or undefined (exported for the tests). */
  static label(state: MinipyStateEvent | undefined): string | undefined {
    const text = state?.note ?? state?.narration?.[0];
    return text === undefined ? undefined : `💬 ${text}`;
  }

  private render(): void {
    const s = this.state;
    const label = NarrationView.label(s);
    for (const editor of vscode.window.visibleTextEditors) {
      const here = s !== undefined && label !== undefined && s.filename === editor.document.uri.fsPath && s.line !== undefined && s.line >= 1 && s.line <= editor.document.lineCount;
      if (!here) { editor.setDecorations(this.type, []); continue; }
      const hover = new vscode.MarkdownString();
      if (s.note) hover.appendMarkdown(`**${vscode.l10n.t('About this line')}**\n\n`).appendText(s.note + '\n\n');
      if (s.narration?.length) {
        hover.appendMarkdown(`**${vscode.l10n.t('What the last step did')}**\n\n`);
        for (const sentence of s.narration) hover.appendText(`• ${sentence}\n`);
      }
      editor.setDecorations(this.type, [{ range: editor.document.lineAt(s.line! - 1).range, hoverMessage: hover, renderOptions: { after: { contentText: label } } }]);
    }
  }

  dispose(): void {
    for (const d of [this.type, ...this.subs]) d.dispose();
  }
}
