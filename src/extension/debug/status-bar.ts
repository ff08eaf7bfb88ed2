/*
 * A status bar item during a minipy session: who holds the GIL and the
 * virtual clock, so the two things CPython hides most are always in view.
 */

import * as vscode from 'vscode';
import type { MinipyStateEvent } from './custom-protocol';

export class GilStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('minipy.gil', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = vscode.l10n.t('minipy GIL and clock');
  }

  update(state: MinipyStateEvent | undefined): void {
    if (!state || state.ended) { this.item.hide(); return; }
    if (state.running) {
      this.item.text = `$(sync~spin) minipy ${vscode.l10n.t('running')}`;
      this.item.tooltip = undefined;
    } else {
      const gil = state.gilEnabled === false ? vscode.l10n.t('off (free-threaded)') : state.gilHolder ?? vscode.l10n.t('nobody');
      const clock = state.clock !== undefined ? formatClock(state.clock) : '?';
      this.item.text = `${state.gilEnabled === false ? '$(unlock)' : '$(lock)'} GIL: ${gil}  $(watch) ${clock}`;
      this.item.tooltip = vscode.l10n.t('Thread holding the GIL: {0}. Virtual clock: {1} after {2} instructions.', gil, clock, String(state.step ?? 0));
    }
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

function formatClock(s: number): string {
  if (s < 1e-3) return `${(s * 1e6).toFixed(1)} µs`;
  if (s < 1) return `${(s * 1e3).toFixed(2)} ms`;
  return `${s.toFixed(3)} s`;
}
