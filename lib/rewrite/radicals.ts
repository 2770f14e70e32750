/**
 * Perfect powers in exact numbers, as two built-in strategies (the arithmetic a rule cannot do,
 * since a rule's right side cannot compute a factorisation):
 *
 * - `radicals`: a radical of a positive rational loses its perfect-power factors,
 *   `sqrt(8)` = `2*sqrt(2)`, `12^(1/2)` = `2*3^(1/2)`, `54^(2/3)` = `9*2^(2/3)`,
 *   `sqrt(8/9)` = `(2/3)*sqrt(2)`. Sound on the reals: `(k^r*m)^(p/r) = k^p*m^(p/r)` for k, m > 0.
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

/**
 * `n` (≥ 1) as `k^r * m` with `k` as large as trial division up to {@link TRIAL_LIMIT} (and a
 * perfect r-th power cofactor) finds.
 */
export function perfectPowerPart(n: bigint, r: bigint): { k: bigint; m: bigint } {
  let k = 1n;
  let m = n;
  for (let p = 2n; p <= TRIAL_LIMIT && p * p <= m; p += p === 2n ? 1n : 2n) {
    if (m % p !== 0n) continue;
    let e = 0n;
    while (m % p === 0n) {
      m /= p;
      e++;
    }
    k *= p ** (e / r);
    m *= p ** (e % r);
  }
  // What trial division left may itself be a perfect power (a large prime squared).
  if (m > 1n) {
    const rest = leftover(m, r);
    if (rest !== undefined) return { k: k * rest.root, m: m / rest.root ** r };
  }
  return { k, m };
}

/** The largest r-th power dividing `m` that is a power of `m`'s part beyond the trial divisors. */
function leftover(m: bigint, r: bigint): { root: bigint } | undefined {
  if (BigInt(Q.bitLength(m)) <= r) return undefined;
  const root = Q.exactRoot(Q.rational(m), r);
  return root === undefined ? undefined : { root: root.num };
}

/** A positive rational's radical `q^(p/r)` split as `c * s^(p/r)`; undefined when nothing comes out. */
function splitRadical(
  q: Q.Rational,
  r: bigint,
): { outer: Q.Rational; inner: Q.Rational } | undefined {
  if (q.num <= 0n) return undefined;
  const a = perfectPowerPart(q.num, r);
  const d = perfectPowerPart(q.den, r);
  if (a.k === 1n && d.k === 1n) return undefined;
  return { outer: Q.rational(a.k, d.k), inner: Q.rational(a.m, d.m) };
}

/** `radicals` (see the module comment). */
export const radicals: Strategy = (t, run) => {
  if (t.kind !== 'app') return undefined;
  let r: Term | undefined;
  if (t.head === 'sqrt' && t.args.length === 1 && t.args[0].kind === 'num') {
    const s = splitRadical(t.args[0], 2n);
    if (s !== undefined) r = mul(num(s.outer), call('sqrt', num(s.inner)));
  } else if (t.head === '^' && t.args.length === 2) {
    const [b, e] = t.args;
    if (b.kind === 'num' && e.kind === 'num' && e.den > 1n) {
      const s = splitRadical(b, e.den);
      if (s !== undefined) r = mul(num(Q.powInt(s.outer, e.num)), pow(num(s.inner), e));
    }
  }
  if (r === undefined || r === t) return undefined;
  run.step('radicals', t, r);
  return r;
};

/** The largest `j` ≥ 2 with `q = b^j` for a rational `b`, and that `b`; undefined when none. */
export function perfectPower(q: Q.Rational): { base: Q.Rational; exponent: bigint } | undefined {
  if (q.num <= 0n || (q.num === 1n && q.den === 1n)) return undefined;
  const bits = Math.max(Q.bitLength(q.num), Q.bitLength(q.den));
  for (let j = BigInt(bits); j >= 2n; j--) {
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
