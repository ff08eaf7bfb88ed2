/*
 * The minipy AST. Node kinds and field names follow Python 3.11's `ast` module
 * (https://docs.python.org/3.11/library/ast.html) so that a learner can compare
 * `ast.dump` output with ours, and so the compiler can follow CPython's
 * `compile.c` closely. Every node carries its source span: `lineno` and
 * `end_lineno` are 1-based, `col_offset` and `end_col_offset` are 0-based
 * character offsets (CPython counts UTF-8 bytes; we count code units).
 */

export interface Span {
  lineno: number;
  col_offset: number;
  end_lineno: number;
  end_col_offset: number;
}

export type ExprContext = 'Load' | 'Store' | 'Del';

export type BinOpKind =
  | 'Add' | 'Sub' | 'Mult' | 'MatMult' | 'Div' | 'Mod' | 'Pow'
  | 'LShift' | 'RShift' | 'BitOr' | 'BitXor' | 'BitAnd' | 'FloorDiv';
export type UnaryOpKind = 'Invert' | 'Not' | 'UAdd' | 'USub';
export type BoolOpKind = 'And' | 'Or';
export type CmpOpKind = 'Eq' | 'NotEq' | 'Lt' | 'LtE' | 'Gt' | 'GtE' | 'Is' | 'IsNot' | 'In' | 'NotIn';

/** A constant's value as the parser produced it. Ints beyond 2**53 are bigint; floats are wrapped
 * so that 1.0 and 1 stay distinct; complex numbers are not part of minipy. */
export type ConstantValue =
  | { kind: 'int'; value: number | bigint }
  | { kind: 'float'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'None' }
  | { kind: 'Ellipsis' };

// ---------------------------------------------------------------- module

export interface Module { _type: 'Module'; body: Stmt[]; }

// ---------------------------------------------------------------- statements

export interface Arg extends Span { _type: 'arg'; arg: string; /** The annotation, if any (never evaluated by minipy). */ annotation?: Expr | null; }
export interface Arguments {
  _type: 'arguments';
  posonlyargs: Arg[];
  args: Arg[];
  vararg: Arg | null;
  kwonlyargs: Arg[];
  /** Same length as kwonlyargs; null where the keyword-only argument has no default. */
  kw_defaults: (Expr | null)[];
  kwarg: Arg | null;
  /** Defaults of the last len(defaults) positional arguments. */
  defaults: Expr[];
}
export interface Keyword extends Span { _type: 'keyword'; arg: string | null; value: Expr; }
export interface Alias extends Span { _type: 'alias'; name: string; asname: string | null; }
export interface WithItem { _type: 'withitem'; context_expr: Expr; optional_vars: Expr | null; }
export interface ExceptHandler extends Span { _type: 'ExceptHandler'; type: Expr | null; name: string | null; body: Stmt[]; }
export interface Comprehension { _type: 'comprehension'; target: Expr; iter: Expr; ifs: Expr[]; is_async: boolean; }

export interface FunctionDef extends Span {
  _type: 'FunctionDef' | 'AsyncFunctionDef';
  name: string; args: Arguments; body: Stmt[]; decorator_list: Expr[]; returns: Expr | null;
}
export interface ClassDef extends Span {
  _type: 'ClassDef'; name: string; bases: Expr[]; keywords: Keyword[]; body: Stmt[]; decorator_list: Expr[];
}
export interface Return extends Span { _type: 'Return'; value: Expr | null; }
export interface Delete extends Span { _type: 'Delete'; targets: Expr[]; }
export interface Assign extends Span { _type: 'Assign'; targets: Expr[]; value: Expr; }
export interface AugAssign extends Span { _type: 'AugAssign'; target: Expr; op: BinOpKind; value: Expr; }
export interface AnnAssign extends Span { _type: 'AnnAssign'; target: Expr; annotation: Expr; value: Expr | null; simple: boolean; }
export interface For extends Span { _type: 'For' | 'AsyncFor'; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[]; }
export interface While extends Span { _type: 'While'; test: Expr; body: Stmt[]; orelse: Stmt[]; }
export interface If extends Span { _type: 'If'; test: Expr; body: Stmt[]; orelse: Stmt[]; }
export interface With extends Span { _type: 'With' | 'AsyncWith'; items: WithItem[]; body: Stmt[]; }
export interface Raise extends Span { _type: 'Raise'; exc: Expr | null; cause: Expr | null; }
export interface Try extends Span { _type: 'Try'; body: Stmt[]; handlers: ExceptHandler[]; orelse: Stmt[]; finalbody: Stmt[]; }
export interface Assert extends Span { _type: 'Assert'; test: Expr; msg: Expr | null; }
export interface Import extends Span { _type: 'Import'; names: Alias[]; }
export interface ImportFrom extends Span { _type: 'ImportFrom'; module: string | null; names: Alias[]; level: number; }
export interface Global extends Span { _type: 'Global'; names: string[]; }
export interface Nonlocal extends Span { _type: 'Nonlocal'; names: string[]; }
export interface ExprStmt extends Span { _type: 'Expr'; value: Expr; }
export interface Pass extends Span { _type: 'Pass'; }
export interface Break extends Span { _type: 'Break'; }
export interface Continue extends Span { _type: 'Continue'; }

export type Stmt =
  | FunctionDef | ClassDef | Return | Delete | Assign | AugAssign | AnnAssign | For | While | If
  | With | Raise | Try | Assert | Import | ImportFrom | Global | Nonlocal | ExprStmt | Pass
  | Break | Continue;

// ---------------------------------------------------------------- expressions

export interface BoolOp extends Span { _type: 'BoolOp'; op: BoolOpKind; values: Expr[]; }
export interface NamedExpr extends Span { _type: 'NamedExpr'; target: Name; value: Expr; }
export interface BinOp extends Span { _type: 'BinOp'; left: Expr; op: BinOpKind; right: Expr; }
export interface UnaryOp extends Span { _type: 'UnaryOp'; op: UnaryOpKind; operand: Expr; }
export interface Lambda extends Span { _type: 'Lambda'; args: Arguments; body: Expr; }
export interface IfExp extends Span { _type: 'IfExp'; test: Expr; body: Expr; orelse: Expr; }
export interface Dict extends Span { _type: 'Dict'; /** null key means `**value` */ keys: (Expr | null)[]; values: Expr[]; }
export interface SetExpr extends Span { _type: 'Set'; elts: Expr[]; }
export interface ListComp extends Span { _type: 'ListComp'; elt: Expr; generators: Comprehension[]; }
export interface SetComp extends Span { _type: 'SetComp'; elt: Expr; generators: Comprehension[]; }
export interface DictComp extends Span { _type: 'DictComp'; key: Expr; value: Expr; generators: Comprehension[]; }
export interface GeneratorExp extends Span { _type: 'GeneratorExp'; elt: Expr; generators: Comprehension[]; }
export interface Await extends Span { _type: 'Await'; value: Expr; }
export interface Yield extends Span { _type: 'Yield'; value: Expr | null; }
export interface YieldFrom extends Span { _type: 'YieldFrom'; value: Expr; }
export interface Compare extends Span { _type: 'Compare'; left: Expr; ops: CmpOpKind[]; comparators: Expr[]; }
export interface Call extends Span { _type: 'Call'; func: Expr; args: Expr[]; keywords: Keyword[]; }
/** conversion: -1 none, 115 's', 114 'r', 97 'a' (as in Python's ast). */
export interface FormattedValue extends Span { _type: 'FormattedValue'; value: Expr; conversion: number; format_spec: JoinedStr | null; }
export interface JoinedStr extends Span { _type: 'JoinedStr'; values: Expr[]; }
export interface Constant extends Span { _type: 'Constant'; value: ConstantValue; }
export interface Attribute extends Span { _type: 'Attribute'; value: Expr; attr: string; ctx: ExprContext; }
export interface Subscript extends Span { _type: 'Subscript'; value: Expr; slice: Expr; ctx: ExprContext; }
export interface Starred extends Span { _type: 'Starred'; value: Expr; ctx: ExprContext; }
export interface Name extends Span { _type: 'Name'; id: string; ctx: ExprContext; }
export interface List extends Span { _type: 'List'; elts: Expr[]; ctx: ExprContext; }
export interface Tuple extends Span { _type: 'Tuple'; elts: Expr[]; ctx: ExprContext; }
export interface Slice extends Span { _type: 'Slice'; lower: Expr | null; upper: Expr | null; step: Expr | null; }

export type Expr =
  | BoolOp | NamedExpr | BinOp | UnaryOp | Lambda | IfExp | Dict | SetExpr | ListComp | SetComp
  | DictComp | GeneratorExp | Await | Yield | YieldFrom | Compare | Call | FormattedValue
  | JoinedStr | Constant | Attribute | Subscript | Starred | Name | List | Tuple | Slice;

export type Node = Module | Stmt | Expr | Arg | Arguments | Keyword | Alias | WithItem | ExceptHandler | Comprehension;
