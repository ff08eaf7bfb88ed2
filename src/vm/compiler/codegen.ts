/*
 * Code generation: statements and expressions to instructions, following
 * CPython 3.11's Python/compile.c function by function (compiler_if,
 * compiler_for, compiler_try_except, compiler_with, compiler_call_helper, ...)
 * so that opname sequences match `python3 -m dis`.
 */

import { compareWarnings, assertWarning, callWarning, subscriptWarning, type CompileWarning } from './warnings';
import type * as A from '../syntax/ast';
import { CO, type CodeObject, type ConstValue } from '../bytecode/code';
import { CMP_OPS, NB } from '../bytecode/opcodes';
import { SymbolTable, SymtableError, DEF_IMPORT } from './symtable';
import { Label } from './instr';
import { Unit, posOf, type FBlock, type FBlockType } from './unit';
import { assemble } from './assemble';
import { fold, foldIterable, constOf } from './fold';

export class CompileError {
  /** type: 'SyntaxError' as CPython, or 'NotSupported' for Python that minipy leaves out. */
  constructor(public msg: string, public node: A.Span | null, public type = 'SyntaxError') {}
}

const STACK_USE_GUIDELINE = 30;
const BINOP: Record<A.BinOpKind, number> = {
  Add: NB.ADD, BitAnd: NB.AND, FloorDiv: NB.FLOOR_DIVIDE, LShift: NB.LSHIFT, MatMult: NB.MATRIX_MULTIPLY,
  Mult: NB.MULTIPLY, Mod: NB.REMAINDER, BitOr: NB.OR, Pow: NB.POWER, RShift: NB.RSHIFT, Sub: NB.SUBTRACT,
  Div: NB.TRUE_DIVIDE, BitXor: NB.XOR,
};
const CMP: Partial<Record<A.CmpOpKind, number>> = { Lt: 0, LtE: 1, Eq: 2, NotEq: 3, Gt: 4, GtE: 5 };
void CMP_OPS;

type Comp = A.ListComp | A.SetComp | A.DictComp | A.GeneratorExp;

export class CodeGen {
  u!: Unit;
  /** SyntaxWarnings so far, in compiling order (CPython's order: a function's body when its def is reached). */
  readonly warnings: CompileWarning[] = [];
  private stack: Unit[] = [];
  private tables = new Map<unknown, SymbolTable>();

  constructor(private top: SymbolTable, private filename: string) {
    const walk = (t: SymbolTable): void => { this.tables.set(t.node, t); t.children.forEach(walk); };
    walk(top);
  }

  // ------------------------------------------------------------ units

  private enter(ste: SymbolTable, name: string, firstlineno: number): void {
    let qualname = name;
    if (this.u) {
      const p = this.u;
      if (p.ste.type === 'function') qualname = `${p.qualname}.<locals>.${name}`;
      else if (p.ste.type === 'class') qualname = `${p.qualname}.${name}`;
      if (p.ste.type !== 'module' && ste.type !== 'module' && this.stack.length >= 1) {
        const sc = p.ste.scopes.get(name);
        if (sc === 'GLOBAL_EXPLICIT' && p.ste.type !== 'function') qualname = name;
      }
      this.stack.push(this.u);
    }
    this.u = new Unit(ste, name, qualname, firstlineno);
    // RESUME's position as 3.11 reports it: (0, 1, 0, 0) for a module, the first line otherwise.
    this.u.loc = ste.type === 'module' ? { line: 0, endLine: 1, col: 0, endCol: 0 } : { line: firstlineno, endLine: firstlineno, col: 0, endCol: 0 };
    this.u.emit('RESUME', 0);
  }

  private leave(addNone: boolean): CodeObject {
    const u = this.u;
    if (u.lastOp() !== 'RETURN_VALUE' || u.instrs[u.instrs.length - 1].op === 'LABEL') {
      // The implicit return has no line of its own (CPython's UNSET_LOC); assembly may copy it.
      u.loc = posOf(null);
      if (addNone) u.emit('LOAD_CONST', u.addConst({ kind: 'None' }));
      u.emit('RETURN_VALUE');
    }
    const ste = u.ste;
    let flags = 0;
    if (ste.type === 'function') {
      flags |= CO.OPTIMIZED | CO.NEWLOCALS;
      if (isNested(ste)) flags |= CO.NESTED;
      if (ste.isGenerator && ste.isCoroutine) flags |= CO.ASYNC_GENERATOR;
      else if (ste.isGenerator) flags |= CO.GENERATOR;
      else if (ste.isCoroutine) flags |= CO.COROUTINE;
      if (ste.hasVarargs) flags |= CO.VARARGS;
      if (ste.hasVarkw) flags |= CO.VARKEYWORDS;
    }
    const cellvars = ste.namesOf('CELL');
    if (ste.needsClassClosure) { cellvars.push('__class__'); cellvars.sort(); }
    const freevars = [...new Set([...ste.namesOf('FREE'), ...ste.classFreeAlso])].sort();
    const code = assemble({
      name: u.name, qualname: u.qualname, filename: this.filename, firstlineno: u.firstlineno,
      argcount: u.argcount, posonlyargcount: u.posonlyargcount, kwonlyargcount: u.kwonlyargcount, flags,
      instrs: u.instrs, consts: u.consts, names: u.names, varnames: u.varnames, cellvars, freevars,
    });
    this.u = this.stack.pop()!;
    return code;
  }

  compileModule(mod: A.Module): CodeObject {
    this.enter(this.top, '<module>', 1);
    this.body(mod.body, true);
    const code = this.leave(true);
    code.warnings = this.warnings;
    return code;
  }

  /** compiler_warn: at the line being compiled, about `span`. */
  private warn(message: string | null, span: A.Span): void {
    if (message === null) return;
    const { lineno, col_offset, end_lineno, end_col_offset } = span; // the numbers only: the tree is not kept
    this.warnings.push({ line: this.u.loc.line, message, span: { lineno, col_offset, end_lineno, end_col_offset } });
  }

  private body(stmts: A.Stmt[], storeDoc: boolean): void {
    let i = 0;
    if (findAnn(stmts)) this.u.emit('SETUP_ANNOTATIONS');
    const doc = docstring(stmts);
    if (doc !== null && storeDoc) {
      const s = stmts[0] as A.ExprStmt;
      this.u.loc = posOf(s);
      this.expr(s.value);
      this.nameop('__doc__', 'Store');
      i = 1;
    }
    for (; i < stmts.length; i++) this.stmt(stmts[i]);
  }

  // ------------------------------------------------------------ names

  nameop(name: string, ctx: A.ExprContext): void {
    const u = this.u;
    const scope = u.ste.scopeOf(name);
    let kind: 'FAST' | 'DEREF' | 'GLOBAL' | 'NAME' = 'NAME';
    if (scope === 'FREE' || scope === 'CELL') kind = 'DEREF';
    else if (scope === 'LOCAL') kind = u.optimized ? 'FAST' : 'NAME';
    else if (scope === 'GLOBAL_IMPLICIT') kind = u.optimized ? 'GLOBAL' : 'NAME';
    else if (scope === 'GLOBAL_EXPLICIT') kind = 'GLOBAL';
    if (u.ste.type === 'class' && name === '__class__' && scope !== 'LOCAL') kind = 'DEREF';
    const verb = ctx === 'Load' ? 'LOAD' : ctx === 'Store' ? 'STORE' : 'DELETE';
    switch (kind) {
      case 'DEREF':
        u.deref(verb === 'LOAD' && u.ste.type === 'class' ? 'LOAD_CLASSDEREF' : `${verb}_DEREF`, name);
        return;
      case 'FAST': u.emit(`${verb}_FAST`, u.addVar(name)); return;
      case 'GLOBAL': u.emit(`${verb}_GLOBAL`, verb === 'LOAD' ? u.addName(name) << 1 : u.addName(name)); return;
      case 'NAME': u.emit(`${verb}_NAME`, u.addName(name)); return;
    }
  }

  private loadConst(c: ConstValue): void { this.u.emit('LOAD_CONST', this.u.addConst(c)); }
  private none(): void { this.loadConst({ kind: 'None' }); }

  // ------------------------------------------------------------ statements

  stmt(s: A.Stmt): void {
    const u = this.u;
    u.loc = posOf(s);
    switch (s._type) {
      case 'FunctionDef': case 'AsyncFunctionDef': return this.functionDef(s);
      case 'ClassDef': return this.classDef(s);
      case 'Return': return this.returnStmt(s);
      case 'Delete': for (const t of s.targets) this.expr(t); return;
      case 'Assign': {
        this.expr(s.value);
        s.targets.forEach((t, i) => {
          if (i < s.targets.length - 1) u.emit('COPY', 1);
          this.expr(t);
        });
        return;
      }
      case 'AugAssign': return this.augAssign(s);
      case 'AnnAssign': return this.annAssign(s);
      case 'For': return this.forStmt(s);
      case 'AsyncFor': return this.asyncFor(s);
      case 'While': return this.whileStmt(s);
      case 'If': return this.ifStmt(s);
      case 'With': case 'AsyncWith': return this.withStmt(s, 0);
      case 'Raise': {
        let n = 0;
        if (s.exc) { this.expr(s.exc); n++; if (s.cause) { this.expr(s.cause); n++; } }
        u.emit('RAISE_VARARGS', n);
        return;
      }
      case 'Try': return s.finalbody.length ? this.tryFinally(s) : this.tryExcept(s);
      case 'Assert': {
        const end = new Label();
        this.warn(assertWarning(s.test), s.test);
        this.jumpIf(s.test, end, true);
        u.emit('LOAD_ASSERTION_ERROR');
        if (s.msg) { this.expr(s.msg); u.emit('PRECALL', 0); u.emit('CALL', 0); }
        u.emit('RAISE_VARARGS', 1);
        u.place(end);
        return;
      }
      case 'Import':
        for (const a of s.names) {
          this.loadConst({ kind: 'int', value: 0 });
          this.none();
          u.emit('IMPORT_NAME', u.addName(a.name));
          if (a.asname) {
            // compiler_import_as: walk the dotted path with IMPORT_FROM, keep only the last module.
            const parts = a.name.split('.');
            for (let i = 1; i < parts.length; i++) {
              u.emit('IMPORT_FROM', u.addName(parts[i]));
              if (i < parts.length - 1) { u.emit('SWAP', 2); u.emit('POP_TOP'); }
            }
            this.nameop(a.asname, 'Store');
            if (parts.length > 1) u.emit('POP_TOP');
          } else this.nameop(a.name.split('.')[0], 'Store');
        }
        return;
      case 'ImportFrom': {
        this.loadConst({ kind: 'int', value: s.level });
        this.loadConst({ kind: 'tuple', items: s.names.map((a) => ({ kind: 'str', value: a.name })) });
        u.emit('IMPORT_NAME', u.addName(s.module ?? ''));
        for (const a of s.names) {
          if (a.name === '*') throw new CompileError("'from ... import *' is not supported in minipy", s, 'NotSupported');
          u.emit('IMPORT_FROM', u.addName(a.name));
          this.nameop(a.asname ?? a.name, 'Store');
        }
        u.emit('POP_TOP');
        return;
      }
      case 'Global': case 'Nonlocal': return;
      case 'Expr':
        if (s.value._type === 'Constant') { u.emit('NOP'); return; }
        this.expr(s.value);
        u.emit('POP_TOP');
        return;
      case 'Pass': u.emit('NOP'); return;
      case 'Break': return this.breakStmt(s);
      case 'Continue': return this.continueStmt(s);
    }
  }

  /** compiler_annassign: module and class bodies record simple annotations in __annotations__. */
  private annAssign(s: A.AnnAssign): void {
    const u = this.u;
    const t = s.target;
    if (s.value) { this.expr(s.value); this.expr(t); }
    const nsScope = u.ste.type === 'module' || u.ste.type === 'class';
    if (t._type === 'Name') {
      if (s.simple && nsScope) {
        this.expr(s.annotation);
        u.emit('LOAD_NAME', u.addName('__annotations__'));
        this.loadConst({ kind: 'str', value: t.id });
        u.emit('STORE_SUBSCR');
        return;
      }
    }
    if (!s.value) {
      if (t._type === 'Attribute') { this.expr(t.value); u.emit('POP_TOP'); }
      else if (t._type === 'Subscript') { this.expr(t.value); u.emit('POP_TOP'); this.expr(t.slice); u.emit('POP_TOP'); }
    }
    if (nsScope && !s.simple) { this.expr(s.annotation); u.emit('POP_TOP'); }
  }

  private augAssign(s: A.AugAssign): void {
    const u = this.u;
    const t = s.target;
    u.loc = posOf(t);
    if (t._type === 'Attribute') {
      this.expr(t.value); u.emit('COPY', 1); u.emit('LOAD_ATTR', u.addName(t.attr));
    } else if (t._type === 'Subscript') {
      this.expr(t.value); this.expr(t.slice); u.emit('COPY', 2); u.emit('COPY', 2); u.emit('BINARY_SUBSCR');
    } else if (t._type === 'Name') this.nameop(t.id, 'Load');
    else throw new CompileError("'" + t._type.toLowerCase() + "' is an illegal expression for augmented assignment", t);
    u.loc = posOf(s);
    this.expr(s.value);
    u.emit('BINARY_OP', BINOP[s.op] + NB.INPLACE);
    u.loc = posOf(t);
    if (t._type === 'Attribute') { u.emit('SWAP', 2); u.emit('STORE_ATTR', u.addName(t.attr)); }
    else if (t._type === 'Subscript') { u.emit('SWAP', 3); u.emit('SWAP', 2); u.emit('STORE_SUBSCR'); }
    else this.nameop((t as A.Name).id, 'Store');
  }

  private ifStmt(s: A.If): void {
    const u = this.u;
    const end = new Label();
    const next = s.orelse.length ? new Label() : end;
    this.jumpIf(s.test, next, false);
    for (const b of s.body) this.stmt(b);
    if (s.orelse.length) {
      u.jumpNoLine('JUMP', end);
      u.place(next);
      for (const b of s.orelse) this.stmt(b);
    }
    u.place(end);
  }

  private whileStmt(s: A.While): void {
    const u = this.u;
    const loop = new Label(), body = new Label(), anchor = new Label(), end = new Label();
    u.place(loop);
    this.pushF('WHILE_LOOP', loop, end, null);
    this.jumpIf(s.test, anchor, false);
    u.place(body);
    for (const b of s.body) this.stmt(b);
    u.loc = posOf(s);
    this.jumpIf(s.test, body, true);
    u.fblocks.pop();
    u.place(anchor);
    for (const b of s.orelse) this.stmt(b);
    u.place(end);
  }

  private forStmt(s: A.For): void {
    const u = this.u;
    const start = new Label(), cleanup = new Label(), end = new Label();
    this.pushF('FOR_LOOP', start, end, null);
    this.expr(foldIterable(s.iter));
    u.emit('GET_ITER');
    u.place(start);
    u.jump('FOR_ITER', cleanup);
    this.expr(s.target);
    for (const b of s.body) this.stmt(b);
    u.jumpNoLine('JUMP', start);
    u.place(cleanup);
    u.fblocks.pop();
    for (const b of s.orelse) this.stmt(b);
    u.place(end);
  }

  private asyncFor(s: A.For): void {
    const u = this.u;
    if (!u.ste.isCoroutine) throw new CompileError("'async for' outside async function", s);
    const start = new Label(), except = new Label(), end = new Label();
    this.expr(s.iter);
    u.emit('GET_AITER');
    u.place(start);
    this.pushF('FOR_LOOP', start, end, null);
    u.setup('finally', except);
    u.emit('GET_ANEXT');
    this.none();
    this.yieldFrom(true);
    u.popBlock();
    this.expr(s.target);
    for (const b of s.body) this.stmt(b);
    u.jumpNoLine('JUMP', start);
    u.fblocks.pop();
    u.place(except);
    u.loc = posOf(s.iter);
    u.emit('END_ASYNC_FOR');
    for (const b of s.orelse) this.stmt(b);
    u.place(end);
  }

  private pushF(type: FBlockType, block: Label | null, exit: Label | null, datum: FBlock['datum']): void {
    this.u.fblocks.push({ type, block, exit, datum });
  }

  private unwind(f: FBlock, preserveTos: boolean): void {
    const u = this.u;
    switch (f.type) {
      case 'WHILE_LOOP': case 'EXCEPTION_HANDLER': return;
      case 'FOR_LOOP':
        if (preserveTos) u.emit('SWAP', 2);
        u.emit('POP_TOP');
        return;
      case 'TRY_EXCEPT': u.popBlock(); return;
      case 'FINALLY_TRY': {
        u.popBlock();
        if (preserveTos) this.pushF('POP_VALUE', null, null, null);
        // The finally body runs here with the fblocks outside it.
        for (const b of f.datum as A.Stmt[]) this.stmt(b);
        if (preserveTos) u.fblocks.pop();
        return;
      }
      case 'FINALLY_END':
        if (preserveTos) u.emit('SWAP', 2);
        u.emit('POP_TOP');
        if (preserveTos) u.emit('SWAP', 2);
        u.popBlock();
        u.emit('POP_EXCEPT');
        return;
      case 'WITH': case 'ASYNC_WITH': {
        u.loc = posOf(f.datum as A.With);
        u.popBlock();
        if (preserveTos) u.emit('SWAP', 2);
        this.callExitWithNones();
        if (f.type === 'ASYNC_WITH') { u.emit('GET_AWAITABLE', 2); this.none(); this.yieldFrom(true); }
        u.emit('POP_TOP');
        u.loc = posOf(null);
        return;
      }
      case 'HANDLER_CLEANUP':
        if (f.datum) u.popBlock();
        if (preserveTos) u.emit('SWAP', 2);
        u.popBlock();
        u.emit('POP_EXCEPT');
        if (f.datum) { this.none(); this.nameop(f.datum as string, 'Store'); this.nameop(f.datum as string, 'Del'); }
        return;
      case 'POP_VALUE':
        if (preserveTos) u.emit('SWAP', 2);
        u.emit('POP_TOP');
        return;
    }
  }

  /** Unwind frame blocks down to the innermost loop (returned) or all of them. */
  private unwindStack(preserveTos: boolean, wantLoop: boolean): FBlock | null {
    const u = this.u;
    if (u.fblocks.length === 0) return null;
    const top = u.fblocks[u.fblocks.length - 1];
    if (wantLoop && (top.type === 'WHILE_LOOP' || top.type === 'FOR_LOOP')) return top;
    u.fblocks.pop();
    this.unwind(top, preserveTos);
    const loop = this.unwindStack(preserveTos, wantLoop);
    u.fblocks.push(top);
    return loop;
  }

  private returnStmt(s: A.Return): void {
    const u = this.u;
    if (u.ste.type !== 'function') throw new CompileError("'return' outside function", s);
    if (s.value && u.ste.isCoroutine && u.ste.isGenerator) throw new CompileError("'return' with value in async generator", s);
    const c = s.value ? constOf(s.value) : null;
    const preserve = s.value !== null && c === null;
    if (preserve) this.expr(s.value!);
    else if (s.value) { u.loc = posOf(s.value); u.emit('NOP'); }
    // A NOP carries the return's line through the unwinding code (as 3.11).
    if (!s.value || s.value.lineno !== s.lineno) { u.loc = posOf(s); u.emit('NOP'); }
    const saved = [...u.hstack];
    this.unwindStack(preserve, false);
    if (!s.value) this.none();
    else if (!preserve) this.loadConst(c!);
    u.emit('RETURN_VALUE');
    u.hstack = saved;
  }

  private breakStmt(s: A.Break): void {
    const u = this.u;
    const saved = [...u.hstack];
    u.emit('NOP');
    const loop = this.unwindStack(false, true);
    if (!loop) throw new CompileError("'break' outside loop", s);
    this.unwind(loop, false);
    u.jump('JUMP', loop.exit!);
    u.hstack = saved;
  }

  private continueStmt(s: A.Continue): void {
    const u = this.u;
    const saved = [...u.hstack];
    u.emit('NOP');
    const loop = this.unwindStack(false, true);
    if (!loop) throw new CompileError("'continue' not properly in loop", s);
    u.jump('JUMP', loop.block!);
    u.hstack = saved;
  }

  private tryExcept(s: A.Try): void {
    const u = this.u;
    const body = new Label(), except = new Label(), end = new Label(), cleanup = new Label();
    const outer = [...u.hstack];
    u.setup('finally', except);
    u.place(body);
    this.pushF('TRY_EXCEPT', body, null, null);
    for (const b of s.body) this.stmt(b);
    u.fblocks.pop();
    u.loc = posOf(null);
    u.popBlock();
    for (const b of s.orelse) this.stmt(b);
    u.jumpNoLine('JUMP', end);
    u.place(except);
    u.loc = posOf(null);
    u.setup('cleanup', cleanup);
    u.emit('PUSH_EXC_INFO');
    this.pushF('EXCEPTION_HANDLER', null, null, null);
    for (const h of s.handlers) {
      u.loc = posOf(h);
      const next = new Label();
      if (h.type) {
        this.expr(h.type);
        u.emit('CHECK_EXC_MATCH');
        u.jump('POP_JUMP_IF_FALSE', next);
      } else if (h !== s.handlers[s.handlers.length - 1]) {
        throw new CompileError('default \'except:\' must be last', h);
      }
      if (h.name) {
        const cleanupEnd = new Label(), cleanupBody = new Label();
        this.nameop(h.name, 'Store');
        u.setup('cleanup', cleanupEnd);
        u.place(cleanupBody);
        this.pushF('HANDLER_CLEANUP', cleanupBody, null, h.name);
        for (const b of h.body) this.stmt(b);
        u.fblocks.pop();
        u.loc = posOf(null);
        u.popBlock(); u.popBlock();
        u.emit('POP_EXCEPT');
        this.none(); this.nameop(h.name, 'Store'); this.nameop(h.name, 'Del');
        u.jump('JUMP', end);
        u.place(cleanupEnd);
        u.loc = posOf(null);
        this.none(); this.nameop(h.name, 'Store'); this.nameop(h.name, 'Del');
        u.emit('RERAISE', 1);
      } else {
        const cleanupBody = new Label();
        u.emit('POP_TOP');
        u.place(cleanupBody);
        this.pushF('HANDLER_CLEANUP', cleanupBody, null, null);
        for (const b of h.body) this.stmt(b);
        u.fblocks.pop();
        u.loc = posOf(null);
        u.popBlock();
        u.emit('POP_EXCEPT');
        u.jump('JUMP', end);
      }
      u.place(next);
    }
    u.loc = posOf(null);
    u.fblocks.pop();
    u.emit('RERAISE', 0);
    u.place(cleanup);
    this.popExceptAndReraise();
    u.place(end);
    u.hstack = outer;
  }

  private popExceptAndReraise(): void {
    const u = this.u;
    u.loc = posOf(null);
    u.emit('COPY', 3);
    u.emit('POP_EXCEPT');
    u.emit('RERAISE', 1);
  }

  private tryFinally(s: A.Try): void {
    const u = this.u;
    const body = new Label(), end = new Label(), exit = new Label(), cleanup = new Label();
    const outer = [...u.hstack];
    u.setup('finally', end);
    u.place(body);
    this.pushF('FINALLY_TRY', body, end, s.finalbody);
    if (s.handlers.length) this.tryExcept(s);
    else for (const b of s.body) this.stmt(b);
    u.loc = posOf(null);
    u.popBlock();
    u.fblocks.pop();
    for (const b of s.finalbody) this.stmt(b);
    u.jumpNoLine('JUMP', exit);
    u.place(end);
    u.loc = posOf(null);
    u.setup('cleanup', cleanup);
    u.emit('PUSH_EXC_INFO');
    this.pushF('FINALLY_END', end, null, null);
    for (const b of s.finalbody) this.stmt(b);
    u.fblocks.pop();
    u.loc = posOf(null);
    u.emit('RERAISE', 0);
    u.place(cleanup);
    this.popExceptAndReraise();
    u.place(exit);
    u.hstack = outer;
  }

  private callExitWithNones(): void {
    this.none(); this.none(); this.none();
    this.u.emit('PRECALL', 2);
    this.u.emit('CALL', 2);
  }

  private withStmt(s: A.With, pos: number): void {
    const u = this.u;
    const isAsync = s._type === 'AsyncWith';
    if (isAsync && !u.ste.isCoroutine) throw new CompileError("'async with' outside async function", s);
    const item = s.items[pos];
    const block = new Label(), final = new Label(), exit = new Label(), cleanup = new Label();
    const outer = [...u.hstack];
    this.expr(item.context_expr);
    if (isAsync) {
      u.emit('BEFORE_ASYNC_WITH');
      u.emit('GET_AWAITABLE', 1);
      this.none();
      this.yieldFrom(true);
    } else u.emit('BEFORE_WITH');
    u.setup('with', final);
    u.place(block);
    this.pushF(isAsync ? 'ASYNC_WITH' : 'WITH', block, final, s);
    if (item.optional_vars) this.expr(item.optional_vars);
    else u.emit('POP_TOP');
    if (pos + 1 === s.items.length) for (const b of s.body) this.stmt(b);
    else this.withStmt(s, pos + 1);
    u.fblocks.pop();
    u.popBlock();
    u.loc = posOf(s);
    this.callExitWithNones();
    if (isAsync) { u.emit('GET_AWAITABLE', 2); this.none(); this.yieldFrom(true); }
    u.emit('POP_TOP');
    u.jump('JUMP', exit);
    u.place(final);
    u.setup('cleanup', cleanup);
    u.emit('PUSH_EXC_INFO');
    u.emit('WITH_EXCEPT_START');
    if (isAsync) { u.emit('GET_AWAITABLE', 2); this.none(); this.yieldFrom(true); }
    const ok = new Label();
    u.jump('POP_JUMP_IF_TRUE', ok);
    u.emit('RERAISE', 2);
    u.place(cleanup);
    this.popExceptAndReraise();
    u.place(ok);
    u.emit('POP_TOP');
    u.popBlock();
    u.emit('POP_EXCEPT');
    u.emit('POP_TOP');
    u.emit('POP_TOP');
    u.place(exit);
    u.hstack = outer;
  }

  // ------------------------------------------------------------ functions and classes

  private defaults(args: A.Arguments): number {
    const u = this.u;
    let flags = 0;
    if (args.defaults.length) {
      this.tupleOf(args.defaults);
      flags |= 1;
    }
    const keys: ConstValue[] = [];
    args.kwonlyargs.forEach((a, i) => {
      const d = args.kw_defaults[i];
      if (d) { this.expr(d); keys.push({ kind: 'str', value: a.arg }); }
    });
    if (keys.length) {
      this.loadConst({ kind: 'tuple', items: keys });
      u.emit('BUILD_CONST_KEY_MAP', keys.length);
      flags |= 2;
    }
    return flags;
  }

  private annotations(args: A.Arguments, returns: A.Expr | null): number {
    const pairs: [string, A.Expr][] = [];
    for (const a of [...args.args, ...args.posonlyargs]) if (a.annotation) pairs.push([a.arg, a.annotation]);
    if (args.vararg?.annotation) pairs.push([args.vararg.arg, args.vararg.annotation]);
    for (const a of args.kwonlyargs) if (a.annotation) pairs.push([a.arg, a.annotation]);
    if (args.kwarg?.annotation) pairs.push([args.kwarg.arg, args.kwarg.annotation]);
    if (returns) pairs.push(['return', returns]);
    if (!pairs.length) return 0;
    for (const [n, e] of pairs) { this.loadConst({ kind: 'str', value: n }); this.expr(e); }
    this.u.emit('BUILD_TUPLE', pairs.length * 2);
    return 4;
  }

  private makeClosure(code: CodeObject, flags: number): void {
    const u = this.u;
    if (code.co_freevars.length) {
      for (const n of code.co_freevars) u.deref('LOAD_CLOSURE', n);
      u.emit('BUILD_TUPLE', code.co_freevars.length);
      flags |= 8;
    }
    this.loadConst({ kind: 'code', code });
    u.emit('MAKE_FUNCTION', flags);
  }

  private setArgs(args: A.Arguments): void {
    this.u.argcount = args.posonlyargs.length + args.args.length;
    this.u.posonlyargcount = args.posonlyargs.length;
    this.u.kwonlyargcount = args.kwonlyargs.length;
  }

  private functionDef(s: A.FunctionDef): void {
    const u = this.u;
    for (const d of s.decorator_list) this.expr(d);
    const firstlineno = s.decorator_list.length ? s.decorator_list[0].lineno : s.lineno;
    u.loc = posOf(s);
    let flags = this.defaults(s.args);
    flags |= this.annotations(s.args, s.returns);
    const ste = this.tables.get(s)!;
    this.enter(ste, s.name, firstlineno);
    const doc = docstring(s.body);
    this.u.addConst(doc !== null ? { kind: 'str', value: doc } : { kind: 'None' });
    this.setArgs(s.args);
    for (let i = doc !== null ? 1 : 0; i < s.body.length; i++) this.stmt(s.body[i]);
    const code = this.leave(true);
    u.loc = posOf(s);
    this.makeClosure(code, flags);
    this.applyDecorators(s.decorator_list);
    u.loc = posOf(s);
    this.nameop(s.name, 'Store');
  }

  private classDef(s: A.ClassDef): void {
    const u = this.u;
    for (const d of s.decorator_list) this.expr(d);
    const firstlineno = s.decorator_list.length ? s.decorator_list[0].lineno : s.lineno;
    const ste = this.tables.get(s)!;
    this.enter(ste, s.name, firstlineno);
    const cu = this.u;
    this.nameop('__name__', 'Load');
    this.nameop('__module__', 'Store');
    this.loadConst({ kind: 'str', value: cu.qualname });
    this.nameop('__qualname__', 'Store');
    this.body(s.body, true);
    cu.loc = posOf(null);
    if (ste.needsClassClosure) {
      cu.deref('LOAD_CLOSURE', '__class__');
      cu.emit('COPY', 1);
      cu.emit('STORE_NAME', cu.addName('__classcell__'));
    } else this.none();
    cu.emit('RETURN_VALUE');
    const code = this.leave(true);
    u.loc = posOf(s);
    u.emit('PUSH_NULL');
    u.emit('LOAD_BUILD_CLASS');
    this.makeClosure(code, 0);
    this.loadConst({ kind: 'str', value: s.name });
    this.callHelper(2, s.bases, s.keywords);
    this.applyDecorators(s.decorator_list);
    u.loc = posOf(s);
    this.nameop(s.name, 'Store');
  }

  /** Innermost decorator first, each call at its decorator's position. */
  private applyDecorators(ds: A.Expr[]): void {
    for (let i = ds.length - 1; i >= 0; i--) {
      this.u.loc = posOf(ds[i]);
      this.u.emit('PRECALL', 0);
      this.u.emit('CALL', 0);
    }
  }

  private lambda(e: A.Lambda): void {
    const u = this.u;
    const flags = this.defaults(e.args);
    const ste = this.tables.get(e)!;
    this.enter(ste, '<lambda>', e.lineno);
    this.u.addConst({ kind: 'None' });
    this.setArgs(e.args);
    this.u.loc = posOf(e.body);
    this.expr(e.body);
    if (ste.isGenerator) this.u.emit('POP_TOP');
    else this.u.emit('RETURN_VALUE');
    const code = this.leave(true);
    u.loc = posOf(e);
    this.makeClosure(code, flags);
  }

  private comprehension(e: Comp): void {
    const u = this.u;
    const ste = this.tables.get(e)!;
    const name = e._type === 'ListComp' ? '<listcomp>' : e._type === 'SetComp' ? '<setcomp>' : e._type === 'DictComp' ? '<dictcomp>' : '<genexpr>';
    this.enter(ste, name, e.lineno);
    const cu = this.u;
    cu.loc = posOf(e);
    cu.argcount = 1;
    if (e._type === 'ListComp') cu.emit('BUILD_LIST', 0);
    else if (e._type === 'SetComp') cu.emit('BUILD_SET', 0);
    else if (e._type === 'DictComp') cu.emit('BUILD_MAP', 0);
    this.compGenerator(e, 0, 0);
    if (e._type !== 'GeneratorExp') cu.emit('RETURN_VALUE');
    const code = this.leave(true);
    u.loc = posOf(e);
    this.makeClosure(code, 0);
    const outer = e.generators[0];
    this.expr(foldIterable(outer.iter));
    u.emit(outer.is_async ? 'GET_AITER' : 'GET_ITER');
    u.emit('PRECALL', 0);
    u.emit('CALL', 0);
    if (ste.isCoroutine && e._type !== 'GeneratorExp') { u.emit('GET_AWAITABLE', 0); this.none(); this.yieldFrom(true); }
  }

  private compGenerator(e: Comp, index: number, depth: number): void {
    const u = this.u;
    const gen = e.generators[index];
    if (gen.is_async) throw new CompileError('asynchronous comprehensions are not supported in minipy', e, 'NotSupported');
    let start: Label | null = new Label();
    const ifCleanup = new Label(), anchor = new Label();
    if (index === 0) u.emit('LOAD_FAST', 0);
    else {
      const it = gen.iter;
      if ((it._type === 'List' || it._type === 'Tuple') && it.elts.length === 1 && it.elts[0]._type !== 'Starred') {
        start = null;
        this.expr(it.elts[0]);
      } else { this.expr(foldIterable(it)); u.emit('GET_ITER'); }
    }
    if (start) { depth++; u.place(start); u.jump('FOR_ITER', anchor); }
    this.expr(gen.target);
    for (const c of gen.ifs) this.jumpIf(c, ifCleanup, false);
    if (index + 1 < e.generators.length) this.compGenerator(e, index + 1, depth);
    else {
      switch (e._type) {
        case 'GeneratorExp': this.expr(e.elt); this.yieldValue(); u.emit('POP_TOP'); break;
        case 'ListComp': this.expr(e.elt); u.emit('LIST_APPEND', depth + 1); break;
        case 'SetComp': this.expr(e.elt); u.emit('SET_ADD', depth + 1); break;
        case 'DictComp': this.expr(e.key); this.expr(e.value); u.emit('MAP_ADD', depth + 1); break;
      }
    }
    u.place(ifCleanup);
    if (start) { u.jump('JUMP', start); u.place(anchor); }
  }

  // ------------------------------------------------------------ yields

  private yieldValue(): void {
    const u = this.u;
    if (u.ste.isCoroutine && u.ste.isGenerator) u.emit('ASYNC_GEN_WRAP');
    u.emit('YIELD_VALUE');
    u.emit('RESUME', 1);
  }

  private yieldFrom(isAwait: boolean): void {
    const u = this.u;
    const start = new Label(), exit = new Label();
    u.place(start);
    u.jump('SEND', exit);
    u.emit('YIELD_VALUE');
    u.emit('RESUME', isAwait ? 3 : 2);
    u.jump('JUMP_NO_INTERRUPT', start);
    u.place(exit);
  }

  // ------------------------------------------------------------ conditions

  jumpIf(e0: A.Expr, next: Label, cond: boolean): void {
    const u = this.u;
    this.jumpIfInner(fold(e0), next, cond);
  }

  private jumpIfInner(e: A.Expr, next: Label, cond: boolean): void {
    const u = this.u;
    switch (e._type) {
      case 'UnaryOp':
        if (e.op === 'Not') return this.jumpIf(e.operand, next, !cond);
        break;
      case 'BoolOp': {
        const cond2 = e.op === 'Or';
        const next2 = cond2 !== cond ? new Label() : next;
        for (let i = 0; i < e.values.length - 1; i++) this.jumpIf(e.values[i], next2, cond2);
        this.jumpIf(e.values[e.values.length - 1], next, cond);
        if (next2 !== next) u.place(next2);
        return;
      }
      case 'IfExp': {
        const end = new Label(), next2 = new Label();
        this.jumpIf(e.test, next2, false);
        this.jumpIf(e.body, next, cond);
        u.jumpNoLine('JUMP', end);
        u.place(next2);
        this.jumpIf(e.orelse, next, cond);
        u.place(end);
        return;
      }
      case 'Compare': {
        const n = e.ops.length - 1;
        if (n > 0) {
          for (const m of compareWarnings(e)) this.warn(m, e);
          const cleanup = new Label(), end = new Label();
          this.expr(e.left);
          for (let i = 0; i < n; i++) {
            this.expr(e.comparators[i]);
            u.emit('SWAP', 2); u.emit('COPY', 2);
            this.compareOp(e.ops[i]);
            u.jump('POP_JUMP_IF_FALSE', cleanup);
          }
          this.expr(this.cmpRight(e, n));
          this.compareOp(e.ops[n]);
          u.jump(cond ? 'POP_JUMP_IF_TRUE' : 'POP_JUMP_IF_FALSE', next);
          u.jumpNoLine('JUMP', end);
          u.place(cleanup);
          u.emit('POP_TOP');
          if (!cond) u.jumpNoLine('JUMP', next);
          u.place(end);
          return;
        }
        break;
      }
    }
    this.expr(e);
    // 3.11 gives the jump after a comparison the comparison's location (and keeps it current);
    // after anything else the jump has the enclosing statement's or expression's location.
    if (e._type === 'Compare') u.loc = posOf(e);
    u.jump(cond ? 'POP_JUMP_IF_TRUE' : 'POP_JUMP_IF_FALSE', next);
  }

  private cmpRight(e: A.Compare, i: number): A.Expr {
    // CPython's fold_compare turns only the last comparator into a tuple: a middle one is also
    // the left operand of the next comparison, so it must stay the list it was written as.
    const op = e.ops[i];
    return i === e.ops.length - 1 && (op === 'In' || op === 'NotIn') ? foldIterable(e.comparators[i]) : e.comparators[i];
  }

  private compareOp(op: A.CmpOpKind): void {
    const u = this.u;
    switch (op) {
      case 'Is': u.emit('IS_OP', 0); return;
      case 'IsNot': u.emit('IS_OP', 1); return;
      case 'In': u.emit('CONTAINS_OP', 0); return;
      case 'NotIn': u.emit('CONTAINS_OP', 1); return;
      default: u.emit('COMPARE_OP', CMP[op]!);
    }
  }

  // ------------------------------------------------------------ expressions

  expr(e0: A.Expr): void {
    const u = this.u;
    const e = fold(e0);
    const savedLoc = u.loc;
    u.loc = posOf(e);
    this.exprInner(e);
    u.loc = savedLoc;
  }

  private exprInner(e: A.Expr): void {
    const u = this.u;
    switch (e._type) {
      case 'Constant': this.loadConst((e as unknown as { value: ConstValue }).value); return;
      case 'Name': this.nameop(e.id, e.ctx); return;
      case 'BoolOp': {
        const end = new Label();
        const op = e.op === 'And' ? 'JUMP_IF_FALSE_OR_POP' : 'JUMP_IF_TRUE_OR_POP';
        for (let i = 0; i < e.values.length - 1; i++) { this.expr(e.values[i]); u.jump(op, end); }
        this.expr(e.values[e.values.length - 1]);
        u.place(end);
        return;
      }
      case 'NamedExpr': this.expr(e.value); u.emit('COPY', 1); this.expr(e.target); return;
      case 'BinOp': this.expr(e.left); this.expr(e.right); u.emit('BINARY_OP', BINOP[e.op]); return;
      case 'UnaryOp':
        this.expr(e.operand);
        u.emit({ Invert: 'UNARY_INVERT', Not: 'UNARY_NOT', UAdd: 'UNARY_POSITIVE', USub: 'UNARY_NEGATIVE' }[e.op]);
        return;
      case 'Lambda': return this.lambda(e);
      case 'IfExp': {
        const end = new Label(), next = new Label();
        this.jumpIf(e.test, next, false);
        this.expr(e.body);
        u.jumpNoLine('JUMP', end);
        u.place(next);
        this.expr(e.orelse);
        u.place(end);
        return;
      }
      case 'Dict': return this.dict(e);
      case 'Set': return this.starUnpack(e.elts, 0, 'BUILD_SET', 'SET_ADD', 'SET_UPDATE', false);
      case 'ListComp': case 'SetComp': case 'DictComp': case 'GeneratorExp': return this.comprehension(e);
      case 'Await': {
        if (u.ste.type !== 'function') throw new CompileError("'await' outside function", e);
        if (!u.ste.isCoroutine) throw new CompileError("'await' outside async function", e);
        this.expr(e.value);
        u.emit('GET_AWAITABLE', 0);
        this.none();
        this.yieldFrom(true);
        return;
      }
      case 'Yield':
        if (u.ste.type !== 'function') throw new CompileError("'yield' outside function", e);
        if (e.value) this.expr(e.value); else this.none();
        this.yieldValue();
        return;
      case 'YieldFrom':
        if (u.ste.type !== 'function') throw new CompileError("'yield' outside function", e);
        if (u.ste.isCoroutine) throw new CompileError("'yield from' inside async function", e);
        this.expr(e.value);
        u.emit('GET_YIELD_FROM_ITER');
        this.none();
        this.yieldFrom(false);
        return;
      case 'Compare': return this.compare(e);
      case 'Call': return this.call(e);
      case 'FormattedValue': {
        this.expr(e.value);
        let oparg = e.conversion === 115 ? 1 : e.conversion === 114 ? 2 : e.conversion === 97 ? 3 : 0;
        if (e.format_spec) { this.expr(e.format_spec); oparg |= 4; }
        u.emit('FORMAT_VALUE', oparg);
        return;
      }
      case 'JoinedStr':
        for (const v of e.values) this.expr(v);
        if (e.values.length !== 1) u.emit('BUILD_STRING', e.values.length);
        return;
      case 'Attribute':
        this.expr(e.value);
        u.loc = { ...u.loc, line: e.end_lineno };
        u.emit(`${e.ctx === 'Load' ? 'LOAD' : e.ctx === 'Store' ? 'STORE' : 'DELETE'}_ATTR`, u.addName(e.attr));
        return;
      case 'Subscript':
        if (e.ctx === 'Load') this.warn(subscriptWarning(e.value, e.slice), e);
        this.expr(e.value);
        this.expr(e.slice);
        u.emit(e.ctx === 'Load' ? 'BINARY_SUBSCR' : e.ctx === 'Store' ? 'STORE_SUBSCR' : 'DELETE_SUBSCR');
        return;
      case 'Slice': {
        let n = 2;
        if (e.lower) this.expr(e.lower); else this.none();
        if (e.upper) this.expr(e.upper); else this.none();
        if (e.step) { this.expr(e.step); n = 3; }
        u.emit('BUILD_SLICE', n);
        return;
      }
      case 'Starred':
        if (e.ctx === 'Store') throw new CompileError('starred assignment target must be in a list or tuple', e);
        throw new CompileError("can't use starred expression here", e);
      case 'List':
        if (e.ctx === 'Store') return this.unpack(e.elts, e);
        if (e.ctx === 'Del') { for (const x of e.elts) this.expr(x); return; }
        return this.starUnpack(e.elts, 0, 'BUILD_LIST', 'LIST_APPEND', 'LIST_EXTEND', false);
      case 'Tuple':
        if (e.ctx === 'Store') return this.unpack(e.elts, e);
        if (e.ctx === 'Del') { for (const x of e.elts) this.expr(x); return; }
        return this.starUnpack(e.elts, 0, 'BUILD_LIST', 'LIST_APPEND', 'LIST_EXTEND', true);
    }
  }

  private unpack(elts: A.Expr[], node: A.Expr): void {
    const u = this.u;
    let star = -1;
    elts.forEach((x, i) => {
      if (x._type === 'Starred') {
        if (star >= 0) throw new CompileError('multiple starred expressions in assignment', x);
        star = i;
      }
    });
    if (star >= 0) {
      if (star >= 256 || elts.length - star - 1 >= (1 << 24)) throw new CompileError('too many expressions in star-unpacking assignment', node);
      u.emit('UNPACK_EX', star + ((elts.length - star - 1) << 8));
    } else u.emit('UNPACK_SEQUENCE', elts.length);
    for (const x of elts) this.expr(x._type === 'Starred' ? x.value : x);
  }

  /** Load a tuple of expressions (CPython's compiler_visit_defaults). */
  private tupleOf(es: A.Expr[]): void {
    // A BUILD_TUPLE of constants is folded at assembly, its tuple appended to co_consts there (as 3.11).
    for (const x of es) this.expr(x);
    this.u.emit('BUILD_TUPLE', es.length);
  }

  private starUnpack(elts: A.Expr[], pushed: number, build: string, add: string, extend: string, tuple: boolean): void {
    const u = this.u;
    const n = elts.length;
    const cs = elts.map((x) => (x._type === 'Starred' ? null : constOf(x)));
    if (n > 2 && cs.every((c) => c !== null)) {
      // starunpack_helper: three or more constants load as one tuple (a frozenset for a set display).
      const folded: ConstValue = { kind: build === 'BUILD_SET' ? 'frozenset' : 'tuple', items: cs as ConstValue[] };
      if (tuple && !pushed) { this.loadConst(folded); return; }
      u.emit(build, pushed);
      this.loadConst(folded);
      u.emit(extend, 1);
      if (tuple) u.emit('LIST_TO_TUPLE');
      return;
    }
    const seenStar = elts.some((x) => x._type === 'Starred');
    const big = n + pushed > STACK_USE_GUIDELINE;
    if (!seenStar && !big) {
      for (const x of elts) this.expr(x);
      u.emit(tuple ? 'BUILD_TUPLE' : build, n + pushed);
      return;
    }
    let built = false;
    if (big) { u.emit(build, pushed); built = true; }
    elts.forEach((x, i) => {
      if (x._type === 'Starred') {
        if (!built) { u.emit(build, i + pushed); built = true; }
        this.expr(x.value);
        u.emit(extend, 1);
      } else {
        this.expr(x);
        if (built) u.emit(add, 1);
      }
    });
    if (tuple) u.emit('LIST_TO_TUPLE');
  }

  private dict(e: A.Dict): void {
    const u = this.u;
    const n = e.values.length;
    let haveDict = false, elements = 0;
    const subdict = (begin: number, end: number): void => {
      const m = end - begin;
      const keys = e.keys.slice(begin, end).map((k) => (k ? constOf(k) : null));
      if (m > 1 && keys.every((k) => k !== null)) {
        for (let i = begin; i < end; i++) this.expr(e.values[i]);
        this.loadConst({ kind: 'tuple', items: keys as ConstValue[] });
        u.emit('BUILD_CONST_KEY_MAP', m);
      } else {
        for (let i = begin; i < end; i++) { this.expr(e.keys[i]!); this.expr(e.values[i]); }
        u.emit('BUILD_MAP', m);
      }
    };
    for (let i = 0; i < n; i++) {
      if (e.keys[i] === null) {
        if (elements) { subdict(i - elements, i); if (haveDict) u.emit('DICT_UPDATE', 1); haveDict = true; elements = 0; }
        if (!haveDict) { u.emit('BUILD_MAP', 0); haveDict = true; }
        this.expr(e.values[i]);
        u.emit('DICT_UPDATE', 1);
      } else if (elements * 2 > STACK_USE_GUIDELINE) {
        subdict(i - elements, i);
        if (haveDict) u.emit('DICT_UPDATE', 1);
        haveDict = true;
        elements = 1;
      } else elements++;
    }
    if (elements) { subdict(n - elements, n); if (haveDict) u.emit('DICT_UPDATE', 1); haveDict = true; }
    if (!haveDict) u.emit('BUILD_MAP', 0);
  }

  private compare(e: A.Compare): void {
    const u = this.u;
    for (const m of compareWarnings(e)) this.warn(m, e);
    this.expr(e.left);
    const n = e.ops.length - 1;
    if (n === 0) {
      this.expr(this.cmpRight(e, 0));
      this.compareOp(e.ops[0]);
      return;
    }
    const cleanup = new Label(), end = new Label();
    for (let i = 0; i < n; i++) {
      this.expr(this.cmpRight(e, i));
      u.emit('SWAP', 2); u.emit('COPY', 2);
      this.compareOp(e.ops[i]);
      u.jump('JUMP_IF_FALSE_OR_POP', cleanup);
    }
    this.expr(this.cmpRight(e, n));
    this.compareOp(e.ops[n]);
    u.jumpNoLine('JUMP', end);
    u.place(cleanup);
    u.emit('SWAP', 2);
    u.emit('POP_TOP');
    u.place(end);
  }

  private isImportOriginated(e: A.Expr): boolean {
    return e._type === 'Name' && ((this.top.flags.get(e.id) ?? 0) & DEF_IMPORT) !== 0;
  }

  private call(e: A.Call): void {
    const u = this.u;
    const f = e.func;
    this.warn(callWarning(f), e);
    if (f._type === 'Attribute' && f.ctx === 'Load' && !this.isImportOriginated(f.value) && e.args.length < STACK_USE_GUIDELINE
      && !e.args.some((a) => a._type === 'Starred') && !e.keywords.some((k) => k.arg === null)) {
      this.expr(f.value);
      u.loc = { ...posOf(f), line: f.end_lineno };
      u.emit('LOAD_METHOD', u.addName(f.attr));
      u.loc = posOf(e);
      for (const a of e.args) this.expr(a);
      for (const k of e.keywords) this.expr(k.value);
      if (e.keywords.length) this.kwNames(e.keywords);
      u.loc = posOf(e);
      u.emit('PRECALL', e.args.length + e.keywords.length);
      u.emit('CALL', e.args.length + e.keywords.length);
      return;
    }
    // PUSH_NULL before a LOAD_GLOBAL becomes LOAD_GLOBAL's NULL bit at assembly (as 3.11's peephole).
    u.loc = posOf(f);
    u.emit('PUSH_NULL');
    u.loc = posOf(e);
    this.expr(f);
    u.loc = posOf(e);
    this.callHelper(0, e.args, e.keywords);
  }

  private kwNames(kws: A.Keyword[]): void {
    this.u.emit('KW_NAMES', this.u.addConst({ kind: 'tuple', items: kws.map((k) => ({ kind: 'str', value: k.arg! })) }));
  }

  private callHelper(n: number, args: A.Expr[], keywords: A.Keyword[]): void {
    const u = this.u;
    const seen = new Set<string>();
    for (const k of keywords) {
      if (k.arg === null) continue;
      if (seen.has(k.arg)) throw new CompileError(`keyword argument repeated: ${k.arg}`, k);
      seen.add(k.arg);
    }
    const simple = args.length + keywords.length * 2 <= STACK_USE_GUIDELINE
      && !args.some((a) => a._type === 'Starred') && !keywords.some((k) => k.arg === null);
    const loc = u.loc;
    if (simple) {
      for (const a of args) this.expr(a);
      if (keywords.length) { for (const k of keywords) this.expr(k.value); this.kwNames(keywords); }
      u.loc = loc;
      u.emit('PRECALL', n + args.length + keywords.length);
      u.emit('CALL', n + args.length + keywords.length);
      return;
    }
    if (n === 0 && args.length === 1 && args[0]._type === 'Starred') this.expr((args[0] as A.Starred).value);
    else this.starUnpack(args, n, 'BUILD_LIST', 'LIST_APPEND', 'LIST_EXTEND', true);
    if (keywords.length) {
      let haveDict = false, nseen = 0;
      const sub = (begin: number, end: number): void => {
        const m = end - begin;
        if (m > 1) {
          for (let i = begin; i < end; i++) this.expr(keywords[i].value);
          this.loadConst({ kind: 'tuple', items: keywords.slice(begin, end).map((k) => ({ kind: 'str', value: k.arg! })) });
          u.emit('BUILD_CONST_KEY_MAP', m);
        } else {
          for (let i = begin; i < end; i++) { this.loadConst({ kind: 'str', value: keywords[i].arg! }); this.expr(keywords[i].value); }
          u.emit('BUILD_MAP', m);
        }
      };
      keywords.forEach((k, i) => {
        if (k.arg === null) {
          if (nseen) { sub(i - nseen, i); if (haveDict) u.emit('DICT_MERGE', 1); haveDict = true; nseen = 0; }
          if (!haveDict) { u.emit('BUILD_MAP', 0); haveDict = true; }
          this.expr(k.value);
          u.emit('DICT_MERGE', 1);
        } else nseen++;
      });
      if (nseen) { sub(keywords.length - nseen, keywords.length); if (haveDict) u.emit('DICT_MERGE', 1); }
    }
    u.loc = loc;
    u.emit('CALL_FUNCTION_EX', keywords.length > 0 ? 1 : 0);
  }
}

function isNested(ste: SymbolTable): boolean {
  for (let p = ste.parent; p; p = p.parent) if (p.type === 'function') return true;
  return false;
}

/** 3.11's find_ann: does a module or class body annotate anything (outside nested scopes)? */
function findAnn(stmts: A.Stmt[]): boolean {
  for (const s of stmts) {
    switch (s._type) {
      case 'AnnAssign': return true;
      case 'For': case 'AsyncFor': case 'While': case 'If':
        if (findAnn(s.body) || findAnn(s.orelse)) return true;
        break;
      case 'With': case 'AsyncWith': if (findAnn(s.body)) return true; break;
      case 'Try':
        if (findAnn(s.body) || findAnn(s.orelse) || findAnn(s.finalbody) || s.handlers.some((h) => findAnn(h.body))) return true;
        break;
    }
  }
  return false;
}

function docstring(body: A.Stmt[]): string | null {
  const s = body[0];
  if (s && s._type === 'Expr' && s.value._type === 'Constant' && s.value.value.kind === 'str') return s.value.value.value;
  return null;
}

export { SymtableError };
