/**
 * Multivariate GCD and LCM over Z.
 *
 * The method is the heuristic GCD (Char, Geddes and Gonnet) throughout: the last generator is
 * evaluated at a large integer ξ, the GCD of the images is computed recursively (down to an
 * integer gcd, or the dense univariate one in dense.ts), the result is read back coefficient-wise
 * from its ξ-adic digits and accepted when it divides both inputs. It costs a handful of trial
 * divisions where a remainder sequence costs a quadratic number of multivariate pseudo-divisions
 * with growing coefficients; SymPy makes the same choice for ZZ. When six values of ξ fail, a
 * primitive polynomial remainder sequence in the first generator decides (always correct, slow).
 */
import { pollBudget } from '../base/budget.js';
import { exactDivide, pseudoDivide } from './division.js';
import { gcd as igcd } from '../base/rational.js';
import { dgcd, fromDense, minBig, toDense } from './dense.js';
import {
  add,
  coefficientsIn,
  constant,
  content,
  degree,
  divInteger,
  evaluateAt,
  gen,
  isZero,
  leadingCoefficient,
  maxNorm,
  mul,
  neg,
  occurring,
  type Poly,
  primitive,
  scale,
  symmetricMod,
  zero,
} from './poly.js';

/** The greatest common divisor, with a positive leading coefficient (lex order). */
export function gcd(a: Poly, b: Poly): Poly {
  if (isZero(a)) return normal(b);
  if (isZero(b)) return normal(a);
  const g0 = igcd(content(a), content(b));
  const f = primitive(a);
  const g = primitive(b);
  return scale(primitiveGcd(f, g), g0);
}

/** The least common multiple, with a positive leading coefficient. */
export function lcm(a: Poly, b: Poly): Poly {
  if (isZero(a) || isZero(b)) return zero(a.ring);
  return normal(exactDivide(mul(a, b), gcd(a, b))!);
}

/** p with a positive leading coefficient. */
export function normal(p: Poly): Poly {
  return leadingCoefficient(p) < 0n ? neg(p) : p;
}

/** The gcd of two primitive polynomials. */
function primitiveGcd(f: Poly, g: Poly): Poly {
  const r = f.ring;
  const vf = occurring(f);
  const vg = occurring(g);
  if (vf.length === 0 || vg.length === 0) return constant(r, 1n);
  if (vf.length === 1 && vg.length === 1 && vf[0] === vg[0])
    return fromDense(r, vf[0], dgcd(toDense(f, vf[0]), toDense(g, vf[0])));
  // A generator in only one of them divides out through the contents in it.
  const vars = [...new Set([...vf, ...vg])].sort((x, y) => x - y);
  for (const v of vars)
    if (degree(f, v) <= 0 || degree(g, v) <= 0) {
      const inF = degree(f, v) > 0;
      const [withV, without] = inF ? [f, g] : [g, f];
      return primitive(gcd(contentIn(withV, v), without));
    }
  return heuristic(f, g, vars[vars.length - 1]) ?? prsGcd(f, g, vars[0]);
}

/** The gcd of the coefficients of p as a polynomial in generator i. */
export function contentIn(p: Poly, i: number): Poly {
  let g: Poly | undefined;
  for (const c of coefficientsIn(p, i).values()) {
    g = g === undefined ? normal(c) : gcd(g, c);
    if (g.size === 1 && g.terms.has(0) && g.terms.get(0) === 1n) break;
  }
  return g ?? zero(p.ring);
}

/** p divided by its content in generator i. */
export function primitiveIn(p: Poly, i: number): Poly {
  const c = contentIn(p, i);
  return isZero(c) ? p : exactDivide(p, c)!;
}

function heuristic(f: Poly, g: Poly, v: number): Poly | undefined {
  const fn = maxNorm(f);
  const gn = maxNorm(g);
  let xi = 2n * minBig(fn, gn) + 29n;
  for (let attempt = 0; attempt < 6; attempt++) {
    pollBudget();
    const fv = evaluateAt(f, v, xi);
    const gv = evaluateAt(g, v, xi);
    if (!isZero(fv) && !isZero(gv) && degreesKept(f, fv, v) && degreesKept(g, gv, v)) {
      const hv = gcd(fv, gv);
      const h = primitive(interpolate(hv, xi, v));
      if (!isZero(h) && exactDivide(f, h) !== undefined && exactDivide(g, h) !== undefined)
        return h;
      const cofactor = exactDivide(fv, hv);
      if (cofactor !== undefined) {
        const cf = interpolate(cofactor, xi, v);
        const h2 = isZero(cf) ? undefined : exactDivide(f, cf);
        if (h2 !== undefined) {
          const p = normal(primitive(h2));
          if (exactDivide(g, p) !== undefined) return p;
        }
      }
    }
    xi = (xi * 73794n) / 27011n;
  }
  return undefined;
}

/** True when evaluating generator v kept every other generator's degree. */
function degreesKept(p: Poly, pv: Poly, v: number): boolean {
  for (let i = 0; i < p.ring.n; i++) if (i !== v && degree(p, i) !== degree(pv, i)) return false;
  return true;
}

/** The polynomial in generator v whose value at ξ is h, coefficients symmetric mod ξ. */
function interpolate(h: Poly, xi: bigint, v: number): Poly {
  let out = zero(h.ring);
  let rest = h;
  for (let e = 0; !isZero(rest); e++) {
    pollBudget();
    const c = symmetricMod(rest, xi);
    out = add(out, mul(c, gen(h.ring, v, e)));
    rest = divInteger(add(rest, neg(c)), xi);
  }
  return normal(out);
}

/** The primitive remainder sequence in generator v (the always-correct fallback). */
function prsGcd(f: Poly, g: Poly, v: number): Poly {
  const c = gcd(contentIn(f, v), contentIn(g, v));
  let a = primitiveIn(f, v);
  let b = primitiveIn(g, v);
  if (degree(a, v) < degree(b, v)) [a, b] = [b, a];
  while (!isZero(b) && degree(b, v) > 0) {
    pollBudget();
    const r = pseudoDivide(a, b, v).r;
    a = b;
    b = isZero(r) ? r : primitiveIn(primitive(r), v);
  }
  const last = isZero(b) ? a : constant(f.ring, 1n);
  return normal(primitive(mul(c, primitiveIn(last, v))));
}
