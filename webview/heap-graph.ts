/*
 * Draws the heap graph as SVG: frames and objects as nodes with refcount
 * badges, references as arrows. A step is drawn at once: nodes that stay
 * keep their place, new ones appear next to what holds them, freed ones fade
 * out where they were. The full layout (dagre) runs in a worker meanwhile
 * and, when it comes back, nodes glide to their new places, so drawing a
 * step never waits for a layout.
 */

import { svg, clip, type Labels, fill } from './dom';
import type { GraphNode, HeapGraph } from './heap-select';
import type { LayoutRequest, LayoutResult } from './graph-layout';
import { layOut } from './graph-layout';

interface Box { x: number; y: number; w: number; h: number }

const NODE_H = 36;
const GLIDE_MS = 260;

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function nodeWidth(n: GraphNode): number {
  if (n.kind === 'more') return 54;
  return Math.max(64, Math.min(200, 16 + Math.max(n.label.length, (n.sub ?? '').length) * 6.6 + (n.kind === 'object' ? 18 : 0)));
}

export interface GraphCallbacks {
  select(id: number): void;
}

export class GraphView {
  readonly element: SVGSVGElement;
  private readonly boxes = new Map<string, Box>();
  private graph: HeapGraph = { nodes: [], edges: [], hidden: 0 };
  private worker: Worker | null = null;
  private seq = 0;
  private structure = '';
  private glide: number | null = null;
  private layoutMs = 0;
  private labels: Labels = {};
  private selected: number | undefined;
  private fresh = new Set<number>();
  private changed = new Set<number>();
  private readonly nodeEls = new Map<string, SVGElement>();
  private edgeLayer: SVGElement = svg('g');

  constructor(private readonly callbacks: GraphCallbacks, workerUrl: string | undefined) {
    this.element = svg('svg', { class: 'heap-graph', role: 'group' }) as SVGSVGElement;
    if (workerUrl) void this.startWorker(workerUrl);
  }

  /** The worker script comes from the extension's own files; a blob URL lets it start under the webview's origin. */
  private async startWorker(url: string): Promise<void> {
    try {
      const text = await (await fetch(url)).text();
      const w = new Worker(URL.createObjectURL(new Blob([text], { type: 'text/javascript' })));
      w.onmessage = (e: MessageEvent<LayoutResult>) => this.placed(e.data);
      w.onerror = () => { this.worker = null; };
      this.worker = w;
    } catch {
      this.worker = null; // the page lays out itself, after drawing
    }
  }

  get lastLayoutMs(): number { return this.layoutMs; }

  /** Forget the drawing (a new session). */
  clear(): void {
    this.boxes.clear();
    this.nodeEls.clear();
    this.graph = { nodes: [], edges: [], hidden: 0 };
    this.structure = '';
    this.seq++;
    this.element.replaceChildren();
  }

  /** Draw a step's graph now; `gone` are nodes drawn last time whose objects were freed. */
  draw(graph: HeapGraph, labels: Labels, opts: { selected?: number; added: Set<number>; changed: Set<number>; gone: Set<number> }): void {
    this.labels = labels;
    this.selected = opts.selected;
    this.fresh = opts.added;
    this.changed = opts.changed;
    const keep = new Set(graph.nodes.map((n) => n.key));
    const ghosts = this.graph.nodes.filter((n) => !keep.has(n.key) && n.objectId !== undefined && n.kind === 'object' && opts.gone.has(n.objectId) && this.boxes.has(n.key));
    for (const k of [...this.boxes.keys()]) if (!keep.has(k) && !ghosts.some((g) => g.key === k)) this.boxes.delete(k);
    const structure = graph.nodes.map((n) => `${n.key}:${nodeWidth(n) | 0}`).join(',') + '|' + graph.edges.map((e) => `${e.from}>${e.to}:${e.label}`).join(',');
    if (structure === this.structure && ghosts.length === 0 && this.nodeEls.size === graph.nodes.length) {
      // The same nodes and arrows: only texts and badges change, in place (no restyle of the whole drawing).
      this.graph = graph;
      for (const n of graph.nodes) this.patch(n);
      return;
    }
    this.graph = graph;
    this.placeNew(graph);
    this.render(ghosts);
    for (const g of ghosts) this.boxes.delete(g.key);
    if (structure !== this.structure) {
      this.structure = structure;
      this.requestLayout();
    }
  }

  private patch(n: GraphNode): void {
    const e = this.nodeEls.get(n.key);
    if (e === undefined) return;
    const b = this.boxes.get(n.key) as Box;
    const chars = Math.max(4, Math.floor((b.w - (n.kind === 'object' ? 26 : 10)) / 6.6));
    const label = e.querySelector('.node-label'), sub = e.querySelector('.node-sub'), rc = e.querySelector('.rc');
    if (label && label.textContent !== clip(n.label, chars)) label.textContent = clip(n.label, chars);
    if (sub && sub.textContent !== clip(n.sub ?? '', chars)) sub.textContent = clip(n.sub ?? '', chars);
    if (rc && n.refcount !== undefined) {
      const text = rc.querySelector('text') as SVGElement;
      if (text.textContent !== String(n.refcount)) {
        text.textContent = String(n.refcount);
        rc.classList.remove('flash');
        // Added back on the next frame, so the animation starts again.
        requestAnimationFrame(() => rc.classList.add('flash'));
      }
    }
    e.classList.toggle('appear', false);
    e.classList.toggle('suspended', n.suspended === true);
    e.classList.toggle('selected', n.objectId !== undefined && n.objectId === this.selected && n.kind === 'object');
  }

  /** New nodes go right of the first placed node that points at them, else below everything. */
  private placeNew(graph: HeapGraph): void {
    let bottom = 8;
    for (const b of this.boxes.values()) bottom = Math.max(bottom, b.y + b.h + 14);
    const into = new Map<string, string>();
    for (const e of graph.edges) if (!into.has(e.to)) into.set(e.to, e.from);
    for (const n of graph.nodes) {
      if (this.boxes.has(n.key)) { this.boxes.get(n.key)!.w = nodeWidth(n); continue; }
      const from = into.get(n.key);
      const p = from === undefined ? undefined : this.boxes.get(from);
      if (p !== undefined) {
        // Right of its holder, at the first height where it covers no node already there.
        const box = { x: p.x + p.w + 56, y: p.y, w: nodeWidth(n), h: NODE_H };
        while ([...this.boxes.values()].some((b) => overlaps(b, box))) box.y += NODE_H + 14;
        this.boxes.set(n.key, box);
      } else {
        this.boxes.set(n.key, { x: 8, y: bottom, w: nodeWidth(n), h: NODE_H });
        bottom += NODE_H + 14;
      }
    }
  }

  private requestLayout(): void {
    const req: LayoutRequest = {
      seq: ++this.seq,
      nodes: this.graph.nodes.map((n) => ({ key: n.key, width: nodeWidth(n), height: NODE_H })),
      edges: this.graph.edges.map((e) => ({ from: e.from, to: e.to })),
    };
    if (this.worker !== null) { this.worker.postMessage(req); return; }
    // No worker: lay out after this step is on screen.
    setTimeout(() => { if (req.seq === this.seq) this.placed(layOut(req)); }, 0);
  }

  /** A layout came back: glide every node from where it is to where the layout puts it. */
  private placed(r: LayoutResult): void {
    if (r.seq !== this.seq) return; // a newer step's layout is on its way
    this.layoutMs = r.ms;
    const from = new Map([...this.boxes].map(([k, b]) => [k, { ...b }]));
    const t0 = performance.now();
    if (this.glide !== null) cancelAnimationFrame(this.glide);
    const frame = (): void => {
      const t = Math.min(1, (performance.now() - t0) / GLIDE_MS);
      const ease = t * (2 - t);
      for (const [k, b] of this.boxes) {
        const to = r.positions[k], a = from.get(k);
        if (to === undefined || a === undefined) continue;
        b.x = a.x + (to.x - a.x) * ease;
        b.y = a.y + (to.y - a.y) * ease;
      }
      this.move();
      this.glide = t < 1 ? requestAnimationFrame(frame) : null;
    };
    this.glide = requestAnimationFrame(frame);
  }

  private size(): void {
    const root = this.element;
    let w = 200, h = 60;
    for (const b of this.boxes.values()) { w = Math.max(w, b.x + b.w + 8); h = Math.max(h, b.y + b.h + 8); }
    root.setAttribute('viewBox', `0 0 ${w} ${h}`);
    root.setAttribute('width', String(w));
    root.setAttribute('height', String(h));
  }

  private render(ghosts: GraphNode[]): void {
    const root = this.element;
    this.size();
    root.setAttribute('aria-label', fill(this.labels.graphLabel ?? '{0} nodes', this.graph.nodes.length));
    const defs = svg('defs');
    const marker = svg('marker', { id: 'arrow', viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M0,0 L8,4 L0,8 z', class: 'arrow-head' }));
    defs.append(marker);
    this.edgeLayer = this.edges();
    const nodes = svg('g', { class: 'nodes' });
    this.nodeEls.clear();
    for (const n of this.graph.nodes) {
      const e = this.node(n, false);
      this.nodeEls.set(n.key, e);
      nodes.append(e);
    }
    for (const n of ghosts) {
      // A freed object fades out where it was, then goes (its place may be another node's by then).
      const ghost = this.node(n, true);
      ghost.addEventListener('animationend', () => ghost.remove());
      nodes.append(ghost);
    }
    root.replaceChildren(defs, this.edgeLayer, nodes);
  }

  /** While gliding: move the nodes drawn (keeping their animations and focus) and redraw the arrows. */
  private move(): void {
    this.size();
    for (const [k, e] of this.nodeEls) {
      const b = this.boxes.get(k);
      if (b !== undefined) e.setAttribute('transform', `translate(${b.x},${b.y})`);
    }
    const edges = this.edges();
    this.edgeLayer.replaceWith(edges);
    this.edgeLayer = edges;
  }

  private edges(): SVGElement {
    const edges = svg('g', { class: 'edges' });
    const showLabels = this.graph.edges.length <= 90;
    for (const e of this.graph.edges) {
      const a = this.boxes.get(e.from), b = this.boxes.get(e.to);
      if (a === undefined || b === undefined) continue;
      const x1 = a.x + a.w, y1 = a.y + a.h / 2, x2 = b.x, y2 = b.y + b.h / 2;
      const bend = Math.max(30, Math.abs(x2 - x1) / 2);
      const d = x2 > x1 ? `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`
        : `M${x1},${y1} C${x1 + 60},${y1 - 50} ${x2 - 60},${y2 - 50} ${x2},${y2}`;
      const cls = e.label === 'resumes' ? 'edge relink' : 'edge';
      edges.append(svg('path', { d, class: cls, 'marker-end': 'url(#arrow)' }));
      if (showLabels && e.label) edges.append(svg('text', { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 3, class: 'edge-label' }, clip(e.label, 18)));
    }
    return edges;
  }

  private node(n: GraphNode, ghost: boolean): SVGElement {
    const b = this.boxes.get(n.key) as Box;
    const L = this.labels;
    const id = n.objectId;
    const cls = ['node', `node-${n.kind}`];
    if (ghost) cls.push('freed');
    else if (id !== undefined && n.kind === 'object' && this.fresh.has(id)) cls.push('appear');
    if (n.suspended) cls.push('suspended');
    if (n.unreachable) cls.push('unreachable');
    if (id !== undefined && id === this.selected && n.kind === 'object') cls.push('selected');
    const g = svg('g', { class: cls.join(' '), transform: `translate(${b.x},${b.y})` });
    if (id !== undefined) g.setAttribute('data-id', String(id));
    g.append(svg('rect', { width: b.w, height: b.h, rx: n.kind === 'frame' ? 2 : 6 }));
    const textW = b.w - (n.kind === 'object' ? 26 : 10);
    const chars = Math.max(4, Math.floor(textW / 6.6));
    g.append(svg('text', { x: 6, y: 14, class: 'node-label' }, clip(n.label, chars)));
    if (n.sub) g.append(svg('text', { x: 6, y: 29, class: 'node-sub' }, clip(n.sub, chars)));
    if (n.kind === 'object' && n.refcount !== undefined) {
      const badge = svg('g', { class: `rc${id !== undefined && this.changed.has(id) ? ' flash' : ''}`, transform: `translate(${b.w - 11},${11})` });
      badge.append(svg('circle', { r: 9 }));
      badge.append(svg('text', { 'text-anchor': 'middle', y: 4 }, String(n.refcount)));
      g.append(badge);
    }
    const describe = n.kind === 'object'
      ? fill(L.nodeLabel ?? '{0} {1}, refcount {2}', n.type ?? '', clip(n.label, 60), n.refcount ?? 0) + (ghost ? ` (${L.freedWord ?? 'freed'})` : '') + (n.suspended ? ` (${L.suspendedWord ?? 'suspended'})` : '') + (n.unreachable ? ` (${L.unreachableWord ?? 'unreachable'})` : '')
      : n.kind === 'more' ? fill(L.moreLabel ?? '{0} more', n.label) : `${n.sub ?? ''} ${n.label}`;
    g.append(svg('title', {}, n.holders ? `${describe}\n${fill(L.heldByTip ?? 'held by: {0}', n.holders)}` : describe));
    if (n.kind !== 'frame' && id !== undefined && !ghost) {
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.setAttribute('aria-label', describe);
      g.addEventListener('click', () => this.callbacks.select(id));
      g.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); this.callbacks.select(id); } });
    }
    return g;
  }
}
