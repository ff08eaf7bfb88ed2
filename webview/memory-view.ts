/* Memory: live bytes at each stop so far against the peak, so list vs generator shows at a glance. */

import type { PanelState } from '../src/protocol';
import { el, svg, section, type Labels } from './dom';

export function memorySection(state: PanelState, L: Labels): HTMLElement {
  const sec = section('memory', L.memory, el('div', {}, `${L.live}: `, el('span', { class: 'live-bytes' }, state.liveBytes.toLocaleString()), ` · ${L.peak}: ${state.peakBytes.toLocaleString()}`));
  const pts = state.memory;
  if (pts.length > 1) {
    const width = 560, height = 90;
    const max = Math.max(state.peakBytes, ...pts.map((p) => p.bytes), 1);
    const s0 = pts[0].step, s1 = Math.max(pts[pts.length - 1].step, s0 + 1);
    const xy = (p: { step: number; bytes: number }): string => `${((p.step - s0) / (s1 - s0)) * width},${height - (p.bytes / max) * (height - 10)}`;
    const chart = svg('svg', { width: '100%', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${L.memory}: ${L.live} ${state.liveBytes}, ${L.peak} ${state.peakBytes}` });
    const peakY = height - (state.peakBytes / max) * (height - 10);
    chart.append(svg('line', { x1: 0, y1: peakY, x2: width, y2: peakY, class: 'peak-line' }));
    chart.append(svg('polyline', { points: pts.map(xy).join(' '), class: 'mem-line' }));
    sec.append(chart);
  }
  return sec;
}
