/*
 * Lays out the heap graph with dagre (a maintained layered-graph layout:
 * references flow left to right, from frames to what they hold). Shared by
 * the layout worker and, where a worker cannot start, the page itself.
 */

import { Graph, layout } from '@dagrejs/dagre';

export interface LayoutRequest {
  seq: number;
  nodes: { key: string; width: number; height: number }[];
  edges: { from: string; to: string }[];
}

export interface LayoutResult {
  seq: number;
  positions: Record<string, { x: number; y: number }>;
  ms: number;
}

export function layOut(req: LayoutRequest): LayoutResult {
  const t0 = performance.now();
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 56, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of req.nodes) g.setNode(n.key, { width: n.width, height: n.height });
  req.edges.forEach((e, i) => { if (e.from !== e.to && g.hasNode(e.from) && g.hasNode(e.to)) g.setEdge(e.from, e.to, {}, `e${i}`); });
  layout(g);
  const positions: LayoutResult['positions'] = {};
  for (const key of g.nodes()) {
    const n = g.node(key);
    // dagre gives centres; the view places nodes by their top-left corner.
    positions[key] = { x: n.x - n.width / 2, y: n.y - n.height / 2 };
  }
  return { seq: req.seq, positions, ms: performance.now() - t0 };
}
