/*
 * How CPython names an expression in "cannot assign to ..." style errors
 * (pegen's _PyPegen_get_expr_name), kept apart so messages stay identical.
 */

import type * as A from './ast';

export function exprName(e: A.Expr): string {
  switch (e._type) {
    case 'Attribute': return 'attribute';
    case 'Subscript': return 'subscript';
    case 'Starred': return 'starred';
    case 'Name': return 'name';
    case 'List': return 'list';
    case 'Tuple': return 'tuple';
    case 'Lambda': return 'lambda';
    case 'Call': return 'function call';
    case 'BoolOp': case 'BinOp': case 'UnaryOp': return 'expression';
    case 'GeneratorExp': return 'generator expression';
    case 'Yield': case 'YieldFrom': return 'yield expression';
    case 'Await': return 'await expression';
    case 'ListComp': return 'list comprehension';
    case 'SetComp': return 'set comprehension';
    case 'DictComp': return 'dict comprehension';
    case 'Dict': return 'dict literal';
    case 'Set': return 'set display';
    case 'JoinedStr': case 'FormattedValue': return 'f-string expression';
    case 'Compare': return 'comparison';
    case 'IfExp': return 'conditional expression';
    case 'NamedExpr': return 'named expression';
    case 'Slice': return 'slice';
    case 'Constant': {
      const v = e.value;
      if (v.kind === 'None') return 'None';
      if (v.kind === 'bool') return v.value ? 'True' : 'False';
      if (v.kind === 'Ellipsis') return 'ellipsis';
      return 'literal';
    }
  }
}
