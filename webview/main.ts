/*
 * The panel's webview: draws the PanelState the extension sends at each stop.
 * Controls are @vscode-elements/elements buttons; diagrams are SVG coloured
 * with VS Code's theme variables (see PANEL_CSS in src/extension/panel.ts).
 * Text from the program (reprs, names) only ever goes in as text nodes.
 */

import '@vscode-elements/elements/dist/vscode-button/index.js';
import { PANEL_COMMANDS, type PanelCommand, type PanelState, type ToWebview } from '../src/protocol';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; setState(s: unknown): void; getState(): unknown };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;
const SVG = 'http://www.w3.org/2000/svg';
const LANE_STATES = ['running', 'waiting-gil', 'blocked', 'sleeping'] as const;

type Child = Node | string | null | undefined | false;

function el(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

function svg(tag: string, attrs: Record<string, string | number> = {}, text?: string): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function fill(template: string, ...args: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)] ?? ''));
}

function toolbar(L: Record<string, string>, state: PanelState | undefined): HTMLElement {
  const bar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'minipy' });
  for (const c of PANEL_COMMANDS) {
    const b = el('vscode-button', { 'data-command': c, 'aria-label': L[c] ?? c, ...(c === 'continue' ? {} : { secondary: '' }) }, L[c] ?? c);
    b.addEventListener('click', () => vscode.postMessage({ type: 'command', command: c satisfies PanelCommand }));
    bar.append(b);
  }
  if (state) bar.append(el('span', { class: 'meta' }, `${L.step} ${state.step} · ${L.clock} ${(state.clock * 1000).toFixed(3)} ms`));
  return bar;
}

function lanes(state: PanelState, L: Record<string, string>): Node {
  const width = 560, rowH = 20, left = 150;
  const end = Math.max(state.clock, 1e-9);
  const rows = state.lanes;
  const box = svg('svg', { width: '100%', viewBox: `0 0 ${width} ${rows.length * rowH + 24}`, role: 'img', 'aria-label': L.threads });
  rows.forEach((lane, i) => {
    const y = i * rowH + 4;
    const t = state.threads.find((x) => x.id === lane.threadId);
    box.append(svg('text', { x: 0, y: y + 12 }, `${lane.name}${t?.holdsGil ? ' ★' : ''}`));
    for (const seg of lane.segments) {
      const x0 = left + (seg.start / end) * (width - left);
      const w = Math.max(0.5, ((seg.end - seg.start) / end) * (width - left));
      const r = svg('rect', { x: x0, y, width: w, height: rowH - 6, class: `lane-${seg.state}` });
      r.append(svg('title', {}, `${L[seg.state] ?? seg.state}: ${(seg.start * 1000).toFixed(3)}–${(seg.end * 1000).toFixed(3)} ms`));
      box.append(r);
    }
  });
  const axisY = rows.length * rowH + 8;
  box.append(svg('line', { x1: left, y1: axisY, x2: width, y2: axisY, class: 'axis' }));
  box.append(svg('text', { x: left, y: axisY + 13 }, '0'));
  box.append(svg('text', { x: width - 60, y: axisY + 13 }, `${(end * 1000).toFixed(2)} ms`));
  const legend = el('div', { class: 'legend muted' });
  for (const s of LANE_STATES) {
    const sw = svg('svg', { width: 10, height: 10, class: 'swatch' });
    sw.append(svg('rect', { width: 10, height: 10, class: `lane-${s}` }));
    legend.append(el('span', {}, sw, L[s] ?? s));
  }
  return el('div', {}, box, legend);
}

function threadsSection(state: PanelState, L: Record<string, string>): HTMLElement {
  const sec = el('section', { 'aria-label': L.threads }, el('h2', {}, L.threads));
  if (state.gil) {
    sec.append(el('div', {},
      `${L.holder}: `, el('span', { class: 'holder' }, state.gil.holder ?? L.nobody),
      ` · ${L.dropRequest}: ${state.gil.dropRequested ? fill(L.setBy, state.gil.requestedBy ?? '?') : L.notSet}`,
      ` · ${L.interval}: ${state.gil.intervalMs} ms (${state.gil.check})`));
  }
  const table = el('table', {}, el('tr', {}, el('th', {}, ''), el('th', {}, ''), el('th', {}, ''), el('th', {}, 'ms')));
  for (const t of state.threads) {
    table.append(el('tr', {},
      el('td', { class: t.holdsGil ? 'holder' : '' }, t.name),
      el('td', {}, (L[t.state] ?? t.state) + (t.waitingFor ? ` — ${t.waitingFor}` : '')),
      el('td', { class: 'mono' }, t.where ?? ''),
      el('td', { class: 'mono' }, t.cpuMs.toFixed(3))));
  }
  sec.append(table);
  if (state.lanes.some((l) => l.segments.length > 0)) sec.append(lanes(state, L));
  return sec;
}

function memorySection(state: PanelState, L: Record<string, string>): HTMLElement {
  const sec = el('section', { 'aria-label': L.memory }, el('h2', {}, L.memory));
  sec.append(el('div', {}, `${L.live}: ${state.liveBytes.toLocaleString()} · ${L.peak}: ${state.peakBytes.toLocaleString()}`));
  const pts = state.memory;
  if (pts.length > 1) {
    const width = 560, height = 90;
    const max = Math.max(state.peakBytes, ...pts.map((p) => p.bytes), 1);
    const s0 = pts[0].step, s1 = Math.max(pts[pts.length - 1].step, s0 + 1);
    const xy = (p: { step: number; bytes: number }): string => `${((p.step - s0) / (s1 - s0)) * width},${height - (p.bytes / max) * (height - 10)}`;
    const chart = svg('svg', { width: '100%', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': L.memory });
    const peakY = height - (state.peakBytes / max) * (height - 10);
    chart.append(svg('line', { x1: 0, y1: peakY, x2: width, y2: peakY, class: 'peak-line' }));
    chart.append(svg('polyline', { points: pts.map(xy).join(' '), class: 'mem-line' }));
    sec.append(chart);
  }
  return sec;
}

function collectorSection(state: PanelState, L: Record<string, string>): HTMLElement | null {
  const gc = state.gc;
  if (!gc) return null;
  const sec = el('section', { 'aria-label': L.collector }, el('h2', {}, L.collector));
  const bars = svg('svg', { width: '100%', viewBox: '0 0 560 66', role: 'img', 'aria-label': L.collector });
  gc.counts.forEach((n, i) => {
    const y = i * 22;
    const frac = Math.min(1, n / Math.max(1, gc.thresholds[i]));
    bars.append(svg('text', { x: 0, y: y + 13 }, fill(L.generation, i)));
    bars.append(svg('rect', { x: 110, y, width: 300, height: 16, class: 'bar-bg' }));
    bars.append(svg('rect', { x: 110, y, width: 300 * frac, height: 16, class: 'bar' }));
    bars.append(svg('text', { x: 420, y: y + 13 }, `${n} / ${gc.thresholds[i]}`));
  });
  sec.append(bars);
  const c = gc.last;
  sec.append(el('div', {}, `${L.lastCollection}: `, c ? fill(L.collectionText, c.generation, c.step, c.candidates.length, c.unreachable, c.freed) : L.noCollection));
  if (c && c.candidates.length > 0) {
    sec.append(el('div', { class: 'muted mono' }, 'gc_refs: ' + c.candidates.slice(0, 20).map((x) => `#${x.id}=${x.gcRefs}`).join('  ')));
  }
  return sec;
}

function generatorsSection(state: PanelState, L: Record<string, string>): HTMLElement {
  const sec = el('section', { 'aria-label': L.generators }, el('h2', {}, L.generators));
  if (state.generators.length === 0) sec.append(el('div', { class: 'muted' }, L.none));
  for (const g of state.generators) sec.append(el('div', {}, el('code', {}, g.name), ` ${g.state}${g.line ? ` · line ${g.line}` : ''}`));
  const loop = state.eventLoop;
  if (loop) {
    sec.append(el('h2', {}, L.eventLoop));
    sec.append(el('div', {}, `${L.ready}: ${loop.ready.join(', ') || L.none}`));
    sec.append(el('div', {}, `${L.timers}: ${loop.timers.map((t) => `${t.what} @ ${(t.when * 1000).toFixed(1)} ms`).join(', ') || L.none}`));
    for (const t of loop.tasks) sec.append(el('div', {}, el('code', {}, t.name), ` ${t.state}${t.awaiting ? ` — ${t.awaiting}` : ''}${t.line ? ` · line ${t.line}` : ''}`));
  }
  return sec;
}

function heapSection(state: PanelState, L: Record<string, string>): HTMLElement {
  const sec = el('section', { 'aria-label': L.heap }, el('h2', {}, L.heap), el('div', { class: 'muted' }, fill(L.objects, state.heapTotal)));
  const table = el('table', {}, el('tr', {}, el('th', {}, L.refcount), el('th', {}, ''), el('th', {}, L.size), el('th', {}, L.heldBy)));
  for (const o of state.heap) {
    table.append(el('tr', {},
      el('td', {}, el('span', { class: 'badge', title: o.holders.join('\n') }, String(o.refcount))),
      el('td', { class: 'mono' }, o.repr.length > 70 ? o.repr.slice(0, 67) + '...' : o.repr),
      el('td', { class: 'mono' }, String(o.size)),
      el('td', { class: 'muted' }, o.holders.slice(0, 3).join(', ') + (o.holders.length > 3 ? ` +${o.holders.length - 3}` : ''))));
  }
  sec.append(table);
  return sec;
}

function render(msg: ToWebview): void {
  const L = msg.labels;
  root.replaceChildren();
  if (msg.type === 'idle') {
    root.append(toolbar(L, undefined), el('p', { class: 'muted' }, msg.message));
    return;
  }
  const s = msg.state;
  root.append(toolbar(L, s));
  if (s.note || s.narration.length > 0) {
    root.append(el('div', { class: 'narration', role: 'status', 'aria-label': L.narration },
      s.note ? el('div', { class: 'note' }, s.note) : null,
      ...s.narration.map((n) => el('div', {}, n))));
  }
  root.append(threadsSection(s, L), memorySection(s, L));
  const gc = collectorSection(s, L);
  if (gc) root.append(gc);
  root.append(generatorsSection(s, L), heapSection(s, L));
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = e.data as ToWebview;
  if (m && (m.type === 'state' || m.type === 'idle')) {
    render(m);
    vscode.setState(m);
  }
});

const saved = vscode.getState() as ToWebview | undefined;
if (saved && (saved.type === 'state' || saved.type === 'idle')) render(saved);
vscode.postMessage({ type: 'ready' });
