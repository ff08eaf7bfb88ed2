/*
 * The panel's webview: keeps the heap from the host's deltas and draws each
 * stop (controls, narration, threads and the GIL per process, the heap graph,
 * generators and the event loop, the collector, memory, bytecode). It times
 * every stop from the moment the debugger stopped to the moment the new
 * state is on screen, and shows it (the browser tests read the figures).
 */

import type { FromWebview, PanelState, ToWebview } from '../src/protocol';
import { el, fill, type Labels } from './dom';
import { HeapStore } from './heap-store';
import { Controls } from './controls';
import { HeapView } from './heap-view';
import { CollectorView } from './collector-view';
import { threadsSection } from './threads-view';
import { generatorsSection } from './generators-view';
import { memorySection } from './memory-view';
import { bytecodeSection } from './bytecode-view';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; setState(s: unknown): void; getState(): unknown };

const vscode = acquireVsCodeApi();
const post = (m: FromWebview): void => vscode.postMessage(m);
const root = document.getElementById('root') as HTMLElement;
const store = new HeapStore();
const controls = new Controls(post);
const heap = new HeapView(post, document.body.dataset.worker);
const collector = new CollectorView();
const generatorStates = new Map<number, string>();
/** Step-to-rendered times of the last stops, in ms. */
const timings: number[] = [];
const TIMINGS_KEPT = 500;
let lastTimed = 0;
/** The panel's words, as last sent by the host. */
let words: Labels = {};
let timeline = '';
/**
 * Our own share of each stop: from the adapter's decision to stop to the message posted (the
 * snapshot, the narration, the panel's state and its delta), plus drawing it here.
 */
const ownTimings: number[] = [];
let ownMs = 0;
let drawnAt = 0;
let rafAt = 0;
/** The first stop drawn by a fresh webview also pays for its start-up: it is not a step's time. */
let warm = false;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function nav(L: Labels): HTMLElement {
  const links = [['threads', L.threads], ['heap', L.heap], ['generators', L.generators], ['collector', L.collector], ['memory', L.memory], ['bytecode', L.bytecode]];
  return el('nav', { class: 'jump', 'aria-label': L.sections }, ...links.map(([id, text]) => el('a', { href: `#${id}` }, text)));
}

/**
 * Each part of the page is rebuilt only when what it shows changed: a step
 * that changes one line of one stack must not make the browser restyle and
 * lay out the whole panel.
 */
const parts = new Map<string, { element: HTMLElement; signature: string }>();
let labelsDrawn: Labels | null = null;

function part(key: string, signature: string, build: () => HTMLElement | null): HTMLElement | null {
  const old = parts.get(key);
  if (old !== undefined && old.signature === signature) return old.element;
  const element = build();
  if (element === null) { parts.delete(key); return null; }
  parts.set(key, { element, signature });
  return element;
}

function drawState(s: PanelState, L: Labels): void {
  const received = Date.now();
  store.apply(s.heap);
  if (L !== labelsDrawn) {
    // New words (another language, or a reload): everything is rebuilt once.
    labelsDrawn = L;
    parts.clear();
    controls.setLabels(L);
  }
  const sig = (v: unknown): string => JSON.stringify(v);
  const narration = part('narration', sig([s.note, s.narration]), () => s.note || s.narration.length > 0
    ? el('div', { class: 'narration', role: 'status', 'aria-label': L.narration }, s.note ? el('div', { class: 'note' }, s.note) : null, ...s.narration.map((n) => el('div', {}, n)))
    : null);
  heap.update(s, store, L);
  const list: (HTMLElement | null)[] = [
    controls.element, narration, part('nav', '', () => nav(L)),
    part('threads', sig([s.processes, s.threads, s.clock, s.currentThreadId]), () => threadsSection(s, L)),
    heap.element,
    part('generators', sig([s.generators, s.eventLoop]), () => generatorsSection(s, L, generatorStates)),
    part('collector', sig(s.gc), () => collector.render(s, L)),
    part('memory', sig([s.liveBytes, s.peakBytes, s.memory.length, s.step]), () => memorySection(s, L)),
    part('bytecode', sig(s.bytecode.map((b) => [b.codeKey, b.markers])), () => bytecodeSection(s, L)),
  ];
  const wanted = list.filter((p): p is HTMLElement => p !== null);
  // Swap only the parts that changed, in place.
  const current = Array.from(root.children);
  if (current.length !== wanted.length || current.some((c, i) => c !== wanted[i])) {
    if (current.length === wanted.length) current.forEach((c, i) => { if (c !== wanted[i]) c.replaceWith(wanted[i]); });
    else root.replaceChildren(...wanted);
  }
  root.dataset.step = String(s.step);
  root.dataset.status = s.status;
  controls.setMeta(`${L.step} ${s.step} · ${L.clock} ${(s.clock * 1000).toFixed(3)} ms`);
  const drawn = Date.now();
  drawnAt = drawn;
  ownMs = (s.hostPosted ?? 0) - s.stoppedAt + (drawn - received);
  timeline = `stop→host ${(s.hostStart ?? 0) - s.stoppedAt} · host ${(s.hostPosted ?? 0) - (s.hostStart ?? 0)} · post ${received - (s.hostPosted ?? 0)} · draw ${drawn - received}`;
  // After the browser has painted: the step is on screen.
  requestAnimationFrame(() => { rafAt = Date.now(); setTimeout(() => timed(s, L), 0); });
}

function timed(s: PanelState, L: Labels): void {
  controls.drawn(s.status);
  if (s.stoppedAt <= 0 || s.stoppedAt === lastTimed) return;
  lastTimed = s.stoppedAt;
  if (!warm) { warm = true; return; }
  const t = Date.now() - s.stoppedAt;
  root.dataset.timeline = `${timeline} · frame ${rafAt - drawnAt} · paint ${Date.now() - rafAt}`;
  timings.push(t);
  if (timings.length > TIMINGS_KEPT) timings.shift();
  ownTimings.push(ownMs);
  if (ownTimings.length > TIMINGS_KEPT) ownTimings.shift();
  root.dataset.ownP95 = String(percentile(ownTimings, 95));
  root.dataset.ownP50 = String(percentile(ownTimings, 50));
  root.dataset.own = ownTimings.slice(-40).join(' ');
  const p50 = percentile(timings, 50), p95 = percentile(timings, 95);
  root.dataset.renderMs = String(t);
  root.dataset.renderP50 = String(p50);
  root.dataset.renderP95 = String(p95);
  root.dataset.renderCount = String(timings.length);
  root.dataset.layoutMs = heap.layoutMs.toFixed(1);
  controls.setMeta(`${L.step} ${s.step} · ${L.clock} ${(s.clock * 1000).toFixed(3)} ms · ${fill(L.drawnIn, t, p95)}`);
}

function drawIdle(message: string, L: Labels): void {
  store.clear();
  heap.reset();
  controls.setLabels(L);
  labelsDrawn = null;
  parts.clear();
  controls.idle();
  controls.setMeta('');
  root.replaceChildren(controls.element, el('p', { class: 'muted' }, message));
  root.dataset.status = 'idle';
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = e.data as ToWebview;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'state') { if (m.labels) words = m.labels; drawState(m.state, words); }
  else if (m.type === 'idle') { words = m.labels; drawIdle(m.message, words); }
  else if (m.type === 'play') controls.togglePlay();
});

// One-key shortcuts inside the panel; VS Code's own keys (F5, F10, F11 ...) reach the workbench as usual.
document.addEventListener('keydown', (e) => {
  const t = e.target as HTMLElement | null;
  if (e.ctrlKey || e.metaKey || e.altKey || (t && /^(INPUT|TEXTAREA|VSCODE-TEXTFIELD|VSCODE-SINGLE-SELECT)$/.test(t.tagName))) return;
  if (e.key === '/') { e.preventDefault(); heap.focusSearch(); }
  else if (e.key === 'g') { e.preventDefault(); controls.focusGoTo(); }
  else if (e.key === 'p') { e.preventDefault(); controls.togglePlay(); }
  else if (e.key === 'Escape') heap.clearFocus();
});

// Restored after a reload: the host sends everything again when we say we are ready.
vscode.setState({ restored: true });
post({ type: 'ready' });
