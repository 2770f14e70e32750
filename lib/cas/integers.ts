/**
 * Exact integer functions: `factorial`, `binomial`, `floor`, `ceil`, `mod`. Each computes on
 * exact numbers (and `floor`, `ceil`, `mod` also on constants such as `pi`, through certified
 * enclosures) and returns `undefined` where it has nothing exact to say (a symbol, a
 * non-integer factorial), so the caller leaves the call unevaluated. Sizes are checked against
 * the bit budget of exact arithmetic before anything is computed, and loops poll the time budget.
 */
import { pollBudget } from '../base/budget.js';
import { BibunError } from '../base/errors.js';
import * as Q from '../base/rational.js';
import { div, mul, num, sub, type Term } from '../term/term.js';
import { floorOf, floorRational } from './decimal.js';
import { isNumericConstant } from './numeric.js';

function isInt(t: Term): t is Term & Q.Rational {
  return t.kind === 'num' && t.den === 1n;
}

/** The product lo·(lo+1)···hi of integers (1 when lo > hi), by binary splitting. */
export function rangeProduct(lo: bigint, hi: bigint): bigint {
  if (lo > hi) return 1n;
  if (hi - lo < 16n) {
    let p = lo;
    for (let k = lo + 1n; k <= hi; k++) p *= k;
    pollBudget();
    return p;
  }
  const mid = (lo + hi) / 2n;
  return rangeProduct(lo, mid) * rangeProduct(mid + 1n, hi);
}

/** About log2(n!) (Stirling; exact enough to compare with a budget). */
function factorialBits(n: number): number {
  if (n < 2) return 1;
  return n * Math.log2(n / Math.E) + 0.5 * Math.log2(2 * Math.PI * n);
}

function refuse(what: string, bits: number): never {
  throw new BibunError(
    'limit',
    `${what} has about ${Math.round(bits)} bits, over the exact-number budget of ${Q.maxRationalBits} bits`,
  );
}

/**
 * n! for an integer n ≥ 0; a `domain` error for a negative integer; undefined otherwise.
 *
 * @example factorial(num(5)) === num(120)
 */
export function factorial(n: Term): Term | undefined {
  if (!isInt(n)) return undefined;
  if (n.num < 0n)
    throw new BibunError('domain', `factorial: undefined for ${n.num} (a negative integer)`);
  const bits = n.num > 2n ** 53n ? Infinity : factorialBits(Number(n.num));
  if (bits > Q.maxRationalBits) refuse(`factorial(${n.num})`, bits);
  return num(rangeProduct(2n, n.num));
}

/**
 * binomial(n, k) for an integer k: n(n-1)···(n-k+1)/k! for k ≥ 0 and any exact n (so
 * `binomial(-1, k)` is (-1)^k), 0 for k < 0, and 0 for 0 ≤ n < k; undefined for a symbolic or
 * non-integer k, or a symbolic n.
 */
export function binomial(n: Term, k: Term): Term | undefined {
  if (!isInt(k) || n.kind !== 'num') return undefined;
  if (k.num < 0n) return num(0n);
  let kk = k.num;
  if (isInt(n) && n.num >= 0n) {
    if (kk > n.num) return num(0n);
    if (n.num - kk < kk) kk = n.num - kk; // the smaller of k and n - k
    // log2 C(n, k) ≤ k·log2(e·n/k).
    const bits = kk === 0n ? 0 : Number(kk) * Math.log2((Math.E * Number(n.num)) / Number(kk));
    if (bits > Q.maxRationalBits) refuse(`binomial(${n.num}, ${k.num})`, bits);
    return num(rangeProduct(n.num - kk + 1n, n.num) / rangeProduct(2n, kk));
  }
  // A negative or non-integer n: the falling factorial over k!.
  const size = Math.max(Q.bitLength(n.num), Q.bitLength(n.den)) + Math.log2(Number(kk) + 2);
  const bits = Number(kk) * size;
  if (bits > Q.maxRationalBits) refuse(`binomial(${Q.toString(n)}, ${k.num})`, bits);
  let top: Q.Rational = Q.rational(1n);
  for (let i = 0n; i < kk; i++) {
    pollBudget();
    top = Q.mul(top, Q.sub(n, Q.rational(i)));
  }
  return num(Q.div(top, Q.rational(rangeProduct(2n, kk))));
}

/** floor(x) for an exact number or a constant whose enclosure decides it; else undefined. */
export function floor(x: Term): Term | undefined {
  if (x.kind === 'num') return num(floorRational(x));
  if (!isNumericConstant(x)) return undefined;
  const f = floorOf(x);
  return f === undefined ? undefined : num(f);
}

/** ceil(x) = -floor(-x). */
export function ceil(x: Term): Term | undefined {
  const f = floor(mul(num(-1n), x));
  return f === undefined ? undefined : num(-(f as Q.Rational).num);
}

/**
 * mod(a, b) = a - b·floor(a/b) (the sign of b, as Mathematica's Mod and Python's %): exact for
 * numbers, symbolic for constants whose quotient's floor is decided (`mod(pi, 2)` is
 * `pi - 2`); a `domain` error for b = 0; undefined for symbols.
 */
export function mod(a: Term, b: Term): Term | undefined {
  if (b.kind === 'num' && b.num === 0n) throw new BibunError('domain', 'mod: division by zero');
  if (a.kind === 'num' && b.kind === 'num') {
    return num(Q.sub(a, Q.mul(b, Q.rational(floorRational(Q.div(a, b))))));
  }
  if (!isNumericConstant(a) || !isNumericConstant(b)) return undefined;
  const q = floor(div(a, b));
  return q === undefined ? undefined : sub(a, mul(b, q));
}
