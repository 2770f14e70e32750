/**
 * Terms to polynomials and back.
 *
 * Every subterm that is not built from numbers by `+`, `*` and integer powers is a generator:
 * symbols, calls (`sin(x)`, `exp(y)`), powers with a symbolic exponent (`x^y`) and powers with a
 * fractional exponent. Powers of one base share a generator: `x` and `x^(1/2)` become t^2 and t
 * with t = x^(1/2) (t = b^(1/L), L the lcm of the exponents' denominators), so `x − sqrt(x)^2`
 * is the zero polynomial (`sqrt(b)` is read as b^(1/2), and written back with `sqrt`). Generators are ordered by the canonical term order, except the ones a
 * caller names first (the variable of `collect`, `apart`, `degree`).
 *
 * Two readings of negative powers. The polynomial reading (expand, collect, gcd, degree) makes
 * b^(−1/L) a generator of its own, a Laurent polynomial: `x + 1/x` is a polynomial in x and 1/x,
 * and the two merge again when the result is written back (`x·x^(−1)` is 1). The rational
 * reading (cancel, together, apart, factor) moves b^(−k) into a denominator polynomial.
 */
import * as Q from '../base/rational.js';
import { exactDivide } from './division.js';
import type { Rational } from '../base/rational.js';
import {
  type App,
  app,
  call,
  compareTerms,
  mul as tmul,
  num,
  pow as tpow,
  type Term,
} from '../term/term.js';
import * as P from './poly.js';
import { lcm } from './gcd.js';

/** A generator: `base^exponent` (exponent 1/L, or −1/L for a Laurent generator). */
export interface Generator {
  readonly base: Term;
  readonly exponent: Rational;
}

/** The generators of a conversion and their ring. */
export interface Context {
  readonly ring: P.Ring;
  readonly gens: readonly Generator[];
  /** Term id of a base → its positive generator's index and L. */
  readonly pos: ReadonlyMap<number, { index: number; L: bigint }>;
  /** Term id of a base → its Laurent (negative) generator's index, in the polynomial reading. */
  readonly negs: ReadonlyMap<number, number>;
  readonly rational: boolean;
}

/** A polynomial over Q: an integer polynomial over a positive integer denominator. */
export interface QPoly {
  readonly p: P.Poly;
  readonly d: bigint;
}

/** A rational function: numerator and denominator integer polynomials. */
export interface Fraction {
  readonly n: P.Poly;
  readonly d: P.Poly;
}

/**
 * The generators of `terms`, in one ring, for the polynomial or the rational reading. `first`
 * are bases to order before all others (in this order).
 */
export function context(
  terms: readonly Term[],
  rational: boolean,
  first: readonly Term[] = [],
): Context {
  const bases = new Map<number, { base: Term; L: bigint; neg: boolean }>();
  const record = (b: Term, e: Rational) => {
    let info = bases.get(b.id);
    if (info === undefined) bases.set(b.id, (info = { base: b, L: 1n, neg: false }));
    info.L = (info.L * e.den) / Q.gcd(info.L, e.den);
    if (e.num < 0n && !rational) info.neg = true;
  };
  const seen = new Set<string>();
  // t^e for an integer e, mirroring powerOf below.
  const visit = (t: Term, e: bigint) => {
    const key = `${t.id}:${e}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (t.kind === 'num') return;
    if (t.kind === 'app' && t.head === '+') {
      if (e < 0n && !rational) return record(t, Q.rational(e));
      for (const a of t.args) visit(a, 1n);
    } else if (t.kind === 'app' && t.head === '*') for (const a of t.args) visit(a, e);
    else if (t.kind === 'app' && t.head === '^' && t.args[1].kind === 'num') {
      const q = t.args[1];
      if (q.den === 1n) visit(t.args[0], q.num * e);
      else record(t.args[0], Q.mul(q, Q.rational(e)));
    } else if (isSqrt(t)) record(t.args[0], Q.rational(e, 2n));
    else record(t, Q.rational(e));
  };
  for (const t of terms) visit(t, 1n);
  for (const f of first) if (!bases.has(f.id)) record(f, Q.rational(1n));
  const rank = (t: Term) => {
    const i = first.indexOf(t);
    return i < 0 ? first.length : i;
  };
  const order = [...bases.values()].sort(
    (a, b) => rank(a.base) - rank(b.base) || compareTerms(a.base, b.base),
  );
  const gens: Generator[] = [];
  const pos = new Map<number, { index: number; L: bigint }>();
  const negs = new Map<number, number>();
  for (const o of order) {
    pos.set(o.base.id, { index: gens.length, L: o.L });
    gens.push({ base: o.base, exponent: Q.rational(1n, o.L) });
  }
  for (const o of order)
    if (o.neg) {
      negs.set(o.base.id, gens.length);
      gens.push({ base: o.base, exponent: Q.rational(-1n, o.L) });
    }
  return { ring: P.ring(gens.length), gens, pos, negs, rational };
}

/** `sqrt(b)`, read as b^(1/2). */
function isSqrt(t: Term): t is App {
  return t.kind === 'app' && t.head === 'sqrt' && t.args.length === 1;
}

/**
 * base^e, with odd multiples of 1/2 written with `sqrt` as the input would be. A positive
 * number's radical keeps an exponent between 0 and 1, its integer part a number factor, as the
 * built-in `radicals` writes it (`sqrt(2)^3` is `2*sqrt(2)`, `2^(-1/2)` is `sqrt(2)/2`).
 */
function powerTerm(base: Term, e: Rational): Term {
  if (base.kind === 'num' && base.num > 0n && e.den > 1n) {
    const w = e.num >= 0n ? e.num / e.den : -((-e.num + e.den - 1n) / e.den);
    if (w !== 0n) return tmul(num(Q.powInt(base, w)), powerTerm(base, Q.sub(e, Q.rational(w))));
  }
  if (e.den === 2n) return tpow(call('sqrt', base), num(e.num));
  return tpow(base, num(e));
}

/** The generator power for base^e: its index and its (possibly negative) exponent. */
function atomExponent(c: Context, b: Term, e: Rational): { index: number; k: number } {
  const info = c.pos.get(b.id)!;
  const k = Q.mul(e, Q.rational(info.L));
  if (k.num >= 0n) return { index: info.index, k: Number(k.num) };
  const ni = c.negs.get(b.id);
  return { index: ni ?? info.index, k: ni === undefined ? Number(k.num) : Number(-k.num) };
}

function qnorm(p: P.Poly, d: bigint): QPoly {
  const g = Q.gcd(P.content(p), d);
  return g === 1n || g === 0n ? { p, d } : { p: P.divInteger(p, g), d: d / g };
}

/** The polynomial reading of t (polynomial over Q, Laurent generators for negative powers). */
export function toQPoly(c: Context, t: Term): QPoly {
  const memo = new Map<number, QPoly>();
  const power = (t: Term, e: bigint): QPoly => {
    if (e === 1n) {
      const hit = memo.get(t.id);
      if (hit !== undefined) return hit;
    }
    let out: QPoly;
    if (t.kind === 'num') {
      const v = Q.powInt(t, e);
      out = { p: P.constant(c.ring, v.num), d: v.den };
    } else if (t.kind === 'app' && t.head === '+' && e >= 0n) {
      let p = P.zero(c.ring);
      let d = 1n;
      for (const a of t.args) {
        const q = power(a, 1n);
        const l = (d * q.d) / Q.gcd(d, q.d);
        p = P.add(P.scale(p, l / d), P.scale(q.p, l / q.d));
        d = l;
      }
      out = e === 1n ? qnorm(p, d) : qnorm(P.pow(p, Number(e)), d ** e);
    } else if (t.kind === 'app' && t.head === '*') {
      let p = P.constant(c.ring, 1n);
      let d = 1n;
      for (const a of t.args) {
        const q = power(a, e);
        p = P.mul(p, q.p);
        d *= q.d;
      }
      out = qnorm(p, d);
    } else if (t.kind === 'app' && t.head === '^' && t.args[1].kind === 'num') {
      const q = t.args[1];
      out = q.den === 1n ? power(t.args[0], q.num * e) : atom(t.args[0], Q.mul(q, Q.rational(e)));
    } else if (isSqrt(t)) out = atom(t.args[0], Q.rational(e, 2n));
    else out = atom(t, Q.rational(e));
    if (e === 1n) memo.set(t.id, out);
    return out;
  };
  const atom = (b: Term, e: Rational): QPoly => {
    const { index, k } = atomExponent(c, b, e);
    if (k < 0) throw new RangeError('a negative power without a Laurent generator');
    return { p: P.gen(c.ring, index, k), d: 1n };
  };
  return power(t, 1n);
}

/** The rational reading of t: numerator over denominator. */
export function toFraction(c: Context, t: Term): Fraction {
  const memo = new Map<number, Fraction>();
  const one = P.constant(c.ring, 1n);
  const power = (t: Term, e: bigint): Fraction => {
    if (e === 1n) {
      const hit = memo.get(t.id);
      if (hit !== undefined) return hit;
    }
    let out: Fraction;
    if (t.kind === 'num') {
      const v = Q.powInt(t, e);
      out = { n: P.constant(c.ring, v.num), d: P.constant(c.ring, v.den) };
    } else if (t.kind === 'app' && t.head === '+') {
      let n = P.zero(c.ring);
      let d = one;
      for (const a of t.args) {
        const f = power(a, 1n);
        if (P.equals(f.d, d)) n = P.add(n, f.n);
        else {
          const l = lcm(d, f.d);
          n = P.add(P.mul(n, exactDivide(l, d)!), P.mul(f.n, exactDivide(l, f.d)!));
          d = l;
        }
      }
      if (e !== 1n) {
        const k = Number(e < 0n ? -e : e);
        const [pn, pd] = [P.pow(n, k), P.pow(d, k)];
        out = e < 0n ? { n: pd, d: pn } : { n: pn, d: pd };
      } else out = { n, d };
    } else if (t.kind === 'app' && t.head === '*') {
      let n = one;
      let d = one;
      for (const a of t.args) {
        const f = power(a, e);
        n = P.mul(n, f.n);
        d = P.mul(d, f.d);
      }
      out = { n, d };
    } else if (t.kind === 'app' && t.head === '^' && t.args[1].kind === 'num') {
      const q = t.args[1];
      out = q.den === 1n ? power(t.args[0], q.num * e) : atom(t.args[0], Q.mul(q, Q.rational(e)));
    } else if (isSqrt(t)) out = atom(t.args[0], Q.rational(e, 2n));
    else out = atom(t, Q.rational(e));
    if (e === 1n) memo.set(t.id, out);
    return out;
  };
  const atom = (b: Term, e: Rational): Fraction => {
    const { index, k } = atomExponent(c, b, e);
    return k >= 0
      ? { n: P.gen(c.ring, index, k), d: one }
      : { n: one, d: P.gen(c.ring, index, -k) };
  };
  return power(t, 1n);
}

/** The monomial of a packed key as a term, powers of one base merged (x·x^(−1) = 1). */
export function monomialTerm(c: Context, key: number, skip?: ReadonlySet<number>): Term {
  const byBase = new Map<number, { base: Term; e: Rational }>();
  for (let i = 0; i < c.ring.n; i++) {
    if (skip?.has(i)) continue;
    const k = P.expOf(c.ring, key, i);
    if (k === 0) continue;
    const g = c.gens[i];
    const old = byBase.get(g.base.id);
    const e = Q.mul(g.exponent, Q.rational(BigInt(k)));
    if (old === undefined) byBase.set(g.base.id, { base: g.base, e });
    else old.e = Q.add(old.e, e);
  }
  const factors: Term[] = [];
  for (const { base, e } of byBase.values()) if (e.num !== 0n) factors.push(powerTerm(base, e));
  return app('*', factors);
}

/** A polynomial over Q as a canonical term (like monomials combined). */
export function polyTerm(c: Context, p: P.Poly, d = 1n, skip?: ReadonlySet<number>): Term {
  const acc = new Map<number, { mono: Term; coef: Rational }>();
  for (const [k, v] of p.terms) {
    let mono = monomialTerm(c, k, skip);
    let coef = Q.rational(v, d);
    // The number factor of a radical's integer part (powerTerm) joins the coefficient.
    if (mono.kind === 'num') {
      coef = Q.mul(coef, mono);
      mono = num(1);
    } else if (mono.kind === 'app' && mono.head === '*' && mono.args[0].kind === 'num') {
      coef = Q.mul(coef, mono.args[0]);
      mono = app('*', mono.args.slice(1));
    }
    const old = acc.get(mono.id);
    if (old === undefined) acc.set(mono.id, { mono, coef });
    else old.coef = Q.add(old.coef, coef);
  }
  const parts: Term[] = [];
  for (const { mono, coef } of acc.values()) if (coef.num !== 0n) parts.push(tmul(num(coef), mono));
  return app('+', parts);
}
