/*
 * The panel's toolbar: the debugger's own commands (they drive the same
 * session as VS Code's toolbar, so both stay in step), go to step N, and
 * play: one step after another at a chosen pace, each only after the last
 * one is drawn, until paused, stopped or the program ends.
 */

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import type { FromWebview, PanelCommand } from '../src/protocol';
import { el, type Labels } from './dom';

const SPEEDS = [1, 2, 5, 10, 20];
/** VS Code's own debug toolbar icons. */
const ICONS: Record<PanelCommand, string> = {
  continue: 'debug-continue', pause: 'debug-pause', stepOver: 'debug-step-over', stepInto: 'debug-step-into', stepOut: 'debug-step-out',
  stepInstruction: 'debug-line-by-line', stepBack: 'debug-step-back', restart: 'debug-restart',
};
const ORDER: PanelCommand[] = ['continue', 'pause', 'stepOver', 'stepInto', 'stepOut', 'stepInstruction', 'stepBack', 'restart'];
const PLAY_KINDS = ['stepOver', 'stepInto', 'stepInstruction'] as const;

export class Controls {
  readonly element = el('div', { class: 'toolbar', role: 'toolbar' });
  private readonly meta = el('span', { class: 'meta', role: 'status' });
  private readonly goTo: HTMLElement;
  private readonly playButton: HTMLElement;
  private readonly speed: HTMLElement;
  private readonly kind: HTMLElement;
  private playing = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private waiting = false;
  private L: Labels = {};

  constructor(private readonly post: (m: FromWebview) => void) {
    for (const c of ORDER) {
      const b = el('vscode-toolbar-button', { 'data-command': c, icon: ICONS[c] });
      b.addEventListener('click', () => { this.stopPlaying(); this.command(c); });
      this.element.append(b);
    }
    this.goTo = el('vscode-textfield', { type: 'number', min: '0', class: 'goto', 'data-control': 'goto' });
    this.goTo.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      const step = Number((this.goTo as unknown as { value: string }).value);
      if (Number.isSafeInteger(step) && step >= 0) { this.stopPlaying(); this.post({ type: 'goToStep', step }); }
    });
    this.playButton = el('vscode-toolbar-button', { 'data-control': 'play', icon: 'play' });
    this.playButton.addEventListener('click', () => this.togglePlay());
    this.speed = el('vscode-single-select', { 'data-control': 'speed' });
    for (const s of SPEEDS) this.speed.append(el('vscode-option', { value: String(s), ...(s === 5 ? { selected: '' } : {}) }, `${s}/s`));
    this.kind = el('vscode-single-select', { 'data-control': 'play-kind' });
    for (const k of PLAY_KINDS) this.kind.append(el('vscode-option', { value: k }, k));
    this.element.append(this.goTo, this.playButton, this.kind, this.speed, this.meta);
  }

  private command(c: PanelCommand): void {
    this.post({ type: 'command', command: c });
  }

  setLabels(L: Labels): void {
    this.L = L;
    this.element.setAttribute('aria-label', L.controls);
    for (const b of Array.from(this.element.querySelectorAll('[data-command]'))) {
      const c = b.getAttribute('data-command') as string;
      b.setAttribute('label', `${L[c] ?? c}${L[`key_${c}`] ? ` (${L[`key_${c}`]})` : ''}`);
      b.setAttribute('aria-label', `${L[c] ?? c}${L[`key_${c}`] ? ` (${L[`key_${c}`]})` : ''}`);
      b.setAttribute('title', `${L[c] ?? c}${L[`key_${c}`] ? ` (${L[`key_${c}`]})` : ''}`);
    }
    this.goTo.setAttribute('placeholder', L.goToStep);
    this.goTo.setAttribute('aria-label', L.goToStep);
    this.speed.setAttribute('aria-label', L.playSpeed);
    this.kind.setAttribute('aria-label', L.playKind);
    const opts = this.kind.querySelectorAll('vscode-option');
    PLAY_KINDS.forEach((k, i) => { if (opts[i]) opts[i].textContent = L[k] ?? k; });
    this.showPlay();
  }

  private showPlay(): void {
    const text = this.playing ? this.L.pausePlay : this.L.play;
    this.playButton.setAttribute('icon', this.playing ? 'debug-stop' : 'play');
    this.playButton.setAttribute('label', `${text} (${this.L.key_play ?? ''})`);
    this.playButton.setAttribute('aria-label', `${text} (${this.L.key_play ?? ''})`);
    this.playButton.setAttribute('title', `${text} (${this.L.key_play ?? ''})`);
    this.playButton.setAttribute('aria-pressed', String(this.playing));
  }

  setMeta(text: string): void {
    this.meta.textContent = text;
  }

  focusGoTo(): void {
    (this.goTo as HTMLElement).focus();
  }

  togglePlay(): void {
    if (this.playing) this.stopPlaying();
    else { this.playing = true; this.showPlay(); this.next(); }
  }

  stopPlaying(): void {
    this.playing = false;
    this.waiting = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.showPlay();
  }

  /** A stop was drawn: while playing, the next step goes after the chosen pause. */
  drawn(status: string): void {
    if (!this.playing) return;
    if (status !== 'paused') { this.stopPlaying(); return; }
    if (!this.waiting) return;
    this.waiting = false;
    const perSecond = Number((this.speed as unknown as { value: string }).value) || 5;
    this.timer = setTimeout(() => this.next(), 1000 / perSecond);
  }

  /** The session ended or went idle. */
  idle(): void {
    this.stopPlaying();
  }

  private next(): void {
    if (!this.playing) return;
    this.waiting = true;
    const kind = ((this.kind as unknown as { value: string }).value || 'stepOver') as PanelCommand;
    this.command(kind);
  }
}
