/**
 * Exact rational numbers on bigint. A rational is a pair (num, den) in lowest terms with den > 0;
 * zero is 0/1. These functions are pure and allocate only their result.
 *
 * Every operation that could produce an enormous number checks a bit budget first, so that
 * `10^(10^10)` is refused with a clear error instead of taking all memory.
 */
import { BibunError } from './errors.js';

/** An exact rational number in lowest terms, den > 0. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

/** Largest numerator or denominator, in bits, that exact arithmetic will produce. */
export let maxRationalBits = 100_000;

/** Changes the bit budget for exact arithmetic (returns the previous value). */
export function setMaxRationalBits(bits: number): number {
  const old = maxRationalBits;
  maxRationalBits = bits;
  return old;
}

/** |a| for bigints. */
export function bigAbs(a: bigint): bigint {
  return a < 0n ? -a : a;
}

/** Greatest common divisor of two bigints (non-negative result). */
export function gcd(a: bigint, b: bigint): bigint {
  a = bigAbs(a);
  b = bigAbs(b);
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Number of bits of |a| (0 for 0). */
export function bitLength(a: bigint): number {
  if (a === 0n) return 0;
  return bigAbs(a).toString(16).length * 4;
}

function checkSize(num: bigint, den: bigint): void {
  if (bitLength(num) > maxRationalBits || bitLength(den) > maxRationalBits) {
    throw new BibunError('limit', `exact number too large (over ${maxRationalBits} bits)`);
  }
}

/** Builds num/den in lowest terms. Throws on a zero denominator. */
export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new BibunError('domain', 'division by zero');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  if (den !== 1n) {
    const g = gcd(num, den);
    if (g !== 1n) {
      num /= g;
      den /= g;
    }
  }
  checkSize(num, den);
  return { num, den };
}

/** True when r is an integer. */
export function isInteger(r: Rational): boolean {
  return r.den === 1n;
}

export function isZero(r: Rational): boolean {
  return r.num === 0n;
}

export function isOne(r: Rational): boolean {
  return r.num === 1n && r.den === 1n;
}

export function add(a: Rational, b: Rational): Rational {
  if (a.den === 1n && b.den === 1n) return rational(a.num + b.num);
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function sub(a: Rational, b: Rational): Rational {
  return add(a, neg(b));
}

export function mul(a: Rational, b: Rational): Rational {
  if (a.den === 1n && b.den === 1n) return rational(a.num * b.num);
  return rational(a.num * b.num, a.den * b.den);
}

export function neg(a: Rational): Rational {
  return { num: -a.num, den: a.den };
}

export function inv(a: Rational): Rational {
  if (a.num === 0n) throw new BibunError('domain', 'division by zero');
  return rational(a.den, a.num);
}

export function div(a: Rational, b: Rational): Rational {
  return mul(a, inv(b));
}

/**
 * a^n for an integer n. Refuses (with a `limit` error) a result whose size would exceed the bit
 * budget, before computing it.
 */
export function powInt(a: Rational, n: bigint): Rational {
  if (n === 0n) return { num: 1n, den: 1n };
  if (n < 0n) return powInt(inv(a), -n);
  if (a.num === 0n) return a;
  const bits = Math.max(bitLength(a.num), bitLength(a.den));
  // |a| = 1 never grows; otherwise the result has about bits·n bits.
  const unit = bigAbs(a.num) === 1n && a.den === 1n;
  if (!unit && BigInt(Math.max(bits - 1, 1)) * n > BigInt(maxRationalBits)) {
    throw new BibunError('limit', `exact power too large (over ${maxRationalBits} bits)`);
  }
  return rational(a.num ** n, a.den ** n);
}

/**
 * The exact k-th root of a rational, when there is one (4/9 → 2/3 for k = 2); undefined
 * otherwise. Negative radicands have odd roots only.
 */
export function exactRoot(a: Rational, k: bigint): Rational | undefined {
  if (k <= 0n) return undefined;
  if (a.num < 0n) {
    if (k % 2n === 0n) return undefined;
    const r = exactRoot(neg(a), k);
    return r && neg(r);
  }
  const n = intRoot(a.num, k);
  const d = intRoot(a.den, k);
  if (n === undefined || d === undefined) return undefined;
  return rational(n, d);
}

/** Integer k-th root of a non-negative bigint if exact. */
function intRoot(x: bigint, k: bigint): bigint | undefined {
  if (x < 2n) return x;
  // 2^k > x already: no integer root above 1 (and 1 << k would be enormous for huge k).
  if (k >= BigInt(bitLength(x))) return undefined;
  // Newton's method on integers, starting above the root.
  const kk = Number(k);
  let r = 1n << BigInt(Math.ceil(bitLength(x) / kk) + 1);
  for (;;) {
    const next = ((k - 1n) * r + x / r ** (k - 1n)) / k;
    if (next >= r) break;
    r = next;
  }
  return r ** k === x ? r : undefined;
}

/** -1, 0 or 1 as a compares to b. */
export function compare(a: Rational, b: Rational): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function sign(a: Rational): number {
  return a.num < 0n ? -1 : a.num > 0n ? 1 : 0;
}

/** The float64 value (correctly scaled also for numerators and denominators beyond 2^1024). */
export function toNumber(a: Rational): number {
  const n = Number(a.num);
  const d = Number(a.den);
  if (Number.isFinite(n) && Number.isFinite(d)) return n / d;
  // Integer quotient with 64 significant bits, then scaled by a power of two.
  const k = bitLength(a.den) - bitLength(a.num) + 64;
  const q = k >= 0 ? (a.num << BigInt(k)) / a.den : a.num / (a.den << BigInt(-k));
  return Number(q) * 2 ** -Math.min(Math.max(k, -1100), 1100);
}

/**
 * The exact rational value of a finite float64 (every double is a dyadic rational).
 */
export function fromNumber(x: number): Rational {
  if (!Number.isFinite(x)) throw new BibunError('domain', `not a finite number: ${x}`);
  if (Number.isInteger(x)) return rational(BigInt(x));
  let den = 1n;
  let v = x;
  while (!Number.isInteger(v)) {
    v *= 2;
    den *= 2n;
  }
  return rational(BigInt(v), den);
}

/**
 * Parses a decimal literal (`12`, `3.25`, `1e-3`, `2.5E+10`) to its exact value: 3.25 is 13/4.
 */
export function parseDecimal(text: string): Rational {
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[1] === '' && (m[2] === undefined || m[2] === ''))) {
    throw new BibunError('syntax', `not a number: ${text}`);
  }
  const intPart = m[1] ?? '';
  const frac = m[2] ?? '';
  const expText = m[3] ?? '0';
  if (expText.replace(/^[+-]/, '').length > 9) {
    throw new BibunError('limit', `exponent of ${text} is too large`);
  }
  const exp = Number(expText) - frac.length;
  const digits = BigInt(intPart + frac || '0');
  if (Math.abs(exp) * 3.33 > maxRationalBits) {
    throw new BibunError('limit', `number ${text} is too large for exact arithmetic`);
  }
  return exp >= 0 ? rational(digits * 10n ** BigInt(exp)) : rational(digits, 10n ** BigInt(-exp));
}

/** `3`, `-1/3` (the form the printers use). */
export function toString(a: Rational): string {
  return a.den === 1n ? a.num.toString() : `${a.num}/${a.den}`;
}
