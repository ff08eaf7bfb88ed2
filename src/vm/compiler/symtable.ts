/*
 * Symbol tables: which scope each name lives in, decided the way CPython 3.11's
 * Python/symtable.c decides it (two passes: collect definitions and uses per
 * block, then resolve LOCAL / GLOBAL / FREE / CELL from the innermost block out).
 */

import type * as A from '../syntax/ast';

export const DEF_GLOBAL = 1, DEF_LOCAL = 2, DEF_PARAM = 4, DEF_NONLOCAL = 8, USE = 16, DEF_IMPORT = 32;
const DEF_BOUND = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;

export type Scope = 'LOCAL' | 'GLOBAL_EXPLICIT' | 'GLOBAL_IMPLICIT' | 'FREE' | 'CELL';
export type BlockType = 'module' | 'function' | 'class';

/** A compile-time error found while building the table (CPython raises SyntaxError). */
export class SymtableError {
  constructor(public msg: string, public node: A.Span) {}
}

export class SymbolTable {
  flags = new Map<string, number>();
  scopes = new Map<string, Scope>();
  children: SymbolTable[] = [];
  /** Parameters in declaration order (CPython's ste_varnames). */
  params: string[] = [];
  isGenerator = false;
  isCoroutine = false;
  isComprehension = false;
  isLambda = false;
  hasVarargs = false;
  hasVarkw = false;
  /** A method used super() or __class__: the class body gets a __class__ cell. */
  needsClassClosure = false;
  usesClassName = false;
  firstUse = new Map<string, A.Span>();
  /** Names bound in a class body that a method also uses freely (CPython's DEF_FREE_CLASS). */
  classFreeAlso = new Set<string>();
  parent: SymbolTable | null = null;
  constructor(public type: BlockType, public name: string, public node: unknown) {}

  scopeOf(name: string): Scope {
    return this.scopes.get(name) ?? 'GLOBAL_IMPLICIT';
  }
  /** Names with the given scope, sorted as CPython's dictbytype does. */
  namesOf(scope: Scope): string[] {
    return [...this.scopes].filter(([, s]) => s === scope).map(([n]) => n).sort();
  }
}

/** Build the tables for a module; returns the module's table, children in source order. */
export function buildSymtable(mod: A.Module): SymbolTable {
  const b = new Builder();
  const top = new SymbolTable('module', 'top', mod);
  b.cur = top;
  b.top = top;
  for (const s of mod.body) b.stmt(s);
  analyze(top, new Set(), new Set());
  return top;
}

class Builder {
  cur!: SymbolTable;
  top!: SymbolTable;
  /** Maps AST node → its table so the code generator finds blocks in order. */

  add(name: string, flag: number, node: A.Span): void {
    const t = this.cur;
    const old = t.flags.get(name) ?? 0;
    if (flag & DEF_PARAM && old & DEF_PARAM) throw new SymtableError(`duplicate argument '${name}' in function definition`, node);
    if (flag & DEF_PARAM) t.params.push(name);
    // CPython records every global declaration in the module's table too (st_global).
    if (flag & DEF_GLOBAL && t !== this.top) this.top.flags.set(name, (this.top.flags.get(name) ?? 0) | DEF_GLOBAL);
    if (!t.firstUse.has(name)) t.firstUse.set(name, node);
    t.flags.set(name, old | flag);
  }

  enter(type: BlockType, name: string, node: unknown): SymbolTable {
    const t = new SymbolTable(type, name, node);
    this.cur.children.push(t);
    const prev = this.cur;
    this.cur = t;
    t.parent = prev;
    return t;
  }
  leave(t: SymbolTable): void {
    this.cur = t.parent!;
  }

  stmts(ss: A.Stmt[]): void { for (const s of ss) this.stmt(s); }

  args(a: A.Arguments): void {
    for (const p of [...a.posonlyargs, ...a.args, ...a.kwonlyargs]) this.add(p.arg, DEF_PARAM, p);
    if (a.vararg) { this.add(a.vararg.arg, DEF_PARAM, a.vararg); this.cur.hasVarargs = true; }
    if (a.kwarg) { this.add(a.kwarg.arg, DEF_PARAM, a.kwarg); this.cur.hasVarkw = true; }
  }
  argDefaults(a: A.Arguments): void {
    for (const d of a.defaults) this.expr(d);
    for (const d of a.kw_defaults) if (d) this.expr(d);
  }

  stmt(s: A.Stmt): void {
    switch (s._type) {
      case 'FunctionDef': case 'AsyncFunctionDef': {
        this.add(s.name, DEF_LOCAL, s);
        this.argDefaults(s.args);
        for (const d of s.decorator_list) this.expr(d);
        const t = this.enter('function', s.name, s);
        if (s._type === 'AsyncFunctionDef') t.isCoroutine = true;
        this.args(s.args);
        this.stmts(s.body);
        this.leave(t);
        break;
      }
      case 'ClassDef': {
        this.add(s.name, DEF_LOCAL, s);
        for (const e of s.bases) this.expr(e);
        for (const k of s.keywords) this.expr(k.value);
        for (const d of s.decorator_list) this.expr(d);
        const t = this.enter('class', s.name, s);
        this.stmts(s.body);
        this.leave(t);
        break;
      }
      case 'Return':
        if (s.value) this.expr(s.value);
        break;
      case 'Delete': for (const t of s.targets) this.expr(t); break;
      case 'Assign': this.expr(s.value); for (const t of s.targets) this.expr(t); break;
      case 'AugAssign': this.expr(s.target); this.expr(s.value); break;
      case 'AnnAssign':
        if (s.target._type === 'Name') this.add(s.target.id, DEF_LOCAL, s.target); else this.expr(s.target);
        if (s.value) this.expr(s.value);
        break;
      case 'For': case 'AsyncFor':
        this.expr(s.target); this.expr(s.iter); this.stmts(s.body); this.stmts(s.orelse); break;
      case 'While': case 'If': this.expr(s.test); this.stmts(s.body); this.stmts(s.orelse); break;
      case 'With': case 'AsyncWith':
        for (const it of s.items) { this.expr(it.context_expr); if (it.optional_vars) this.expr(it.optional_vars); }
        this.stmts(s.body);
        break;
      case 'Raise': if (s.exc) this.expr(s.exc); if (s.cause) this.expr(s.cause); break;
      case 'Try':
        this.stmts(s.body);
        for (const h of s.handlers) {
          if (h.type) this.expr(h.type);
          if (h.name) this.add(h.name, DEF_LOCAL, h);
          this.stmts(h.body);
        }
        this.stmts(s.orelse); this.stmts(s.finalbody);
        break;
      case 'Assert': this.expr(s.test); if (s.msg) this.expr(s.msg); break;
      case 'Import': case 'ImportFrom':
        for (const a of s.names) {
          const name = a.asname ?? a.name.split('.')[0];
          if (name !== '*') this.add(name, DEF_IMPORT, a);
        }
        break;
      case 'Global': case 'Nonlocal': {
        const flag = s._type === 'Global' ? DEF_GLOBAL : DEF_NONLOCAL;
        if (flag === DEF_NONLOCAL && this.cur.type === 'module') throw new SymtableError('nonlocal declaration not allowed at module level', s);
        // Only the statement checks earlier uses (a walrus in a comprehension adds the same flags silently).
        const kw = s._type === 'Global' ? 'global' : 'nonlocal';
        for (const n of s.names) {
          const old = this.cur.flags.get(n) ?? 0;
          if (old & DEF_PARAM) throw new SymtableError(`name '${n}' is parameter and ${kw}`, s);
          if (old & (DEF_LOCAL | DEF_IMPORT)) throw new SymtableError(`name '${n}' is assigned to before ${kw} declaration`, s);
          if (old & USE) throw new SymtableError(`name '${n}' is used prior to ${kw} declaration`, s);
          this.add(n, flag, s);
        }
        break;
      }
      case 'Expr': this.expr(s.value); break;
      case 'Pass': case 'Break': case 'Continue': break;
    }
  }

  comprehension(e: A.ListComp | A.SetComp | A.DictComp | A.GeneratorExp, name: string): void {
    // The first iterable is evaluated in the enclosing scope (it becomes the .0 argument).
    this.expr(e.generators[0].iter);
    const t = this.enter('function', name, e);
    t.isComprehension = true;
    if (e._type === 'GeneratorExp') t.isGenerator = true;
    if (e.generators.some((g) => g.is_async)) t.isCoroutine = true;
    this.add('.0', DEF_PARAM, e);
    e.generators.forEach((g, i) => {
      this.expr(g.target);
      if (i > 0) this.expr(g.iter);
      for (const c of g.ifs) this.expr(c);
    });
    if (e._type === 'DictComp') { this.expr(e.key); this.expr(e.value); } else this.expr(e.elt);
    this.leave(t);
  }

  /**
   * A walrus in a comprehension binds in the nearest enclosing function (nonlocal there, unless the
   * function declares it global) or module (global); never in a class body (symtable_extend_namedexpr_scope).
   */
  extendNamedexprScope(e: A.NamedExpr): void {
    const name = e.target.id;
    let t = this.cur;
    while (t.isComprehension && t.parent) t = t.parent;
    if (t.type === 'class') throw new SymtableError('assignment expression within a comprehension cannot be used in a class body', e);
    if (t.type === 'module') {
      this.add(name, DEF_GLOBAL, e.target);
      this.addIn(t, name, DEF_GLOBAL, e.target);
    } else {
      this.add(name, (t.flags.get(name) ?? 0) & DEF_GLOBAL ? DEF_GLOBAL : DEF_NONLOCAL, e.target);
      this.addIn(t, name, DEF_LOCAL, e.target);
    }
  }
  addIn(t: SymbolTable, name: string, flag: number, node: A.Span): void {
    const saved = this.cur; this.cur = t; this.add(name, flag, node); this.cur = saved;
  }

  expr(e: A.Expr): void {
    switch (e._type) {
      case 'Name': {
        this.add(e.id, e.ctx === 'Load' ? USE : DEF_LOCAL, e);
        // super() with no arguments, or __class__, needs the implicit __class__ cell.
        if (e.ctx === 'Load' && this.cur.type === 'function' && (e.id === 'super' || e.id === '__class__')) {
          this.add('__class__', USE, e);
        }
        break;
      }
      case 'BoolOp': for (const v of e.values) this.expr(v); break;
      case 'NamedExpr':
        // CPython's symtable_handle_namedexpr: pick the target's scope first, then visit value and target.
        if (this.cur.isComprehension) this.extendNamedexprScope(e);
        this.expr(e.value);
        this.expr(e.target);
        break;
      case 'BinOp': this.expr(e.left); this.expr(e.right); break;
      case 'UnaryOp': this.expr(e.operand); break;
      case 'Lambda': {
        this.argDefaults(e.args);
        const t = this.enter('function', '<lambda>', e);
        t.isLambda = true;
        this.args(e.args);
        this.expr(e.body);
        this.leave(t);
        break;
      }
      case 'IfExp': this.expr(e.test); this.expr(e.body); this.expr(e.orelse); break;
      case 'Dict': for (const k of e.keys) if (k) this.expr(k); for (const v of e.values) this.expr(v); break;
      case 'Set': case 'List': case 'Tuple': for (const x of e.elts) this.expr(x); break;
      case 'ListComp': this.comprehension(e, '<listcomp>'); break;
      case 'SetComp': this.comprehension(e, '<setcomp>'); break;
      case 'DictComp': this.comprehension(e, '<dictcomp>'); break;
      case 'GeneratorExp': this.comprehension(e, '<genexpr>'); break;
      case 'Await':
        this.expr(e.value);
        break;
      case 'Yield': case 'YieldFrom':
        if (this.cur.type !== 'module' && this.cur.type !== 'class') this.cur.isGenerator = true;
        if (e.value) this.expr(e.value);
        break;
      case 'Compare': this.expr(e.left); for (const c of e.comparators) this.expr(c); break;
      case 'Call': this.expr(e.func); for (const a of e.args) this.expr(a); for (const k of e.keywords) this.expr(k.value); break;
      case 'FormattedValue': this.expr(e.value); if (e.format_spec) this.expr(e.format_spec); break;
      case 'JoinedStr': for (const v of e.values) this.expr(v); break;
      case 'Constant': break;
      case 'Attribute': this.expr(e.value); break;
      case 'Subscript': this.expr(e.value); this.expr(e.slice); break;
      case 'Starred': this.expr(e.value); break;
      case 'Slice': if (e.lower) this.expr(e.lower); if (e.upper) this.expr(e.upper); if (e.step) this.expr(e.step); break;
    }
  }
}

/**
 * Resolve scopes (CPython's analyze_block). `bound`: names bound in enclosing function
 * scopes; `globals`: names declared global in enclosing scopes. Returns this block's free names.
 */
function analyze(t: SymbolTable, bound: Set<string>, globals: Set<string>): Set<string> {
  const local = new Set<string>();
  const newGlobals = new Set(globals);
  for (const [name, f] of t.flags) {
    if (f & DEF_GLOBAL) { t.scopes.set(name, 'GLOBAL_EXPLICIT'); newGlobals.add(name); continue; }
    if (f & DEF_NONLOCAL) {
      if (!bound.has(name)) throw new SymtableError(`no binding for nonlocal '${name}' found`, t.firstUse.get(name)!);
      t.scopes.set(name, 'FREE');
      continue;
    }
    if (f & DEF_BOUND) { t.scopes.set(name, 'LOCAL'); local.add(name); newGlobals.delete(name); continue; }
    if (t.type !== 'module' && bound.has(name) && !globals.has(name)) t.scopes.set(name, 'FREE');
    else if (t.type === 'function' && name === '__class__' && bound.has(name)) t.scopes.set(name, 'FREE');
    else t.scopes.set(name, 'GLOBAL_IMPLICIT');
  }
  // Bindings visible to children: class scopes hide their own names.
  const childBound = new Set(bound);
  if (t.type === 'function') for (const n of local) childBound.add(n);
  if (t.type === 'class') childBound.add('__class__');
  const childGlobals = new Set(newGlobals);
  if (t.type === 'function') for (const n of local) childGlobals.delete(n);
  const free = new Set<string>();
  for (const c of t.children) for (const n of analyze(c, childBound, childGlobals)) free.add(n);
  // Free names of children: cells here if bound here, else free here too.
  for (const n of free) {
    const s = t.scopes.get(n);
    if (t.type === 'class' && n === '__class__') { t.needsClassClosure = true; continue; }
    if (t.type === 'function' && (s === 'LOCAL' || s === 'CELL')) { t.scopes.set(n, 'CELL'); continue; }
    if (s === 'GLOBAL_EXPLICIT') continue;
    if (t.type === 'module') continue;
    if (t.type === 'class' && s === 'LOCAL') { t.classFreeAlso.add(n); continue; }
    if (s === undefined || s === 'GLOBAL_IMPLICIT' || s === 'FREE') t.scopes.set(n, 'FREE');
  }
  const out = new Set<string>();
  for (const [n, s] of t.scopes) if (s === 'FREE') out.add(n);
  for (const n of t.classFreeAlso) out.add(n);
  return out;
}

