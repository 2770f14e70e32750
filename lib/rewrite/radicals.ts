/**
 * Perfect powers in exact numbers, as two built-in strategies (the arithmetic a rule cannot do,
 * since a rule's right side cannot compute a factorisation):
 *
 * - `radicals`: a radical of a positive rational loses its perfect-power factors and its
 *   denominator, and a power above 1 its integer part, as SymPy writes them: `sqrt(8)` =
 *   `2*sqrt(2)`, `12^(1/2)` = `2*3^(1/2)`, `54^(2/3)` = `9*2^(2/3)`, `sqrt(8/9)` =
 *   `(2/3)*sqrt(2)`, `sqrt(1/2)` = `sqrt(2)/2`, `2^(-1/2)` = `2^(1/2)/2`, `2^(3/2)` =
 *   `2*2^(1/2)`, `(1/4)^(1/3)` = `2^(1/3)/2`. Sound on the reals: `(k^r*m)^(p/r) = k^p*m^(p/r)`
 *   and `d^(-s/r) = d^((r - s)/r)/d` for k, m, d > 0.
 * - `log_powers`: the logarithm of a positive rational that is a perfect power,
 *   `log(8)` = `3*log(2)`, `log(1/9)` = `-2*log(3)`. It makes a term larger, so `simplify` tries
 *   it only as a candidate (`log(8)/log(2)` = `3`).
 *
 * Both work at the root and fail when nothing changes.
 */
import * as Q from '../base/rational.js';
import type { Strategy } from './run.js';
import { app, call, mul, num, pow, type Term } from '../term/term.js';

/** Trial divisors stop here: past it only factors found so far (and a perfect-power rest) count. */
const TRIAL_LIMIT = 10_000n;

/** Above this many bits, the rational part of a radical `q^(p/r)` is not computed. */
const MAX_RATIONAL_PART_BITS = 4096;

/**
 * `n` ≥ 1 as prime powers, by trial division up to {@link TRIAL_LIMIT}; what is left without
 * small factors is one entry `[b, j]`, `b^j` with the largest j (b need not be a prime).
 */
function factorInteger(n: bigint): [bigint, bigint][] {
  const factors: [bigint, bigint][] = [];
  let m = n;
  for (let p = 2n; p <= TRIAL_LIMIT && p * p <= m; p += p === 2n ? 1n : 2n) {
    if (m % p !== 0n) continue;
    let e = 0n;
    while (m % p === 0n) {
      m /= p;
      e++;
    }
    factors.push([p, e]);
  }
  if (m > 1n) {
    // No factor up to TRIAL_LIMIT: a base above it has at most bits/13 of them.
    const pp = perfectPower(Q.rational(m), Math.floor(Q.bitLength(m) / 13));
    factors.push(pp === undefined ? [m, 1n] : [pp.base.num, pp.exponent]);
  }
  return factors;
}

/** A radical `base^exponent` (base > 1, 0 < exponent < 1) of a canonical form. */
type Radical = readonly [base: bigint, exponent: Q.Rational];

/**
 * `b^(s/r)` for integers b ≥ 1, s ≥ 1, r ≥ 2, as SymPy writes it: with `b = Π p^e`, the integer
 * `Π p^⌊e·s/r⌋` times the radical `Π p^(e·s mod r)` to the power 1/r, whose base is written
 * as the power it is (`72^(1/3)` is `2*3^(2/3)`, `12^(1/3)` stays).
 */
function integerPower(b: bigint, s: bigint, r: bigint): { out: bigint; radical?: Radical } {
  let out = 1n;
  const rest: [bigint, bigint][] = [];
  let g = 0n;
  for (const [p, e] of factorInteger(b)) {
    const es = e * s;
    out *= p ** (es / r);
    if (es % r === 0n) continue;
    rest.push([p, es % r]);
    g = Q.gcd(g, es % r);
  }
  if (rest.length === 0) return { out };
  let base = 1n;
  for (const [p, e] of rest) base *= p ** (e / g);
  return { out, radical: [base, Q.rational(g, r)] };
}

/**
 * A positive rational's power `q^(p/r)` (r ≥ 2, p ≠ 0, in lowest terms) in canonical form, as
 * SymPy writes it: a rational coefficient times radicals of integers, the denominator
 * rationalised. With `q = a/d` and `k = ⌈p/r⌉`, `q^(p/r) = a^(p/r) · d^((k·r - p)/r) / d^k`,
 * each integer power as {@link integerPower} writes it; two radicals with the same exponent
 * merge, as `sqrt(2/3)` is `sqrt(6)/3`. A negative p is the power of 1/q. Undefined when the
 * coefficient would be too large to compute.
 */
function canonicalRadical(
  q: Q.Rational,
  p: bigint,
  r: bigint,
): { coefficient: Q.Rational; radicals: Radical[] } | undefined {
  if (p < 0n) return canonicalRadical(Q.inv(q), -p, r);
  const bits = Math.max(Q.bitLength(q.num), Q.bitLength(q.den));
  if ((Number(p) / Number(r)) * bits > MAX_RATIONAL_PART_BITS) return undefined;
  const k = (p + r - 1n) / r;
  const top = integerPower(q.num, p, r);
  const bottom = k * r === p ? { out: 1n } : integerPower(q.den, k * r - p, r);
  const coefficient = Q.rational(top.out * bottom.out, q.den ** k);
  const radicals: Radical[] = [];
  const [x, y] = [top.radical, bottom.radical];
  if (x !== undefined && y !== undefined && Q.compare(x[1], y[1]) === 0)
    radicals.push([x[0] * y[0], x[1]]);
  else for (const z of [x, y]) if (z !== undefined) radicals.push(z);
  return { coefficient, radicals };
}

/** `radicals` (see the module comment). */
export const radicals: Strategy = (t, run) => {
  if (t.kind !== 'app') return undefined;
  let r: Term | undefined;
  if (t.head === 'sqrt' && t.args.length === 1 && t.args[0].kind === 'num') {
    const q = t.args[0];
    const c = q.num > 0n ? canonicalRadical(q, 1n, 2n) : undefined;
    if (c !== undefined)
      r = mul(num(c.coefficient), ...c.radicals.map(([b]) => call('sqrt', num(b))));
  } else if (t.head === '^' && t.args.length === 2) {
    const [b, e] = t.args;
    if (b.kind === 'num' && b.num > 0n && e.kind === 'num' && e.den > 1n) {
      const c = canonicalRadical(b, e.num, e.den);
      if (c !== undefined)
        r = mul(num(c.coefficient), ...c.radicals.map(([x, y]) => pow(num(x), num(y))));
    }
  }
  if (r === undefined || r === t) return undefined;
  run.step('radicals', t, r);
  return r;
};

/**
 * The largest `j` ≥ 2 (and at most `maxExponent`) with `q = b^j` for a rational `b`, and that
 * `b`; undefined when none.
 */
export function perfectPower(
  q: Q.Rational,
  maxExponent = Math.max(Q.bitLength(q.num), Q.bitLength(q.den)),
): { base: Q.Rational; exponent: bigint } | undefined {
  if (q.num <= 0n || (q.num === 1n && q.den === 1n)) return undefined;
  for (let j = BigInt(maxExponent); j >= 2n; j--) {
    const b = Q.exactRoot(q, j);
    if (b !== undefined) return { base: b, exponent: j };
  }
  return undefined;
}

/** `log_powers` (see the module comment). */
export const logPowers: Strategy = (t, run) => {
  if (t.kind !== 'app' || t.head !== 'log' || t.args.length !== 1) return undefined;
  const a = t.args[0];
  if (a.kind !== 'num') return undefined;
  const p = perfectPower(a);
  if (p === undefined) return undefined;
  // A base below 1 is written as the inverse of one above it: log(1/9) = -2*log(3).
  const flip = Q.compare(p.base, Q.rational(1n)) < 0;
  const base = flip ? Q.inv(p.base) : p.base;
  const r = mul(num(flip ? -p.exponent : p.exponent), app('log', [num(base)]));
  run.step('log_powers', t, r);
  return r;
};
