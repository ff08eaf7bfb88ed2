/*
 * Generator objects. A generator owns its frame; while suspended the frame is
 * linked to no caller (its `back` is null) and keeps its locals and its
 * instruction pointer, which is what the snapshot shows. Each resumption
 * pushes the frame onto the current thread and runs it until it yields,
 * returns or raises.
 */

import { PyType, type PyValue, type Visit } from '../runtime/object';
import type { Runtime } from '../runtime/runtime';
import { T } from '../runtime/builtin-types';
import { PyIter } from '../runtime/types/iterators';
import { None } from '../runtime/types/singletons';
import { E, raise } from '../runtime/types/exceptions';
import type { Frame } from './frame';
import type { Interpreter } from './interpreter';

export type GenState = 'GEN_CREATED' | 'GEN_RUNNING' | 'GEN_SUSPENDED' | 'GEN_CLOSED';

export class PyGenerator extends PyIter {
  get cls(): PyType { return T.generator; }
  state: GenState = 'GEN_CREATED';
  /** The value of the last `return` (StopIteration.value), owned. */
  returnValue: PyValue = None;
  constructor(private readonly interp: Interpreter, public frame: Frame | null) { super(); }

  get name(): string { return this.frame?.code.co_name ?? 'generator'; }

  override traverse(visit: Visit): void {
    const f = this.frame;
    if (f === null) return;
    for (let i = 0; i < f.lp.length; i++) { const v = f.lp[i]; if (v !== undefined) visit(v, `gi_frame.${f.code.co_localsplusnames[i]}`); }
    for (let i = 0; i < f.sp; i++) { const v = f.stack[i]; if (v !== null) visit(v, `gi_frame stack[${i}]`); }
    if (f.func !== null) visit(f.func, 'gi_frame.f_func');
  }

  override clear(rt: Runtime): void {
    const f = this.frame;
    this.frame = null;
    this.state = 'GEN_CLOSED';
    if (f !== null) this.interp.dropFrame(f);
    rt.decref(this.returnValue);
    this.returnValue = None;
  }

  /** next(gen): the yielded value (new reference) or undefined when it returned. */
  next(rt: Runtime): PyValue | undefined {
    return this.send(rt, None);
  }

  /** gen.send(v) (v borrowed): the yielded value, or undefined when the generator returned. */
  send(rt: Runtime, v: PyValue): PyValue | undefined {
    const f = this.frame;
    if (f === null || this.state === 'GEN_CLOSED') return undefined;
    if (this.state === 'GEN_RUNNING') raise(rt, E.ValueError, 'generator already executing');
    if (this.state === 'GEN_CREATED' && v !== None) {
      raise(rt, E.TypeError, "can't send non-None value to a just-started generator");
    }
    if (typeof v === 'object') v.rc++;
    f.stack[f.sp++] = v;
    this.state = 'GEN_RUNNING';
    const th = this.interp.thread;
    if (th.depth >= rt.options.recursionLimit) raise(rt, E.RecursionError, 'maximum recursion depth exceeded');
    f.back = th.frame;
    f.depth = ++th.depth;
    th.frame = f;
    const out = this.interp.run(f, Infinity);
    if (out.kind === 'error') throw out.exc;
    if (out.kind !== 'finished') throw new Error('generator run stopped early');
    if ((this.state as GenState) === 'GEN_CLOSED') return undefined;
    this.state = 'GEN_SUSPENDED';
    return out.value;
  }

  /** The frame returned `v` (owned). */
  finish(v: PyValue): void {
    const f = this.frame;
    this.frame = null;
    this.state = 'GEN_CLOSED';
    this.returnValue = v;
    if (f !== null) { f.gen = null; this.interp.dropFrame(f); }
  }

  /** The frame raised an exception that left it. */
  fail(): void {
    const f = this.frame;
    this.frame = null;
    this.state = 'GEN_CLOSED';
    if (f !== null) { f.gen = null; this.interp.dropFrame(f); }
  }

  sizeOf(): number { return 200; }
}
