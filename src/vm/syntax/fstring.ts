/*
 * String atoms: concatenation of adjacent literals and Python 3.11's f-string
 * rules (the literal is tokenized as one STRING; replacement fields are found
 * here, their expressions parsed separately, `{x=}` expanded, `!r/!s/!a`
 * conversions and nested format specs up to two levels). Node positions of
 * the literal pieces follow 3.11: every piece spans the whole string atom.
 */

import type * as A from './ast';
import { SyntaxFault } from './errors';
import { SourceLines } from './source-lines';
import { decodeEscapes, EscapeError, normaliseNewlines, splitString } from './strings';
import type { Token } from './tokens';

type Piece = string | A.FormattedValue;
/** Parses a replacement field's expression text found at a source offset (the parser itself). */
export interface SubParser {
  subExpression(text: string, offset: number): A.Expr;
}

/** Where string-content errors are reported: CPython puts them just past the end of the literal. */
interface ErrSite {
  lines: SourceLines;
  end: number;
}

function failAt(site: ErrSite, msg: string, type: SyntaxFault['type'] = 'SyntaxError'): never {
  const line = site.lines.lineOf(site.end);
  const col = site.end - site.lines.starts[line - 1] + 1;
  throw new SyntaxFault(type, msg, line, col, line, col);
}

export function parseStringAtom(parts: Token[], lines: SourceLines, sub: SubParser): A.Expr {
  const first = parts[0];
  const last = parts[parts.length - 1];
  const start = first.start;
  const end = last.start + last.length;
  const l1 = lines.lineOf(start);
  const l2 = lines.lineOf(end);
  const span: A.Span = {
    lineno: l1, col_offset: start - lines.starts[l1 - 1], end_lineno: l2, end_col_offset: end - lines.starts[l2 - 1],
  };
  const pieces: Piece[] = [];
  let anyF = false;
  for (const t of parts) {
    const raw = splitString(t.text);
    const site: ErrSite = { lines, end: t.start + t.length };
    if (!raw.isF) {
      pieces.push(decode(raw.body, raw.isRaw, site));
      continue;
    }
    anyF = true;
    const ctx: FCtx = { body: raw.body, base: t.start + raw.bodyStart, isRaw: raw.isRaw, sub, span, site };
    const r = scan(ctx, 0, 0);
    if (r.end < raw.body.length) failAt(site, "f-string: single '}' is not allowed");
    pieces.push(...r.pieces);
  }
  if (!anyF) {
    return { _type: 'Constant', value: { kind: 'str', value: (pieces as string[]).join('') }, ...span };
  }
  return { _type: 'JoinedStr', values: merge(pieces, span), ...span };
}

function decode(body: string, isRaw: boolean, site: ErrSite): string {
  if (isRaw) return normaliseNewlines(body);
  try {
    return decodeEscapes(body);
  } catch (e) {
    if (e instanceof EscapeError) return failAt(site, e.msg, e.notSupported ? 'NotSupported' : 'SyntaxError');
    throw e;
  }
}

/** Join neighbouring literal pieces into Constants, dropping empty ones (as CPython does). */
function merge(pieces: Piece[], span: A.Span): A.Expr[] {
  const out: A.Expr[] = [];
  let lit = '';
  for (const p of pieces) {
    if (typeof p === 'string') { lit += p; continue; }
    if (lit !== '') out.push({ _type: 'Constant', value: { kind: 'str', value: lit }, ...span });
    lit = '';
    out.push(p);
  }
  if (lit !== '') out.push({ _type: 'Constant', value: { kind: 'str', value: lit }, ...span });
  return out;
}

interface FCtx {
  body: string;
  base: number;
  isRaw: boolean;
  sub: SubParser;
  span: A.Span;
  site: ErrSite;
}

/** Scan literal text and replacement fields from i; in a format spec (depth > 0) stop at the closing '}'. */
function scan(ctx: FCtx, i: number, depth: number): { pieces: Piece[]; end: number } {
  const { body } = ctx;
  const pieces: Piece[] = [];
  let lit = '';
  while (i < body.length) {
    const c = body[i];
    if (c === '{') {
      if (body[i + 1] === '{' && depth === 0) { lit += '{'; i += 2; continue; }
      if (lit !== '') pieces.push(decode(lit, ctx.isRaw, ctx.site));
      lit = '';
      i = field(ctx, i, depth, pieces);
      continue;
    }
    if (c === '}') {
      if (depth > 0) break;
      if (body[i + 1] === '}') { lit += '}'; i += 2; continue; }
      failAt(ctx.site, "f-string: single '}' is not allowed");
    }
    if (c === '\\' && !ctx.isRaw) {
      // Keep escapes whole so that an escaped quote or \N{...} is not mistaken for a brace.
      if (body[i + 1] === 'N' && body[i + 2] === '{') {
        const close = body.indexOf('}', i);
        const stop = close < 0 ? body.length : close + 1;
        lit += body.slice(i, stop);
        i = stop;
        continue;
      }
      lit += body.slice(i, i + 2);
      i += 2;
      continue;
    }
    lit += c;
    i++;
  }
  if (lit !== '') pieces.push(decode(lit, ctx.isRaw, ctx.site));
  return { pieces, end: i };
}

/** Parse one replacement field starting at the '{' at i; returns the index after its '}'. */
function field(ctx: FCtx, i: number, depth: number, pieces: Piece[]): number {
  const { body } = ctx;
  if (depth >= 2) failAt(ctx.site, 'f-string: expressions nested too deeply');
  const start = i + 1;
  let j = start;
  const stack: string[] = [];
  let quote: string | null = null;
  for (;;) {
    if (j >= body.length) {
      if (quote !== null) failAt(ctx.site, 'f-string: unterminated string');
      if (stack.length > 0) failAt(ctx.site, `f-string: unmatched '${stack[stack.length - 1]}'`);
      failAt(ctx.site, "f-string: expecting '}'");
    }
    const c = body[j];
    if (c === '\\') failAt(ctx.site, 'f-string expression part cannot include a backslash');
    if (quote !== null) {
      if (body.startsWith(quote, j)) { j += quote.length; quote = null; } else j++;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = body.startsWith(c + c + c, j) ? c + c + c : c;
      j += quote.length;
      continue;
    }
    if (c === '#') failAt(ctx.site, "f-string expression part cannot include '#'");
    if (c === '(' || c === '[' || c === '{') { stack.push(c); j++; continue; }
    if (c === ')' || c === ']' || c === '}') {
      if (stack.length === 0) {
        if (c === '}') break;
        failAt(ctx.site, `f-string: unmatched '${c}'`);
      }
      const open = stack.pop()!;
      const want = open === '(' ? ')' : open === '[' ? ']' : '}';
      if (want !== c) failAt(ctx.site, `f-string: closing parenthesis '${c}' does not match opening parenthesis '${open}'`);
      j++;
      continue;
    }
    if (stack.length === 0) {
      const d = body[j + 1];
      if (c === '!' && d !== '=') break;
      if (c === ':') break;
      if (c === '=' && d !== '=' && !'=!<>'.includes(body[j - 1])) break;
    }
    j++;
  }
  const text = body.slice(start, j);
  if (text.trim() === '') {
    const stop = body[j];
    if (stop === '!' || stop === ':' || stop === '=') failAt(ctx.site, `f-string: expression required before '${stop}'`);
    failAt(ctx.site, 'f-string: empty expression not allowed');
  }
  const value = ctx.sub.subExpression(text, ctx.base + start);
  let debugText: string | null = null;
  if (body[j] === '=') {
    j++;
    let k = j;
    while (k < body.length && /\s/.test(body[k])) k++;
    debugText = text + '=' + body.slice(j, k);
    j = k;
  }
  let conversion = -1;
  if (body[j] === '!') {
    const cc = body[j + 1];
    if (cc === undefined) failAt(ctx.site, "f-string: expecting '}'");
    if (cc !== 's' && cc !== 'r' && cc !== 'a') {
      failAt(ctx.site, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
    }
    conversion = cc.charCodeAt(0);
    j += 2;
  }
  let formatSpec: A.JoinedStr | null = null;
  if (body[j] === ':') {
    const r = scan(ctx, j + 1, depth + 1);
    formatSpec = { _type: 'JoinedStr', values: merge(r.pieces, ctx.span), ...ctx.span };
    j = r.end;
  }
  if (body[j] !== '}') failAt(ctx.site, "f-string: expecting '}'");
  j++;
  if (debugText !== null) {
    pieces.push(debugText);
    if (conversion === -1 && formatSpec === null) conversion = 114;
  }
  pieces.push({ _type: 'FormattedValue', value, conversion, format_spec: formatSpec, ...ctx.span });
  return j;
}
