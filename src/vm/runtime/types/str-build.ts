/*
 * Long strs built from UTF-16 code units in one buffer and decoded at once.
 * Piecing them together instead (slices, a join or a chain of +) makes one JS
 * string per piece, which the JS collector then has to sweep away.
 */

/** Node's Buffer on a little-endian machine: a Uint16Array's bytes are UTF-16LE. */
const NODE_UTF16 = typeof Buffer !== 'undefined' && new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The string of the first n units of buf (lone surrogates kept as they are). */
export function unitsToString(buf: Uint16Array, n: number): string {
  if (NODE_UTF16) return Buffer.from(buf.buffer, buf.byteOffset, 2 * n).toString('utf16le');
  const parts: string[] = [];
  for (let i = 0; i < n; i += 8192) parts.push(String.fromCharCode.apply(null, buf.subarray(i, Math.min(n, i + 8192)) as unknown as number[]));
  return parts.join('');
}

/** Below this length split/join is as quick, and allocates no buffer. */
const BUFFERED_REPLACE = 4096;

/** s with every occurrence of old (not '') replaced by rep, left to right (str.replace without a count). */
export function replaceAll(s: string, old: string, rep: string): string {
  let j = s.indexOf(old);
  if (j < 0) return s;
  if (s.length < BUFFERED_REPLACE) return s.split(old).join(rep);
  let count = 0;
  for (let k = j; k >= 0; k = s.indexOf(old, k + old.length)) count++;
  const n = s.length + count * (rep.length - old.length);
  const buf = new Uint16Array(n);
  let p = 0;
  let i = 0;
  for (; j >= 0; j = s.indexOf(old, i)) {
    for (let k = i; k < j; k++) buf[p++] = s.charCodeAt(k);
    for (let k = 0; k < rep.length; k++) buf[p++] = rep.charCodeAt(k);
    i = j + old.length;
  }
  for (let k = i; k < s.length; k++) buf[p++] = s.charCodeAt(k);
  return unitsToString(buf, n);
}
