/*
 * Generator and coroutine objects, as CPython 3.11's genobject.c. A generator
 * owns its frame; while suspended the frame is linked to no caller (its `back`
 * is null) and keeps its locals and its instruction pointer, which is what the
 * snapshot shows.
 *
 * `for`, `yield from`/`await`, `next(g)` and `g.send(v)` resume the frame
 * inside the eval loop (the interpreter links it on the thread's stack, so the
 * debugger and the scheduler step through it). Native callers (`list(g)`,
 * `g.throw`, `g.close`, finalization) resume it through `resume`, a nested run.
 */

import { PyType, type PyValue, type Visit } from '../runtime/object';
import type { Runtime } from '../runtime/runtime';
import { T } from '../runtime/builtin-types';
import { PyIter } from '../runtime/types/iterators';
import { None } from '../runtime/types/singletons';
import { E, raise, excConstruct, PyBaseException, isExceptionType, stopIterationValue } from '../runtime/types/exceptions';
import { typeOf } from '../runtime/types/typeof';
import { Op } from '../bytecode/opcodes';
import type { Frame } from './frame';
import type { CodeObject } from '../bytecode/code';
import type { Interpreter } from './interpreter';

export type GenState = 'GEN_CREATED' | 'GEN_RUNNING' | 'GEN_SUSPENDED' | 'GEN_CLOSED';

/** Where a resumed generator frame hands its yield, return or exception. */
export const GenExit = {
  /** Back to a native caller (a nested run). */
  NESTED: 0,
  /** FOR_ITER: push the value; on return pop the iterator and jump. */
  FOR_ITER: 1,
  /** SEND (`yield from`, `await`): push the value; on return replace the receiver and jump. */
  SEND: 2,
  /** next(g) or g.send(v) called from Python: push the value; on return raise StopIteration. */
  CALL: 3,
} as const;

export class PyGenerator extends PyIter {
  get cls(): PyType { return this.isCoroutine ? T.coroutine : T.generator; }
  state: GenState = 'GEN_CREATED';
  /** The value of the last `return`, owned until whoever reports StopIteration takes it. */
  returnValue: PyValue = None;
  /** gi_exc_state: the exception being handled inside the frame while it is suspended (owned). */
  excState: PyBaseException | null = null;
  /** The resumer's exception state, restored when the frame yields or ends. */
  savedExc: PyBaseException | null = null;
  name: string;
  qualname: string;
  readonly isCoroutine: boolean;
  /** gi_code: kept after the frame is gone (the size and the name come from it). */
  readonly code: CodeObject;

  constructor(private readonly interp: Interpreter, public frame: Frame | null, isCoroutine: boolean) {
    super();
    this.code = (frame as Frame).code;
    this.name = frame?.code.co_name ?? 'generator';
    this.qualname = frame?.code.co_qualname ?? this.name;
    this.isCoroutine = isCoroutine;
  }

  override traverse(visit: Visit): void {
    const f = this.frame;
    // A running frame's references are listed where it runs: on its thread's stack.
    if (f !== null && this.state !== 'GEN_RUNNING') {
      for (let i = 0; i < f.lp.length; i++) { const v = f.lp[i]; if (v !== undefined) visit(v, `gi_frame.${f.code.co_localsplusnames[i]}`); }
      for (let i = 0; i < f.sp; i++) { const v = f.stack[i]; if (v !== null) visit(v, `gi_frame stack[${i}]`); }
      if (f.func !== null) visit(f.func, 'gi_frame.f_func');
    }
    if (this.returnValue !== None) visit(this.returnValue, 'return value');
    if (this.excState !== null) visit(this.excState, 'gi_exc_state');
  }

  override clear(rt: Runtime): void {
    const f = this.frame;
    this.frame = null;
    this.state = 'GEN_CLOSED';
    if (f !== null) { f.gen = null; this.interp.dropFrame(f); }
    this.dropState(rt);
  }

  private dropState(rt: Runtime): void {
    const rv = this.returnValue, ex = this.excState;
    this.returnValue = None;
    this.excState = null;
    rt.decref(rv);
    if (ex !== null) rt.decref(ex);
  }

  /** No tp_clear in 3.11, but clearing its frame is what breaks a cycle through an unfinished generator. */
  override gcClear(rt: Runtime): void {
    if (this.state !== 'GEN_RUNNING') this.clear(rt);
  }

  /** The return value, handed over (owned) to whoever reports it. */
  takeReturn(): PyValue {
    const v = this.returnValue;
    this.returnValue = None;
    return v;
  }

  /** gen_send_ex2's checks before resuming; false when the generator is finished. */
  checkResumable(rt: Runtime, v: PyValue): boolean {
    if (this.state === 'GEN_RUNNING') raise(rt, E.ValueError, `${this.kind()} already executing`);
    if (this.frame === null) {
      if (this.isCoroutine) raise(rt, E.RuntimeError, 'cannot reuse already awaited coroutine');
      return false;
    }
    if (this.state === 'GEN_CREATED' && v !== None) {
      raise(rt, E.TypeError, `can't send non-None value to a just-started ${this.kind()}`);
    }
    return true;
  }

  kind(): string { return this.isCoroutine ? 'coroutine' : 'generator'; }

  /** next(gen) from native code: the yielded value (new reference) or undefined when it returned. */
  next(rt: Runtime): PyValue | undefined {
    return this.resume(rt, None, null);
  }

  /**
   * Resume from native code (v borrowed), or throw `exc` (owned) in at the
   * paused yield. The yielded value (new reference), or undefined when the
   * frame returned (the value is in `returnValue`); exceptions propagate.
   */
  resume(rt: Runtime, v: PyValue, exc: PyBaseException | null): PyValue | undefined {
    let ok: boolean;
    try {
      ok = this.checkResumable(rt, exc === null ? v : None);
    } catch (e) {
      if (exc !== null) rt.decref(exc);
      throw e;
    }
    if (!ok) {
      if (exc !== null) throw exc;
      return undefined;
    }
    const f = this.interp.enterGenerator(this, exc === null ? v : null, GenExit.NESTED, 0);
    const out = this.interp.runFrame(f, exc);
    if (out.kind === 'error') throw out.exc;
    if (this.frame === null) return undefined;
    return out.value;
  }

  /** The object a `yield from`/`await` is delegating to (borrowed), as _PyGen_yf. */
  yieldFrom(): PyValue | null {
    const f = this.frame;
    if (f === null || this.state === 'GEN_CREATED') return null;
    const next = f.code.instrs[f.pc];
    if (next === undefined || (next & 0xff) !== Op.RESUME || (next >> 8) < 2) return null;
    return f.stack[f.sp - 1];
  }

  /** gen.throw(exc) (owned): what the generator yields next (new reference). */
  throwIn(rt: Runtime, exc: PyBaseException): PyValue {
    const yf = this.yieldFrom();
    if (yf !== null && exc.cls.isSubtypeOf(E.GeneratorExit)) {
      const err = this.whileRunning(() => closeIter(rt, yf));
      if (err !== null) { rt.decref(exc); return this.reportNext(rt, this.resume(rt, None, err)); }
    } else if (yf !== null) {
      const meth = yf instanceof PyGenerator ? null : typeOf(yf).lookup('throw');
      if (yf instanceof PyGenerator || meth !== undefined) {
        let ret: PyValue;
        try {
          ret = this.whileRunning(() => yf instanceof PyGenerator ? yf.throwIn(rt, exc) : rt.call(meth as PyValue, [yf, exc]));
          if (!(yf instanceof PyGenerator)) rt.decref(exc);
          return ret;
        } catch (e) {
          if (!(yf instanceof PyGenerator)) rt.decref(exc);
          if (!(e instanceof PyBaseException)) throw e;
          // The delegate finished: leave the `yield from` loop as SEND would.
          const f = this.frame as Frame;
          const send = f.code.instrs[f.pc - 2];
          const recv = f.stack[--f.sp] as PyValue;
          f.stack[f.sp] = null;
          rt.decref(recv);
          f.pc = send >> 8;
          if (e.cls.isSubtypeOf(E.StopIteration)) {
            const val = stopIterationValue(e);
            rt.incref(val);
            rt.decref(e);
            try { return this.reportNext(rt, this.resume(rt, val, null)); } finally { rt.decref(val); }
          }
          return this.reportNext(rt, this.resume(rt, None, e));
        }
      }
    }
    return this.reportNext(rt, this.resume(rt, None, exc));
  }

  /** A native method's result: the value, or StopIteration(return value) when the frame returned. */
  reportNext(rt: Runtime, v: PyValue | undefined): PyValue {
    if (v !== undefined) return v;
    const rv = this.takeReturn();
    try {
      throw excConstruct(rt, E.StopIteration, rv === None ? [] : [rv]);
    } finally {
      rt.decref(rv);
    }
  }

  /** gen.close(): GeneratorExit at the paused yield; None, or the error it caused. */
  close(rt: Runtime): PyValue {
    if (this.frame === null) return None;
    const yf = this.yieldFrom();
    let exc: PyBaseException | null = null;
    if (yf !== null) exc = this.whileRunning(() => closeIter(rt, yf));
    if (exc === null) exc = excConstruct(rt, E.GeneratorExit, []);
    let yielded: PyValue | undefined;
    try {
      yielded = this.resume(rt, None, exc);
    } catch (e) {
      if (e instanceof PyBaseException && (e.cls.isSubtypeOf(E.StopIteration) || e.cls.isSubtypeOf(E.GeneratorExit))) {
        rt.decref(e);
        return None;
      }
      throw e;
    }
    rt.decref(this.takeReturn());
    if (yielded === undefined) return None;
    rt.decref(yielded);
    raise(rt, E.RuntimeError, `${this.kind()} ignored GeneratorExit`);
  }

  /** Run `fn` with the state GEN_RUNNING, as gen_throw and gen_close mark it around their delegate. */
  private whileRunning<R>(fn: () => R): R {
    const prev = this.state;
    this.state = 'GEN_RUNNING';
    try {
      return fn();
    } finally {
      if (this.state === 'GEN_RUNNING') this.state = prev;
    }
  }

  /** The frame returned `v` (owned). */
  finish(v: PyValue): void {
    const f = this.frame;
    this.frame = null;
    this.state = 'GEN_CLOSED';
    this.returnValue = v;
    if (f !== null) { f.gen = null; this.interp.dropFrame(f); }
  }

  /** `exc` left the frame: its traceback keeps the frame's locals (Interpreter.keepForTraceback). */
  fail(exc: PyBaseException): void {
    const f = this.frame;
    this.frame = null;
    this.state = 'GEN_CLOSED';
    if (f !== null) { f.gen = null; this.interp.keepForTraceback(exc, f); }
  }

  /** _PyGen_Finalize: a suspended generator about to be freed is closed, so its finally blocks run. */
  override needsFinalize(): boolean {
    return this.state === 'GEN_SUSPENDED' || (this.isCoroutine && this.state === 'GEN_CREATED');
  }

  override nativeSetAttr(rt: Runtime, name: string, value: PyValue): boolean {
    if (name !== '__name__' && name !== '__qualname__') return false;
    if (typeof value !== 'string') raise(rt, E.TypeError, `${name} must be set to a string object`);
    if (name === '__name__') this.name = value; else this.qualname = value;
    return true;
  }

  override nativeAttr(name: string): PyValue | undefined {
    const p = this.isCoroutine ? 'cr_' : 'gi_';
    switch (name) {
      case '__name__': return this.name;
      case '__qualname__': return this.qualname;
      case `${p}running`: return this.state === 'GEN_RUNNING';
      case `${p}suspended`: return this.state === 'GEN_SUSPENDED';
      case (this.isCoroutine ? 'cr_await' : 'gi_yieldfrom'): {
        const yf = this.yieldFrom();
        if (yf === null) return None;
        if (typeof yf === 'object') yf.rc++;
        return yf;
      }
    }
    return undefined;
  }

  /** gen_sizeof: the object with its embedded frame, one slot per local, cell and stack entry. */
  sizeOf(): number {
    const code = this.code;
    return 168 + 8 * (code.co_localsplusnames.length + code.co_stacksize);
  }
}

/** gen_close_iter: close the delegate of a `yield from`; the exception it raised, or null. */
function closeIter(rt: Runtime, yf: PyValue): PyBaseException | null {
  try {
    if (yf instanceof PyGenerator) {
      rt.decref(yf.close(rt));
    } else {
      const m = typeOf(yf).lookup('close');
      if (m !== undefined) rt.decref(rt.call(m, [yf]));
    }
    return null;
  } catch (e) {
    if (e instanceof PyBaseException) return e;
    throw e;
  }
}

/** gen.throw's arguments (typ[, val]) as one exception instance (new reference). */
export function throwArgument(rt: Runtime, typ: PyValue, val: PyValue | undefined): PyBaseException {
  if (typ instanceof PyType && isExceptionType(typ)) {
    if (val instanceof PyBaseException) { rt.incref(val); return val; }
    return excConstruct(rt, typ, val === undefined || val === None ? [] : [val]);
  }
  if (typ instanceof PyBaseException) {
    if (val !== undefined && val !== None) raise(rt, E.TypeError, 'instance exception may not have a separate value');
    rt.incref(typ);
    return typ;
  }
  raise(rt, E.TypeError, `exceptions must be classes or instances deriving from BaseException, not ${typeOf(typ).name}`);
}

