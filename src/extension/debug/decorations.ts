/*
 * Marks, in the editor, where every minipy thread stands (each thread its own
 * colour, its name after the line, the GIL holder flagged) and where each
 * suspended generator waits. Fed by the adapter's `minipy/state` event.
 */

import * as vscode from 'vscode';
import type { MinipyStateEvent } from './custom-protocol';

const PALETTE: ReadonlyArray<{ bg: string; fg: string }> = [
  { bg: 'rgba(64, 160, 255, 0.13)', fg: 'charts.blue' },
  { bg: 'rgba(255, 160, 40, 0.13)', fg: 'charts.orange' },
  { bg: 'rgba(80, 200, 120, 0.13)', fg: 'charts.green' },
  { bg: 'rgba(180, 110, 255, 0.13)', fg: 'charts.purple' },
  { bg: 'rgba(255, 90, 90, 0.13)', fg: 'charts.red' },
  { bg: 'rgba(230, 210, 60, 0.13)', fg: 'charts.yellow' },
];

export class ThreadDecorations implements vscode.Disposable {
  private readonly threadTypes = PALETTE.map((c) => vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: c.bg,
    after: { color: new vscode.ThemeColor(c.fg), margin: '0 0 0 3em', fontStyle: 'italic' },
  }));
  private readonly generatorType = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('descriptionForeground'), margin: '0 0 0 3em', fontStyle: 'italic' },
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

  private render(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const file = editor.document.uri.fsPath;
      const byType = this.threadTypes.map((): vscode.DecorationOptions[] => []);
      const gens: vscode.DecorationOptions[] = [];
      const threads = this.state?.threads ?? [];
      threads.forEach((t, i) => {
        if (t.filename !== file || t.line < 1 || t.line > editor.document.lineCount) return;
        const label = `◀ ${t.name}${t.holdsGil ? ' · ' + vscode.l10n.t('holds the GIL') : ''}${t.state !== 'running' && t.state !== 'ready' ? ` · ${t.state}` : ''}`;
        byType[i % byType.length].push({ range: editor.document.lineAt(t.line - 1).range, renderOptions: { after: { contentText: label } } });
      });
      if (threads.some((t) => t.filename === file)) {
        for (const g of this.state?.generators ?? []) {
          if (g.line < 1 || g.line > editor.document.lineCount) continue;
          gens.push({ range: editor.document.lineAt(g.line - 1).range, renderOptions: { after: { contentText: '⏸ ' + vscode.l10n.t('{0} suspended here', g.repr) } } });
        }
      }
      this.threadTypes.forEach((type, i) => editor.setDecorations(type, byType[i]));
      editor.setDecorations(this.generatorType, gens);
    }
  }

  dispose(): void {
    for (const d of [...this.threadTypes, this.generatorType, ...this.subs]) d.dispose();
  }
}
