/*
 * The compiler's public entry points: an AST (or source text) in, a CodeObject
 * or a CPython-style SyntaxError diagnostic out. Never throws for user programs.
 */

import type * as A from '../syntax/ast';
import type { Diagnostic } from '../index';
import type { CodeObject } from '../bytecode/code';
import { parse } from '../syntax/parser';
import { buildSymtable, SymtableError } from './symtable';
import { CodeGen, CompileError } from './codegen';

export type CompileResult = { ok: true; code: CodeObject } | { ok: false; error: Diagnostic };

export function compileModule(module: A.Module, source: string, filename: string): CompileResult {
  try {
    const st = buildSymtable(module);
    return { ok: true, code: new CodeGen(st, filename).compileModule(module) };
  } catch (e) {
    if (e instanceof CompileError || e instanceof SymtableError) {
      const n = e.node;
      const lines = source.split(/\r?\n/);
      const lineno = n ? n.lineno : 1;
      return {
        ok: false,
        error: {
          type: e instanceof CompileError ? e.type : 'SyntaxError', msg: e.msg, filename, lineno,
          offset: n ? n.col_offset + 1 : 1, end_lineno: n ? n.end_lineno : lineno,
          end_offset: n ? n.end_col_offset + 1 : 1, text: lines[lineno - 1] ?? '',
        },
      };
    }
    throw e;
  }
}

export function compileSource(source: string, filename: string): CompileResult {
  const r = parse(source, filename);
  if (!r.ok) return r;
  return compileModule(r.module, source, filename);
}
