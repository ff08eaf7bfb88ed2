/*
 * The syntax stage's public face: parse() source into the AST of ast.ts (or a
 * Diagnostic), formatSyntaxError() to print one as python3 does, and the
 * tokenizer for tools that want tokens.
 */

export { parse } from './parser';
export type { ParseResult } from './parser';
export { formatSyntaxError } from './errors';
export { tokenize } from './tokenizer';
export { TokenType } from './tokens';
export type { Token } from './tokens';
export type * from './ast';
