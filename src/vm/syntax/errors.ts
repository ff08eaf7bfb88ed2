/*
 * Syntax diagnostics: the internal exception the tokenizer and parser throw to
 * unwind (caught once, in parse()), and formatSyntaxError, which renders a
 * Diagnostic exactly as `python3 file.py` prints a SyntaxError on stderr.
 */

import type { Diagnostic } from '../index';

/** Thrown inside the syntax stage only; parse() turns it into a Diagnostic. Not a JS Error:
 * no stack capture, and nothing outside this folder ever sees it. */
export class SyntaxFault {
  constructor(
    readonly type: 'SyntaxError' | 'IndentationError' | 'TabError' | 'NotSupported',
    readonly msg: string,
    /** 1-based line, 1-based column (CPython's offset). */
    readonly lineno: number,
    readonly offset: number,
    readonly end_lineno: number,
    readonly end_offset: number,
    /** The line to show, when it is not the source line (f-string expressions are parsed on their own). */
    readonly text?: string,
  ) {}
}

/** Render a diagnostic as CPython 3.11 prints an uncaught SyntaxError (traceback-less). */
export function formatSyntaxError(d: Diagnostic): string {
  const type = d.type;
  let out = `  File "${d.filename}", line ${d.lineno}\n`;
  const text = d.text;
  if (text !== undefined && text !== null && d.lineno > 0) {
    // CPython strips leading blanks of the shown line and shifts the caret with it.
    let i = 0;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\f')) i++;
    const shown = text.slice(i).replace(/[\r\n]+$/, '');
    out += `    ${shown}\n`;
    let offset = d.offset - 1 - i;
    let end = d.end_lineno > d.lineno ? text.length + 1 - 1 - i : d.end_offset - 1 - i;
    if (offset >= 0 && d.offset > 0) {
      if (offset > shown.length) offset = shown.length;
      if (end > shown.length) end = shown.length;
      let count = end - offset;
      if (d.end_offset <= 0 || count < 1) count = 1;
      out += `    ${' '.repeat(offset)}${'^'.repeat(count)}\n`;
    }
  }
  return `${out}${type}: ${d.msg}\n`;
}
