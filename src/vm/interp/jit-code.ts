/*
 * The JS text of each instruction in a function jit.ts makes: what the eval
 * loop's inline path for it does, with its operand and stack offsets written
 * in. The names the text uses are the made function's own (I: the interpreter,
 * f: the frame, rt, lp, stack, consts, AC and GC: its attribute and global
 * caches, pc) and jit.ts's HELPERS. Each instruction's text comes after its fuel
 * test and either runs it (falling through to the next instruction, jumping, or
 * returning what JitFn returns) or leaves it to the loop (returning its pc).
 */

import { Op } from '../bytecode/opcodes';
import { CO, type CodeObject } from '../bytecode/code';
import { SLICE_SIZE } from '../runtime/types/range';
import { Ret } from './frame';
import { GenExit } from './generator';

/** How deep translated frames call each other in JS before a call goes through the loop (the JS stack stays small). */
const MAX_JIT_NEST = 50;

/** Instructions the loop runs itself: they switch frames (or only ever run in a generator's start). */
const LOOP_ONLY = new Set<number>([Op.CALL_FUNCTION_EX, Op.SEND,
  Op.BEFORE_WITH, Op.RETURN_GENERATOR]);

/**
 * The frame `nf` (current now, called or resumed by this instruction) runs its translation
 * from `at` by a JS call, when it has one and the calls are not too deep; else the loop runs
 * it. Carries on below when it returned or yielded back here.
 */
function resume(at: string, nf = 'gf'): string {
  return `  const t = ${nf}.code.jit;
  if (t === null || t[${at}] === null || I.jitNest >= ${MAX_JIT_NEST}) return null;
  I.jitNest++;
  const r = t[${at}](I, ${nf});
  I.jitNest--;
  if (r !== RETURNED) return r; // it stopped inside (th.frame says where), or raised
  fuel = I.fuel;`;
}

/**
 * The pair at k, k + 1 as one piece of code (within a block labelled `pair`, with the fuel for
 * both there), or null when they are no such pair: `x.attr` of a local instance (no reference
 * taken and dropped on the instance), a new attribute on a local instance, an int compare with
 * the jump on its result (no bool pushed and popped), and an int constant's arithmetic (the
 * constant never pushed). Its fast path breaks out of `i${k}` when it ran (on to k + 2) or jumps;
 * `break pair` leaves it to the instructions one by one.
 */
export function fused(code: CodeObject, k: number, d: number, within: (t: number) => boolean): string | null {
  const op = code.instrs[k] & 0xff;
  const arg = code.instrs[k] >> 8;
  const op2 = code.instrs[k + 1] & 0xff;
  const arg2 = code.instrs[k + 1] >> 8;
  const jumpTo = (t: number): string => jumpCode(t, k, within);
  if (op === Op.LOAD_FAST && op2 === Op.LOAD_ATTR) {
    return `const o = lp[${arg}]; if (o === undefined || o.constructor !== PyInstance) break pair;
const c = AC[${k + 1}]; const s = o.shape; let v;
if (c.key === s) v = o.vals[c.slot]; else if (c.key2 === s) v = o.vals[c.slot2];
else if ((v = loadOwnAttr(AC, ${k + 1}, o, ${JSON.stringify(code.co_names[arg2])})) === undefined) break pair;
fuel -= 2; if (typeof v === 'object') v.rc++; ${S(d)} = v;
break i${k};`;
  }
  if (op === Op.LOAD_FAST && op2 === Op.STORE_ATTR) {
    // a new attribute on a local instance (`self.x = x` in __init__): the stack's reference to the
    // value moves into it and the instance's count never moves; replacing one (a dealloc may run
    // __del__ mid-instruction) is left to the instructions one by one
    return `const o = lp[${arg}]; if (o === undefined || o.constructor !== PyInstance) break pair;
const c = AC[${k + 1}]; const s = o.shape; let nx;
if (c.key === s) nx = c.next; else if (c.key2 === s) nx = c.next2; else break pair;
if (nx === null) break pair;
fuel -= 2; o.vals.push(${S(d - 1)}); o.shape = nx; ${S(d - 1)} = null;
break i${k};`;
  }
  if (op === Op.COMPARE_OP && arg <= 5 && (op2 === Op.POP_JUMP_FORWARD_IF_FALSE || op2 === Op.POP_JUMP_BACKWARD_IF_FALSE ||
      op2 === Op.POP_JUMP_FORWARD_IF_TRUE || op2 === Op.POP_JUMP_BACKWARD_IF_TRUE)) {
    const js = ['<', '<=', '===', '!==', '>', '>='][arg];
    const onTrue = op2 === Op.POP_JUMP_FORWARD_IF_TRUE || op2 === Op.POP_JUMP_BACKWARD_IF_TRUE;
    return `const b = ${S(d - 1)}, a = ${S(d - 2)};
if (typeof a !== 'number' || typeof b !== 'number') break pair;
fuel -= 2; ${S(d - 2)} = null; ${S(d - 1)} = null;
if (${onTrue ? '' : '!'}(a ${js} b)) ${jumpTo(arg2)}
break i${k};`;
  }
  if (op === Op.LOAD_CONST && op2 === Op.BINARY_OP) {
    const c = code.co_consts[arg];
    if (c.kind !== 'int' || typeof c.value !== 'number') return null;
    const int = constIntOp(arg2, c.value);
    if (int === null) return null;
    // x OP c for an int constant c (never pushed: an int holds no reference)
    return `const a = ${S(d - 1)}; if (typeof a !== 'number') break pair;
${int}
fuel -= 2; ${S(d - 1)} = r;
break i${k};`;
  }
  return null;
}

/** The JS for `const r = a OP c` (BINARY_OP arg `op`) on an int a and the int constant c, breaking `pair` where the loop's paths would not stay with small ints; null for the other operators. */
function constIntOp(op: number, c: number): string | null {
  const int32 = (c | 0) === c;
  switch (op) {
    case 0: case 13: return `const r = a + ${c}; if (!Number.isSafeInteger(r)) break pair;`;
    case 10: case 23: return `const r = a - ${c}; if (!Number.isSafeInteger(r)) break pair;`;
    case 5: case 18: // -0 is not an int
      return `const r = a * ${c}; if (${c < 0 ? 'r === 0' : c === 0 ? 'a < 0' : 'false'} || !Number.isSafeInteger(r)) break pair;`;
    case 6: case 19: return int32 && c > 0 ? `if (a < 0 || (a | 0) !== a) break pair; const r = a % ${c};` : null;
    case 2: case 15: return int32 && c > 0 ? `if (a < 0 || (a | 0) !== a) break pair; const r = Math.floor(a / ${c});` : null;
    case 1: case 14: return int32 ? `if ((a | 0) !== a) break pair; const r = a & ${c};` : null;
    default: return null;
  }
}

/**
 * The made function keeps the fuel in a local (`fuel`): a property read and write less per
 * instruction. I.fuel is the count wherever anything else may read or change it: at every exit,
 * and around every call that may (a nested run spends it, an allocation may zero it for a
 * collection, a JS error's catch in the loop reads it).
 */
/** Return x to the loop, the fuel given back. */
export const leave = (x: string): string => `{ I.fuel = fuel; return ${x}; }`;
/** Statement s, which may spend or change the fuel, with I.fuel in step around it. */
const synced = (s: string): string => `{ I.fuel = fuel; ${s} fuel = I.fuel; }`;

/**
 * A jump from instruction k to t: forward within the function, on in it; outside it, back to the
 * loop; backward within it (a loop's next pass), on in it for `passes` passes, then out to the
 * function's driver as ~t, which calls the body again from t (see chunk in jit.ts).
 */
export function jumpCode(t: number, k: number, within: (t: number) => boolean): string {
  if (!within(t)) return leave(`${t}`);
  return t > k ? `{ pc = ${t}; continue; }` : `if (--passes > 0) { pc = ${t}; continue; } else ${leave(`${~t}`)}`;
}

/** Drop the reference v holds (v: a JS expression), freeing at zero. */
const decref = (v: string): string => `if (typeof ${v} === 'object' && ${v} !== null && --${v}.rc === 0) ${synced(`rt.dealloc(${v});`)}`;
/** Take a reference to v. */
const incref = (v: string): string => `if (typeof ${v} === 'object') ${v}.rc++;`;
/** A class's attribute (as v) from instruction k's cache, which execCold's path fills; else break fast. */
const classCached = (k: number): string => `const c = AC[${k}]; const v = c.key === o ? c.value : c.key2 === o ? c.value2 : undefined;
  if (v === undefined) break fast;`;

/** `stack[i]` for a constant i. */
const S = (i: number): string => `stack[${i}]`;

/** The JS for instruction k (stack depth d before it), after its fuel test. */
export function instruction(code: CodeObject, k: number, d: number, within: (t: number) => boolean, label = `i${k}`): string {
  const word = code.instrs[k];
  const op = word & 0xff;
  const arg = word >> 8;
  const next = k + 1;
  /** Leave before running it: the loop runs it. */
  const toLoop = leave(`${k}`);
  /** The loop's slow path (execCold), after which the frame may have jumped. */
  const cold = `fuel--; f.pc = ${next}; f.sp = ${d};
{ I.fuel = fuel; const x = I.execCold(f, ${op}, ${arg}); fuel = I.fuel; if (x !== null) return x; }
if (f.pc !== ${next}) { pc = f.pc; continue; }`;
  /** A fast path in a block of its own: it breaks out of the instruction when it ran. */
  const fast = (guarded: string): string => `fast: {\n${guarded}\nbreak ${label};\n}\n${cold}`;
  /** To instruction t: on in this function, or back to the loop when t is outside it. */
  const jumpTo = (t: number): string => jumpCode(t, k, within);
  const name = (i: number): string => JSON.stringify(code.co_names[i]);
  switch (op) {
    case Op.NOP: case Op.PRECALL: case Op.COPY_FREE_VARS:
      return 'fuel--;';
    case Op.RESUME:
      return arg === 0 ? `if (f.depth > rt.options.recursionLimit) ${toLoop}\nfuel--;` : 'fuel--;';
    case Op.LOAD_FAST:
      return `const v = lp[${arg}]; if (v === undefined) ${toLoop}\nfuel--; ${incref('v')} ${S(d)} = v;`;
    case Op.STORE_FAST:
      return `fuel--; const old = lp[${arg}]; lp[${arg}] = ${S(d - 1)}; ${S(d - 1)} = null; ${decref('old')}`;
    case Op.LOAD_CONST: {
      const kind = code.co_consts[arg].kind;
      const counted = kind !== 'int' && kind !== 'str' && kind !== 'bool';
      return `fuel--; const v = consts[${arg}]; ${counted ? incref('v') : ''} ${S(d)} = v;`;
    }
    case Op.POP_TOP:
      return `fuel--; const v = ${S(d - 1)}; ${S(d - 1)} = null; ${decref('v')}`;
    case Op.PUSH_NULL:
      return `fuel--; ${S(d)} = null;`;
    case Op.COPY:
      return `fuel--; const v = ${S(d - arg)}; if (typeof v === 'object' && v !== null) v.rc++; ${S(d)} = v;`;
    case Op.SWAP:
      return `fuel--; const t = ${S(d - 1)}; ${S(d - 1)} = ${S(d - arg)}; ${S(d - arg)} = t;`;
    case Op.JUMP_FORWARD: case Op.JUMP_BACKWARD: case Op.JUMP_BACKWARD_NO_INTERRUPT:
      return `fuel--; ${jumpTo(arg)}`;
    case Op.BINARY_OP:
      return binaryOp(arg, d, next, label, fast);
    case Op.COMPARE_OP: {
      const js = ['<', '<=', '===', '!==', '>', '>='][arg];
      return fast(`const b = ${S(d - 1)}, a = ${S(d - 2)};
if (typeof a !== 'number' || typeof b !== 'number') break fast;
fuel--; ${S(d - 2)} = a ${js} b; ${S(d - 1)} = null;`);
    }
    case Op.POP_JUMP_FORWARD_IF_FALSE: case Op.POP_JUMP_BACKWARD_IF_FALSE:
    case Op.POP_JUMP_FORWARD_IF_TRUE: case Op.POP_JUMP_BACKWARD_IF_TRUE: {
      const onTrue = op === Op.POP_JUMP_FORWARD_IF_TRUE || op === Op.POP_JUMP_BACKWARD_IF_TRUE;
      // bools, ints and strs hold no references: their truth inline (typeof first, as the loop)
      return `fast: {
const v = ${S(d - 1)}; let t;
if (typeof v === 'boolean') t = v; else if (typeof v === 'number') t = v !== 0; else if (typeof v === 'string') t = v.length !== 0; else break fast;
fuel--; ${S(d - 1)} = null;
if (${onTrue ? 't' : '!t'}) ${jumpTo(arg)}
break ${label};
}
${cold}`;
    }
    case Op.FOR_ITER:
      return fast(`const it = ${S(d - 1)}; const cls = it.constructor;
if (cls === RangeIter) { if (it.left <= 0) ${toLoop} fuel--; it.left--; ${S(d)} = it.cur; it.cur += it.step; }
else if (cls === SeqIter) { const s = it.seq; if (s === null || it.i >= s.items.length) ${toLoop} fuel--; const v = s.items[it.i++]; ${incref('v')} ${S(d)} = v; }
else if (cls === PyGenerator) {
  // resume it here: its frame runs (by its translation, when it has one) until it yields back to this FOR_ITER
  fuel--; f.pc = ${next}; f.sp = ${d}; I.fuel = fuel;
  if (!it.checkResumable(rt, None)) { fuel++; break fast; } // finished: the loop's path pops it and jumps
  const gf = I.enterGenerator(it, None, ${GenExit.FOR_ITER}, ${arg});
${resume('gf.pc')}
} else if (it instanceof PyIter && !(it instanceof PyGenerator)) {
  // another native iterator (a dict's, a str's, zip, map...): its next, as execCold's path
  fuel--; f.pc = ${next}; f.sp = ${d};
  let v; ${synced('v = it.next(rt);')}
  if (v === undefined) { ${S(d - 1)} = null; ${decref('it')} ${jumpTo(arg)} }
  ${S(d)} = v;
} else break fast;`);
    case Op.LOAD_ATTR:
      return fast(`const o = ${S(d - 1)};
if (o.constructor === PyType) {
  // a class's attribute (Base.method)
  ${classCached(k)}
  fuel--; ${incref('v')} ${S(d - 1)} = v; if (--o.rc === 0) ${synced('rt.dealloc(o);')}
  break ${label};
}
if (!(o instanceof PyInstance)) break fast;
const c = AC[${k}]; const s = o.shape; let v;
if (c.key === s) v = o.vals[c.slot]; else if (c.key2 === s) v = o.vals[c.slot2];
else if ((v = loadOwnAttr(AC, ${k}, o, ${name(arg)})) === undefined) break fast;
fuel--; ${incref('v')} ${S(d - 1)} = v; if (--o.rc === 0) ${synced('rt.dealloc(o);')}`);
    case Op.BINARY_SUBSCR:
      return fast(`const k = ${S(d - 1)}, o = ${S(d - 2)}; const cls = o.constructor; let v;
if (cls === PyList || cls === PyTuple) {
  if (typeof k !== 'number') break fast; const items = o.items; const i = k < 0 ? k + items.length : k;
  if (i < 0 || i >= items.length) break fast; v = items[i];
} else if (cls === PyDict) {
  if (typeof k !== 'number' && typeof k !== 'string') break fast; v = o.map.get(k); if (v === undefined) break fast;
} else break fast;
fuel--; ${incref('v')} ${S(d - 2)} = v; ${S(d - 1)} = null; if (--o.rc === 0) ${synced('rt.dealloc(o);')}`);
    case Op.UNPACK_SEQUENCE: {
      let pushes = '';
      for (let i = arg - 1, j = d - 1; i >= 0; i--, j++) pushes += `{ const v = items[${i}]; ${incref('v')} ${S(j)} = v; }\n`;
      return fast(`const seq = ${S(d - 1)};
if (!(seq instanceof PyTuple || seq instanceof PyList) || seq.items.length !== ${arg}) break fast;
fuel--; const items = seq.items;
${pushes}if (--seq.rc === 0) ${synced('rt.dealloc(seq);')}`);
    }
    case Op.LOAD_GLOBAL: {
      const at = arg & 1 ? d + 1 : d;
      return `fuel--; ${arg & 1 ? `${S(d)} = null;` : ''}
const c = GC[${k}]; const g = f.globals; let v;
if (c.globals === g && c.globalsVersion === g.version && c.builtinsVersion === I.builtins.version) v = c.value;
else { f.pc = ${next}; f.sp = ${at}; ${synced(`v = I.loadGlobalCaching(f, ${name(arg >> 1)}, ${k});`)} }
${incref('v')} ${S(at)} = v;`;
    }
    case Op.LOAD_NAME:
      return fast(`const dl = f.locals; if (dl === null) break fast;
const v = dl.map.get(${name(arg)}); if (v === undefined) break fast;
fuel--; ${incref('v')} ${S(d)} = v;`);
    case Op.STORE_NAME:
      return fast(`const dl = f.locals; if (dl === null) break fast;
fuel--; f.pc = ${next}; f.sp = ${d}; const v = ${S(d - 1)}; ${synced(`dictSet(rt, dl, ${name(arg)}, v);`)} ${S(d - 1)} = null;
if (typeof v === 'object' && --v.rc === 0) ${synced('rt.dealloc(v);')}`);
    case Op.LOAD_DEREF:
      return `const v = lp[${arg}].value; if (v === undefined) ${toLoop}\nfuel--; ${incref('v')} ${S(d)} = v;`;
    case Op.STORE_DEREF:
      return `fuel--; const cell = lp[${arg}]; const old = cell.value; cell.value = ${S(d - 1)}; ${S(d - 1)} = null;
if (old !== undefined) ${synced('rt.decref(old);')}`;
    case Op.STORE_ATTR:
      return fast(`const o = ${S(d - 1)}, v = ${S(d - 2)};
if (!(o instanceof PyInstance)) break fast;
const c = AC[${k}]; const s = o.shape; let slot = -1, nx = null;
if (c.key === s) { slot = c.slot; nx = c.next; } else if (c.key2 === s) { slot = c.slot2; nx = c.next2; }
if (slot < 0) break fast;
fuel--; f.pc = ${next}; f.sp = ${d};
${incref('v')}
if (nx === null) { const old = o.vals[slot]; o.vals[slot] = v; if (typeof old === 'object' && --old.rc === 0) ${synced('rt.dealloc(old);')} }
else { o.vals.push(v); o.shape = nx; }
${S(d - 2)} = null; ${S(d - 1)} = null;
if (typeof v === 'object' && --v.rc === 0) ${synced('rt.dealloc(v);')}
if (--o.rc === 0) ${synced('rt.dealloc(o);')}`);
    case Op.LOAD_METHOD:
      return fast(`const o = ${S(d - 1)}; let m;
if (o instanceof PyInstance) {
  const c = AC[${k}]; const s = o.shape;
  if (c.key === s) m = c.value; else if (c.key2 === s) m = c.value2;
  else if ((m = loadMethod(AC, ${k}, o, ${name(arg)})) === undefined) break fast;
  fuel--; m.rc++;
} else if (o.constructor === PyType) {
  // a class's attribute (Base.method(self, ...)): [NULL, it], as LOAD_ATTR
  ${classCached(k)}
  fuel--; ${incref('v')} ${S(d - 1)} = null; ${S(d)} = v; if (--o.rc === 0) ${synced('rt.dealloc(o);')}
  break ${label};
} else if ((m = unboundMethod(o, ${name(arg)})) === undefined) break fast;
else fuel--;
${S(d - 1)} = m; ${S(d)} = o;`);
    case Op.STORE_SUBSCR:
      return fast(`const k = ${S(d - 1)}, o = ${S(d - 2)}, v = ${S(d - 3)};
if (o instanceof PyDict) {
  // under any key (one with a value-based hash may run its __hash__ and __eq__); released v, o, k as execCold
  fuel--; f.pc = ${next}; f.sp = ${d};
  ${synced('dictSet(rt, o, k, v);')}
  ${S(d - 3)} = null; ${S(d - 2)} = null; ${S(d - 1)} = null;
  ${decref('v')} if (--o.rc === 0) ${synced('rt.dealloc(o);')} ${decref('k')}
} else if (o instanceof PyList && typeof k === 'number') {
  const items = o.items; const i = k < 0 ? k + items.length : k;
  if (i < 0 || i >= items.length) break fast;
  fuel--; f.pc = ${next}; f.sp = ${d};
  const old = items[i]; items[i] = v;
  ${S(d - 3)} = null; ${S(d - 2)} = null; ${S(d - 1)} = null;
  if (typeof old === 'object' && --old.rc === 0) ${synced('rt.dealloc(old);')}
  if (--o.rc === 0) ${synced('rt.dealloc(o);')}
} else break fast;`);
    case Op.PUSH_EXC_INFO:
      return `fuel--; const v = ${S(d - 1)}; const th = I.thread; const prev = th.excInfo;
${S(d - 1)} = prev === null ? None : prev; ${S(d)} = v; v.rc++; th.excInfo = v;`;
    case Op.CHECK_EXC_MATCH:
      // (TypeError when the class is none of BaseException's: the frame is in step for it)
      return `fuel--; f.pc = ${next}; f.sp = ${d}; const t = ${S(d - 1)};
${synced(`${S(d - 1)} = excMatches(rt, ${S(d - 2)}, t);`)} ${decref('t')}`;
    case Op.POP_EXCEPT:
      return `fuel--; const v = ${S(d - 1)}; ${S(d - 1)} = null; const th = I.thread; const cur = th.excInfo;
th.excInfo = v === None ? null : v; if (cur !== null) ${synced('rt.decref(cur);')}`;
    case Op.CONTAINS_OP:
      return fast(`const c = ${S(d - 1)}, k = ${S(d - 2)};
if (!(c instanceof PyDict) || (typeof k !== 'number' && typeof k !== 'string')) break fast;
fuel--; const r = c.map.has(k); ${S(d - 2)} = ${arg ? '!r' : 'r'}; ${S(d - 1)} = null;
if (--c.rc === 0) ${synced('rt.dealloc(c);')}`);
    case Op.BUILD_TUPLE: {
      const items: string[] = [];
      let clear = '';
      for (let i = d - arg; i < d; i++) { items.push(S(i)); clear += `${S(i)} = null; `; }
      return `fuel--; const items = [${items.join(', ')}]; ${clear}${synced(`${S(d - arg)} = newTuple(rt, items);`)}`;
    }
    case Op.LIST_APPEND:
      // (growing the list can raise MemoryError: the frame is in step for it, v already in the list)
      return `fuel--; const v = ${S(d - 1)}; ${S(d - 1)} = null; f.pc = ${next}; f.sp = ${d - 1}; ${synced(`listAppendOwned(rt, ${S(d - 1 - arg)}, v);`)}`;
    case Op.CALL:
      return call(arg, d, next, toLoop, label);
    case Op.BUILD_STRING: {
      // f-string parts: strs, which hold no references
      const parts: string[] = [];
      let clear = '';
      for (let i = d - arg; i < d; i++) { parts.push(S(i)); clear += `${S(i)} = null; `; }
      // (a str too long for JS is a RangeError, made MemoryError by the loop: the frame is in step for it)
      return `fuel--; f.pc = ${next}; f.sp = ${d}; I.fuel = fuel; const s = ${parts.length > 0 ? parts.join(' + ') : "''"}; ${clear}${S(d - arg)} = s;`;
    }
    case Op.FORMAT_VALUE:
      // f"{x}" of a str or an int, no conversion or spec, inline; the rest in execCold
      return arg !== 0 ? cold : fast(`const v = ${S(d - 1)};
if (typeof v === 'string') fuel--;
else if (typeof v === 'number') { fuel--; ${S(d - 1)} = '' + v; }
else break fast;`);
    case Op.IS_OP:
      return `fuel--; const b = ${S(d - 1)}, a = ${S(d - 2)}; ${S(d - 2)} = a ${arg ? '!==' : '==='} b; ${S(d - 1)} = null;
${decref('a')} ${decref('b')}`;
    case Op.POP_JUMP_FORWARD_IF_NONE: case Op.POP_JUMP_BACKWARD_IF_NONE:
    case Op.POP_JUMP_FORWARD_IF_NOT_NONE: case Op.POP_JUMP_BACKWARD_IF_NOT_NONE: {
      const none = op === Op.POP_JUMP_FORWARD_IF_NONE || op === Op.POP_JUMP_BACKWARD_IF_NONE;
      return `fuel--; const v = ${S(d - 1)}; ${S(d - 1)} = null; ${decref('v')}
if (v ${none ? '===' : '!=='} None) ${jumpTo(arg)}`;
    }
    case Op.BUILD_SLICE:
      // str[a:b] with the BINARY_SUBSCR after it (each still one step), as execCold does
      if (arg !== 2 || (code.instrs[next] & 0xff) !== Op.BINARY_SUBSCR) return cold;
      return fast(`const str = ${S(d - 3)}; if (typeof str !== 'string' || fuel < 2) break fast;
const a = ${S(d - 2)}, b = ${S(d - 1)}; const r = strSubrange(str, a, b);
if (r === null || !rt.phantomAlloc(${SLICE_SIZE})) break fast;
fuel -= 2; ${S(d - 3)} = r; ${S(d - 2)} = null; ${S(d - 1)} = null;
${decref('a')} ${decref('b')}
${jumpTo(next + 1)}`);
    case Op.YIELD_VALUE:
      // back to whoever resumed it: a FOR_ITER, SEND or next() in Python code, or native code (YIELDED)
      return `fuel--; const v = ${S(d - 1)}; ${S(d - 1)} = null; f.pc = ${next}; f.sp = ${d - 1};
I.fuel = fuel; return I.yieldToResumer(f, v);`;
    case Op.RETURN_VALUE:
      // A return to a caller frame here (a plain one, or an __init__'s); a generator's, or the end of a nested run, in the loop.
      return `if (f.gen !== null || f.ret === ${Ret.NESTED} || f === I.boundary || f.back === null) ${toLoop}
fuel--; const v = ${S(d - 1)}; ${S(d - 1)} = null; f.pc = ${next}; f.sp = ${d - 1};
I.fuel = fuel; return I.returnToCaller(f, v);`;
    default:
      return LOOP_ONLY.has(op) ? toLoop : cold;
  }
}

/** BINARY_OP: ints that stay ints and str + str inline, as the loop. */
function binaryOp(arg: number, d: number, next: number, label: string, fast: (s: string) => string): string {
  let int: string;
  switch (arg) {
    case 0: case 13: int = 'const r = a + b;'; break;
    case 10: case 23: int = 'const r = a - b;'; break;
    case 5: case 18: int = 'const r = a * b; if (r === 0 && (a < 0 || b < 0)) break fast;'; break; // -0 is not an int
    case 6: case 19: int = 'if (!smallIntDivisible(a, b)) break fast; const r = smallIntMod(a, b);'; break;
    case 2: case 15: int = 'if (!smallIntDivisible(a, b)) break fast; const r = smallIntFloorDiv(a, b);'; break;
    case 1: case 14: int = 'if ((a | 0) !== a || (b | 0) !== b) break fast; const r = a & b;'; break;
    default: return fast('break fast;');
  }
  const str = arg === 0 || arg === 13
    ? `if (typeof a === 'string' && typeof b === 'string') { fuel--; f.pc = ${next}; f.sp = ${d}; I.fuel = fuel; ${S(d - 2)} = a + b; ${S(d - 1)} = null; break ${label}; }` : '';
  // a float with a float or an int exact as a double (one of |x| <= 2**53): + - * as floatBinary
  const js = arg === 0 || arg === 13 ? '+' : arg === 10 || arg === 23 ? '-' : arg === 5 || arg === 18 ? '*' : null;
  const flt = js === null ? '' : `{ let x, y;
if (a instanceof PyFloat) { x = a.v; if (b instanceof PyFloat) y = b.v; else if (typeof b === 'number' && Number.isSafeInteger(b)) y = b; else break fast; }
else if (b instanceof PyFloat && typeof a === 'number' && Number.isSafeInteger(a)) { x = a; y = b.v; }
else break fast;
fuel--; ${S(d - 2)} = newFloat(x ${js} y); ${S(d - 1)} = null;
${decref('a')} ${decref('b')}
break ${label}; }`;
  return fast(`const b = ${S(d - 1)}, a = ${S(d - 2)};
if (typeof a !== 'number' || typeof b !== 'number') { ${str} ${flt} break fast; }
${int}
if (!Number.isSafeInteger(r)) break fast;
fuel--; ${S(d - 2)} = r; ${S(d - 1)} = null;`);
}

/**
 * CALL: a plain Python function with exactly its positional arguments runs its translation
 * by a direct JS call (when it has one); a plain native (function, method or built-in type)
 * with up to three arguments is called inline; the rest in the loop.
 */
function call(arg: number, d: number, next: number, toLoop: string, label: string): string {
  const base = d - arg - 2;
  const argsOf = (from: number): string => {
    const xs: string[] = [];
    for (let i = from; i < d; i++) xs.push(S(i));
    return `[${xs.join(', ')}]`;
  };
  let clear = '';
  for (let i = base; i < d; i++) clear += `${S(i)} = null; `;
  const tooMany = arg + 1 > 3 ? (arg > 3 ? 'true' : 'isMeth') : 'false';
  // the callee's frame nf is current: run its translation here, or leave it to the loop
  const runCallee = resume('0', 'nf');
  return `if (f.kwnames !== null) ${toLoop}
const isMeth = ${S(base)} !== null;
const callable = isMeth ? ${S(base)} : ${S(base + 1)};
const cls = callable.constructor;
if (cls === PyFunction) {
  const n = isMeth ? ${arg + 1} : ${arg};
  const code = callable.code;
  if (code.co_argcount !== n || (code.co_flags & ${SIMPLE_FLAGS_MASK}) !== 0 || code.co_kwonlyargcount !== 0 ||
      I.thread.depth >= rt.options.recursionLimit) ${toLoop}
  fuel--; I.fuel = fuel; // (the callee spends I.fuel from here; taken back when it returns here)
  const nf = I.enterCall(f, callable, ${d}, n, ${base}, ${next});
${runCallee}
} else if (cls === PyType && callable.heapType) {
  if (isMeth || I.thread.depth >= rt.options.recursionLimit) ${toLoop}
  fuel--; I.fuel = fuel;
  const nf = I.enterInit(f, callable, ${d}, ${arg}, ${base}, ${next});
  if (nf === null) { fuel = I.fuel + 1; ${toLoop} }
${runCallee}
} else {
  if (${tooMany}) ${toLoop}
  if (cls === PyBuiltinFunction) { if (callable.self !== undefined || (${arg} !== 0 || isMeth) && mayResume(callable)) ${toLoop} }
  else if (cls !== PyType || callable.heapType || callable.construct === null) ${toLoop}
  fuel--;${arg === 1 ? `
  if (callable === LIST_APPEND && isMeth && ${S(base + 1)}.constructor === PyList) {
    // l.append(x), as CPython 3.11's PRECALL_NO_KW_LIST_APPEND: the stack's reference to x moves into the list
    const l = ${S(base + 1)}, v = ${S(base + 2)};
    ${S(base + 1)} = null; ${S(base + 2)} = null;
    f.pc = ${next}; f.sp = ${base};
    // (growing it can raise MemoryError: the list's and the method's references go either way)
    ${synced('try { listAppendOwned(rt, l, v); } finally { if (--l.rc === 0) rt.dealloc(l); rt.decref(callable); }')}
    ${S(base)} = None;
    break ${label};
  }` : ''}
  const args = isMeth ? ${argsOf(base + 1)} : ${argsOf(base + 2)};
  ${clear}
  f.pc = ${next}; f.sp = ${base};
  let r;
  ${synced('try { r = I.callValue(callable, args, null); } finally { rt.decref(callable); }')}
  ${S(base)} = r;
}`;
}

/** Flags that need the general argument binder or a generator start (as the loop's SIMPLE_FLAGS_MASK). */
const SIMPLE_FLAGS_MASK = CO.VARARGS | CO.VARKEYWORDS | CO.GENERATOR | CO.COROUTINE | CO.ASYNC_GENERATOR;
