/*
 * String literal decoding: splits a raw STRING token into prefix, quote and
 * body, and decodes backslash escapes the way CPython 3.11 does (unknown
 * escapes such as \d are kept verbatim, as CPython keeps them with only a
 * warning). \N{...} needs the Unicode name table, which minipy leaves out:
 * it is reported as NotSupported.
 */

export interface RawString {
  prefix: string;
  isRaw: boolean;
  isF: boolean;
  /** Offset of the body (after the opening quotes) relative to the token start. */
  bodyStart: number;
  body: string;
}

export function splitString(raw: string): RawString {
  let i = 0;
  while (raw[i] !== '"' && raw[i] !== "'") i++;
  const prefix = raw.slice(0, i).toLowerCase();
  const q = raw[i];
  const triple = raw[i + 1] === q && raw[i + 2] === q && raw.length >= i + 6;
  const ql = triple ? 3 : 1;
  return {
    prefix,
    isRaw: prefix.includes('r'),
    isF: prefix.includes('f'),
    bodyStart: i + ql,
    body: raw.slice(i + ql, raw.length - ql),
  };
}

/** A decoding problem: message and index in the body where it starts. */
export class EscapeError {
  constructor(readonly msg: string, readonly notSupported: boolean) {}
}

const SIMPLE: Record<string, string> = {
  '\n': '', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/** Decode backslash escapes of a non-raw body. Throws EscapeError. */
export function decodeEscapes(body: string): string {
  if (body.indexOf('\\') < 0) return normaliseNewlines(body);
  let out = '';
  let i = 0;
  const n = body.length;
  while (i < n) {
    const c = body[i];
    if (c !== '\\') {
      if (c === '\r') { out += '\n'; if (body[i + 1] === '\n') i++; i++; continue; }
      out += c;
      i++;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) { out += '\\'; i++; continue; }
    if (e === '\r') { i += body[i + 2] === '\n' ? 3 : 2; continue; }
    const simple = SIMPLE[e];
    if (simple !== undefined) { out += simple; i += 2; continue; }
    if (e >= '0' && e <= '7') {
      let j = i + 1;
      let v = 0;
      while (j < n && j < i + 4 && body[j] >= '0' && body[j] <= '7') { v = v * 8 + (body.charCodeAt(j) - 48); j++; }
      out += String.fromCodePoint(v);
      i = j;
      continue;
    }
    if (e === 'x' || e === 'u' || e === 'U') {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + len);
      if (hex.length < len || !/^[0-9a-fA-F]+$/.test(hex)) {
        throw new EscapeError(`(unicode error) 'unicodeescape' codec can't decode bytes in position ${i}-${i + 1 + countHex(body, i + 2, len)}: truncated \\${e}${'X'.repeat(len)} escape`, false);
      }
      const v = parseInt(hex, 16);
      if (v > 0x10ffff) {
        throw new EscapeError(`(unicode error) 'unicodeescape' codec can't decode bytes in position ${i}-${i + 1 + len}: illegal Unicode character`, false);
      }
      out += String.fromCodePoint(v);
      i += 2 + len;
      continue;
    }
    if (e === 'N') {
      throw new EscapeError('\\N{...} escapes (Unicode character names) are not supported in minipy', true);
    }
    // Unknown escape: CPython keeps the backslash (with a DeprecationWarning).
    out += '\\';
    i++;
  }
  return out;
}

function countHex(body: string, from: number, max: number): number {
  let k = 0;
  while (k < max && /[0-9a-fA-F]/.test(body[from + k] ?? '')) k++;
  return k;
}

export function normaliseNewlines(s: string): string {
  return s.indexOf('\r') < 0 ? s : s.replace(/\r\n?/g, '\n');
}
