/*
 * The VM's public face: everything outside src/vm (CLI, debug adapter, panel,
 * tests) uses only what this file exports.
 */

import { libraryFileName, libraryModuleOf } from './library-files';
export { isLibraryFile } from './library-files';
import { compileSource } from './compiler/index';
import { formatWarnings } from './compiler/warnings';
import { formatSyntaxError } from './syntax/index';
import type { CodeObject } from './bytecode/code';
import { Runtime } from './runtime/runtime';
import './runtime/types/index';
import { newDict, dictSet, type PyDict } from './runtime/types/dict';
import type { PyValue } from './runtime/object';
import { PyModule } from './runtime/instance';
import type { HolderSnap } from './snapshot-types';
import { PyBaseException } from './runtime/types/exceptions';
import { finalize } from './runtime/attributes';
import { Interpreter, InternalError } from './interp/interpreter';
import { JIT_THRESHOLD } from './interp/jit';
import { makeBuiltins, makeModules } from './interp/builtins-module';
import { formatException } from './interp/traceback';
import { PyGenerator } from './interp/generator';
import { Scheduler, type ProgramOutcome } from './interp/scheduler';
import { Machine, processHost } from './machine';
import { attachProcessHost } from './interp/mp-module';
import { MULTIPROCESSING_SOURCE } from './lib/multiprocessing';
import { HEAPQ_SOURCE } from './lib/heapq';
import { allReferences } from './session/snapshot';
import { finalizeRuntime } from './interp/shutdown';
import { attachScheduler } from './interp/thread-module';
import { ASYNCIO_SOURCE } from './lib/asyncio';
import { THREADING_SOURCE, QUEUE_SOURCE } from './lib/threading';

/** Modules minipy implements in Python, by name. */
const LIBRARY_SOURCES: Record<string, string> = {
  asyncio: ASYNCIO_SOURCE, threading: THREADING_SOURCE, queue: QUEUE_SOURCE, multiprocessing: MULTIPROCESSING_SOURCE, heapq: HEAPQ_SOURCE,
};

const LIBRARY_CODE = new Map<string, ReturnType<typeof compileSource>>();

/** The source of a library module by the filename its frames show (`<frozen asyncio>`), for a debugger to display. */
export function librarySource(filename: string): string | undefined {
  const module = libraryModuleOf(filename);
  return module === undefined ? undefined : LIBRARY_SOURCES[module];
}
import { addressOf, repr } from './runtime/types/repr';

export { compileSource as compile } from './compiler/index';
export type { CodeObject } from './bytecode/code';
export * from './snapshot-types';

/** A syntax error (or a use of something outside the language), as CPython reports it. */
export interface Diagnostic {
  /** 'SyntaxError' | 'IndentationError' | 'TabError' | 'NotSupported' */
  type: string;
  msg: string;
  filename: string;
  /** 1-based line and column, as CPython's SyntaxError.lineno / .offset. */
  lineno: number;
  offset: number;
  end_lineno: number;
  end_offset: number;
  /** The source line, without its newline. */
  text: string;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  /** 0 on success, 1 on an uncaught exception or a syntax error, as python3. */
  exitCode: number;
  /** Instructions executed. */
  steps: number;
  /** Set when the step budget ran out before the program ended. */
  budgetExhausted?: boolean;
}

/** The default heap limit: 1 GiB of Python objects (sys.getsizeof). */
export const DEFAULT_MAX_HEAP_BYTES = 1 << 30;

export interface RunOptions {
  /** Stop after this many instructions (an infinite loop guard); default unlimited. */
  maxSteps?: number;
  /**
   * Heap limit in bytes (the sum of sys.getsizeof of live objects) past which an allocation
   * raises MemoryError; default 1 GiB.
   */
  maxHeapBytes?: number;
  /** Asked as the heap grows: the bytes the host's own memory may still grow; 0 or less is MemoryError too. */
  hostHeadroom?: () => number;
  /** sys.argv[1:] */
  argv?: string[];
  /** Collect generation 0 after every allocation of a container (a test mode: no program's output may change). */
  gcStress?: boolean;
  /**
   * The second tier (interp/jit.ts): 'on' translates code to JS once it has run often (the
   * default), 'eager' at its first run (a test mode: no output or step count may change),
   * 'off' runs every instruction in the eval loop.
   */
  jit?: 'on' | 'eager' | 'off';
  /** sys.getswitchinterval() at start, virtual seconds (default 0.005). */
  switchInterval?: number;
  /** Where the GIL holder may let go: CPython 3.11's check points (default) or before every instruction as 3.9. */
  switchCheck?: '3.11' | '3.9';
  /** Seeds the scheduler's timing jitter and races (default 1): the same seed, the same run. */
  seed?: number;
  /** false: no GIL, threads run in parallel on `cores` cores (CPython 3.13t's free-threaded build). Default true. */
  gil?: boolean;
  /** Simulated cores (default 4). */
  cores?: number;
  /** Without the GIL: 'plain' (counts stay right, as if atomic), 'naive-racy' (updates can be lost), 'biased' (PEP 703). */
  refcount?: 'plain' | 'naive-racy' | 'biased';
}

/** How a child process's Program differs from the main one (multiprocessing, src/vm/machine.ts). */
interface ChildOptions {
  /** The main module's __name__: '__mp_main__' in a spawned child. */
  moduleName: string;
  pid: number;
  /** The parent's runtime: a child writes to the same stdout and stderr. */
  output: Runtime;
}

/** A program loaded into a fresh runtime, ready to run (the basis of runs and sessions). */
export class Program {
  readonly rt: Runtime;
  readonly interp: Interpreter;
  private readonly sources: Map<string, string[]>;
  readonly globals: PyDict;
  private readonly modules: Map<string, PyValue>;
  readonly builtins: PyDict;
  readonly scheduler: Scheduler;
  /** The processes, once the program starts one (multiprocessing); children share their parent's. */
  machine: Machine | null = null;
  /** A spawned child while its main module runs again: starting a process then is an error, as in CPython. */
  bootstrapping = false;
  /** Added to this process's object ids in snapshots, so ids from different heaps never meet. */
  readonly idOffset: number;
  private readonly source: string;
  private readonly options: RunOptions;

  constructor(readonly code: CodeObject, source: string, readonly filename: string, options: RunOptions = {}, child?: ChildOptions) {
    this.source = source;
    this.options = options;
    this.idOffset = child === undefined ? 0 : child.pid * 10_000_000;
    this.rt = new Runtime({ maxHeapBytes: options.maxHeapBytes ?? DEFAULT_MAX_HEAP_BYTES, recursionLimit: 1000, hostHeadroom: options.hostHeadroom });
    if (child !== undefined) { this.rt.stdout = child.output.stdout; this.rt.stderr = child.output.stderr; }
    // The compiler's SyntaxWarnings come first, as CPython prints them while compiling (a forked child does not compile).
    else if (code.warnings !== undefined && code.warnings.length > 0) this.rt.stderr.push(formatWarnings(code.warnings, filename, source));
    this.rt.gc.stress = options.gcStress === true;
    this.rt.unraisableImpl = (e, where) => this.reportUnraisable(e as PyBaseException, where);
    this.rt.finalizeImpl = (o) => (o instanceof PyGenerator ? this.closeOnFree(o) : finalize(this.rt, o));
    let interp: Interpreter | null = null;
    const builtins = makeBuiltins(this.rt, () => interp as Interpreter);
    interp = new Interpreter(this.rt, builtins);
    this.interp = interp;
    const modules = makeModules(this.rt, () => interp as Interpreter, [filename, ...(options.argv ?? [])]);
    interp.importModule = (name) => modules.get(name) ?? this.importLibrary(name);
    this.modules = modules;
    this.builtins = builtins;
    this.sources = new Map([[filename, source.split(/\r?\n/)]]);
    const globals = newDict(this.rt);
    this.globals = globals;
    dictSet(this.rt, globals, '__name__', child?.moduleName ?? '__main__');
    dictSet(this.rt, globals, '__builtins__', builtins);
    // Our reference to globals stands for the __main__ module's (its md_dict), until finalize.
    const f = interp.moduleFrame(code, globals, child === undefined);
    interp.thread.frame = f;
    interp.thread.depth = 1;
    f.depth = 1;
    if (options.switchInterval !== undefined && options.switchInterval > 0) interp.switchInterval = options.switchInterval;
    interp.checkEveryInstruction = options.switchCheck === '3.9';
    interp.jitThreshold = options.jit === 'off' ? Infinity : options.jit === 'eager' ? 1 : JIT_THRESHOLD;
    this.scheduler = new Scheduler(interp, { seed: options.seed ?? 1, gil: options.gil, cores: options.cores, refcount: options.refcount });
    attachScheduler(this.rt, interp, this.scheduler);
    attachProcessHost(this.rt, processHost(this, options.cores ?? 4));
    this.scheduler.onMainDone = (raised) => interp.mainModuleDone(code, raised);
    this.scheduler.onThreadError = (th, exc) => {
      // threading.excepthook: the thread dies, the program goes on.
      this.rt.stderr.push(`Exception in thread ${th.name}:\n${formatException(this.rt, exc, this.sources)}`);
      this.rt.decref(exc);
    };
  }

  /** PyErr_WriteUnraisable: an exception nobody can catch (a callback's, a finalizer's) goes to stderr. */
  reportUnraisable(e: PyBaseException, where: PyValue): void {
    this.rt.stderr.push(`Exception ignored in: ${safeRepr(this.rt, where)}\n${formatException(this.rt, e, this.sources)}`);
    this.rt.decref(e);
  }

  /** The program ended: atexit handlers run (weakref.finalize's among them), last registered first. */
  runAtexit(): void {
    const hooks = this.rt.atexit.splice(0);
    while (hooks.length > 0) (hooks.pop() as () => void)();
  }

  /** True once finalize ran: the __main__ module no longer holds the globals. */
  private finalized = false;

  /**
   * Py_FinalizeEx: atexit handlers, then what is still alive is finalized in CPython's
   * order (interp/shutdown.ts). `uncaught`, owned, is the exception that ended the
   * program (sys.last_value), released when the modules start to go.
   */
  finalize(uncaught: PyBaseException | null = null): void {
    if (this.finalized) return;
    this.finalized = true;
    this.interp.releaseArena(); // already gone unless the run stopped inside the main module
    this.runAtexit();
    // Without a GIL the counts may already be wrong (the racy-refcount demo): freeing by them could corrupt the report.
    if (this.scheduler.racy !== null) return;
    finalizeRuntime(this.rt, () => {
      if (uncaught !== null) this.rt.decref(uncaught);
      const dicts: PyDict[] = [this.globals];
      this.rt.decref(this.globals);
      for (const m of this.modules.values()) {
        if (!(m instanceof PyModule) || m.namespace === null) continue;
        dicts.push(m.namespace as PyDict);
        const ns = m.namespace;
        m.namespace = null;
        m.dict = new Map();
        this.rt.decref(ns);
      }
      return dicts;
    });
  }

  /** Warnings already shown, by location and text (the warnings module's "default" action shows each once). */
  private readonly warned = new Set<string>();

  /** _PyErr_WarnUnawaitedCoroutine, as the warnings module prints it on stderr. */
  private warnNeverAwaited(g: PyGenerator): void {
    const f = this.interp.thread.frame;
    const where = f === null ? 'sys:1' : `${f.code.co_filename}:${f.currentLine()}`;
    const text = `RuntimeWarning: coroutine '${g.qualname}' was never awaited`;
    if (this.warned.has(`${where}:${text}`)) return;
    this.warned.add(`${where}:${text}`);
    const src = f === null ? undefined : this.sources.get(f.code.co_filename)?.[f.currentLine() - 1];
    this.rt.stderr.push(`${where}: ${text}\n${src !== undefined ? `  ${src.trim()}\n` : ''}RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n`);
  }

  /** Run every thread (of every process) for up to `budget` more instructions of this program's own. */
  run(budget: number): ProgramOutcome {
    const stopAt = this.totalSteps() + budget;
    for (;;) {
      const left = stopAt - this.totalSteps();
      if (this.machine !== null) return this.machine.run(left);
      const out = this.scheduler.run(left);
      // The first Process was started during this run: from here on the machine runs every process.
      if (out.kind === 'idle' && this.machine !== null) continue;
      if (out.kind === 'idle') return { kind: 'deadlock', report: 'deadlock: a thread waits for another process, and there is none' };
      if (out.kind === 'budget' && this.machine !== null && left > 0) continue;
      return out;
    }
  }

  /** Instructions run so far by every process (a session's step counter: stepping and replay count them all). */
  totalSteps(): number {
    return this.machine !== null ? this.machine.totalSteps() : this.interp.steps;
  }

  /** A child process: the same program, its main module named __mp_main__, writing to the same output. */
  spawnChild(pid: number): Program {
    const child = new Program(this.code, this.source, this.filename, this.options, { moduleName: '__mp_main__', pid, output: this.rt });
    child.machine = this.machine;
    return child;
  }

  /** A module's namespace by name, for unpickling: either main module name means this process's own. */
  moduleGlobals(name: string): Map<string, PyValue> | undefined {
    if (name === '__main__' || name === '__mp_main__') return this.globals.map as Map<string, PyValue>;
    const m = this.interp.importModule(name);
    return m instanceof PyModule ? m.dict : undefined;
  }

  /** Naive-racy counts only: objects a lost DECREF left with more references counted than held, as minipy reports at exit. */
  leakReport(): string {
    const racy = this.scheduler.racy;
    if (racy === null) return '';
    const holders = new Map<object, number>();
    allReferences(this, (v) => { if (typeof v === 'object') holders.set(v, (holders.get(v) ?? 0) + 1); });
    const lines = racy.leaks((o) => holders.get(o) ?? 0);
    return lines.map((l) => `minipy: ${l}\n`).join('');
  }

  /** A module the program has (built in, or a library module once imported). */
  loadedModule(name: string): PyValue | undefined {
    return this.modules.get(name);
  }

  /** _PyGen_Finalize: close a suspended generator being freed; an error is reported, not raised. */
  private closeOnFree(g: PyGenerator): void {
    const rt = this.rt;
    if (g.isCoroutine && g.state === 'GEN_CREATED') { this.warnNeverAwaited(g); return; }
    g.rc++;
    try {
      rt.decref(g.close(rt));
    } catch (e) {
      if (!(e instanceof PyBaseException)) throw e;
      rt.stderr.push(`Exception ignored in: <${g.kind()} object ${g.qualname} at ${addressOf(g)}>\n${formatException(rt, e, this.sources)}`);
      rt.decref(e);
    }
    g.rc--;
  }

  /**
   * A library module written in Python (asyncio): compiled and run on first
   * import, in its own globals, like CPython importing a .py file.
   */
  private importLibrary(name: string): PyValue | undefined {
    const source = LIBRARY_SOURCES[name];
    if (source === undefined) return undefined;
    const filename = libraryFileName(name);
    // Code objects are plain data: compile each library once per process, share it between sessions.
    let compiled = LIBRARY_CODE.get(name);
    if (compiled === undefined) {
      compiled = compileSource(source, filename);
      LIBRARY_CODE.set(name, compiled);
    }
    if (!compiled.ok) throw new InternalError(`library ${name} does not compile: ${compiled.error.msg} (line ${compiled.error.lineno})`);
    this.sources.set(filename, source.split('\n'));
    const rt = this.rt;
    const globals = newDict(rt);
    dictSet(rt, globals, '__name__', name);
    dictSet(rt, globals, '__builtins__', this.builtins);
    const f = this.interp.moduleFrame(compiled.code, globals);
    rt.decref(this.interp.runNested(f));
    // The module's attributes are its live globals (a `global` statement inside it changes both).
    const mod = new PyModule(name, globals.map as Map<string, PyValue>);
    mod.namespace = globals; // takes over our reference
    mod.rc = 1 << 30;
    this.modules.set(name, mod);
    return mod;
  }

  /** References held by the session itself rather than by a frame or an object. */
  extraRoots(): { value: PyValue; holder: HolderSnap }[] {
    const out: { value: PyValue; holder: HolderSnap }[] = [];
    for (const c of this.interp.codeObjects()) out.push({ value: c, holder: { kind: 'const', label: `code table: ${c.code.co_qualname}` } });
    for (const v of this.interp.arenaRefs) out.push({ value: v, holder: { kind: 'const', label: 'the parser arena (until the module code ends)' } });
    out.push({ value: this.builtins, holder: { kind: 'builtin', label: 'the builtins module' } });
    if (!this.finalized) out.push({ value: this.globals, holder: { kind: 'global', label: 'the __main__ module' } });
    for (const [name, m] of this.modules) {
      if (!(m instanceof PyModule)) continue;
      if (m.namespace !== null) out.push({ value: m.namespace, holder: { kind: 'global', label: `${name}.__dict__` } });
      else for (const [k, v] of m.dict) out.push({ value: v, holder: { kind: 'global', label: `${name}.${k}` } });
    }
    return out;
  }

  formatException(e: PyBaseException): string {
    return formatException(this.rt, e, this.sources);
  }
}

/** repr() for a report, never raising. */
function safeRepr(rt: Runtime, v: PyValue): string {
  try {
    return repr(rt, v);
  } catch {
    return `<${typeof v === 'object' ? v.cls.name : typeof v} object>`;
  }
}

/** Run a whole program to completion, the way `python3 FILE` would. Never throws. */
export function runSource(source: string, filename: string, options: RunOptions = {}): RunResult {
  const compiled = compileSource(source, filename);
  if (!compiled.ok) {
    return { stdout: '', stderr: formatSyntaxError(compiled.error), exitCode: 1, steps: 0 };
  }
  let prog: Program | null = null;
  try {
    prog = new Program(compiled.code, source, filename, options);
    const out = prog.run(options.maxSteps ?? Infinity);
    const { rt } = prog;
    const stdout = () => rt.stdout.join('');
    if (out.kind === 'deadlock' || out.kind === 'fault') {
      return { stdout: stdout(), stderr: rt.stderr.join('') + `minipy: ${out.report}\n`, exitCode: 1, steps: prog.totalSteps() };
    }
    if (out.kind === 'budget') {
      return { stdout: stdout(), stderr: rt.stderr.join('') + `minipy: stopped after ${prog.totalSteps()} steps (the step budget)\n`, exitCode: 2, steps: prog.totalSteps(), budgetExhausted: true };
    }
    if (out.kind === 'error') {
      rt.stderr.push(prog.formatException(out.exc));
      prog.finalize(out.exc);
      return { stdout: stdout(), stderr: rt.stderr.join(''), exitCode: 1, steps: prog.totalSteps() };
    }
    const leaks = prog.leakReport();
    prog.finalize();
    return { stdout: stdout(), stderr: rt.stderr.join('') + leaks, exitCode: 0, steps: prog.totalSteps() };
  } catch (e) {
    const steps = prog?.totalSteps() ?? 0;
    const detail = e instanceof Error ? e.message : String(e);
    const kind = e instanceof InternalError ? 'internal error' : 'internal error';
    return {
      stdout: prog ? prog.rt.stdout.join('') : '',
      stderr: (prog ? prog.rt.stderr.join('') : '') + `minipy: ${kind} at step ${steps}: ${detail}\n`,
      exitCode: 70, steps,
    };
  }
}

export { Session } from './session/session';
export type { SessionPosition, SessionSignal, DisRow } from './session/session';
