/*
 * Code objects: what the compiler produces and the interpreter runs. Field names
 * follow CPython 3.11's code object (co_*), so the panel and `dis` can show them
 * under the names a learner will meet in CPython.
 *
 * A code object is compile-time data: immutable, shared by every session that
 * runs the same source (step-back replays create new sessions from it). The
 * runtime materialises co_consts into its own heap objects per session. Only
 * its caches change as it runs; an entry names a session's own shape, class
 * or globals dict, so another session's objects never match it.
 *
 * Instructions are stored one per slot in `instrs` as `opcode | (oparg << 8)`.
 * Jump arguments are absolute instruction indexes (not CPython's relative
 * deltas); `offsets()` gives CPython's byte offsets for display.
 */

import type { AttrCache } from '../runtime/shape';
import type { GlobalCache } from '../runtime/global-cache';
import type { CompileWarning } from '../compiler/warnings';
import { OPS } from './opcodes';
import type { JitTable } from '../interp/jit';

/** Compile-time constants (co_consts). */
export type ConstValue =
  | { kind: 'int'; value: number | bigint }
  | { kind: 'float'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'None' }
  | { kind: 'Ellipsis' }
  /** `arena`: folded from the source's constants (ast_opt), not made by the code generator (see parsedConst). */
  | { kind: 'tuple'; items: ConstValue[]; arena?: true }
  /** A set display or `in {...}` of constants (items in source order, as CPython's folded tuple). */
  | { kind: 'frozenset'; items: ConstValue[]; arena?: true }
  | { kind: 'code'; code: CodeObject };

/** A constant's identity for merging equal constants (CPython's _PyCode_ConstantKey). */
export function constKey(c: ConstValue): string {
  switch (c.kind) {
    case 'int': return `i${c.value}`;
    case 'float': return Object.is(c.value, -0) ? 'f-0' : `f${c.value}`;
    case 'str': return `s${JSON.stringify(c.value)}`; // quoted: ('a', 'b') and ('a,sb',) never share a key
    case 'bool': return `b${c.value}`;
    case 'None': return 'N';
    case 'Ellipsis': return 'E';
    case 'tuple': return `t(${c.items.map(constKey).join(',')})`;
    case 'frozenset': return `fs(${[...new Set(c.items.map(constKey))].sort().join(',')})`; // order-blind, as CPython's key
    case 'code': return `c${codeIds.get(c.code) ?? (codeIds.set(c.code, codeIds.size), codeIds.size - 1)}`;
  }
}
const codeIds = new Map<object, number>();

/**
 * True for the constants CPython's parser (or its AST optimiser) made as objects: while the
 * main program runs, the parser's arena holds one reference to each (pyrun_file frees it when
 * the module's code ends), so `x = 2.5; sys.getrefcount(x)` is 4, not 3. Floats always come
 * from the source; tuples and frozensets only when folded from it, not when the code
 * generator builds them (default arguments, keyword names).
 */
export function parsedConst(c: ConstValue): boolean {
  return c.kind === 'float' || ((c.kind === 'tuple' || c.kind === 'frozenset') && c.arena === true);
}

/** co_flags bits (Include/cpython/code.h). */
export const CO = {
  OPTIMIZED: 0x1, NEWLOCALS: 0x2, VARARGS: 0x4, VARKEYWORDS: 0x8, NESTED: 0x10,
  GENERATOR: 0x20, NOFREE: 0x40, COROUTINE: 0x80, ITERABLE_COROUTINE: 0x100,
  ASYNC_GENERATOR: 0x200,
} as const;

/** Stack slots a frame has beyond co_stacksize (room a handler's pushes may need). */
export const FRAME_STACK_SPARE = 2;

/** co_localspluskinds bits (Include/internal/pycore_code.h). */
export const FAST = { LOCAL: 0x20, CELL: 0x40, FREE: 0x80 } as const;

/** One row of the 3.11 exception table: instructions [start, end) jump to target on an exception. */
export interface ExceptionTableEntry {
  start: number;
  end: number;
  target: number;
  /** Stack depth to pop down to before pushing the exception. */
  depth: number;
  /** Push the offset of the raising instruction first (used by re-raising handlers). */
  lasti: boolean;
}

export interface CodeObject {
  co_name: string;
  co_qualname: string;
  co_filename: string;
  co_firstlineno: number;
  co_argcount: number;
  co_posonlyargcount: number;
  co_kwonlyargcount: number;
  co_flags: number;
  /** All fast slots: arguments first, then other locals, cells not already locals, then free vars. */
  co_localsplusnames: string[];
  /** FAST.* bits, one per co_localsplusnames entry. */
  co_localspluskinds: number[];
  /** Derived views, as CPython exposes them. */
  co_varnames: string[];
  co_cellvars: string[];
  co_freevars: string[];
  co_names: string[];
  co_consts: ConstValue[];
  co_stacksize: number;
  /** opcode | (oparg << 8), one instruction per slot. */
  instrs: Int32Array;
  /** Source positions per instruction (1-based lines, 0-based columns); -1 where none. */
  lines: Int32Array;
  endLines: Int32Array;
  cols: Int32Array;
  endCols: Int32Array;
  exceptiontable: ExceptionTableEntry[];
  /**
   * A new frame's empty slots (every local unbound, every stack slot NULL), made
   * once here: each call copies them with slice(), much cheaper than building
   * the arrays element by element. Never written to.
   */
  emptyLocals: readonly undefined[];
  emptyStack: readonly null[];
  /** One attribute cache per instruction (used by LOAD_ATTR, STORE_ATTR, LOAD_METHOD), NO_ATTR_CACHE until filled. */
  attrCaches: AttrCache[];
  /** One LOAD_GLOBAL cache per instruction, NO_GLOBAL_CACHE until filled. */
  globalCaches: GlobalCache[];
  /**
   * The second tier's translation of this code (interp/jit.ts), made once it ran often, and
   * the count of runs (calls, backward jumps) toward that; -1: it stays in the eval loop.
   * Pure of any session (it is given the interpreter and frame), so sessions share it.
   */
  jit: JitTable | null;
  /** The stack depth before each instruction, as the translation took it (jit.ts stackDepths). */
  jitDepths: Int32Array | null;
  hot: number;
  /** A module's: the SyntaxWarnings its compiling gave (compiler/warnings.ts), printed before it runs. */
  warnings?: readonly CompileWarning[];
}

export function opcodeAt(code: CodeObject, i: number): number {
  return code.instrs[i] & 0xff;
}

export function opargAt(code: CodeObject, i: number): number {
  return code.instrs[i] >> 8;
}

/** CPython's byte offset of each instruction (index n = length in bytes), counting CACHE entries. */
export function offsets(code: CodeObject): Int32Array {
  const out = new Int32Array(code.instrs.length + 1);
  let off = 0;
  for (let i = 0; i < code.instrs.length; i++) {
    out[i] = off;
    const info = OPS[code.instrs[i] & 0xff];
    off += 2 * (1 + (info ? info.cache : 0));
  }
  out[code.instrs.length] = off;
  return out;
}

/** The instruction index whose line begins a new line (dis's starts_line), or -1. */
export function startsLine(code: CodeObject, i: number): number {
  const line = code.lines[i];
  if (line < 0) return -1;
  for (let j = i - 1; j >= 0; j--) {
    if (code.lines[j] >= 0) return code.lines[j] === line ? -1 : line;
  }
  return line;
}
