/*
 * The VM's public face: everything outside src/vm (CLI, debug adapter, panel,
 * tests) uses only what this file exports. CONTRACT SKELETON: the interpreter
 * fills in the bodies; the signatures are what the CLI, the extension and
 * the conformance runner code against.
 */

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

export interface RunOptions {
  /** Stop after this many instructions (an infinite loop guard); default unlimited. */
  maxSteps?: number;
  /** Heap limit in bytes before MemoryError; default 1 GiB. */
  maxHeapBytes?: number;
  /** sys.argv[1:] */
  argv?: string[];
}

/** Run a whole program to completion, the way `python3 FILE` would. Never throws. */
export function runSource(_source: string, _filename: string, _options: RunOptions = {}): RunResult {
  throw new Error('runSource: not implemented yet');
}
