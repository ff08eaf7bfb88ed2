/*
 * The eval loop: CPython 3.11's instructions over minipy's frames, with
 * CPython's reference counting (a stack slot owns its value; LOAD_FAST
 * increfs, STORE_FAST steals, arguments move into the callee's frame).
 *
 * `run(boundary, budget)` executes the current thread's frames without JS
 * recursion for Python-to-Python calls. It stops when the budget of
 * instructions is spent (so a caller is never blocked), when the boundary
 * frame returns (a nested run started by native code through Runtime.call),
 * or when the outermost frame finishes. Exceptions unwind through each code
 * object's 3.11 exception table; one that leaves the outermost frame is
 * reported with CPython's traceback text.
 */

import { Op, IS_CHECK_POINT } from '../bytecode/opcodes';
import { CO, constKey, parsedConst, type CodeObject, type ConstValue } from '../bytecode/code';
import { PyObject, PyType, type PyValue, type FastNative } from '../runtime/object';
import type { Runtime } from '../runtime/runtime';
import { PyBuiltinFunction } from '../runtime/builtin-function';
import { PyCell, PyCode, PyFunction, PyMethod } from '../runtime/function';
import { PyInstance, PySuper } from '../runtime/instance';
import { getAttr, unboundMethod, superMethod, setAttr, delAttr } from '../runtime/attributes';
import { loadOwnAttr, loadTypeAttr, loadMethod, prepareStore } from '../runtime/attr-cache';
import { fillGlobalCache } from '../runtime/global-cache';
import type { Shape } from '../runtime/shape';
import { None, Ellipsis } from '../runtime/types/singletons';
import { newFloat } from '../runtime/types/float';
import { PyTuple, newTuple } from '../runtime/types/tuple';
import { PyList, newList, listAppendOwned } from '../runtime/types/list';
import { PyDict, newDict, dictGet, dictSet, dictPop, dictPresize } from '../runtime/types/dict';
import { PySet, newSet, setAdd } from '../runtime/types/set';
import { frozensetConst, setUpdate } from '../runtime/types/set-algebra';
import { newSlice, SLICE_SIZE } from '../runtime/types/range';
import { PyIter, RangeIter, SeqIter, StrIter } from '../runtime/types/iterators';
import { E, PyBaseException, raise, excConstruct, excMatches, isExceptionType, raiseStopIteration, stopIterationValue } from '../runtime/types/exceptions';
import { T } from '../runtime/builtin-types';
import { binaryOp, strSubrange, strRepeat, smallIntDivisible, smallIntMod, smallIntFloorDiv, unaryNegative, unaryPositive, unaryInvert, isTrue, getItem, setItem, delItem, contains, getIter, iterNext, listExtend, collect } from '../runtime/types/ops';
import { richCompare, compareBool } from '../runtime/types/compare';
import { repr as pyRepr, str as pyStr, excStr, asciiRepr } from '../runtime/types/repr';
import { format as pyFormat } from '../runtime/types/format';
import { percentFormat } from '../runtime/types/percent';
import { typeOf } from '../runtime/types/typeof';
import { Frame, Ret, ThreadState, bindCells, type Wait } from './frame';
import { bindArgs } from './bind-args';
import { addTraceback } from './traceback';
import { newNameError } from '../runtime/suggestions';
import { PyGenerator, GenExit } from './generator';
import { INSTRUCTION_SECONDS } from './time-module';
import { translate, JIT_THRESHOLD, RETURNED, YIELDED, type JitFn, type JitTable } from './jit';
import { settle } from '../runtime/hidden-class';

/** Why `run` returned. */
export type RunOutcome =
  | { kind: 'budget' }
  | { kind: 'finished'; value: PyValue }
  | { kind: 'error'; exc: PyBaseException }
  /** The thread dropped the GIL at a check point (a drop request was pending). */
  | { kind: 'switch' }
  /** The thread made a blocking call (sleep, a lock, a join): its frames are saved, the call's result is a placeholder. */
  | { kind: 'blocked' };

/** An internal fault (a bug in minipy, never the user's program). */
export class InternalError extends Error {}

function incref(v: PyValue): PyValue {
  if (typeof v === 'object') v.rc++;
  return v;
}

export interface ImportHook {
  (name: string): PyValue | undefined;
}

export class Interpreter {
  /** The thread running now; the scheduler switches it. */
  thread = new ThreadState(1, 'MainThread');
  readonly threads: ThreadState[] = [this.thread];
  /** How deep `run` calls are nested (1 = the scheduler's run; more = natives calling Python). */
  private runDepth = 0;
  /** A blocking native asked the thread to stop at the next instruction boundary. */
  private blockPending = false;
  /** The GIL's drop request: the running thread lets go at its next check point. */
  private dropRequest = false;
  /** While a drop request is pending: the instruction about to run at the last boundary (then: the one just run). */
  private prevOp = -1;
  /** The scheduler wants to look again (a thread started waiting for the GIL): return at the next boundary. */
  private interruptPending = false;
  /** '3.9' mode: every instruction is a check point. */
  checkEveryInstruction = false;
  /** Runs (calls, backward jumps) after which code is translated to JS (jit.ts); Infinity: never. */
  jitThreshold = JIT_THRESHOLD;
  /** sys.getswitchinterval(): read by the scheduler. */
  switchInterval = 0.005;
  /**
   * Instructions executed so far: fuelEnd - fuel. The loop spends one unit of `fuel` per
   * instruction and looks up when it reaches 0 (at breakAt, or sooner to refill): one small-int
   * field to test and decrement, instead of comparing two counters that may be doubles.
   */
  get steps(): number { return this.fuelEnd - this.fuel; }
  /** Public for the second tier's code (jit.ts), which spends it as the loop does. */
  fuel = 0;
  private fuelEnd = 0;
  /** Virtual seconds the clock was moved on by sleeps (beyond what instructions cost). */
  // -0, not 0: a double from the start (0 is a small int to V8, and its first fractional second
  // changed the interpreter's hidden class mid-run, deoptimising every function compiled on it)
  private slept = -0;
  private codes = new Map<CodeObject, PyCode>();
  importModule: ImportHook = () => undefined;
  /** Told of every exception as it is raised (before any handler runs): the debugger's 'raised' stops. */
  onRaise: ((exc: PyBaseException, f: Frame) => void) | null = null;
  /** The step count where the current run stops, and where its loop must look up (its stop, or 0 when a collection is due). */
  private stopAt = Infinity;
  private get breakAt(): number { return this.fuelEnd; }
  /** Look up at step `at` (at most MAX_FUEL steps ahead: the loop refills from stopAt when it runs out). */
  private set breakAt(at: number) {
    const s = this.fuelEnd - this.fuel;
    const n = at <= s ? 0 : Math.min(at - s, MAX_FUEL);
    this.fuel = n;
    this.fuelEnd = s + n;
  }
  /** The frame whose return ends the innermost `run` (a nested run's), or null: translated code returns past no other. */
  boundary: Frame | null = null;
  /** How deep translated functions call each other directly in JS (jit.ts); bounded to keep the JS stack small. */
  jitNest = 0;
  /** An exception to raise in the frame `run` starts in (gen.throw, gen.close). */
  private pendingThrow: PyBaseException | null = null;
  /** The exception that left `run` (it can change on the way: PEP 479). */
  private unwound: PyBaseException | null = null;

  constructor(readonly rt: Runtime, readonly builtins: PyDict) {
    rt.callImpl = (callable, args, kwnames) => this.callNested(callable, args, kwnames);
    rt.gc.onPending = () => { this.breakAt = 0; };
    rt.onHeapOver = () => { this.breakAt = 0; };
    rt.gc.stepNow = () => this.steps;
    settle(this, ['jitNest', 'fuel', 'fuelEnd', 'pendingThrow', 'unwound']);
  }

  /** The virtual clock: what the instructions run so far cost, plus the time slept. */
  now(): number {
    return this.slept + this.steps * INSTRUCTION_SECONDS;
  }

  advanceClock(seconds: number): void {
    this.slept += seconds;
  }

  // ------------------------------------------------------------------ code and constants

  /** The session's code table: each PyCode holds one reference from it. */
  codeObjects(): IterableIterator<PyCode> {
    return this.codes.values();
  }

  /**
   * The session's heap object for a code object, constants materialised once. `unit`, for the
   * main program's code objects: its constants by key, so equal ones in different code objects
   * are one object, as CPython's compiler merges them for a whole module (its const cache, which
   * holds no reference once compiling ends), and the parser's arena holds those it made.
   */
  codeObject(code: CodeObject, unit: Map<string, PyValue> | null = null): PyCode {
    let pc = this.codes.get(code);
    if (pc === undefined) {
      const consts = code.co_consts.map((c) => this.constValue(c, unit));
      pc = this.rt.track(new PyCode(code, consts));
      pc.rc = 1; // held by the session's code table
      this.codes.set(code, pc);
    }
    return pc;
  }

  /** The parser arena's references (parsedConst), held until the main module's code ends. */
  readonly arenaRefs: PyValue[] = [];

  private constValue(c: ConstValue, unit: Map<string, PyValue> | null): PyValue {
    switch (c.kind) {
      case 'int': return c.value;
      case 'str': return c.value;
      case 'bool': return c.value;
      case 'None': return None;
      case 'Ellipsis': return Ellipsis;
      case 'code': { const p = this.codeObject(c.code, unit); p.rc++; return p; }
    }
    const key = unit === null ? '' : constKey(c);
    const seen = unit?.get(key);
    if (seen !== undefined) { incref(seen); return seen; }
    const v = c.kind === 'float' ? newFloat(c.value)
      : c.kind === 'tuple' ? newTuple(this.rt, c.items.map((i) => this.constValue(i, unit)))
      : frozensetConst(this.rt, c.items.map((i) => this.constValue(i, unit)));
    if (unit !== null) {
      unit.set(key, v);
      if (parsedConst(c)) { incref(v); this.arenaRefs.push(v); }
    }
    return v;
  }

  /**
   * A frame for module-level code. `parsed`: the main program, compiled from its source
   * (pyrun_file): its constants are merged across its code objects and held by the parser's
   * arena until releaseArena. Library modules and a child process's main are not (CPython
   * unmarshals the one and compiles the other with compile(), which frees its arena at once).
   */
  moduleFrame(code: CodeObject, globals: PyDict, parsed = false): Frame {
    const pc = this.codeObject(code, parsed ? new Map() : null);
    globals.rc++;
    return new Frame(code, null, pc.consts, globals, this.builtins, globals);
  }

  /** The parser's references go (pyrun_file's _PyArena_Free). */
  releaseArena(): void {
    const refs = this.arenaRefs.splice(0);
    for (const v of refs) this.rt.decref(v);
  }

  /**
   * The main module's code ended: the parser's arena goes, and when the code returned, its code
   * object too (run_mod drops the last reference; a raise keeps it, in the traceback's frame).
   * Its constants go with it unless something else holds them.
   */
  mainModuleDone(code: CodeObject, raised: boolean): void {
    this.releaseArena();
    const pc = this.codes.get(code);
    if (raised || pc === undefined) return;
    this.codes.delete(code);
    this.rt.decref(pc);
  }

  // ------------------------------------------------------------------ calls

  /** A frame for calling `func` with owned `args`; raises TypeError on a bad call. */
  makeFrame(func: PyFunction, args: PyValue[], kwnames: readonly string[] | null): Frame {
    const code = func.code;
    const f = this.frameFor(func);
    const lp = f.lp;
    if (kwnames === null && args.length === code.co_argcount && (code.co_flags & (CO.VARARGS | CO.VARKEYWORDS)) === 0 && code.co_kwonlyargcount === 0) {
      for (let i = 0; i < args.length; i++) lp[i] = args[i];
    } else {
      bindArgs(this.rt, func, lp, args, kwnames);
    }
    func.rc++; // the frame owns its function (f_func)
    bindCells(func.closure, lp);
    return f;
  }

  /** A fresh frame for calling `func`: its spare one (a frame that returned) when it has one. */
  frameFor(func: PyFunction): Frame {
    const spares = func.spareFrames;
    if (spares === null || spares.length === 0) return new Frame(func.code, func, func.consts, func.globals, this.builtins, null);
    return (spares.pop() as Frame).reuse();
  }

  /** Run a callable from native code to completion (args borrowed); new reference. */
  callNested(callable: PyValue, args: PyValue[], kwnames: readonly string[] | null): PyValue {
    for (let i = 0; i < args.length; i++) incref(args[i]);
    const r = this.callValue(callable, args, kwnames);
    if (r instanceof Frame) {
      // its return ends the nested run (runNested makes it the boundary); an __init__ frame keeps its INIT
      if (r.ret === Ret.PUSH) r.ret = Ret.NESTED;
      return this.runNested(r);
    }
    return r;
  }

  /** Push `f` on the thread and run until it returns; its value (new reference) or a thrown exception. */
  runNested(f: Frame): PyValue {
    const th = this.thread;
    if (th.depth >= this.rt.options.recursionLimit) {
      this.dropFrame(f);
      raise(this.rt, E.RecursionError, 'maximum recursion depth exceeded');
    }
    f.back = th.frame;
    f.depth = ++th.depth;
    th.frame = f;
    const out = this.run(f, Infinity);
    if (out.kind === 'finished') return out.value;
    if (out.kind === 'error') throw out.exc;
    throw new InternalError('nested run stopped early');
  }

  /**
   * Call any callable with owned args. Returns either the result (a new
   * reference) or a Frame to push when the callee is Python code.
   */
  callValue(callable: PyValue, args: PyValue[], kwnames: readonly string[] | null): PyValue | Frame {
    const rt = this.rt;
    if (callable.constructor === PyFunction) { // not instanceof: see EXACT_CLASSES in object.ts
      const fn = callable as PyFunction;
      const f = this.makeFrame(fn, args, kwnames);
      if ((fn.code.co_flags & (CO.GENERATOR | CO.COROUTINE)) !== 0) return this.startGenerator(f);
      return f;
    }
    if (callable instanceof PyBuiltinFunction) {
      if (callable.fast !== null && kwnames === null && callable.self === undefined) {
        const v = this.callFast(callable.fast, args);
        if (v !== undefined) return v;
      }
      let a = args;
      if (callable.self !== undefined) a = [callable.self, ...args];
      try {
        return callable.fn(rt, a, kwnames);
      } finally {
        for (let i = 0; i < args.length; i++) rt.decref(args[i]);
      }
    }
    if (callable instanceof PyMethod) {
      incref(callable.self);
      incref(callable.func);
      try {
        return this.callValue(callable.func, [callable.self, ...args], kwnames);
      } finally {
        rt.decref(callable.func);
      }
    }
    if (callable instanceof PyType) return this.callType(callable, args, kwnames);
    const call = typeof callable === 'object' ? callable.cls.lookup('__call__') : undefined;
    if (call !== undefined && (typeOf(callable).heapType || call instanceof PyBuiltinFunction)) {
      incref(callable);
      incref(call);
      try {
        return this.callValue(call, [callable, ...args], kwnames);
      } finally {
        rt.decref(call);
      }
    }
    for (const a of args) rt.decref(a);
    raise(rt, E.TypeError, `'${typeOf(callable).name}' object is not callable`);
  }

  /**
   * A native's fast form for one or two arguments (len, ord, str, list.append): its result, the
   * arguments released; or undefined when it declined (or took other counts), the arguments kept.
   */
  private callFast(fast: FastNative, args: PyValue[]): PyValue | undefined {
    if (args.length !== 1 && args.length !== 2) return undefined;
    let v: PyValue | undefined;
    try {
      v = fast(this.rt, args.length, args[0], args[1]);
    } catch (e) {
      for (let i = 0; i < args.length; i++) this.rt.decref(args[i]);
      throw e;
    }
    if (v !== undefined) for (let i = 0; i < args.length; i++) this.rt.decref(args[i]);
    return v;
  }

  private callType(cls: PyType, args: PyValue[], kwnames: readonly string[] | null): PyValue | Frame {
    const rt = this.rt;
    if (!cls.heapType && cls.fast !== null && kwnames === null) {
      const v = this.callFast(cls.fast, args);
      if (v !== undefined) return v;
    }
    if (!cls.heapType) {
      if (cls.construct === null) {
        for (const a of args) rt.decref(a);
        raise(rt, E.TypeError, `cannot create '${cls.name}' instances`);
      }
      try {
        return cls.construct(rt, args, kwnames);
      } finally {
        for (const a of args) rt.decref(a);
      }
    }
    const init = cls.lookup('__init__');
    let self: PyObject;
    if (isExceptionType(cls)) {
      self = excConstruct(rt, cls, args.slice(0, args.length - (kwnames?.length ?? 0)));
    } else {
      if (!plainObjectBase(cls)) {
        let base = cls.base;
        while (base !== null && base.heapType) base = base.base;
        for (const a of args) rt.decref(a);
        raise(rt, E.NotImplementedError, `minipy does not support subclassing the built-in type '${(base as PyType).name}'`);
      }
      cls.rc++;
      self = rt.trackInstance(new PyInstance(cls));
      self.rc = 1;
    }
    if (init === undefined || init instanceof PyBuiltinFunction) {
      if (init instanceof PyBuiltinFunction && !isExceptionType(cls)) {
        self.rc++;
        try {
          rt.decref(init.fn(rt, [self, ...args], kwnames));
        } finally {
          for (const a of args) rt.decref(a);
          self.rc--;
        }
      } else {
        for (const a of args) rt.decref(a);
      }
      return self;
    }
    self.rc++;
    const r = this.callValue(init, [self, ...args], kwnames);
    if (r instanceof Frame) {
      r.ret = Ret.INIT;
      r.initSelf = self;
      return r;
    }
    this.checkInitResult(r, self);
    return self;
  }

  private checkInitResult(r: PyValue, self: PyValue): void {
    if (r !== None) {
      this.rt.decref(self);
      const t = typeOf(r).name;
      this.rt.decref(r);
      raise(this.rt, E.TypeError, `__init__() should return None, not '${t}'`);
    }
  }

  private startGenerator(f: Frame): PyValue {
    const g = this.rt.track(new PyGenerator(this, f, (f.code.co_flags & CO.COROUTINE) !== 0));
    g.rc = 1;
    f.gen = g;
    // Run the prologue (COPY_FREE_VARS, MAKE_CELL) up to RETURN_GENERATOR.
    const instrs = f.code.instrs;
    while ((instrs[f.pc] & 0xff) !== Op.RETURN_GENERATOR) this.prologueStep(f);
    f.pc++; // past RETURN_GENERATOR: the first resume pushes None for the POP_TOP
    return g;
  }

  private prologueStep(f: Frame): void {
    const w = f.code.instrs[f.pc++];
    const op = w & 0xff;
    const arg = w >> 8;
    if (op === Op.MAKE_CELL) {
      const cell = this.rt.track(new PyCell(f.lp[arg]));
      cell.rc = 1;
      f.lp[arg] = cell;
    } else if (op !== Op.COPY_FREE_VARS && op !== Op.NOP) {
      throw new InternalError(`unexpected prologue instruction ${op}`);
    }
  }

  // ------------------------------------------------------------------ generators

  /**
   * Link a generator's frame on the thread to run next (v borrowed, pushed as
   * the value of its paused `yield`; null when an exception is thrown in).
   * The caller has checked it with checkResumable.
   */
  enterGenerator(g: PyGenerator, v: PyValue | null, exit: number, exitPc: number): Frame {
    const th = this.thread;
    if (th.depth >= this.rt.options.recursionLimit) raise(this.rt, E.RecursionError, 'maximum recursion depth exceeded');
    const f = g.frame as Frame;
    if (v !== null) { incref(v); f.stack[f.sp++] = v; }
    g.state = 'GEN_RUNNING';
    // Each generator keeps its own "exception being handled" (gi_exc_state) while it is suspended.
    g.savedExc = th.excInfo;
    th.excInfo = g.excState;
    g.excState = null;
    f.back = th.frame;
    f.depth = ++th.depth;
    th.frame = f;
    f.genExit = exit;
    f.genExitPc = exitPc;
    return f;
  }

  /** The generator's frame yielded or ended: give the resumer its exception state back. */
  private leaveGenerator(g: PyGenerator): void {
    const th = this.thread;
    g.excState = th.excInfo;
    th.excInfo = g.savedExc;
    g.savedExc = null;
  }

  /** Run the frame `enterGenerator` linked, raising `exc` (owned) in it first when given. */
  runFrame(f: Frame, exc: PyBaseException | null): Extract<RunOutcome, { kind: 'finished' | 'error' }> {
    if (exc === null) {
      // next(g) from native code (sum(g), list(g)): its translation straight from here, when it has
      // one; a run of the loop (below) only for what is left when it stops before its yield.
      const t = this.jitThreshold !== Infinity ? f.code.jit : null;
      const fn = t === null ? null : t[f.pc];
      if (fn !== null) {
        const outerBoundary = this.boundary;
        const nest = this.jitNest;
        this.boundary = f;
        this.runDepth++;
        let r: ReturnType<JitFn> | unknown;
        try { r = fn(this, f); } catch (e) { r = e; }
        this.runDepth--;
        this.boundary = outerBoundary;
        this.jitNest = nest;
        if (r === YIELDED) return { kind: 'finished', value: this.takeYielded() };
        if (typeof r === 'number') {
          const at = this.thread.frame as Frame;
          at.pc = r; at.sp = (at.code.jitDepths as Int32Array)[r];
        } else if (r !== null && r !== RETURNED) {
          exc = r as PyBaseException; // raised where th.frame is: the loop unwinds it (it may have a handler there)
        }
      }
    }
    this.pendingThrow = exc;
    const out = this.run(f, Infinity);
    if (out.kind !== 'finished' && out.kind !== 'error') throw new InternalError(`generator run stopped early (${out.kind})`);
    return out;
  }

  /** PEP 479: a StopIteration leaving a generator becomes RuntimeError (exc owned; new reference back). */
  private stopIterationLeaked(g: PyGenerator, exc: PyBaseException): PyBaseException {
    const e = excConstruct(this.rt, E.RuntimeError, [`${g.kind()} raised StopIteration`]);
    exc.rc++;
    e.context = exc;
    e.cause = exc;
    e.suppressContext = true;
    this.rt.decref(exc);
    return e;
  }

  /** next(g), g.__next__() or g.send(v) called from Python on a live generator: the generator, else null. */
  private inlineResumable(callable: PyValue, stack: (PyValue | null)[], base: number, n: number, kw: readonly string[] | null): PyGenerator | null {
    if (n === 0 || n > 2 || kw !== null) return null;
    const g = stack[base];
    if (!(g instanceof PyGenerator) || g.frame === null || !(callable instanceof PyBuiltinFunction) || callable.self !== undefined) return null;
    if (callable.owner === null) return callable.name === 'next' && n === 1 ? g : null;
    if (callable.owner !== T_GENERATOR && callable.owner !== T_COROUTINE) return null;
    return (callable.name === '__next__' && n === 1) || (callable.name === 'send' && n === 2) ? g : null;
  }

  /**
   * CALL of a plain Python function with exactly its positional arguments (the caller made the
   * checks), for the loop's fast path and jit.ts's: the callee's frame, linked and current, the n
   * arguments moved into it from the top of f's stack (depth d), the call's slots from `base` up
   * cleared, and f left to go on at `next`.
   */
  enterCall(f: Frame, fn: PyFunction, d: number, n: number, base: number, next: number): Frame {
    const nf = this.frameFor(fn);
    const nlp = nf.lp;
    const stack = f.stack;
    const b = d - n;
    for (let i = 0; i < n; i++) { nlp[i] = stack[b + i] as PyValue; stack[b + i] = null; }
    // The frame takes over the stack's reference to the function (f_func).
    stack[base] = null; stack[base + 1] = null;
    bindCells(fn.closure, nlp);
    return this.linkCallee(f, nf, base, next);
  }

  /**
   * CALL of a class whose __init__ is a plain Python function taking exactly these n positional
   * arguments (not a method call), for the loop's fast path and jit.ts's: as callType does, but the
   * arguments move straight into __init__'s frame, which comes back linked and current with the new
   * instance as self; or null, nothing done, when the class is not that simple.
   */
  enterInit(f: Frame, type: PyType, d: number, n: number, base: number, next: number): Frame | null {
    const init = type.lookup('__init__');
    if (!(init instanceof PyFunction) || init.code.co_argcount !== n + 1 ||
        (init.code.co_flags & SIMPLE_FLAGS_MASK) !== 0 || init.code.co_kwonlyargcount !== 0 || !plainObjectBase(type)) return null;
    // The stack's reference to the class becomes the instance's (__class__).
    const self = this.rt.trackInstance(new PyInstance(type));
    self.rc = 2; // __init__'s self, and the frame's initSelf (the call's result)
    const nf = this.frameFor(init);
    const nlp = nf.lp;
    const stack = f.stack;
    nlp[0] = self;
    const b = d - n;
    for (let i = 0; i < n; i++) { nlp[i + 1] = stack[b + i] as PyValue; stack[b + i] = null; }
    stack[base + 1] = null;
    init.rc++; // the frame owns its function (f_func)
    bindCells(init.closure, nlp);
    nf.ret = Ret.INIT;
    nf.initSelf = self;
    return this.linkCallee(f, nf, base, next);
  }

  /** A called frame on top of the thread: f waits at `next` with its stack down to `base`. */
  private linkCallee(f: Frame, nf: Frame, base: number, next: number): Frame {
    const th = this.thread;
    f.pc = next; f.sp = base;
    nf.back = f;
    nf.depth = ++th.depth;
    th.frame = nf;
    return nf;
  }

  /**
   * A returned frame leaves the thread: unlinked, its slots dropped, and kept by its function for
   * its next call (nothing holds a returned frame: tracebacks copy what they need). Gives the
   * instance an __init__ frame was to return (owned), else null.
   */
  private leaveFrame(done: Frame): PyValue | null {
    const th = this.thread;
    th.frame = done.back;
    th.depth--;
    done.back = null;
    const initSelf = done.initSelf;
    done.initSelf = null;
    this.dropFrame(done);
    if (done.func !== null && done.locals === null && done.builtins === this.builtins) keepSpare(done.func, done);
    return initSelf;
  }

  /**
   * RETURN_VALUE of a frame that returns to a caller frame (v popped, owned), for the loop and
   * jit.ts: the caller current again, with v pushed there (an __init__'s: its instance, once v is
   * checked to be None).
   */
  returnToCaller(done: Frame, v: PyValue): typeof RETURNED {
    const caller = done.back as Frame;
    const initSelf = this.leaveFrame(done);
    if (done.ret === Ret.INIT) {
      this.checkInitResult(v, initSelf as PyValue); // a TypeError raised at the caller's CALL
      caller.stack[caller.sp++] = initSelf as PyValue;
    } else {
      caller.stack[caller.sp++] = v;
    }
    return RETURNED;
  }

  /**
   * YIELD_VALUE (v popped, owned), for the loop and jit.ts: the generator suspended and whoever
   * resumed it current, v pushed there; to native code (a nested run), v kept for takeYielded and YIELDED.
   */
  yieldToResumer(f: Frame, v: PyValue): typeof RETURNED | typeof YIELDED {
    const g = f.gen as PyGenerator;
    g.state = 'GEN_SUSPENDED';
    this.leaveGenerator(g);
    const th = this.thread;
    const caller = f.back as Frame;
    th.frame = caller;
    th.depth--;
    f.back = null;
    if (f.genExit === GenExit.NESTED) { this.yielded = v; return YIELDED; }
    if (f.genExit === GenExit.CALL) this.rt.decref(g);
    caller.stack[caller.sp++] = v;
    return RETURNED;
  }

  /** The value a translated generator yielded to native code (owned by the taker). */
  private yielded: PyValue = None;
  private takeYielded(): PyValue {
    const v = this.yielded;
    this.yielded = None;
    return v;
  }

  /** Drop a frame that will not run (or has finished): its slots and its function. */
  dropFrame(f: Frame): void {
    const rt = this.rt;
    const lp = f.lp;
    for (let i = 0; i < lp.length; i++) { const v = lp[i]; if (v !== undefined) { lp[i] = undefined; rt.decref(v); } }
    this.dropStack(f);
    if (f.func !== null) rt.decref(f.func);
    if (f.locals !== null) rt.decref(f.locals); // module and class-body frames own their namespace
  }

  /** Empty a finished frame's value stack, and drop the instance an `__init__` frame was to return. */
  private dropStack(f: Frame): void {
    const rt = this.rt;
    for (let i = 0; i < f.sp; i++) { const v = f.stack[i]; f.stack[i] = null; if (v !== null) rt.decref(v); }
    f.sp = 0;
    if (f.initSelf !== null) { const s = f.initSelf; f.initSelf = null; rt.decref(s); }
  }

  // ------------------------------------------------------------------ names

  /** loadGlobal, remembered in the instruction's cache (public for jit.ts). */
  loadGlobalCaching(f: Frame, name: string, pc: number): PyValue {
    const v = this.loadGlobal(f, name);
    fillGlobalCache(f.code.globalCaches, pc, f.globals, this.builtins, v);
    return v;
  }

  private loadGlobal(f: Frame, name: string): PyValue {
    const v = f.globals.map.get(name);
    if (v !== undefined) return v;
    const b = this.builtins.map.get(name);
    if (b !== undefined) return b;
    this.nameError(f, `name '${name}' is not defined`, name);
  }

  /** NameError carrying the name and the frame's scopes, for 3.11's "Did you mean" hint (format_exc_check_arg). */
  private nameError(f: Frame, msg: string, name: string): never {
    throw newNameError(this.rt, msg, name, f.code.co_localsplusnames, f.globals, f.builtins);
  }

  private loadName(f: Frame, name: string): PyValue {
    if (f.locals !== null) {
      const v = dictGet(this.rt, f.locals, name);
      if (v !== undefined) return v;
    }
    return this.loadGlobal(f, name);
  }

  private unbound(f: Frame, idx: number): never {
    const name = f.code.co_localsplusnames[idx];
    const kind = f.code.co_localspluskinds[idx];
    if (kind & 0x80) this.nameError(f, `cannot access free variable '${name}' where it is not associated with a value in enclosing scope`, name);
    raise(this.rt, E.UnboundLocalError, `cannot access local variable '${name}' where it is not associated with a value`);
  }

  // ------------------------------------------------------------------ the loop

  /**
   * Run the current thread until the boundary frame returns, the outermost
   * frame finishes, or `budget` more instructions have run (nested runs count
   * toward it but are not cut short).
   */
  run(boundary: Frame | null, budget: number): RunOutcome {
    const outerStop = this.stopAt;
    const outerBoundary = this.boundary;
    this.boundary = boundary;
    const stopAt = this.steps + budget;
    this.stopAt = stopAt;
    this.runDepth++;
    this.breakAt = this.rt.gc.pending || this.rt.heapOver || (this.dropRequest && this.runDepth === 1) ? 0 : stopAt;
    // No try/finally: only an internal error escapes `loop`, and that ends the session.
    const out = this.loop(boundary, stopAt);
    this.runDepth--;
    this.stopAt = outerStop;
    this.boundary = outerBoundary;
    this.breakAt = this.rt.gc.pending || this.rt.heapOver || this.blockPending || this.interruptPending ? 0 : outerStop;
    return out;
  }

  /** Hand control back to the scheduler at the next instruction boundary of its own run. */
  interrupt(): void {
    this.interruptPending = true;
    this.breakAt = 0;
  }

  /** Run `th` (the GIL holder) for up to `budget` instructions; `drop`: a drop request is pending. */
  runThread(th: ThreadState, budget: number, drop: boolean): RunOutcome {
    this.thread = th;
    this.dropRequest = drop;
    this.prevOp = -1;
    const before = this.steps;
    const out = this.run(null, budget);
    this.dropRequest = false;
    th.cpuTime += (this.steps - before) * INSTRUCTION_SECONDS;
    return out;
  }

  /**
   * A native is about to block its thread (time.sleep, a held lock, a join).
   * From the scheduler's own run the thread stops at the next instruction
   * boundary and the native returns a placeholder; inside a nested run
   * (natives calling Python) it cannot, and false says so.
   */
  /** True when a blocking call can stop this thread (the scheduler's own run, not a nested one). */
  canBlock(): boolean {
    return this.runDepth === 1;
  }

  block(wait: Wait): boolean {
    if (this.runDepth !== 1) return false;
    this.thread.wait = wait;
    this.blockPending = true;
    this.breakAt = 0;
    return true;
  }

  private loop(boundary: Frame | null, stopAt: number): RunOutcome {
    const rt = this.rt;
    const th = this.thread;
    let f = th.frame as Frame;
    let instrs = f.code.instrs;
    let lp = f.lp;
    let stack = f.stack;
    let sp = f.sp;
    let pc = f.pc;
    let names = f.code.co_names;
    let consts = f.consts;
    // The frame's code translated by the second tier (jit.ts), once it ran often; jitSkip: it just
    // handed back an instruction for this loop to run, so run that one before going back to it.
    const jitOn = this.jitThreshold !== Infinity; // off: not even a translation another session made
    const jitNest = this.jitNest;
    let jit = jitOn ? f.code.jit : null;
    let jitSkip = false;
    // Budgets count every instruction, nested runs included, so a replay to step N stops where stepping did.

    // save/load are written out inline: closures over these locals would force them
    // into a heap context and slow every instruction.

    // True while execCold runs: if it throws, f.pc and f.sp (not this loop's copies) say where the frame is.
    let inCold = false;
    for (;;) {
      try {
        if (this.pendingThrow !== null) { const e = this.pendingThrow; this.pendingThrow = null; throw e; }
        for (;;) {
          if (this.fuel <= 0) {
            f.pc = pc; f.sp = sp;
            const out = this.evalBreaker(f, stopAt);
            if (out !== null) return out;
          }
          if (jit !== null) {
            if (jitSkip) jitSkip = false;
            else if (jit[pc] !== null) {
              f.pc = pc; f.sp = sp;
              inCold = true;
              const r = (jit[pc] as JitFn)(this, f);
              inCold = false;
              // It may have called or returned into other frames: th.frame is where things are.
              if (typeof r === 'number') {
                // th.frame stopped before instruction r, for this loop to run
                f = th.frame as Frame;
                f.pc = r; f.sp = (f.code.jitDepths as Int32Array)[r];
                instrs = f.code.instrs; lp = f.lp; stack = f.stack; sp = f.sp; pc = r; names = f.code.co_names; consts = f.consts; jit = jitOn ? f.code.jit : null;
                jitSkip = true;
                continue;
              }
              if (r === YIELDED) return { kind: 'finished', value: this.takeYielded() }; // a generator's yield to native code
              if (r === null || r === RETURNED) {
                f = th.frame as Frame; instrs = f.code.instrs; lp = f.lp; stack = f.stack; sp = f.sp; pc = f.pc; names = f.code.co_names; consts = f.consts; jit = jitOn ? f.code.jit : null;
                jitSkip = r === null; // it handed back an instruction for this loop (or its fuel ran out)
                continue;
              }
              const next = this.raised(r, boundary);
              if (!(next instanceof Frame)) return next;
              f = next; instrs = f.code.instrs; lp = f.lp; stack = f.stack; sp = f.sp; pc = f.pc; names = f.code.co_names; consts = f.consts; jit = jitOn ? f.code.jit : null;
              continue;
            }
          }
          this.fuel--;
          const word = instrs[pc++];
          const op = word & 0xff;
          const arg = word >> 8;
          // A case either runs the instruction and breaks out of the switch, or leaves it to a
          // function of its own: `break hot` to execCold (everything rare, and the slow paths of the
          // common instructions), `break frames` to execFrames (rare instructions that switch frames).
          frames: {
          hot: {
          switch (op) {
            case Op.NOP: case Op.PRECALL: case Op.COPY_FREE_VARS: break; // COPY_FREE_VARS: done when the frame was made
            case Op.RESUME:
              if (arg === 0 && f.depth > rt.options.recursionLimit) raise(rt, E.RecursionError, 'maximum recursion depth exceeded');
              if (jit === null) jit = warm(f.code, this.jitThreshold);
              break;
            case Op.LOAD_FAST: {
              const v = lp[arg];
              if (v === undefined) this.unbound(f, arg);
              if (typeof v === 'object') v.rc++;
              stack[sp++] = v as PyValue;
              break;
            }
            case Op.STORE_FAST: {
              const old = lp[arg];
              lp[arg] = stack[--sp] as PyValue;
              stack[sp] = null;
              if (typeof old === 'object' && --old.rc === 0) rt.dealloc(old);
              break;
            }
            case Op.LOAD_CONST: {
              const v = consts[arg];
              if (typeof v === 'object') v.rc++;
              stack[sp++] = v;
              break;
            }
            case Op.POP_TOP: {
              const v = stack[--sp];
              stack[sp] = null;
              if (typeof v === 'object' && v !== null && --v.rc === 0) rt.dealloc(v);
              break;
            }
            case Op.PUSH_NULL: stack[sp++] = null; break;
            case Op.COPY: { const v = stack[sp - arg]; if (typeof v === 'object' && v !== null) v.rc++; stack[sp++] = v; break; }
            case Op.SWAP: { const t = stack[sp - 1]; stack[sp - 1] = stack[sp - arg]; stack[sp - arg] = t; break; }
            case Op.JUMP_FORWARD: pc = arg; break;
            case Op.JUMP_BACKWARD: case Op.JUMP_BACKWARD_NO_INTERRUPT:
              pc = arg;
              if (jit === null) jit = warm(f.code, this.jitThreshold);
              break;
            case Op.BINARY_OP: {
              // Ints that stay ints inline; objects, overflow to bigint and the rest in execCold.
              // (Floats too measured +12% instructions on loop_arith: the whole loop compiled slower.)
              const b = stack[sp - 1];
              const a = stack[sp - 2];
              if (typeof a !== 'number' || typeof b !== 'number') {
                // str + str too (strs hold no references)
                if (typeof a !== 'string' || typeof b !== 'string' || (arg !== 0 && arg !== 13)) break hot;
                sp--;
                stack[sp - 1] = a + b;
                stack[sp] = null;
                break;
              }
              let r: number;
              switch (arg) {
                case 0: case 13: r = a + b; break;
                case 10: case 23: r = a - b; break;
                case 5: case 18: r = a * b; if (r === 0 && (a < 0 || b < 0)) break hot; break; // -0 is not an int
                case 6: case 19: if (!smallIntDivisible(a, b)) break hot; r = smallIntMod(a, b); break;
                case 2: case 15: if (!smallIntDivisible(a, b)) break hot; r = smallIntFloorDiv(a, b); break;
                case 1: case 14: if ((a | 0) !== a || (b | 0) !== b) break hot; r = a & b; break;
                default: break hot;
              }
              if (!Number.isSafeInteger(r)) break hot;
              sp--;
              stack[sp - 1] = r;
              stack[sp] = null;
              break;
            }
            case Op.COMPARE_OP: {
              const b = stack[sp - 1];
              const a = stack[sp - 2];
              if (typeof a !== 'number' || typeof b !== 'number') break hot;
              let r: boolean;
              switch (arg) {
                case 0: r = a < b; break; case 1: r = a <= b; break; case 2: r = a === b; break;
                case 3: r = a !== b; break; case 4: r = a > b; break; default: r = a >= b;
              }
              sp--;
              stack[sp - 1] = r;
              stack[sp] = null;
              break;
            }
            case Op.POP_JUMP_FORWARD_IF_FALSE: case Op.POP_JUMP_BACKWARD_IF_FALSE: {
              // bools, ints (`if x & 1:`) and strs hold no references: their truth is inline
              // (typeof first: a compare across types would make V8's compiled === generic)
              const v = stack[sp - 1];
              let t: boolean;
              if (typeof v === 'boolean') t = v;
              else if (typeof v === 'number') t = v !== 0;
              else if (typeof v === 'string') t = v.length !== 0;
              else break hot;
              stack[--sp] = null;
              if (!t) {
                if (arg < pc && jit === null) jit = warm(f.code, this.jitThreshold); // a loop's test at its end
                pc = arg;
              }
              break;
            }
            case Op.POP_JUMP_FORWARD_IF_TRUE: case Op.POP_JUMP_BACKWARD_IF_TRUE: {
              const v = stack[sp - 1];
              let t: boolean;
              if (typeof v === 'boolean') t = v;
              else if (typeof v === 'number') t = v !== 0;
              else if (typeof v === 'string') t = v.length !== 0;
              else break hot;
              stack[--sp] = null;
              if (t) {
                if (arg < pc && jit === null) jit = warm(f.code, this.jitThreshold); // a loop's test at its end
                pc = arg;
              }
              break;
            }
            case Op.FOR_ITER: {
              // range and list/tuple iterators step inline while they have items (their end goes to execCold);
              // a generator resumes inline (its frame runs on this loop); other iterators step in execCold.
              const it = stack[sp - 1] as PyValue;
              const cls = it.constructor; // not instanceof: see EXACT_CLASSES
              if (cls === RangeIter) {
                const r = it as RangeIter;
                if (r.left <= 0) break hot;
                r.left--;
                stack[sp++] = r.cur;
                r.cur += r.step;
                break;
              }
              if (cls === SeqIter) {
                const q = it as SeqIter;
                const s = q.seq;
                if (s === null || q.i >= s.items.length) break hot;
                const v = s.items[q.i++];
                if (typeof v === 'object') v.rc++;
                stack[sp++] = v;
                break;
              }
              if (cls !== PyGenerator) break hot;
              const g = it as PyGenerator;
              f.pc = pc; f.sp = sp;
              if (!g.checkResumable(rt, None)) break hot;
              // Resume the generator's frame right here; its yield comes back to this frame.
              f = this.enterGenerator(g, None, GenExit.FOR_ITER, arg);
              instrs = f.code.instrs; lp = f.lp; stack = f.stack; sp = f.sp; pc = f.pc; names = f.code.co_names; consts = f.consts; jit = jitOn ? f.code.jit : null;
              break;
            }
            case Op.LOAD_ATTR: {
              // An instance's own attribute (no data descriptor on its class) inline: from the slot this
              // instruction cached, else found and cached. The rest (a class's attribute too) in execCold.
              const o = stack[sp - 1];
              if (!(o instanceof PyInstance)) break hot;
              const c = f.code.attrCaches[pc - 1];
              const s = o.shape;
              let v: PyValue | undefined;
              if (c.key === s) v = o.vals[c.slot];
              else if (c.key2 === s) v = o.vals[c.slot2];
              else if ((v = loadOwnAttr(f.code.attrCaches, pc - 1, o, names[arg])) === undefined) break hot;
              if (typeof v === 'object') v.rc++;
              stack[sp - 1] = v;
              if (--o.rc === 0) rt.dealloc(o);
              break;
            }
            case Op.BINARY_SUBSCR: {
              // A list or tuple item at an int index, a dict's value at an int or str key (the Map key itself);
              // other indexes, misses (KeyError) and other containers in execCold.
              const k = stack[sp - 1];
              const o = stack[sp - 2] as PyValue;
              const cls = o.constructor; // not instanceof: see EXACT_CLASSES
              let v: PyValue | undefined;
              if (cls === PyList || cls === PyTuple) {
                if (typeof k !== 'number') break hot;
                const items = (o as PyList | PyTuple).items;
                const i = k < 0 ? k + items.length : k;
                if (i < 0 || i >= items.length) break hot;
                v = items[i];
              } else if (cls === PyDict) {
                if (typeof k !== 'number' && typeof k !== 'string') break hot;
                v = (o as PyDict).map.get(k);
                if (v === undefined) break hot;
              } else break hot;
              if (typeof v === 'object') v.rc++;
              sp--;
              stack[sp - 1] = v; stack[sp] = null;
              if (--(o as PyObject).rc === 0) rt.dealloc(o as PyObject);
              break;
            }
            case Op.UNPACK_SEQUENCE: {
              const seq = stack[sp - 1];
              if (!(seq instanceof PyTuple || seq instanceof PyList) || seq.items.length !== arg) break hot;
              const items = seq.items;
              sp--;
              for (let i = arg - 1; i >= 0; i--) { const v = items[i]; if (typeof v === 'object') v.rc++; stack[sp++] = v; }
              if (--seq.rc === 0) rt.dealloc(seq);
              break;
            }
            case Op.LOAD_GLOBAL: {
              if (arg & 1) stack[sp++] = null;
              // the value this instruction found last time, while neither dict has changed since
              const c = f.code.globalCaches[pc - 1];
              const g = f.globals;
              const v = c.globals === g && c.globalsVersion === g.version && c.builtinsVersion === this.builtins.version
                ? c.value as PyValue : this.loadGlobalCaching(f, names[arg >> 1], pc - 1);
              if (typeof v === 'object') v.rc++;
              stack[sp++] = v;
              break;
            }
            case Op.LOAD_NAME: {
              // a module's (or class body's) own name; the globals and builtins behind it in execCold
              const d = f.locals;
              if (d === null) break hot;
              const v = d.map.get(names[arg]);
              if (v === undefined) break hot;
              if (typeof v === 'object') v.rc++;
              stack[sp++] = v;
              break;
            }
            case Op.STORE_NAME: {
              const d = f.locals;
              if (d === null) break hot;
              const v = stack[sp - 1] as PyValue;
              dictSet(rt, d, names[arg], v);
              stack[--sp] = null;
              if (typeof v === 'object' && --v.rc === 0) rt.dealloc(v);
              break;
            }
            case Op.LOAD_DEREF: {
              const v = (lp[arg] as PyCell).value;
              if (v === undefined) this.unbound(f, arg);
              incref(v as PyValue);
              stack[sp++] = v as PyValue;
              break;
            }
            case Op.STORE_DEREF: {
              const cell = lp[arg] as PyCell;
              const old = cell.value;
              cell.value = stack[--sp] as PyValue; stack[sp] = null;
              if (old !== undefined) rt.decref(old);
              break;
            }
            case Op.STORE_ATTR: {
              const o = stack[sp - 1] as PyValue;
              const v = stack[sp - 2] as PyValue;
              f.pc = pc; f.sp = sp;
              if (o instanceof PyInstance) {
                const c = f.code.attrCaches[pc - 1];
                const s = o.shape;
                let slot = -1, next: Shape | null = null;
                if (c.key === s) { slot = c.slot; next = c.next; } else if (c.key2 === s) { slot = c.slot2; next = c.next2; }
                if (slot >= 0) {
                  // Into the slot this instruction cached (a new attribute: onto the end, moving to the next shape).
                  if (typeof v === 'object') v.rc++;
                  if (next === null) {
                    const old = o.vals[slot];
                    o.vals[slot] = v;
                    if (typeof old === 'object' && --old.rc === 0) rt.dealloc(old);
                  } else {
                    o.vals.push(v);
                    o.shape = next;
                  }
                  sp -= 2; stack[sp] = null; stack[sp + 1] = null;
                  if (typeof v === 'object' && --v.rc === 0) rt.dealloc(v);
                  if (--o.rc === 0) rt.dealloc(o);
                  break;
                }
              }
              break hot;
            }
            case Op.LOAD_METHOD: {
              // [function, self] when the call can pass self itself (the stack's reference to o moves up a slot).
              // An instance's method comes from this instruction's cache, else is found and cached.
              const o = stack[sp - 1] as PyValue;
              let m: PyValue | undefined;
              if (o instanceof PyInstance) {
                const c = f.code.attrCaches[pc - 1];
                const s = o.shape;
                if (c.key === s) m = c.value as PyValue;
                else if (c.key2 === s) m = c.value2 as PyValue;
                else if ((m = loadMethod(f.code.attrCaches, pc - 1, o, names[arg])) === undefined) break hot;
                (m as PyFunction).rc++;
              } else if ((m = unboundMethod(o, names[arg])) === undefined) break hot;
              stack[sp - 1] = m;
              stack[sp++] = o;
              break;
            }
            case Op.STORE_SUBSCR: {
              const k = stack[sp - 1] as PyValue;
              const o = stack[sp - 2] as PyValue;
              const v = stack[sp - 3] as PyValue;
              f.pc = pc; f.sp = sp;
              if (o instanceof PyDict && (typeof k === 'number' || typeof k === 'string')) {
                // an int or str key holds no reference: only v and o to release
                dictSet(rt, o, k, v);
                sp -= 3; stack[sp] = null; stack[sp + 1] = null; stack[sp + 2] = null;
                rt.decref(v);
                if (--o.rc === 0) rt.dealloc(o);
                break;
              }
              if (o instanceof PyList && typeof k === 'number') {
                // a list item in range: the stack's reference to v moves into the list
                const items = o.items;
                const i = k < 0 ? k + items.length : k;
                if (i < 0 || i >= items.length) break hot;
                const old = items[i];
                items[i] = v;
                sp -= 3; stack[sp] = null; stack[sp + 1] = null; stack[sp + 2] = null;
                if (typeof old === 'object' && --old.rc === 0) rt.dealloc(old);
                if (--o.rc === 0) rt.dealloc(o);
                break;
              }
              break hot;
            }
            case Op.CONTAINS_OP: {
              // `k in d` / `k not in d` for an int or str key: one Map lookup; the rest in execCold.
              const c = stack[sp - 1];
              const k = stack[sp - 2];
              if (!(c instanceof PyDict) || (typeof k !== 'number' && typeof k !== 'string')) break hot;
              const r = c.map.has(k);
              sp--;
              stack[sp - 1] = arg ? !r : r;
              stack[sp] = null;
              if (--c.rc === 0) rt.dealloc(c);
              break;
            }
            case Op.BUILD_TUPLE: {
              const items = stack.slice(sp - arg, sp) as PyValue[];
              for (let i = sp - arg; i < sp; i++) stack[i] = null;
              sp -= arg;
              stack[sp++] = newTuple(rt, items);
              break;
            }
            case Op.LIST_APPEND: {
              const v = stack[--sp] as PyValue; stack[sp] = null;
              listAppendOwned(rt, stack[sp - arg] as PyList, v);
              break;
            }
            case Op.CALL: {
              // Every inline path takes no keywords, so f.kwnames is left as it is for execFrames.
              const kw = f.kwnames;
              const isMeth = stack[sp - arg - 2] !== null;
              const n = isMeth ? arg + 1 : arg;
              const callable = (isMeth ? stack[sp - arg - 2] : stack[sp - arg - 1]) as PyValue;
              // The callable's class by its constructor, not instanceof: see EXACT_CLASSES in object.ts.
              const cls = callable.constructor;
              const fn = callable as PyFunction;
              if (kw === null && cls === PyFunction && fn.code.co_argcount === n &&
                  (fn.code.co_flags & SIMPLE_FLAGS_MASK) === 0 && fn.code.co_kwonlyargcount === 0 &&
                  th.depth < rt.options.recursionLimit) {
                // Fast path: a plain Python function called with exactly its positional arguments;
                // the arguments move from this stack into the callee's locals (no array in between).
                f = this.enterCall(f, fn, sp, n, sp - arg - 2, pc);
                instrs = f.code.instrs; lp = f.lp; stack = f.stack; sp = f.sp; pc = f.pc; names = f.code.co_names; consts = f.consts; jit = jitOn ? f.code.jit : null;
                break;
              }
              const type = callable as PyType;
              if (kw === null && !isMeth && cls === PyType && type.heapType && th.depth < rt.options.recursionLimit) {
                // Fast path: a class (plain object base) whose __init__ is a plain Python function taking exactly
                // these arguments. As callType does, but the arguments move straight into __init__'s locals.
                const nf = this.enterInit(f, type, sp, n, sp - arg - 2, pc);
                if (nf !== null) {
                  f = nf; instrs = f.code.instrs; lp = f.lp; stack = f.stack; sp = f.sp; pc = f.pc; names = f.code.co_names; consts = f.consts; jit = jitOn ? f.code.jit : null;
                  break;
                }
              }
              // next(g) and g.send(v) resume a generator (in execFrames, inlineResumable): a plain builtin
              // that is none of those, or a built-in type's constructor, calls straight from here.
              const native = callable as PyBuiltinFunction;
              const plainNative = cls === PyBuiltinFunction
                ? native.self === undefined && !(n !== 0 && mayResume(native))
                : cls === PyType && !type.heapType;
              if (!plainNative) break frames;
              if (kw === null && n <= 3 && (cls === PyBuiltinFunction || type.construct !== null)) {
                // A native function, method (self on the stack) or built-in type's constructor with up to three
                // positional arguments: no Frame can come back, so the result lands here directly (no slice).
                const b = sp - n;
                const args: PyValue[] = n === 1 ? [stack[b] as PyValue] : n === 2 ? [stack[b] as PyValue, stack[b + 1] as PyValue]
                  : n === 0 ? [] : [stack[b] as PyValue, stack[b + 1] as PyValue, stack[b + 2] as PyValue];
                for (let i = sp - arg - 2; i < sp; i++) stack[i] = null;
                sp -= arg + 2;
                f.pc = pc; f.sp = sp;
                // through callValue, not an inlined helper: its one call of `fn` stays out of this loop's
                // compiled code, so a new native never deoptimizes the loop (wrong call target)
                let r: PyValue | Frame;
                try { r = this.callValue(callable, args, null); } finally { rt.decref(callable); }
                stack[sp++] = r as PyValue;
                break;
              }
              break frames; // the general call, in execFrames
            }
            case Op.RETURN_VALUE: {
              if (f.gen !== null) break frames; // a generator's frame finished: in execFrames
              const v = stack[--sp] as PyValue; stack[sp] = null;
              f.pc = pc; f.sp = sp;
              if (f.ret === Ret.NESTED || f === boundary || f.back === null) {
                // the end of this run (a nested run's frame, or the thread's last): the value goes back from here
                const init = f.ret === Ret.INIT;
                const initSelf = this.leaveFrame(f);
                if (!init) return { kind: 'finished', value: v };
                // an __init__ run for native code (map(C, xs), raise C): its value is the instance
                try { this.checkInitResult(v, initSelf as PyValue); } catch (e) { return { kind: 'error', exc: e as PyBaseException }; }
                return { kind: 'finished', value: initSelf as PyValue };
              }
              inCold = true; // an __init__ that returned a value raises at its caller's CALL: th.frame is in step there
              this.returnToCaller(f, v);
              inCold = false;
              f = th.frame as Frame; instrs = f.code.instrs; lp = f.lp; stack = f.stack; sp = f.sp; pc = f.pc; names = f.code.co_names; consts = f.consts; jit = jitOn ? f.code.jit : null;
              break;
            }
            case Op.YIELD_VALUE: {
              const v = stack[--sp] as PyValue; stack[sp] = null;
              f.pc = pc; f.sp = sp;
              if (this.yieldToResumer(f, v) === YIELDED) return { kind: 'finished', value: this.takeYielded() };
              f = th.frame as Frame; instrs = f.code.instrs; lp = f.lp; stack = f.stack; sp = f.sp; pc = f.pc; names = f.code.co_names; consts = f.consts; jit = jitOn ? f.code.jit : null;
              break;
            }
            case Op.CALL_FUNCTION_EX: case Op.SEND: case Op.BEFORE_WITH: break frames;
            // Every other opcode, listed rather than left to `default`: V8 compiles a switch to a jump
            // table only when its cases span less than 3 times their number, and without one every
            // instruction walks a chain of compares (in the unoptimised tiers, a call per compare).
            // A unit test checks that every opcode is here.
            case Op.UNARY_POSITIVE: case Op.UNARY_NEGATIVE: case Op.UNARY_NOT: case Op.UNARY_INVERT: case Op.GET_LEN:
            case Op.PUSH_EXC_INFO: case Op.CHECK_EXC_MATCH: case Op.WITH_EXCEPT_START: case Op.GET_AITER:
            case Op.GET_ANEXT: case Op.BEFORE_ASYNC_WITH: case Op.END_ASYNC_FOR: case Op.DELETE_SUBSCR:
            case Op.GET_ITER: case Op.GET_YIELD_FROM_ITER: case Op.PRINT_EXPR: case Op.LOAD_BUILD_CLASS:
            case Op.LOAD_ASSERTION_ERROR: case Op.RETURN_GENERATOR: case Op.LIST_TO_TUPLE: case Op.SETUP_ANNOTATIONS:
            case Op.ASYNC_GEN_WRAP: case Op.POP_EXCEPT: case Op.DELETE_NAME: case Op.UNPACK_EX: case Op.DELETE_ATTR:
            case Op.STORE_GLOBAL: case Op.DELETE_GLOBAL: case Op.BUILD_LIST: case Op.BUILD_SET: case Op.BUILD_MAP:
            case Op.IMPORT_NAME: case Op.IMPORT_FROM: case Op.JUMP_IF_FALSE_OR_POP: case Op.JUMP_IF_TRUE_OR_POP:
            case Op.IS_OP: case Op.RERAISE: case Op.DELETE_FAST: case Op.POP_JUMP_FORWARD_IF_NOT_NONE:
            case Op.POP_JUMP_FORWARD_IF_NONE: case Op.RAISE_VARARGS: case Op.GET_AWAITABLE: case Op.MAKE_FUNCTION:
            case Op.BUILD_SLICE: case Op.MAKE_CELL: case Op.LOAD_CLOSURE: case Op.DELETE_DEREF: case Op.EXTENDED_ARG:
            case Op.SET_ADD: case Op.MAP_ADD: case Op.LOAD_CLASSDEREF: case Op.FORMAT_VALUE:
            case Op.BUILD_CONST_KEY_MAP: case Op.BUILD_STRING: case Op.LIST_EXTEND: case Op.SET_UPDATE:
            case Op.DICT_MERGE: case Op.DICT_UPDATE: case Op.KW_NAMES: case Op.POP_JUMP_BACKWARD_IF_NOT_NONE:
            case Op.POP_JUMP_BACKWARD_IF_NONE: default:
              break hot;
          }
          continue; // run inline
          } // hot
          // Run outside this function: through this one call site, an instruction or a slow path met
          // late in a program never deoptimizes the loop, and the loop stays small.
          f.pc = pc; f.sp = sp;
          inCold = true;
          const raised = this.execCold(f, op, arg);
          inCold = false;
          if (f.pc < pc && jit === null) jit = warm(f.code, this.jitThreshold); // a backward jump (`while node:`)
          pc = f.pc; sp = f.sp;
          if (raised !== null) {
            // An exception execCold handed back instead of throwing (a JS throw costs microseconds): unwind as `catch` does.
            const next = this.raised(raised, boundary);
            if (!(next instanceof Frame)) return next;
            f = next; instrs = f.code.instrs; lp = f.lp; stack = f.stack; sp = f.sp; pc = f.pc; names = f.code.co_names; consts = f.consts; jit = jitOn ? f.code.jit : null;
          }
          continue;
          } // frames
          // Instructions that switch frames rarely enough to live outside this function (the general
          // call, a generator's end, with): one call site, and the loop stays small to compile.
          f.pc = pc; f.sp = sp;
          inCold = true;
          const out = this.execFrames(f, op, arg);
          inCold = false;
          if (out !== null) return out;
          f = th.frame as Frame; instrs = f.code.instrs; lp = f.lp; stack = f.stack; sp = f.sp; pc = f.pc; names = f.code.co_names; consts = f.consts; jit = jitOn ? f.code.jit : null;
        }
      } catch (err) {
        // execCold and execFrames keep the frame they leave in step: th.frame, its pc and sp, say where it is.
        if (inCold) { inCold = false; f = th.frame as Frame; pc = f.pc; sp = f.sp; }
        this.jitNest = jitNest; // the translated functions the throw left
        f.pc = pc; f.sp = sp;
        const next = this.raised(err, boundary);
        if (!(next instanceof Frame)) return next;
        f = next; instrs = f.code.instrs; lp = f.lp; stack = f.stack; sp = f.sp; pc = f.pc; names = f.code.co_names; consts = f.consts; jit = jitOn ? f.code.jit : null;
      }
    }
  }

  /**
   * The eval breaker, when the loop's fuel runs out: the budget is spent, a thread
   * blocked or is to be switched, or a collection is due. f.pc and f.sp are in step.
   * Returns what \`loop\` returns when it stops here, else null (run on).
   */
  private evalBreaker(f: Frame, stopAt: number): RunOutcome | null {
    if (this.blockPending) { this.blockPending = false; this.breakAt = stopAt; return { kind: 'blocked' }; }
    if (this.interruptPending && this.runDepth === 1) { this.interruptPending = false; return { kind: 'budget' }; }
    if (this.steps >= stopAt) return { kind: 'budget' };
    this.breakAt = stopAt;
    // MemoryError for the instruction that took the heap past its limit (f.pc - 1)
    if (this.rt.heapOver) this.rt.checkHeap();
    // CPython collects at the allocation; minipy here, at an instruction boundary, when every frame is consistent.
    if (this.rt.gc.pending) this.rt.gc.collectGenerations();
    if (this.dropRequest && this.runDepth === 1) {
      // CPython 3.11 looks at the eval breaker on RESUME, after a backward jump and after CALL; 3.9 before every
      // instruction. While a drop is pending the loop stops at every boundary, so prevOp is the one just run.
      const next = f.code.instrs[f.pc] & 0xff;
      const prev = this.prevOp;
      if (this.checkEveryInstruction || next === Op.RESUME || (prev >= 0 && prev !== Op.RESUME && IS_CHECK_POINT[prev] === 1)) {
        this.prevOp = -1;
        return { kind: 'switch' };
      }
      this.prevOp = next;
      this.breakAt = this.steps + 1;
    }
    return null;
  }

  /**
   * Where the loop goes on after an exception at th.frame's pc: the frame of its
   * handler (unwound to it), or the run's end. JS errors that are Python's (deep
   * recursion, a string or array too large) become them; other JS errors are thrown on.
   */
  private raised(err: unknown, boundary: Frame | null): Frame | RunOutcome {
    let exc: PyBaseException;
    if (err instanceof PyBaseException) {
      exc = err;
      if (this.onRaise !== null && (err as { reraised?: boolean }).reraised !== true) this.onRaise(err, this.thread.frame as Frame);
    } else {
      // JS limits reached by a native (deep recursion, a string or array too large) are Python's errors, never a crash.
      const limit = err instanceof RangeError ? (/call stack/.test(err.message) ? E.RecursionError : /Invalid (string|array|typed array) length|Invalid count value|allocation failed/i.test(err.message) ? E.MemoryError : null) : null;
      if (limit === null) throw err;
      exc = excConstruct(this.rt, limit, limit === E.RecursionError ? ['maximum recursion depth exceeded'] : []);
    }
    const handler = this.unwind(exc, boundary);
    return handler === null ? { kind: 'error', exc: this.takeUnwound() } : handler;
  }

  /**
   * The instructions that switch frames but are rare in hot code, run outside `loop`
   * (through its one call site, so the loop stays small for V8 to compile): a
   * generator's frame finishing (RETURN_VALUE), SEND, the general CALL (a generator
   * resumed by next() or send() too), CALL_FUNCTION_EX and BEFORE_WITH. (FOR_ITER
   * resuming a generator, and YIELD_VALUE, stay in the loop: a generator pipeline
   * runs them at every item.) f.pc and f.sp are in step on entry; on return
   * th.frame is the frame to run, with its pc and sp in step; on a throw,
   * th.frame is where the exception was raised, also in step.
   * Returns what `loop` returns when a nested run ends here, else null.
   */
  private execFrames(f: Frame, op: number, arg: number): RunOutcome | null {
    const rt = this.rt;
    const th = this.thread;
    let stack = f.stack;
    let sp = f.sp;
    let pc = f.pc;
    try {
      switch (op) {
        case Op.CALL: {
          const kw = f.kwnames;
          f.kwnames = null;
          const isMeth = stack[sp - arg - 2] !== null;
          const n = isMeth ? arg + 1 : arg;
          const callable = (isMeth ? stack[sp - arg - 2] : stack[sp - arg - 1]) as PyValue;
          const gen = this.inlineResumable(callable, stack, sp - n, n, kw);
          if (gen !== null) {
            f.pc = pc;
            gen.checkResumable(rt, n === 2 ? stack[sp - 1] as PyValue : None);
            const v = n === 2 ? stack[sp - 1] as PyValue : None;
            // The generator runs on this thread's stack; its yield becomes the call's result.
            // Its frame keeps the call's reference to the generator until it yields or ends.
            const gf = this.enterGenerator(gen, v, GenExit.CALL, 0);
            const gi = sp - n;
            for (let i = sp - arg - 2; i < sp; i++) { const x = stack[i]; stack[i] = null; if (x !== null && i !== gi) rt.decref(x); }
            sp -= arg + 2;
            f.sp = sp;
            return null;
          }
          const args = stack.slice(sp - n, sp) as PyValue[];
          for (let i = sp - arg - 2; i < sp; i++) stack[i] = null;
          sp -= arg + 2;
          f.pc = pc; f.sp = sp;
          let r: PyValue | Frame;
          if (callable instanceof PyFunction && (callable.code.co_flags & (CO.GENERATOR | CO.COROUTINE)) === 0) {
            try { r = this.makeFrame(callable, args, kw); } finally { rt.decref(callable); }
          } else {
            try { r = this.callValue(callable, args, kw); } finally { rt.decref(callable); }
          }
          if (r instanceof Frame) {
            if (th.depth >= rt.options.recursionLimit) { this.dropFrame(r); raise(rt, E.RecursionError, 'maximum recursion depth exceeded'); }
            r.back = f;
            r.depth = ++th.depth;
            th.frame = r;
          } else {
            stack[sp++] = r;
          }
          break;
        }
        case Op.CALL_FUNCTION_EX: {
          const kwargs = (arg & 1) ? stack[--sp] as PyDict : null;
          const posargsRaw = stack[--sp] as PyValue;
          // 3.11 passes a lone *iterable through unchanged; the call turns it into a tuple.
          let posargs: PyTuple;
          if (posargsRaw instanceof PyTuple) posargs = posargsRaw;
          else {
            sp++; // keep it on the stack until it is converted, so unwinding releases it
            let items: PyValue[];
            try {
              items = collect(rt, posargsRaw);
            } catch (e) {
              if (e instanceof PyBaseException && e.cls === E.TypeError && / is not iterable$/.test(excStr(rt, e))) {
                rt.decref(e);
                raise(rt, E.TypeError, `${this.callableNameForMerge(stack, sp, 0)} argument after * must be an iterable, not ${typeOf(posargsRaw).name}`);
              }
              throw e;
            }
            sp--;
            posargs = newTuple(rt, items);
          }
          if (posargs !== posargsRaw) rt.decref(posargsRaw);
          const callable = stack[--sp] as PyValue;
          const nul = stack[--sp];
          stack[sp] = null; stack[sp + 1] = null; stack[sp + 2] = null; stack[sp + 3] = null;
          void nul;
          const args = posargs.items.slice();
          for (const a of args) incref(a);
          let kwn: string[] | null = null;
          if (kwargs !== null) {
            kwn = [];
            for (const k of dictKeys(kwargs)) { kwn.push(k as string); const v = dictGet(rt, kwargs, k) as PyValue; incref(v); args.push(v); }
            rt.decref(kwargs);
          }
          rt.decref(posargs);
          f.pc = pc; f.sp = sp;
          let r: PyValue | Frame;
          try { r = this.callValue(callable, args, kwn); } finally { rt.decref(callable); }
          if (r instanceof Frame) {
            r.back = f; r.depth = ++th.depth; th.frame = r;
          } else stack[sp++] = r;
          break;
        }
        case Op.RETURN_VALUE: {
          const v = stack[--sp] as PyValue; stack[sp] = null;
          f.pc = pc; f.sp = sp;
          const done = f;
          // A generator's frame finished: whoever resumed it learns of StopIteration(v).
          const g = done.gen as PyGenerator;
          const caller = done.back as Frame;
          th.frame = caller; th.depth--;
          done.back = null;
          this.leaveGenerator(g);
          const exit = done.genExit, exitPc = done.genExitPc;
          g.finish(v);
          if (exit === GenExit.NESTED) return { kind: 'finished', value: None };
          f = caller; stack = f.stack; sp = f.sp; pc = f.pc;
          if (exit === GenExit.FOR_ITER) {
            const it = stack[--sp] as PyValue; stack[sp] = null;
            rt.decref(g.takeReturn());
            rt.decref(it);
            pc = exitPc;
          } else if (exit === GenExit.SEND) {
            const recv = stack[sp - 1] as PyValue;
            stack[sp - 1] = g.takeReturn();
            rt.decref(recv);
            pc = exitPc;
          } else {
            const rv = g.takeReturn();
            rt.decref(g);
            try { raiseStopIteration(rt, rv === None ? undefined : rv); } finally { rt.decref(rv); }
          }
          break;
        }
        case Op.SEND: {
          const v = stack[--sp] as PyValue; stack[sp] = null;
          const recv = stack[sp - 1] as PyValue;
          f.pc = pc; f.sp = sp;
          let r: PyValue | undefined;
          let done: PyValue = None;
          if (recv instanceof PyGenerator) {
            let live: boolean;
            try { live = recv.checkResumable(rt, v); } catch (e) { rt.decref(v); throw e; }
            if (live) {
              // `yield from`/`await` resumes the delegate here; its yield passes straight out of this frame.
              f = this.enterGenerator(recv, v, GenExit.SEND, arg);
              rt.decref(v);
              stack = f.stack; sp = f.sp; pc = f.pc;
              break;
            }
            r = undefined;
          } else if (v === None && recv instanceof PyIter) {
            r = recv.next(rt);
          } else {
            // A user iterator's StopIteration carries the value of the `yield from`/`await`.
            const m = v === None ? typeOf(recv).lookup('__next__') : typeOf(recv).lookup('send');
            if (m === undefined) {
              rt.decref(v);
              if (v === None) raise(rt, E.TypeError, `'${typeOf(recv).name}' object is not an iterator`);
              raise(rt, E.AttributeError, `'${typeOf(recv).name}' object has no attribute 'send'`);
            }
            try {
              r = v === None ? rt.call(m, [recv], null) : rt.call(m, [recv, v], null);
            } catch (e) {
              if (!(e instanceof PyBaseException) || !e.cls.isSubtypeOf(E.StopIteration)) { rt.decref(v); throw e; }
              r = undefined;
              done = stopIterationValue(e);
              incref(done);
              rt.decref(e);
            }
          }
          rt.decref(v);
          if (r === undefined) {
            stack[sp - 1] = done;
            rt.decref(recv);
            pc = arg;
          } else {
            stack[sp++] = r;
          }
          break;
        }
        case Op.BEFORE_WITH: {
          const mgr = stack[sp - 1] as PyValue;
          f.pc = pc; f.sp = sp;
          const enter = typeOf(mgr).lookup('__enter__');
          const exit = typeOf(mgr).lookup('__exit__');
          if (enter === undefined || exit === undefined) {
            raise(rt, E.TypeError, `'${typeOf(mgr).name}' object does not support the context manager protocol${enter !== undefined ? ' (missed __exit__ method)' : ''}`);
          }
          const boundExit = getAttr(rt, mgr, '__exit__');
          stack[sp - 1] = boundExit;
          f.sp = sp;
          // A Python __enter__ runs as a frame on this thread (so it can block, be stepped, be switched out);
          // its return value lands on this stack as the call's result would.
          incref(enter);
          let r: PyValue | Frame;
          try { r = this.callValue(enter, [mgr], null); } finally { rt.decref(enter); }
          if (r instanceof Frame) {
            if (th.depth >= rt.options.recursionLimit) { this.dropFrame(r); raise(rt, E.RecursionError, 'maximum recursion depth exceeded'); }
            r.back = f; r.depth = ++th.depth; th.frame = r;
            f = r; stack = f.stack; sp = f.sp; pc = f.pc;
          } else {
            stack[sp++] = r;
          }
          break;
        }
        default: throw new InternalError(`execFrames: opcode ${op}`);
      }
      f.pc = pc; f.sp = sp;
      return null;
    } catch (e) {
      // where the loop's catch looks: the frame the exception left (a switch may have happened)
      if (th.frame === f) { f.pc = pc; f.sp = sp; }
      throw e;
    }
  }

  /**
   * The instructions rare in hot code, run outside \`loop\`: the loop reaches them
   * all through one call site, so one met late in a program never deoptimizes it,
   * and the loop stays small enough for V8 to compile and inline well. f.pc and
   * f.sp are in sync on entry; on return or throw they say where the frame is.
   * Common exceptions come back as the result (a new reference, raised at this
   * instruction) rather than thrown; others are thrown.
   */
  /** Public for the second tier's code (jit.ts), which calls it as the loop does. */
  execCold(f: Frame, op: number, arg: number): PyBaseException | null {
    const rt = this.rt;
    const th = this.thread;
    const lp = f.lp;
    const stack = f.stack;
    const names = f.code.co_names;
    let sp = f.sp;
    let pc = f.pc;
    try {
      switch (op) {
        case Op.BINARY_OP: {
          // Operands stay on the stack until the result exists, so an exception drops them through unwinding.
          const b = stack[sp - 1] as PyValue;
          const a = stack[sp - 2] as PyValue;
          // str % x and str * int straight to their str code (what binaryOp comes to for them)
          const r = typeof a !== 'string' ? binaryOp(rt, arg, a, b)
            : arg === 6 || arg === 19 ? percentFormat(rt, a, b)
            : (arg === 5 || arg === 18) && typeof b === 'number' ? strRepeat(rt, a, b)
            : binaryOp(rt, arg, a, b);
          sp--;
          stack[sp - 1] = r;
          stack[sp] = null;
          rt.decref(a); rt.decref(b);
          break;
        }
        case Op.COMPARE_OP: {
          const b = stack[sp - 1] as PyValue;
          const a = stack[sp - 2] as PyValue;
          const r = richCompare(rt, arg, a, b);
          sp--;
          stack[sp - 1] = r;
          stack[sp] = null;
          rt.decref(a); rt.decref(b);
          break;
        }
        case Op.CONTAINS_OP: {
          const b = stack[sp - 1] as PyValue;
          const a = stack[sp - 2] as PyValue;
          const r = contains(rt, b, a);
          sp--;
          stack[sp - 1] = arg ? !r : r;
          stack[sp] = null;
          rt.decref(a); rt.decref(b);
          break;
        }
        case Op.POP_JUMP_FORWARD_IF_FALSE: case Op.POP_JUMP_BACKWARD_IF_FALSE: {
          const v = stack[--sp] as PyValue;
          stack[sp] = null;
          const t = v === true ? true : v === false ? false : isTrue(rt, v);
          if (typeof v === 'object') rt.decref(v);
          if (!t) pc = arg;
          break;
        }
        case Op.POP_JUMP_FORWARD_IF_TRUE: case Op.POP_JUMP_BACKWARD_IF_TRUE: {
          const v = stack[--sp] as PyValue;
          stack[sp] = null;
          const t = v === true ? true : v === false ? false : isTrue(rt, v);
          if (typeof v === 'object') rt.decref(v);
          if (t) pc = arg;
          break;
        }
        case Op.FOR_ITER: {
          const it = stack[sp - 1] as PyValue;
          const v = it instanceof StrIter ? it.next(rt) : it instanceof PyIter ? it.next(rt) : iterNext(rt, it);
          if (v === undefined) {
            sp--; stack[sp] = null; rt.decref(it);
            pc = arg;
          } else {
            stack[sp++] = v;
          }
          break;
        }
        case Op.LOAD_ATTR: {
          const o = stack[sp - 1] as PyValue;
          stack[sp - 1] = o instanceof PyType ? classAttr(f, pc - 1, o, names[arg]) ?? getAttr(rt, o, names[arg]) : getAttr(rt, o, names[arg]);
          rt.decref(o);
          break;
        }
        case Op.BINARY_SUBSCR: {
          const k = stack[sp - 1] as PyValue;
          const o = stack[sp - 2] as PyValue;
          let v: PyValue;
          if (o instanceof PyDict) {
            // A missing key is common (code that catches KeyError): it goes back to the loop unthrown.
            const found = dictGet(rt, o, k);
            if (found === undefined) return excConstruct(rt, E.KeyError, [k]);
            v = incref(found);
          } else if (typeof o === 'object' && o.cls.heapType) {
            const gi = o.cls.lookup('__getitem__');
            if (gi === undefined) raise(rt, E.TypeError, `'${o.cls.name}' object is not subscriptable`);
            v = rt.call(gi, [o, k], null);
          } else {
            v = getItem(rt, o, k);
          }
          sp--;
          stack[sp - 1] = v; stack[sp] = null;
          rt.decref(o); rt.decref(k);
          break;
        }
        case Op.UNPACK_SEQUENCE: {
          const seq = stack[--sp] as PyValue; stack[sp] = null;
          const items = unpackIterable(rt, seq, arg, -1);
          rt.decref(seq);
          for (let i = arg - 1; i >= 0; i--) stack[sp++] = items[i];
          break;
        }
        case Op.LOAD_METHOD: {
          // Not a plain method: [NULL, the attribute] (a bound method, a callable attribute; a class's
          // attribute as `Base.method(self, ...)` finds it, or super()'s bound method, without getAttr's protocol chain).
          const o = stack[sp - 1] as PyValue;
          const v = (o instanceof PyType ? classAttr(f, pc - 1, o, names[arg]) : o instanceof PySuper ? superMethod(rt, o, names[arg]) : undefined) ??
            getAttr(rt, o, names[arg]);
          stack[sp - 1] = null;
          stack[sp++] = v;
          rt.decref(o);
          break;
        }
        case Op.IS_OP: {
          const b = stack[--sp] as PyValue;
          const a = stack[sp - 1] as PyValue;
          const same = a === b || (typeof a === 'bigint' && a === b);
          stack[sp - 1] = arg ? !same : same;
          stack[sp] = null;
          rt.decref(a); rt.decref(b);
          break;
        }
        case Op.POP_JUMP_FORWARD_IF_NONE: case Op.POP_JUMP_BACKWARD_IF_NONE: {
          const v = stack[--sp] as PyValue; stack[sp] = null; rt.decref(v);
          if (v === None) pc = arg;
          break;
        }
        case Op.POP_JUMP_FORWARD_IF_NOT_NONE: case Op.POP_JUMP_BACKWARD_IF_NOT_NONE: {
          const v = stack[--sp] as PyValue; stack[sp] = null; rt.decref(v);
          if (v !== None) pc = arg;
          break;
        }
        case Op.JUMP_IF_FALSE_OR_POP: {
          const v = stack[sp - 1] as PyValue;
          if (!isTrue(rt, v)) pc = arg; else { sp--; stack[sp] = null; rt.decref(v); }
          break;
        }
        case Op.JUMP_IF_TRUE_OR_POP: {
          const v = stack[sp - 1] as PyValue;
          if (isTrue(rt, v)) pc = arg; else { sp--; stack[sp] = null; rt.decref(v); }
          break;
        }
        case Op.GET_ITER: {
          const v = stack[sp - 1] as PyValue;
          if (v instanceof PyGenerator && v.isCoroutine) raise(rt, E.TypeError, "'coroutine' object is not iterable");
          if (!(v instanceof PyGenerator)) { stack[sp - 1] = getIter(rt, v); rt.decref(v); }
          break;
        }
        case Op.KW_NAMES: f.kwnames = (f.consts[arg] as PyTuple).items as string[]; break;
        case Op.DELETE_FAST: {
          const old = lp[arg];
          if (old === undefined) this.unbound(f, arg);
          lp[arg] = undefined;
          rt.decref(old as PyValue);
          break;
        }
        case Op.UNARY_NOT: { const v = stack[sp - 1] as PyValue; stack[sp - 1] = !isTrue(rt, v); rt.decref(v); break; }
        case Op.UNARY_NEGATIVE: { const v = stack[sp - 1] as PyValue; stack[sp - 1] = unaryNegative(rt, v); rt.decref(v); break; }
        case Op.UNARY_POSITIVE: { const v = stack[sp - 1] as PyValue; stack[sp - 1] = unaryPositive(rt, v); rt.decref(v); break; }
        case Op.UNARY_INVERT: { const v = stack[sp - 1] as PyValue; stack[sp - 1] = unaryInvert(rt, v); rt.decref(v); break; }
        case Op.GET_YIELD_FROM_ITER: {
          const v = stack[sp - 1] as PyValue;
          if (!(v instanceof PyGenerator)) { stack[sp - 1] = getIter(rt, v); rt.decref(v); }
          break;
        }
        case Op.STORE_GLOBAL: {
          const v = stack[--sp] as PyValue; stack[sp] = null;
          dictSet(rt, f.globals, names[arg], v); rt.decref(v);
          break;
        }
        case Op.DELETE_GLOBAL: {
          const old = dictPop(rt, f.globals, names[arg]);
          if (old === undefined) this.nameError(f, `name '${names[arg]}' is not defined`, names[arg]);
          rt.decref(old);
          break;
        }
        case Op.LOAD_NAME: {
          const v = this.loadName(f, names[arg]);
          if (typeof v === 'object') v.rc++;
          stack[sp++] = v;
          break;
        }
        case Op.STORE_NAME: {
          const v = stack[--sp] as PyValue; stack[sp] = null;
          dictSet(rt, f.locals as PyDict, names[arg], v); rt.decref(v);
          break;
        }
        case Op.DELETE_NAME: {
          const old = dictPop(rt, f.locals as PyDict, names[arg]);
          if (old === undefined) this.nameError(f, `name '${names[arg]}' is not defined`, names[arg]);
          rt.decref(old);
          break;
        }
        case Op.MAKE_CELL: {
          const cell = rt.track(new PyCell(lp[arg]));
          cell.rc = 1;
          lp[arg] = cell;
          break;
        }
        case Op.LOAD_CLASSDEREF: {
          // a class body's free variable: its own namespace first, then the cell
          if (f.locals !== null) {
            const lv = dictGet(rt, f.locals, f.code.co_localsplusnames[arg]);
            if (lv !== undefined) { incref(lv); stack[sp++] = lv; break; }
          }
          const v = (lp[arg] as PyCell).value;
          if (v === undefined) this.unbound(f, arg);
          incref(v as PyValue);
          stack[sp++] = v as PyValue;
          break;
        }
        case Op.STORE_ATTR: {
          // not a cached instance slot: found (and cached for next time) or set the general way
          const o = stack[sp - 1] as PyValue;
          const v = stack[sp - 2] as PyValue;
          if (o instanceof PyInstance) prepareStore(f.code.attrCaches, pc - 1, o, names[arg]);
          setAttr(rt, o, names[arg], v);
          sp -= 2; stack[sp] = null; stack[sp + 1] = null;
          rt.decref(v); rt.decref(o);
          break;
        }
        case Op.STORE_SUBSCR: {
          const k = stack[sp - 1] as PyValue;
          const o = stack[sp - 2] as PyValue;
          const v = stack[sp - 3] as PyValue;
          if (typeof o === 'object' && o.cls.heapType) {
            const si = o.cls.lookup('__setitem__');
            if (si === undefined) raise(rt, E.TypeError, `'${o.cls.name}' object does not support item assignment`);
            rt.decref(rt.call(si, [o, k, v], null));
          } else {
            setItem(rt, o, k, v);
          }
          sp -= 3; stack[sp] = null; stack[sp + 1] = null; stack[sp + 2] = null;
          rt.decref(v); rt.decref(o); rt.decref(k);
          break;
        }
        case Op.LOAD_CLOSURE: { const c = lp[arg] as PyValue; incref(c); stack[sp++] = c; break; }
        case Op.DELETE_DEREF: {
          const cell = lp[arg] as PyCell;
          const old = cell.value;
          if (old === undefined) this.unbound(f, arg);
          cell.value = undefined;
          rt.decref(old as PyValue);
          break;
        }
        case Op.DELETE_ATTR: {
          const o = stack[--sp] as PyValue; stack[sp] = null;
          delAttr(rt, o, names[arg]);
          rt.decref(o);
          break;
        }
        case Op.DELETE_SUBSCR: {
          const k = stack[sp - 1] as PyValue;
          const o = stack[sp - 2] as PyValue;
          f.pc = pc; f.sp = sp;
          if (typeof o === 'object' && o.cls.heapType) {
            const di = o.cls.lookup('__delitem__');
            if (di === undefined) raise(rt, E.TypeError, `'${o.cls.name}' object does not support item deletion`);
            rt.decref(rt.call(di, [o, k], null));
          } else {
            delItem(rt, o, k);
          }
          sp -= 2; stack[sp] = null; stack[sp + 1] = null;
          rt.decref(o); rt.decref(k);
          break;
        }
        case Op.BUILD_LIST: {
          const items = stack.slice(sp - arg, sp) as PyValue[];
          for (let i = sp - arg; i < sp; i++) stack[i] = null;
          sp -= arg;
          stack[sp++] = newList(rt, items);
          break;
        }
        case Op.BUILD_SET: {
          const s = newSet(rt);
          for (let i = sp - arg; i < sp; i++) { const v = stack[i] as PyValue; stack[i] = null; setAdd(rt, s, v); rt.decref(v); }
          sp -= arg;
          stack[sp++] = s;
          break;
        }
        case Op.BUILD_MAP: {
          const d = newDict(rt);
          if (arg > 5) dictPresize(d, arg);
          for (let i = sp - 2 * arg; i < sp; i += 2) {
            const k = stack[i] as PyValue; const v = stack[i + 1] as PyValue;
            stack[i] = null; stack[i + 1] = null;
            dictSet(rt, d, k, v); rt.decref(k); rt.decref(v);
          }
          sp -= 2 * arg;
          stack[sp++] = d;
          break;
        }
        case Op.BUILD_CONST_KEY_MAP: {
          const keys = stack[--sp] as PyTuple; stack[sp] = null;
          const d = newDict(rt);
          if (arg > 5) dictPresize(d, arg);
          for (let i = 0; i < arg; i++) {
            const v = stack[sp - arg + i] as PyValue; stack[sp - arg + i] = null;
            dictSet(rt, d, keys.items[i], v); rt.decref(v);
          }
          sp -= arg;
          rt.decref(keys);
          stack[sp++] = d;
          break;
        }
        case Op.BUILD_STRING: {
          let s = '';
          for (let i = sp - arg; i < sp; i++) { s += stack[i] as string; stack[i] = null; }
          sp -= arg;
          stack[sp++] = s;
          break;
        }
        case Op.BUILD_SLICE: {
          // str[a:b]: the BINARY_SUBSCR after it runs here too (each still one step) and the slice is
          // only accounted for, when nothing can stop or observe the thread between the two.
          if (arg === 2 && (f.code.instrs[pc] & 0xff) === Op.BINARY_SUBSCR && this.fuel > 0 && typeof stack[sp - 3] === 'string') {
            const r = strSubrange(stack[sp - 3] as string, stack[sp - 2] as PyValue, stack[sp - 1] as PyValue);
            if (r !== null && rt.phantomAlloc(SLICE_SIZE)) {
              this.fuel--; // the BINARY_SUBSCR's step
              pc++;
              const a = stack[sp - 2] as PyValue, b = stack[sp - 1] as PyValue;
              sp -= 2;
              stack[sp - 1] = r; stack[sp] = null; stack[sp + 1] = null;
              rt.decref(a); rt.decref(b);
              break;
            }
          }
          const step = arg === 3 ? stack[--sp] as PyValue : None;
          const stop = stack[--sp] as PyValue;
          const start = stack[--sp] as PyValue;
          stack[sp + 2] = null; stack[sp + 1] = null; stack[sp] = null;
          stack[sp++] = newSlice(rt, start, stop, step);
          rt.decref(start); rt.decref(stop); rt.decref(step);
          break;
        }
        case Op.SET_ADD: {
          const v = stack[--sp] as PyValue; stack[sp] = null;
          setAdd(rt, stack[sp - arg] as PySet, v); rt.decref(v);
          break;
        }
        case Op.MAP_ADD: {
          const v = stack[--sp] as PyValue; const k = stack[--sp] as PyValue;
          stack[sp] = null; stack[sp + 1] = null;
          dictSet(rt, stack[sp - arg] as PyDict, k, v); rt.decref(k); rt.decref(v);
          break;
        }
        case Op.LIST_EXTEND: {
          const v = stack[--sp] as PyValue; stack[sp] = null;
          f.pc = pc; f.sp = sp;
          listExtend(rt, stack[sp - arg] as PyList, v); rt.decref(v);
          break;
        }
        case Op.SET_UPDATE: {
          const v = stack[--sp] as PyValue; stack[sp] = null;
          setUpdate(rt, stack[sp - arg] as PySet, v); // set_update_internal: a set is merged table-wise
          rt.decref(v);
          break;
        }
        case Op.DICT_UPDATE: case Op.DICT_MERGE: {
          const v = stack[--sp] as PyValue; stack[sp] = null;
          const d = stack[sp - arg] as PyDict;
          if (!(v instanceof PyDict)) {
            const what = op === Op.DICT_MERGE ? `${this.callableNameForMerge(stack, sp, arg)} argument after ** must be a mapping, not ${typeOf(v).name}` : `'${typeOf(v).name}' object is not a mapping`;
            stack[sp++] = v; // keep it on the stack so unwinding releases it
            raise(rt, E.TypeError, what);
          }
          for (const [, val] of v.map) void val;
          for (const k of dictKeys(v)) {
            if (op === Op.DICT_MERGE && dictGet(rt, d, k) !== undefined) {
              raise(rt, E.TypeError, `${this.callableNameForMerge(stack, sp, arg)} got multiple values for keyword argument '${String(k)}'`);
            }
            dictSet(rt, d, k, dictGet(rt, v, k) as PyValue);
          }
          rt.decref(v);
          break;
        }
        case Op.LIST_TO_TUPLE: {
          const l = stack[sp - 1] as PyList;
          const items = l.items.slice();
          for (const it of items) incref(it);
          stack[sp - 1] = newTuple(rt, items);
          rt.decref(l);
          break;
        }
        case Op.UNPACK_EX: {
          const before = arg & 0xff;
          const after = arg >> 8;
          const seq = stack[--sp] as PyValue; stack[sp] = null;
          const items = unpackIterable(rt, seq, before, after);
          rt.decref(seq);
          const rest = newList(rt, items.slice(before, items.length - after));
          const out = [...items.slice(0, before), rest, ...items.slice(items.length - after)];
          for (let i = out.length - 1; i >= 0; i--) stack[sp++] = out[i];
          break;
        }
        case Op.FORMAT_VALUE: {
          const hasSpec = (arg & 4) !== 0;
          const spec = hasSpec ? stack[--sp] as string : '';
          if (hasSpec) stack[sp] = null;
          const v = stack[sp - 1] as PyValue;
          f.pc = pc; f.sp = sp;
          const conv = arg & 3;
          let s: string;
          if (conv === 1) s = pyFormat(rt, pyStr(rt, v), spec);
          else if (conv === 2) s = pyFormat(rt, pyRepr(rt, v), spec);
          else if (conv === 3) s = pyFormat(rt, asciiRepr(rt, v), spec);
          else s = typeof v === 'string' && spec === '' ? v : pyFormat(rt, v, spec);
          stack[sp - 1] = s;
          rt.decref(v);
          break;
        }
        case Op.MAKE_FUNCTION: {
          const code = (stack[--sp] as PyCode); stack[sp] = null;
          const func = rt.track(new PyFunction(code.code, code.consts, f.globals));
          f.globals.rc++;
          func.rc = 1;
          if (arg & 8) { func.closure = stack[--sp] as PyTuple; stack[sp] = null; }
          if (arg & 4) { rt.decref(stack[--sp] as PyValue); stack[sp] = null; }
          if (arg & 2) { func.kwdefaults = stack[--sp] as PyDict; stack[sp] = null; }
          if (arg & 1) { func.defaults = stack[--sp] as PyTuple; stack[sp] = null; }
          rt.decref(code);
          stack[sp++] = func;
          break;
        }
        case Op.RETURN_GENERATOR: throw new InternalError('RETURN_GENERATOR outside a generator start');
        case Op.LOAD_BUILD_CLASS: { const b = this.builtins.map.get('__build_class__') as PyValue; incref(b); stack[sp++] = b; break; }
        case Op.LOAD_ASSERTION_ERROR: stack[sp++] = E.AssertionError; break;
        case Op.RAISE_VARARGS: {
          f.pc = pc; f.sp = sp;
          if (arg === 0) {
            const cur = th.excInfo;
            if (cur === null) raise(rt, E.RuntimeError, 'No active exception to reraise');
            cur.rc++;
            // do_raise restores the exception with its traceback and jumps past PyTraceBack_Here:
            // a bare raise adds no entry, so this frame keeps the line the exception came through.
            (cur as { reraised?: boolean }).reraised = true;
            throw cur;
          }
          let cause: PyValue | undefined;
          if (arg === 2) { cause = stack[--sp] as PyValue; stack[sp] = null; }
          const v = stack[--sp] as PyValue; stack[sp] = null;
          const exc = this.makeRaisable(v);
          if (cause !== undefined) {
            const c = cause === None ? None : this.makeRaisable(cause);
            if (cause !== None && c !== cause) rt.decref(cause);
            rt.decref(exc.cause);
            exc.cause = c;
            exc.suppressContext = true;
          }
          throw exc;
        }
        case Op.PUSH_EXC_INFO: {
          const v = stack[sp - 1] as PyBaseException;
          const prev = th.excInfo;
          stack[sp - 1] = prev === null ? None : prev;
          stack[sp++] = v;
          v.rc++;
          th.excInfo = v;
          break;
        }
        case Op.POP_EXCEPT: {
          const v = stack[--sp] as PyValue; stack[sp] = null;
          const cur = th.excInfo;
          th.excInfo = v === None ? null : v as PyBaseException;
          if (cur !== null) rt.decref(cur);
          break;
        }
        case Op.CHECK_EXC_MATCH: {
          const t = stack[sp - 1] as PyValue;
          const e = stack[sp - 2] as PyBaseException;
          stack[sp - 1] = excMatches(rt, e, t);
          rt.decref(t);
          break;
        }
        case Op.RERAISE: {
          // The handler is looked up at this instruction; the saved lasti (arg 1) only
          // matters for the traceback's line, and a re-raise adds no traceback entry.
          const e = stack[--sp] as PyBaseException; stack[sp] = null;
          f.pc = pc; f.sp = sp;
          (e as { reraised?: boolean }).reraised = true;
          throw e;
        }
        case Op.WITH_EXCEPT_START: {
          const e = stack[sp - 1] as PyBaseException;
          const exit = stack[sp - 4] as PyValue;
          f.pc = pc; f.sp = sp;
          const r = rt.call(exit, [e.cls, e, None], null);
          stack[sp++] = r;
          break;
        }
        case Op.IMPORT_NAME: {
          const fromlist = stack[--sp] as PyValue; const level = stack[--sp] as PyValue;
          stack[sp] = null; stack[sp + 1] = null;
          rt.decref(fromlist); rt.decref(level);
          const m = this.importModule(names[arg]);
          if (m === undefined) raise(rt, E.ModuleNotFoundError, `No module named '${names[arg]}' (minipy provides only its built-in modules: sys, dis, gc, inspect, weakref, time, asyncio, threading, queue, multiprocessing, heapq)`);
          incref(m);
          stack[sp++] = m;
          break;
        }
        case Op.IMPORT_FROM: {
          const m = stack[sp - 1] as PyValue;
          let v: PyValue;
          try { v = getAttr(rt, m, names[arg]); } catch (e) {
            if (e instanceof PyBaseException && e.cls === E.AttributeError) {
              rt.decref(e);
              raise(rt, E.ImportError, `cannot import name '${names[arg]}' from '${(m as { name?: string }).name}' (unknown location)`);
            }
            throw e;
          }
          stack[sp++] = v;
          break;
        }
        case Op.GET_AWAITABLE: {
          const v = stack[sp - 1] as PyValue;
          f.pc = pc; f.sp = sp;
          const aw = this.awaitable(v, arg);
          if (aw !== v) { stack[sp - 1] = aw; rt.decref(v); }
          break;
        }
        case Op.BEFORE_ASYNC_WITH: {
          const mgr = stack[sp - 1] as PyValue;
          f.pc = pc; f.sp = sp;
          const enter = typeOf(mgr).lookup('__aenter__');
          const exit = typeOf(mgr).lookup('__aexit__');
          if (enter === undefined || exit === undefined) {
            raise(rt, E.TypeError, `'${typeOf(mgr).name}' object does not support the asynchronous context manager protocol${enter !== undefined ? ' (missed __aexit__ method)' : ''}`);
          }
          stack[sp - 1] = getAttr(rt, mgr, '__aexit__');
          const r = rt.call(enter, [mgr], null);
          rt.decref(mgr);
          stack[sp++] = r;
          break;
        }
        case Op.GET_AITER: {
          const obj = stack[sp - 1] as PyValue;
          f.pc = pc; f.sp = sp;
          const m = typeOf(obj).lookup('__aiter__');
          if (m === undefined) raise(rt, E.TypeError, `'async for' requires an object with __aiter__ method, got ${typeOf(obj).name}`);
          const it = rt.call(m, [obj], null);
          stack[sp - 1] = it;
          rt.decref(obj);
          if (typeOf(it).lookup('__anext__') === undefined) {
            raise(rt, E.TypeError, `'async for' received an object from __aiter__ that does not implement __anext__: ${typeOf(it).name}`);
          }
          break;
        }
        case Op.GET_ANEXT: {
          const aiter = stack[sp - 1] as PyValue;
          f.pc = pc; f.sp = sp;
          const m = typeOf(aiter).lookup('__anext__');
          if (m === undefined) raise(rt, E.TypeError, `'async for' requires an iterator with __anext__ method, got ${typeOf(aiter).name}`);
          const next = rt.call(m, [aiter], null);
          stack[sp++] = next;
          const aw = this.awaitable(next, -1);
          if (aw !== next) { stack[sp - 1] = aw; rt.decref(next); }
          break;
        }
        case Op.END_ASYNC_FOR: {
          const exc = stack[--sp] as PyBaseException; stack[sp] = null;
          if (exc.cls.isSubtypeOf(E.StopAsyncIteration)) {
            rt.decref(exc);
            const it = stack[--sp] as PyValue; stack[sp] = null;
            rt.decref(it);
            break;
          }
          f.pc = pc; f.sp = sp;
          (exc as { reraised?: boolean }).reraised = true;
          throw exc;
        }
        case Op.GET_LEN: case Op.SETUP_ANNOTATIONS: case Op.PRINT_EXPR: case Op.EXTENDED_ARG:
        default:
          throw new InternalError(`opcode ${op} is not implemented`);
      }
    } finally {
      f.pc = pc; f.sp = sp;
    }
    return null;
  }

  /**
   * _PyCoro_GetAwaitableIter for GET_AWAITABLE (where: 0 await, 1 __aenter__, 2 __aexit__)
   * and GET_ANEXT (where -1): the coroutine itself, or what __await__ returned (a new reference).
   */
  private awaitable(v: PyValue, where: number): PyValue {
    const rt = this.rt;
    if (v instanceof PyGenerator && v.isCoroutine) {
      if (v.yieldFrom() !== null) raise(rt, E.RuntimeError, 'coroutine is being awaited already');
      return v;
    }
    const m = typeOf(v).lookup('__await__');
    if (m === undefined) {
      const t = typeOf(v).name;
      if (where === -1) raise(rt, E.TypeError, `'async for' received an invalid object from __anext__: ${t}`);
      if (where === 1) raise(rt, E.TypeError, `'async with' received an object from __aenter__ that does not implement __await__: ${t}`);
      if (where === 2) raise(rt, E.TypeError, `'async with' received an object from __aexit__ that does not implement __await__: ${t}`);
      raise(rt, E.TypeError, `object ${t} can't be used in 'await' expression`);
    }
    const it = rt.call(m, [v], null);
    if (it instanceof PyGenerator && it.isCoroutine) { rt.decref(it); raise(rt, E.TypeError, '__await__() returned a coroutine'); }
    if (!(it instanceof PyIter) && (typeof it !== 'object' || typeOf(it).lookup('__next__') === undefined)) {
      const t = typeOf(it).name;
      rt.decref(it);
      raise(rt, E.TypeError, `__await__() returned non-iterator of type '${t}'`);
    }
    return it;
  }

  /** How CPython names the callee in a **kwargs merge error (_PyObject_FunctionStr). */
  private callableNameForMerge(stack: (PyValue | null)[], sp: number, arg: number): string {
    const fn = stack[sp - 2 - arg];
    if (fn instanceof PyFunction) return `__main__.${fn.qualname}()`;
    if (fn instanceof PyBuiltinFunction) return `${fn.name}()`;
    if (fn instanceof PyType) return `${fn.heapType ? '__main__.' : ''}${fn.qualname}()`;
    return `${typeOf(fn as PyValue).name} object`;
  }

  /** Turn what `raise` was given into an exception instance (a new reference). */
  private makeRaisable(v: PyValue): PyBaseException {
    const rt = this.rt;
    if (v instanceof PyBaseException) {
      const cur = this.thread.excInfo;
      if (cur !== null && cur !== v && v.context === None) { cur.rc++; v.context = cur; }
      return v;
    }
    if (v instanceof PyType && isExceptionType(v)) {
      const r = this.callValue(v, [], null);
      const e = r instanceof Frame ? this.runNested(r) : r;
      rt.decref(v);
      return this.makeRaisable(e);
    }
    rt.decref(v);
    raise(rt, E.TypeError, 'exceptions must derive from BaseException');
  }

  /**
   * Find a handler for `exc` from the current frame outwards. Returns the frame
   * to continue in (its pc at the handler), or null when the exception leaves
   * the boundary (or the outermost frame).
   */
  private takeUnwound(): PyBaseException {
    const e = this.unwound as PyBaseException;
    this.unwound = null;
    return e;
  }

  /**
   * A function's frame the exception leaves: its value stack empties (the unwinding pops
   * it), but its locals and function stay, owned by the exception's traceback
   * (PyBaseException.tbFrames) until the exception is freed, as CPython's frame object
   * keeps them. The frame is never reused.
   */
  keepForTraceback(exc: PyBaseException, f: Frame): void {
    if (f.func === null) { this.dropFrame(f); return; }
    this.dropStack(f);
    (exc.tbFrames ??= []).push(f);
  }

  private unwind(exc: PyBaseException, boundary: Frame | null): Frame | null {
    const rt = this.rt;
    const th = this.thread;
    let f = th.frame as Frame;
    const reraised = (exc as { reraised?: boolean }).reraised === true;
    (exc as { reraised?: boolean }).reraised = false;
    if (!reraised) {
      const cur = th.excInfo;
      if (cur !== null && cur !== exc && exc.context === None) { cur.rc++; exc.context = cur; }
      addTraceback(exc, f);
    }
    for (;;) {
      const lasti = f.pc - 1;
      const entry = f.code.exceptiontable.find((e) => lasti >= e.start && lasti < e.end);
      if (entry !== undefined) {
        while (f.sp > entry.depth) { const v = f.stack[--f.sp]; f.stack[f.sp] = null; if (v !== null) rt.decref(v); }
        if (entry.lasti) f.stack[f.sp++] = lasti;
        f.stack[f.sp++] = exc;
        f.pc = entry.target;
        return f;
      }
      // No handler here: the frame is finished.
      const caller = f.back;
      th.frame = caller;
      th.depth--;
      f.back = null;
      if (f.gen !== null) {
        const g = f.gen as PyGenerator;
        this.leaveGenerator(g);
        const exit = f.genExit;
        g.fail(exc);
        if (exc.cls.isSubtypeOf(E.StopIteration)) exc = this.stopIterationLeaked(g, exc);
        if (exit === GenExit.CALL) rt.decref(g);
        if (exit === GenExit.NESTED || caller === null) { this.unwound = exc; return null; }
        f = caller;
        addTraceback(exc, f);
        continue;
      }
      const stop = f.ret === Ret.NESTED || f === boundary || caller === null;
      if (f.locals === null) this.keepForTraceback(exc, f); // a function's frame; module and class bodies are dropped
      else this.dropFrame(f);
      if (stop) { this.unwound = exc; return null; }
      f = caller;
      addTraceback(exc, f);
    }
  }
}

const T_OBJECT = typeOf(None).base;
const T_GENERATOR = T.generator;
const T_COROUTINE = T.coroutine;

/** A builtin inlineResumable may resume a generator with (next, or a generator's __next__ / send): looked at by the callable only. */
function mayResume(native: PyBuiltinFunction): boolean {
  return native.owner === null ? native.name === 'next' : native.owner === T_GENERATOR || native.owner === T_COROUTINE;
}
/** A class's attribute as getattr gives it (a new reference), from the instruction's cache or found and cached; undefined when getAttr must answer. */
function classAttr(f: Frame, pc: number, t: PyType, name: string): PyValue | undefined {
  const c = f.code.attrCaches[pc];
  const v = c.key === t ? c.value as PyValue : c.key2 === t ? c.value2 as PyValue : loadTypeAttr(f.code.attrCaches, pc, t, name);
  if (typeof v === 'object') v.rc++;
  return v;
}

/** True when the nearest built-in base of a class is object (or it has none): its instances are PyInstances. */
function plainObjectBase(cls: PyType): boolean {
  let base = cls.base;
  while (base !== null && base.heapType) base = base.base;
  return base === null || base === T_OBJECT;
}

/** Recursion needs a frame per level: a function keeps up to this many returned frames for its next calls. */
const MAX_SPARE_FRAMES = 64;
function keepSpare(func: PyFunction, fr: Frame): void {
  const spares = func.spareFrames;
  if (spares === null) func.spareFrames = [fr];
  else if (spares.length < MAX_SPARE_FRAMES) spares.push(fr);
}
/** Count a run of code (a call, a backward jump) and translate it once it ran often: its translation, or null. */
function warm(code: CodeObject, threshold: number): JitTable | null {
  if (code.hot < 0 || ++code.hot < threshold) return null;
  const fn = translate(code, mayResume);
  code.jit = fn;
  if (fn === null) code.hot = -1;
  return fn;
}

/** Fuel stays a small int (V8's Smi) so the per-instruction test and decrement stay cheap. */
const MAX_FUEL = 0x3fffffff;
/** Flags that need the general argument binder or a generator start. */
const SIMPLE_FLAGS_MASK = CO.VARARGS | CO.VARKEYWORDS | CO.GENERATOR | CO.COROUTINE | CO.ASYNC_GENERATOR;

function dictKeys(d: PyDict): PyValue[] {
  const out: PyValue[] = [];
  for (const k of d.map.keys()) out.push(origKeyOf(d, k));
  return out;
}

function origKeyOf(d: PyDict, nk: unknown): PyValue {
  const orig = (d as unknown as { origKeys?: Map<unknown, PyValue> }).origKeys;
  if (orig !== undefined && orig.has(nk)) return orig.get(nk) as PyValue;
  return nk as PyValue;
}

/** Unpack an iterable into exactly `before` (+ at least `after` when after >= 0) new references. */
function unpackIterable(rt: Runtime, seq: PyValue, before: number, after: number): PyValue[] {
  let items: PyValue[];
  try {
    items = collect(rt, seq);
  } catch (e) {
    if (e instanceof PyBaseException && e.cls === E.TypeError && !typeOf(seq).lookup('__iter__')) {
      rt.decref(e);
      raise(rt, E.TypeError, `cannot unpack non-iterable ${typeOf(seq).name} object`);
    }
    throw e;
  }
  if (after < 0) {
    if (items.length !== before) {
      for (const it of items) rt.decref(it);
      if (items.length < before) raise(rt, E.ValueError, `not enough values to unpack (expected ${before}, got ${items.length})`);
      raise(rt, E.ValueError, `too many values to unpack (expected ${before})`);
    }
  } else if (items.length < before + after) {
    for (const it of items) rt.decref(it);
    raise(rt, E.ValueError, `not enough values to unpack (expected at least ${before + after}, got ${items.length})`);
  }
  return items;
}

void compareBool; void PyMethod;
