/*
 * How a value reads in VARIABLES, Watch, the Debug Console and hovers: its
 * repr, then type, id and refcount for heap objects, so the count that CPython
 * hides is always one glance away: `[1, 2]  (list, id 0x7f0000000010, refcount 2)`.
 */

import type { ObjectSnap, Snapshot, ValueSnap } from '../../vm/snapshot-types';
import * as l10n from '@vscode/l10n';
import { objectById } from './evaluator';

/** CPython-looking address for an object id (the VM's repr uses the same formula). */
export function addressOf(id: number): string {
  return '0x' + (0x7f0000000000 + id * 16).toString(16);
}

export function typeName(v: ValueSnap): string {
  if (v.kind === 'ref') return v.type;
  return v.kind === 'none' ? 'NoneType' : v.kind;
}

export function describeValue(v: ValueSnap, snapshot: Snapshot): string {
  if (v.kind !== 'ref') return v.repr;
  const o = objectById(snapshot, v.id);
  const rc = o ? ', ' + l10n.t('refcount {0}', o.refcount) : '';
  return `${v.repr}  (${v.type}, id ${addressOf(v.id)}${rc})`;
}

/** One line for VS Code's debug hover: the value, then who holds it and, for a generator, where it waits. */
export function hoverLine(v: ValueSnap, snapshot: Snapshot): string {
  const o = v.kind === 'ref' ? objectById(snapshot, v.id) : undefined;
  if (!o) return describeValue(v, snapshot);
  const shown = o.holders.slice(0, 4).map((h) => (h.ownerId !== undefined ? l10n.t('{0} of {1}', h.label, addressOf(h.ownerId)) : h.label));
  const more = o.holders.length > shown.length ? ', ' + l10n.t('+{0} more', o.holders.length - shown.length) : '';
  const gen = o.genState ? ', ' + (o.genLine ? l10n.t('{0} at line {1}', o.genState, o.genLine) : o.genState) : '';
  return `${v.repr}  (${o.type}, id ${addressOf(o.id)}, ${l10n.t('{0} bytes', o.size)}, ${l10n.t('refcount {0}', o.refcount)}${shown.length ? ': ' + shown.join(', ') + more : ''}${gen})`;
}

/** Markdown for a hover: type, value, refcount with every holder, size, generator state. */
export function hoverMarkdown(name: string, v: ValueSnap, snapshot: Snapshot): string {
  const lines: string[] = [];
  const code = (s: string) => '`' + s.replace(/`/g, "'") + '`';
  lines.push(`**${name}**: ${code(typeName(v))} = ${code(v.repr.length > 200 ? v.repr.slice(0, 200) + '…' : v.repr)}`);
  const o: ObjectSnap | undefined = v.kind === 'ref' ? objectById(snapshot, v.id) : undefined;
  if (o) {
    lines.push('', `id ${code(addressOf(o.id))} · ${l10n.t('{0} bytes', o.size)} · ${l10n.t('refcount {0}', `**${o.refcount}**`)}`);
    if (o.holders.length > 0) {
      lines.push('', l10n.t('held by:'));
      for (const h of o.holders) lines.push(`- ${h.kind} ${h.ownerId !== undefined ? l10n.t('{0} of {1}', code(h.label), code(addressOf(h.ownerId))) : code(h.label)}`);
    }
    if (o.genState) lines.push('', l10n.t('generator state {0}', code(o.genState)) + (o.genLine ? ', ' + l10n.t('suspended at line {0}', o.genLine) : ''));
  } else if (v.kind !== 'none') {
    lines.push('', l10n.t('(shown inline: no refcount of its own to show here)'));
  }
  return lines.join('\n');
}
