/*
 * The SyntaxWarnings CPython 3.11's compiler gives while it compiles (compile.c:
 * check_compare, compiler_assert, check_caller, check_subscripter, check_index),
 * worded as it words them. Each check looks at the folded tree, as the compiler
 * does after ast_opt: `x is -1` warns, `x is None` does not.
 */

import type * as A from '../syntax/ast';
import type { ConstValue } from '../bytecode/code';
import { fold } from './fold';

/**
 * A warning at a line, printed before the program runs (warnings.formatwarning). `span`: the
 * expression or statement it is about, for an editor's squiggle (CPython gives only the line).
 */
export interface CompileWarning { line: number; message: string; span: A.Span }

/** The folded constant of a node, or null when it is not a constant. */
function constant(e: A.Expr): ConstValue | null {
  const f = fold(e);
  return f._type === 'Constant' ? (f as unknown as { value: ConstValue }).value : null;
}

/** check_is_arg: only None, True, False and ... are fine on either side of `is`. */
function isFineForIs(e: A.Expr): boolean {
  const c = constant(e);
  return c === null || c.kind === 'None' || c.kind === 'bool' || c.kind === 'Ellipsis';
}

/** infer_type: the type a literal expression certainly has, or null. */
function literalType(e: A.Expr): string | null {
  const c = constant(e);
  if (c !== null) {
    switch (c.kind) {
      case 'None': return 'NoneType';
      case 'Ellipsis': return 'ellipsis';
      case 'code': return null;
      default: return c.kind;
    }
  }
  switch (e._type) {
    case 'Tuple': return 'tuple';
    case 'List': case 'ListComp': return 'list';
    case 'Dict': case 'DictComp': return 'dict';
    case 'Set': case 'SetComp': return 'set';
    case 'GeneratorExp': return 'generator';
    case 'Lambda': return 'function';
    case 'JoinedStr': case 'FormattedValue': return 'str';
    default: return null;
  }
}

/** check_compare: `is` / `is not` with a literal on either side, once per such operator. */
export function compareWarnings(e: A.Compare): string[] {
  const out: string[] = [];
  let left = isFineForIs(e.left);
  for (let i = 0; i < e.ops.length; i++) {
    const right = isFineForIs(e.comparators[i]);
    const op = e.ops[i];
    if ((op === 'Is' || op === 'IsNot') && (!left || !right)) {
      out.push(op === 'Is' ? '"is" with a literal. Did you mean "=="?' : '"is not" with a literal. Did you mean "!="?');
      break; // compiler_warn returns after the first, as check_compare does
    }
    left = right;
  }
  return out;
}

/** compiler_assert: a non-empty tuple is always true. */
export function assertWarning(test: A.Expr): string | null {
  const c = constant(test);
  const tuple = c !== null ? c.kind === 'tuple' && c.items.length > 0 : test._type === 'Tuple' && test.elts.length > 0;
  return tuple ? 'assertion is always true, perhaps remove parentheses?' : null;
}

/** check_caller: calling a literal. */
export function callWarning(func: A.Expr): string | null {
  const f = fold(func);
  if (f._type === 'Lambda') return null;
  const t = literalType(f);
  return t === null ? null : `'${t}' object is not callable; perhaps you missed a comma?`;
}

/** check_subscripter and check_index: subscripting a literal that cannot be, or with a literal that cannot index it. */
export function subscriptWarning(value: A.Expr, index: A.Expr): string | null {
  const v = fold(value);
  const c = constant(v);
  const unsubscriptable = c !== null
    ? c.kind === 'None' || c.kind === 'Ellipsis' || c.kind === 'int' || c.kind === 'bool' || c.kind === 'float' || c.kind === 'frozenset'
    : v._type === 'Set' || v._type === 'SetComp' || v._type === 'GeneratorExp' || v._type === 'Lambda';
  if (unsubscriptable) return `'${literalType(v)}' object is not subscriptable; perhaps you missed a comma?`;
  const it = literalType(fold(index));
  if (it === null || it === 'int' || it === 'bool') return null;
  const sequence = c !== null
    ? c.kind === 'str' || c.kind === 'tuple'
    : v._type === 'Tuple' || v._type === 'List' || v._type === 'ListComp' || v._type === 'JoinedStr' || v._type === 'FormattedValue';
  return sequence ? `${literalType(v)} indices must be integers or slices, not ${it}; perhaps you missed a comma?` : null;
}

/** warnings.formatwarning's lines for each warning, the source line stripped under it. */
export function formatWarnings(warnings: readonly CompileWarning[], filename: string, source: string): string {
  if (warnings.length === 0) return '';
  const lines = source.split(/\r?\n/);
  return warnings.map((w) => {
    const text = (lines[w.line - 1] ?? '').trim();
    return `${filename}:${w.line}: SyntaxWarning: ${w.message}\n${text ? `  ${text}\n` : ''}`;
  }).join('');
}
