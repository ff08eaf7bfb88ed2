/*
 * The statement half of the parser and the syntax stage's entry point.
 * parse(source, filename) returns the Module or one Diagnostic with CPython
 * 3.11's message and position; it never throws. Statements are parsed by
 * recursive descent over the token list; error messages mirror the
 * `invalid_*` rules of CPython's grammar for the common mistakes.
 */

import type * as A from './ast';
import type { Diagnostic } from '../index';
import { SyntaxFault } from './errors';
import { ExprParser, invalidTarget, isBitwiseOrLevel, ParserInput, setCtx } from './expressions';
import { exprName } from './targets';
import { tokenize } from './tokenizer';
import { KEYWORDS, Token, TokenType } from './tokens';

// Local aliases: module exports are getters under some loaders, too slow for the hot path.
const TT = TokenType;

export type ParseResult = { ok: true; module: A.Module } | { ok: false; error: Diagnostic };

const AUG_OPS: ReadonlyMap<string, A.BinOpKind> = new Map<string, A.BinOpKind>([
  ['+=', 'Add'], ['-=', 'Sub'], ['*=', 'Mult'], ['@=', 'MatMult'], ['/=', 'Div'], ['%=', 'Mod'],
  ['&=', 'BitAnd'], ['|=', 'BitOr'], ['^=', 'BitXor'], ['<<=', 'LShift'], ['>>=', 'RShift'],
  ['**=', 'Pow'], ['//=', 'FloorDiv'],
]);

/** A replacement field that is just an ASCII name, with optional blanks around it. */
const SIMPLE_FIELD = /^([ \t]*)([A-Za-z_][A-Za-z0-9_]*)[ \t]*$/;

const FORCED_COLON: ReadonlySet<string> = new Set(['def', 'try', 'else', 'finally']);

/** What "expected an indented block after ..." calls each block opener. */
const BLOCK_NAMES: Record<string, string> = {
  if: "'if' statement", elif: "'elif' statement", else: "'else' statement", while: "'while' statement",
  for: "'for' statement", try: "'try' statement", except: "'except' statement", finally: "'finally' statement",
  with: "'with' statement", def: 'function definition', class: 'class definition',
};

class Parser extends ExprParser {
  file(): A.Module {
    try {
      return this.fileBody();
    } catch (e) {
      // CPython re-tokenizes after a parser error; an unclosed bracket from an earlier line than the
      // furthest token the parser looked at replaces the parser's message.
      const te = this.tokError;
      // "unexpected indent" comes from CPython's last resort, which does not re-tokenize.
      if (e instanceof SyntaxFault && te !== null && e !== te && !e.msg.startsWith('unexpected')) {
        if (this.tokErrorKind === 'raised') throw te;
          // Inside a bracket that is never closed, CPython's error pass reads on to the end of the file.
        if (this.tokErrorKind === 'unclosed' && this.unclosedWins(te)) throw te;
      }
      throw e;
    }
  }

  /** Approximates when CPython's error pass has read past the line of the unclosed bracket: the
   * parser failed on a later line, or it failed right after an operand inside the bracket, where the
   * "Perhaps you forgot a comma?" rule reads on. */
  private unclosedWins(te: SyntaxFault): boolean {
    const k = Math.min(Math.max(this.p, this.maxSeen, this.maxFetched), this.toks.length - 1);
    const far = this.toks[k];
    // CPython always ends the input with a line break, so its end marker sits on the line after the text.
    const line = far.type === TT.ENDMARKER ? this.lines.lineOf(this.trimmedEnd()) + 1 : this.lines.lineOf(far.start);
    return line > te.lineno;
  }

  private fileBody(): A.Module {
    const body: A.Stmt[] = [];
    for (;;) {
      const t = this.peek();
      if (t.type === TT.ENDMARKER) break;
      if (t.type === TT.NEWLINE) { this.next(); continue; }
      this.statement(body);
    }
    if (this.tokError !== null) throw this.tokError;
    return { _type: 'Module', body };
  }

  // ------------------------------------------------------------ statements

  private statement(out: A.Stmt[]): void {
    const t = this.peek();
    if (t.type === TT.INDENT) this.raiseIndentation('unexpected indent', t);
    if (t.type === TT.NAME) {
      switch (t.text) {
        case 'if': out.push(this.ifStmt()); return;
        case 'while': out.push(this.whileStmt()); return;
        case 'for': out.push(this.forStmt(t)); return;
        case 'try': out.push(this.tryStmt()); return;
        case 'with': out.push(this.withStmt(t)); return;
        case 'def': out.push(this.funcDef(t, [])); return;
        case 'class': out.push(this.classDef([])); return;
        case 'async': out.push(this.asyncStmt([])); return;
        case 'match':
          if (this.looksLikeMatch()) this.notSupported('match statements are', t);
          break;
      }
    } else if (t.type === TT.OP && t.text === '@') {
      out.push(this.decorated());
      return;
    }
    this.simpleStmts(out);
  }

  private notSupported(what: string, t: Token): never {
    const line = this.lines.lineOf(t.start);
    const col = t.start - this.lines.starts[line - 1] + 1;
    throw new SyntaxFault('NotSupported', `${what} not supported in minipy`, line, col, line, col + t.length);
  }

  /** `match <subject>:` NEWLINE INDENT -- the soft keyword used as a statement. */
  private looksLikeMatch(): boolean {
    // `match = 1`, `match.x`, `match, y = ...` use it as a name; `match(x)` may still be either.
    const next = this.peekAt(1);
    if (next.type === TT.OP && ['=', '.', ',', ')', ':'].includes(next.text)) return false;
    if (next.type === TT.NEWLINE) return false;
    for (let k = 1; ; k++) {
      const u = this.peekAt(k);
      if (u.type === TT.NEWLINE || u.type === TT.ENDMARKER) {
        const before = this.peekAt(k - 1);
        return before.type === TT.OP && before.text === ':' && this.peekAt(k + 1).type === TT.INDENT;
      }
    }
  }

  private simpleStmts(out: A.Stmt[]): void {
    out.push(this.simpleStmt());
    while (this.atOp(';')) {
      this.next();
      if (this.peek().type === TT.NEWLINE) break;
      out.push(this.simpleStmt());
    }
    const t = this.peek();
    if (t.type !== TT.NEWLINE) this.fail(t);
    this.next();
  }

  private simpleStmt(): A.Stmt {
    const t = this.peek();
    if (t.type === TT.NAME) {
      switch (t.text) {
        case 'pass': this.next(); return { _type: 'Pass', ...this.sp(t.start, this.prevEnd) };
        case 'break': this.next(); return { _type: 'Break', ...this.sp(t.start, this.prevEnd) };
        case 'continue': this.next(); return { _type: 'Continue', ...this.sp(t.start, this.prevEnd) };
        case 'return': {
          this.next();
          const value = this.startsExpr(this.peek()) ? this.starExpressions() : null;
          if (value !== null) this.noBareStar(value);
          return { _type: 'Return', value, ...this.sp(t.start, this.prevEnd) };
        }
        case 'raise': {
          this.next();
          let exc: A.Expr | null = null;
          let cause: A.Expr | null = null;
          if (this.startsExpr(this.peek())) {
            exc = this.expression();
            if (this.eatKw('from')) cause = this.expression();
          }
          return { _type: 'Raise', exc, cause, ...this.sp(t.start, this.prevEnd) };
        }
        case 'global': case 'nonlocal': {
          this.next();
          const names = [this.expectName().text];
          while (this.eatOp(',')) names.push(this.expectName().text);
          return { _type: t.text === 'global' ? 'Global' : 'Nonlocal', names, ...this.sp(t.start, this.prevEnd) };
        }
        case 'del': return this.delStmt(t);
        case 'assert': {
          this.next();
          const test = this.expression();
          const msg = this.eatOp(',') ? this.expression() : null;
          return { _type: 'Assert', test, msg, ...this.sp(t.start, this.prevEnd) };
        }
        case 'import': return this.importStmt(t);
        case 'from': return this.fromImport(t);
      }
    }
    return this.exprOrAssign();
  }

  private delStmt(t: Token): A.Delete {
    this.next();
    const targets: A.Expr[] = [];
    for (;;) {
      const e = this.bitwiseOr();
      this.toStore(e, 'Del');
      targets.push(e);
      if (!this.eatOp(',')) break;
      if (this.peek().type === TT.NEWLINE || this.atOp(';')) break;
    }
    const n = this.peek();
    if (n.type !== TT.NEWLINE && !(n.type === TT.OP && n.text === ';')) {
      this.fail();
    }
    return { _type: 'Delete', targets, ...this.sp(t.start, this.prevEnd) };
  }

  private dottedName(): string {
    let name = this.expectName().text;
    while (this.eatOp('.')) name += '.' + this.expectName().text;
    return name;
  }

  private importStmt(t: Token): A.Import {
    this.next();
    const names: A.Alias[] = [];
    do {
      const s = this.peek().start;
      const name = this.dottedName();
      const asname = this.eatKw('as') ? this.expectName().text : null;
      names.push({ _type: 'alias', name, asname, ...this.sp(s, this.prevEnd) });
    } while (this.eatOp(','));
    return { _type: 'Import', names, ...this.sp(t.start, this.prevEnd) };
  }

  private fromImport(t: Token): A.ImportFrom {
    this.next();
    let level = 0;
    for (;;) {
      if (this.eatOp('.')) level++;
      else if (this.eatOp('...')) level += 3;
      else break;
    }
    let module: string | null = null;
    if (!this.atKw('import')) module = this.dottedName();
    if (!this.eatKw('import')) this.fail();
    const names: A.Alias[] = [];
    if (this.atOp('*')) {
      const s = this.next();
      names.push({ _type: 'alias', name: '*', asname: null, ...this.sp(s.start, this.prevEnd) });
    } else {
      const paren = this.eatOp('(');
      for (;;) {
        const n = this.expectName();
        const asname = this.eatKw('as') ? this.expectName().text : null;
        names.push({ _type: 'alias', name: n.text, asname, ...this.sp(n.start, this.prevEnd) });
        if (!this.eatOp(',')) break;
        if (paren && this.atOp(')')) break;
        if (!paren && this.peek().type === TT.NEWLINE) {
          const nl = this.peek();
          const line = this.lines.lineOf(nl.start);
          const col = nl.start - this.lines.starts[line - 1] + 1;
          throw new SyntaxFault('SyntaxError', 'trailing comma not allowed without surrounding parentheses', line, col, line, col);
        }
      }
      if (paren) this.expectOp(')');
    }
    return { _type: 'ImportFrom', module, names, level, ...this.sp(t.start, this.prevEnd) };
  }

  /** Expression statements and all forms of assignment. */
  private exprOrAssign(): A.Stmt {
    const t0 = this.peek();
    const start = t0.start;
    const first = this.atKw('yield') ? this.yieldExpr() : this.starExpressions();
    const t = this.peek();
    if (t.type === TT.OP) {
      if (t.text === '=') return this.assignment(first, start);
      const aug = AUG_OPS.get(t.text);
      if (aug !== undefined) {
        if (first._type !== 'Name' && first._type !== 'Attribute' && first._type !== 'Subscript') {
          this.errNode(`'${exprName(first)}' is an illegal expression for augmented assignment`, first);
        }
        setCtx(first, 'Store');
        this.next();
        const value = this.atKw('yield') ? this.yieldExpr() : this.starExpressions();
        return { _type: 'AugAssign', target: first, op: aug, value, ...this.sp(start, this.prevEnd) };
      }
      if (t.text === ':') return this.annAssign(first, start);
    }
    if (t.type !== TT.NEWLINE && !(t.type === TT.OP && t.text === ';')) this.badExpressionStatement(first);
    this.noBareStar(first);
    return { _type: 'Expr', value: first, ...this.sp(start, this.prevEnd) };
  }

  /** CPython's invalid_legacy_expression and friends, for `print "x"`. */
  private badExpressionStatement(first: A.Expr): void {
    if (first._type === 'Name' && (first.id === 'print' || first.id === 'exec') && this.startsExpr(this.peek())) {
      const save = this.p;
      const saveSeen = this.maxSeen;
      try {
        const rest = this.starExpressions();
        this.errRange(`Missing parentheses in call to '${first.id}'. Did you mean ${first.id}(...)?`,
          this.startOf(first), this.endOf(rest));
      } catch (e) {
        if (e instanceof SyntaxFault && e.msg.startsWith('Missing')) throw e;
        this.rewind(e, save, this.prevEnd, saveSeen);
      }
    }
    this.fail();
  }

  private assignment(first: A.Expr, start: number): A.Stmt {
    const targets: A.Expr[] = [first];
    let value: A.Expr;
    for (;;) {
      this.next();
      const rhs = this.atKw('yield') ? this.yieldExpr() : this.starExpressions();
      if (this.atOp('=')) { targets.push(rhs); continue; }
      value = rhs;
      break;
    }
    for (let i = 0; i < targets.length; i++) this.assignTarget(targets[i], i === 0);
    this.noBareStar(value);
    return { _type: 'Assign', targets, value, ...this.sp(start, this.prevEnd) };
  }

  /** `x = *a` is rejected by CPython's compiler; compile() users see it as a SyntaxError. */
  private noBareStar(e: A.Expr): void {
    if (e._type === 'Starred') this.errNode("can't use starred expression here", e);
  }

  private assignTarget(e: A.Expr, isFirst: boolean): void {
    if (e._type === 'Yield' || e._type === 'YieldFrom') this.errNode('assignment to yield expression not possible', e);
    const bad = invalidTarget(e, 'Store');
    if (bad === null) { setCtx(e, 'Store'); return; }
    if (isFirst) {
      // invalid_named_expression: the expression right before the first '=' gets the "Maybe you meant '=='" hint.
      const adjacent = e._type === 'Tuple' && !this.isParenthesized(e) && this.startOf(e) === this.startOf(e.elts[0])
        ? e.elts[e.elts.length - 1] : e;
      const excluded = adjacent._type === 'List' || adjacent._type === 'Tuple' || adjacent._type === 'GeneratorExp'
        || (adjacent._type === 'Constant' && (adjacent.value.kind === 'bool' || adjacent.value.kind === 'None'));
      if (!excluded && isBitwiseOrLevel(adjacent) && invalidTarget(adjacent, 'Store') !== null && this.rhsIsSimple(adjacent)) {
        this.errNode(`cannot assign to ${exprName(adjacent)} here. Maybe you meant '==' instead of '='?`, adjacent);
      }
    }
    this.errNode(`cannot assign to ${exprName(bad)}`, bad);
  }

  /** After `adjacent =`, is there a bitwise_or not followed by '=' or ':='? (Re-scans the tokens.) */
  private rhsIsSimple(adjacent: A.Expr): boolean {
    const save = this.p;
    const saveEnd = this.prevEnd;
    const saveSeen = this.maxSeen;
    const end = this.endOf(adjacent);
    let k = 0;
    while (k < this.toks.length && this.toks[k].start < end) k++;
    let ok = false;
    try {
      this.p = k;
      if (this.atOp('=')) {
        this.next();
        if (this.startsExpr(this.peek())) {
          this.bitwiseOr();
          ok = !this.atOp('=') && !this.atOp(':=');
        }
      }
    } catch (e) {
      this.rewind(e, save, saveEnd, saveSeen);
      return false;
    }
    this.rewind(null, save, saveEnd, saveSeen);
    return ok;
  }

  private annAssign(target: A.Expr, start: number): A.AnnAssign {
    if (target._type === 'Tuple' || target._type === 'List') {
      if (this.isParenthesized(target) || target._type === 'List' || this.startOf(target) !== this.startOf(target.elts[0])) {
        this.errNode(`only single target (not ${target._type === 'List' ? 'list' : 'tuple'}) can be annotated`, target);
      }
      this.errNode('only single target (not tuple) can be annotated', target.elts[0]);
    }
    if (target._type !== 'Name' && target._type !== 'Attribute' && target._type !== 'Subscript') {
      // Only `target: annotation` with an annotation present gets the specific message.
      if (!this.startsExpr(this.toks[Math.min(this.p + 1, this.toks.length - 1)])) this.fail();
      this.errNode('illegal target for annotation', target);
    }
    setCtx(target, 'Store');
    this.next();
    const annotation = this.expression();
    let value: A.Expr | null = null;
    if (this.eatOp('=')) value = this.atKw('yield') ? this.yieldExpr() : this.starExpressions();
    const simple = target._type === 'Name' && !this.isParenthesized(target);
    return { _type: 'AnnAssign', target, annotation, value, simple, ...this.sp(start, this.prevEnd) };
  }

  // ------------------------------------------------------------ blocks

  /** ':' then an indented block or simple statements on the same line. */
  private block(kind: string, header: Token): A.Stmt[] {
    if (!this.atOp(':')) this.expectedColon(FORCED_COLON.has(kind));
    this.next();
    const body: A.Stmt[] = [];
    if (this.peek().type !== TT.NEWLINE) {
      this.simpleStmts(body);
      return body;
    }
    this.next();
    const t = this.peek();
    if (t.type !== TT.INDENT) {
      const line = this.lines.lineOf(header.start);
      const msg = `expected an indented block after ${BLOCK_NAMES[kind]} on line ${line}`;
      const where = t.type === TT.DEDENT ? this.firstRealToken() : t;
      if (where.type === TT.ENDMARKER) this.atEndOfLastLine(msg, 'IndentationError');
      if (t.type === TT.DEDENT) {
        // CPython points at the DEDENT token, which has no column.
        const dl = this.lines.lineOf(where.start);
        throw new SyntaxFault('IndentationError', msg, dl, 0, dl, -1);
      }
      const wl = this.lines.lineOf(where.start);
      const col = where.start - this.lines.starts[wl - 1] + 1;
      const len = where.type === TT.NEWLINE ? 0 : where.length;
      throw new SyntaxFault('IndentationError', `expected an indented block after ${BLOCK_NAMES[kind]} on line ${line}`,
        wl, col, wl, col + len);
    }
    this.next();
    while (this.peek().type !== TT.DEDENT && this.peek().type !== TT.ENDMARKER) this.statement(body);
    if (this.peek().type === TT.DEDENT) this.next();
    return body;
  }

  /** Errors found at end of file sit just past the last line's text, as CPython's do. */
  private atEndOfLastLine(msg: string, type: SyntaxFault['type']): never {
    const e = this.trimmedEnd();
    const line = this.lines.lineOf(e);
    const col = e - this.lines.starts[line - 1] + 1;
    throw new SyntaxFault(type, msg, line, col, line, -1);
  }

  private firstRealToken(): Token {
    let k = 0;
    while (this.peekAt(k).type === TT.DEDENT) k++;
    return this.peekAt(k);
  }

  /** CPython's grammar forces the ':' after def/try/else/finally (any other token is "expected ':'");
   * after if/while/for/with/class/except only a line end gets that message. */
  private expectedColon(forced: boolean): never {
    const t = this.peek();
    if (!forced && t.type !== TT.NEWLINE) this.fail(t);
    const line = this.lines.lineOf(t.start);
    const col = t.start - this.lines.starts[line - 1] + 1;
    const len = t.length;
    throw new SyntaxFault('SyntaxError', "expected ':'", line, col, line, col + len);
  }

  private endOfBody(body: A.Stmt[]): number {
    return this.endOf(body[body.length - 1]);
  }

  private ifStmt(): A.If {
    const t = this.next();
    const test = this.namedExpression();
    const body = this.block(t.text, t);
    let orelse: A.Stmt[] = [];
    const n = this.peek();
    if (n.type === TT.NAME && n.text === 'elif') {
      orelse = [this.ifStmt()];
    } else if (n.type === TT.NAME && n.text === 'else') {
      this.next();
      orelse = this.block('else', n);
    }
    const end = orelse.length > 0 ? this.endOfBody(orelse) : this.endOfBody(body);
    return { _type: 'If', test, body, orelse, ...this.sp(t.start, end) };
  }

  private elseBlock(): A.Stmt[] {
    const n = this.peek();
    if (n.type === TT.NAME && n.text === 'else') {
      this.next();
      return this.block('else', n);
    }
    return [];
  }

  private whileStmt(): A.While {
    const t = this.next();
    const test = this.namedExpression();
    const body = this.block('while', t);
    const orelse = this.elseBlock();
    return { _type: 'While', test, body, orelse, ...this.sp(t.start, this.endOfBody(orelse.length ? orelse : body)) };
  }

  private forStmt(first: Token, isAsync = false): A.For {
    const t = this.next();
    const targetAt = this.p;
    const target = this.starTargets();
    if (!this.eatKw('in')) this.badForTarget(targetAt);
    const iter = this.starExpressions();
    const body = this.block('for', t);
    const orelse = this.elseBlock();
    return {
      _type: isAsync ? 'AsyncFor' : 'For', target, iter, body, orelse,
      ...this.sp(first.start, this.endOfBody(orelse.length ? orelse : body)),
    };
  }

  private tryStmt(): A.Try {
    const t = this.next();
    const body = this.block('try', t);
    const handlers: A.ExceptHandler[] = [];
    while (this.atKw('except')) {
      const h = this.next();
      if (this.atOp('*')) this.notSupported('except* (exception groups) is', this.peek());
      if (this.peek().type === TT.NEWLINE) this.expectedColon(false);
      let type: A.Expr | null = null;
      let name: string | null = null;
      if (!this.atOp(':')) {
        type = this.expression();
        if (this.atOp(',')) {
          // Python 2's `except E, e:` as well as `except A, B:`.
          this.next();
          this.starExpressions();
          this.errRange('multiple exception types must be parenthesized', this.startOf(type), this.prevEnd);
        }
        if (this.eatKw('as')) name = this.expectName().text;
      }
      const hb = this.block('except', h);
      handlers.push({ _type: 'ExceptHandler', type, name, body: hb, ...this.sp(h.start, this.endOfBody(hb)) });
    }
    let orelse: A.Stmt[] = [];
    if (handlers.length > 0) orelse = this.elseBlock();
    let finalbody: A.Stmt[] = [];
    if (this.atKw('finally')) {
      const f = this.next();
      finalbody = this.block('finally', f);
    }
    if (handlers.length === 0 && finalbody.length === 0) {
      const n = this.firstRealToken();
      if (n.type === TT.ENDMARKER) this.atEndOfLastLine("expected 'except' or 'finally' block", 'SyntaxError');
      const line = this.lines.lineOf(n.start);
      const col = n.start - this.lines.starts[line - 1] + 1;
      throw new SyntaxFault('SyntaxError', "expected 'except' or 'finally' block", line, col, line,
        col + n.length);
    }
    const last = finalbody.length ? finalbody : orelse.length ? orelse : handlers.length ? null : body;
    const end = last !== null ? this.endOfBody(last) : this.endOf(handlers[handlers.length - 1]);
    return { _type: 'Try', body, handlers, orelse, finalbody, ...this.sp(t.start, end) };
  }

  private withStmt(first: Token, isAsync = false): A.With {
    const t = this.next();
    let items: A.WithItem[] | null = null;
    if (this.atOp('(')) {
      // Parenthesized items `with (a as b, c):` -- tried first, as CPython's grammar does.
      const save = this.p;
      const saveEnd = this.prevEnd;
      const saveNest = this.nest;
      try {
        this.next();
        this.nest++;
        const list: A.WithItem[] = [];
        while (!this.atOp(')')) {
          list.push(this.withItem());
          if (!this.eatOp(',')) break;
        }
        this.nest--;
        this.expectOp(')');
        if (!this.atOp(':')) throw new SyntaxFault('SyntaxError', 'retry', 0, 0, 0, 0);
        items = list;
      } catch (e) {
        this.nest = saveNest;
        this.rewind(e, save, saveEnd, this.maxSeen);
      }
    }
    if (items === null) {
      items = [this.withItem()];
      while (this.eatOp(',')) items.push(this.withItem());
    }
    const body = this.block('with', t);
    return { _type: isAsync ? 'AsyncWith' : 'With', items, body, ...this.sp(first.start, this.endOfBody(body)) };
  }

  private withItem(): A.WithItem {
    const context_expr = this.expression();
    let optional_vars: A.Expr | null = null;
    if (this.eatKw('as')) {
      optional_vars = this.starTargetsForWith();
    }
    return { _type: 'withitem', context_expr, optional_vars };
  }

  private starTargetsForWith(): A.Expr {
    const e = this.atOp('*') ? this.starExpression() : this.bitwiseOr();
    this.toStore(e, 'Store');
    return e;
  }

  private decorated(): A.Stmt {
    const decorators: A.Expr[] = [];
    while (this.atOp('@')) {
      this.next();
      decorators.push(this.namedExpression());
      if (this.peek().type !== TT.NEWLINE) this.fail();
      this.next();
    }
    const t = this.peek();
    if (t.type === TT.NAME) {
      if (t.text === 'def') return this.funcDef(t, decorators);
      if (t.text === 'class') return this.classDef(decorators);
      if (t.text === 'async') return this.asyncStmt(decorators);
    }
    return this.fail();
  }

  private asyncStmt(decorators: A.Expr[]): A.Stmt {
    const a = this.next();
    const t = this.peek();
    if (t.type === TT.NAME) {
      if (t.text === 'def') return this.funcDef(a, decorators, true);
      if (decorators.length === 0 && t.text === 'for') return this.forStmt(a, true);
      if (decorators.length === 0 && t.text === 'with') return this.withStmt(a, true);
    }
    return this.fail();
  }

  private funcDef(first: Token, decorator_list: A.Expr[], isAsync = false): A.FunctionDef {
    const t = this.next();
    const name = this.expectName();
    if (!this.atOp('(')) this.errTok("expected '('", this.peek());
    const open = this.next();
    this.nest++;
    this.enter(open);
    const args = this.parameters(false);
    this.depth--;
    this.nest--;
    this.expectOp(')');
    let returns: A.Expr | null = null;
    if (this.eatOp('->')) returns = this.expression();
    const body = this.block('def', t);
    return {
      _type: isAsync ? 'AsyncFunctionDef' : 'FunctionDef', name: name.text, args, body, decorator_list, returns,
      ...this.sp(first.start, this.endOfBody(body)),
    };
  }

  private classDef(decorator_list: A.Expr[]): A.ClassDef {
    const t = this.next();
    const name = this.expectName();
    let bases: A.Expr[] = [];
    let keywords: A.Keyword[] = [];
    if (this.atOp('(')) {
      const call = this.callArgs();
      bases = call.args;
      keywords = call.keywords;
    }
    const body = this.block('class', t);
    return { _type: 'ClassDef', name: name.text, bases, keywords, body, decorator_list, ...this.sp(t.start, this.endOfBody(body)) };
  }

  /** The argument list of a class statement, parsed as a call's. */
  private callArgs(): A.Call {
    const dummy: A.Name = { _type: 'Name', id: '', ctx: 'Load', ...this.sp(this.peek().start, this.peek().start) };
    const e = this.primaryCall(dummy);
    return e;
  }

  // ------------------------------------------------------------ f-string expressions

  override subExpression(text: string, offset: number): A.Expr {
    const simple = this.simpleFieldName(text, offset);
    if (simple !== null) return simple;
    const wrapped = '(' + text + ')';
    const r = tokenize(wrapped);
    const sub = new Parser({ tokens: r.tokens, lines: r.lines, error: r.error, errorKind: r.errorKind });
    const line = this.lines.lineOf(offset);
    const col = offset - this.lines.starts[line - 1];
    let e: A.Expr;
    try {
      e = sub.fstringExpr();
    } catch (err) {
      if (!(err instanceof SyntaxFault)) throw err;
      const relLine = err.lineno;
      throw new SyntaxFault(err.type, `f-string: ${err.msg}`, line + relLine - 1, err.offset, line + err.end_lineno - 1,
        err.end_offset, r.lines.lineText(relLine));
    }
    shiftSpans(e, line, col - 1);
    return e;
  }

  /** Fast path for the commonest replacement field, a plain name (`{x}`, `{ x }`): no sub-parser. */
  private simpleFieldName(text: string, offset: number): A.Name | null {
    const m = SIMPLE_FIELD.exec(text);
    if (m === null || KEYWORDS.has(m[2])) return null;
    const start = offset + m[1].length;
    return { _type: 'Name', id: m[2], ctx: 'Load', ...this.sp(start, start + m[2].length) };
  }

  /** The body of an f-string replacement field, given as "(expr)". */
  fstringExpr(): A.Expr {
    // Parsed as a parenthesized atom, as CPython 3.11 does: so `{x, y}` is a tuple spanning the parentheses.
    const e = this.atom();
    if (this.peek().type !== TT.NEWLINE && this.peek().type !== TT.ENDMARKER) this.fail();
    if (this.tokError !== null) throw this.tokError;
    return e;
  }
}

/** Move spans of a sub-parsed expression (line 1 columns shifted by colDelta) to its place in the file. */
function shiftSpans(node: unknown, line: number, colDelta: number): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const x of node) shiftSpans(x, line, colDelta);
    return;
  }
  const n = node as Record<string, unknown>;
  if (n._type === 'Constant' && typeof n.lineno !== 'number') return;
  if (typeof n.lineno === 'number') {
    const s = n as unknown as A.Span;
    if (s.lineno === 1) s.col_offset += colDelta;
    if (s.end_lineno === 1) s.end_col_offset += colDelta;
    s.lineno += line - 1;
    s.end_lineno += line - 1;
  }
  for (const k in n) {
    if (k === 'value' && n._type === 'Constant') continue;
    const v = n[k];
    if (v !== null && typeof v === 'object') shiftSpans(v, line, colDelta);
  }
}

/** Parse a whole module. Never throws: every failure is a Diagnostic. */
export function parse(source: string, filename: string): ParseResult {
  let lines: ParserInput['lines'] | null = null;
  // A UTF-8 byte order mark is not part of the program (CPython drops it when decoding).
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
  try {
    const r = tokenize(source);
    lines = r.lines;
    const p = new Parser(r);
    return { ok: true, module: p.file() };
  } catch (e) {
    if (e instanceof SyntaxFault) {
      const text = e.text ?? (lines !== null ? lines.lineText(e.lineno) : '');
      return {
        ok: false,
        error: {
          type: e.type, msg: e.msg, filename, lineno: e.lineno, offset: e.offset,
          end_lineno: e.end_lineno, end_offset: e.end_offset, text,
        },
      };
    }
    // A JS stack overflow on pathological nesting, or a bug: still a diagnostic, never a crash.
    const tooDeep = e instanceof RangeError;
    return {
      ok: false,
      error: {
        type: tooDeep ? 'SyntaxError' : 'InternalError',
        msg: tooDeep ? 'too many nested parentheses' : `internal error in the parser: ${String(e)}`,
        filename, lineno: 1, offset: 1, end_lineno: 1, end_offset: 1, text: lines !== null ? lines.lineText(1) : '',
      },
    };
  }
}

export { formatSyntaxError } from './errors';

export type { Diagnostic };
