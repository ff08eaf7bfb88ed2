/*
 * Threads and the GIL, one group per process (each process has its own GIL
 * and its own lanes): who holds the GIL, whether a drop was requested and by
 * whom, each thread's state and stack, and Beazley's lanes over virtual time.
 */

import type { PanelProcess, PanelState, PanelThread } from '../src/protocol';
import { el, svg, fill, section, type Labels } from './dom';

const LANE_STATES = ['running', 'waiting-gil', 'blocked', 'sleeping'] as const;

export function threadsSection(state: PanelState, L: Labels): HTMLElement {
  const sec = section('threads', L.threads);
  const many = state.processes.length > 1;
  for (const p of state.processes) {
    const threads = state.threads.filter((t) => t.processId === p.pid);
    if (threads.length === 0) continue;
    const group = el('div', { class: 'process', role: 'group', 'aria-label': `${p.name} (pid ${p.pid})` });
    if (many) group.append(el('h3', {}, `${p.name} · pid ${p.pid} · ${fill(L.objectCount, p.objects)}`));
    group.append(gilLine(p, L), threadTable(threads, state.currentThreadId, L));
    if (p.lanes.some((l) => l.segments.length > 0)) group.append(lanes(p, threads, state.clock, L));
    sec.append(group);
  }
  return sec;
}

function gilLine(p: PanelProcess, L: Labels): HTMLElement {
  const gil = p.gil;
  if (!gil) return el('div');
  if (!gil.enabled) return el('div', { class: 'gil' }, el('strong', {}, L.noGil));
  return el('div', { class: 'gil' },
    `${L.holder}: `, el('span', { class: 'holder', 'data-process': String(p.pid) }, gil.holder ?? L.nobody),
    ` · ${L.dropRequest}: `, el('span', { class: gil.dropRequested ? 'drop-set' : '' }, gil.dropRequested ? fill(L.setBy, gil.requestedBy ?? '?') : L.notSet),
    ` · ${L.interval}: ${gil.intervalMs} ms (${fill(L.checks, gil.check)})`);
}

function threadTable(threads: PanelThread[], current: number, L: Labels): HTMLElement {
  const table = el('table', { class: 'threads' }, el('caption', { class: 'sr-only' }, L.threads),
    el('tr', {}, el('th', {}, L.thread), el('th', {}, L.state), el('th', {}, L.stack), el('th', {}, L.cpu)));
  for (const t of threads) {
    const stack = el('ol', { class: 'stack' });
    for (const f of t.frames) {
      stack.append(el('li', { class: f.library ? 'muted' : '' }, el('code', {}, `${f.name}:${f.line}`), el('span', { class: 'muted' }, ` ${f.opname} @${f.offset}`),
        f.generatorId !== undefined ? el('span', { class: 'tag' }, L.generatorFrame) : null));
    }
    table.append(el('tr', { class: `thread-row${t.id === current ? ' current' : ''}`, 'data-thread': t.name },
      el('td', { class: t.holdsGil ? 'holder' : '' }, t.name, t.holdsGil ? el('span', { class: 'tag gil-tag' }, 'GIL') : null),
      el('td', { class: `state state-${t.state}` }, (L[t.state] ?? t.state) + (t.waitingFor ? ` — ${t.waitingFor}` : '')),
      el('td', {}, stack),
      el('td', { class: 'mono' }, t.cpuMs.toFixed(3))));
  }
  return table;
}

function lanes(p: PanelProcess, threads: PanelThread[], clock: number, L: Labels): Node {
  const width = 560, rowH = 20, left = 150;
  const end = Math.max(clock, 1e-9);
  const box = svg('svg', { width: '100%', viewBox: `0 0 ${width} ${p.lanes.length * rowH + 24}`, role: 'img', 'aria-label': fill(L.lanesLabel, p.name) });
  p.lanes.forEach((lane, i) => {
    const y = i * rowH + 4;
    const t = threads.find((x) => x.id === lane.threadId);
    box.append(svg('text', { x: 0, y: y + 12 }, `${lane.name}${t?.holdsGil ? ' ★' : ''}`));
    for (const seg of lane.segments) {
      const x0 = left + (seg.start / end) * (width - left);
      const w = Math.max(0.5, ((seg.end - seg.start) / end) * (width - left));
      const r = svg('rect', { x: x0, y, width: w, height: rowH - 6, class: `lane-${seg.state}` });
      r.append(svg('title', {}, `${L[seg.state] ?? seg.state}: ${(seg.start * 1000).toFixed(3)}–${(seg.end * 1000).toFixed(3)} ms`));
      box.append(r);
    }
  });
  // Drop requests on the waiting thread's lane, forced switches on the holder's.
  for (const m of p.marks) {
    const i = p.lanes.findIndex((l) => l.threadId === m.threadId);
    if (i < 0) continue;
    const x = left + (m.time / end) * (width - left), y = i * rowH + 4;
    const mark = m.action === 'drop-request'
      ? svg('path', { d: `M${x - 3},${y - 3} L${x + 3},${y - 3} L${x},${y + 2} z`, class: 'mark-drop' })
      : svg('line', { x1: x, y1: y - 3, x2: x, y2: y + rowH - 4, class: 'mark-forced' });
    mark.append(svg('title', {}, `${L[m.action] ?? m.action} @ ${(m.time * 1000).toFixed(3)} ms`));
    box.append(mark);
  }
  const axisY = p.lanes.length * rowH + 8;
  box.append(svg('line', { x1: left, y1: axisY, x2: width, y2: axisY, class: 'axis' }));
  box.append(svg('text', { x: left, y: axisY + 13 }, '0'));
  box.append(svg('text', { x: width - 60, y: axisY + 13 }, `${(end * 1000).toFixed(2)} ms`));
  const legend = el('div', { class: 'legend muted' });
  for (const s of LANE_STATES) {
    const sw = svg('svg', { width: 10, height: 10, class: 'swatch' });
    sw.append(svg('rect', { width: 10, height: 10, class: `lane-${s}` }));
    legend.append(el('span', {}, sw, L[s] ?? s));
  }
  if (p.marks.length > 0) legend.append(el('span', { class: 'key-drop' }, `▼ ${L['drop-request']}`), el('span', { class: 'key-forced' }, `| ${L['forced-switch']}`));
  return el('div', {}, box, legend);
}
