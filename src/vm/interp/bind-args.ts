/*
 * Binding a call's arguments to a Python function's parameters, with
 * CPython's error messages (Python/ceval.c initialize_locals and
 * missing_arguments / too_many_positional). Arguments arrive as owned
 * references and are moved into the frame's slots; on error every reference
 * is dropped before the TypeError is raised.
 */

import { CO, type CodeObject } from '../bytecode/code';
import type { PyValue } from '../runtime/object';
import type { Runtime } from '../runtime/runtime';
import type { PyFunction } from '../runtime/function';
import { E, raise } from '../runtime/types/exceptions';
import { newTuple } from '../runtime/types/tuple';
import { newDict, dictSet, dictGet, PyDict } from '../runtime/types/dict';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function listNames(names: string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length === 1) return q[0];
  if (q.length === 2) return `${q[0]} and ${q[1]}`;
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
}

function dropAll(rt: Runtime, lp: (PyValue | undefined)[], rest: PyValue[]): void {
  for (const v of lp) if (v !== undefined) rt.decref(v);
  lp.fill(undefined);
  for (const v of rest) rt.decref(v);
}

/** Fill `lp` from `args` (positional, then keyword values named by kwnames). All owned. */
export function bindArgs(rt: Runtime, func: PyFunction, lp: (PyValue | undefined)[], args: PyValue[], kwnames: readonly string[] | null): void {
  const code: CodeObject = func.code;
  const nkw = kwnames === null ? 0 : kwnames.length;
  const npos = args.length - nkw;
  const argc = code.co_argcount;
  const kwonly = code.co_kwonlyargcount;
  const hasVarargs = (code.co_flags & CO.VARARGS) !== 0;
  const hasVarkw = (code.co_flags & CO.VARKEYWORDS) !== 0;
  const fname = func.qualname;
  const total = argc + kwonly;
  let kwdict: PyDict | null = null;
  if (hasVarkw) {
    kwdict = newDict(rt);
    lp[total + (hasVarargs ? 1 : 0)] = kwdict;
  }
  const n = Math.min(npos, argc);
  for (let i = 0; i < n; i++) lp[i] = args[i];
  if (hasVarargs) {
    lp[total] = newTuple(rt, args.slice(n, npos));
  } else if (npos > argc) {
    const defaults = func.defaults ? func.defaults.items.length : 0;
    let given = 0;
    for (let j = 0; j < nkw; j++) if (code.co_varnames.indexOf((kwnames as string[])[j]) >= argc) given++;
    const takes = defaults ? `from ${argc - defaults} to ${argc}` : `${argc}`;
    const kwpart = given ? ` positional argument${npos === 1 ? '' : 's'} (and ${plural(given, 'keyword-only argument')})` : '';
    const msg = given
      ? `${fname}() takes ${takes} positional argument${argc === 1 && !defaults ? '' : 's'} but ${npos}${kwpart} were given`
      : `${fname}() takes ${takes} positional argument${argc === 1 && !defaults ? '' : 's'} but ${npos} ${npos === 1 ? 'was' : 'were'} given`;
    dropAll(rt, lp, args.slice(n));
    raise(rt, E.TypeError, msg);
  }
  for (let j = 0; j < nkw; j++) {
    const name = (kwnames as string[])[j];
    const value = args[npos + j];
    let idx = -1;
    for (let i = code.co_posonlyargcount; i < total; i++) {
      if (code.co_localsplusnames[i] === name) { idx = i; break; }
    }
    if (idx < 0) {
      if (kwdict !== null) {
        dictSet(rt, kwdict, name, value);
        rt.decref(value);
        continue;
      }
      dropAll(rt, lp, args.slice(npos + j));
      // positional_only_passed_as_keyword: every positional-only parameter named by a keyword, in parameter order
      const posonly = code.co_localsplusnames.slice(0, code.co_posonlyargcount).filter((p) => (kwnames as string[]).includes(p));
      raise(rt, E.TypeError, posonly.length > 0
        ? `${fname}() got some positional-only arguments passed as keyword arguments: '${posonly.join(', ')}'`
        : `${fname}() got an unexpected keyword argument '${name}'`);
    }
    if (lp[idx] !== undefined) {
      dropAll(rt, lp, args.slice(npos + j));
      raise(rt, E.TypeError, `${fname}() got multiple values for argument '${name}'`);
    }
    lp[idx] = value;
  }
  // Defaults for missing positional parameters.
  const defaults = func.defaults ? func.defaults.items : [];
  const firstDefault = argc - defaults.length;
  const missing: string[] = [];
  for (let i = 0; i < argc; i++) {
    if (lp[i] !== undefined) continue;
    if (i >= firstDefault) {
      const d = defaults[i - firstDefault];
      if (typeof d === 'object') d.rc++;
      lp[i] = d;
    } else {
      missing.push(code.co_localsplusnames[i]);
    }
  }
  if (missing.length) {
    dropAll(rt, lp, []);
    raise(rt, E.TypeError, `${fname}() missing ${plural(missing.length, 'required positional argument')}: ${listNames(missing)}`);
  }
  const kwmissing: string[] = [];
  for (let i = argc; i < total; i++) {
    if (lp[i] !== undefined) continue;
    const name = code.co_localsplusnames[i];
    const d = func.kwdefaults ? dictGet(rt, func.kwdefaults, name) : undefined;
    if (d !== undefined) {
      if (typeof d === 'object') d.rc++;
      lp[i] = d;
    } else {
      kwmissing.push(name);
    }
  }
  if (kwmissing.length) {
    dropAll(rt, lp, []);
    raise(rt, E.TypeError, `${fname}() missing ${plural(kwmissing.length, 'required keyword-only argument')}: ${listNames(kwmissing)}`);
  }
}
