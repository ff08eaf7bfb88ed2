/*
 * Token kinds and the token record the tokenizer produces. Tokens carry only an
 * offset and a length into the source (as pyright's do); line and column are
 * computed on demand from the line-start table (see source-lines.ts).
 */

/** Token kinds, named as CPython's `token` module names them. A plain enum
 * (not `const enum`) so the names survive for debugging output. */
export enum TokenType {
  NAME = 'NAME',
  NUMBER = 'NUMBER',
  STRING = 'STRING',
  OP = 'OP',
  NEWLINE = 'NEWLINE',
  INDENT = 'INDENT',
  DEDENT = 'DEDENT',
  ENDMARKER = 'ENDMARKER',
}

export interface Token {
  type: TokenType;
  /** Offset of the first code unit in the source. */
  start: number;
  length: number;
  /** The token's text: the operator, the name, the raw literal (prefix and quotes included). */
  text: string;
  /** For NUMBER: the parsed value. */
  num?: { kind: 'int'; value: number | bigint } | { kind: 'float'; value: number };
}

/** Python's keywords (3.11 hard keywords); soft keywords (match, case, _) are plain names. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class',
  'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global',
  'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield',
]);

/** Operators, longest first so that a greedy scan finds `**=` before `**` before `*`. */
export const OPERATORS: readonly string[] = [
  '**=', '//=', '>>=', '<<=', '...',
  '!=', '==', '<=', '>=', '->', ':=', '**', '//', '<<', '>>', '<>',
  '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=',
  '(', ')', '[', ']', '{', '}', ',', ':', ';', '.', '+', '-', '*', '/', '%',
  '&', '|', '^', '~', '<', '>', '=', '@', '!',
];
