/**
 * The polynomial core as term functions: each takes terms and returns a canonical term, exactly.
 * {@link polyFunctions} maps the user-visible names (`expand`, `factor`, ...) to them with their
 * arities, for the evaluator of inputs and the built-in strategies of the same names.
 *
 * Every function first applies itself to the arguments of the subterms that become generators
 * (`expand(sin((x+1)^2))` is `sin(x^2 + 2*x + 1)`), like SymPy's deep functions. A subterm that
 * is not a polynomial is a generator and nothing is said about it; budgets stop oversized work.
 */
import { BibunError } from '../base/errors.js';
import { pseudoDivide } from './division.js';
import * as Q from '../base/rational.js';
import type { Rational } from '../base/rational.js';
import { app, div, mul, num, pow, type Term } from '../term/term.js';
import { type Context, context, polyTerm, toFraction, toQPoly } from './convert.js';
import { fromDense } from './dense.js';
import { factor } from './factor-multivariate.js';
import { gcd, lcm } from './gcd.js';
import * as P from './poly.js';
import { cancelFraction, partialFractions, splitByOthers } from './rational-function.js';

const POLY_HEADS = new Set(['+', '*']);

/** t with `f` applied to the arguments of every generator-forming subterm. */
function deep(t: Term, f: (t: Term) => Term): Term {
  if (t.kind !== 'app') return t;
  if (POLY_HEADS.has(t.head))
    return app(
      t.head,
      t.args.map((a) => deep(a, f)),
    );
  if (t.head === '^') {
    const [b, e] = t.args;
    if (e.kind === 'num' && e.den === 1n) return pow(deep(b, f), e);
    return pow(f(b), f(e));
  }
  return app(
    t.head,
    t.args.map((a) => f(a)),
  );
}

/** A rational function n/d (times c) as a term. */
function fractionTerm(c: Context, n: P.Poly, d: P.Poly, k: Rational = Q.rational(1n)): Term {
  const top = mul(num(k), polyTerm(c, n));
  const dv = P.constantValue(d);
  if (dv !== undefined) return mul(num(Q.rational(1n, dv)), top);
  return div(top, polyTerm(c, d));
}

/** Multiplies out products and integer powers of sums: `expand((x+1)^2)` is `x^2 + 2*x + 1`. */
export function expandTerm(e: Term): Term {
  const t = deep(e, expandTerm);
  const c = context([t], false);
  const q = toQPoly(c, t);
  return polyTerm(c, q.p, q.d);
}

/** n/d with the gcd divided out: `cancel((x^2-1)/(x-1))` is `x + 1`. */
export function cancelTerm(e: Term): Term {
  const t = deep(e, cancelTerm);
  const c = context([t], true);
  const f = toFraction(c, t);
  const r = cancelFraction(f.n, f.d);
  return fractionTerm(c, r.n, r.d, r.c);
}

/** Over one common denominator: `together(1/x + 1/y)` is `(x + y)/(x*y)`. */
export function togetherTerm(e: Term): Term {
  const t = deep(e, togetherTerm);
  const c = context([t], true);
  const f = toFraction(c, t);
  const cn = P.content(f.n) || 1n;
  const cd = P.content(f.d);
  return fractionTerm(c, P.divInteger(f.n, cn), P.divInteger(f.d, cd), Q.rational(cn, cd));
}

/** The polynomial as a product of irreducibles over Q (a rational function: both parts). */
export function factorTerm(e: Term): Term {
  const t = deep(e, factorTerm);
  const c = context([t], true);
  const f = toFraction(c, t);
  const r = cancelFraction(f.n, f.d);
  const fn = factor(r.n);
  const fd = factor(r.d);
  const parts: Term[] = [num(Q.mul(r.c, Q.rational(fn.coefficient, fd.coefficient || 1n)))];
  for (const [g, i] of fn.factors) parts.push(pow(polyTerm(c, g), num(BigInt(i))));
  for (const [g, i] of fd.factors) parts.push(pow(polyTerm(c, g), num(BigInt(-i))));
  return app('*', parts);
}

/** The index of the positive generator whose base is x. */
function indexOf(c: Context, x: Term): number | undefined {
  return c.pos.get(x.id)?.index;
}

/** The variable of a univariate operation: the given one, or the only generator. */
function variableOf(c: Context, what: string, x?: Term): Term {
  if (x !== undefined) return x;
  const bases = [...new Set(c.gens.map((g) => g.base))];
  if (bases.length === 1) return bases[0];
  throw new BibunError(
    'usage',
    `${what} of an expression in ${bases.length === 0 ? 'no' : 'several'} variables needs a variable: ${what}(e, x)`,
  );
}

/** Partial fractions in x over Q: `apart(1/(x^2-1), x)` is `1/(2(x-1)) − 1/(2(x+1))`. */
export function apartTerm(e: Term, x?: Term): Term {
  const t = deep(e, (a) => a);
  const c0 = context([t], true);
  const v = variableOf(c0, 'apart', x);
  const c = context([t], true, [v]);
  const i = indexOf(c, v);
  const f = toFraction(c, t);
  const r = cancelFraction(f.n, f.d);
  if (i === undefined || P.degree(r.d, i) <= 0) return fractionTerm(c, r.n, r.d, r.c);
  if (P.occurring(r.d).some((j) => j !== i))
    throw new BibunError(
      'usage',
      'apart: the denominator must be a polynomial in the variable alone',
    );
  const D = P.coefficientsIn(r.d, i);
  const dense: bigint[] = [];
  for (const [e2, p] of D) {
    while (dense.length <= e2) dense.push(0n);
    dense[e2] = P.constantValue(p)!;
  }
  const out: Term[] = [];
  for (const [rest, N] of splitByOthers(r.n, i)) {
    const mono = polyTerm(c, new P.Poly(c.ring, new Map([[rest, 1n]])));
    const { polynomial, parts } = partialFractions(N, dense);
    const xTerm = (q: Rational[]) => qdenseTerm(c, i, q);
    const pieces: Term[] = [xTerm(polynomial)];
    for (const part of parts)
      pieces.push(
        mul(
          xTerm(part.numerator),
          pow(polyTerm(c, fromDense(c.ring, i, part.factor)), num(BigInt(-part.power))),
        ),
      );
    out.push(mul(num(r.c), mono, app('+', pieces)));
  }
  return expandSums(app('+', out));
}

/** Distributes numbers and monomials over the sums of a partial-fraction result. */
function expandSums(t: Term): Term {
  if (t.kind !== 'app' || t.head !== '+') return t;
  const parts: Term[] = [];
  for (const a of t.args) {
    if (a.kind === 'app' && a.head === '*') {
      const sums = a.args.filter((x) => x.kind === 'app' && x.head === '+');
      if (sums.length === 1) {
        const rest = a.args.filter((x) => x !== sums[0]);
        for (const s of (sums[0] as { args: readonly Term[] }).args)
          parts.push(app('*', [...rest, s]));
        continue;
      }
    }
    parts.push(a);
  }
  return app('+', parts);
}

function qdenseTerm(c: Context, i: number, q: readonly Rational[]): Term {
  const parts: Term[] = [];
  q.forEach((coef, e) => {
    if (coef.num !== 0n) parts.push(mul(num(coef), pow(c.gens[i].base, num(BigInt(e)))));
  });
  return app('+', parts);
}

/** Merged exponent of base x in a monomial (x and 1/x, sqrt(x) generators combined). */
function exponentOf(c: Context, key: number, x: Term): Rational {
  let e = Q.rational(0n);
  for (let j = 0; j < c.ring.n; j++)
    if (c.gens[j].base === x)
      e = Q.add(e, Q.mul(c.gens[j].exponent, Q.rational(BigInt(P.expOf(c.ring, key, j)))));
  return e;
}

function gensOf(c: Context, x: Term): Set<number> {
  const s = new Set<number>();
  c.gens.forEach((g, j) => {
    if (g.base === x) s.add(j);
  });
  return s;
}

/** Groups by powers of x: `collect(a*x + b*x + c, x)` is `(a + b)*x + c`. */
export function collectTerm(e: Term, x: Term): Term {
  const t = deep(e, (a) => a);
  const c = context([t], false, [x]);
  const q = toQPoly(c, t);
  const groups = new Map<string, { e: Rational; m: Map<number, bigint> }>();
  for (const [k, v] of q.p.terms) {
    const ex = exponentOf(c, k, x);
    const key = Q.toString(ex);
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { e: ex, m: new Map() }));
    g.m.set(k, v);
  }
  const skip = gensOf(c, x);
  const parts: Term[] = [];
  for (const g of groups.values())
    parts.push(mul(polyTerm(c, new P.Poly(c.ring, g.m), q.d, skip), pow(x, num(g.e))));
  return app('+', parts);
}

/** The degree in x (−1 for the zero polynomial; fractional for fractional powers). */
export function degreeTerm(p: Term, x?: Term): Term {
  const t = expandTerm(p);
  const c0 = context([t], false);
  const v = variableOf(c0, 'degree', x);
  const c = context([t], false, [v]);
  const q = toQPoly(c, t);
  let best: Rational | undefined;
  for (const k of q.p.terms.keys()) {
    const ex = exponentOf(c, k, v);
    if (best === undefined || Q.compare(ex, best) > 0) best = ex;
  }
  return num(best ?? Q.rational(-1n));
}

/** The coefficient of x^n: `coeff(3*x^2*y + x, x, 2)` is `3*y`. */
export function coeffTerm(p: Term, x: Term, n: Term): Term {
  if (n.kind !== 'num') throw new BibunError('usage', 'coeff(p, x, n) needs a number n');
  const t = expandTerm(p);
  const c = context([t], false, [x]);
  const q = toQPoly(c, t);
  const m = new Map<number, bigint>();
  for (const [k, v] of q.p.terms) if (Q.compare(exponentOf(c, k, x), n) === 0) m.set(k, v);
  return polyTerm(c, new P.Poly(c.ring, m), q.d, gensOf(c, x));
}

function twoPolys(a: Term, b: Term, first: Term[] = []) {
  const ta = expandTerm(a);
  const tb = expandTerm(b);
  const c = context([ta, tb], false, first);
  return { c, qa: toQPoly(c, ta), qb: toQPoly(c, tb) };
}

/** The rational gcd of the contents p.c/p.d. */
function contentGcd(ca: bigint, da: bigint, cb: bigint, db: bigint): Rational {
  const l = (da * db) / Q.gcd(da, db);
  return Q.rational(Q.gcd(ca, cb), l);
}

/** The greatest common divisor (content included, positive leading coefficient). */
export function gcdTerm(a: Term, b: Term): Term {
  const { c, qa, qb } = twoPolys(a, b);
  const g = gcd(P.primitive(qa.p), P.primitive(qb.p));
  const k = contentGcd(P.content(qa.p), qa.d, P.content(qb.p), qb.d);
  return mul(num(k), polyTerm(c, g));
}

/** The least common multiple (primitive, positive leading coefficient). */
export function lcmTerm(a: Term, b: Term): Term {
  const { c, qa, qb } = twoPolys(a, b);
  return polyTerm(c, lcm(P.primitive(qa.p), P.primitive(qb.p)));
}

function division(a: Term, b: Term, x: Term | undefined, what: string) {
  const probe = twoPolys(a, b);
  const v = variableOf(probe.c, what, x);
  const { c, qa, qb } = twoPolys(a, b, [v]);
  const i = indexOf(c, v)!;
  if (P.isZero(qb.p)) throw new BibunError('domain', `${what}: division by zero`);
  const { q, r } = pseudoDivide(qa.p, qb.p, i);
  const k = Math.max(P.degree(qa.p, i) - P.degree(qb.p, i) + 1, 0);
  const scale = P.scale(P.pow(P.leadIn(qb.p, i), k), qa.d);
  // a = (q·b.d / (lc^k·a.d))·b + r / (lc^k·a.d).
  const quo = cancelFraction(P.scale(q, qb.d), scale);
  const rem = cancelFraction(r, scale);
  return { c, quo, rem };
}

/** The quotient of a by b in x (over the rational functions of the other generators). */
export function quoTerm(a: Term, b: Term, x?: Term): Term {
  const { c, quo } = division(a, b, x, 'quo');
  return fractionTerm(c, quo.n, quo.d, quo.c);
}

/** The remainder of a by b in x: a = quo·b + rem, deg_x rem < deg_x b. */
export function remTerm(a: Term, b: Term, x?: Term): Term {
  const { c, rem } = division(a, b, x, 'rem');
  return fractionTerm(c, rem.n, rem.d, rem.c);
}

/** A polynomial function: its arities and its implementation on argument terms. */
export interface PolyFunction {
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly apply: (args: readonly Term[]) => Term;
}

/** The user-visible polynomial functions, by name. */
export const polyFunctions: ReadonlyMap<string, PolyFunction> = new Map<string, PolyFunction>([
  ['expand', { minArgs: 1, maxArgs: 1, apply: (a) => expandTerm(a[0]) }],
  ['factor', { minArgs: 1, maxArgs: 1, apply: (a) => factorTerm(a[0]) }],
  ['cancel', { minArgs: 1, maxArgs: 1, apply: (a) => cancelTerm(a[0]) }],
  ['together', { minArgs: 1, maxArgs: 1, apply: (a) => togetherTerm(a[0]) }],
  ['apart', { minArgs: 1, maxArgs: 2, apply: (a) => apartTerm(a[0], a[1]) }],
  ['collect', { minArgs: 2, maxArgs: 2, apply: (a) => collectTerm(a[0], a[1]) }],
  ['gcd', { minArgs: 2, maxArgs: 2, apply: (a) => gcdTerm(a[0], a[1]) }],
  ['lcm', { minArgs: 2, maxArgs: 2, apply: (a) => lcmTerm(a[0], a[1]) }],
  ['quo', { minArgs: 2, maxArgs: 3, apply: (a) => quoTerm(a[0], a[1], a[2]) }],
  ['rem', { minArgs: 2, maxArgs: 3, apply: (a) => remTerm(a[0], a[1], a[2]) }],
  ['degree', { minArgs: 1, maxArgs: 2, apply: (a) => degreeTerm(a[0], a[1]) }],
  ['coeff', { minArgs: 3, maxArgs: 3, apply: (a) => coeffTerm(a[0], a[1], a[2]) }],
]);
