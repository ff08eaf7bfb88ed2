/*
 * Tracebacks, recorded as an exception leaves each frame and printed in
 * CPython 3.11's format: "Traceback (most recent call last):", one
 * `  File "x", line N, in name` entry per frame with its source line, the
 * 3.11 position markers (~~~^^^) under the failing expression when it does
 * not cover the whole line, and chained exceptions.
 */

import { PyBaseException } from '../runtime/types/exceptions';
import type { Runtime } from '../runtime/runtime';
import { None } from '../runtime/types/singletons';
import { excStr, str as pyStr } from '../runtime/types/repr';
import { PyFunction } from '../runtime/function';
import { parse } from '../syntax/parser';
import { suggestionFor } from '../runtime/suggestions';
import type { Frame } from './frame';
import type { CodeObject } from '../bytecode/code';

export interface TbEntry {
  filename: string;
  name: string;
  line: number;
  endLine: number;
  col: number;
  endCol: number;
}


/**
 * Record that `exc` passed through frame `f` (at its current instruction): only the code and the
 * instruction, innermost first (a push), made into entries when printed. A common exception
 * caught at once (a KeyError in a loop) is raised many times and printed never.
 */
export function addTraceback(exc: PyBaseException, f: Frame): void {
  const mark: TbMark = { code: f.code, i: Math.max(0, f.pc - 1) };
  // A field, not a WeakMap: a WeakMap entry per raised exception costs the JS collector (ephemerons).
  const list = exc.tbEntries as TbMark[] | null;
  if (list === null) exc.tbEntries = [mark];
  else list.push(mark);
}

interface TbMark { code: CodeObject; i: number }

/** The entries of `exc`'s traceback, outermost first. */
export function tracebackEntries(exc: PyBaseException): TbEntry[] {
  const marks = (exc.tbEntries as TbMark[] | null) ?? [];
  const out: TbEntry[] = [];
  for (let j = marks.length - 1; j >= 0; j--) {
    const { code: c, i } = marks[j];
    // an instruction without a line of its own (-1) takes the last line before it (as Frame.currentLine)
    let line = c.lines[i];
    for (let k = i; line < 0 && k >= 0; k--) line = c.lines[k];
    out.push({
      filename: c.co_filename, name: c.co_name, line: line < 0 ? c.co_firstlineno : line,
      endLine: c.endLines[i], col: c.cols[i], endCol: c.endCols[i],
    });
  }
  return out;
}

function markers(entry: TbEntry, lineText: string): string | null {
  if (entry.col < 0 || entry.endLine !== entry.line || entry.endCol < 0) return null;
  const stripped = lineText.trimStart();
  const indent = lineText.length - stripped.length;
  const seg = lineText.slice(entry.col, entry.endCol);
  const wholeLine = entry.col <= indent && entry.endCol >= lineText.trimEnd().length;
  let marks = '^'.repeat(seg.length);
  let anchored = false;
  // 3.11 anchors: binary operators and subscripts get ~ for operands, ^ for the operator or index.
  const r = parse(seg, '<tb>');
  if (r.ok && r.module.body.length === 1 && r.module.body[0]._type === 'Expr') {
    const node = r.module.body[0].value;
    if (node._type === 'BinOp') {
      const left = node.left; const right = node.right;
      let opStart = left.end_col_offset;
      while (opStart < seg.length && /[\s)]/.test(seg[opStart])) opStart++;
      let opEnd = opStart;
      while (opEnd < right.col_offset && !/[\s(]/.test(seg[opEnd])) opEnd++;
      marks = '~'.repeat(opStart) + '^'.repeat(opEnd - opStart) + '~'.repeat(seg.length - opEnd);
      anchored = opEnd > opStart;
    } else if (node._type === 'Subscript') {
      const vEnd = node.value.end_col_offset;
      let open = vEnd;
      while (open < seg.length && seg[open] !== '[') open++;
      marks = '~'.repeat(open) + '^'.repeat(seg.length - open);
      anchored = seg.length > open;
    }
  }
  // 3.11 (traceback.py): markers appear when the expression is not the whole line, or when it has anchors.
  if (wholeLine && !anchored) return null;
  return ' '.repeat(entry.col - indent + 4) + marks;
}

function formatOne(rt: Runtime, exc: PyBaseException, sources: Map<string, string[]>): string {
  let out = '';
  const entries = tracebackEntries(exc);
  if (entries.length) {
    out += 'Traceback (most recent call last):\n';
    // traceback.py prints a run of identical entries three times, then one line for the rest.
    let last = '';
    let repeats = 0;
    const flushRepeats = () => {
      if (repeats > 3) out += `  [Previous line repeated ${repeats - 3} more time${repeats - 3 === 1 ? '' : 's'}]\n`;
    };
    for (const e of entries) {
      const key = `${e.filename}:${e.line}:${e.name}`;
      if (key === last) {
        repeats++;
        if (repeats > 3) continue;
      } else {
        flushRepeats();
        last = key;
        repeats = 1;
      }
      out += `  File "${e.filename}", line ${e.line}, in ${e.name}\n`;
      const text = sources.get(e.filename)?.[e.line - 1];
      if (text !== undefined && text.trim() !== '') {
        out += `    ${text.trim()}\n`;
        const m = markers(e, text);
        if (m !== null) out += m + '\n';
      }
    }
    flushRepeats();
  }
  const msg = message(rt, exc);
  // traceback.py qualifies the name only outside __main__ and builtins.
  const mod = exc.cls.module;
  const name = mod !== '__main__' && mod !== 'builtins' ? `${mod}.${exc.cls.qualname}` : exc.cls.qualname;
  const hint = suggestionFor(exc);
  out += (msg === '' ? name : `${name}: ${msg}`) + (hint === null ? '' : `. Did you mean: '${hint}'?`) + '\n';
  return out;
}

/** The whole text CPython prints for an uncaught exception, chains included. */
export function formatException(rt: Runtime, exc: PyBaseException, sources: Map<string, string[]>, seen = new Set<PyBaseException>()): string {
  seen.add(exc);
  let prefix = '';
  const cause = exc.cause;
  const context = exc.context;
  if (cause !== None && !seen.has(cause as PyBaseException)) {
    prefix = formatException(rt, cause as PyBaseException, sources, seen) +
      '\nThe above exception was the direct cause of the following exception:\n\n';
  } else if (context !== None && !exc.suppressContext && !seen.has(context as PyBaseException)) {
    prefix = formatException(rt, context as PyBaseException, sources, seen) +
      '\nDuring handling of the above exception, another exception occurred:\n\n';
  }
  return prefix + formatOne(rt, exc, sources);
}

/** The last line's text: a user class's own __str__ when it has one (traceback.py calls str()), else the args. */
function message(rt: Runtime, exc: PyBaseException): string {
  const own = exc.cls.heapType ? exc.cls.lookup('__str__') : undefined;
  if (!(own instanceof PyFunction)) return excStr(rt, exc);
  try {
    return pyStr(rt, exc);
  } catch (e) {
    if (!(e instanceof PyBaseException)) throw e;
    rt.decref(e);
    return '<exception str() failed>';
  }
}
