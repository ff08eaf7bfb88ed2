/*
 * The one place the extension asks the VM whether source is a valid program:
 * the parser's errors, then the compiler's (those CPython also raises as
 * SyntaxError at compile time: 'return' outside function, nonlocal misuse...),
 * and the compiler's SyntaxWarnings.
 */

import { parse } from '../vm/syntax/parser';
import { compileModule } from '../vm/compiler/index';
import type { Diagnostic } from '../vm/index';
import type { CompileWarning } from '../vm/compiler/warnings';

/** The first syntax error, or undefined when the source compiles. Never throws. */
export function checkSyntax(source: string, filename: string): Diagnostic | undefined {
  return checkSource(source, filename).error;
}

/** The first syntax error, or the SyntaxWarnings compiling gives (CPython prints them when it runs). Never throws. */
export function checkSource(source: string, filename: string): { error?: Diagnostic; warnings: readonly CompileWarning[] } {
  const none: readonly CompileWarning[] = [];
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source, filename);
  } catch (err) {
    // A parser bug must not silence the editor; say so where the user looks.
    const msg = `internal error in minipy's parser: ${err instanceof Error ? err.message : String(err)}`;
    return { error: { type: 'InternalError', msg, filename, lineno: 1, offset: 1, end_lineno: 1, end_offset: 1, text: '' }, warnings: none };
  }
  if (!parsed.ok) return { error: parsed.error, warnings: none };
  try {
    const compiled = compileModule(parsed.module, source, filename);
    return compiled.ok ? { warnings: compiled.code.warnings ?? none } : { error: compiled.error, warnings: none };
  } catch {
    // The program parsed; a compiler bug is no fault of the user's code, so the editor stays quiet.
    return { warnings: none };
  }
}
