/*
 * The messages between the extension host and the panel's webview, typed
 * once and checked on arrival (a webview is another process: what it sends
 * is validated, never trusted). The host sends a PanelState built from the
 * debug session's snapshot at each stop; the webview sends button presses.
 */

export interface PanelThread {
  id: number;
  name: string;
  state: string;
  holdsGil: boolean;
  waitingFor?: string;
  /** Function and line it stands on. */
  where?: string;
  cpuMs: number;
}

export interface PanelLane {
  threadId: number;
  name: string;
  segments: { state: string; start: number; end: number }[];
}

export interface PanelObject {
  id: number;
  type: string;
  repr: string;
  refcount: number;
  size: number;
  holders: string[];
  generation?: number;
  genState?: string;
}

export interface PanelState {
  step: number;
  /** Virtual seconds. */
  clock: number;
  status: string;
  narration: string[];
  note?: string;
  threads: PanelThread[];
  gil?: { holder: string | null; dropRequested: boolean; requestedBy?: string; intervalMs: number; check: string };
  lanes: PanelLane[];
  /** Live bytes at each stop so far, and the peak. */
  memory: { step: number; bytes: number }[];
  liveBytes: number;
  peakBytes: number;
  gc?: {
    enabled: boolean;
    counts: number[];
    thresholds: number[];
    last?: { generation: number; step: number; candidates: { id: number; gcRefs: number }[]; unreachable: number; freed: number; collected: number };
  };
  generators: { id: number; name: string; state: string; line?: number }[];
  eventLoop?: { time: number; ready: string[]; timers: { when: number; what: string }[]; tasks: { name: string; state: string; awaiting?: string; line?: number }[] };
  /** The heap, newest first, at most HEAP_LIMIT objects. */
  heap: PanelObject[];
  heapTotal: number;
}

export const HEAP_LIMIT = 200;

export const PANEL_COMMANDS = ['stepOver', 'stepInto', 'stepOut', 'stepBack', 'continue', 'pause', 'restart'] as const;
export type PanelCommand = (typeof PANEL_COMMANDS)[number];

/** Host to webview. `labels` are the panel's words in the user's language. */
export type ToWebview =
  | { type: 'state'; state: PanelState; labels: Record<string, string> }
  | { type: 'idle'; message: string; labels: Record<string, string> };

/** Webview to host. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'command'; command: PanelCommand };

export function isFromWebview(v: unknown): v is FromWebview {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as { type?: unknown; command?: unknown };
  if (m.type === 'ready') return true;
  return m.type === 'command' && typeof m.command === 'string' && (PANEL_COMMANDS as readonly string[]).includes(m.command);
}
