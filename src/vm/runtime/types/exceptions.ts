/*
 * Exceptions: the PyBaseException value (thrown with a plain JS `throw`, no JS
 * Error, so no stack capture) and the built-in exception types with CPython's
 * hierarchy. User subclasses of BaseException are instances of the same class
 * with a heap `cls`; the interpreter creates them through excConstruct.
 */

import { PyObject, PyType, type NativeFn, type PyValue, type Visit } from '../object';
import type { Runtime } from '../runtime';
import { T } from '../builtin-types';
import { PyTuple, newTuple } from './tuple';
import { None } from './singletons';

/**
 * A function's frame the exception left. Its traceback keeps the frame, and with it the
 * frame's locals and function, alive (CPython's frame object takes them over when the
 * frame exits), until the exception is freed: a saved exception keeps a failed call's
 * locals alive, and they are freed when the handler lets go of it.
 */
export interface TracebackFrame {
  readonly code: { readonly co_name: string; readonly co_localsplusnames: readonly string[] };
  readonly lp: (PyValue | undefined)[];
  readonly func: PyValue | null;
}

export class PyBaseException extends PyObject {
  cls: PyType;
  /** The args tuple (owned). */
  args: PyTuple;
  /** __traceback__: filled by the interpreter (a traceback object or None). */
  traceback: PyValue = None;
  /** __cause__ (raise ... from X) and __context__ (owned; None when absent). */
  cause: PyValue = None;
  context: PyValue = None;
  suppressContext = false;
  /** Instance attributes set by user code or subclasses (e.g. StopIteration.value). */
  attrs: Map<string, PyValue> | null = null;
  /** True once __del__ has run (PEP 442), for the interpreter. */
  finalized = false;
  /** The frames it passed through, outermost first (interp/traceback.ts's entries); null until it leaves one. */
  tbEntries: object[] | null = null;
  /** Frames it left, innermost first, whose locals and function its traceback owns (TracebackFrame). */
  tbFrames: TracebackFrame[] | null = null;

  constructor(cls: PyType, args: PyTuple) {
    super();
    this.cls = cls;
    this.args = args;
  }
  override traverse(visit: Visit): void {
    if (this.cls.heapType) visit(this.cls, '__class__');
    visit(this.args, 'args');
    if (this.traceback !== None) visit(this.traceback, '__traceback__');
    if (this.cause !== None) visit(this.cause, '__cause__');
    if (this.context !== None) visit(this.context, '__context__');
    if (this.attrs !== null) for (const [k, v] of this.attrs) visit(v, `.${k}`);
    if (this.tbFrames !== null) {
      for (const f of this.tbFrames) {
        const names = f.code.co_localsplusnames;
        for (let i = 0; i < f.lp.length; i++) {
          const v = f.lp[i];
          if (v !== undefined) visit(v, `__traceback__: ${f.code.co_name}'s ${names[i]}`);
        }
        if (f.func !== null) visit(f.func, `__traceback__: ${f.code.co_name}'s f_func`);
      }
    }
  }
  override get gcContainer(): boolean { return true; }
  override isFinalized(): boolean { return this.finalized; }
  override needsFinalize(): boolean { return false; }
  /** BaseException_clear: everything but the class. */
  override gcClear(rt: Runtime): void {
    const { args, traceback, cause, context, attrs, tbFrames } = this;
    this.args = EMPTY_ARGS;
    this.traceback = None;
    this.cause = None;
    this.context = None;
    this.attrs = null;
    this.tbFrames = null;
    rt.decref(args);
    rt.decref(traceback);
    // tb_dealloc releases tb_next before tb_frame: the innermost frame's locals go first.
    if (tbFrames !== null) for (const f of tbFrames) releaseFrame(rt, f);
    rt.decref(cause);
    rt.decref(context);
    if (attrs !== null) for (const v of attrs.values()) rt.decref(v);
  }
  override clear(rt: Runtime): void {
    this.gcClear(rt);
    if (this.cls.heapType) rt.decref(this.cls);
  }
}

/** A kept frame's locals, in order, then its function (frame_dealloc). */
function releaseFrame(rt: Runtime, f: TracebackFrame): void {
  const lp = f.lp;
  for (let i = 0; i < lp.length; i++) {
    const v = lp[i];
    if (v !== undefined) { lp[i] = undefined; rt.decref(v); }
  }
  if (f.func !== null) rt.decref(f.func);
}

const EMPTY_ARGS = new PyTuple([]);
EMPTY_ARGS.rc = 1 << 30;

function excType(name: string, base: PyType | null): PyType {
  const t = new PyType(T.type, name, base ?? T.object, false);
  t.construct = (rt, args, kwnames) => {
    if (kwnames !== null && kwnames.length > 0) {
      raise(rt, E.TypeError, `${name}() takes no keyword arguments`);
    }
    return excConstruct(rt, t, args);
  };
  return t;
}

const BaseException = excType('BaseException', null);
const Exception = excType('Exception', BaseException);
const ArithmeticError = excType('ArithmeticError', Exception);
const LookupError = excType('LookupError', Exception);
const NameError = excType('NameError', Exception);
const RuntimeError = excType('RuntimeError', Exception);
const ImportError = excType('ImportError', Exception);
const ValueError = excType('ValueError', Exception);
const OSError = excType('OSError', Exception);

/** Every built-in exception type, by name. */
export const E = {
  BaseException,
  Exception,
  StopIteration: excType('StopIteration', Exception),
  StopAsyncIteration: excType('StopAsyncIteration', Exception),
  GeneratorExit: excType('GeneratorExit', BaseException),
  KeyboardInterrupt: excType('KeyboardInterrupt', BaseException),
  SystemExit: excType('SystemExit', BaseException),
  ArithmeticError,
  ZeroDivisionError: excType('ZeroDivisionError', ArithmeticError),
  OverflowError: excType('OverflowError', ArithmeticError),
  FloatingPointError: excType('FloatingPointError', ArithmeticError),
  LookupError,
  IndexError: excType('IndexError', LookupError),
  KeyError: excType('KeyError', LookupError),
  ValueError,
  UnicodeError: excType('UnicodeError', ValueError),
  TypeError: excType('TypeError', Exception),
  NameError,
  UnboundLocalError: excType('UnboundLocalError', NameError),
  AttributeError: excType('AttributeError', Exception),
  RuntimeError,
  RecursionError: excType('RecursionError', RuntimeError),
  NotImplementedError: excType('NotImplementedError', RuntimeError),
  AssertionError: excType('AssertionError', Exception),
  MemoryError: excType('MemoryError', Exception),
  ImportError,
  ModuleNotFoundError: excType('ModuleNotFoundError', ImportError),
  OSError,
  TimeoutError: excType('TimeoutError', OSError),
  BufferError: excType('BufferError', Exception),
  EOFError: excType('EOFError', Exception),
};
export type ExcName = keyof typeof E;

/** sys.getsizeof of an instance of the exception class `type`. */
export function exceptionSize(type: PyType): number {
  const base = type.isSubtypeOf(E.StopIteration) ? 96 : 88;
  return type.heapType ? Math.max(base, 96) : base;
}

/** Build an exception of `type` (built-in or user subclass) from borrowed args. New reference. */
export function excConstruct(rt: Runtime, type: PyType, args: PyValue[]): PyBaseException {
  for (let i = 0; i < args.length; i++) { const a = args[i]; if (typeof a === 'object') a.rc++; }
  const e = rt.trackSized(new PyBaseException(type, newTuple(rt, args.slice())), exceptionSize(type), true);
  if (type.heapType) type.rc++;
  e.rc = 1;
  if (type.isSubtypeOf(E.StopIteration)) {
    const v = args.length > 0 ? args[0] : None;
    if (typeof v === 'object') v.rc++;
    (e.attrs ??= new Map()).set('value', v);
  }
  return e;
}

/** New reference to an exception instance. */
export function newException(rt: Runtime, type: PyType, args: PyValue[]): PyBaseException {
  return excConstruct(rt, type, args);
}

/** Raise `type(msg)` (or `type()` when msg is undefined). Throws the exception object itself. */
export function raise(rt: Runtime, type: PyType, msg?: string): never {
  throw excConstruct(rt, type, msg === undefined ? [] : [msg]);
}

/** Raise a KeyError whose argument is the key itself (str() shows its repr). */
export function raiseKeyError(rt: Runtime, key: PyValue): never {
  throw excConstruct(rt, E.KeyError, [key]);
}

/** Raise StopIteration(value) (value borrowed). */
export function raiseStopIteration(rt: Runtime, value?: PyValue): never {
  throw excConstruct(rt, E.StopIteration, value === undefined ? [] : [value]);
}

export function isInstanceOfExc(v: unknown, type: PyType): v is PyBaseException {
  return v instanceof PyBaseException && v.cls.isSubtypeOf(type);
}

/** True for a type deriving from BaseException. */
export function isExceptionType(t: PyType): boolean {
  return t.isSubtypeOf(BaseException);
}

/** CHECK_EXC_MATCH: does `except t` catch e (t a class or a tuple of them)? TypeError when t is no exception class. */
export function excMatches(rt: Runtime, e: PyBaseException, t: PyValue): boolean {
  if (t instanceof PyTuple) return t.items.some((x) => excMatches(rt, e, x));
  if (!(t instanceof PyType) || !isExceptionType(t)) {
    raise(rt, E.TypeError, 'catching classes that do not inherit from BaseException is not allowed');
  }
  return e.cls.isSubtypeOf(t);
}

/** StopIteration.value (borrowed), None when absent. */
export function stopIterationValue(e: PyBaseException): PyValue {
  return e.attrs?.get('value') ?? None;
}

export const excConstructFn: NativeFn = (rt, args) => {
  const t = args[0];
  if (!(t instanceof PyType)) raise(rt, E.TypeError, 'expected a type');
  return excConstruct(rt, t, args.slice(1));
};
