/*
 * The tokenizer: source text -> Token[] with explicit NEWLINE/INDENT/DEDENT,
 * following CPython 3.11's tokenizer.c rules (implicit joining inside
 * brackets, backslash continuation, tab/space consistency, number and string
 * literal shapes) and its error messages and positions. It scans the whole
 * source at once; a tokenizer error stops the scan and is handed to the
 * parser, which reports it when it reaches that point (as CPython's lazy
 * tokenizer would) or when it would otherwise report a generic error.
 */

import { SyntaxFault } from './errors';
import { SourceLines } from './source-lines';
import { OPERATORS, Token, TokenType } from './tokens';

// Local aliases: module exports are getters under some loaders, too slow for the hot path.
const TT = TokenType;

export type TokenErrorKind = 'raised' | 'reached' | 'unclosed';

export interface TokenizeResult {
  tokens: Token[];
  lines: SourceLines;
  /** An error that ended the scan; the last token (ENDMARKER) sits where it happened. */
  error: SyntaxFault | null;
  /** How the error competes with parser errors, as in CPython 3.11 (pegen_errors.c):
   * 'raised' -- the tokenizer raises it itself (bad literal, bad character, unmatched bracket); CPython
   *   tokenizes the rest of the file after any parser error, so it wins even if it comes later;
   * 'reached' -- only reported when the parser gets there (indentation, TabError, continuation
   *   character, and minipy's NotSupported literals);
   * 'unclosed' -- "'(' was never closed" at end of file: wins at EOF, or over a parser error found on a
   *   later line than the bracket. */
  errorKind: TokenErrorKind;
}

/** CPython's limits (tokenizer.h MAXINDENT, MAXLEVEL). */
const MAX_INDENT = 100;
const MAX_LEVEL = 200;

const OPS_BY_FIRST = new Map<string, string[]>();
for (const op of OPERATORS) {
  const list = OPS_BY_FIRST.get(op[0]) ?? [];
  list.push(op);
  OPS_BY_FIRST.set(op[0], list);
}

const ID_START = /[\p{L}\p{Nl}_\u1885\u1886\u2118\u212E\u309B\u309C]/u;
const ID_CONTINUE = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_\u00B7\u0387\u1369-\u1371\u19DA\u1885\u1886\u2118\u212E\u309B\u309C]/u;

function isAsciiIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isAsciiIdChar(c: number): boolean {
  return isAsciiIdStart(c) || (c >= 48 && c <= 57);
}
/** CPython's is_potential_identifier_char: any non-ASCII byte counts. */
function isPotentialIdChar(c: number): boolean {
  return isAsciiIdChar(c) || c >= 128;
}
/** Is c a digit of the literal whose prefix letter (lower-cased code) is x, o or b? */
function radixDigit(prefix: number, c: number): boolean {
  if (prefix === 120) return isDigit(c) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);
  if (prefix === 111) return c >= 48 && c <= 55;
  return c === 48 || c === 49;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const STRING_PREFIXES = new Set(['r', 'u', 'f', 'b', 'br', 'rb', 'fr', 'rf']);

class Tokenizer {
  readonly tokens: Token[] = [];
  readonly lines: SourceLines;
  private pos = 0;
  private readonly src: string;
  private readonly indents: number[] = [0];
  private readonly altIndents: number[] = [0];
  /** Open brackets: the char and its offset. */
  private readonly parens: { ch: string; at: number }[] = [];
  private atLineStart = true;
  private readonly names = new Map<number, string[]>();
  /** Start and end of a comment just scanned on this line: CPython's NEWLINE token covers it. */
  private commentStart = -1;
  private commentEnd = -1;

  constructor(source: string) {
    this.src = source;
    this.lines = new SourceLines(source);
  }

  private col(offset: number): number {
    return this.lines.colOf(offset);
  }

  /** An error whose 1-based offset is the 0-based column of `cur` (CPython's syntaxerror(tok)). */
  private errAtCur(msg: string, cur: number): SyntaxFault {
    const line = this.lines.lineOf(cur);
    const c = this.col(cur);
    return new SyntaxFault('SyntaxError', msg, line, c, line, c);
  }

  private errAt(type: SyntaxFault['type'], msg: string, start: number, endOffset1?: number): SyntaxFault {
    const line = this.lines.lineOf(start);
    const c = this.col(start) + 1;
    return new SyntaxFault(type, msg, line, c, line, endOffset1 ?? c);
  }

  private push(type: TokenType, start: number, length: number, text: string): Token {
    const t: Token = { type, start, length, text };
    if (type === TT.NUMBER) this.pos = start + length;
    this.tokens.push(t);
    return t;
  }

  run(): void {
    const src = this.src;
    const n = src.length;
    for (;;) {
      if (this.atLineStart && this.parens.length === 0) {
        if (this.indentation()) continue;
        if (this.pos >= n) break;
      }
      this.atLineStart = false;
      // Skip blanks between tokens.
      let c = src.charCodeAt(this.pos);
      while (c === 32 || c === 9 || c === 12) c = src.charCodeAt(++this.pos);
      if (this.pos >= n) break;
      const start = this.pos;
      if (c === 35) {
        // Comment: runs to end of line; the newline is handled next round.
        while (this.pos < n && src.charCodeAt(this.pos) !== 10 && src.charCodeAt(this.pos) !== 13) this.pos++;
        this.commentStart = start;
        this.commentEnd = this.pos;
        continue;
      }
      if (c === 10 || c === 13) {
        const len = c === 13 && src.charCodeAt(this.pos + 1) === 10 ? 2 : 1;
        this.pos += len;
        if (this.parens.length === 0) this.newline(start);
        this.commentStart = -1;
        continue;
      }
      if (c === 92) {
        // Backslash continuation: must be followed directly by a line end.
        const d = src.charCodeAt(this.pos + 1);
        if (d === 10 || d === 13) {
          this.pos += d === 13 && src.charCodeAt(this.pos + 2) === 10 ? 3 : 2;
          if (this.pos >= n) throw this.errAtCur('unexpected EOF while parsing', this.pos);
          continue;
        }
        if (this.pos + 1 >= n) throw this.errAtCur('unexpected EOF while parsing', this.pos + 1);
        const line = this.lines.lineOf(start);
        throw new SyntaxFault('SyntaxError', 'unexpected character after line continuation character',
          line, this.col(start) + 2, line, 0);
      }
      if (isAsciiIdStart(c) || (c >= 128 && this.isIdStartAt(this.pos))) {
        this.name(start);
        continue;
      }
      if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(this.pos + 1)))) {
        this.number(start);
        continue;
      }
      if (c === 34 || c === 39) {
        this.string(start, start);
        continue;
      }
      this.operator(start);
    }
    this.finish();
  }

  /** A NEWLINE token is empty, placed at the line end, or spans the comment that precedes it (as CPython's). */
  private newline(at: number): void {
    if (this.commentStart >= 0) this.push(TT.NEWLINE, this.commentStart, this.commentEnd - this.commentStart, '\n');
    else this.push(TT.NEWLINE, at, 0, '\n');
    this.atLineStart = true;
  }

  private trimmedLength(): number {
    let e = this.src.length;
    if (this.src.charCodeAt(e - 1) === 10) e--;
    if (this.src.charCodeAt(e - 1) === 13) e--;
    return e;
  }

  private isIdStartAt(p: number): boolean {
    const cp = this.src.codePointAt(p)!;
    return ID_START.test(String.fromCodePoint(cp));
  }

  /** Handle indentation at the start of a logical line. Returns true if the line was blank and skipped. */
  private indentation(): boolean {
    const src = this.src;
    const n = src.length;
    let col = 0;
    let alt = 0;
    let p = this.pos;
    for (; p < n; p++) {
      const c = src.charCodeAt(p);
      if (c === 32) { col++; alt++; }
      else if (c === 9) { col = (Math.floor(col / 8) + 1) * 8; alt++; }
      else if (c === 12) { col = 0; alt = 0; }
      else break;
    }
    const c = src.charCodeAt(p);
    if (p >= n || c === 35 || c === 10 || c === 13) {
      // Blank or comment-only line: no tokens, no indentation change.
      if (p >= n) { this.pos = p; return false; }
      if (c === 35) while (p < n && src.charCodeAt(p) !== 10 && src.charCodeAt(p) !== 13) p++;
      if (p >= n) { this.pos = p; return false; }
      p += src.charCodeAt(p) === 13 && src.charCodeAt(p + 1) === 10 ? 2 : 1;
      this.pos = p;
      return true;
    }
    this.pos = p;
    this.atLineStart = false;
    const top = this.indents.length - 1;
    if (col === this.indents[top]) {
      if (alt !== this.altIndents[top]) throw this.tabError(p);
    } else if (col > this.indents[top]) {
      if (this.indents.length >= MAX_INDENT) {
        throw this.errAt('IndentationError', 'too many levels of indentation', p);
      }
      if (alt <= this.altIndents[top]) throw this.tabError(p);
      this.indents.push(col);
      this.altIndents.push(alt);
      const lineStart = this.lines.starts[this.lines.lineOf(p) - 1];
      this.push(TT.INDENT, lineStart, p - lineStart, '');
    } else {
      const before = this.tokens.length;
      while (this.indents.length > 1 && col < this.indents[this.indents.length - 1]) {
        this.indents.pop();
        this.altIndents.pop();
        this.push(TT.DEDENT, p, 0, '');
      }
      if (col !== this.indents[this.indents.length - 1]) {
        // CPython emits none of this line's DEDENTs before the error.
        this.tokens.length = before;
        const line = this.lines.lineOf(p);
        const text = this.lines.lineText(line);
        throw new SyntaxFault('IndentationError', 'unindent does not match any outer indentation level',
          line, text.length + 1, line, -1);
      }
      if (alt !== this.altIndents[this.altIndents.length - 1]) throw this.tabError(p);
    }
    return false;
  }

  private tabError(p: number): SyntaxFault {
    const line = this.lines.lineOf(p);
    return new SyntaxFault('TabError', 'inconsistent use of tabs and spaces in indentation', line, 1, line, 0);
  }

  private name(start: number): void {
    const src = this.src;
    let p = start;
    let ascii = true;
    let hash = 0;
    for (;;) {
      const c = src.charCodeAt(p);
      if (isAsciiIdChar(c)) { hash = (hash * 31 + c) | 0; p++; continue; }
      if (c >= 128 && p < src.length) {
        const cp = src.codePointAt(p)!;
        const ch = String.fromCodePoint(cp);
        if (ID_CONTINUE.test(ch)) { p += ch.length; ascii = false; continue; }
        break;
      }
      break;
    }
    const q = src.charCodeAt(p);
    if ((q === 34 || q === 39) && p - start <= 2 && STRING_PREFIXES.has(src.slice(start, p).toLowerCase())) {
      this.pos = p;
      this.string(start, p);
      return;
    }
    this.pos = p;
    const text = ascii ? this.intern(start, p, hash) : src.slice(start, p).normalize('NFKC');
    this.push(TT.NAME, start, p - start, text);
  }

  /** Names repeat a lot (self, i, print): share one string per spelling instead of slicing each time. */
  private intern(start: number, end: number, hash: number): string {
    const key = (hash ^ (end - start) * 0x9e3779b1) | 0;
    const bucket = this.names.get(key);
    if (bucket !== undefined) {
      for (const s of bucket) if (s.length === end - start && this.src.startsWith(s, start)) return s;
      const text = this.src.slice(start, end);
      bucket.push(text);
      return text;
    }
    const text = this.src.slice(start, end);
    this.names.set(key, [text]);
    return text;
  }

  private number(start: number): void {
    const src = this.src;
    let p = start;
    const c0 = src.charCodeAt(p);
    const c1 = src.charCodeAt(p + 1) | 0x20;
    if (c0 === 48 && (c1 === 120 || c1 === 111 || c1 === 98)) {
      const kind = c1 === 120 ? 'hexadecimal' : c1 === 111 ? 'octal' : 'binary';

      p += 2;
      let digits = 0;
      for (;;) {
        let c = src.charCodeAt(p);
        if (c === 95) { p++; c = src.charCodeAt(p); }
        if (!radixDigit(c1, c)) {
          if (isDigit(c)) throw this.errAtCur(`invalid digit '${String.fromCharCode(c)}' in ${kind} literal`, p + 1);
          if (digits === 0 || src.charCodeAt(p - 1) === 95) throw this.errAtCur(`invalid ${kind} literal`, p);
          break;
        }
        digits++;
        p++;
      }
      this.endOfNumber(p, kind);
      const text = src.slice(start, p).replace(/_/g, '');
      this.pushInt(start, p, BigInt(text));
      return;
    }
    // Decimal integer or float.
    p = this.digits(p);
    let isFloat = false;
    if (src.charCodeAt(p) === 46) {
      isFloat = true;
      p++;
      if (isDigit(src.charCodeAt(p))) p = this.digits(p);
    }
    const e = src.charCodeAt(p) | 0x20;
    if (e === 101) {
      const ePos = p;
      let q = p + 1;
      const s = src.charCodeAt(q);
      if (s === 43 || s === 45) {
        q++;
        if (!isDigit(src.charCodeAt(q))) throw this.errAtCur('invalid decimal literal', q);
        p = this.digits(q);
        isFloat = true;
      } else if (isDigit(s)) {
        p = this.digits(q);
        isFloat = true;
      } else {
        // `1e` / `1else`: the 'e' is not part of the number.
        this.endOfNumber(ePos, 'decimal');
        p = ePos;
      }
    }
    const jc = src.charCodeAt(p) | 0x20;
    if (jc === 106) {
      const line = this.lines.lineOf(start);
      throw new SyntaxFault('NotSupported', 'complex numbers (imaginary literals) are not supported in minipy',
        line, this.col(start) + 1, line, this.col(p + 1) + 1);
    }
    this.endOfNumber(p, 'decimal');
    const text = src.slice(start, p).replace(/_/g, '');
    if (isFloat) {
      const t = this.push(TT.NUMBER, start, p - start, src.slice(start, p));
      t.num = { kind: 'float', value: parseFloat(text) };
      return;
    }
    if (text.length > 1 && text[0] === '0' && /[1-9]/.test(text)) {
      const line = this.lines.lineOf(start);
      const c = this.col(start) + 1;
      throw new SyntaxFault('SyntaxError',
        'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
        line, c, line, c + 1);
    }
    this.pushInt(start, p, text.length <= 15 ? Number(text) : BigInt(text));
  }

  private pushInt(start: number, end: number, v: number | bigint): void {
    const t = this.push(TT.NUMBER, start, end - start, this.src.slice(start, end));
    let value = v;
    if (typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER)) value = Number(value);
    t.num = { kind: 'int', value };
  }

  /** Decimal digits with single underscores between them. */
  private digits(p: number): number {
    const src = this.src;
    for (;;) {
      while (isDigit(src.charCodeAt(p))) p++;
      if (src.charCodeAt(p) !== 95) return p;
      p++;
      if (!isDigit(src.charCodeAt(p))) throw this.errAtCur('invalid decimal literal', p);
    }
  }

  /** CPython's verify_end_of_number: a letter glued to a number is an error, except the keywords
   * that may legally follow one (`1if x else 2`). */
  private endOfNumber(p: number, kind: string): void {
    const c = this.src.charCodeAt(p);
    if (!isPotentialIdChar(c)) return;
    const rest = this.src.slice(p, p + 4);
    if (/^(and|else|for|if|in|is|or|not)/.test(rest)) return;
    throw this.errAtCur(`invalid ${kind} literal`, p);
  }

  /** Scan a string literal whose quote starts at q (prefix, if any, from start). */
  private string(start: number, q: number): void {
    const src = this.src;
    const prefix = src.slice(start, q).toLowerCase();
    const quote = src.charCodeAt(q);
    const triple = src.charCodeAt(q + 1) === quote && src.charCodeAt(q + 2) === quote;
    let p = q + (triple ? 3 : 1);
    const n = src.length;
    for (;;) {
      if (p >= n) {
        const line = this.lines.lineOf(start);
        const c = this.col(start) + 1;
        const last = this.lines.lineOf(n);
        const detected = triple ? (src.endsWith('\n') || src.endsWith('\r') ? last - 1 : last) : this.lines.lineOf(n);
        throw new SyntaxFault('SyntaxError', triple
          ? `unterminated triple-quoted string literal (detected at line ${Math.max(detected, line)})`
          : `unterminated string literal (detected at line ${this.lines.lineOf(this.trimmedLength())})`, line, c, line, c);
      }
      const c = src.charCodeAt(p);
      if (c === 92) { p += src.charCodeAt(p + 1) === 13 && src.charCodeAt(p + 2) === 10 ? 3 : 2; continue; }
      if (!triple && (c === 10 || c === 13)) {
        const line = this.lines.lineOf(start);
        const col = this.col(start) + 1;
        throw new SyntaxFault('SyntaxError', `unterminated string literal (detected at line ${this.lines.lineOf(p)})`,
          line, col, line, col);
      }
      if (c === quote && (!triple || (src.charCodeAt(p + 1) === quote && src.charCodeAt(p + 2) === quote))) {
        p += triple ? 3 : 1;
        break;
      }
      p++;
    }
    if (prefix.includes('b')) {
      // Checked after the scan, so that an unterminated bytes literal is still CPython's error.
      const line = this.lines.lineOf(start);
      throw new SyntaxFault('NotSupported', 'bytes literals are not supported in minipy',
        line, this.col(start) + 1, line, this.col(p) + 1);
    }
    this.pos = p;
    this.push(TT.STRING, start, p - start, src.slice(start, p));
  }

  private operator(start: number): void {
    const src = this.src;
    const ch = src[start];
    const cands = OPS_BY_FIRST.get(ch);
    if (cands === undefined && start < src.length && src.charCodeAt(start) > 32 && src.charCodeAt(start) < 127) {
      // CPython's tokenizer passes unknown ASCII punctuation ($ ? `) to the parser as an operator.
      this.pos = start + 1;
      this.push(TT.OP, start, 1, ch);
      return;
    }
    if (cands === undefined) {
      const cp = src.codePointAt(start)!;
      const s = String.fromCodePoint(cp);
      const hex = cp.toString(16).toUpperCase().padStart(4, '0');
      const printable = !/[\p{C}\p{Z}]/u.test(s) || s === ' ';
      const msg = printable ? `invalid character '${s}' (U+${hex})` : `invalid non-printable character U+${hex}`;
      const line = this.lines.lineOf(start);
      const c = this.col(start) + 1;
      throw new SyntaxFault('SyntaxError', msg, line, c, line, c);
    }
    let op = ch;
    for (const cand of cands) {
      if (src.startsWith(cand, start)) { op = cand; break; }
    }
    this.pos = start + op.length;
    if (op === '(' || op === '[' || op === '{') {
      if (this.parens.length >= MAX_LEVEL) throw this.errAt('SyntaxError', 'too many nested parentheses', start);
      this.parens.push({ ch: op, at: start });
    } else if (op === ')' || op === ']' || op === '}') {
      const open = this.parens.pop();
      if (open === undefined) throw this.errAt('SyntaxError', `unmatched '${op}'`, start);
      const want = open.ch === '(' ? ')' : open.ch === '[' ? ']' : '}';
      if (want !== op) {
        const l1 = this.lines.lineOf(open.at);
        const l2 = this.lines.lineOf(start);
        const msg = l1 === l2
          ? `closing parenthesis '${op}' does not match opening parenthesis '${open.ch}'`
          : `closing parenthesis '${op}' does not match opening parenthesis '${open.ch}' on line ${l1}`;
        throw this.errAt('SyntaxError', msg, start);
      }
    }
    this.push(TT.OP, start, op.length, op);
  }

  private finish(): void {
    const n = this.src.length;
    if (this.parens.length > 0) {
      const open = this.parens[this.parens.length - 1];
      const line = this.lines.lineOf(open.at);
      const c = this.col(open.at) + 1;
      throw new SoftEof(new SyntaxFault('SyntaxError', `'${open.ch}' was never closed`, line, c, line, 0));
    }
    const last = this.tokens[this.tokens.length - 1];
    if (last !== undefined && last.type !== TT.NEWLINE && last.type !== TT.DEDENT && last.type !== TT.INDENT) {
      this.newline(n);
    }
    while (this.indents.length > 1) {
      this.indents.pop();
      this.push(TT.DEDENT, n, 0, '');
    }
    this.push(TT.ENDMARKER, n, 0, '');
  }
}

/** Marks the end-of-file-inside-brackets error, which specific parser errors may override. */
class SoftEof {
  constructor(readonly fault: SyntaxFault) {}
}

export function tokenize(source: string): TokenizeResult {
  const t = new Tokenizer(source);
  let error: SyntaxFault | null = null;
  let errorKind: TokenErrorKind = 'raised';
  try {
    t.run();
  } catch (e) {
    if (e instanceof SoftEof) { error = e.fault; errorKind = 'unclosed'; }
    else if (e instanceof SyntaxFault) { error = e; errorKind = kindOf(e); }
    else throw e;
  }
  if (error !== null) {
    const toks = t.tokens;
    const at = toks.length > 0 ? toks[toks.length - 1].start + toks[toks.length - 1].length : 0;
    toks.push({ type: TT.ENDMARKER, start: errorKind === 'unclosed' ? source.length : at, length: 0, text: '' });
  }
  return { tokens: t.tokens, lines: t.lines, error, errorKind };
}

function kindOf(e: SyntaxFault): TokenErrorKind {
  if (e.type !== 'SyntaxError') return 'reached';
  if (e.msg === 'unexpected character after line continuation character' || e.msg === 'unexpected EOF while parsing') return 'reached';
  return 'raised';
}

