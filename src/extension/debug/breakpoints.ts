/*
 * Source breakpoints as the adapter keeps them: per file, with condition,
 * hit condition and log message, and a hit counter per breakpoint. Deciding
 * whether a hit stops needs the evaluator, so that part lives in the session.
 */

import type { DebugProtocol } from '@vscode/debugprotocol';

export interface LineBreakpoint {
  id: number;
  line: number;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
  hits: number;
}

export class BreakpointTable {
  private readonly byFile = new Map<string, Map<number, LineBreakpoint>>();
  private nextId = 1;

  /** Replace a file's breakpoints (DAP sends the whole set each time). */
  set(file: string, requested: readonly DebugProtocol.SourceBreakpoint[], validLines?: ReadonlySet<number>): DebugProtocol.Breakpoint[] {
    const lines = new Map<number, LineBreakpoint>();
    const out: DebugProtocol.Breakpoint[] = [];
    for (const r of requested) {
      const line = validLines ? nearestValid(r.line, validLines) : r.line;
      if (line === undefined) {
        out.push({ verified: false, line: r.line, message: 'No code on or after this line' });
        continue;
      }
      const bp: LineBreakpoint = { id: this.nextId++, line, condition: r.condition || undefined, hitCondition: r.hitCondition || undefined, logMessage: r.logMessage || undefined, hits: 0 };
      if (!lines.has(line)) lines.set(line, bp);
      out.push({ id: bp.id, verified: true, line });
    }
    this.byFile.set(normalise(file), lines);
    return out;
  }

  at(file: string, line: number): LineBreakpoint | undefined {
    return this.byFile.get(normalise(file))?.get(line);
  }

  hasAny(): boolean {
    for (const m of this.byFile.values()) if (m.size > 0) return true;
    return false;
  }
}

export function normalise(file: string): string {
  return file.replace(/\\/g, '/').toLowerCase();
}

function nearestValid(line: number, valid: ReadonlySet<number>): number | undefined {
  let best: number | undefined;
  for (const v of valid) if (v >= line && (best === undefined || v < best)) best = v;
  return best;
}

/** DAP hit conditions as VS Code users write them: "3", "== 3", ">= 3", "> 3", "% 2". */
export function hitConditionMet(cond: string, hits: number): boolean {
  const m = /^\s*(==|>=|>|<=|<|%)?\s*(\d+)\s*$/.exec(cond);
  if (!m) return true;
  const n = Number(m[2]);
  switch (m[1]) {
    case '>=': return hits >= n;
    case '>': return hits > n;
    case '<=': return hits <= n;
    case '<': return hits < n;
    case '%': return n > 0 && hits % n === 0;
    default: return hits === n;
  }
}
