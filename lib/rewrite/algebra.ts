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
 * `expand` candidate already tries.
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
  ['cancel', builtin('cancel', cancelTerm, hasDenominator)],
  ['together', builtin('together', togetherTerm, hasDenominator)],
  ['factor', builtin('factor', factorTerm, () => true)],
  ['factor_terms', builtin('factor_terms', factorTerms, () => true)],
]);
