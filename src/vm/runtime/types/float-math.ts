/*
 * Float arithmetic that needs more than JS gives (C's correctly rounded pow,
 * Python's floor division and modulo), as pure functions so the compiler's
 * constant folder and the runtime compute the same values. Errors come back
 * as [exception name, message] for the caller to raise (or not to fold).
 */

export type FloatFault = readonly ['ZeroDivisionError' | 'ValueError' | 'OverflowError', string];

const TWO52 = 2 ** 52;

/** |x| as mant * 2**exp with mant an integer (exact). */
export function decompose(x: number): [bigint, number] {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0), lo = buf.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  const frac = BigInt(hi & 0xfffff) * 4294967296n + BigInt(lo);
  if (bexp === 0) return [frac, -1074];
  return [frac + BigInt(TWO52), bexp - 1075];
}

/** x ** y as float_pow computes it, or the error it raises. */
export function floatPowResult(x: number, y: number): number | FloatFault {
  if (y === 0) return 1;
  if (x === 1) return 1;
  if (x !== x || y !== y) return NaN;
  if (!Number.isFinite(y)) {
    const ax = Math.abs(x);
    if (ax === 1) return 1;
    return (ax > 1) === (y > 0) ? Infinity : 0;
  }
  if (x === 0 && y < 0) return ['ZeroDivisionError', '0.0 cannot be raised to a negative power'];
  if (x < 0 && !Number.isInteger(y) && Number.isFinite(x)) {
    return ['ValueError', 'math domain error (complex results are not supported in minipy)'];
  }
  const r = Number.isInteger(y) && Math.abs(y) <= 1100 && x !== 0 && Number.isFinite(x) ? powIntExact(x, y) : x ** y;
  // C's pow sets ERANGE when a finite base overflows; float_pow turns that into OverflowError
  if (!Number.isFinite(r) && Number.isFinite(x)) return ['OverflowError', "(34, 'Numerical result out of range')"];
  return r;
}

/** 2**e applied in two steps so neither factor over/underflows on its own. */
function scale2(v: number, e: number): number {
  const h = Math.trunc(e / 2);
  return v * 2 ** h * 2 ** (e - h);
}

/**
 * x ** n for an integral n, correctly rounded like C's pow (JS's ** is often
 * an ulp off): the exact power of the binary value in BigInt, rounded once.
 */
function powIntExact(x: number, n: number): number {
  const [m, e] = decompose(Math.abs(x));
  const neg = x < 0 && n % 2 !== 0;
  const k = Math.abs(n);
  const M = m ** BigInt(k);
  const E = e * k;
  let r: number;
  if (n >= 0) {
    const bits = M.toString(2).length;
    const shift = bits > 64 ? bits - 64 : 0;
    // keep 64 bits plus a sticky bit so Number() rounds as the exact value would
    const top = shift > 0 ? (M >> BigInt(shift)) | ((M & ((1n << BigInt(shift)) - 1n)) !== 0n ? 1n : 0n) : M;
    r = scale2(Number(top), E + shift);
  } else {
    const K = M.toString(2).length + 66;
    const num = 1n << BigInt(K);
    const q = num / M;
    const top = q | (num % M !== 0n ? 1n : 0n);
    r = scale2(Number(top), -K - E);
  }
  return neg ? -r : r;
}

/** Python's float modulo (the sign of the divisor); y is not zero. */
export function floatModValue(x: number, y: number): number {
  let m = x % y;
  // C's `if (mod)` is true for NaN, unlike JS truthiness
  if (m !== 0) {
    if ((y < 0) !== (m < 0)) m += y;
  } else {
    m = y < 0 ? -0 : 0;
  }
  return m;
}

/** Python's float floor division (float_floor_div); y is not zero. */
export function floatFloorDivValue(x: number, y: number): number {
  let mod = x % y;
  let div = (x - mod) / y;
  if (mod !== 0) {
    if ((y < 0) !== (mod < 0)) { mod += y; div -= 1; }
  }
  if (div !== 0) {
    let fd = Math.floor(div);
    if (div - fd > 0.5) fd += 1;
    return fd;
  }
  return (x / y) < 0 || Object.is(x / y, -0) ? -0 : 0;
}
