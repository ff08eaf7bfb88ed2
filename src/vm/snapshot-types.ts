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
}

export type SessionStatus = 'ready' | 'paused' | 'running' | 'finished' | 'error';

export interface ProcessSnap {
  pid: number;
  name: string;
  /** Thread id holding this process's GIL, or null. */
  gilHolder: number | null;
  globals: VarSnap[];
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
  | { kind: 'gc'; step: number; phase: string; generation: number; detail: Record<string, unknown> };
