/*
 * The expression half of the parser: token cursor, span helpers, error
 * helpers, and a precedence-climbing (Pratt) parser for Python 3.11's
 * expression grammar, from lambda and conditional expressions down to atoms,
 * calls, subscripts, displays and comprehensions. Statements build on this
 * class in parser.ts.
 */

import type * as A from './ast';
import { SyntaxFault } from './errors';
import { SourceLines } from './source-lines';
import { KEYWORDS, Token, TokenType } from './tokens';
import { exprName } from './targets';
import { parseStringAtom } from './fstring';
import type { TokenErrorKind } from './tokenizer';

// Local aliases: module exports are getters under some loaders, too slow for the hot path.
const TT = TokenType;
const KW = KEYWORDS;

/** Binary operators handled by the precedence table: [precedence, ast op]. Higher binds tighter. */
const BIN_OPS: ReadonlyMap<string, [number, A.BinOpKind]> = new Map<string, [number, A.BinOpKind]>([
  ['|', [1, 'BitOr']], ['^', [2, 'BitXor']], ['&', [3, 'BitAnd']],
  ['<<', [4, 'LShift']], ['>>', [4, 'RShift']],
  ['+', [5, 'Add']], ['-', [5, 'Sub']],
  ['*', [6, 'Mult']], ['/', [6, 'Div']], ['//', [6, 'FloorDiv']], ['%', [6, 'Mod']], ['@', [6, 'MatMult']],
]);

const COMPARE_OPS: ReadonlyMap<string, A.CmpOpKind> = new Map<string, A.CmpOpKind>([
  ['==', 'Eq'], ['!=', 'NotEq'], ['<', 'Lt'], ['<=', 'LtE'], ['>', 'Gt'], ['>=', 'GtE'],
]);

/** Nesting limit for recursive constructs, well below what the JS stack can take. */
const MAX_DEPTH = 600;

export interface ParserInput {
  tokens: Token[];
  lines: SourceLines;
  error: SyntaxFault | null;
  errorKind: TokenErrorKind;
}

export class ExprParser {
  protected readonly toks: Token[];
  protected readonly lines: SourceLines;
  protected readonly src: string;
  protected readonly tokError: SyntaxFault | null;
  protected readonly tokErrorKind: TokenErrorKind;
  private readonly hardErrIdx: number;
  protected p = 0;
  /** Furthest token index the parser has looked at (CPython's p->fill). */
  protected maxSeen = 0;
  /** Furthest token fetched at all, speculative look-ahead included (CPython's fill after its error pass). */
  protected maxFetched = 0;
  /** End offset of the last consumed token. */
  protected prevEnd = 0;
  protected depth = 0;
  /** Brackets the parser is currently inside (for "Perhaps you forgot a comma?"). */
  protected nest = 0;
  /** Expressions written in parentheses: `(a) = 1` is fine, `(a): int` is not simple. */
  private parenSet: Set<object> | null = null;

  protected markParenthesized(e: object): void {
    (this.parenSet ??= new Set<object>()).add(e);
  }

  protected isParenthesized(e: object): boolean {
    return this.parenSet !== null && this.parenSet.has(e);
  }

  constructor(input: ParserInput) {
    this.toks = input.tokens;
    this.lines = input.lines;
    this.src = input.lines.source;
    this.tokError = input.error;
    this.tokErrorKind = input.errorKind;
    this.hardErrIdx = input.error !== null && input.errorKind !== 'unclosed' ? input.tokens.length - 1 : Number.MAX_SAFE_INTEGER;
  }

  // ------------------------------------------------------------ cursor

  protected peek(): Token {
    if (this.p >= this.hardErrIdx) throw this.tokError!;
    if (this.p > this.maxSeen) this.maxSeen = this.p;
    return this.toks[this.p];
  }

  protected peekAt(k: number): Token {
    const i = Math.min(this.p + k, this.toks.length - 1);
    if (i >= this.hardErrIdx) throw this.tokError!;
    if (i > this.maxSeen) this.maxSeen = i;
    return this.toks[i];
  }

  protected next(): Token {
    const t = this.peek();
    if (t.type !== TT.ENDMARKER) this.p++;
    this.prevEnd = t.start + t.length;
    return t;
  }

  protected atOp(op: string): boolean {
    const t = this.peek();
    return t.type === TT.OP && t.text === op;
  }

  protected atKw(kw: string): boolean {
    const t = this.peek();
    return t.type === TT.NAME && t.text === kw;
  }

  protected eatOp(op: string): boolean {
    if (!this.atOp(op)) return false;
    this.next();
    return true;
  }

  protected eatKw(kw: string): boolean {
    if (!this.atKw(kw)) return false;
    this.next();
    return true;
  }

  protected expectOp(op: string): Token {
    if (!this.atOp(op)) this.fail();
    return this.next();
  }

  protected isName(t: Token): boolean {
    return t.type === TT.NAME && !KW.has(t.text);
  }

  protected expectName(): Token {
    const t = this.peek();
    if (!this.isName(t)) this.fail();
    return this.next();
  }

  // ------------------------------------------------------------ spans and errors

  /** Scratch span, reused: sp()'s result is only ever spread into a node (copied) at once, which
   * spares the garbage collector one object per node. */
  private readonly scratch: A.Span = { lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 };

  /** The span of source offsets [start, end), valid until the next call: spread it right away. */
  protected sp(start: number, end: number): A.Span {
    const l1 = this.lines.lineOf(start);
    const l2 = end === start ? l1 : this.lines.lineOf(end);
    const s = this.scratch;
    s.lineno = l1;
    s.col_offset = start - this.lines.starts[l1 - 1];
    s.end_lineno = l2;
    s.end_col_offset = end - this.lines.starts[l2 - 1];
    return s;
  }

  protected startOf(n: A.Span): number {
    return this.lines.starts[n.lineno - 1] + n.col_offset;
  }

  protected endOf(n: A.Span): number {
    return this.lines.starts[n.end_lineno - 1] + n.end_col_offset;
  }

  /** The generic "invalid syntax" at a token, unless the tokenizer found an error (CPython reports that instead). */
  /** CPython reports a generic error at the furthest token its first pass looked at. */
  protected fail(t0?: Token): never {
    const cur = t0 ?? this.peek();
    const far = this.toks[Math.min(this.maxSeen, this.toks.length - 1)];
    const t = far.start > cur.start ? far : cur;
    // Reaching the end of file inside brackets is reported as the unclosed bracket.
    if (this.tokError !== null && this.tokErrorKind === 'unclosed' && t.type === TT.ENDMARKER) throw this.tokError;
    if (t.type === TT.INDENT) this.raiseIndentation('unexpected indent', t);
    if (t.type === TT.DEDENT) this.raiseIndentation('unexpected unindent', t);
    if (t.type === TT.ENDMARKER) {
      // The end marker has no column: CPython reports offset 0 on the last line.
      const line = this.lines.lineOf(this.trimmedEnd());
      throw new SyntaxFault('SyntaxError', 'invalid syntax', line, 0, line, 0);
    }
    const line = this.lines.lineOf(t.start);
    const col = t.start - this.lines.starts[line - 1] + 1;
    const len = t.length;
    throw new SyntaxFault('SyntaxError', 'invalid syntax', line, col, line, col + len);
  }

  /** The furthest token read so far, speculative reads included (CPython's p->tokens[p->fill - 1]). */
  protected furthest(): Token {
    return this.toks[Math.min(Math.max(this.p, this.maxSeen, this.maxFetched), this.toks.length - 1)];
  }

  /** End of the source without its final line break. */
  protected trimmedEnd(): number {
    let e = this.src.length;
    if (this.src.charCodeAt(e - 1) === 10) e--;
    if (this.src.charCodeAt(e - 1) === 13) e--;
    return e;
  }

  /** Undo a speculative parse, remembering how far it looked. Tokenizer errors it ran into are final. */
  protected rewind(err: unknown, p: number, prevEnd: number, maxSeen: number): void {
    if (err !== null && (!(err instanceof SyntaxFault) || err === this.tokError)) throw err;
    this.maxFetched = Math.max(this.maxFetched, this.maxSeen);
    this.p = p;
    this.prevEnd = prevEnd;
    this.maxSeen = maxSeen;
  }

  protected raiseIndentation(msg: string, t: Token): never {
    const line = this.lines.lineOf(t.start);
    if (t.type === TT.INDENT) {
      throw new SyntaxFault('IndentationError', msg, line, t.length, line, -1);
    }
    const col = t.start - this.lines.starts[line - 1] + 1;
    throw new SyntaxFault('IndentationError', msg, line, col, line, -1);
  }

  /** An error spanning source offsets [start, end). */
  protected errRange(msg: string, start: number, end: number, type: SyntaxFault['type'] = 'SyntaxError'): never {
    const s = this.sp(start, end);
    throw new SyntaxFault(type, msg, s.lineno, s.col_offset + 1, s.end_lineno, s.end_col_offset + 1);
  }

  protected errNode(msg: string, n: A.Span, type: SyntaxFault['type'] = 'SyntaxError'): never {
    throw new SyntaxFault(type, msg, n.lineno, n.col_offset + 1, n.end_lineno, n.end_col_offset + 1);
  }

  protected errTok(msg: string, t: Token): never {
    this.errRange(msg, t.start, t.start + t.length);
  }

  protected enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) {
      this.errTok('too many nested parentheses', t);
    }
  }

  // ------------------------------------------------------------ token classes

  /** Can this token begin an expression? */
  protected startsExpr(t: Token): boolean {
    if (t.type === TT.NUMBER || t.type === TT.STRING) return true;
    if (t.type === TT.NAME) {
      if (!KW.has(t.text)) return true;
      return t.text === 'None' || t.text === 'True' || t.text === 'False' || t.text === 'not'
        || t.text === 'lambda' || t.text === 'await';
    }
    if (t.type === TT.OP) {
      const s = t.text;
      return s === '(' || s === '[' || s === '{' || s === '-' || s === '+' || s === '~' || s === '...' || s === '*';
    }
    return false;
  }

  // ------------------------------------------------------------ expression lists

  /** star_expressions: a tuple without parentheses if there is a comma. */
  starExpressions(): A.Expr {
    const s = this.peek().start;
    const first = this.starExpression();
    if (!this.atOp(',')) return first;
    const elts = [first];
    while (this.eatOp(',')) {
      if (!this.startsExpr(this.peek())) break;
      elts.push(this.starExpression());
    }
    return { _type: 'Tuple', elts, ctx: 'Load', ...this.sp(s, this.prevEnd) };
  }

  starExpression(): A.Expr {
    if (this.atOp('*')) {
      const t = this.next();
      const v = this.bitwiseOr();
      return { _type: 'Starred', value: v, ctx: 'Load', ...this.sp(t.start, this.prevEnd) };
    }
    return this.expression();
  }

  starNamedExpression(): A.Expr {
    if (this.atOp('*')) {
      const t = this.next();
      const v = this.bitwiseOr();
      return { _type: 'Starred', value: v, ctx: 'Load', ...this.sp(t.start, this.prevEnd) };
    }
    return this.namedExpression();
  }

  namedExpression(): A.Expr {
    const t = this.peek();
    if (this.isName(t) && this.peekAt(1).type === TT.OP && this.peekAt(1).text === ':=') {
      this.next();
      this.next();
      const value = this.expression();
      const target: A.Name = { _type: 'Name', id: t.text, ctx: 'Store', ...this.sp(t.start, t.start + t.length) };
      return { _type: 'NamedExpr', target, value, ...this.sp(t.start, this.prevEnd) };
    }
    const e = this.expression();
    if (this.atOp(':=')) {
      this.errNode(`cannot use assignment expressions with ${exprName(e)}`, e);
    }
    if (this.atOp('=')) this.strayEquals(e);
    return e;
  }

  /** CPython's invalid_named_expression: `if x = 1:` and `if f() = 1:`. */
  protected strayEquals(e: A.Expr): void {
    const save = this.p;
    const saveEnd = this.prevEnd;
    const saveSeen = this.maxSeen;
    this.next();
    let b: A.Expr | null = null;
    let ok = false;
    try {
      if (this.startsExpr(this.peek())) b = this.bitwiseOr();
      const after = this.peek();
      ok = b !== null && !(after.type === TT.OP && (after.text === '=' || after.text === ':='));
    } catch (err) {
      this.rewind(err, save, saveEnd, saveSeen);
      return;
    }
    this.rewind(null, save, saveEnd, saveSeen);
    if (!ok || b === null) return;
    if (e._type === 'Name') {
      this.errRange("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", this.startOf(e), this.endOf(b));
    }
    const excluded = e._type === 'List' || e._type === 'Tuple' || e._type === 'GeneratorExp'
      || (e._type === 'Constant' && (e.value.kind === 'bool' || e.value.kind === 'None'));
    if (!excluded && isBitwiseOrLevel(e)) {
      this.errNode(`cannot assign to ${exprName(e)} here. Maybe you meant '==' instead of '='?`, e);
    }
  }

  // ------------------------------------------------------------ precedence levels

  expression(): A.Expr {
    const t = this.peek();
    this.enter(t);
    try {
      if (t.type === TT.NAME && t.text === 'lambda') return this.lambdef();
      const d = this.disjunction();
      if (this.atKw('if')) {
        this.next();
        const test = this.disjunction();
        if (!this.atKw('else')) {
          if (!this.atOp(':')) this.errRange("expected 'else' after 'if' expression", this.startOf(d), this.endOf(test));
          this.fail();
        }
        this.next();
        const orelse = this.expression();
        return { _type: 'IfExp', test, body: d, orelse, ...this.sp(t.start, this.prevEnd) };
      }
      this.missingComma(d);
      return d;
    } finally {
      this.depth--;
    }
  }

  /** CPython's invalid_expression: two expressions side by side inside brackets. */
  private missingComma(a: A.Expr): void {
    const t = this.peek();
    if (!this.startsExpr(t) || t.type === TT.OP) {
      if (!(t.type === TT.OP && (t.text === '{' ))) return;
    }
    if (t.type === TT.NAME && (t.text === 'not')) return;
    if (a._type === 'Name' && t.type === TT.STRING) return;
    if (a._type === 'Name' && (a.id === 'match' || a.id === 'case' || a.id === '_')) return;
    if (!isDisjunctionLevel(a)) return;
    const save = this.p;
    const saveEnd = this.prevEnd;
    const saveNest = this.nest;
    const saveSeen = this.maxSeen;
    let b: A.Expr | null = null;
    // CPython parses the second expression even outside brackets (only the message needs them),
    // which matters for how far it reads: see unclosedWins in parser.ts.
    try {
      this.nest = 0;
      b = this.expression();
    } catch (err) {
      this.nest = saveNest;
      this.rewind(err, save, saveEnd, saveSeen);
      return;
    }
    this.nest = saveNest;
    this.rewind(null, save, saveEnd, saveSeen);
    if (b !== null && saveNest > 0) {
      this.errRange('invalid syntax. Perhaps you forgot a comma?', this.startOf(a), this.endOf(b));
    }
  }

  disjunction(): A.Expr {
    const s = this.peek().start;
    const first = this.conjunction();
    if (!this.atKw('or')) return first;
    const values = [first];
    while (this.eatKw('or')) values.push(this.conjunction());
    return { _type: 'BoolOp', op: 'Or', values, ...this.sp(s, this.prevEnd) };
  }

  conjunction(): A.Expr {
    const s = this.peek().start;
    const first = this.inversion();
    if (!this.atKw('and')) return first;
    const values = [first];
    while (this.eatKw('and')) values.push(this.inversion());
    return { _type: 'BoolOp', op: 'And', values, ...this.sp(s, this.prevEnd) };
  }

  inversion(): A.Expr {
    const t = this.peek();
    if (t.type === TT.NAME && t.text === 'not') {
      this.enter(t);
      this.next();
      const operand = this.inversion();
      this.depth--;
      return { _type: 'UnaryOp', op: 'Not', operand, ...this.sp(t.start, this.prevEnd) };
    }
    return this.comparison();
  }

  comparison(): A.Expr {
    const s = this.peek().start;
    const left = this.bitwiseOr();
    let ops: A.CmpOpKind[] | null = null;
    let comparators: A.Expr[] = [];
    for (;;) {
      const op = this.compareOp();
      if (op === null) break;
      if (ops === null) { ops = []; comparators = []; }
      ops.push(op);
      comparators.push(this.bitwiseOr());
    }
    if (ops === null) return left;
    return { _type: 'Compare', left, ops, comparators, ...this.sp(s, this.prevEnd) };
  }

  private compareOp(): A.CmpOpKind | null {
    const t = this.peek();
    if (t.type === TT.OP) {
      const k = COMPARE_OPS.get(t.text);
      if (k !== undefined) { this.next(); return k; }
      if (t.text === '<>') this.fail();
      return null;
    }
    if (t.type !== TT.NAME) return null;
    if (t.text === 'in') { this.next(); return 'In'; }
    if (t.text === 'is') {
      this.next();
      if (this.eatKw('not')) return 'IsNot';
      return 'Is';
    }
    if (t.text === 'not') {
      const u = this.peekAt(1);
      if (u.type === TT.NAME && u.text === 'in') { this.next(); this.next(); return 'NotIn'; }
    }
    return null;
  }

  bitwiseOr(): A.Expr {
    return this.binary(1);
  }

  /** Precedence climbing over BIN_OPS; all these levels are left-associative. */
  private binary(minPrec: number): A.Expr {
    const s = this.peek().start;
    let left = this.factor();
    for (;;) {
      const t = this.peek();
      if (t.type !== TT.OP) return left;
      const entry = BIN_OPS.get(t.text);
      if (entry === undefined || entry[0] < minPrec) return left;
      this.next();
      const right = this.binary(entry[0] + 1);
      left = { _type: 'BinOp', left, op: entry[1], right, ...this.sp(s, this.prevEnd) };
    }
  }

  factor(): A.Expr {
    const t = this.peek();
    if (t.type === TT.OP && (t.text === '-' || t.text === '+' || t.text === '~')) {
      this.enter(t);
      this.next();
      const operand = this.factor();
      this.depth--;
      const op: A.UnaryOpKind = t.text === '-' ? 'USub' : t.text === '+' ? 'UAdd' : 'Invert';
      return { _type: 'UnaryOp', op, operand, ...this.sp(t.start, this.prevEnd) };
    }
    return this.power();
  }

  /** power: await_primary ['**' factor] -- right-associative, and tighter than a unary minus on its left. */
  power(): A.Expr {
    const s = this.peek().start;
    const left = this.awaitPrimary();
    if (!this.atOp('**')) return left;
    const t = this.next();
    this.enter(t);
    const right = this.factor();
    this.depth--;
    return { _type: 'BinOp', left, op: 'Pow', right, ...this.sp(s, this.prevEnd) };
  }

  awaitPrimary(): A.Expr {
    const t = this.peek();
    if (t.type === TT.NAME && t.text === 'await') {
      this.next();
      const value = this.primary();
      return { _type: 'Await', value, ...this.sp(t.start, this.prevEnd) };
    }
    return this.primary();
  }

  primary(): A.Expr {
    const start = this.peek().start;
    let e = this.atom();
    for (;;) {
      const t = this.peek();
      if (t.type !== TT.OP) return e;
      if (t.text === '.') {
        this.next();
        const name = this.expectName();
        e = { _type: 'Attribute', value: e, attr: name.text, ctx: 'Load', ...this.sp(start, this.prevEnd) };
      } else if (t.text === '(') {
        e = this.call(e, start);
      } else if (t.text === '[') {
        this.next();
        this.nest++;
        const slice = this.slices();
        this.nest--;
        this.expectOp(']');
        e = { _type: 'Subscript', value: e, slice, ctx: 'Load', ...this.sp(start, this.prevEnd) };
      } else {
        return e;
      }
    }
  }

  // ------------------------------------------------------------ calls and subscripts

  /** A call's argument list, starting at '('. */
  protected primaryCall(func: A.Expr): A.Call {
    return this.call(func, this.startOf(func));
  }

  private call(func: A.Expr, start: number): A.Call {
    const open = this.next();
    this.enter(open);
    this.nest++;
    const args: A.Expr[] = [];
    const keywords: A.Keyword[] = [];
    let sawKeyword = false;
    let sawKwUnpack = false;
    let genexpArg: A.Expr | null = null;
    let count = 0;
    let trailingComma = false;
    while (!this.atOp(')')) {
      const t = this.peek();
      count++;
      trailingComma = false;
      if (t.type === TT.OP && t.text === '*') {
        this.next();
        const v = this.expression();
        const st: A.Starred = { _type: 'Starred', value: v, ctx: 'Load', ...this.sp(t.start, this.prevEnd) };
        if (sawKwUnpack) this.errTok('iterable argument unpacking follows keyword argument unpacking', t);
        args.push(st);
      } else if (t.type === TT.OP && t.text === '**') {
        this.next();
        const v = this.expression();
        keywords.push({ _type: 'keyword', arg: null, value: v, ...this.sp(t.start, this.prevEnd) });
        sawKwUnpack = true;
      } else if (this.isName(t) && this.peekAt(1).type === TT.OP && this.peekAt(1).text === '=') {
        this.next();
        this.next();
        const v = this.expression();
        keywords.push({ _type: 'keyword', arg: t.text, value: v, ...this.sp(t.start, this.prevEnd) });
        sawKeyword = true;
      } else {
        let e = this.namedExpressionInCall();
        if (this.atKw('for') || (this.atKw('async') && this.peekAt(1).text === 'for')) {
          const generators = this.comprehensionClauses();
          e = { _type: 'GeneratorExp', elt: e, generators, ...this.sp(this.startOf(e), this.prevEnd) };
          genexpArg = e;
        }
        if (this.atOp('=') && genexpArg !== e) {
          this.next();
          this.errRange('expression cannot contain assignment, perhaps you meant "=="?', t.start, this.prevEnd);
        }
        // CPython reports these at the last token it has read.
        if (sawKwUnpack) this.errTok('positional argument follows keyword argument unpacking', this.furthest());
        if (sawKeyword) this.errTok('positional argument follows keyword argument', this.furthest());
        args.push(e);
      }
      if (!this.eatOp(',')) break;
      trailingComma = true;
    }
    if (!this.atOp(')')) {
      this.fail();
    }
    this.nest--;
    this.next();
    this.depth--;
    if (genexpArg !== null) {
      if (count === 1 && !trailingComma && args.length === 1) {
        const g = args[0] as A.GeneratorExp;
        Object.assign(g, this.sp(open.start, this.prevEnd));
      } else {
        this.errNode('Generator expression must be parenthesized', genexpArg);
      }
    }
    return { _type: 'Call', func, args, keywords, ...this.sp(start, this.prevEnd) };
  }

  /** A positional call argument: like named_expression, but `=` after it is a keyword-argument error, not a stray '='. */
  private namedExpressionInCall(): A.Expr {
    const t = this.peek();
    if (this.isName(t) && this.peekAt(1).type === TT.OP && this.peekAt(1).text === ':=') {
      return this.namedExpression();
    }
    const e = this.expression();
    if (this.atOp(':=')) this.errNode(`cannot use assignment expressions with ${exprName(e)}`, e);
    return e;
  }

  private slices(): A.Expr {
    const s = this.peek().start;
    const first = this.slice();
    if (!this.atOp(',')) {
      // a[*b] is a one-element tuple (PEP 646).
      if (first._type === 'Starred') return { _type: 'Tuple', elts: [first], ctx: 'Load', ...this.sp(s, this.prevEnd) };
      return first;
    }
    const elts = [first];
    while (this.eatOp(',')) {
      if (this.atOp(']')) break;
      elts.push(this.slice());
    }
    return { _type: 'Tuple', elts, ctx: 'Load', ...this.sp(s, this.prevEnd) };
  }

  private slice(): A.Expr {
    const t = this.peek();
    let lower: A.Expr | null = null;
    if (!this.atOp(':')) {
      if (this.atOp('*')) return this.starExpression();
      lower = this.namedExpression();
      if (!this.atOp(':')) return lower;
    }
    this.next();
    let upper: A.Expr | null = null;
    let step: A.Expr | null = null;
    if (!this.atOp(':') && !this.atOp(']') && !this.atOp(',')) upper = this.expression();
    if (this.eatOp(':')) {
      if (!this.atOp(']') && !this.atOp(',')) step = this.expression();
    }
    return { _type: 'Slice', lower, upper, step, ...this.sp(t.start, this.prevEnd) };
  }

  // ------------------------------------------------------------ atoms

  atom(): A.Expr {
    const t = this.peek();
    switch (t.type) {
      case TT.NAME: {
        if (!KW.has(t.text)) {
          this.next();
          return { _type: 'Name', id: t.text, ctx: 'Load', ...this.sp(t.start, t.start + t.length) };
        }
        let value: A.ConstantValue | null = null;
        if (t.text === 'None') value = { kind: 'None' };
        else if (t.text === 'True') value = { kind: 'bool', value: true };
        else if (t.text === 'False') value = { kind: 'bool', value: false };
        if (value === null) this.fail();
        this.next();
        return { _type: 'Constant', value, ...this.sp(t.start, t.start + t.length) };
      }
      case TT.NUMBER:
        this.next();
        return { _type: 'Constant', value: t.num!, ...this.sp(t.start, t.start + t.length) };
      case TT.STRING:
        return this.strings();
      case TT.OP:
        switch (t.text) {
          case '(': return this.parenAtom();
          case '[': return this.listAtom();
          case '{': return this.braceAtom();
          case '...':
            this.next();
            return { _type: 'Constant', value: { kind: 'Ellipsis' }, ...this.sp(t.start, t.start + t.length) };
        }
    }
    return this.fail();
  }

  /** Adjacent string literals, concatenated; any f-string among them makes a JoinedStr. */
  private strings(): A.Expr {
    const parts: Token[] = [];
    while (this.peek().type === TT.STRING) parts.push(this.next());
    return parseStringAtom(parts, this.lines, this);
  }

  /** Parse an f-string replacement field's expression text found at `offset` in the source.
   * Overridden in parser.ts, which can build a fresh parser. */
  subExpression(_text: string, _offset: number): A.Expr {
    throw new Error('subExpression: not wired');
  }

  private parenAtom(): A.Expr {
    const open = this.next();
    this.enter(open);
    this.nest++;
    try {
      if (this.atOp(')')) {
        this.next();
        return { _type: 'Tuple', elts: [], ctx: 'Load', ...this.sp(open.start, this.prevEnd) };
      }
      if (this.atKw('yield')) {
        const y = this.yieldExpr();
        this.expectOp(')');
        this.markParenthesized(y);
        return y;
      }
      const first = this.starNamedExpression();
      if (this.atKw('for') || (this.atKw('async') && this.peekAt(1).text === 'for')) {
        if (first._type === 'Starred') this.errNode('iterable unpacking cannot be used in comprehension', first);
        const generators = this.comprehensionClauses();
        this.expectOp(')');
        return { _type: 'GeneratorExp', elt: first, generators, ...this.sp(open.start, this.prevEnd) };
      }
      if (this.atOp(',')) {
        const elts = [first];
        while (this.eatOp(',')) {
          if (this.atOp(')')) break;
          elts.push(this.starNamedExpression());
        }
        this.expectOp(')');
        return { _type: 'Tuple', elts, ctx: 'Load', ...this.sp(open.start, this.prevEnd) };
      }
      this.expectOp(')');
      if (first._type === 'Starred') this.errNode('cannot use starred expression here', first);
      this.markParenthesized(first);
      return first;
    } finally {
      this.nest--;
      this.depth--;
    }
  }

  private listAtom(): A.Expr {
    const open = this.next();
    this.enter(open);
    this.nest++;
    try {
      const elts: A.Expr[] = [];
      if (!this.atOp(']')) {
        const first = this.starNamedExpression();
        if (this.atKw('for') || (this.atKw('async') && this.peekAt(1).text === 'for')) {
          if (first._type === 'Starred') this.errNode('iterable unpacking cannot be used in comprehension', first);
          const generators = this.comprehensionClauses();
          this.expectOp(']');
          return { _type: 'ListComp', elt: first, generators, ...this.sp(open.start, this.prevEnd) };
        }
        elts.push(first);
        while (this.eatOp(',')) {
          if (this.atOp(']')) break;
          elts.push(this.starNamedExpression());
        }
      }
      this.expectOp(']');
      return { _type: 'List', elts, ctx: 'Load', ...this.sp(open.start, this.prevEnd) };
    } finally {
      this.nest--;
      this.depth--;
    }
  }

  private braceAtom(): A.Expr {
    const open = this.next();
    this.enter(open);
    this.nest++;
    try {
      if (this.atOp('}')) {
        this.next();
        return { _type: 'Dict', keys: [], values: [], ...this.sp(open.start, this.prevEnd) };
      }
      if (this.atOp('**')) return this.dictRest(open, [], []);
      const first = this.starNamedExpression();
      if (this.atOp(':') && first._type !== 'Starred') {
        const colon = this.next();
        if (this.atOp('}') || this.atOp(',')) this.errTok("expression expected after dictionary key and ':'", colon);
        const value = this.expression();
        if (this.atKw('for') || (this.atKw('async') && this.peekAt(1).text === 'for')) {
          const generators = this.comprehensionClauses();
          this.expectOp('}');
          return { _type: 'DictComp', key: first, value, generators, ...this.sp(open.start, this.prevEnd) };
        }
        return this.dictRest(open, [first], [value]);
      }
      if (this.atKw('for') || (this.atKw('async') && this.peekAt(1).text === 'for')) {
        if (first._type === 'Starred') this.errNode('iterable unpacking cannot be used in comprehension', first);
        const generators = this.comprehensionClauses();
        this.expectOp('}');
        return { _type: 'SetComp', elt: first, generators, ...this.sp(open.start, this.prevEnd) };
      }
      const elts = [first];
      while (this.eatOp(',')) {
        if (this.atOp('}')) break;
        elts.push(this.starNamedExpression());
      }
      this.expectOp('}');
      return { _type: 'Set', elts, ...this.sp(open.start, this.prevEnd) };
    } finally {
      this.nest--;
      this.depth--;
    }
  }

  /** The rest of a dict display after its first item (if any): `, k: v` and `, **m`. */
  private dictRest(open: Token, keys: (A.Expr | null)[], values: A.Expr[]): A.Dict {
    let first = keys.length === 0;
    for (;;) {
      if (!first) {
        if (!this.eatOp(',')) break;
        if (this.atOp('}')) break;
      }
      first = false;
      if (this.eatOp('**')) {
        keys.push(null);
        values.push(this.bitwiseOr());
        continue;
      }
      const k = this.expression();
      if (!this.atOp(':')) {
        if (this.atOp('}') || this.atOp(',')) {
          this.errRange("':' expected after dictionary key", this.startOf(k), this.endOf(k));
        }
        this.fail();
      }
      this.next();
      if (this.atOp('}') || this.atOp(',')) {
        this.errRange("expression expected after dictionary key and ':'", this.prevEnd - 1, this.prevEnd);
      }
      keys.push(k);
      values.push(this.expression());
    }
    this.expectOp('}');
    return { _type: 'Dict', keys, values, ...this.sp(open.start, this.prevEnd) };
  }

  /** One or more `for target in iter [if cond]...` clauses. */
  protected comprehensionClauses(): A.Comprehension[] {
    const gens: A.Comprehension[] = [];
    for (;;) {
      let isAsync = false;
      if (this.atKw('async') && this.peekAt(1).text === 'for') { this.next(); isAsync = true; }
      if (!this.eatKw('for')) break;
      const targetAt = this.p;
      const target = this.starTargets();
      if (!this.atKw('in')) this.badForTarget(targetAt);
      this.next();
      const saveNest = this.nest;
      this.nest = 0;
      const iter = this.disjunction();
      const ifs: A.Expr[] = [];
      while (this.eatKw('if')) ifs.push(this.disjunction());
      this.nest = saveNest;
      gens.push({ _type: 'comprehension', target, iter, ifs, is_async: isAsync });
    }
    return gens;
  }

  /** CPython's invalid_for_target: re-read the target as ordinary expressions, so that `for i j in x`
   * inside brackets gets "Perhaps you forgot a comma?" and `for f() in x` "cannot assign to ...". */
  protected badForTarget(targetAt: number): never {
    const failAt = this.peek();
    const seen = this.maxSeen;
    this.p = targetAt;
    try {
      const e = this.starExpressions();
      const bad = invalidTarget(e, 'Store');
      if (bad !== null && this.atKw('in')) this.errNode(`cannot assign to ${exprName(bad)}`, bad);
    } catch (err) {
      // Specific messages stand; a generic one goes back to where the first reading stopped.
      if (!(err instanceof SyntaxFault) || err === this.tokError || err.msg !== 'invalid syntax') throw err;
    }
    this.maxSeen = seen;
    return this.fail(failAt);
  }

  /** star_targets of `for` and comprehensions: stops before `in`. */
  protected starTargets(): A.Expr {
    const s = this.peek().start;
    const first = this.targetItem();
    let target = first;
    if (this.atOp(',')) {
      const elts = [first];
      while (this.eatOp(',')) {
        if (this.atKw('in') || this.atOp('=')) break;
        elts.push(this.targetItem());
      }
      target = { _type: 'Tuple', elts, ctx: 'Store', ...this.sp(s, this.prevEnd) };
    }
    this.toStore(target, 'Store');
    return target;
  }

  private targetItem(): A.Expr {
    if (this.atOp('*')) {
      const t = this.next();
      const v = this.bitwiseOr();
      return { _type: 'Starred', value: v, ctx: 'Store', ...this.sp(t.start, this.prevEnd) };
    }
    return this.bitwiseOr();
  }

  /** Mark an expression as an assignment (or del) target, or raise CPython's "cannot assign to ...". */
  protected toStore(e: A.Expr, ctx: 'Store' | 'Del'): void {
    const bad = invalidTarget(e, ctx);
    if (bad !== null) {
      const verb = ctx === 'Del' ? 'delete' : 'assign to';
      this.errNode(`cannot ${verb} ${exprName(bad)}`, bad);
    }
    setCtx(e, ctx);
  }

  // ------------------------------------------------------------ lambda and yield

  private lambdef(): A.Expr {
    const t = this.next();
    const args = this.parameters(true);
    this.expectOp(':');
    const body = this.expression();
    return { _type: 'Lambda', args, body, ...this.sp(t.start, this.prevEnd) };
  }

  yieldExpr(): A.Expr {
    const t = this.next();
    if (this.eatKw('from')) {
      const value = this.expression();
      return { _type: 'YieldFrom', value, ...this.sp(t.start, this.prevEnd) };
    }
    if (!this.startsExpr(this.peek())) return { _type: 'Yield', value: null, ...this.sp(t.start, this.prevEnd) };
    const value = this.starExpressions();
    return { _type: 'Yield', value, ...this.sp(t.start, this.prevEnd) };
  }

  // ------------------------------------------------------------ parameters (def and lambda)

  /** Parameters up to (not including) ')' for def or ':' for lambda. */
  protected parameters(isLambda: boolean): A.Arguments {
    const a: A.Arguments = {
      _type: 'arguments', posonlyargs: [], args: [], vararg: null, kwonlyargs: [], kw_defaults: [], kwarg: null, defaults: [],
    };
    const closer = isLambda ? ':' : ')';
    let sawStar = false;
    let sawSlash = false;
    let sawDefault = false;
    while (!this.atOp(closer)) {
      const t = this.peek();
      if (a.kwarg !== null) this.errTok('arguments cannot follow var-keyword argument', t);
      if (t.type === TT.OP && t.text === '/') {
        if (sawSlash) this.errTok('/ may appear only once', t);
        if (sawStar) this.errTok('/ must be ahead of *', t);
        if (a.args.length === 0) this.errTok('at least one argument must precede /', t);
        this.next();
        sawSlash = true;
        a.posonlyargs = a.args;
        a.args = [];
      } else if (t.type === TT.OP && t.text === '*') {
        if (sawStar) this.errTok('* argument may appear only once', t);
        this.next();
        sawStar = true;
        if (!this.atOp(',') && !this.atOp(closer)) {
          a.vararg = this.param(isLambda);
          if (this.atOp('=')) this.errTok('var-positional argument cannot have default value', this.peek());
        } else {
          const after = this.atOp(',') ? this.peekAt(1) : this.peek();
          if (after.type === TT.OP && (after.text === closer || after.text === '**')) {
            // def points at the '*', lambda at the token that ends the match (as CPython's rules do).
            this.errTok('named arguments must follow bare *', isLambda ? after : t);
          }
        }
      } else if (t.type === TT.OP && t.text === '**') {
        this.next();
        a.kwarg = this.param(isLambda);
        if (this.atOp('=')) this.errTok('var-keyword argument cannot have default value', this.peek());
      } else {
        const arg = this.param(isLambda);
        let def: A.Expr | null = null;
        if (this.eatOp('=')) def = this.expression();
        if (sawStar) {
          a.kwonlyargs.push(arg);
          a.kw_defaults.push(def);
        } else {
          if (def !== null) { a.defaults.push(def); sawDefault = true; }
          // Only a well-formed parameter gets the specific message; `a=1, b c` is plain invalid syntax.
          else if (sawDefault && (this.atOp(',') || this.atOp(closer))) {
            this.errNode('non-default argument follows default argument', arg);
          }
          a.args.push(arg);
        }
      }
      if (!this.eatOp(',')) break;
    }
    if (sawStar && a.vararg === null && a.kwonlyargs.length === 0) {
      this.errTok('named arguments must follow bare *', this.peek());
    }
    return a;
  }

  private param(isLambda: boolean): A.Arg {
    const t = this.expectName();
    let annotation: A.Expr | null = null;
    if (!isLambda && this.eatOp(':')) annotation = this.expression();
    const arg: A.Arg = { _type: 'arg', arg: t.text, ...this.sp(t.start, this.prevEnd) };
    if (annotation !== null) arg.annotation = annotation;
    return arg;
  }
}

// ------------------------------------------------------------ helpers on nodes

/** Expressions that pegen's bitwise_or rule can produce (no comparison, not, and/or, if-else, lambda, walrus). */
export function isBitwiseOrLevel(e: A.Expr): boolean {
  switch (e._type) {
    case 'Compare': case 'BoolOp': case 'IfExp': case 'Lambda': case 'NamedExpr': case 'Starred':
    case 'Yield': case 'YieldFrom':
      return false;
    case 'UnaryOp':
      return e.op !== 'Not';
  }
  return true;
}

function isDisjunctionLevel(e: A.Expr): boolean {
  return e._type !== 'IfExp' && e._type !== 'Lambda' && e._type !== 'NamedExpr' && e._type !== 'Starred';
}

/** The first sub-expression that cannot be a target, or null. */
export function invalidTarget(e: A.Expr, ctx: 'Store' | 'Del'): A.Expr | null {
  switch (e._type) {
    case 'Name': case 'Attribute': case 'Subscript':
      return null;
    case 'Starred':
      return ctx === 'Del' ? e : invalidTarget(e.value, ctx);
    case 'Tuple': case 'List':
      for (const x of e.elts) {
        const bad = invalidTarget(x, ctx);
        if (bad !== null) return bad;
      }
      return null;
    default:
      return e;
  }
}

export function setCtx(e: A.Expr, ctx: A.ExprContext): void {
  switch (e._type) {
    case 'Name': case 'Attribute': case 'Subscript':
      e.ctx = ctx;
      return;
    case 'Starred':
      e.ctx = ctx;
      setCtx(e.value, ctx);
      return;
    case 'Tuple': case 'List':
      e.ctx = ctx;
      for (const x of e.elts) setCtx(x, ctx);
      return;
  }
}
