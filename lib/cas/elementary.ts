/**
 * Certified elementary functions on intervals: pi (Chudnovsky), ln 2, exp, log, atan, sin and
 * cos, each a power series with argument reduction and an explicit bound on the truncation
 * error, evaluated in interval arithmetic (lib/cas/interval.ts) so rounding errors are enclosed
 * too. Every function returns an interval that contains the true value for every number of its
 * argument interval. Every series loop polls the time budget.
 *
 * Working precision `p` is in bits; each function adds its own guard bits (for the squarings,
 * halvings and doublings of its reduction), so callers only choose `p` for the result.
 */
import { pollBudget } from '../base/budget.js';
import { BibunError } from '../base/errors.js';
import {
  type Dyadic,
  dadd,
  dcompare,
  ddiv,
  dneg,
  dscale,
  dyadic,
  type Interval,
  iadd,
  iclamp,
  idiv,
  ineg,
  isPoint,
  imul,
  isign,
  iscale,
  isqr,
  isqrtI,
  isub,
  midRad,
  ofInt,
  point,
  round,
  symmetric,
  top,
  Undecided,
} from './interval.js';

/** `a / k` for a positive integer k. */
export function idivInt(a: Interval, k: bigint | number, p: number): Interval {
  const d = dyadic(BigInt(k));
  return { lo: ddiv(a.lo, d, p, 'down'), hi: ddiv(a.hi, d, p, 'up') };
}

/** The largest |x| of the interval. */
export function magnitude(a: Interval): Dyadic {
  const l = a.lo.m < 0n ? dneg(a.lo) : a.lo;
  const h = a.hi.m < 0n ? dneg(a.hi) : a.hi;
  return dcompare(l, h) >= 0 ? l : h;
}

/** `a` rounded outward to `p` bits (keeps mantissas short between stages). */
export function iround(a: Interval, p: number): Interval {
  return { lo: round(a.lo, p, 'down'), hi: round(a.hi, p, 'up') };
}

/** Applies a function known at points to an interval, for increasing (or decreasing) functions. */
export function monotone(f: (x: Dyadic) => Interval, a: Interval, increasing = true): Interval {
  if (isPoint(a)) return f(a.lo);
  const l = f(a.lo);
  const h = f(a.hi);
  return increasing ? { lo: l.lo, hi: h.hi } : { lo: h.lo, hi: l.hi };
}

// ---------------------------------------------------------------------------------------------
// Constants.

const CHUD_A = 13591409n;
const CHUD_B = 545140134n;
const CHUD_C3_24 = 10939058860032000n; // 640320^3 / 24

/** Binary splitting of the Chudnovsky series over terms [a, b): P, Q, T. */
function chudnovsky(a: number, b: number): [bigint, bigint, bigint] {
  if (b - a === 1) {
    pollBudget();
    const k = BigInt(a);
    const p = a === 0 ? 1n : (6n * k - 5n) * (2n * k - 1n) * (6n * k - 1n);
    const q = a === 0 ? 1n : k * k * k * CHUD_C3_24;
    const t = p * (CHUD_A + CHUD_B * k);
    return [p, q, a % 2 === 1 ? -t : t];
  }
  const m = (a + b) >> 1;
  const [p1, q1, t1] = chudnovsky(a, m);
  const [p2, q2, t2] = chudnovsky(m, b);
  return [p1 * p2, q1 * q2, q2 * t1 + p1 * t2];
}

/**
 * pi by the Chudnovsky series. Its terms shrink by a factor below 2^-42 each (the ratio of
 * consecutive terms is at most 8·((6k+5)/(k+1))³·(A+B(k+1))/(A+Bk)/640320³ < 1.6·10^-13), and
 * the first is A < 2^24, so the tail after N terms is below 2^(25-42N).
 */
export function piChudnovsky(p: number): Interval {
  const q = p + 16;
  const n = Math.ceil((q + 40) / 42) + 1;
  const [, Q, T] = chudnovsky(0, n);
  const s: Interval = {
    lo: ddiv(dyadic(T), dyadic(Q), q, 'down'),
    hi: ddiv(dyadic(T), dyadic(Q), q, 'up'),
  };
  const sum = iadd(s, symmetric(dyadic(1n, 25 - 42 * n)), q);
  const root = isqrtI(ofInt(10005), q);
  return iround(idiv(imul(ofInt(426880), root, q), sum, q), p);
}

let piCache: { p: number; value: Interval } | undefined;

/** pi to `p` bits (cached at the highest precision asked so far). */
export function piInterval(p: number): Interval {
  if (!piCache || piCache.p < p) piCache = { p, value: piChudnovsky(p) };
  return iround(piCache.value, p);
}

/**
 * atanh(1/n) = Σ 1/((2i+1)·n^(2i+1)) for an integer n ≥ 2, in fixed point with 2^-q units:
 * each power and each term is a floor (at most 3 units low after the chained floors), and the
 * tail after the last term is below that term, so the sum lies in [S, S + 3·terms + last + 1].
 */
export function atanhInverse(n: bigint, p: number): Interval {
  const q = p + 16;
  const n2 = n * n;
  let pw = (1n << BigInt(q)) / n;
  let sum = pw;
  let terms = 1n;
  let last = pw;
  for (let i = 1n; pw !== 0n; i++) {
    pollBudget();
    pw /= n2;
    last = pw / (2n * i + 1n);
    sum += last;
    terms++;
  }
  return { lo: dyadic(sum, -q), hi: dyadic(sum + 3n * terms + last + 1n, -q) };
}

let ln2Cache: { p: number; value: Interval } | undefined;

/** ln 2 = 2·atanh(1/3), to `p` bits (cached). */
export function ln2Interval(p: number): Interval {
  if (!ln2Cache || ln2Cache.p < p) {
    ln2Cache = { p, value: iscale(atanhInverse(3n, p + 4), 1) };
  }
  return iround(ln2Cache.value, p);
}

// ---------------------------------------------------------------------------------------------
// exp and log.

/** Bits of argument reduction: the series then converges by about this many bits a term. */
function reductionBits(p: number): number {
  return Math.max(4, Math.ceil(Math.sqrt(p) / 2));
}

/**
 * exp at a point: x = y·2^s with |y| < 2^-r, the Taylor series of exp(y) (its tail after a term
 * is below that term, as |y| < 1/2), then s squarings (guard bits s).
 */
export function expPoint(x: Dyadic, p: number): Interval {
  if (x.m === 0n) return ofInt(1);
  const t = top(x);
  if (t > 40) throw new BibunError('limit', 'N: exp of a number beyond ±2^40 is out of range');
  const s = Math.max(0, t + reductionBits(p));
  const q = p + s + 16;
  const y = point(dscale(x, -s));
  let term = ofInt(1);
  let sum = term;
  for (let k = 1; ; k++) {
    pollBudget();
    term = idivInt(imul(term, y, q), k, q);
    sum = iadd(sum, term, q);
    if (top(magnitude(term)) < -q - 2) {
      sum = iadd(sum, symmetric(magnitude(term)), q);
      break;
    }
  }
  for (let i = 0; i < s; i++) {
    pollBudget();
    sum = isqr(sum, q);
  }
  return iround(sum, p + 4);
}

/** exp of an interval (increasing). */
export function iexp(a: Interval, p: number): Interval {
  return monotone((x) => expPoint(x, p), a);
}

/** 2·atanh(z) = 2·Σ z^(2i+1)/(2i+1) for |z| ≤ 1/4; the tail after a term is below 2·|term|. */
export function atanhSeries(z: Interval, p: number): Interval {
  const z2 = isqr(z, p);
  let pw = z;
  let sum = z;
  for (let i = 1; ; i++) {
    pollBudget();
    pw = imul(pw, z2, p);
    const term = idivInt(pw, 2 * i + 1, p);
    sum = iadd(sum, term, p);
    if (top(magnitude(pw)) < -p - 2) {
      return iscale(iadd(sum, symmetric(dscale(magnitude(pw), 1)), p), 1);
    }
  }
}

/**
 * log at a point x > 0: x = y·2^k with y in [3/4, 3/2), y taken to the 2^-j-th power by j
 * square roots (so it is within about 2^-j of 1), then log y = 2^j·2·atanh((u-1)/(u+1)).
 */
export function logPoint(x: Dyadic, p: number): Interval {
  if (x.m <= 0n) throw new BibunError('domain', 'N: logarithm of a number that is not positive');
  const b = Math.max(0, top(dyadic(x.m)));
  let y = dyadic(x.m, -b);
  let k = x.e + b;
  if (dcompare(y, dyadic(3n, -2)) < 0) {
    y = dscale(y, 1);
    k -= 1;
  }
  if (k === 0 && dcompare(y, dyadic(1n)) === 0) return ofInt(0);
  const j = reductionBits(p);
  const q = p + j + 16 + Math.ceil(Math.log2(Math.abs(k) + 1));
  let u = point(y);
  for (let i = 0; i < j; i++) {
    pollBudget();
    u = isqrtI(u, q);
  }
  const one = ofInt(1);
  const z = idiv(isub(u, one, q), iadd(u, one, q), q);
  let r = iscale(atanhSeries(z, q), j);
  if (k !== 0) r = iadd(r, imul(ofInt(k), ln2Interval(q), q), q);
  return iround(r, p + 4);
}

/** log of an interval (increasing); `domain` error below 0, {@link Undecided} when it reaches 0. */
export function ilog(a: Interval, p: number): Interval {
  const s = isign(a);
  if (s === 0 || s === -1) {
    throw new BibunError('domain', 'N: logarithm of a number that is not positive');
  }
  if (s === undefined) throw new Undecided('whether the argument of a logarithm is positive');
  return monotone((x) => logPoint(x, p), a);
}

// ---------------------------------------------------------------------------------------------
// atan.

/**
 * atan of an interval within [0, 1]: j halvings x → x/(1 + √(1 + x²)) (atan x = 2·atan of the
 * result), then the alternating series, whose tail is below its first omitted term.
 */
function atanSmall(x: Interval, p: number): Interval {
  const j = reductionBits(p);
  const q = p + j + 16;
  const one = ofInt(1);
  let y = x;
  for (let i = 0; i < j; i++) {
    pollBudget();
    y = idiv(y, iadd(one, isqrtI(iadd(one, isqr(y, q), q), q), q), q);
  }
  const y2 = isqr(y, q);
  let pw = y;
  let sum = y;
  for (let i = 1; ; i++) {
    pollBudget();
    pw = imul(pw, y2, q);
    const term = idivInt(pw, 2 * i + 1, q);
    sum = i % 2 === 1 ? isub(sum, term, q) : iadd(sum, term, q);
    if (top(magnitude(pw)) < -q - 2) {
      sum = iadd(sum, symmetric(magnitude(pw)), q);
      break;
    }
  }
  return iround(iscale(sum, j), p + 4);
}

/** atan at a point: odd, and atan x = pi/2 - atan(1/x) above 1. */
export function atanPoint(x: Dyadic, p: number): Interval {
  if (x.m === 0n) return ofInt(0);
  if (x.m < 0n) return ineg(atanPoint(dneg(x), p));
  if (dcompare(x, dyadic(1n)) <= 0) return atanSmall(point(x), p);
  const q = p + 8;
  const inv = { lo: ddiv(dyadic(1n), x, q, 'down'), hi: ddiv(dyadic(1n), x, q, 'up') };
  return isub(iscale(piInterval(q), -1), atanSmall(inv, q), q);
}

/** atan of an interval (increasing). */
export function iatan(a: Interval, p: number): Interval {
  return monotone((x) => atanPoint(x, p), a);
}

// ---------------------------------------------------------------------------------------------
// sin and cos.

/** sin and cos at a point. */
export interface SinCos {
  readonly sin: Interval;
  readonly cos: Interval;
}

/**
 * sin and cos at a point: x = k·pi/2 + r, r halved j times, both Taylor series together (the
 * tail of each is below the last term computed, as |r| < 1), then j doublings
 * (sin 2a = 2·sin a·cos a, cos 2a = 1 - 2·sin² a), then the quadrant k mod 4.
 */
export function sinCosPoint(x: Dyadic, p: number): SinCos {
  if (x.m === 0n) return { sin: ofInt(0), cos: ofInt(1) };
  const t = Math.max(0, top(x));
  if (t > 1_000_000) throw new BibunError('limit', 'N: sin or cos of a number beyond 2^1000000');
  const j = Math.max(2, Math.ceil(Math.sqrt(p) / 3));
  const q = p + t + 2 * j + 16;
  let k = 0n;
  let r = point(x);
  if (t > 0) {
    const halfPi = iscale(piInterval(q), -1);
    const ratio = ddiv(x, midRad(halfPi).mid, 64 + t, 'down');
    k = floorDyadic(ratio, dyadic(1n, -1));
    if (k !== 0n) r = isub(r, imul(ofInt(k), halfPi, q), q);
  }
  const y = iscale(r, -j);
  let term = ofInt(1); // y^n / n!
  let sin = ofInt(0);
  let cos = ofInt(1);
  for (let n = 1; ; n++) {
    pollBudget();
    term = idivInt(imul(term, y, q), n, q);
    const negative = (n >> 1) % 2 === 1;
    const signed = negative ? ineg(term) : term;
    if (n % 2 === 1) sin = iadd(sin, signed, q);
    else cos = iadd(cos, signed, q);
    if (top(magnitude(term)) < -q - 2) {
      const tail = symmetric(magnitude(term));
      sin = iadd(sin, tail, q);
      cos = iadd(cos, tail, q);
      break;
    }
  }
  const one = ofInt(1);
  for (let i = 0; i < j; i++) {
    pollBudget();
    const s2 = iscale(imul(sin, cos, q), 1);
    cos = isub(one, iscale(isqr(sin, q), 1), q);
    sin = s2;
  }
  sin = iround(sin, p + 4);
  cos = iround(cos, p + 4);
  switch (Number(((k % 4n) + 4n) % 4n)) {
    case 0:
      return { sin, cos };
    case 1:
      return { sin: cos, cos: ineg(sin) };
    case 2:
      return { sin: ineg(sin), cos: ineg(cos) };
    default:
      return { sin: ineg(cos), cos: sin };
  }
}

/** floor(x + h) for dyadics. */
function floorDyadic(x: Dyadic, h: Dyadic): bigint {
  const s = dadd(x, h, Infinity, 'down');
  return s.e >= 0 ? s.m << BigInt(s.e) : s.m >> BigInt(-s.e);
}

/**
 * sin and cos of an interval: at its midpoint, widened by its half-width (both functions are
 * 1-Lipschitz) and clamped to [-1, 1].
 */
export function isinCos(a: Interval, p: number): SinCos {
  if (isPoint(a)) return sinCosPoint(a.lo, p);
  const { mid, rad } = midRad(a);
  const c = round(mid, p + 8, 'down');
  // The half-width, plus what rounding the midpoint moved it.
  const err = symmetric(dadd(rad, dadd(mid, dneg(c), p, 'up'), p, 'up'));
  const at = sinCosPoint(c, p);
  const m1 = dyadic(-1n);
  const p1 = dyadic(1n);
  return {
    sin: iclamp(iadd(at.sin, err, p), m1, p1),
    cos: iclamp(iadd(at.cos, err, p), m1, p1),
  };
}
