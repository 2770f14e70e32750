/**
 * Interval arithmetic on dyadic numbers (bigint mantissa times a power of two), the ground of
 * certified numerics (`N(e, digits)`).
 *
 * A {@link Dyadic} is `m·2^e` exactly. An {@link Interval} `[lo, hi]` encloses a real number;
 * every operation here returns an interval that contains every result of the operation applied
 * to numbers of its argument intervals (outward rounding to `p` significant bits). Nothing is
 * estimated: a digit printed from an enclosure whose two ends round to the same decimal is
 * correct. Operations that cannot decide (a divisor interval that contains 0, a logarithm of an
 * interval that reaches 0) throw {@link Undecided}; the caller retries at a higher precision.
 */
import { BibunError } from '../base/errors.js';
import type { Rational } from '../base/rational.js';

/**
 * The exact number of bits of |x| (0 for 0). (rational.ts's `bitLength` is a cheap bound in
 * whole hex digits; reductions here need the exact value.) Radix 32 keeps the string short.
 */
export function bitLength(x: bigint): number {
  if (x < 0n) x = -x;
  if (x < 0x100000000n) return 32 - Math.clz32(Number(x));
  const s = x.toString(32);
  return (s.length - 1) * 5 + 32 - Math.clz32(Number.parseInt(s[0], 32));
}

/** The exact number `m·2^e`. */
export interface Dyadic {
  readonly m: bigint;
  readonly e: number;
}

/** The reals from `lo` to `hi` (lo ≤ hi). */
export interface Interval {
  readonly lo: Dyadic;
  readonly hi: Dyadic;
}

/** Rounding direction: toward −∞ or toward +∞. */
export type Direction = 'down' | 'up';

/** An enclosure too wide to decide a sign or a domain; retrying at a higher precision may help. */
export class Undecided extends Error {
  constructor(readonly what: string) {
    super(what);
    this.name = 'Undecided';
  }
}

/** The dyadic 0. */
export const DZERO: Dyadic = Object.freeze({ m: 0n, e: 0 });

/** The exact dyadic `m·2^e`. */
export function dyadic(m: bigint, e = 0): Dyadic {
  return m === 0n ? DZERO : { m, e };
}

/** `|x| < 2^top(x)` (and `|x| ≥ 2^(top(x)-1)`); −∞ for 0. */
export function top(x: Dyadic): number {
  return x.m === 0n ? -Infinity : bitLength(x.m) + x.e;
}

/** -1, 0 or 1. */
export function dsign(x: Dyadic): number {
  return x.m < 0n ? -1 : x.m > 0n ? 1 : 0;
}

/** `x` to at most `p` significant bits, rounded in direction `dir`. */
export function round(x: Dyadic, p: number, dir: Direction): Dyadic {
  const shift = bitLength(x.m) - p;
  if (shift <= 0) return x;
  const s = BigInt(shift);
  let m = x.m >> s; // floor, also for negative m
  if (dir === 'up' && m << s !== x.m) m += 1n;
  return dyadic(m, x.e + shift);
}

function align(a: Dyadic, b: Dyadic): [bigint, bigint, number] {
  if (a.e === b.e) return [a.m, b.m, a.e];
  if (a.e > b.e) return [a.m << BigInt(a.e - b.e), b.m, b.e];
  return [a.m, b.m << BigInt(b.e - a.e), a.e];
}

/** `a + b` rounded to `p` bits in direction `dir`. */
export function dadd(a: Dyadic, b: Dyadic, p: number, dir: Direction): Dyadic {
  if (a.m === 0n) return round(b, p, dir);
  if (b.m === 0n) return round(a, p, dir);
  // A term far below the other's last kept bit only nudges the rounding: replace it by a bound
  // on the safe side (0, or a power of two at least as large), so the alignment stays small.
  const ta = top(a);
  const tb = top(b);
  if (tb < ta - p - 4) return nudge(a, b, ta - p - 4, p, dir);
  if (ta < tb - p - 4) return nudge(b, a, tb - p - 4, p, dir);
  const [x, y, e] = align(a, b);
  return round(dyadic(x + y, e), p, dir);
}

function nudge(big: Dyadic, small: Dyadic, k: number, p: number, dir: Direction): Dyadic {
  const s = dsign(small);
  if ((dir === 'down' && s > 0) || (dir === 'up' && s < 0)) return round(big, p, dir);
  const [x, y, e] = align(big, dyadic(BigInt(s), k));
  return round(dyadic(x + y, e), p, dir);
}

/** `a·b` rounded. */
export function dmul(a: Dyadic, b: Dyadic, p: number, dir: Direction): Dyadic {
  return round(dyadic(a.m * b.m, a.e + b.e), p, dir);
}

/** `a / b` rounded (b ≠ 0). */
export function ddiv(a: Dyadic, b: Dyadic, p: number, dir: Direction): Dyadic {
  if (a.m === 0n) return DZERO;
  const s = Math.max(0, p + 2 + bitLength(b.m) - bitLength(a.m));
  const n = a.m << BigInt(s);
  let q = n / b.m; // truncates toward 0
  const exact = q * b.m === n;
  if (!exact) {
    const negative = a.m < 0n !== b.m < 0n;
    if (negative && dir === 'down') q -= 1n;
    if (!negative && dir === 'up') q += 1n;
  }
  return round(dyadic(q, a.e - s - b.e), p, dir);
}

/** `x·2^k` (exact). */
export function dscale(x: Dyadic, k: number): Dyadic {
  return x.m === 0n ? DZERO : { m: x.m, e: x.e + k };
}

/** `-x`. */
export function dneg(x: Dyadic): Dyadic {
  return x.m === 0n ? DZERO : { m: -x.m, e: x.e };
}

/** -1, 0, 1 as a compares to b. */
export function dcompare(a: Dyadic, b: Dyadic): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Floor of the square root of a non-negative bigint. */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('isqrt of a negative number');
  if (n < 2n) return n;
  // A float estimate of the top bits, scaled back, is a start just above the root; Newton's
  // iteration from above decreases monotonically to the floor.
  const bits = bitLength(n);
  const shift = Math.max(0, bits - 52) & ~1;
  const head = Number(n >> BigInt(shift));
  let x = (BigInt(Math.ceil(Math.sqrt(head))) + 1n) << BigInt(shift / 2);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** `√x` rounded (x ≥ 0). */
export function dsqrt(x: Dyadic, p: number, dir: Direction): Dyadic {
  if (x.m === 0n) return DZERO;
  let s = Math.max(0, 2 * p + 4 - bitLength(x.m));
  if ((x.e - s) % 2 !== 0) s += 1;
  const n = x.m << BigInt(s);
  let r = isqrt(n);
  if (dir === 'up' && r * r !== n) r += 1n;
  return round(dyadic(r, (x.e - s) / 2), p, dir);
}

/** The exact value of a dyadic as a rational. */
export function dyadicToRational(x: Dyadic): Rational {
  if (x.e >= 0) return { num: x.m << BigInt(x.e), den: 1n };
  let m = x.m;
  let e = x.e;
  while (e < 0 && (m & 1n) === 0n && m !== 0n) {
    m >>= 1n;
    e += 1;
  }
  return m === 0n ? { num: 0n, den: 1n } : { num: m, den: 1n << BigInt(-e) };
}

// ---------------------------------------------------------------------------------------------
// Intervals.

/** The interval holding exactly `x`. */
export function point(x: Dyadic): Interval {
  return { lo: x, hi: x };
}

/** The exact interval of an integer. */
export function ofInt(n: bigint | number): Interval {
  return point(dyadic(BigInt(n)));
}

/** An enclosure of a rational to `p` bits (exact when the rational is dyadic and short). */
export function ofRational(q: Rational, p: number): Interval {
  if (q.den === 1n)
    return { lo: round(dyadic(q.num), p, 'down'), hi: round(dyadic(q.num), p, 'up') };
  const a = dyadic(q.num);
  const b = dyadic(q.den);
  return { lo: ddiv(a, b, p, 'down'), hi: ddiv(a, b, p, 'up') };
}

/** True when the interval is one number. */
export function isPoint(x: Interval): boolean {
  return dcompare(x.lo, x.hi) === 0;
}

/** The sign of every number of `x`, or undefined when `x` holds numbers of both signs or 0. */
export function isign(x: Interval): -1 | 0 | 1 | undefined {
  if (x.lo.m > 0n) return 1;
  if (x.hi.m < 0n) return -1;
  if (x.lo.m === 0n && x.hi.m === 0n) return 0;
  return undefined;
}

/** `a + b`. */
export function iadd(a: Interval, b: Interval, p: number): Interval {
  return { lo: dadd(a.lo, b.lo, p, 'down'), hi: dadd(a.hi, b.hi, p, 'up') };
}

/** `-a`. */
export function ineg(a: Interval): Interval {
  return { lo: dneg(a.hi), hi: dneg(a.lo) };
}

/** `a - b`. */
export function isub(a: Interval, b: Interval, p: number): Interval {
  return iadd(a, ineg(b), p);
}

/** `a·b`. */
export function imul(a: Interval, b: Interval, p: number): Interval {
  if (a.lo.m >= 0n && b.lo.m >= 0n) {
    return { lo: dmul(a.lo, b.lo, p, 'down'), hi: dmul(a.hi, b.hi, p, 'up') };
  }
  const ends = [
    [a.lo, b.lo],
    [a.lo, b.hi],
    [a.hi, b.lo],
    [a.hi, b.hi],
  ] as const;
  let lo = dmul(a.lo, b.lo, p, 'down');
  let hi = dmul(a.lo, b.lo, p, 'up');
  for (const [x, y] of ends) {
    const l = dmul(x, y, p, 'down');
    const h = dmul(x, y, p, 'up');
    if (dcompare(l, lo) < 0) lo = l;
    if (dcompare(h, hi) > 0) hi = h;
  }
  return { lo, hi };
}

/** `a²` (tighter than `a·a` when `a` holds 0). */
export function isqr(a: Interval, p: number): Interval {
  const b = iabs(a);
  return { lo: dmul(b.lo, b.lo, p, 'down'), hi: dmul(b.hi, b.hi, p, 'up') };
}

/** `|a|`. */
export function iabs(a: Interval): Interval {
  if (a.lo.m >= 0n) return a;
  if (a.hi.m <= 0n) return ineg(a);
  const h = dcompare(dneg(a.lo), a.hi) > 0 ? dneg(a.lo) : a.hi;
  return { lo: DZERO, hi: h };
}

/** `1/a`; {@link Undecided} when `a` holds 0 (a `domain` error when `a` is exactly 0). */
export function iinv(a: Interval, p: number, what = 'a divisor'): Interval {
  const s = isign(a);
  if (s === 0) throw new BibunError('domain', 'N: division by zero');
  if (s === undefined) throw new Undecided(`${what} is too close to 0`);
  const one = dyadic(1n);
  return { lo: ddiv(one, a.hi, p, 'down'), hi: ddiv(one, a.lo, p, 'up') };
}

/** `a / b`. */
export function idiv(a: Interval, b: Interval, p: number): Interval {
  if (isPoint(a) && isPoint(b) && isign(b) !== 0 && isign(b) !== undefined) {
    return { lo: ddiv(a.lo, b.lo, p, 'down'), hi: ddiv(a.lo, b.lo, p, 'up') };
  }
  return imul(a, iinv(b, p), p);
}

/** `a·2^k` (exact). */
export function iscale(a: Interval, k: number): Interval {
  return { lo: dscale(a.lo, k), hi: dscale(a.hi, k) };
}

/** `√a` for `a ≥ 0`; `domain` error when `a < 0`, {@link Undecided} when `a` straddles 0. */
export function isqrtI(a: Interval, p: number): Interval {
  const s = isign(a);
  if (s === -1) throw new BibunError('domain', 'N: square root of a negative number');
  if (s === undefined && a.lo.m < 0n)
    throw new Undecided('the argument of a square root is too close to 0');
  return { lo: dsqrt(a.lo, p, 'down'), hi: dsqrt(a.hi, p, 'up') };
}

/** The smallest interval holding both. */
export function ihull(a: Interval, b: Interval): Interval {
  return {
    lo: dcompare(a.lo, b.lo) <= 0 ? a.lo : b.lo,
    hi: dcompare(a.hi, b.hi) >= 0 ? a.hi : b.hi,
  };
}

/** `a` intersected with `[lo, hi]` (used to clamp sin and cos to [-1, 1]). */
export function iclamp(a: Interval, lo: Dyadic, hi: Dyadic): Interval {
  const l = dcompare(a.lo, lo) < 0 ? lo : a.lo;
  const h = dcompare(a.hi, hi) > 0 ? hi : a.hi;
  return dcompare(l, h) <= 0 ? { lo: l, hi: h } : a;
}

/** `[-r, r]` for a bound `r ≥ 0`. */
export function symmetric(r: Dyadic): Interval {
  return { lo: dneg(r), hi: r };
}

/** The midpoint and half-width of `a` (both exact). */
export function midRad(a: Interval): { mid: Dyadic; rad: Dyadic } {
  const [x, y, e] = align(a.lo, a.hi);
  return { mid: dyadic(x + y, e - 1), rad: dyadic(y - x, e - 1) };
}
