/*
 * Constant folding as CPython 3.11's Python/ast_opt.c does it before code
 * generation: unary and binary operators on constants (with its size limits),
 * tuples of constants, and `x in [consts]` / `for x in [consts]` as tuples.
 * Folded nodes are new objects: the parser's tree is never changed.
 */

import type * as A from '../syntax/ast';
import type { ConstValue } from '../bytecode/code';
import { floatPowResult, floatFloorDivValue, floatModValue } from '../runtime/types/float-math';

/** A Constant node whose value may also be a tuple (only the compiler makes these). */
export type FoldedConstant = Omit<A.Constant, 'value'> & { value: ConstValue };

const MAX_INT_BITS = 128, MAX_COLLECTION = 256, MAX_STR = 4096;

const cache = new WeakMap<A.Expr, A.Expr>();

function isConst(e: A.Expr): e is A.Constant { return e._type === 'Constant'; }
function cv(e: A.Expr): ConstValue { return (e as unknown as FoldedConstant).value; }

/** A folded constant (ast_opt's make_const): its object is the parser arena's too (parsedConst). */
function make(span: A.Span, folded: ConstValue): A.Expr {
  const value: ConstValue = folded.kind === 'tuple' || folded.kind === 'frozenset' ? { ...folded, arena: true } : folded;
  const n: FoldedConstant = { _type: 'Constant', value, lineno: span.lineno, col_offset: span.col_offset, end_lineno: span.end_lineno, end_col_offset: span.end_col_offset };
  return n as unknown as A.Expr;
}

function intOf(c: ConstValue): bigint | null {
  if (c.kind === 'int') return BigInt(c.value);
  if (c.kind === 'bool') return c.value ? 1n : 0n;
  return null;
}
function numOf(c: ConstValue): number | null {
  if (c.kind === 'float') return c.value;
  const i = intOf(c);
  return i === null ? null : Number(i);
}
function normInt(v: bigint): ConstValue | null {
  const bits = v < 0n ? (-v).toString(2).length : v.toString(2).length;
  if (bits > MAX_INT_BITS) return null;
  return { kind: 'int', value: v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v };
}
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function floatConst(r: ReturnType<typeof floatPowResult>): ConstValue | null {
  return typeof r === 'number' ? { kind: 'float', value: r } : null;
}

function binop(op: A.BinOpKind, l: ConstValue, r: ConstValue): ConstValue | null {
  // bool & | ^ bool stays a bool (bool's own __and__, __or__, __xor__).
  if (l.kind === 'bool' && r.kind === 'bool' && (op === 'BitAnd' || op === 'BitOr' || op === 'BitXor')) {
    return { kind: 'bool', value: op === 'BitAnd' ? l.value && r.value : op === 'BitOr' ? l.value || r.value : l.value !== r.value };
  }
  const a = intOf(l), b = intOf(r);
  if (a !== null && b !== null) {
    switch (op) {
      case 'Add': return normInt(a + b);
      case 'Sub': return normInt(a - b);
      case 'Mult': return normInt(a * b);
      case 'FloorDiv': return b === 0n ? null : normInt(floorDiv(a, b));
      case 'Mod': return b === 0n ? null : normInt(a - floorDiv(a, b) * b);
      case 'Pow':
        if (b < 0n) return a === 0n ? null : floatConst(floatPowResult(Number(a), Number(b)));
        if (a !== 0n && a !== 1n && a !== -1n && b * BigInt(Math.max(1, (a < 0n ? -a : a).toString(2).length)) > BigInt(MAX_INT_BITS)) return null;
        return normInt(a ** b);
      case 'LShift':
        if (b < 0n || b > BigInt(MAX_INT_BITS)) return null;
        return normInt(a << b);
      case 'RShift': return b < 0n ? null : normInt(a >> b);
      case 'BitAnd': return normInt(a & b);
      case 'BitOr': return normInt(a | b);
      case 'BitXor': return normInt(a ^ b);
      case 'Div': return b === 0n ? null : { kind: 'float', value: Number(a) / Number(b) };
      default: return null;
    }
  }
  if (l.kind === 'str' && r.kind === 'str' && op === 'Add') {
    return l.value.length + r.value.length > MAX_STR ? null : { kind: 'str', value: l.value + r.value };
  }
  if (l.kind === 'str' && b !== null && op === 'Mult') {
    return b < 0n || l.value.length * Number(b) > MAX_STR ? null : { kind: 'str', value: l.value.repeat(Number(b)) };
  }
  if (l.kind === 'tuple' && b !== null && op === 'Mult') {
    if (b < 0n || l.items.length * Number(b) > MAX_COLLECTION) return null;
    const items: ConstValue[] = [];
    for (let i = 0n; i < b; i++) items.push(...l.items);
    return { kind: 'tuple', items };
  }
  const x = numOf(l), y = numOf(r);
  if (x === null || y === null || (l.kind !== 'float' && r.kind !== 'float')) return null;
  switch (op) {
    case 'Add': return { kind: 'float', value: x + y };
    case 'Sub': return { kind: 'float', value: x - y };
    case 'Mult': return { kind: 'float', value: x * y };
    case 'Div': return y === 0 ? null : { kind: 'float', value: x / y };
    case 'FloorDiv': return y === 0 ? null : { kind: 'float', value: floatFloorDivValue(x, y) };
    case 'Mod': return y === 0 ? null : { kind: 'float', value: floatModValue(x, y) };
    // an operation that raises (2.0 ** 5000 overflows) is left for run time, as ast_opt.c does
    case 'Pow': return floatConst(floatPowResult(x, y));
    default: return null;
  }
}

function unary(op: A.UnaryOpKind, c: ConstValue): ConstValue | null {
  const i = intOf(c);
  switch (op) {
    case 'USub':
      if (i !== null) return normInt(-i);
      return c.kind === 'float' ? { kind: 'float', value: -c.value } : null;
    case 'UAdd':
      if (i !== null) return normInt(i);
      return c.kind === 'float' ? c : null;
    case 'Invert': return i !== null ? normInt(-i - 1n) : null;
    case 'Not': return null;
  }
}

/** The folded form of an expression (the same node when nothing folds). */
export function fold(e: A.Expr): A.Expr {
  const hit = cache.get(e);
  if (hit) return hit;
  let out = e;
  switch (e._type) {
    case 'BinOp': {
      const l = fold(e.left), r = fold(e.right);
      if (isConst(l) && isConst(r)) { const v = binop(e.op, cv(l), cv(r)); if (v) out = make(e, v); }
      break;
    }
    case 'UnaryOp': {
      const o = fold(e.operand);
      if (isConst(o)) { const v = unary(e.op, cv(o)); if (v) out = make(e, v); }
      break;
    }
    case 'Tuple': {
      if (e.ctx !== 'Load') break;
      const elts = e.elts.map(fold);
      if (elts.every(isConst)) out = make(e, { kind: 'tuple', items: elts.map(cv) });
      break;
    }
  }
  cache.set(e, out);
  return out;
}

/** `x in [1, 2]` and `for x in [1, 2]`: a list or set of constants used only for iteration becomes a tuple. */
export function foldIterable(e: A.Expr): A.Expr {
  if (e._type === 'List' && !e.elts.some((x) => x._type === 'Starred')) {
    // fold_iter: a list becomes a tuple, a constant one when all its items are constants
    if (e.elts.every((x) => fold(x)._type === 'Constant')) return make(e, { kind: 'tuple', items: e.elts.map((x) => cv(fold(x))) });
    return { ...e, _type: 'Tuple' };
  }
  if (e._type === 'Set' && e.elts.every((x) => fold(x)._type === 'Constant')) {
    return make(e, { kind: 'frozenset', items: e.elts.map((x) => cv(fold(x))) }); // fold_iter: a constant set becomes a frozenset
  }
  return fold(e);
}

export function constOf(e: A.Expr): ConstValue | null {
  const f = fold(e);
  return f._type === 'Constant' ? cv(f) : null;
}
