/**
 * Exact rational numbers on bigint. A rational is a pair (num, den) in lowest terms with den > 0;
 * zero is 0/1. These functions are pure and allocate only their result.
 *
 * Two bounds hold. The bit budget: no numerator or denominator has more than
 * {@link maxRationalBits} bits (exact bit lengths; a power is refused before it is computed when
 * its result must be over, so `10^(10^10)` is a clear error instead of taking all memory). And
 * the time budget of the computation in progress (base/budget.ts): the loops whose cost grows
 * with the size of the numbers (gcd chains, root extraction, sums and products of big
 * rationals) poll it, so a long chain of exact arithmetic ends with the computation's budget.
 *
 * Sums and products keep lowest terms the cheap way (Henrici): a gcd of the denominators, or of
 * the cross pairs, before multiplying, rather than one gcd of the large results.
 */
import { pollBudget } from './budget.js';
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

/** Operands above this size cost enough per operation to count against the time budget. */
const LARGE = 1n << 256n;

/** Counts work on `x` against the time budget when `x` is large (small ones cost nothing). */
function spend(x: bigint): void {
  if (x > LARGE || x < -LARGE) pollBudget();
}

/** Greatest common divisor of two bigints (non-negative result). */
export function gcd(a: bigint, b: bigint): bigint {
  a = bigAbs(a);
  b = bigAbs(b);
  while (b !== 0n) {
    // Each step costs about the size of b: large steps are what a 10,000-digit gcd is made of.
    spend(b);
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Number of bits of |a| (0 for 0), exactly: 2^k has k + 1 bits. */
export function bitLength(a: bigint): number {
  if (a < 0n) a = -a;
  if (a < 0x100000000n) return 32 - Math.clz32(Number(a));
  const hex = a.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(Number.parseInt(hex[0], 16)));
}

function tooLarge(): BibunError {
  return new BibunError('limit', `exact number too large (over ${maxRationalBits} bits)`);
}

function checkSize(num: bigint, den: bigint): void {
  if (bitLength(num) > maxRationalBits || bitLength(den) > maxRationalBits) throw tooLarge();
}

/** num/den already in lowest terms with den > 0: only the bit budget is checked. */
function reduced(num: bigint, den: bigint): Rational {
  checkSize(num, den);
  return { num, den };
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

/** a + b (Henrici: with g = gcd of the denominators, only a gcd with g is left to take). */
export function add(a: Rational, b: Rational): Rational {
  if (a.den === 1n && b.den === 1n) return reduced(a.num + b.num, 1n);
  spend(a.den);
  spend(b.den);
  const g = gcd(a.den, b.den);
  // Coprime denominators: a·d + c·b is coprime to b·d already.
  if (g === 1n) return reduced(a.num * b.den + b.num * a.den, a.den * b.den);
  const ad = a.den / g;
  const bd = b.den / g;
  const t = a.num * bd + b.num * ad;
  if (t === 0n) return { num: 0n, den: 1n };
  const h = gcd(t, g);
  return reduced(t / h, ad * (b.den / h));
}

export function sub(a: Rational, b: Rational): Rational {
  return add(a, neg(b));
}

/** a · b (Henrici: cancel the cross pairs first; the results are then coprime). */
export function mul(a: Rational, b: Rational): Rational {
  if (a.den === 1n && b.den === 1n) return reduced(a.num * b.num, 1n);
  if (a.num === 0n || b.num === 0n) return { num: 0n, den: 1n };
  spend(a.den);
  spend(b.den);
  const g1 = gcd(a.num, b.den);
  const g2 = gcd(b.num, a.den);
  return reduced((a.num / g1) * (b.num / g2), (a.den / g2) * (b.den / g1));
}

export function neg(a: Rational): Rational {
  return { num: -a.num, den: a.den };
}

export function inv(a: Rational): Rational {
  if (a.num === 0n) throw new BibunError('domain', 'division by zero');
  // num and den are coprime already: only the sign moves.
  return a.num < 0n ? { num: -a.den, den: -a.num } : { num: a.den, den: a.num };
}

export function div(a: Rational, b: Rational): Rational {
  return mul(a, inv(b));
}

/**
 * True when x^n (|x| ≥ 2, n ≥ 1) has more than `max` bits for certain: x^n has at least
 * (bits(x) − 1)·n + 1 bits (and at most bits(x)·n).
 */
function powerOver(x: bigint, n: bigint, max: number): boolean {
  const b = bitLength(x);
  return b >= 2 && BigInt(b - 1) * n + 1n > BigInt(max);
}

/**
 * a^n for an integer n. Refuses (with a `limit` error) a result whose size must exceed the bit
 * budget, before computing it; a result that might fit is computed and checked exactly.
 */
export function powInt(a: Rational, n: bigint): Rational {
  if (n === 0n) return { num: 1n, den: 1n };
  if (n < 0n) return powInt(inv(a), -n);
  if (a.num === 0n) return a;
  if (powerOver(a.num, n, maxRationalBits) || powerOver(a.den, n, maxRationalBits)) {
    throw new BibunError('limit', `exact power too large (over ${maxRationalBits} bits)`);
  }
  spend(a.num);
  spend(a.den);
  // Powers of coprime numbers are coprime: no gcd.
  return reduced(a.num ** n, a.den ** n);
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
  // Roots of coprime numbers are coprime.
  return reduced(n, d);
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
    spend(x);
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
    throw new BibunError('limit', `exponent of ${abbreviated(text)} is too large`);
  }
  const exp = Number(expText) - frac.length;
  // About 3.32 bits a decimal digit: the denominator 10^-exp, and a lower bound on the
  // numerator's bits from its significant digits, checked before they become a bigint.
  const significant = (intPart + frac).replace(/^0+/, '').length;
  if (
    Math.abs(exp) * 3.33 > maxRationalBits ||
    (significant + Math.max(0, exp) - 1) * 3.32 > maxRationalBits
  ) {
    throw new BibunError(
      'limit',
      `number ${abbreviated(text)} is too large for exact arithmetic (over ${maxRationalBits} bits)`,
    );
  }
  const digits = BigInt(intPart + frac || '0');
  return exp >= 0 ? rational(digits * 10n ** BigInt(exp)) : rational(digits, 10n ** BigInt(-exp));
}

/** A number's text for a message: a long one as its first digits and its length. */
function abbreviated(text: string): string {
  return text.length <= 40 ? text : `${text.slice(0, 20)}… (${text.length} characters)`;
}

/** `3`, `-1/3` (the form the printers use). */
export function toString(a: Rational): string {
  return a.den === 1n ? a.num.toString() : `${a.num}/${a.den}`;
}
