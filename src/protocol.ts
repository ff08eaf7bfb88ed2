/*
 * The messages between the extension host and the panel's webview, typed
 * once and checked on arrival (a webview is another process: what it sends
 * is validated, never trusted). At each stop the host sends a PanelState
 * built from the debug session's snapshot, with the heap as a delta against
 * what this webview already has; the webview sends button presses and
 * navigation requests.
 */

export interface PanelFrame {
  id: number;
  name: string;
  line: number;
  opname: string;
  offset: number;
  codeKey: string;
  /** In library code (threading, asyncio): drawn muted. */
  library: boolean;
  /** Set when the frame belongs to a generator or coroutine object. */
  generatorId?: number;
}

export interface PanelThread {
  id: number;
  name: string;
  processId: number;
  state: string;
  holdsGil: boolean;
  waitingFor?: string;
  /** Function and line it stands on, in the program's own code. */
  where?: string;
  cpuMs: number;
  /** Innermost first. */
  frames: PanelFrame[];
}

export interface PanelLane {
  threadId: number;
  name: string;
  segments: { state: string; start: number; end: number }[];
}

export interface PanelGil {
  holder: string | null;
  enabled: boolean;
  dropRequested: boolean;
  requestedBy?: string;
  intervalMs: number;
  check: string;
}

/** One process: its own GIL, its threads' lanes and how many objects its heap holds. */
export interface PanelProcess {
  pid: number;
  name: string;
  gil?: PanelGil;
  lanes: PanelLane[];
  /** Drop requests and forced switches, marked on the lanes. */
  marks: { threadId: number; time: number; action: string }[];
  objects: number;
}

export interface PanelHolder {
  kind: string;
  label: string;
  ownerId?: number;
  frameId?: number;
  threadId?: number;
}

export interface PanelObject {
  id: number;
  type: string;
  repr: string;
  refcount: number;
  size: number;
  processId: number;
  holders: PanelHolder[];
  /** References this object owns: slot label and target object id (atoms are not objects here). */
  refs: { label: string; target: number }[];
  createdStep?: number;
  createdLine?: number;
  generation?: number;
  genState?: string;
  genLine?: number;
}

/** The heap as a change against what the webview holds; `reset` replaces everything it has. */
export interface HeapDelta {
  reset: boolean;
  upsert: PanelObject[];
  remove: number[];
}

export interface PanelFreed {
  id: number;
  type: string;
  step: number;
  line: number;
}

export interface PanelGenerator {
  id: number;
  name: string;
  state: string;
  line?: number;
  /** The suspended (or running) frame's locals, as reprs. */
  locals: { name: string; repr: string }[];
  /** The thread whose stack runs it now, when it is running. */
  runningIn?: string;
}

/** The last collection; `candidates` are the first few, the id lists only name those, the counts cover all. */
export interface PanelCollection {
  generation: number;
  step: number;
  candidates: { id: number; type: string; refcount: number; gcRefs: number }[];
  unreachable: number[];
  finalized: number[];
  freed: number[];
  counts: { candidates: number; unreachable: number; freed: number };
  collected: number;
  uncollectable: number;
}

export interface PanelBytecode {
  codeKey: string;
  name: string;
  rows: { offset: number; opname: string; argrepr: string; line: number }[];
  /** Which threads stand at which row of this code object. */
  markers: { threadId: number; thread: string; index: number }[];
}

export interface PanelState {
  step: number;
  /** Virtual seconds. */
  clock: number;
  status: string;
  /** Wall-clock time (ms since the epoch) at which the debugger stopped here: the panel measures step-to-rendered from it. */
  stoppedAt: number;
  /** Wall-clock times at which the host started building this message and posted it (where the time goes). */
  hostStart?: number;
  hostPosted?: number;
  currentThreadId: number;
  narration: string[];
  note?: string;
  processes: PanelProcess[];
  threads: PanelThread[];
  /** Live bytes at each stop so far, and the peak. */
  memory: { step: number; bytes: number }[];
  liveBytes: number;
  peakBytes: number;
  gc?: { enabled: boolean; counts: number[]; thresholds: number[]; last?: PanelCollection };
  generators: PanelGenerator[];
  eventLoop?: { time: number; ready: string[]; timers: { when: number; what: string }[]; tasks: { name: string; state: string; awaiting?: string; line?: number }[] };
  heap: HeapDelta;
  heapTotal: number;
  /** Recently freed objects, newest first. */
  freed: PanelFreed[];
  bytecode: PanelBytecode[];
}

/** What the adapter builds: a PanelState whose heap is the whole heap; the host turns it into a delta per webview. */
export type FullPanelState = Omit<PanelState, 'heap'> & { heap: PanelObject[] };

export const PANEL_COMMANDS = ['stepOver', 'stepInto', 'stepOut', 'stepInstruction', 'stepBack', 'continue', 'pause', 'restart'] as const;
export type PanelCommand = (typeof PANEL_COMMANDS)[number];

/** Host to webview. `labels` are the panel's words in the user's language, sent again only when they change. */
export type ToWebview =
  | { type: 'state'; state: PanelState; labels?: Record<string, string> }
  | { type: 'idle'; message: string; labels: Record<string, string> }
  | { type: 'play' };

/** Webview to host. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'command'; command: PanelCommand }
  | { type: 'goToStep'; step: number }
  | { type: 'untilFreed'; id: number }
  | { type: 'revealLine'; line: number };

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

export function isFromWebview(v: unknown): v is FromWebview {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  switch (m.type) {
    case 'ready': return true;
    case 'command': return typeof m.command === 'string' && (PANEL_COMMANDS as readonly string[]).includes(m.command);
    case 'goToStep': return isCount(m.step);
    case 'untilFreed': return isCount(m.id);
    case 'revealLine': return isCount(m.line) && m.line > 0;
    default: return false;
  }
}
