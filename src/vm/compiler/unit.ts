/*
 * One compilation unit (CPython's struct compiler_unit): the code object being
 * built, its constant/name/variable tables, the frame-block stack used by
 * break/continue/return unwinding, and the exception-handler stack that gives
 * each emitted instruction its exception-table row.
 */

import type * as A from '../syntax/ast';
import { constKey, type ConstValue } from '../bytecode/code';
import type { SymbolTable } from './symtable';
import { Label, type Handler, type HandlerKind, type Instr, type Pos, NO_POS, UNCONDITIONAL } from './instr';

export type FBlockType =
  | 'WHILE_LOOP' | 'FOR_LOOP' | 'TRY_EXCEPT' | 'FINALLY_TRY' | 'FINALLY_END' | 'WITH' | 'ASYNC_WITH'
  | 'HANDLER_CLEANUP' | 'POP_VALUE' | 'EXCEPTION_HANDLER';

export interface FBlock {
  type: FBlockType;
  block: Label | null;
  exit: Label | null;
  /** finally body (FINALLY_TRY), the with statement (WITH), the bound name (HANDLER_CLEANUP). */
  datum: A.Stmt[] | A.With | string | null;
}

export class Unit {
  instrs: Instr[] = [];
  consts: ConstValue[] = [];
  constIndex = new Map<string, number>();
  names: string[] = [];
  varnames: string[];
  hstack: Handler[] = [];
  fblocks: FBlock[] = [];
  loc: Pos = NO_POS;
  argcount = 0;
  posonlyargcount = 0;
  kwonlyargcount = 0;

  constructor(public ste: SymbolTable, public name: string, public qualname: string, public firstlineno: number) {
    this.varnames = [...ste.params];
  }

  get optimized(): boolean { return this.ste.type === 'function'; }

  emit(op: string, arg = 0): Instr {
    const ins: Instr = { op, arg, target: null, pos: this.loc, handler: this.hstack.length ? this.hstack[this.hstack.length - 1] : null };
    this.instrs.push(ins);
    return ins;
  }
  jump(op: string, target: Label, arg = 0): void {
    const ins = this.emit(op, arg);
    ins.target = target;
    if (target.stack === null) target.stack = [...this.hstack];
  }
  /** A jump with no line of its own (CPython's ADDOP_JUMP_NOLINE / UNSET_LOC): it may be threaded or copied. */
  jumpNoLine(op: string, target: Label): void {
    const saved = this.loc;
    this.loc = NO_POS;
    this.jump(op, target);
    this.loc = saved;
  }
  deref(op: string, name: string): void {
    this.emit(op).deref = name;
  }
  place(l: Label): void {
    const prev = this.instrs[this.instrs.length - 1];
    this.instrs.push({ op: 'LABEL', arg: 0, target: null, pos: NO_POS, handler: null, label: l });
    if (l.handler) this.hstack = [...l.handler.outer];
    else if (prev && UNCONDITIONAL.has(prev.op) && l.stack) this.hstack = [...l.stack];
  }
  setup(kind: HandlerKind, l: Label): void {
    const h: Handler = { label: l, kind, outer: [...this.hstack], depth: 0 };
    l.handler = h;
    const ins = this.emit('SETUP');
    // Block pushes and pops are covered by no handler (3.11's label_exception_targets).
    ins.handler = null;
    ins.setup = h;
    this.hstack.push(h);
  }
  popBlock(): void {
    // The POP_BLOCK itself is outside the block it ends (it may survive as a line-carrying NOP).
    this.hstack.pop();
    this.emit('POP_BLOCK').handler = null;
  }
  addConst(c: ConstValue): number {
    const k = constKey(c);
    let i = this.constIndex.get(k);
    if (i === undefined) { i = this.consts.length; this.consts.push(c); this.constIndex.set(k, i); }
    return i;
  }
  addName(n: string): number {
    let i = this.names.indexOf(n);
    if (i < 0) { i = this.names.length; this.names.push(n); }
    return i;
  }
  addVar(n: string): number {
    let i = this.varnames.indexOf(n);
    if (i < 0) { i = this.varnames.length; this.varnames.push(n); }
    return i;
  }
  lastOp(): string | null {
    for (let i = this.instrs.length - 1; i >= 0; i--) if (this.instrs[i].op !== 'LABEL') return this.instrs[i].op;
    return null;
  }
}

export function posOf(n: A.Span | null): Pos {
  if (!n) return NO_POS;
  return { line: n.lineno, endLine: n.end_lineno, col: n.col_offset, endCol: n.end_col_offset };
}
