/*
 * `dis` for minipy code objects: instruction records with dis.Instruction's
 * field names, and the exact text layout of CPython 3.11's dis.dis (line
 * column, `>>` jump-target markers, CACHE-counting offsets, relative jump
 * args, argrepr, exception table, nested "Disassembly of" sections).
 */

import { OPS, CMP_OPS, BINARY_OPS } from './opcodes';
import { offsets, startsLine, type CodeObject, type ConstValue } from './code';
import { frozensetConstOrder } from './frozenset-const';

export interface Positions { lineno: number | null; end_lineno: number | null; col_offset: number | null; end_col_offset: number | null }

export interface Instruction {
  opname: string;
  opcode: number;
  arg: number | null;
  argval: unknown;
  argrepr: string;
  offset: number;
  starts_line: number | null;
  is_jump_target: boolean;
  positions: Positions;
}

const HAVE_ARGUMENT = 90;
const MAKE_FUNCTION_FLAGS = ['defaults', 'kwdefaults', 'annotations', 'closure'];
const CONVERTERS = ['', 'str', 'repr', 'ascii'];
/** Stand-in addresses: stable per code object so output is reproducible. */
const addresses = new WeakMap<CodeObject, number>();
let nextAddress = 0x7f0000001000;

export function codeRepr(code: CodeObject): string {
  let a = addresses.get(code);
  if (a === undefined) { a = nextAddress; nextAddress += 0x2b0; addresses.set(code, a); }
  return `<code object ${code.co_name} at 0x${a.toString(16)}, file "${code.co_filename}", line ${code.co_firstlineno}>`;
}

export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const ax = Math.abs(x);
  let r = (ax >= 1e16 || (ax !== 0 && ax < 1e-4)) ? x.toExponential() : String(x);
  if (Object.is(x, -0)) r = '-0';
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(r);
  if (m) {
    const mant = m[1].replace(/\.0+$/, '');
    return `${mant}e${m[2]}${m[3].padStart(2, '0')}`;
  }
  return r.includes('.') ? r : `${r}.0`;
}

export function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === q || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + q;
}

/** Python's repr of a compile-time constant. */
export function constRepr(c: ConstValue): string {
  switch (c.kind) {
    case 'int': return String(c.value);
    case 'float': return floatRepr(c.value);
    case 'str': return strRepr(c.value);
    case 'bool': return c.value ? 'True' : 'False';
    case 'None': return 'None';
    case 'Ellipsis': return 'Ellipsis';
    case 'tuple': return '(' + c.items.map(constRepr).join(', ') + (c.items.length === 1 ? ',)' : ')');
    case 'frozenset': return 'frozenset({' + frozensetConstOrder(c.items).map(constRepr).join(', ') + '})';
    case 'code': return codeRepr(c.code);
  }
}

function constValue(c: ConstValue): unknown {
  switch (c.kind) {
    case 'None': return null;
    case 'Ellipsis': return '...';
    case 'tuple': case 'frozenset': return c.items.map(constValue);
    case 'code': return c.code;
    default: return c.value;
  }
}

export function instructions(code: CodeObject): Instruction[] {
  const offs = offsets(code);
  const targets = new Set<number>();
  for (let i = 0; i < code.instrs.length; i++) {
    const info = OPS[code.instrs[i] & 0xff];
    if (info && info.arg === 'jump') targets.add(code.instrs[i] >> 8);
  }
  for (const e of code.exceptiontable) targets.add(e.target);
  const out: Instruction[] = [];
  for (let i = 0; i < code.instrs.length; i++) {
    const op = code.instrs[i] & 0xff;
    const oparg = code.instrs[i] >> 8;
    const info = OPS[op]!;
    let arg: number | null = op >= HAVE_ARGUMENT ? oparg : null;
    let argval: unknown = arg;
    let argrepr = '';
    switch (info.arg) {
      case 'const': argval = constValue(code.co_consts[oparg]); argrepr = constRepr(code.co_consts[oparg]); break;
      case 'name':
        if (info.name === 'LOAD_GLOBAL') {
          argval = code.co_names[oparg >> 1];
          argrepr = (oparg & 1 ? 'NULL + ' : '') + String(argval);
        } else { argval = code.co_names[oparg]; argrepr = String(argval); }
        break;
      case 'local': case 'free': argval = code.co_localsplusnames[oparg]; argrepr = String(argval); break;
      case 'jump': {
        const target = offs[oparg];
        const next = offs[i] + 2 + 2 * info.cache;
        arg = Math.abs(target - next) / 2;
        argval = target;
        argrepr = `to ${target}`;
        break;
      }
      case 'compare': argval = CMP_OPS[oparg]; argrepr = CMP_OPS[oparg]; break;
      case 'binop': argrepr = BINARY_OPS[oparg][1]; break;
      default:
        if (info.name === 'FORMAT_VALUE') {
          argrepr = CONVERTERS[oparg & 3];
          if (oparg & 4) argrepr += (argrepr ? ', ' : '') + 'with format';
        } else if (info.name === 'MAKE_FUNCTION') {
          argrepr = MAKE_FUNCTION_FLAGS.filter((_, b) => oparg & (1 << b)).join(', ');
        }
    }
    const sl = startsLine(code, i);
    const p = (v: number): number | null => (v < 0 ? null : v);
    out.push({
      opname: info.name, opcode: info.code, arg, argval, argrepr, offset: offs[i],
      starts_line: sl < 0 ? (i === 0 && code.lines[0] === 0 ? 0 : null) : sl,
      is_jump_target: targets.has(i),
      positions: { lineno: p(code.lines[i]), end_lineno: p(code.endLines[i]), col_offset: p(code.cols[i]), end_col_offset: p(code.endCols[i]) },
    });
  }
  return out;
}

function disassembleOne(code: CodeObject): string {
  const ins = instructions(code);
  const offs = offsets(code);
  const lines: string[] = [];
  const starts = ins.filter((x) => x.starts_line !== null).map((x) => x.starts_line!);
  const maxLine = starts.length ? Math.max(...starts) : 0;
  const lw = starts.length === 0 ? 0 : maxLine >= 1000 ? String(maxLine).length : 3;
  const maxOffset = offs[code.instrs.length] - 2;
  const ow = maxOffset >= 10000 ? String(maxOffset).length : 4;
  for (const x of ins) {
    if (lw && x.starts_line !== null && x.offset > 0) lines.push('');
    const f: string[] = [];
    if (lw) f.push(x.starts_line !== null ? String(x.starts_line).padStart(lw) : ' '.repeat(lw));
    f.push('   ');
    f.push(x.is_jump_target ? '>>' : '  ');
    f.push(String(x.offset).padStart(ow));
    f.push(x.opname.padEnd(20));
    if (x.arg !== null) {
      f.push(String(x.arg).padStart(5));
      if (x.argrepr) f.push(`(${x.argrepr})`);
    }
    lines.push(f.join(' ').trimEnd());
  }
  if (code.exceptiontable.length) {
    lines.push('ExceptionTable:');
    for (const e of code.exceptiontable) {
      lines.push(`  ${offs[e.start]} to ${offs[e.end] - 2} -> ${offs[e.target]} [${e.depth}]${e.lasti ? ' lasti' : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** The text `dis.dis(code)` prints in CPython 3.11, nested code objects included. */
export function disassemble(code: CodeObject): string {
  let out = disassembleOne(code);
  for (const c of code.co_consts) {
    if (c.kind === 'code') out += `\nDisassembly of ${codeRepr(c.code)}:\n` + disassemble(c.code);
  }
  return out;
}
