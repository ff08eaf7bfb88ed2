/*
 * The one place the extension asks the VM whether source parses, so a later
 * compile() entry point (which also catches errors CPython finds after
 * parsing) can replace parse() here without touching the callers.
 */

import { parse } from '../vm/syntax/parser';
import type { Diagnostic } from '../vm/index';

/** The first syntax error, or undefined when the source parses. Never throws. */
export function checkSyntax(source: string, filename: string): Diagnostic | undefined {
  try {
    const result = parse(source, filename);
    return result.ok ? undefined : result.error;
  } catch (err) {
    // A parser bug must not silence the editor; say so where the user looks.
    const msg = `internal error in minipy's parser: ${err instanceof Error ? err.message : String(err)}`;
    return { type: 'InternalError', msg, filename, lineno: 1, offset: 1, end_lineno: 1, end_offset: 1, text: '' };
  }
}
