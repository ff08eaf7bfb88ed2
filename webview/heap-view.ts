/*
 * The heap section: the graph, a search over every live object, the chosen
 * object's details (its holders, where it was created, when it is freed),
 * the objects freed recently with a way back to the step that freed each,
 * and the newest objects as a table. Selecting an object focuses the graph
 * on its neighbourhood; "Show from the frames" goes back to the whole view.
 */

import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { FromWebview, PanelObject, PanelState } from '../src/protocol';
import { el, fill, clip, section, button, linkButton, type Labels } from './dom';
import { GraphView } from './heap-graph';
import { selectGraph } from './heap-select';
import type { HeapStore } from './heap-store';

const BUDGET_STEP = 60;
const TABLE_ROWS = 60;
const SEARCH_RESULTS = 12;
const FREED_SHOWN = 20;

export class HeapView {
  readonly element: HTMLElement;
  private readonly graph: GraphView;
  private readonly graphBox = el('div', { class: 'graph-box' });
  private readonly body = el('div');
  private readonly search: HTMLElement;
  private query = '';
  private focus: number | undefined;
  private selected: number | undefined;
  private budget = BUDGET_STEP;
  private last: { state: PanelState; store: HeapStore; L: Labels } | undefined;
  /** What the lists below the graph were drawn from: they are rebuilt only when it changes. */
  private listsSignature = '';
  private bodySignature = '';

  constructor(private readonly post: (m: FromWebview) => void, workerUrl: string | undefined) {
    this.graph = new GraphView({ select: (id) => this.select(id) }, workerUrl);
    this.graphBox.append(this.graph.element);
    this.search = el('vscode-textfield', { type: 'search', class: 'search', 'aria-label': 'search' });
    this.search.addEventListener('input', () => {
      this.query = ((this.search as unknown as { value: string }).value ?? '').trim();
      this.redraw();
    });
    this.search.addEventListener('keydown', (e) => { if (e.key === 'Escape') this.clearFocus(); });
    this.element = section('heap', 'Heap', this.search, this.body, this.graphBox);
  }

  select(id: number): void {
    this.selected = id;
    this.focus = id;
    this.redraw();
    // Selecting an object shows where it was created, in the editor (which keeps the focus where it was).
    const line = this.last?.store.objects.get(id)?.createdLine;
    if (line !== undefined && line > 0) this.post({ type: 'revealLine', line });
  }

  clearFocus(): void {
    this.focus = undefined;
    this.selected = undefined;
    this.redraw();
  }

  focusSearch(): void {
    (this.search as HTMLElement & { focus(): void }).focus();
  }

  get layoutMs(): number { return this.graph.lastLayoutMs; }

  /** A session ended: nothing selected, nothing drawn. */
  reset(): void {
    this.focus = undefined;
    this.selected = undefined;
    this.last = undefined;
    this.bodySignature = '';
    this.listsSignature = '';
    this.graph.clear();
  }

  update(state: PanelState, store: HeapStore, L: Labels): void {
    this.last = { state, store, L };
    (this.element.querySelector('h2 .fold') as HTMLElement).textContent = L.heap;
    this.search.setAttribute('placeholder', L.searchPlaceholder);
    this.search.setAttribute('aria-label', L.searchPlaceholder);
    if (this.focus !== undefined && !store.objects.has(this.focus)) this.focus = undefined;
    this.redraw();
  }

  private redraw(): void {
    if (this.last === undefined) return;
    const { state, store, L } = this.last;
    const g = selectGraph(store.objects, state.threads, this.budget, this.focus);
    const gone = new Set(store.gone.map((o) => o.id));
    this.graph.draw(g, L, { selected: this.selected, added: store.added, changed: store.changed, gone });
    const shown = g.nodes.filter((n) => n.kind === 'object').length;
    const selected = this.selected === undefined ? undefined : store.objects.get(this.selected);
    const bodySignature = JSON.stringify([state.heapTotal, shown, g.hidden, this.focus, this.query, this.selected, selected, this.query === '' ? 0 : store.objects.size,
      this.selected !== undefined && state.freed.find((f) => f.id === this.selected)]);
    if (bodySignature !== this.bodySignature) {
      this.bodySignature = bodySignature;
      const tools = el('div', { class: 'row' }, el('span', { class: 'muted' }, fill(L.objects, state.heapTotal, shown, g.hidden)));
      if (this.focus !== undefined) tools.append(button(L.showFromFrames, () => this.clearFocus()));
      if (g.hidden > 0) tools.append(button(L.showMore, () => { this.budget += BUDGET_STEP; this.redraw(); }));
      const fit = button(this.graphBox.classList.contains('fit') ? L.actualSize : L.fitWidth, () => { this.graphBox.classList.toggle('fit'); this.bodySignature = ''; this.redraw(); });
      fit.setAttribute('aria-pressed', String(this.graphBox.classList.contains('fit')));
      tools.append(fit);
      this.body.replaceChildren(tools, this.results(store, L), this.details(state, store, L), legend(L));
    }
    const heapChanged = store.added.size + store.changed.size + store.gone.length > 0;
    const signature = `${state.freed.length}:${state.freed[0]?.id}:${state.freed[0]?.step}:${store.objects.size}`;
    if (heapChanged || signature !== this.listsSignature || this.element.querySelector('.heap-table') === null) {
      this.listsSignature = signature;
      this.element.querySelector('.freed-list')?.remove();
      this.element.querySelector('.heap-table')?.remove();
      this.element.append(this.freedList(state, store, L), this.table(store, L));
    }
  }

  private results(store: HeapStore, L: Labels): Node {
    if (this.query === '') return el('div');
    const q = this.query.toLowerCase();
    const byId = /^#?(\d+)$/.exec(q);
    const hits: PanelObject[] = [];
    for (const o of store.objects.values()) {
      if (byId ? o.id === Number(byId[1]) : o.type.toLowerCase() === q || o.repr.toLowerCase().includes(q)) hits.push(o);
      if (hits.length >= SEARCH_RESULTS) break;
    }
    const list = el('ul', { class: 'results', 'aria-label': L.searchResults });
    if (hits.length === 0) list.append(el('li', { class: 'muted' }, L.noMatch));
    for (const o of hits) list.append(el('li', {}, linkButton(`#${o.id} ${o.type} ${clip(o.repr, 50)}`, () => this.select(o.id))));
    return list;
  }

  private details(state: PanelState, store: HeapStore, L: Labels): Node {
    const id = this.selected;
    if (id === undefined) return el('p', { class: 'muted hint' }, L.selectHint);
    const o = store.objects.get(id);
    const freed = state.freed.find((f) => f.id === id);
    const seen = o ?? store.seen(id);
    const box = el('div', { class: 'details', role: 'region', 'aria-label': L.details });
    box.append(el('div', {}, el('strong', {}, `#${id} ${seen?.type ?? ''}`), ' ', el('code', {}, clip(seen?.repr ?? '', 120))));
    if (o === undefined) {
      box.append(el('div', { class: 'freed-note' }, freed ? freedText(freed, L) : L.freedLongAgo));
      if (freed) box.append(button(L.goToThatStep, () => this.post({ type: 'untilFreed', id })));
      return box;
    }
    box.append(el('div', {}, fill(L.objectFacts, o.refcount, o.size)));
    if (o.createdStep !== undefined) {
      const line = o.createdLine ?? 0;
      box.append(el('div', {}, fill(L.createdAt, o.createdStep, line), ' ',
        line > 0 ? linkButton(fill(L.showLine, line), () => this.post({ type: 'revealLine', line })) : null, ' ',
        linkButton(L.goToThatStep, () => this.post({ type: 'goToStep', step: o.createdStep as number }))));
    }
    const holders = el('ul', { class: 'holders', 'aria-label': L.heldBy });
    for (const h of o.holders) {
      const owner = h.ownerId === undefined ? undefined : store.objects.get(h.ownerId);
      holders.append(el('li', {}, owner ? linkButton(`${owner.type} #${owner.id}`, () => this.select(owner.id)) : el('span', { class: 'muted' }, h.kind), ` ${h.label}`));
    }
    box.append(el('div', { class: 'muted' }, fill(L.holdersCount, o.holders.length, o.refcount)), holders);
    box.append(button(L.runUntilFreed, () => this.post({ type: 'untilFreed', id })));
    return box;
  }

  private freedList(state: PanelState, store: HeapStore, L: Labels): HTMLElement {
    const wrap = el('div', { class: 'freed-list' }, el('h3', {}, L.recentlyFreed));
    if (state.freed.length === 0) { wrap.append(el('div', { class: 'muted' }, L.none)); return wrap; }
    const list = el('ul', { 'aria-label': L.recentlyFreed });
    const justNow = new Set(store.gone.map((o) => o.id));
    for (const f of state.freed.slice(0, FREED_SHOWN)) {
      const was = store.seen(f.id);
      list.append(el('li', { class: justNow.has(f.id) ? 'just-freed' : '', 'data-id': String(f.id) },
        `#${f.id} ${f.type}${was ? ` ${clip(was.repr, 40)}` : ''} — ${freedText(f, L)} `,
        // The adapter's untilFreed goes back to the step that freed it, and past it when the free came at the next step's start.
        linkButton(L.goToThatStep, () => this.post({ type: 'untilFreed', id: f.id }))));
    }
    wrap.append(list);
    return wrap;
  }

  private table(store: HeapStore, L: Labels): HTMLElement {
    const table = el('table', { class: 'heap-table', 'aria-label': L.newestObjects },
      el('caption', {}, L.newestObjects),
      el('tr', {}, el('th', {}, L.refcount), el('th', {}, L.object), el('th', {}, L.size), el('th', {}, L.heldBy)));
    const newest = [...store.objects.values()].slice(-TABLE_ROWS).reverse();
    for (const o of newest) {
      const row = el('tr', { 'data-id': String(o.id), class: store.added.has(o.id) ? 'appear' : '' },
        el('td', {}, el('span', { class: store.changed.has(o.id) ? 'badge flash' : 'badge', title: o.holders.map((h) => h.label).join('\n') }, String(o.refcount))),
        el('td', { class: 'mono' }, linkButton(`#${o.id} ${clip(o.repr, 60)}`, () => this.select(o.id))),
        el('td', { class: 'mono' }, String(o.size)),
        el('td', { class: 'muted' }, o.holders.slice(0, 3).map((h) => h.label).join(', ') + (o.holders.length > 3 ? ` +${o.holders.length - 3}` : '')));
      table.append(row);
    }
    return table;
  }
}

function freedText(f: { step: number; line: number }, L: Labels): string {
  return f.line > 0 ? fill(L.freedAt, f.step, f.line) : fill(L.freedAtStep, f.step);
}

function legend(L: Labels): HTMLElement {
  return el('div', { class: 'legend muted', 'aria-hidden': 'true' },
    el('span', { class: 'key key-frame' }, L.legendFrame),
    el('span', { class: 'key key-object' }, L.legendObject),
    el('span', { class: 'key key-suspended' }, L.legendSuspended),
    el('span', { class: 'key key-unreachable' }, L.legendUnreachable),
    el('span', { class: 'key key-freed' }, L.legendFreed));
}
