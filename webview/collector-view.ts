/*
 * The cycle collector: each generation's count against its threshold, and
 * the last collection replayed phase by phase as gcmodule.c runs it:
 * update_refs (gc_refs = refcount), subtract_refs (minus references from
 * other candidates), move_unreachable (what nothing outside reaches),
 * finalizers, and freeing. A new collection plays by itself once; the
 * buttons step through it again.
 */

import type { PanelCollection, PanelState } from '../src/protocol';
import { el, svg, fill, section, button, type Labels } from './dom';

const PHASES = ['update_refs', 'subtract_refs', 'move_unreachable', 'finalize', 'delete_garbage'] as const;
const PHASE_MS = 900;
const CHIPS = 40;

export class CollectorView {
  private phase = PHASES.length - 1;
  private shownStep = -1;
  private timer: ReturnType<typeof setInterval> | null = null;
  private host: HTMLElement | null = null;
  private last: { c: PanelCollection; L: Labels } | null = null;

  render(state: PanelState, L: Labels): HTMLElement | null {
    const gc = state.gc;
    if (!gc) return null;
    const sec = section('collector', L.collector);
    const bars = svg('svg', { width: '100%', viewBox: '0 0 560 66', role: 'img', 'aria-label': gc.counts.map((n, i) => `${fill(L.generation, i)} ${n}/${gc.thresholds[i]}`).join(', ') });
    gc.counts.forEach((n, i) => {
      const y = i * 22;
      const frac = Math.min(1, n / Math.max(1, gc.thresholds[i]));
      bars.append(svg('text', { x: 0, y: y + 13 }, fill(L.generation, i)));
      bars.append(svg('rect', { x: 110, y, width: 300, height: 16, class: 'bar-bg' }));
      bars.append(svg('rect', { x: 110, y, width: 300 * frac, height: 16, class: 'bar' }));
      bars.append(svg('text', { x: 420, y: y + 13 }, `${n} / ${gc.thresholds[i]}`));
    });
    sec.append(bars);
    if (!gc.enabled) sec.append(el('div', { class: 'muted' }, L.gcDisabled));
    const c = gc.last;
    if (!c) { sec.append(el('div', { class: 'muted' }, `${L.lastCollection}: ${L.noCollection}`)); this.stop(); return sec; }
    if (c.step !== this.shownStep) {
      // A collection not seen before plays from its first phase.
      this.shownStep = c.step;
      this.play();
    }
    this.host = el('div', { class: 'collection' });
    this.last = { c, L };
    this.draw();
    sec.append(this.host);
    return sec;
  }

  private play(): void {
    this.stop();
    this.phase = 0;
    this.timer = setInterval(() => {
      if (this.phase >= PHASES.length - 1) { this.stop(); return; }
      this.phase++;
      this.draw();
    }, PHASE_MS);
  }

  private stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private go(delta: number): void {
    this.stop();
    this.phase = Math.max(0, Math.min(PHASES.length - 1, this.phase + delta));
    this.draw();
  }

  private draw(): void {
    if (this.host === null || this.last === null) return;
    const { c, L } = this.last;
    const phase = PHASES[this.phase];
    const unreachable = new Set(c.unreachable), finalized = new Set(c.finalized), freed = new Set(c.freed);
    const head = el('div', {}, fill(L.collectionText, c.generation, c.step, c.counts.candidates, c.counts.unreachable, c.counts.freed));
    const steps = el('ol', { class: 'phases', 'aria-label': L.phases });
    PHASES.forEach((p, i) => steps.append(el('li', { class: i === this.phase ? 'phase current' : i < this.phase ? 'phase done' : 'phase', 'aria-current': i === this.phase ? 'step' : 'false' }, p)));
    const controls = el('div', { class: 'row' });
    controls.append(button(L.previousPhase, () => this.go(-1)), button(L.nextPhase, () => this.go(1)), button(L.replayPhases, () => { this.play(); this.draw(); }));
    const chips = el('div', { class: 'chips', role: 'list' });
    for (const k of c.candidates.slice(0, CHIPS)) {
      const value = this.phase === 0 ? k.refcount : k.gcRefs;
      const cls = ['chip'];
      if (this.phase >= 2 && unreachable.has(k.id)) cls.push('unreachable');
      if (this.phase >= 3 && finalized.has(k.id)) cls.push('finalized');
      if (this.phase >= 4 && freed.has(k.id)) cls.push('freed');
      chips.append(el('span', { class: cls.join(' '), role: 'listitem', title: `refcount ${k.refcount}, gc_refs ${k.gcRefs}` }, `#${k.id} ${k.type} `, el('b', {}, String(value))));
    }
    if (c.counts.candidates > CHIPS) chips.append(el('span', { class: 'muted' }, `+${c.counts.candidates - CHIPS}`));
    this.host.replaceChildren(head, steps, el('div', { class: 'phase-text' }, L[`phase_${phase}`] ?? phase), chips, controls);
  }
}
