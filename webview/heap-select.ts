/*
 * Which part of the heap the graph shows, as nodes and edges (no DOM, no
 * layout: the unit tests drive it). A heap of thousands of objects cannot be
 * drawn whole and stay readable, so the graph starts from what the program
 * names (each thread's frames and their locals, the module's globals) and
 * follows references breadth first up to a node budget; a big container
 * shows its first few elements and a "+N more" node; objects that nothing
 * reachable holds (cycles only the collector can free) get their own group.
 * Focusing an object shows its neighbourhood instead: who holds it, up to
 * two levels, and what it holds, up to two levels.
 */

import type { PanelObject, PanelThread } from '../src/protocol';

export interface GraphNode {
  key: string;
  kind: 'frame' | 'object' | 'more';
  label: string;
  /** Objects: their id, refcount and type; frames: their thread. */
  objectId?: number;
  refcount?: number;
  type?: string;
  sub?: string;
  /** A root frame that belongs to a generator, or a generator object: drawn apart while suspended. */
  suspended?: boolean;
  unreachable?: boolean;
  /** Who holds it, in words (the node's tooltip). */
  holders?: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  label: string;
}

export interface HeapGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Objects the budget left out. */
  hidden: number;
}

/** Types never drawn as nodes: classes, modules and built-ins are scenery, not the program's data. */
const SCENERY = new Set(['type', 'module', 'builtin_function_or_method', 'code', 'method-wrapper', 'wrapper_descriptor', 'getset_descriptor', 'member_descriptor']);
/** References not drawn: back to the globals or the class every instance and function has. */
const SCENERY_REFS = new Set(['__globals__', '__class__', "value of key '__builtins__'", "value of key '__name__'"]);
export const CHILDREN_SHOWN = 6;

export function objectKey(id: number): string {
  return `o${id}`;
}

/** A reference's slot as a short edge label: `value of key 'x'` becomes `'x'` (or `x` in the globals). */
export function slotLabel(label: string, inGlobals: boolean): string {
  const m = /^value of key (.*)$/.exec(label);
  if (m) return inGlobals ? m[1].replace(/^'(.*)'$/, '$1') : `[${m[1]}]`;
  return label.replace(/^gi_frame\./, '');
}

function isScenery(o: PanelObject): boolean {
  return SCENERY.has(o.type) || o.holders.some((h) => h.kind === 'builtin');
}

export function selectGraph(objects: Map<number, PanelObject>, threads: PanelThread[], budget: number, focus?: number): HeapGraph {
  return focus !== undefined && objects.has(focus) ? neighbourhood(objects, focus, budget) : fromRoots(objects, threads, budget);
}

/** The ids of module globals dicts: held as a module frame's f_locals. */
function globalsDicts(objects: Map<number, PanelObject>): Set<number> {
  const out = new Set<number>();
  for (const o of objects.values()) if (o.type === 'dict' && o.holders.some((h) => h.label === 'f_locals' || h.label === '__globals__')) out.add(o.id);
  return out;
}

function objectNode(o: PanelObject, globals: Set<number>, unreachable = false): GraphNode {
  return {
    key: objectKey(o.id), kind: 'object', objectId: o.id, refcount: o.refcount, type: o.type,
    label: globals.has(o.id) ? 'globals' : o.repr, sub: globals.has(o.id) ? '__main__' : o.type,
    suspended: o.genState !== undefined && /SUSPENDED|CREATED/.test(o.genState), unreachable,
    holders: o.holders.slice(0, 8).map((h) => h.label).join(', ') + (o.holders.length > 8 ? ', …' : ''),
  };
}

function fromRoots(objects: Map<number, PanelObject>, threads: PanelThread[], budget: number): HeapGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const shown = new Set<number>();
  const globals = globalsDicts(objects);
  const queue: number[] = [];
  const frameKeys = new Map<number, string>();
  for (const t of threads) {
    if (t.state === 'finished') continue;
    let inner: string | undefined;
    let innerIsGenerator = false;
    for (const f of t.frames) {
      if (f.library) continue;
      const key = `f${f.id}`;
      frameKeys.set(f.id, key);
      nodes.push({ key, kind: 'frame', label: `${f.name}:${f.line}`, sub: t.name });
      // The stack as a chain, caller to callee; a generator's frame is linked only while it runs.
      if (inner !== undefined) edges.push({ from: key, to: inner, label: innerIsGenerator ? 'resumes' : 'calls' });
      inner = key;
      innerIsGenerator = f.generatorId !== undefined;
    }
  }
  const reach = (o: PanelObject): void => {
    if (shown.has(o.id) || isScenery(o)) return;
    shown.add(o.id);
    nodes.push(objectNode(o, globals));
    queue.push(o.id);
  };
  // Frames first: every object a live frame holds in a local or on its value stack.
  for (const o of objects.values()) {
    for (const h of o.holders) {
      const key = h.frameId === undefined ? undefined : frameKeys.get(h.frameId);
      if (key === undefined || (h.kind !== 'local' && h.kind !== 'stack') || isScenery(o) || h.label === 'f_func (the running function)') continue;
      edges.push({ from: key, to: objectKey(o.id), label: h.label === 'f_locals' ? 'globals' : h.label.replace(/^stack slot /, 'stack ') });
      reach(o);
    }
  }
  let hidden = 0;
  for (let qi = 0; qi < queue.length; qi++) {
    const o = objects.get(queue[qi]) as PanelObject;
    let drawn = 0, more = 0;
    for (const r of o.refs) {
      if (SCENERY_REFS.has(r.label)) continue;
      const t = objects.get(r.target);
      if (t === undefined || isScenery(t)) continue;
      const fits = shown.has(t.id) || (nodes.length < budget && (drawn < CHILDREN_SHOWN || globals.has(o.id)));
      if (!fits) { more++; continue; }
      drawn++;
      edges.push({ from: objectKey(o.id), to: objectKey(t.id), label: slotLabel(r.label, globals.has(o.id)) });
      reach(t);
    }
    if (more > 0) {
      hidden += more;
      nodes.push({ key: `m${o.id}`, kind: 'more', label: `+${more}`, objectId: o.id });
      edges.push({ from: objectKey(o.id), to: `m${o.id}`, label: '…' });
    }
  }
  // Containers nothing reachable holds: only the cycle collector can free them.
  const reachable = reachableIds(objects, threads);
  for (const o of objects.values()) {
    if (reachable.has(o.id) || shown.has(o.id) || isScenery(o) || o.holders.length === 0) continue;
    if (nodes.length >= budget) { hidden++; continue; }
    shown.add(o.id);
    nodes.push(objectNode(o, globals, true));
  }
  for (const o of objects.values()) {
    if (!shown.has(o.id) || reachable.has(o.id)) continue;
    for (const r of o.refs) if (shown.has(r.target) && !SCENERY_REFS.has(r.label)) edges.push({ from: objectKey(o.id), to: objectKey(r.target), label: slotLabel(r.label, false) });
  }
  return { nodes, edges, hidden };
}

/** Every object reachable from a frame, a thread or the interpreter. */
export function reachableIds(objects: Map<number, PanelObject>, threads: PanelThread[]): Set<number> {
  const live = new Set<number>();
  for (const t of threads) for (const f of t.frames) live.add(f.id);
  const seen = new Set<number>();
  const stack: number[] = [];
  // Roots: held by a frame, a thread or the interpreter, or by something the heap does not list (a code object's constants).
  const isRoot = (h: PanelObject['holders'][number]): boolean => h.kind === 'object'
    ? h.ownerId === undefined || !objects.has(h.ownerId)
    : h.frameId === undefined || live.has(h.frameId);
  for (const o of objects.values()) {
    if (o.holders.some(isRoot)) { seen.add(o.id); stack.push(o.id); }
  }
  while (stack.length > 0) {
    const o = objects.get(stack.pop() as number) as PanelObject;
    for (const r of o.refs) if (!seen.has(r.target) && objects.has(r.target)) { seen.add(r.target); stack.push(r.target); }
  }
  return seen;
}

function neighbourhood(objects: Map<number, PanelObject>, focus: number, budget: number): HeapGraph {
  const globals = globalsDicts(objects);
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const add = (o: PanelObject): void => {
    if (!nodes.has(objectKey(o.id))) nodes.set(objectKey(o.id), objectNode(o, globals));
  };
  const centre = objects.get(focus) as PanelObject;
  add(centre);
  let hidden = 0;
  // Up: who holds it, and who holds them.
  let level = [centre];
  for (let depth = 0; depth < 2; depth++) {
    const next: PanelObject[] = [];
    for (const o of level) {
      for (const h of o.holders) {
        if (h.ownerId !== undefined) {
          const owner = objects.get(h.ownerId);
          if (owner === undefined) continue;
          if (nodes.size >= budget) { hidden++; continue; }
          const isNew = !nodes.has(objectKey(owner.id));
          add(owner);
          edges.push({ from: objectKey(owner.id), to: objectKey(o.id), label: slotLabel(h.label, globals.has(owner.id)) });
          if (isNew && !isScenery(owner)) next.push(owner);
        } else if (depth === 0) {
          const key = `h${o.id}:${h.kind}:${h.label}:${h.frameId ?? ''}`;
          nodes.set(key, { key, kind: 'frame', label: h.kind === 'local' || h.kind === 'stack' ? `${h.kind} ${h.label}` : h.label, sub: h.kind });
          edges.push({ from: key, to: objectKey(o.id), label: h.label });
        }
      }
    }
    level = next;
  }
  // Down: what it holds, two levels.
  level = [centre];
  for (let depth = 0; depth < 2; depth++) {
    const next: PanelObject[] = [];
    for (const o of level) {
      for (const r of o.refs) {
        const t = objects.get(r.target);
        if (t === undefined || SCENERY_REFS.has(r.label)) continue;
        if (nodes.size >= budget && !nodes.has(objectKey(t.id))) { hidden++; continue; }
        const isNew = !nodes.has(objectKey(t.id));
        add(t);
        edges.push({ from: objectKey(o.id), to: objectKey(t.id), label: slotLabel(r.label, globals.has(o.id)) });
        if (isNew && !isScenery(t)) next.push(t);
      }
    }
    level = next;
  }
  const seen = new Set<string>();
  return { nodes: [...nodes.values()], edges: edges.filter((e) => { const k = `${e.from}>${e.to}>${e.label}`; if (seen.has(k)) return false; seen.add(k); return true; }), hidden };
}
