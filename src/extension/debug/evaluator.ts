/*
 * A small, side-effect-free evaluator over a snapshot, for the Debug Console,
 * Watch, hovers and breakpoint conditions. It reads names, attributes and
 * items from the snapshot's heap (never the live VM), so evaluating can never
 * run user code: `x`, `a.b`, `d['k']`, `xs[-1]`, comparisons, `and`/`or`/`not`.
 */

import type { FrameSnap, ObjectSnap, Snapshot, ValueSnap } from '../../vm/snapshot-types';

export type EvalResult = { ok: true; value: ValueSnap } | { ok: false; error: string };

/** Where names are looked up: a frame's locals, then its process's globals. */
export interface EvalScope {
  snapshot: Snapshot;
  frame?: FrameSnap;
  processId?: number;
}

class EvalError {
  constructor(readonly message: string) {}
}

const heapIndex = new WeakMap<Snapshot, Map<number, ObjectSnap>>();

export function objectById(snapshot: Snapshot, id: number): ObjectSnap | undefined {
  let index = heapIndex.get(snapshot);
  if (!index) {
    index = new Map(snapshot.heap.map((o) => [o.id, o]));
    heapIndex.set(snapshot, index);
  }
  return index.get(id);
}

type Tok = { t: 'name' | 'num' | 'str' | 'op'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  const re = /\s*(?:([A-Za-z_][A-Za-z_0-9]*)|(\d+(?:\.\d+)?)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(==|!=|<=|>=|[<>()[\].\-]))/y;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) throw new EvalError(`cannot evaluate '${src}': unsupported syntax at column ${pos + 1} (names, attributes, indexing and comparisons only)`);
    pos = re.lastIndex;
    if (m[1] !== undefined) out.push({ t: 'name', v: m[1] });
    else if (m[2] !== undefined) out.push({ t: 'num', v: m[2] });
    else if (m[3] !== undefined) out.push({ t: 'str', v: m[3] });
    else out.push({ t: 'op', v: m[4] });
  }
  return out;
}

const lit = (kind: 'int' | 'float' | 'str' | 'bool' | 'none', repr: string): ValueSnap => ({ kind, repr });

/** A Python repr of a string, single-quoted as CPython prefers. */
function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  return q + s.replace(/\\/g, '\\\\').replace(q === "'" ? /'/g : /"/g, `\\${q}`).replace(/\n/g, '\\n').replace(/\t/g, '\\t') + q;
}

function unquote(repr: string): string {
  try {
    if (repr.startsWith("'")) return JSON.parse('"' + repr.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"') + '"') as string;
    if (repr.startsWith('"')) return JSON.parse(repr) as string;
  } catch {
    // fall through: an escape JSON does not know; the raw text is close enough for comparisons
  }
  return repr.slice(1, -1);
}

class Evaluator {
  private toks: Tok[] = [];
  private i = 0;
  constructor(private readonly scope: EvalScope) {}

  run(src: string): ValueSnap {
    this.toks = tokenize(src);
    this.i = 0;
    if (this.toks.length === 0) throw new EvalError('empty expression');
    // A call could run user code (a __getattr__, a generator's next): refuse it up front, whatever it calls.
    for (let k = 1; k < this.toks.length; k++) {
      const prev = this.toks[k - 1];
      const callee = (prev.t === 'name' && !['and', 'or', 'not', 'is'].includes(prev.v)) || (prev.t === 'op' && (prev.v === ')' || prev.v === ']'));
      if (this.toks[k].t === 'op' && this.toks[k].v === '(' && callee) throw new EvalError(`cannot evaluate '${src}': calls are not evaluated while debugging (they could have side effects)`);
    }
    const v = this.or();
    if (this.i < this.toks.length) throw new EvalError(`cannot evaluate '${src}': unexpected '${this.toks[this.i].v}'`);
    return v;
  }

  private peek(v?: string): Tok | undefined {
    const t = this.toks[this.i];
    return t && (v === undefined || t.v === v) ? t : undefined;
  }
  private take(v: string): boolean {
    if (this.peek(v)) { this.i++; return true; }
    return false;
  }
  private expect(v: string): void {
    if (!this.take(v)) throw new EvalError(`expected '${v}'`);
  }

  private or(): ValueSnap {
    let v = this.and();
    while (this.peek('or') && this.toks[this.i].t === 'name') { this.i++; const r = this.and(); v = this.truthy(v) ? v : r; }
    return v;
  }
  private and(): ValueSnap {
    let v = this.not();
    while (this.peek('and') && this.toks[this.i].t === 'name') { this.i++; const r = this.not(); v = this.truthy(v) ? r : v; }
    return v;
  }
  private not(): ValueSnap {
    if (this.peek('not') && this.toks[this.i].t === 'name') { this.i++; return lit('bool', this.truthy(this.not()) ? 'False' : 'True'); }
    return this.cmp();
  }
  private cmp(): ValueSnap {
    const a = this.postfix();
    const t = this.peek();
    if (!t) return a;
    let op: string | undefined;
    if (t.t === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.v)) { op = t.v; this.i++; }
    else if (t.t === 'name' && t.v === 'is') { this.i++; op = this.take('not') ? 'is not' : 'is'; }
    if (!op) return a;
    const b = this.postfix();
    return lit('bool', compare(a, op, b) ? 'True' : 'False');
  }
  private postfix(): ValueSnap {
    let v = this.atom();
    for (;;) {
      if (this.take('.')) {
        const n = this.toks[this.i++];
        if (!n || n.t !== 'name') throw new EvalError('expected an attribute name after .');
        v = this.attr(v, n.v);
      } else if (this.take('[')) {
        const k = this.or();
        this.expect(']');
        v = this.item(v, k);
      } else return v;
    }
  }
  private atom(): ValueSnap {
    const t = this.toks[this.i++];
    if (!t) throw new EvalError('unexpected end of expression');
    if (t.t === 'num') return t.v.includes('.') ? lit('float', t.v) : lit('int', t.v);
    if (t.t === 'str') return lit('str', strRepr(unquote(t.v)));
    if (t.t === 'op' && t.v === '-') {
      const n = this.toks[this.i++];
      if (!n || n.t !== 'num') throw new EvalError("only numbers can follow '-'");
      return n.v.includes('.') ? lit('float', '-' + n.v) : lit('int', '-' + n.v);
    }
    if (t.t === 'op' && t.v === '(') { const v = this.or(); this.expect(')'); return v; }
    if (t.t === 'name') {
      if (t.v === 'None') return lit('none', 'None');
      if (t.v === 'True' || t.v === 'False') return lit('bool', t.v);
      return this.name(t.v);
    }
    throw new EvalError(`unexpected '${t.v}'`);
  }

  private name(n: string): ValueSnap {
    const local = this.scope.frame?.locals.find((v) => v.name === n);
    if (local) return local.value;
    const procs = this.scope.snapshot.processes;
    const proc = procs.find((p) => p.pid === this.scope.processId) ?? procs[0];
    const g = proc?.globals.find((v) => v.name === n);
    if (g) return g.value;
    throw new EvalError(`NameError: name '${n}' is not defined`);
  }

  private obj(v: ValueSnap): ObjectSnap | undefined {
    return v.kind === 'ref' ? objectById(this.scope.snapshot, v.id) : undefined;
  }

  private attr(v: ValueSnap, name: string): ValueSnap {
    const o = this.obj(v);
    const ref = o?.refs.find((r) => r.label === '.' + name);
    if (ref) return ref.target;
    const tname = v.kind === 'ref' ? v.type : v.kind === 'none' ? 'NoneType' : v.kind;
    throw new EvalError(`AttributeError: '${tname}' object has no attribute '${name}'`);
  }

  private item(v: ValueSnap, key: ValueSnap): ValueSnap {
    const o = this.obj(v);
    if (!o) throw new EvalError(`TypeError: '${v.kind === 'none' ? 'NoneType' : v.kind}' object is not subscriptable`);
    if (key.kind === 'int' && o.type !== 'dict') {
      const items = o.refs.filter((r) => /^\[\d+\]$/.test(r.label));
      let n = Number(key.repr);
      if (n < 0) n += items.length;
      const ref = o.refs.find((r) => r.label === `[${n}]`);
      if (ref) return ref.target;
      throw new EvalError(`IndexError: ${o.type} index out of range`);
    }
    const ref = o.refs.find((r) => r.label === `value of key ${key.repr}`);
    if (ref) return ref.target;
    if (o.type === 'dict') throw new EvalError(`KeyError: ${key.repr}`);
    throw new EvalError(`cannot index a ${o.type} with ${key.repr} here`);
  }

  truthy(v: ValueSnap): boolean {
    switch (v.kind) {
      case 'bool': return v.repr === 'True';
      case 'none': return false;
      case 'int': case 'float': return Number(v.repr) !== 0;
      case 'str': return v.repr.length > 2;
      case 'ref': {
        const o = this.obj(v);
        if (o && ['list', 'tuple', 'dict', 'set', 'frozenset'].includes(o.type)) return o.refs.length > 0;
        return true;
      }
    }
  }
}

function numeric(v: ValueSnap): number | undefined {
  if (v.kind === 'int' || v.kind === 'float') return Number(v.repr);
  if (v.kind === 'bool') return v.repr === 'True' ? 1 : 0;
  return undefined;
}

function compare(a: ValueSnap, op: string, b: ValueSnap): boolean {
  if (op === 'is' || op === 'is not') {
    const same = a.kind === 'ref' && b.kind === 'ref' ? a.id === b.id : a.kind === b.kind && a.repr === b.repr;
    return op === 'is' ? same : !same;
  }
  const na = numeric(a);
  const nb = numeric(b);
  let c: number | undefined;
  if (na !== undefined && nb !== undefined) c = na < nb ? -1 : na > nb ? 1 : 0;
  else if (a.kind === 'str' && b.kind === 'str') { const x = unquote(a.repr); const y = unquote(b.repr); c = x < y ? -1 : x > y ? 1 : 0; }
  if (c === undefined) {
    // Containers and other objects: equal when their reprs agree; ordering is not defined here.
    const eq = a.kind === b.kind && (a.kind === 'ref' && b.kind === 'ref' ? a.id === b.id || a.repr === b.repr : a.repr === b.repr);
    if (op === '==') return eq;
    if (op === '!=') return !eq;
    throw new EvalError(`TypeError: '${op}' not supported here between these values`);
  }
  switch (op) {
    case '==': return c === 0;
    case '!=': return c !== 0;
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    default: return c >= 0;
  }
}

export function evaluate(expression: string, scope: EvalScope): EvalResult {
  try {
    return { ok: true, value: new Evaluator(scope).run(expression) };
  } catch (e) {
    if (e instanceof EvalError) return { ok: false, error: e.message };
    throw e;
  }
}

export function isTruthy(value: ValueSnap, scope: EvalScope): boolean {
  return new Evaluator(scope).truthy(value);
}
