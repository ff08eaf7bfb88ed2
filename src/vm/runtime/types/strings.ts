/*
 * Code-point-aware helpers for JS (UTF-16) strings. Python indexes code
 * points; the fast path is a string with no surrogates (then code units are
 * code points). The last string checked is cached, so loops over one big
 * string don't rescan it.
 */

const SURR = /[\ud800-\udfff]/;
let lastStr = '';
let lastAstral = false;

/** True when the string contains surrogates (so UTF-16 indexes differ from code points). */
export function isAstral(s: string): boolean {
  if (s.length < 16) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdfff) return true;
    }
    return false;
  }
  if (s === lastStr) return lastAstral;
  lastStr = s;
  lastAstral = SURR.test(s);
  return lastAstral;
}

/**
 * Python's str ordering, by code points: -1, 0 or 1. JS's < compares UTF-16 units,
 * which puts an astral character (a surrogate pair) before U+E000..U+FFFF.
 */
export function compareStr(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x === y) continue;
    // exactly one is a surrogate and the other above it: the surrogate starts a larger code point
    if (x >= 0xd800 && y >= 0xd800 && (x < 0xe000) !== (y < 0xe000)) return x < 0xe000 ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

/** len() of a str in code points. */
export function strLen(s: string): number {
  if (!isAstral(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) i++;
    }
    n++;
  }
  return n;
}

/** The code points of a str as an array of one-code-point strings. */
export function codePoints(s: string): string[] {
  return Array.from(s);
}

/** The largest code point in s (for sys.getsizeof's kind selection). */
export function maxCodePoint(s: string): number {
  let m = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c > m) m = c;
  }
  return m;
}
