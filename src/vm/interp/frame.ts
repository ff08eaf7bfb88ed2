/*
 * Frames and thread states. A frame is a heap-side record (never a JS stack
 * frame): Python calls link frames through `back`, so Python recursion never
 * recurses in JS, a generator can own its frame between resumptions, and the
 * snapshot can walk every thread's stack. Slots hold owned references;
 * `undefined` in a local slot means unbound, `null` on the stack is CPython's NULL.
 */

import type { CodeObject } from '../bytecode/code';
import type { PyValue } from '../runtime/object';
import type { PyFunction } from '../runtime/function';
import type { PyDict } from '../runtime/types/dict';
import type { PyBaseException } from '../runtime/types/exceptions';
import type { PyTuple } from '../runtime/types/tuple';
import { settle } from '../runtime/hidden-class';

/** What the interpreter does with a frame's return value. */
export const Ret = {
  /** Push it on the caller's stack. */
  PUSH: 0,
  /** `__init__` returned: check it is None, push the new instance instead. */
  INIT: 1,
  /** Hand it back to the JS caller of a nested run (natives calling Python). */
  NESTED: 2,
} as const;

let nextFrameId = 1;

/** A function's closure cells into the free-variable slots at the end of localsplus; the frame takes a reference to each. */
export function bindCells(closure: PyTuple | null, lp: (PyValue | undefined)[]): void {
  if (closure === null) return;
  const cells = closure.items;
  const base = lp.length - cells.length;
  for (let i = 0; i < cells.length; i++) { const c = cells[i]; if (typeof c === 'object') c.rc++; lp[base + i] = c; }
}

let frameSettled = false;

export class Frame {
  /** Unique among the frames of a run (a reused frame gets a new one). */
  id = nextFrameId++;
  /** localsplus: fast locals, then cells, then free variables. */
  lp: (PyValue | undefined)[];
  stack: (PyValue | null)[];
  sp = 0;
  /** Index of the next instruction. */
  pc = 0;
  back: Frame | null = null;
  /** Pending KW_NAMES for the next CALL. */
  kwnames: readonly string[] | null = null;
  ret: number = Ret.PUSH;
  /** For Ret.INIT: the instance being initialised (owned until pushed). */
  initSelf: PyValue | null = null;
  /** The generator owning this frame, if any. */
  gen: unknown = null;
  /** A resumed generator frame: where its yield, return or exception goes (GenExit), and the jump target. */
  genExit = 0;
  genExitPc = 0;
  depth = 0;

  constructor(
    readonly code: CodeObject,
    readonly func: PyFunction | null,
    readonly consts: PyValue[],
    readonly globals: PyDict,
    readonly builtins: PyDict,
    /** The namespace of LOAD_NAME/STORE_NAME: module globals or a class body's dict. */
    readonly locals: PyDict | null,
  ) {
    this.lp = code.emptyLocals.slice();
    this.stack = code.emptyStack.slice();
    if (!frameSettled) { frameSettled = true; settle(this, ['ret', 'initSelf', 'kwnames', 'gen']); }
  }

  /**
   * Ready a frame that returned (dropFrame left every slot empty) to run the
   * same function again: cheaper than allocating a frame and its two arrays.
   */
  reuse(): this {
    this.id = nextFrameId++;
    this.sp = 0;
    this.pc = 0;
    this.back = null;
    this.kwnames = null;
    this.ret = Ret.PUSH;
    this.initSelf = null;
    this.depth = 0;
    return this;
  }

  /** Line of the instruction at `pc - 1` (the one running or that raised). */
  currentLine(): number {
    const i = Math.max(0, this.pc - 1);
    let line = this.code.lines[i];
    for (let j = i; line < 0 && j >= 0; j--) line = this.code.lines[j];
    return line < 0 ? this.code.co_firstlineno : line;
  }
}

/** Where a thread is, as the scheduler and the lanes see it. */
export type ThreadRun = 'running' | 'waiting-gil' | 'blocked' | 'sleeping' | 'finished';

/**
 * What a blocked thread waits for. `onWake` gives the value the blocking call
 * returns (it replaces the placeholder the native left on the stack): woken by
 * the event it waited for, or by its deadline (timedOut).
 */
export interface Wait {
  kind: 'sleep' | 'lock' | 'join' | 'shutdown' | 'process' | 'queue';
  /** Woken by another process (a child's exit, a multiprocessing.Queue put), not by anything in this one. */
  external?: boolean;
  /** In words, for the debugger and deadlock reports. */
  what: string;
  /** Virtual time when it gives up (Infinity: never). */
  deadline: number;
  /** The blocking call's result (a new reference). */
  onWake(timedOut: boolean): PyValue;
  /** Called when the wait ends by its deadline, to take the thread off whatever queue it is on. */
  cancel?(): void;
  /** The thread holding what it waits for, if any (deadlock reports). */
  holder?(): ThreadState | null;
}

let nextIdent = 1;

export class ThreadState {
  frame: Frame | null = null;
  /** The exception being handled (sys.exc_info()), or null. */
  excInfo: PyBaseException | null = null;
  depth = 0;
  state: ThreadRun = 'waiting-gil';
  daemon = false;
  /** threading.get_ident(): a large number, as CPython's pthread ids are. */
  readonly ident = 139_900_000_000_000 + 4096 * nextIdent++;
  /** Virtual time when it started waiting for the GIL (its switch interval counts from here). */
  waitingSince = -0; // (a double from the start, as cpuTime)
  wait: Wait | null = null;
  /** Virtual seconds it has run bytecode (-0: a double from the start, as Interpreter.slept). */
  cpuTime = -0;
  constructor(readonly id: number, public name: string) {}
}
