/*
 * The compiler's working instruction list: real opcodes plus CPython's pseudo
 * instructions (JUMP, POP_JUMP_IF_*, SETUP_*, POP_BLOCK, LABEL) that assembly
 * resolves into direction-specific jumps and exception-table rows.
 */

export class Label {
  /** Handler stack in force where the first jump to this label was emitted (CPython learns it by flow). */
  stack: Handler[] | null = null;
  handler: Handler | null = null;
}

export type HandlerKind = 'finally' | 'cleanup' | 'with';

export interface Handler {
  label: Label;
  kind: HandlerKind;
  /** The handler stack in force at the SETUP, i.e. the one covering the handler's own code. */
  outer: Handler[];
  /** Depth at the SETUP, filled by the stack-depth pass. */
  depth: number;
}

export interface Pos { line: number; endLine: number; col: number; endCol: number }
export const NO_POS: Pos = { line: -1, endLine: -1, col: -1, endCol: -1 };

export interface Instr {
  op: string;
  arg: number;
  target: Label | null;
  pos: Pos;
  /** Innermost exception handler covering this instruction. */
  handler: Handler | null;
  /** For SETUP pseudo instructions. */
  setup?: Handler;
  /** For *_DEREF / LOAD_CLOSURE / MAKE_CELL: the variable, resolved to a localsplus index at assembly. */
  deref?: string;
  /** For LOAD_FAST & co: the variable name (index assigned in order of first use, as CPython). */
  label?: Label;
}

export const UNCONDITIONAL = new Set(['JUMP', 'JUMP_NO_INTERRUPT', 'RETURN_VALUE', 'RAISE_VARARGS', 'RERAISE']);
export const JUMPS = new Set([
  'JUMP', 'JUMP_NO_INTERRUPT', 'POP_JUMP_IF_FALSE', 'POP_JUMP_IF_TRUE', 'POP_JUMP_IF_NONE',
  'POP_JUMP_IF_NOT_NONE', 'JUMP_IF_FALSE_OR_POP', 'JUMP_IF_TRUE_OR_POP', 'FOR_ITER', 'SEND',
]);
