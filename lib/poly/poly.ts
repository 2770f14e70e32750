/**
 * Sparse multivariate polynomials over the integers, in a fixed order of generators.
 *
 * ## Representation, and why
 *
 * A polynomial is a map from a packed monomial to a non-zero bigint coefficient. The exponents
 * of the `n` generators of a {@link Ring} are packed into one JavaScript number, `w` bits each,
 * generator 0 in the most significant field: multiplying monomials is adding their keys, and
 * comparing keys numerically is the lexicographic order (generator 0 first), so the leading term
 * is the largest key. Packing keeps the inner loop of multiplication to one float add and one
 * Map lookup, with no string or array per product term.
 *
 * Coefficients are integers, not rationals: a polynomial over Q is an integer polynomial and a
 * positive integer denominator (see convert.ts). Every algorithm here (GCD, square-free
 * decomposition, Hensel lifting) works with primitive integer polynomials anyway, and integer
 * arithmetic never reduces fractions, which is the dominant cost of Q-coefficient arithmetic.
 *
 * A degree that does not fit the ring's fields (2^w - 1, e.g. 8191 for four generators) stops
 * with the size budget's message, as does a result with more terms than the size budget.
 */
import { BudgetExceeded, currentBudget, defaultLimits, pollBudget } from '../base/budget.js';
import { BibunError } from '../base/errors.js';
import { bitLength, gcd as igcd, maxRationalBits } from '../base/rational.js';

/** The generators' count and the packing of their exponents. */
export interface Ring {
  readonly n: number;
  /** Bits per exponent field. */
  readonly w: number;
  /** 2^(w·(n-1-i)): the key of generator i to the first power. */
  readonly unit: readonly number[];
  /** 2^w: one more than the largest exponent a field holds. */
  readonly cap: number;
}

const rings = new Map<number, Ring>();

/** The most generators a ring holds: each needs at least one bit of the 52-bit monomial key. */
export const maxGenerators = 52;

/**
 * A polynomial in more generators than a monomial key packs ({@link maxGenerators}): not a
 * budget (no setting raises it), so callers that only try the polynomial core (simplify's
 * `cancel`) take it as "does not apply".
 */
export class TooManyGenerators extends BibunError {
  constructor(readonly generators: number) {
    super(
      'limit',
      `the polynomial core works with at most ${maxGenerators} generators (symbols and other bases), and this has ${generators}`,
    );
  }
}

/** The ring of `n` generators (cached per n). */
export function ring(n: number): Ring {
  let r = rings.get(n);
  if (r === undefined) {
    if (n > maxGenerators) throw new TooManyGenerators(n);
    const w = n === 0 ? 1 : Math.min(52, Math.floor(52 / n));
    const unit: number[] = [];
    for (let i = 0; i < n; i++) unit.push(2 ** (w * (n - 1 - i)));
    r = { n, w, unit, cap: 2 ** w };
    rings.set(n, r);
  }
  return r;
}

/** A polynomial: packed monomial → non-zero coefficient. Treated as immutable. */
export class Poly {
  private degs: number[] | undefined;
  constructor(
    readonly ring: Ring,
    readonly terms: ReadonlyMap<number, bigint>,
  ) {}

  /** Number of terms. */
  get size(): number {
    return this.terms.size;
  }

  /** The largest exponent of every generator (cached). */
  get degrees(): readonly number[] {
    if (this.degs === undefined) {
      const d = new Array<number>(this.ring.n).fill(this.terms.size === 0 ? -1 : 0);
      for (const k of this.terms.keys())
        for (let i = 0; i < d.length; i++) {
          const e = expOf(this.ring, k, i);
          if (e > d[i]) d[i] = e;
        }
      this.degs = d;
    }
    return this.degs;
  }
}

/** The exponent of generator `i` in the packed monomial `key`. */
export function expOf(r: Ring, key: number, i: number): number {
  return Math.floor(key / r.unit[i]) % r.cap;
}

/** All exponents of a packed monomial. */
export function exponents(r: Ring, key: number): number[] {
  const e: number[] = [];
  for (let i = 0; i < r.n; i++) e.push(expOf(r, key, i));
  return e;
}

/** The packed key of an exponent vector. */
export function packKey(r: Ring, exps: readonly number[]): number {
  let k = 0;
  for (let i = 0; i < r.n; i++) {
    if (exps[i] >= r.cap) degreeTooLarge(r, exps[i]);
    k += exps[i] * r.unit[i];
  }
  return k;
}

/**
 * A degree past what the ring packs (a size stop; its own class so that callers that only try
 * the polynomial core, like {@link TooManyGenerators}, can take it as "does not apply").
 */
export class DegreeOverflow extends BudgetExceeded {}

function degreeTooLarge(r: Ring, d: number): never {
  throw new DegreeOverflow(
    'size',
    `stopped: degree ${d} is over the degree budget of polynomials in ${r.n} generators (${r.cap - 1})`,
  );
}

/** Throws the size budget's stop when a polynomial would have more terms than it allows. */
export function checkTerms(count: number): void {
  const max = currentBudget()?.limits.maxSize ?? defaultLimits.maxSize;
  if (count > max)
    throw new BudgetExceeded('size', `stopped: a polynomial would have more than ${max} terms`);
}

/** A polynomial from a map, dropping zero coefficients. */
export function fromMap(r: Ring, m: Map<number, bigint>): Poly {
  for (const [k, c] of m) if (c === 0n) m.delete(k);
  return new Poly(r, m);
}

/** The zero polynomial. */
export function zero(r: Ring): Poly {
  return new Poly(r, new Map());
}

/** The constant `c`. */
export function constant(r: Ring, c: bigint): Poly {
  return new Poly(r, c === 0n ? new Map() : new Map([[0, c]]));
}

/** `c · Π x_i^exps[i]`. */
export function monomial(r: Ring, exps: readonly number[], c = 1n): Poly {
  return new Poly(r, c === 0n ? new Map() : new Map([[packKey(r, exps), c]]));
}

/** Generator `i` to the power `e`. */
export function gen(r: Ring, i: number, e = 1): Poly {
  if (e >= r.cap) degreeTooLarge(r, e);
  return new Poly(r, new Map([[e * r.unit[i], 1n]]));
}

/** True for the zero polynomial. */
export function isZero(p: Poly): boolean {
  return p.terms.size === 0;
}

/** The constant term's value when `p` is constant, else undefined. */
export function constantValue(p: Poly): bigint | undefined {
  if (p.terms.size === 0) return 0n;
  if (p.terms.size === 1 && p.terms.has(0)) return p.terms.get(0)!;
  return undefined;
}

/** Structural equality. */
export function equals(a: Poly, b: Poly): boolean {
  if (a.terms.size !== b.terms.size) return false;
  for (const [k, c] of a.terms) if (b.terms.get(k) !== c) return false;
  return true;
}

/** a + s·b (s = ±1 or any integer). */
function addScaled(a: Poly, b: Poly, s: bigint): Poly {
  const m = new Map(a.terms);
  for (const [k, c] of b.terms) {
    const v = (m.get(k) ?? 0n) + s * c;
    if (v === 0n) m.delete(k);
    else m.set(k, v);
  }
  return new Poly(a.ring, m);
}

/** a + b. */
export function add(a: Poly, b: Poly): Poly {
  return a.size >= b.size ? addScaled(a, b, 1n) : addScaled(b, a, 1n);
}

/** a − b. */
export function sub(a: Poly, b: Poly): Poly {
  return addScaled(a, b, -1n);
}

/** −a. */
export function neg(a: Poly): Poly {
  return scale(a, -1n);
}

/** c·a. */
export function scale(a: Poly, c: bigint): Poly {
  if (c === 0n) return zero(a.ring);
  const m = new Map<number, bigint>();
  for (const [k, v] of a.terms) m.set(k, v * c);
  return new Poly(a.ring, m);
}

/** a / c for an integer c that divides every coefficient. */
export function divInteger(a: Poly, c: bigint): Poly {
  const m = new Map<number, bigint>();
  for (const [k, v] of a.terms) m.set(k, v / c);
  return new Poly(a.ring, m);
}

/** a · x^exps (a monomial shift). */
export function shiftBy(a: Poly, exps: readonly number[]): Poly {
  const s = packKey(a.ring, exps);
  const m = new Map<number, bigint>();
  for (const [k, v] of a.terms) m.set(k + s, v);
  return new Poly(a.ring, m);
}

/** a · b. Polls the budget once per row of the product. */
export function mul(a: Poly, b: Poly): Poly {
  if (a.size === 0 || b.size === 0) return zero(a.ring);
  if (a.size < b.size) [a, b] = [b, a];
  const r = a.ring;
  const da = a.degrees;
  const db = b.degrees;
  for (let i = 0; i < r.n; i++) if (da[i] + db[i] >= r.cap) degreeTooLarge(r, da[i] + db[i]);
  const m = new Map<number, bigint>();
  const bk = [...b.terms.keys()];
  const bc = [...b.terms.values()];
  const max = currentBudget()?.limits.maxSize ?? defaultLimits.maxSize;
  for (const [ka, ca] of a.terms) {
    pollBudget();
    if (m.size > max) checkTerms(m.size);
    for (let j = 0; j < bk.length; j++) {
      const k = ka + bk[j];
      const v = m.get(k);
      m.set(k, v === undefined ? ca * bc[j] : v + ca * bc[j]);
    }
  }
  checkTerms(m.size);
  return fromMap(r, m);
}

/** a^e for a non-negative integer e (binary powering). */
export function pow(a: Poly, e: number): Poly {
  let result = constant(a.ring, 1n);
  let base = a;
  const degs = a.degrees;
  for (let i = 0; i < a.ring.n; i++)
    if (degs[i] * e >= a.ring.cap) degreeTooLarge(a.ring, degs[i] * e);
  // The coefficients of a^e have about e·(bits of the largest + log2 of the term count) bits.
  const bits = (bitLength(maxNorm(a)) + Math.log2(a.size)) * e;
  if (bits > maxRationalBits)
    throw new BudgetExceeded(
      'size',
      `stopped: the coefficients of a power would have about ${Math.round(bits)} bits, over the ${maxRationalBits}-bit budget of exact numbers`,
    );
  while (e > 0) {
    if (e & 1) result = mul(result, base);
    e = Math.floor(e / 2);
    if (e > 0) base = mul(base, base);
  }
  return result;
}

/** The degree of `p` in generator `i` (−1 for zero). */
export function degree(p: Poly, i: number): number {
  return p.degrees[i];
}

/** The total degree (−1 for zero). */
export function totalDegree(p: Poly): number {
  let d = -1;
  for (const k of p.terms.keys()) {
    let s = 0;
    for (let i = 0; i < p.ring.n; i++) s += expOf(p.ring, k, i);
    if (s > d) d = s;
  }
  return d;
}

/** The largest key (the leading monomial in lex order); −1 for zero. */
export function leadingKey(p: Poly): number {
  let best = -1;
  for (const k of p.terms.keys()) if (k > best) best = k;
  return best;
}

/** The leading coefficient in lex order (0 for zero). */
export function leadingCoefficient(p: Poly): bigint {
  return p.size === 0 ? 0n : p.terms.get(leadingKey(p))!;
}

/** The coefficients of `p` as a polynomial in generator `i`: degree → coefficient (x_i-free). */
export function coefficientsIn(p: Poly, i: number): Map<number, Poly> {
  const parts = new Map<number, Map<number, bigint>>();
  const u = p.ring.unit[i];
  for (const [k, c] of p.terms) {
    const e = expOf(p.ring, k, i);
    let m = parts.get(e);
    if (m === undefined) parts.set(e, (m = new Map()));
    m.set(k - e * u, c);
  }
  const out = new Map<number, Poly>();
  for (const [e, m] of parts) out.set(e, new Poly(p.ring, m));
  return out;
}

/** The coefficient of x_i^e in `p` (an x_i-free polynomial). */
export function coefficientIn(p: Poly, i: number, e: number): Poly {
  const u = p.ring.unit[i];
  const m = new Map<number, bigint>();
  for (const [k, c] of p.terms) if (expOf(p.ring, k, i) === e) m.set(k - e * u, c);
  return new Poly(p.ring, m);
}

/** The leading coefficient of `p` in generator `i`. */
export function leadIn(p: Poly, i: number): Poly {
  return coefficientIn(p, i, degree(p, i));
}

/** p with generator `i` replaced by the integer `v`. */
export function evaluateAt(p: Poly, i: number, v: bigint): Poly {
  const u = p.ring.unit[i];
  const powers: bigint[] = [1n];
  const m = new Map<number, bigint>();
  for (const [k, c] of p.terms) {
    const e = expOf(p.ring, k, i);
    while (powers.length <= e) powers.push(powers[powers.length - 1] * v);
    const kk = k - e * u;
    const s = (m.get(kk) ?? 0n) + c * powers[e];
    m.set(kk, s);
  }
  return fromMap(p.ring, m);
}

/** p with generator `i` replaced by x_i + a (a Taylor shift, by Horner's rule in x_i). */
export function shiftVar(p: Poly, i: number, a: bigint): Poly {
  if (a === 0n) return p;
  const cs = coefficientsIn(p, i);
  const lin = add(gen(p.ring, i), constant(p.ring, a));
  let acc = zero(p.ring);
  for (let e = degree(p, i); e >= 0; e--) {
    pollBudget();
    acc = mul(acc, lin);
    const c = cs.get(e);
    if (c !== undefined) acc = add(acc, c);
  }
  return acc;
}

/** The partial derivative in generator `i`. */
export function derivative(p: Poly, i: number): Poly {
  const u = p.ring.unit[i];
  const m = new Map<number, bigint>();
  for (const [k, c] of p.terms) {
    const e = expOf(p.ring, k, i);
    if (e > 0) m.set(k - u, c * BigInt(e));
  }
  return new Poly(p.ring, m);
}

/** The gcd of the coefficients, with the sign of the leading coefficient (0 for zero). */
export function content(p: Poly): bigint {
  let g = 0n;
  for (const c of p.terms.values()) {
    g = igcd(g, c);
    if (g === 1n) break;
  }
  return leadingCoefficient(p) < 0n ? -g : g;
}

/** p divided by its integer content: leading coefficient positive, coefficients coprime. */
export function primitive(p: Poly): Poly {
  const c = content(p);
  return c === 0n || c === 1n ? p : divInteger(p, c);
}

/** Coefficients reduced to the symmetric range of the modulus m. */
export function symmetricMod(p: Poly, m: bigint): Poly {
  const half = m / 2n;
  const out = new Map<number, bigint>();
  for (const [k, c] of p.terms) {
    let v = c % m;
    if (v > half) v -= m;
    else if (v < -half) v += m;
    if (v !== 0n) out.set(k, v);
  }
  return new Poly(p.ring, out);
}

/** The largest absolute value of a coefficient. */
export function maxNorm(p: Poly): bigint {
  let m = 0n;
  for (const c of p.terms.values()) {
    const a = c < 0n ? -c : c;
    if (a > m) m = a;
  }
  return m;
}

/** The generators that occur in `p`. */
export function occurring(p: Poly): number[] {
  const out: number[] = [];
  p.degrees.forEach((d, i) => {
    if (d > 0) out.push(i);
  });
  return out;
}
