/*
 * The bytecode VS Code's Disassembly view shows: every code object of a
 * compiled program, laid out by the compiler's own `dis` (so offsets, names
 * and argument text are the ones `python3 -m dis` prints), indexed by the key
 * a frame names (FrameSnap.codeKey).
 */

import type { CodeObject } from '../../vm/bytecode/code';
import { instructions } from '../../vm/bytecode/dis';
import type { DisLine } from './vm-port';

/**
 * The key a frame's codeKey is matched against: qualified name and first line,
 * unique within one source file ("<module>:1", "A.method:7").
 */
export function codeKeyOf(code: CodeObject): string {
  return `${code.co_qualname}:${code.co_firstlineno}`;
}

export function disLines(code: CodeObject): DisLine[] {
  let line = -1;
  return instructions(code).map((ins) => {
    // dis leaves positions empty on CACHE-free artificial instructions; carry the last line like dis's listing.
    if (ins.positions.lineno !== null) line = ins.positions.lineno;
    return { offset: ins.offset, opname: ins.opname, arg: ins.arg, argrepr: ins.argrepr, line, startsLine: ins.starts_line ?? undefined };
  });
}

/** Every code object reachable from the module's constants, by key, disassembled on first use. */
export class DisassemblyIndex {
  private readonly codes = new Map<string, CodeObject>();
  private readonly cache = new Map<string, DisLine[]>();

  constructor(module: CodeObject) {
    const walk = (c: CodeObject) => {
      this.codes.set(codeKeyOf(c), c);
      for (const k of c.co_consts) if (k.kind === 'code') walk(k.code);
    };
    walk(module);
  }

  get(codeKey: string): DisLine[] | undefined {
    let rows = this.cache.get(codeKey);
    if (rows) return rows;
    const code = this.codes.get(codeKey) ?? [...this.codes.values()].find((c) => c.co_qualname === codeKey);
    if (!code) return undefined;
    rows = disLines(code);
    this.cache.set(codeKey, rows);
    return rows;
  }

  keys(): string[] {
    return [...this.codes.keys()];
  }
}
