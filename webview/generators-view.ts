/*
 * Generators and coroutines: each with its state, the line it is suspended
 * at and its frame's locals. A suspended one is drawn greyed and apart from
 * every stack; a running one is linked to the thread that resumed it. Then
 * the event loop: its ready queue, its timers and its tasks.
 */

import type { PanelState } from '../src/protocol';
import { el, fill, section, type Labels } from './dom';

export function generatorsSection(state: PanelState, L: Labels, previous: Map<number, string>): HTMLElement {
  const sec = section('generators', L.generators);
  if (state.generators.length === 0) sec.append(el('div', { class: 'muted' }, L.none));
  const list = el('div', { class: 'gen-list' });
  for (const g of state.generators) {
    const running = g.state.endsWith('RUNNING');
    const was = previous.get(g.id);
    const cls = ['gen', running ? 'gen-running' : g.state.endsWith('CLOSED') ? 'gen-closed' : 'gen-suspended'];
    if (running && was !== undefined && was !== g.state) cls.push('relinked');
    const card = el('div', { class: cls.join(' '), 'data-id': String(g.id), 'data-state': g.state, role: 'group', 'aria-label': `${g.name}: ${g.state}` },
      el('div', {}, el('code', {}, g.name), ' ', el('span', { class: 'gen-state' }, g.state)),
      el('div', { class: 'muted' }, running ? fill(L.runningIn, g.runningIn ?? '?', g.line ?? 0) : g.line ? fill(L.suspendedAt, g.line) : L.notStarted));
    if (g.locals.length > 0) card.append(el('div', { class: 'mono locals' }, g.locals.map((v) => `${v.name} = ${v.repr}`).join('   ')));
    list.append(card);
  }
  sec.append(list);
  previous.clear();
  for (const g of state.generators) previous.set(g.id, g.state);
  const loop = state.eventLoop;
  if (loop) {
    sec.append(el('h3', {}, L.eventLoop));
    sec.append(el('div', {}, `${L.ready}: ${loop.ready.join(', ') || L.none}`));
    sec.append(el('div', {}, `${L.timers}: ${loop.timers.map((t) => `${t.what} @ ${(t.when * 1000).toFixed(1)} ms`).join(', ') || L.none}`));
    for (const t of loop.tasks) sec.append(el('div', { class: 'task' }, el('code', {}, t.name), ` ${t.state}${t.awaiting ? ` — ${t.awaiting}` : ''}${t.line ? ` · line ${t.line}` : ''}`));
  }
  return sec;
}
