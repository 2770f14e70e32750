/**
 * Square-free decomposition (Yun's algorithm): f = c · Π a_i^i with the a_i square-free and
 * pairwise coprime. Multivariate polynomials are decomposed in their first generator after the
 * content in it is removed, and that content (a polynomial in fewer generators) recursively.
 */
import { pollBudget } from '../base/budget.js';
import { exactDivide } from './division.js';
import { type Dense, dderiv, deg, dexact, dgcd, dprimitive, dsub, lc } from './dense.js';
import { contentIn, gcd } from './gcd.js';
import {
  constantValue,
  content,
  degree,
  derivative,
  divInteger,
  isZero,
  occurring,
  type Poly,
  sub,
} from './poly.js';

/** A square-free decomposition: the integer content and the factors with their multiplicity. */
export interface SquareFree {
  readonly coefficient: bigint;
  readonly factors: ReadonlyArray<readonly [Poly, number]>;
}

/** Yun's algorithm on a dense primitive polynomial of positive degree. */
export function denseSquareFree(f: Dense): Array<[Dense, number]> {
  const out: Array<[Dense, number]> = [];
  const df = dderiv(f);
  const g = dgcd(f, df);
  let c = dexact(f, g)!;
  let d = dsub(dexact(df, g)!, dderiv(c));
  for (let i = 1; deg(c) > 0; i++) {
    pollBudget();
    const a = dgcd(c, d);
    if (deg(a) > 0) out.push([lc(a) < 0n ? a.map((x) => -x) : a, i]);
    c = dexact(c, a)!;
    d = dsub(dexact(d, a)!, dderiv(c));
  }
  return out.map(([a, i]) => [dprimitive(a), i]);
}

/** Yun's algorithm in generator v on a polynomial primitive in v. */
function yun(f: Poly, v: number): Array<[Poly, number]> {
  const out: Array<[Poly, number]> = [];
  const df = derivative(f, v);
  const g = gcd(f, df);
  let c = exactDivide(f, g)!;
  let d = sub(exactDivide(df, g)!, derivative(c, v));
  for (let i = 1; degree(c, v) > 0; i++) {
    pollBudget();
    const a = gcd(c, d);
    if (degree(a, v) > 0) out.push([a, i]);
    c = exactDivide(c, a)!;
    d = sub(exactDivide(d, a)!, derivative(c, v));
  }
  return out;
}

/** The square-free decomposition of f (f ≠ 0). Factors are primitive with positive lead. */
export function squareFree(f: Poly): SquareFree {
  const c = content(f);
  const acc = new Map<number, Poly[]>();
  const go = (p: Poly) => {
    const vars = occurring(p);
    if (vars.length === 0) return;
    const v = vars[0];
    const cont = contentIn(p, v);
    const pp = constantValue(cont) === 1n ? p : exactDivide(p, cont)!;
    for (const [a, i] of yun(pp, v)) {
      if (!acc.has(i)) acc.set(i, []);
      acc.get(i)!.push(a);
    }
    go(cont);
  };
  if (!isZero(f)) go(divInteger(f, c));
  const factors: Array<[Poly, number]> = [];
  for (const [i, ps] of [...acc].sort((x, y) => x[0] - y[0]))
    for (const p of ps) factors.push([p, i]);
  return { coefficient: c, factors };
}
