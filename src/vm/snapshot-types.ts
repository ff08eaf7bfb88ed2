/*
 * The snapshot: plain JSON-able data describing one moment of a session.
 * Everything a person sees (CLI trace, debug adapter, panel) is a rendering
 * of these types; none of them ever sees a live VM object. Interfaces only,
 * no classes, so the webview can import this file without pulling in the VM.
 *
 * The VM fills these; later issues (threads and the GIL, processes, the cycle
 * collector, generators, asyncio) add optional fields rather than reshape.
 */

/** A value as shown: atomic values inline, everything else as a reference into the heap. */
export type ValueSnap =
  | { kind: 'int' | 'float' | 'str' | 'bool' | 'none'; repr: string }
  | { kind: 'ref'; id: number; type: string; repr: string };

export interface VarSnap {
  name: string;
  value: ValueSnap;
}

export interface FrameSnap {
  /** Stable for the frame's lifetime (debug adapter frame ids, panel keys). */
  id: number;
  /** co_qualname, e.g. "f", "A.method", "<module>", "<listcomp>". */
  name: string;
  filename: string;
  /** 1-based line, 0-based columns of the current instruction. */
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  /** Index of the next instruction in the code object, and its CPython byte offset and name. */
  instruction: number;
  offset: number;
  opname: string;
  /** A key for the code object (stable per session) so consumers can fetch its disassembly once. */
  codeKey: string;
  locals: VarSnap[];
  /** The value stack, bottom first. */
  stack: ValueSnap[];
  /** Set when this frame belongs to a generator or coroutine object. */
  generatorId?: number;
}

export type ThreadState =
  | 'not-started' | 'running' | 'ready' | 'waiting-gil' | 'blocked' | 'sleeping' | 'finished';

export interface ThreadSnap {
  /** Session-wide unique id (DAP thread id). */
  id: number;
  /** threading.get_ident() value. */
  ident: number;
  /** "MainThread", "Thread-1 (worker)". */
  name: string;
  processId: number;
  state: ThreadState;
  /** What a blocked thread waits for, in words ("Lock 0x7f.. held by Thread-2"). */
  waitingFor?: string;
  holdsGil: boolean;
  /** Innermost first. */
  frames: FrameSnap[];
  /** Virtual time this thread has run, in seconds. */
  cpuTime?: number;
}

export type HolderKind = 'local' | 'stack' | 'global' | 'object' | 'cell' | 'const' | 'thread' | 'builtin';

/** One reference to an object: who holds it and in which slot. */
export interface HolderSnap {
  kind: HolderKind;
  /** The slot in words: "x" (a local or global), "[3]", ".name", "key 'a'", "stack slot 2". */
  label: string;
  /** For locals and stack slots: the frame and thread holding it. */
  frameId?: number;
  threadId?: number;
  /** For references held by another object: its id. */
  ownerId?: number;
}

export interface RefSnap {
  label: string;
  target: ValueSnap;
}

export type GeneratorState = 'GEN_CREATED' | 'GEN_RUNNING' | 'GEN_SUSPENDED' | 'GEN_CLOSED';
export type CoroutineState = 'CORO_CREATED' | 'CORO_RUNNING' | 'CORO_SUSPENDED' | 'CORO_CLOSED';

export interface ObjectSnap {
  id: number;
  type: string;
  /** Short repr, truncated for large objects. */
  repr: string;
  /** sys.getsizeof, 64-bit CPython 3.11 figures. */
  size: number;
  refcount: number;
  holders: HolderSnap[];
  /** The references this object owns (edges of the heap graph). */
  refs: RefSnap[];
  /** Step and line where it was allocated. */
  createdStep?: number;
  createdLine?: number;
  processId?: number;
  /** Cycle collector (memory issue). */
  gcTracked?: boolean;
  generation?: number;
  /** Generators and coroutines (memory issue). */
  genState?: GeneratorState | CoroutineState;
  genFrameId?: number;
  genLine?: number;
  /** Without the GIL, refcount 'biased' (PEP 703): the owner thread's local count and the other threads' shared count. */
  biased?: { owner: string; local: number; shared: number; merges: number };
}

export type SessionStatus = 'ready' | 'paused' | 'running' | 'finished' | 'error';

export interface ProcessSnap {
  pid: number;
  name: string;
  /** Thread id holding this process's GIL, or null (also null when the GIL is off). */
  gilHolder: number | null;
  globals: VarSnap[];
  /** The GIL model of this process (concurrency issue). */
  gil?: GilSnap;
  /** This process's threads' lanes over its own virtual time (thread ids as in `threads`). */
  lanes?: LaneSegment[];
  /** Drop requests (by the waiting thread) and forced switches (of the holder) so far. */
  gilMarks?: GilMark[];
}

export interface GilMark {
  threadId: number;
  /** Virtual seconds. */
  time: number;
  action: 'drop-request' | 'forced-switch';
}

export interface GilSnap {
  enabled: boolean;
  /** Set by a thread that waited the switch interval; the holder drops at its next check point. */
  dropRequested: boolean;
  /** The thread that set the drop request, if any. */
  requestedBy?: number;
  /** sys.getswitchinterval(), seconds of virtual time. */
  switchInterval: number;
  /** Where the holder may drop it: '3.11' (RESUME, JUMP_BACKWARD, CALL) or '3.9' (every instruction). */
  switchCheck: '3.11' | '3.9';
}

/** One stretch of a thread's lane: what it was doing from `start` to `end` (virtual seconds). */
export interface LaneSegment {
  threadId: number;
  state: ThreadState;
  start: number;
  end: number;
}

/** The cycle collector's state (memory issue). */
export interface GcSnap {
  enabled: boolean;
  /** gc.get_count() and gc.get_threshold(). */
  counts: [number, number, number];
  thresholds: [number, number, number];
  /** Ids of the objects in gc.garbage. */
  garbage: number[];
  /** The collection in progress or the last one finished. */
  collection?: GcCollectionSnap;
}

export type GcPhase = 'update_refs' | 'subtract_refs' | 'move_unreachable' | 'finalize' | 'delete_garbage' | 'done';

export interface GcCollectionSnap {
  step: number;
  generation: number;
  phase: GcPhase;
  /** Each candidate with its type, its refcount (gc_refs after update_refs) and its gc_refs after subtract_refs (references from outside the generation). */
  candidates: { id: number; type: string; refcount: number; gcRefs: number }[];
  unreachable: number[];
  finalized: number[];
  freed: number[];
  collected: number;
  uncollectable: number;
}

/** The asyncio event loop (memory issue). */
export interface EventLoopSnap {
  running: boolean;
  /** loop.time(), virtual seconds. */
  time: number;
  /** The ready queue in order, each callback described ("Task-2.__step", "Future.set_result"). */
  ready: string[];
  timers: { when: number; what: string }[];
  tasks: TaskSnap[];
  /** Object id of the running task, if any. */
  currentTask?: number;
}

export interface TaskSnap {
  /** Object id of the Task. */
  id: number;
  name: string;
  /** Object id of its coroutine. */
  coroId?: number;
  state: 'pending' | 'running' | 'done' | 'cancelled';
  coroState?: CoroutineState;
  /** What it awaits, in words, and the line of that await. */
  awaiting?: string;
  line?: number;
}

export interface Snapshot {
  /** Instructions executed so far (the step number). */
  step: number;
  /** Virtual clock, in seconds. */
  clock: number;
  status: SessionStatus;
  /** Why the last run stopped: "step", "breakpoint", "exception", "end", "budget", "pause". */
  stopReason?: string;
  /** The thread that stopped (DAP's threadId for the stopped event). */
  currentThreadId: number;
  processes: ProcessSnap[];
  threads: ThreadSnap[];
  heap: ObjectSnap[];
  stdout: string;
  stderr: string;
  /** Live bytes (sum of sys.getsizeof of live objects) and its peak so far. */
  liveBytes: number;
  peakBytes: number;
  /** Set when the program ended with an uncaught exception: CPython's traceback text. */
  traceback?: string;
  exitCode?: number;
  /** Threads' lanes over virtual time so far (concurrency issue). */
  lanes?: LaneSegment[];
  /** Simulated cores (concurrency issue). */
  cores?: number;
  gc?: GcSnap;
  eventLoop?: EventLoopSnap;
  /** Events recorded since the previous snapshot of this session, oldest first. */
  events?: VmEvent[];
  /** Objects freed so far (the most recent ones, oldest first), for "go to the step where it was freed". */
  freed?: FreedSnap[];
}

export interface FreedSnap {
  id: number;
  type: string;
  /** The step whose instruction freed it, and that instruction's line. */
  step: number;
  line: number;
}

/** Events recorded while running; the panel animates them and narration explains them. */
export type VmEvent =
  | { kind: 'alloc'; step: number; id: number; type: string; line: number }
  | { kind: 'free'; step: number; id: number; type: string; repr: string; line: number }
  | { kind: 'finalize'; step: number; id: number; type: string }
  | { kind: 'call'; step: number; threadId: number; name: string; line: number }
  | { kind: 'return'; step: number; threadId: number; name: string; line: number }
  | { kind: 'exception'; step: number; threadId: number; type: string; message: string; line: number }
  | { kind: 'output'; step: number; stream: 'stdout' | 'stderr'; text: string }
  | { kind: 'gil'; step: number; time: number; action: 'acquire' | 'release' | 'drop-request' | 'forced-switch'; threadId: number; otherThreadId?: number }
  | { kind: 'gc'; step: number; phase: GcPhase; generation: number; detail: Record<string, unknown> }
  | { kind: 'thread'; step: number; time: number; threadId: number; state: ThreadState; reason?: string }
  | { kind: 'gen'; step: number; id: number; state: GeneratorState | CoroutineState; line: number }
  | { kind: 'task'; step: number; time: number; id: number; name: string; action: 'create' | 'step' | 'done' | 'cancel' };
