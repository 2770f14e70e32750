/**
 * The polynomial core's functions as built-in strategies (every library has them): `cancel`,
 * `together` and `factor` rewrite the term they are applied to (a strategy at the root: use a
 * traversal to reach subterms) and fail when they change nothing. `simplify.rules` tries
 * `cancel` as one more candidate, so `(x^2 - 1)/(x - 1)` simplifies to `x + 1`.
 *
 * `factor_terms` takes the common monomial factor out of a sum (SymPy's `factor_terms`, without
 * factorising anything): `3*a^2*b + 3*a*b^2` is `3*a*b*(a + b)`, and `sin(x)^3 +
 * sin(x)*cos(x)^2` is `sin(x)*(sin(x)^2 + cos(x)^2)`, which the core then makes `sin(x)`. It is
 * an identity everywhere (positive integer exponents only, so nothing is divided), and it costs
 * one pass over the summands, so simplify tries it on every input.
 *
 * `cancel` and `together` are tried only on terms with a denominator (a negative power of a
 * non-number): on anything else they could only rewrite the term into its expansion, which the
 * `expand` candidate already tries. And only where the fraction over one denominator has a
 * size they can handle, bounded on the DAG before any polynomial is built (`rationalFits`):
 * simplify tries them on every input, and the polynomials of a large DAG follow its tree.
 */
import { cancelTerm, factorTerm, togetherTerm } from '../poly/functions.js';
import { DegreeOverflow, TooManyGenerators } from '../poly/poly.js';
import type { Strategy } from './run.js';
import { gcd } from '../base/rational.js';
import { postorder } from '../term/walk.js';
import { add, mul, type Num, num, pow, type Term } from '../term/term.js';

/** True when `t` has a power with a negative exponent whose base is not a number. */
function hasDenominator(t: Term): boolean {
  for (const n of postorder(t)) {
    if (n.kind !== 'app' || n.head !== '^') continue;
    const [b, e] = n.args;
    if (b.kind !== 'num' && e.kind === 'num' && e.num < 0n) return true;
  }
  return false;
}

/**
 * Highest degree of a numerator or denominator that `cancel` and `together` are tried on inside
 * a strategy: their GCDs grow much faster than the degree (a degree-64 fraction takes about a
 * second, a degree-128 one minutes).
 */
export const maxCancelDegree = 100;

/** Below this many monomials, the size of the input does not matter (see {@link rationalFits}). */
export const minCancelTerms = 500;

/** A polynomial factor of a fraction bound: its total degree and how many monomials it has at most. */
interface Factor {
  readonly degree: number;
  readonly terms: number;
}

/**
 * Bounds of a rational function in the form `together` gives it: a numerator `rest · Π f^e`
 * over a denominator `Π f^e`, the factors named by the node that made them, so that a factor of
 * the numerator cancels the same factor of the denominator (`f·(1 + f²)^(-1)` with f = p/q has
 * q over q²: the bound has degree deg p + deg q, as p·q/(p² + q²) has, not deg p + 2·deg q).
 */
interface FractionBound {
  readonly rest: Factor;
  readonly num: ReadonlyMap<Factor, number>;
  readonly den: ReadonlyMap<Factor, number>;
}

const CONSTANT: Factor = { degree: 0, terms: 1 };
const NO_FACTORS: ReadonlyMap<Factor, number> = new Map();

function degreeOf(fs: ReadonlyMap<Factor, number>): number {
  let d = 0;
  for (const [f, e] of fs) d += f.degree * e;
  return d;
}

function termsOf(fs: ReadonlyMap<Factor, number>): number {
  let n = 1;
  for (const [f, e] of fs) n *= f.terms ** e;
  return n;
}

/** The fraction with the factors it has in both numerator and denominator cancelled. */
function reduced(rest: Factor, num: Map<Factor, number>, den: Map<Factor, number>): FractionBound {
  for (const [f, e] of num) {
    const d = den.get(f);
    if (d === undefined) continue;
    const m = Math.min(d, e);
    if (e === m) num.delete(f);
    else num.set(f, e - m);
    if (d === m) den.delete(f);
    else den.set(f, d - m);
  }
  return { rest, num, den };
}

function scaled(fs: ReadonlyMap<Factor, number>, n: number, into = new Map<Factor, number>()) {
  for (const [f, e] of fs) into.set(f, (into.get(f) ?? 0) + e * n);
  return into;
}

function productBound(a: FractionBound, b: FractionBound): FractionBound {
  return reduced(
    { degree: a.rest.degree + b.rest.degree, terms: a.rest.terms * b.rest.terms },
    scaled(b.num, 1, scaled(a.num, 1)),
    scaled(b.den, 1, scaled(a.den, 1)),
  );
}

/** Over the least common denominator (the largest power of each factor); a new numerator. */
function sumBound(parts: readonly FractionBound[]): FractionBound {
  const den = new Map<Factor, number>();
  for (const p of parts) for (const [f, e] of p.den) den.set(f, Math.max(den.get(f) ?? 0, e));
  let degree = 0;
  let terms = 0;
  for (const p of parts) {
    const cofactor = new Map<Factor, number>();
    for (const [f, e] of den) {
      const left = e - (p.den.get(f) ?? 0);
      if (left > 0) cofactor.set(f, left);
    }
    degree = Math.max(degree, p.rest.degree + degreeOf(p.num) + degreeOf(cofactor));
    terms += p.rest.terms * termsOf(p.num) * termsOf(cofactor);
  }
  return { rest: { degree, terms }, num: NO_FACTORS, den };
}

function powerBound(
  b: FractionBound,
  n: number,
  self: Term,
  named: Map<Term, Factor>,
): FractionBound {
  if (n >= 0)
    return {
      rest: { degree: b.rest.degree * n, terms: b.rest.terms ** n },
      num: scaled(b.num, n),
      den: scaled(b.den, n),
    };
  // The numerator's rest becomes a factor of the denominator, named by the base.
  let f = named.get(self);
  if (f === undefined) named.set(self, (f = b.rest));
  const den = scaled(b.num, -n);
  if (f.degree > 0) den.set(f, (den.get(f) ?? 0) - n);
  return reduced(CONSTANT, scaled(b.den, -n), den);
}

/** The monomials a polynomial of total degree d in g generators can have at most, C(d + g, g). */
function monomialsAtMost(d: number, g: number): number {
  let c = 1;
  for (let i = 1; i <= g && c < Number.MAX_VALUE; i++) c = (c * (d + i)) / i;
  return c;
}

/**
 * True when the rational function `t` put over one denominator fits what `cancel` and
 * `together` are tried on: numerator and denominator of degree at most {@link maxCancelDegree},
 * with at most max({@link minCancelTerms}, 4·dagSize) monomials between them. The bounds are
 * computed once per distinct node, so the check follows the DAG, where the polynomials follow
 * the tree: a derivative DAG of tree size 10^18 would expand past any budget.
 */
function rationalFits(t: Term): boolean {
  const bounds = new Map<Term, FractionBound>();
  const named = new Map<Term, Factor>();
  let generators = 0;
  const leaf: FractionBound = { rest: CONSTANT, num: NO_FACTORS, den: NO_FACTORS };
  const bound = (u: Term): FractionBound => bounds.get(u) ?? leaf;
  for (const n of postorder(t)) {
    let b: FractionBound;
    if (n.kind === 'num') b = leaf;
    else if (n.kind === 'app' && n.head === '+') b = sumBound(n.args.map(bound));
    else if (n.kind === 'app' && n.head === '*') b = n.args.map(bound).reduce(productBound);
    else if (
      n.kind === 'app' &&
      n.head === '^' &&
      n.args[1].kind === 'num' &&
      n.args[1].den === 1n &&
      n.args[0].kind !== 'num'
    )
      b = powerBound(bound(n.args[0]), Number(n.args[1].num), n.args[0], named);
    else {
      generators++;
      b = { rest: { degree: 1, terms: 1 }, num: NO_FACTORS, den: NO_FACTORS };
    }
    bounds.set(n, b);
    const r = b.rest;
    if (r.degree > maxCancelDegree || degreeOf(b.num) > maxCancelDegree) return false;
  }
  const b = bound(t);
  const p = { degree: b.rest.degree + degreeOf(b.num), terms: b.rest.terms * termsOf(b.num) };
  const q = { degree: degreeOf(b.den), terms: termsOf(b.den) };
  if (p.degree > maxCancelDegree || q.degree > maxCancelDegree) return false;
  const terms =
    Math.min(p.terms, monomialsAtMost(p.degree, generators)) +
    Math.min(q.terms, monomialsAtMost(q.degree, generators));
  return terms <= Math.max(minCancelTerms, 4 * t.dagSize);
}

/** Where `cancel` and `together` are tried: a denominator, and a size they can handle. */
function cancels(t: Term): boolean {
  return hasDenominator(t) && rationalFits(t);
}

/** A summand as its number coefficient and its other factors, as base to exponent. */
function monomial(t: Term): { coeff: Term; factors: Map<Term, bigint> } {
  const factors = new Map<Term, bigint>();
  let coeff: Term = num(1n);
  const put = (b: Term, e: bigint) => factors.set(b, (factors.get(b) ?? 0n) + e);
  for (const f of t.kind === 'app' && t.head === '*' ? t.args : [t]) {
    if (f.kind === 'num') coeff = f;
    else if (f.kind === 'app' && f.head === '^' && f.args[1].kind === 'num') {
      const e = f.args[1];
      if (e.den === 1n && e.num > 0n) put(f.args[0], e.num);
      else put(f, 1n);
    } else put(f, 1n);
  }
  return { coeff, factors };
}

/** The smaller of two bigints (Math.min takes numbers only). */
function lesser(a: bigint, b: bigint): bigint {
  if (a < b) return a;
  return b;
}

/** The sum with its common monomial factor taken out, or `t` when it has none. */
export function factorTerms(t: Term): Term {
  if (t.kind !== 'app' || t.head !== '+') return t;
  const monos = t.args.map(monomial);
  // Integer content of the coefficients (positive: a common sign is not taken out).
  let g = 0n;
  for (const m of monos) {
    if (m.coeff.kind !== 'num' || m.coeff.den !== 1n) {
      g = 1n;
      break;
    }
    g = gcd(g, m.coeff.num < 0n ? -m.coeff.num : m.coeff.num);
  }
  if (g === 0n) g = 1n;
  // Bases in every summand, with their least exponent.
  let common = new Map<Term, bigint>(monos[0].factors);
  for (const m of monos.slice(1)) {
    const next = new Map<Term, bigint>();
    for (const [b, e] of m.factors) {
      const c = common.get(b);
      if (c !== undefined) next.set(b, lesser(c, e));
    }
    common = next;
  }
  if (g === 1n && common.size === 0) return t;
  const rest = monos.map((m) =>
    mul(
      // The content g divides every numerator when it is not 1 (all coefficients are integers
      // then); a fractional coefficient keeps its denominator.
      num((m.coeff as Num).num / g, (m.coeff as Num).den),
      ...[...m.factors].map(([b, e]) => pow(b, num(e - (common.get(b) ?? 0n)))),
    ),
  );
  return mul(num(g), ...[...common].map(([b, e]) => pow(b, num(e))), add(...rest));
}

function builtin(name: string, f: (t: Term) => Term, applies: (t: Term) => boolean): Strategy {
  return (t, run) => {
    if (!applies(t)) return undefined;
    let r: Term;
    try {
      r = f(t);
    } catch (e) {
      // More bases, or higher degrees, than the core packs: the strategy does not apply
      // (simplify goes on without it).
      if (e instanceof TooManyGenerators || e instanceof DegreeOverflow) return undefined;
      throw e;
    }
    if (r === t) return undefined;
    run.step(name, t, r);
    return r;
  };
}

/** `cancel`, `together`, `factor`, `factor_terms` as built-in strategies, by name. */
export const algebraStrategies: ReadonlyMap<string, Strategy> = new Map([
  ['cancel', builtin('cancel', cancelTerm, cancels)],
  ['together', builtin('together', togetherTerm, cancels)],
  ['factor', builtin('factor', factorTerm, () => true)],
  ['factor_terms', builtin('factor_terms', factorTerms, () => true)],
]);
