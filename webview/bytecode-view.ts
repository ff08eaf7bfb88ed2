/*
 * The bytecode of the code objects the threads stand in, each instruction
 * with its offset, opname and argument, and a marker per thread at the
 * instruction it runs next. A window around the markers keeps it short.
 */

import type { PanelState } from '../src/protocol';
import { el, section, type Labels } from './dom';

const CONTEXT = 6;

export function bytecodeSection(state: PanelState, L: Labels): HTMLElement {
  const sec = section('bytecode', L.bytecode);
  if (state.bytecode.length === 0) sec.append(el('div', { class: 'muted' }, L.none));
  for (const code of state.bytecode) {
    const at = code.markers.map((m) => m.index);
    const lo = Math.max(0, Math.min(...at) - CONTEXT), hi = Math.min(code.rows.length, Math.max(...at) + CONTEXT + 1);
    const table = el('table', { class: 'bytecode', 'aria-label': `${L.bytecode}: ${code.name}` }, el('caption', {}, el('code', {}, code.name)));
    for (let i = lo; i < hi; i++) {
      const r = code.rows[i];
      const here = code.markers.filter((m) => m.index === i);
      const startsLine = i === 0 || code.rows[i - 1].line !== r.line;
      table.append(el('tr', { class: here.length > 0 ? 'at' : '' },
        el('td', { class: 'muted mono' }, startsLine && r.line > 0 ? String(r.line) : ''),
        el('td', { class: 'marker' }, ...here.map((m) => el('span', { class: `tag${m.threadId === state.currentThreadId ? ' current' : ''}`, title: m.thread }, `▶ ${m.thread}`))),
        el('td', { class: 'mono muted' }, String(r.offset)),
        el('td', { class: 'mono' }, r.opname),
        el('td', { class: 'mono muted' }, r.argrepr)));
    }
    sec.append(table);
  }
  return sec;
}
