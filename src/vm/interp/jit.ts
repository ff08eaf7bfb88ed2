/*
 * The second tier: a code object run often enough is translated into a JS
 * function of its own, which V8 then compiles like any other. It does what the
 * eval loop's inline paths do, with the dispatch gone: each instruction's
 * operands and stack offsets are constants in the text, and one instruction
 * falls through into the next (a `case` per instruction, so the function can be
 * entered at any pc).
 *
 * It keeps every rule of the loop, so a run is the same run in either tier:
 * - state lives in the frame (its locals and stack arrays), never in JS locals
 *   across instructions; at every exit f.pc and f.sp say where the frame is (or the
 *   function returns the pc it stopped before, and the loop sets them), and before
 *   a call that can throw they are set as the loop's own copies would be there
 *   (the loop's catch reads the frame's: a JS stack overflow, which can come at
 *   any call, is the one case where they may be behind);
 * - one unit of the interpreter's fuel per instruction, tested before each one,
 *   so budgets, the eval breaker and the step count are exact;
 * - a slow path goes to execCold, as the loop's do; a plain call, return, yield
 *   or generator resumed runs here, by a direct JS call into the other frame's
 *   translation; any other instruction that switches frames is left to the loop:
 *   the function returns before running it, and the loop runs that one
 *   instruction and comes back.
 * This file makes the functions (when, where a function's instructions begin
 * and end, the stack depths they stand on); jit-code.ts writes each
 * instruction's text. docs/vm-design.md ("The second tier") says why it is
 * shaped so.
 */

import { Op, OPS } from '../bytecode/opcodes';
import type { CodeObject } from '../bytecode/code';
import type { PyValue } from '../runtime/object';
import type { Runtime } from '../runtime/runtime';
import type { PyBaseException } from '../runtime/types/exceptions';
import { PyBuiltinFunction } from '../runtime/builtin-function';
import { PyType } from '../runtime/object';
import { PyInstance } from '../runtime/instance';
import { PyList, listAppendOwned } from '../runtime/types/list';
import { PyTuple, newTuple } from '../runtime/types/tuple';
import { PyDict, dictSet } from '../runtime/types/dict';
import { PyIter, RangeIter, SeqIter } from '../runtime/types/iterators';
import { PyFloat, newFloat } from '../runtime/types/float';
import { excMatches } from '../runtime/types/exceptions';
import { smallIntDivisible, smallIntMod, smallIntFloorDiv, strSubrange } from '../runtime/types/ops';
import { unboundMethod } from '../runtime/attributes';
import { loadOwnAttr, loadMethod } from '../runtime/attr-cache';
import type { Frame, ThreadState } from './frame';
import { instruction, fused, leave } from './jit-code';
import { PyFunction } from '../runtime/function';
import { PyGenerator } from './generator';
import { T } from '../runtime/builtin-types';
import { None } from '../runtime/types/singletons';

/** What the generated code uses of the interpreter (its members are public for this). */
export interface JitHost {
  fuel: number;
  readonly rt: Runtime;
  readonly thread: ThreadState;
  readonly builtins: PyDict;
  boundary: Frame | null;
  jitNest: number;
  execCold(f: Frame, op: number, arg: number): PyBaseException | null;
  callValue(callable: PyValue, args: PyValue[], kwnames: readonly string[] | null): PyValue | Frame;
  loadGlobalCaching(f: Frame, name: string, pc: number): PyValue;
  enterCall(f: Frame, fn: PyFunction, d: number, n: number, base: number, next: number): Frame;
  enterInit(f: Frame, type: PyType, d: number, n: number, base: number, next: number): Frame | null;
  returnToCaller(done: Frame, v: PyValue): typeof RETURNED;
  yieldToResumer(f: Frame, v: PyValue): typeof RETURNED | typeof YIELDED;
  enterGenerator(g: PyGenerator, v: PyValue | null, exit: number, exitPc: number): Frame;
}

/** A translated frame returned: its caller is th.frame again, with the value pushed on its stack. */
export const RETURNED: { readonly returned: true } = Object.freeze({ returned: true });
/** A translated generator yielded to native code (a nested run): the interpreter holds the value. */
export const YIELDED: { readonly yielded: true } = Object.freeze({ yielded: true });

/**
 * Run f from f.pc until an instruction the loop must run, the fuel runs out, or
 * an exception. It may call into other translated frames, and return from f:
 * th.frame is where it stopped. Gives a pc when th.frame stopped before that
 * instruction (its pc and sp for the loop to set, from the code's jitDepths: the
 * exits then need no property stores, which V8 would deoptimise on when a loop's
 * end first reaches them), the exception (raised at th.frame's pc - 1, to unwind),
 * RETURNED when f returned, or null when th.frame is in step as it is.
 */
export type JitFn = (host: JitHost, f: Frame) => number | PyBaseException | typeof RETURNED | typeof YIELDED | null;

/** Calls and backward jumps a code object makes in the loop before it is translated. */
export const JIT_THRESHOLD = 40;
/** Larger code objects stay in the loop (a function V8 would not optimise anyway). */
const MAX_INSTRUCTIONS = 4000;

/**
 * The stack depth before each instruction (-1 where none reaches), by flow from
 * the start and from each exception handler: CPython's compiler guarantees one
 * depth per instruction, which lets the translation use constant offsets.
 */
export function stackDepths(code: CodeObject): Int32Array {
  const instrs = code.instrs;
  const n = instrs.length;
  const depth = new Int32Array(n).fill(-1);
  const work: number[] = [0, 0];
  for (const h of code.exceptiontable) work.push(h.target, h.depth + (h.lasti ? 2 : 1));
  while (work.length > 0) {
    let d = work.pop() as number;
    let i = work.pop() as number;
    for (; i < n; i++) {
      if (depth[i] >= 0) {
        if (depth[i] !== d) throw new Error(`stack depth ${d} != ${depth[i]} at ${i} in ${code.co_qualname}`);
        break;
      }
      depth[i] = d;
      const op = instrs[i] & 0xff;
      const arg = instrs[i] >> 8;
      const info = OPS[op];
      if (info === undefined) throw new Error(`unknown opcode ${op} at ${i} in ${code.co_qualname}`);
      if (info.arg === 'jump') work.push(arg, d + info.effect(arg, true));
      if (ENDS_FLOW.has(op)) break;
      // the first resume of a generator pushes the value its start's POP_TOP drops
      d += op === Op.RETURN_GENERATOR ? 1 : info.effect(arg, false);
    }
  }
  return depth;
}

const ENDS_FLOW = new Set<number>([Op.JUMP_FORWARD, Op.JUMP_BACKWARD, Op.JUMP_BACKWARD_NO_INTERRUPT,
  Op.RETURN_VALUE, Op.RAISE_VARARGS, Op.RERAISE]);

/** The helpers the generated code (jit-code.ts) names, by those names. */
const HELPERS: Record<string, unknown> = {
  PyBuiltinFunction, PyFunction, PyType, PyInstance, PyList, PyTuple, PyDict, RangeIter, SeqIter, PyGenerator, PyIter, PyFloat,
  newFloat, excMatches,
  listAppendOwned, newTuple, dictSet, smallIntDivisible, smallIntMod, smallIntFloorDiv,
  unboundMethod, loadOwnAttr, loadMethod, None, strSubrange,
};

/**
 * The translation of `code`: for each instruction, the function that runs from
 * it (null where none does), or null when the code stays in the loop.
 *
 * One function per outermost loop, and one per stretch of code between loops:
 * V8 gives each its own type feedback and compiles each when it is hot. One
 * function for a whole body of several loops would be deoptimised and compiled
 * again as each loop first runs (each time the larger for it).
 */
export function translate(code: CodeObject, mayResume: (b: PyBuiltinFunction) => boolean): JitTable | null {
  // the built-in method objects are made as the types module loads, after this one
  HELPERS.LIST_APPEND ??= T.list.lookup('append');
  const n = code.instrs.length;
  if (n > MAX_INSTRUCTIONS) return null;
  const depths = stackDepths(code);
  const table: JitTable = new Array<JitFn | null>(n).fill(null);
  code.jitDepths = depths;
  for (const [start, end, loop] of chunks(code)) {
    const fn = chunk(code, start, end, loop, depths, mayResume);
    for (let i = start; i < end; i++) table[i] = fn;
  }
  return table;
}

/** For each instruction, the translated function that runs from it, or null. */
export type JitTable = (JitFn | null)[];

/** [start, end, is a loop] of each outermost loop (a backward jump's target to the jump), and of the stretches between. */
function chunks(code: CodeObject): [number, number, boolean][] {
  const n = code.instrs.length;
  const loops: [number, number][] = [];
  for (let j = 0; j < n; j++) {
    const op = code.instrs[j] & 0xff;
    if (BACKWARD.has(op)) loops.push([code.instrs[j] >> 8, j + 1]);
  }
  loops.sort((a, b) => a[0] - b[0]);
  const out: [number, number, boolean][] = [];
  let at = 0; // where the chunks made so far end
  for (const [s, e] of loops) {
    if (s < at) {
      // inside the loop chunk just made (sorted by start): an inner loop, or one that overlaps it
      const last = out[out.length - 1];
      if (e > last[1]) last[1] = at = e;
      continue;
    }
    if (s > at) out.push([at, s, false]);
    out.push([s, e, true]);
    at = e;
  }
  if (at < n) out.push([at, n, false]);
  return out;
}

/** How many passes a loop's body makes before it returns to its driver. */
const LOOP_PASSES = 100;

const BACKWARD = new Set<number>([Op.JUMP_BACKWARD, Op.JUMP_BACKWARD_NO_INTERRUPT, Op.POP_JUMP_BACKWARD_IF_FALSE,
  Op.POP_JUMP_BACKWARD_IF_TRUE, Op.POP_JUMP_BACKWARD_IF_NONE, Op.POP_JUMP_BACKWARD_IF_NOT_NONE]);

/** The function for instructions [start, end) (a loop's: a body and its driver): a jump out of them, or falling off the end, returns to the loop. */
function chunk(code: CodeObject, start: number, end: number, loop: boolean, depths: Int32Array,
  mayResume: (b: PyBuiltinFunction) => boolean): JitFn {
  const body: string[] = [];
  const within = (t: number): boolean => t >= start && t < end;
  const outOfLine: string[] = [];
  for (let k = start; k < end; k++) {
    const d = depths[k];
    if (d < 0) continue; // unreachable: entering there leaves at once (the default case)
    const pair = k + 1 < end && depths[k + 1] >= 0 ? fused(code, k, d, within) : null;
    if (pair === null) {
      body.push(`case ${k}: i${k}: {\nif (fuel <= 0) ${leave(`${k}`)}\n${instruction(code, k, d, within)}\n}`);
      continue;
    }
    // A pair run as one when the fuel allows both (each still one step): else, or when its fast path
    // does not apply, instruction k alone and then k + 1, whose own case stands out of line (it can
    // be entered there too), so that the pair falls through to k + 2.
    body.push(`case ${k}: i${k}: {\nif (fuel <= 0) ${leave(`${k}`)}\nif (fuel >= 2) pair: {\n${pair}\n}
u${k}: {\n${instruction(code, k, d, within, `u${k}`)}\n}\npc = ${k + 1}; continue;\n}`);
    outOfLine.push(`case ${k + 1}: {\ni${k + 1}: {\nif (fuel <= 0) ${leave(`${k + 1}`)}\n${instruction(code, k + 1, depths[k + 1], within)}\n}\n${within(k + 2) ? `pc = ${k + 2}; continue;` : leave(`${k + 2}`)}\n}`);
    k++;
  }
  // falling off the last instruction in order (never past the code's end, whose last instruction
  // ends its flow); it also keeps the out-of-line cases below from being fallen into
  body.push(leave(`${end}`));
  body.push(...outOfLine);
  const id = `${code.co_name.replace(/\W/g, '_')}_${start}`;
  const dispatch = `let fuel = I.fuel;
for (;;) {
switch (pc) {
${body.join('\n')}
default: ${leave('pc')} // outside these instructions: the loop goes on
}
}`;
  const prologue = 'const rt = I.rt, lp = f.lp, stack = f.stack, consts = f.consts, AC = f.code.attrCaches, GC = f.code.globalCaches;';
  // A loop's body is a function of its own, which a driver calls again every LOOP_PASSES passes
  // (the body returns ~target at the backward jump then). V8 then compiles the body as a function
  // called often, and keeps that code from one call of the loop to the next; a loop run as one
  // long call was compiled by on-stack replacement, twice or more per loop and again at each new
  // entry (list_dict's loops, entered twice each, were compiled 2-4 times each; compiling was 27%
  // of its instructions under cachegrind).
  const src = loop ? `'use strict';
function body_${id}(I, f, pc) {
${prologue}
let passes = ${LOOP_PASSES};
${dispatch}
}
return function jit_${id}(I, f) {
let pc = f.pc;
for (;;) {
const r = body_${id}(I, f, pc);
if (typeof r !== 'number' || r >= 0) return r;
pc = ~r;
}
};` : `'use strict';
return function jit_${id}(I, f) {
${prologue}
let pc = f.pc;
${dispatch}
};`;
  const names = [...Object.keys(HELPERS), 'mayResume', 'RETURNED'];
  const values = [...Object.values(HELPERS), mayResume, RETURNED];
  // new Function: the text is ours, written from the bytecode (no source of the program is evaluated)
  return new Function(...names, src)(...values) as JitFn;
}
