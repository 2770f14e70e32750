/**
 * `solve(eq, x)` for a univariate polynomial equation: the numerator of lhs − rhs over one
 * denominator, factored over Q (lib/poly); linear factors give rational roots, quadratic ones
 * exact roots with simplified square roots, binomials a·x^n + c their real n-th roots
 * (2^(1/3)), and other irreducible factors of higher degree their real roots to double
 * precision (lib/cas/real-roots.ts). Roots are distinct real roots; complex roots are left out.
 */
import { BibunError } from '../base/errors.js';
import * as Q from '../base/rational.js';
import { context, toFraction } from '../poly/convert.js';
import { type Dense, isqrt, toDense } from '../poly/dense.js';
import { factorDense } from '../poly/factor-univariate.js';
import * as P from '../poly/poly.js';
import { cancelFraction } from '../poly/rational-function.js';
import { evaluate } from '../term/evaluate.js';
import { shown } from '../term/print.js';
import { add, call, isApp, mul, neg, type Num, num, pow, sub, type Term } from '../term/term.js';
import { realRoots } from './real-roots.js';

/** Roots: exact terms first (ascending), then doubles (ascending) with their printed texts. */
export interface Roots {
  readonly exact: readonly Term[];
  readonly numeric: readonly number[];
}

/** lhs − rhs of `lhs == rhs`, or the expression itself (taken as `= 0`). */
export function asZero(eq: Term): Term {
  return isApp(eq, '==') && eq.args.length === 2 ? sub(eq.args[0], eq.args[1]) : eq;
}

/** A usage error when x is not a plain symbol. */
export function checkSymbol(name: string, x: Term): void {
  if (x.kind !== 'sym' || x.name === 'pi' || x.name === 'e') {
    throw new BibunError('usage', `${name}: the variable must be a symbol, got ${shown(x)}`);
  }
}

/** The integer numerator of `e` as dense coefficients in x, or undefined if not polynomial. */
function numeratorIn(e: Term, x: Term): Dense | undefined {
  const c = context([e], true, [x]);
  const t = toFraction(c, e);
  // Cancelled, so a root of the numerator is never a pole.
  const f = cancelFraction(t.n, t.d);
  for (const p of [f.n, f.d])
    for (const i of P.occurring(p)) {
      const g = c.gens[i];
      if (i !== 0 || g.base !== x || !Q.isOne(g.exponent)) return undefined;
    }
  return toDense(f.n, 0);
}

/** n = s²·r with r free of the squares of small primes (cheap, not complete). */
function splitSquare(n: bigint): { s: bigint; r: bigint } {
  const root = isqrt(n);
  if (root * root === n) return { s: root, r: 1n };
  let s = 1n;
  let r = n;
  for (let p = 2n; p < 1000n && p * p <= r; p++) {
    while (r % (p * p) === 0n) {
      r /= p * p;
      s *= p;
    }
  }
  return { s, r };
}

function quadraticRoots([c, b, a]: Dense): Term[] {
  const disc = b * b - 4n * a * c;
  if (disc < 0n) return [];
  const { s, r } = splitSquare(disc);
  const centre = num(Q.rational(-b, 2n * a));
  const half = Q.rational(s, 2n * a);
  const radical = r === 1n ? num(half) : mul(num(half), call('sqrt', num(r)));
  return [sub(centre, radical), add(centre, radical)];
}

/** The real roots of an irreducible a·x^n + c (n ≥ 3): ±(−c/a)^(1/n); undefined for others. */
function binomialRoots(g: Dense): Term[] | undefined {
  const n = g.length - 1;
  for (let i = 1; i < n; i++) if (g[i] !== 0n) return undefined;
  const q = Q.rational(-g[0], g[n]);
  const root = (v: Q.Rational) => pow(num(v), num(Q.rational(1n, BigInt(n))));
  if (n % 2 === 1) return [Q.sign(q) < 0 ? neg(root(Q.neg(q))) : root(q)];
  return Q.sign(q) > 0 ? [neg(root(q)), root(q)] : [];
}

/**
 * The distinct real roots of the polynomial equation `eq` in `x`.
 *
 * @throws BibunError `usage` when the equation is not polynomial in x (suggesting nsolve), or
 * is identically true.
 * @example solveRoots(parse('x^2 == 2'), sym('x')).exact // [-sqrt(2), sqrt(2)]
 */
export function solveRoots(eq: Term, x: Term): Roots {
  checkSymbol('solve', x);
  const d = numeratorIn(asZero(eq), x);
  if (d === undefined) {
    throw new BibunError(
      'usage',
      `solve: ${shown(eq)} is not a polynomial equation in ${shown(x)} with rational coefficients; try nsolve(f, ${shown(x)}, x0)`,
    );
  }
  if (d.length === 0) {
    throw new BibunError('usage', `solve: ${shown(eq)} holds for every ${shown(x)}`);
  }
  const exact: Term[] = [];
  const numeric: number[] = [];
  for (const [g] of factorDense(d).factors) {
    if (g.length === 2) exact.push(num(Q.rational(-g[0], g[1])));
    else if (g.length === 3) exact.push(...quadraticRoots(g));
    else {
      const binomial = binomialRoots(g);
      if (binomial !== undefined) exact.push(...binomial);
      else numeric.push(...realRoots(g));
    }
  }
  const value = new Map(exact.map((t) => [t, evaluate(t)]));
  exact.sort((a, b) => value.get(a)! - value.get(b)!);
  numeric.sort((a, b) => a - b);
  return { exact, numeric };
}

/** A double as an exact number and its printed text, as N's results are. */
export function floatNumber(v: number, decimals: Map<Num, string>): Num {
  const n = num(Q.fromNumber(v));
  decimals.set(n, String(v));
  return n;
}
