/*
 * Assembly: CPython 3.11's late passes over the instruction list (constant
 * conditions, jump threading, dead code, small exit blocks copied into their
 * jumps), then stack depth by flow, jump direction, localsplus layout and the
 * exception table.
 */

import { OPS_BY_NAME } from '../bytecode/opcodes';
import { CO, FAST, FRAME_STACK_SPARE, constKey, type CodeObject, type ConstValue, type ExceptionTableEntry } from '../bytecode/code';
import { type Instr, Label, type Handler, JUMPS, UNCONDITIONAL, NO_POS } from './instr';
import { NO_ATTR_CACHE, type AttrCache } from '../runtime/shape';
import { NO_GLOBAL_CACHE, type GlobalCache } from '../runtime/global-cache';

export interface UnitData {
  name: string; qualname: string; filename: string; firstlineno: number;
  argcount: number; posonlyargcount: number; kwonlyargcount: number; flags: number;
  instrs: Instr[]; consts: ConstValue[]; names: string[]; varnames: string[];
  cellvars: string[]; freevars: string[];
}

const MAX_COPY_SIZE = 4;

function labelIndex(list: Instr[]): Map<Label, number> {
  const m = new Map<Label, number>();
  list.forEach((ins, i) => { if (ins.op === 'LABEL') m.set(ins.label!, i); });
  return m;
}

function truthy(c: ConstValue): boolean {
  switch (c.kind) {
    case 'int': case 'float': return c.value != 0;
    case 'str': return c.value.length > 0;
    case 'bool': return c.value;
    case 'None': return false;
    case 'Ellipsis': case 'code': return true;
    case 'tuple': case 'frozenset': return c.items.length > 0;
  }
}

/** Index of the first real instruction at or after i (skipping labels). */
function realAt(list: Instr[], i: number): number {
  while (i < list.length && list[i].op === 'LABEL') i++;
  return i;
}

function peephole(list: Instr[], consts: ConstValue[]): Instr[] {
  const keys = new Map<string, number>();
  consts.forEach((c, i) => { if (!keys.has(constKey(c))) keys.set(constKey(c), i); });
  const addConst = (c: ConstValue): number => {
    const k = constKey(c);
    let i = keys.get(k);
    if (i === undefined) { i = consts.length; consts.push(c); keys.set(k, i); }
    return i;
  };
  for (let i = 0; i < list.length; i++) {
    const a = list[i];
    // fold_tuple_on_constants: n LOAD_CONSTs then BUILD_TUPLE n become one LOAD_CONST.
    if (a.op === 'BUILD_TUPLE' && i - a.arg >= 0 && list.slice(i - a.arg, i).every((x) => x.op === 'LOAD_CONST')) {
      const items = list.slice(i - a.arg, i).map((x) => consts[x.arg]);
      for (let k = i - a.arg; k < i; k++) list[k].op = 'NOP';
      a.op = 'LOAD_CONST';
      a.arg = addConst({ kind: 'tuple', items });
    }
    if (i + 1 >= list.length) break;
    const b = list[i + 1];
    if (a.op === 'LOAD_CONST' && (b.op === 'POP_JUMP_IF_FALSE' || b.op === 'POP_JUMP_IF_TRUE')) {
      const jump = truthy(consts[a.arg]) === (b.op === 'POP_JUMP_IF_TRUE');
      a.op = 'NOP';
      if (jump) b.op = 'JUMP'; else { b.op = 'NOP'; b.target = null; }
    } else if (a.op === 'PUSH_NULL' && b.op === 'LOAD_GLOBAL' && !(b.arg & 1)) {
      a.op = 'NOP';
      b.arg |= 1;
    } else if (a.op === 'LOAD_CONST' && consts[a.arg].kind === 'None' && b.op === 'IS_OP' && i + 2 < list.length
      && (list[i + 2].op === 'POP_JUMP_IF_FALSE' || list[i + 2].op === 'POP_JUMP_IF_TRUE')) {
      const j = list[i + 2];
      const ifTrue = (j.op === 'POP_JUMP_IF_TRUE') !== (b.arg === 1);
      a.op = 'NOP'; b.op = 'NOP';
      j.op = ifTrue ? 'POP_JUMP_IF_NONE' : 'POP_JUMP_IF_NOT_NONE';
    } else if (a.op === 'BUILD_TUPLE' && b.op === 'UNPACK_SEQUENCE' && a.arg === b.arg && a.arg <= 3) {
      if (a.arg === 1) { a.op = 'NOP'; b.op = 'NOP'; } else if (a.arg >= 2) { a.op = 'NOP'; b.op = 'SWAP'; }
    }
  }
  staticSwaps(list);
  // Jump threading (only between jumps on the same line, as 3.11's jump_thread).
  for (let round = 0; round < 4; round++) {
    let at = labelIndex(list);
    for (let k = 0; k < list.length; k++) {
      const ins = list[k];
      if (!ins.target || !JUMPS.has(ins.op) || ins.op === 'FOR_ITER' || ins.op === 'SEND' || ins.op === 'JUMP_NO_INTERRUPT') continue;
      const j = realAt(list, at.get(ins.target)! + 1);
      const t = list[j];
      if (!t || t.pos.line !== ins.pos.line || t.target === ins.target) continue;
      if (t.op === 'JUMP' && ins.op !== 'JUMP_IF_FALSE_OR_POP' && ins.op !== 'JUMP_IF_TRUE_OR_POP') ins.target = t.target;
      else if ((ins.op === 'JUMP_IF_FALSE_OR_POP' || ins.op === 'JUMP_IF_TRUE_OR_POP') && t.op === 'JUMP') ins.target = t.target;
      else if (ins.op === 'JUMP_IF_FALSE_OR_POP' || ins.op === 'JUMP_IF_TRUE_OR_POP') {
        if (t.op === ins.op) ins.target = t.target;
        else if (t.op === 'JUMP_IF_FALSE_OR_POP' || t.op === 'JUMP_IF_TRUE_OR_POP') {
          // The value decides the other test too: pop it and skip past that test.
          const after = new Label();
          list.splice(j + 1, 0, { op: 'LABEL', arg: 0, target: null, pos: NO_POS, handler: null, label: after });
          at = labelIndex(list);
          ins.op = ins.op === 'JUMP_IF_FALSE_OR_POP' ? 'POP_JUMP_IF_FALSE' : 'POP_JUMP_IF_TRUE';
          ins.target = after;
        }
      }
    }
  }
  list = removeUnreachable(list);
  list = inlineExits(list);
  list = removeUnreachable(list);
  list = duplicateExits(list);
  // A jump to the very next instruction is a no-op.
  for (let pass = 0; pass < 2; pass++) {
    const at = labelIndex(list);
    for (let i = 0; i < list.length; i++) {
      const ins = list[i];
      if ((ins.op === 'JUMP' || ins.op === 'JUMP_NO_INTERRUPT') && ins.target) {
        const t = at.get(ins.target)!;
        let k = i + 1;
        while (k < t && (list[k].op === 'LABEL' || list[k].op === 'NOP')) k++;
        if (k === t) ins.op = 'NOP';
      }
    }
    list = cleanNops(list);
  }
  return list;
}

function removeUnreachable(list: Instr[]): Instr[] {
  const at = labelIndex(list);
  const seen = new Uint8Array(list.length);
  const work = [0];
  while (work.length) {
    let i = work.pop()!;
    for (; i < list.length && !seen[i]; i++) {
      seen[i] = 1;
      const ins = list[i];
      if (ins.setup) work.push(at.get(ins.setup.label)!);
      if (ins.target) work.push(at.get(ins.target)!);
      if (UNCONDITIONAL.has(ins.op)) break;
    }
  }
  return list.filter((x, i) => seen[i] || x.op === 'LABEL');
}

/** CPython's inline_small_exit_blocks: copy a short block ending in return/raise over a jump to it. */
function inlineExits(list: Instr[]): Instr[] {
  const at = labelIndex(list);
  const out: Instr[] = [];
  for (const ins of list) {
    if ((ins.op === 'JUMP' || ins.op === 'JUMP_NO_INTERRUPT') && ins.target) {
      let start = at.get(ins.target)! + 1;
      while (start < list.length && list[start].op === 'LABEL') start++;
      const block: Instr[] = [];
      let ok = false;
      for (let k = start; k < list.length && block.length <= MAX_COPY_SIZE; k++) {
        const t = list[k];
        if (t.op === 'LABEL') break;
        if (t.op === 'NOP') continue;
        // Only exits without a line of their own are copied (duplicate_exits_without_lineno).
        if (t.pos.line >= 0) break;
        block.push(t);
        if (t.op === 'RETURN_VALUE' || t.op === 'RERAISE' || t.op === 'RAISE_VARARGS') { ok = true; break; }
        if (t.target || t.setup || t.op === 'POP_BLOCK') break;
      }
      if (ok && block.length <= MAX_COPY_SIZE) {
        for (const b of block) out.push({ ...b, handler: b.handler });
        continue;
      }
    }
    out.push(ins);
  }
  return out;
}

function pseudoEffect(ins: Instr, jump: boolean): number {
  switch (ins.op) {
    case 'JUMP': case 'JUMP_NO_INTERRUPT': case 'LABEL': case 'POP_BLOCK': case 'NOP': return 0;
    case 'POP_JUMP_IF_FALSE': case 'POP_JUMP_IF_TRUE': case 'POP_JUMP_IF_NONE': case 'POP_JUMP_IF_NOT_NONE': return -1;
    case 'SETUP': return jump ? (ins.setup!.kind === 'cleanup' ? 2 : 1) : 0;
  }
  const info = OPS_BY_NAME.get(ins.op);
  if (!info) throw new Error(`compiler: unknown instruction ${ins.op}`);
  return info.effect(ins.arg, jump);
}

function stackDepth(list: Instr[]): number {
  const at = labelIndex(list);
  const depth = new Int32Array(list.length).fill(-1);
  let max = 0;
  const work: [number, number][] = [[0, 0]];
  while (work.length) {
    let [i, d] = work.pop()!;
    for (; i < list.length; i++) {
      if (depth[i] >= 0) break;
      depth[i] = d;
      const ins = list[i];
      if (ins.setup) {
        ins.setup.depth = d;
        work.push([at.get(ins.setup.label)!, d + pseudoEffect(ins, true)]);
        max = Math.max(max, d + pseudoEffect(ins, true));
      }
      if (ins.target) {
        const dj = d + pseudoEffect(ins, true);
        max = Math.max(max, dj);
        work.push([at.get(ins.target)!, dj]);
      }
      d += pseudoEffect(ins, false);
      if (d > max) max = d;
      if (d < 0) throw new Error(`compiler: negative stack depth at ${ins.op}`);
      if (UNCONDITIONAL.has(ins.op)) break;
    }
  }
  return max;
}

const DIRECTED: Record<string, [string, string]> = {
  JUMP: ['JUMP_FORWARD', 'JUMP_BACKWARD'],
  JUMP_NO_INTERRUPT: ['JUMP_FORWARD', 'JUMP_BACKWARD_NO_INTERRUPT'],
  POP_JUMP_IF_FALSE: ['POP_JUMP_FORWARD_IF_FALSE', 'POP_JUMP_BACKWARD_IF_FALSE'],
  POP_JUMP_IF_TRUE: ['POP_JUMP_FORWARD_IF_TRUE', 'POP_JUMP_BACKWARD_IF_TRUE'],
  POP_JUMP_IF_NONE: ['POP_JUMP_FORWARD_IF_NONE', 'POP_JUMP_BACKWARD_IF_NONE'],
  POP_JUMP_IF_NOT_NONE: ['POP_JUMP_FORWARD_IF_NOT_NONE', 'POP_JUMP_BACKWARD_IF_NOT_NONE'],
};

export function assemble(u: UnitData): CodeObject {
  let list = peephole(u.instrs, u.consts);
  // trim_unused_consts: drop the tail of co_consts that nothing loads (the first entry always stays).
  let maxConst = 0;
  for (const ins of list) if ((ins.op === 'LOAD_CONST' || ins.op === 'KW_NAMES') && ins.arg > maxConst) maxConst = ins.arg;
  u.consts.length = Math.min(u.consts.length, maxConst + 1);
  const stacksize = stackDepth(list);

  // localsplus: locals, then cells that are not arguments, then free variables.
  const nlocals = u.varnames.length;
  const cellOnly = u.cellvars.filter((n) => !u.varnames.includes(n));
  const names = [...u.varnames, ...cellOnly, ...u.freevars];
  const kinds = names.map((n, i) => {
    if (i >= nlocals + cellOnly.length) return FAST.FREE;
    if (i >= nlocals) return FAST.CELL;
    return u.cellvars.includes(n) ? FAST.LOCAL | FAST.CELL : FAST.LOCAL;
  });
  const derefIndex = (n: string): number => {
    const isFree = u.freevars.includes(n) && !u.cellvars.includes(n);
    const i = isFree ? nlocals + cellOnly.length + u.freevars.indexOf(n) : names.indexOf(n);
    if (i < 0) throw new Error(`compiler: no cell or free variable ${n}`);
    return i;
  };

  // Prefix instructions CPython inserts before RESUME.
  const prefix: Instr[] = [];
  const mk = (op: string, arg: number, line: number): Instr => ({ op, arg, target: null, handler: null, pos: line < 0 ? NO_POS : { line, endLine: line, col: -1, endCol: -1 } });
  if (u.freevars.length) prefix.push(mk('COPY_FREE_VARS', u.freevars.length, -1));
  for (const c of u.cellvars) prefix.push(mk('MAKE_CELL', derefIndex(c), -1));
  if (u.flags & (CO.GENERATOR | CO.COROUTINE | CO.ASYNC_GENERATOR)) {
    prefix.push(mk('RETURN_GENERATOR', 0, u.firstlineno), mk('POP_TOP', 0, u.firstlineno));
  }
  list = [...prefix, ...list];
  propagateLines(list);
  // Block pseudo-ops become NOPs that may keep a line of their own (`try:`), as 3.11 does.
  for (const ins of list) if (ins.op === 'SETUP' || ins.op === 'POP_BLOCK') { ins.op = 'NOP'; ins.setup = undefined; }
  list = cleanNops(list);

  // Final indexes: labels and block pseudo-ops take no slot.
  const real = list.filter((x) => x.op !== 'LABEL');
  const labelPos = new Map<Label, number>();
  let n = 0;
  for (const ins of list) {
    if (ins.op === 'LABEL') labelPos.set(ins.label!, n);
    else n++;
  }
  const instrs = new Int32Array(real.length);
  const lines = new Int32Array(real.length), endLines = new Int32Array(real.length);
  const cols = new Int32Array(real.length), endCols = new Int32Array(real.length);
  real.forEach((ins, i) => {
    let op = ins.op;
    let arg = ins.arg;
    if (ins.target) {
      arg = labelPos.get(ins.target)!;
      const d = DIRECTED[op];
      if (d) op = arg > i ? d[0] : d[1];
    }
    if (ins.deref !== undefined) arg = derefIndex(ins.deref);
    const info = OPS_BY_NAME.get(op);
    if (!info) throw new Error(`compiler: unknown instruction ${op}`);
    instrs[i] = info.code | (arg << 8);
    lines[i] = ins.pos.line; endLines[i] = ins.pos.endLine; cols[i] = ins.pos.col; endCols[i] = ins.pos.endCol;
  });

  // Exception table: runs of consecutive instructions with the same innermost handler.
  const table: ExceptionTableEntry[] = [];
  let cur: Handler | null = null, start = 0;
  const flush = (end: number): void => {
    if (cur && end > start) {
      const h: Handler = cur;
      table.push({
        start, end, target: labelPos.get(h.label)!,
        depth: h.kind === 'with' ? h.depth - 1 : h.depth,
        lasti: h.kind !== 'finally',
      });
    }
  };
  real.forEach((ins, i) => {
    if (ins.handler !== cur) { flush(i); cur = ins.handler; start = i; }
  });
  flush(real.length);

  return {
    co_name: u.name, co_qualname: u.qualname, co_filename: u.filename, co_firstlineno: u.firstlineno,
    co_argcount: u.argcount, co_posonlyargcount: u.posonlyargcount, co_kwonlyargcount: u.kwonlyargcount,
    co_flags: u.flags,
    co_localsplusnames: names, co_localspluskinds: kinds,
    co_varnames: u.varnames, co_cellvars: u.cellvars, co_freevars: u.freevars,
    co_names: u.names, co_consts: u.consts, co_stacksize: stacksize,
    instrs, lines, endLines, cols, endCols, exceptiontable: table,
    emptyLocals: names.map(() => undefined), emptyStack: Array.from({ length: stacksize + FRAME_STACK_SPARE }, () => null),
    attrCaches: new Array<AttrCache>(instrs.length).fill(NO_ATTR_CACHE),
    globalCaches: new Array<GlobalCache>(instrs.length).fill(NO_GLOBAL_CACHE),
    jit: null, jitDepths: null, hot: 0,
  };
}

/**
 * Instructions without a position take the previous one's, as CPython's propagate_line_numbers:
 * within a block, and into the first instruction of a block with a single predecessor.
 */
function propagateLines(list: Instr[]): void {
  const preds = new Map<Label, number>();
  const bump = (l: Label): void => { preds.set(l, (preds.get(l) ?? 0) + 1); };
  list.forEach((ins, i) => {
    if (ins.target) bump(ins.target);
    if (ins.setup) bump(ins.setup.label);
    if (ins.op === 'LABEL') {
      let k = i - 1;
      while (k >= 0 && list[k].op === 'LABEL') k--;
      if (k >= 0 && !UNCONDITIONAL.has(list[k].op)) bump(ins.label!);
    }
  });
  const jumpLine = new Map<Label, Instr['pos']>();
  let prev: Instr['pos'] | null = null;
  let fallsThrough = true;
  for (const ins of list) {
    if (ins.op === 'LABEL') {
      const l = ins.label!;
      const n = preds.get(l) ?? 0;
      if (n === 0) continue;
      if (n !== 1) prev = null;
      else if (!fallsThrough) prev = jumpLine.get(l) ?? null;
      fallsThrough = true;
      continue;
    }
    if (ins.pos.line < 0 && prev && ins.op !== 'MAKE_CELL' && ins.op !== 'COPY_FREE_VARS') ins.pos = prev;
    if (ins.pos.line >= 0) prev = ins.pos;
    if (ins.target && prev) jumpLine.set(ins.target, prev);
    if (UNCONDITIONAL.has(ins.op)) { fallsThrough = false; prev = null; }
  }
}

/**
 * CPython's clean_basic_block: a NOP stays only when it carries a line no neighbour in its
 * block has (the line event for `try:` or `pass`). Blocks end at labels and after jumps.
 */
function cleanNops(list: Instr[]): Instr[] {
  const out: Instr[] = [];
  let prevLine = -1;
  for (let i = 0; i < list.length; i++) {
    const ins = list[i];
    if (ins.op === 'LABEL') { prevLine = -1; out.push(ins); continue; }
    if (ins.op === 'NOP') {
      const line = ins.pos.line;
      if (line < 0 || line === prevLine) continue;
      let k = i + 1;
      while (k < list.length && list[k].op === 'LABEL' && false) k++;
      const next = list[k];
      if (next && next.op !== 'LABEL') {
        if (next.pos.line < 0 || next.pos.line === line) { next.pos = ins.pos; continue; }
      } else {
        let m = k;
        while (m < list.length && list[m].op === 'LABEL') m++;
        if (m < list.length && list[m].pos.line === line) continue;
      }
    }
    out.push(ins);
    prevLine = ins.pos.line;
    if (ins.target || UNCONDITIONAL.has(ins.op)) prevLine = -1;
  }
  return out;
}

/** 3.11's apply_static_swaps: `SWAP n` before n plain stores on one line becomes reordered stores. */
function staticSwaps(list: Instr[]): void {
  const swappable = (op: string): boolean => op === 'STORE_FAST' || op === 'POP_TOP';
  const nextSwappable = (i: number, line: number | null): number => {
    while (++i < list.length) {
      const x = list[i];
      if (line !== null && x.pos.line !== line) return -1;
      if (x.op === 'NOP') continue;
      return swappable(x.op) ? i : -1;
    }
    return -1;
  };
  for (let i = list.length - 1; i >= 0; i--) {
    if (list[i].op !== 'SWAP') continue;
    for (let s = i; s >= 0; s--) {
      const sw = list[s];
      if (sw.op !== 'SWAP') { if (sw.op === 'NOP' || swappable(sw.op)) continue; break; }
      const j = nextSwappable(s, null);
      if (j < 0) break;
      let k = j;
      const line = list[j].pos.line;
      let ok = true;
      for (let count = sw.arg - 1; count > 0; count--) { k = nextSwappable(k, line); if (k < 0) { ok = false; break; } }
      if (!ok) break;
      sw.op = 'NOP';
      const t = list[j]; list[j] = list[k]; list[k] = t;
    }
  }
}

/**
 * 3.11's duplicate_exits_without_lineno: an exit block with no line that several paths reach
 * gets a private copy for each jump to it, placed right after it, so each copy can carry the
 * line of the jump that reaches it.
 */
function duplicateExits(list: Instr[]): Instr[] {
  const preds = new Map<Label, number>();
  const bump = (l: Label): void => { preds.set(l, (preds.get(l) ?? 0) + 1); };
  list.forEach((ins, i) => {
    if (ins.target) bump(ins.target);
    if (ins.setup) bump(ins.setup.label);
    if (ins.op === 'LABEL') {
      let k = i - 1;
      while (k >= 0 && list[k].op === 'LABEL') k--;
      if (k >= 0 && !UNCONDITIONAL.has(list[k].op)) bump(ins.label!);
    }
  });
  const exitBlock = (l: Label): [number, number] | null => {
    let i = list.findIndex((x) => x.op === 'LABEL' && x.label === l);
    // Labels in a row start one block; the block is the instructions up to the exit.
    while (i + 1 < list.length && list[i + 1].op === 'LABEL') i++;
    const start = i + 1;
    for (let k = start; k < list.length; k++) {
      const t = list[k];
      if (t.op === 'LABEL' || t.target || t.setup || t.pos.line >= 0) return null;
      if (t.op === 'RETURN_VALUE' || t.op === 'RERAISE' || t.op === 'RAISE_VARARGS') return [start, k + 1];
    }
    return null;
  };
  for (let i = 0; i < list.length; i++) {
    const ins = list[i];
    if (!ins.target || !JUMPS.has(ins.op)) continue;
    if ((preds.get(ins.target) ?? 0) <= 1) continue;
    const blk = exitBlock(ins.target);
    if (!blk) continue;
    const copy = list.slice(blk[0], blk[1]).map((x) => ({ ...x }));
    copy[0].pos = ins.pos;
    const l = new Label();
    preds.set(ins.target, preds.get(ins.target)! - 1);
    preds.set(l, 1);
    ins.target = l;
    list.splice(blk[1], 0, { op: 'LABEL', arg: 0, target: null, pos: NO_POS, handler: null, label: l }, ...copy);
  }
  return list;
}
