/**
 * Certified decimals of constant terms: the precision is raised until both ends of the
 * enclosure (lib/cas/numeric.ts) round to the same decimal of `d` significant digits, so every
 * printed digit is correct. A value that cannot be certified within the precision budget is
 * never printed with guessed digits: a value indistinguishable from 0 is reported as 0 with a
 * note (or as an exact 0 when the simplifier proves it), a value on a rounding tie is shown with
 * the few more digits that settle it, and an undecidable domain question is an error.
 */
import { BibunError } from '../base/errors.js';
import { maxRationalBits, parseDecimal, type Rational } from '../base/rational.js';
import { simplify } from '../simplify/simplify.js';
import type { Term } from '../term/term.js';
import { magnitude } from './elementary.js';
import { enclose } from './numeric.js';
import {
  bitLength,
  type Dyadic,
  dyadicToRational,
  type Interval,
  isign,
  top,
  Undecided,
} from './interval.js';

/** The most significant digits `N(e, digits)` computes. */
export const maxDigits = 100_000;

/** A decimal with its exact value. */
export interface Decimal {
  /** The exact rational value of `text`. */
  readonly value: Rational;
  /** `3.14159`, `-2.5e-12`, `0`: parses back (as bibun input) to `value`. */
  readonly text: string;
  /** Set when the digits asked for could not all be certified (see the module comment). */
  readonly note?: string;
}

/**
 * The most digits `N(e, digits)` can give: {@link maxDigits}, and no more than a decimal whose
 * exact value fits the bit budget of exact numbers (`10^(d-1)` is its denominator; 3.33 bits a
 * digit, so 30,030 digits under the default 100,000 bits).
 */
export function mostDigits(): number {
  return Math.min(maxDigits, Math.floor(maxRationalBits / 3.33));
}

/** Throws the usage error for a digit count that is not an integer in 1..{@link mostDigits}. */
export function checkDigits(d: number): void {
  if (!Number.isInteger(d) || d < 1) {
    throw new BibunError('usage', `N: the number of digits must be a positive integer, got ${d}`);
  }
  const most = mostDigits();
  if (d > most) {
    throw new BibunError(
      'limit',
      `N: at most ${most} digits, got ${d}${most < maxDigits ? ` (the ${maxRationalBits}-bit budget of exact numbers)` : ''}`,
    );
  }
}

const LOG10_2 = Math.log10(2);

/** Significant digits `m` (exactly d of them) and the exponent of the first: q ≈ m·10^(e-d+1). */
interface Rounded {
  readonly m: bigint;
  readonly e: number;
}

/** Sign of q - 10^k for q > 0. */
function comparePow10(q: Rational, k: number): number {
  const l = k >= 0 ? q.num : q.num * 10n ** BigInt(-k);
  const r = k >= 0 ? q.den * 10n ** BigInt(k) : q.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** q > 0 rounded to d significant digits, halves away from zero. */
function roundPositive(q: Rational, d: number): Rounded {
  let e = Math.floor((bitLength(q.num) - bitLength(q.den)) * LOG10_2);
  while (comparePow10(q, e) < 0) e--;
  while (comparePow10(q, e + 1) >= 0) e++;
  const k = d - 1 - e;
  const n = k >= 0 ? q.num * 10n ** BigInt(k) : q.num;
  const den = k >= 0 ? q.den : q.den * 10n ** BigInt(-k);
  let m = (2n * n + den) / (2n * den);
  if (m === 10n ** BigInt(d)) {
    m = 10n ** BigInt(d - 1);
    e += 1;
  }
  return { m, e };
}

/** The text of ±m·10^(e-d+1): plain when it reads naturally, else with an exponent. */
function format(negative: boolean, r: Rounded, d: number): Decimal {
  const digits = r.m.toString();
  let body: string;
  if (r.e >= 0 && r.e < d) {
    const whole = digits.slice(0, r.e + 1);
    const frac = digits.slice(r.e + 1);
    body = frac ? `${whole}.${frac}` : whole;
  } else if (r.e < 0 && r.e >= -6) {
    body = `0.${'0'.repeat(-r.e - 1)}${digits}`;
  } else {
    body = `${digits[0]}${d > 1 ? '.' + digits.slice(1) : ''}e${r.e}`;
  }
  const text = (negative ? '-' : '') + body;
  return { value: signedDecimal(text), text };
}

/** The exact value of a decimal text with an optional leading minus. */
export function signedDecimal(text: string): Rational {
  const negative = text.startsWith('-');
  const q = parseDecimal(negative ? text.slice(1) : text);
  return negative ? { num: -q.num, den: q.den } : q;
}

const ZERO_DECIMAL: Decimal = Object.freeze({ value: { num: 0n, den: 1n }, text: '0' });

/** An exact rational to d significant digits. */
export function roundRational(q: Rational, d: number): Decimal {
  if (q.num === 0n) return ZERO_DECIMAL;
  const negative = q.num < 0n;
  return format(negative, roundPositive({ num: negative ? -q.num : q.num, den: q.den }, d), d);
}

function exact(x: Dyadic): Rational {
  if (Math.abs(top(x)) > maxRationalBits) {
    throw new BibunError(
      'limit',
      `N: the value is about 2^${top(x)}, beyond the exact-number budget of ${maxRationalBits} bits`,
    );
  }
  return dyadicToRational(x);
}

/** The d-digit decimal both ends of `iv` round to, or undefined (0 is exact only at [0, 0]). */
function agreeing(iv: Interval, d: number): Decimal | undefined {
  const s = isign(iv);
  if (s === 0) return ZERO_DECIMAL;
  if (s === undefined) return undefined;
  const a = roundRational(exact(iv.lo), d);
  const b = roundRational(exact(iv.hi), d);
  return a.text === b.text ? a : undefined;
}

/** What a search over precisions ended with. */
interface Refined<T> {
  readonly result?: T;
  readonly last?: Interval;
  readonly undecided?: Undecided;
  readonly bits: number;
}

/**
 * Encloses `t` at p0 bits, then twice, four, eight times as many, until `decide` gives an
 * answer.
 */
export function refine<T>(
  t: Term,
  p0: number,
  decide: (iv: Interval) => T | undefined,
): Refined<T> {
  const maxP = Math.max(8 * p0, p0 + 2048);
  for (let p = p0; ; p = Math.min(2 * p, maxP)) {
    let last: Interval | undefined;
    let undecided: Undecided | undefined;
    try {
      last = enclose(t, p);
      const r = decide(last);
      if (r !== undefined) return { result: r, bits: p };
    } catch (e) {
      if (!(e instanceof Undecided)) throw e;
      undecided = e;
    }
    if (p >= maxP) return { last, undecided, bits: p };
  }
}

/** True when the shipped simplifier proves `t` = 0 (a failure to simplify proves nothing). */
function provablyZero(t: Term): boolean {
  try {
    const s = simplify(t, { limits: { maxTimeMs: 2000 } });
    return s.kind === 'num' && s.num === 0n;
  } catch {
    return false;
  }
}

/**
 * The value of a constant term to `d` significant digits, every digit certified.
 *
 * @throws BibunError `domain` for a value outside a function's domain, or a domain question the
 * precision budget cannot decide; `limit` for a value beyond the exact-number budget.
 * @example certify(parse('pi'), 5).text === '3.1416'
 */
export function certify(t: Term, d: number): Decimal {
  checkDigits(d);
  if (t.kind === 'num') return roundRational(t, d);
  const p0 = Math.ceil(d / LOG10_2) + 32;
  const r = refine(t, p0, (iv) => agreeing(iv, d));
  if (r.result) return r.result;
  const last = r.last;
  if (last && isign(last) === undefined) {
    if (provablyZero(t)) return ZERO_DECIMAL;
    const k = Math.floor(-top(magnitude(last)) * LOG10_2);
    return {
      ...ZERO_DECIMAL,
      note: `N: the value is within 10^-${k} of 0 and could not be shown to be non-zero at ${r.bits} bits (it may be exactly 0)`,
    };
  }
  if (last) {
    for (let more = d + 1; more <= Math.min(maxDigits, d + 40); more++) {
      const dec = agreeing(last, more);
      if (dec) {
        return {
          ...dec,
          note: `N: the value is so close to a rounding tie at ${d} digits that it is shown with ${more}`,
        };
      }
    }
    throw new BibunError('limit', `N: could not certify ${d} digits within ${r.bits} bits`);
  }
  throw new BibunError(
    'domain',
    `N: cannot decide ${r.undecided?.message ?? 'the value'} at ${r.bits} bits; the expression may be undefined there`,
  );
}

/**
 * floor of a constant term when the enclosure decides it (an exact number always), else
 * undefined: an integer-valued irrational-looking term such as `sin(pi/2)` is decided by the
 * simplifier or stays undecided.
 */
export function floorOf(t: Term): bigint | undefined {
  if (t.kind === 'num') return floorRational(t);
  const r = refine(t, 64, (iv) => {
    if (Math.max(Math.abs(top(iv.lo)), Math.abs(top(iv.hi))) > maxRationalBits) {
      throw new BibunError('limit', 'floor: the value is beyond the exact-number budget');
    }
    const a = floorRational(dyadicToRational(iv.lo));
    return a === floorRational(dyadicToRational(iv.hi)) ? a : undefined;
  });
  if (r.result !== undefined) return r.result;
  try {
    const s = simplify(t, { limits: { maxTimeMs: 2000 } });
    return s.kind === 'num' ? floorRational(s) : undefined;
  } catch {
    return undefined;
  }
}

/** floor of a rational. */
export function floorRational(q: Rational): bigint {
  const f = q.num / q.den; // truncates toward 0
  return q.num < 0n && f * q.den !== q.num ? f - 1n : f;
}
