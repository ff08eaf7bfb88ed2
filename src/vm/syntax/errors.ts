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

/** Render a diagnostic as CPython 3.11 prints an uncaught SyntaxError (traceback-less).
 * Caret rules (pythonrun.c print_error_text): leading blanks are stripped and the caret moves
 * with them; no caret when the offset falls inside that blank prefix or is 0; only plain
 * SyntaxError shows a range (its subclasses get one caret); a range running onto a later
 * line is cut at the end of the shown line. */
export function formatSyntaxError(d: Diagnostic): string {
  let out = `  File "${d.filename}", line ${d.lineno}\n`;
  const text = (d.text ?? '').replace(/[\r\n]+$/, '');
  if (d.lineno > 0 && d.text !== undefined && d.text !== null) {
    let i = 0;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\f')) i++;
    const shown = text.slice(i);
    out += `    ${shown}\n`;
    // 0-based caret start and exclusive end within the shown text.
    let start = d.offset - 1 - i;
    // Parser errors found at end of file carry offset 0 when python3 reads a file (compile() reports
    // one past the line); tokenizer errors such as a bad unindent keep their caret.
    const atEof = d.end_offset === -1 && d.offset > text.length && !d.msg.startsWith('unindent');
    if (d.offset > 0 && start >= 0 && !atEof) {
      if (start > shown.length) start = shown.length;
      let end = start + 1;
      if (d.type === 'SyntaxError' || d.type === 'NotSupported') {
        const endOffset = d.end_lineno > d.lineno ? text.length + 1 : d.end_offset;
        const e = endOffset - 1 - i;
        if (e > start) end = Math.min(e, Math.max(shown.length, start + 1));
      }
      out += `    ${' '.repeat(start)}${'^'.repeat(end - start)}\n`;
    }
  }
  return `${out}${d.type}: ${d.msg}\n`;
}
