/**
 * Factorisation of multivariate integer polynomials, in the manner of Wang's method:
 *
 * 1. square-free decomposition (sqf.ts) and removal of the content in the main variable x;
 * 2. evaluation of the other variables at small integers that keep the degree in x and the
 *    square-freeness; the univariate image is factored (factor-univariate.ts), and of a few such
 *    points the one with the fewest factors is kept (one factor proves irreducibility);
 * 3. the leading-coefficient problem is solved by imposing lc_x(f) on every factor (lifting
 *    lc^(r−1)·f, r the number of factors) and taking primitive parts at the end;
 * 4. multivariate Hensel lifting, one variable at a time, with multivariate Diophantine
 *    equations, modulo a prime M larger than twice any coefficient of a true factor (so all
 *    arithmetic is exact integer arithmetic mod M, no fractions), after shifting the point to 0;
 * 5. trial division confirms every factor. A spurious univariate splitting (the lift fails) is
 *    retried at other points; when every point fails the polynomial is reported irreducible.
 */
import { pollBudget } from '../base/budget.js';
import { exactDivide } from './division.js';
import { bitLength } from '../base/rational.js';
import { dderiv, deg, dgcd, dprimitive, fromDense, lc as dlc, toDense } from './dense.js';
import { factorSquareFree } from './factor-univariate.js';
import { contentIn, normal, primitiveIn } from './gcd.js';
import { divmodM, inverseModPoly, mulM, primeAbove } from './modm.js';
import {
  add,
  coefficientIn,
  constant,
  constantValue,
  degree,
  evaluateAt,
  gen,
  isZero,
  leadIn,
  leadingCoefficient,
  maxNorm,
  mul,
  occurring,
  type Poly,
  pow,
  primitive,
  shiftVar,
  sub,
  symmetricMod,
} from './poly.js';
import { squareFree } from './sqf.js';

/** A factorisation: a rational-free integer coefficient and irreducible factors with multiplicity. */
export interface Factors {
  readonly coefficient: bigint;
  readonly factors: Array<[Poly, number]>;
}

/** Factors f into irreducibles over Z (factors primitive, positive leading coefficient). */
export function factor(f: Poly): Factors {
  if (isZero(f)) return { coefficient: 0n, factors: [] };
  const out: Array<[Poly, number]> = [];
  for (const [a, i] of squareFree(f).factors)
    for (const g of factorSquareFreePoly(normal(primitive(a)))) out.push([g, i]);
  let lead = 1n;
  for (const [g, i] of out) lead *= leadingCoefficient(g) ** BigInt(i);
  return { coefficient: leadingCoefficient(f) / lead, factors: out };
}

/** The irreducible factors of a square-free primitive polynomial. */
function factorSquareFreePoly(a: Poly): Poly[] {
  const vars = occurring(a);
  if (vars.length === 0) return [];
  if (vars.length === 1) {
    const v = vars[0];
    return factorSquareFree(toDense(a, v)).map((g) => fromDense(a.ring, v, g));
  }
  const x = mainVariable(a, vars);
  const cont = contentIn(a, x);
  if (constantValue(cont) === undefined) {
    const pp = normal(exactDivide(a, cont)!);
    return [...factorSquareFreePoly(normal(cont)), ...factorSquareFreePoly(pp)];
  }
  return wang(a, x) ?? [a];
}

/** Prefers a variable whose leading coefficient is an integer, then the lowest degree. */
function mainVariable(a: Poly, vars: readonly number[]): number {
  const score = (v: number) => (constantValue(leadIn(a, v)) !== undefined ? 0 : 1e6) + degree(a, v);
  return [...vars].sort((u, v) => score(u) - score(v))[0];
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Image {
  readonly point: bigint[];
  readonly factors: bigint[][];
}

function wang(f: Poly, x: number): Poly[] | undefined {
  const others = occurring(f).filter((v) => v !== x);
  const rand = seeded(12345);
  const L = leadIn(f, x);
  const dx = degree(f, x);
  for (let round = 0; round < 4; round++) {
    let best: Image | undefined;
    let valid = 0;
    for (let tries = 0; valid < 3 && tries < 60; tries++) {
      pollBudget();
      const span = 2 + 2 * round + Math.floor(tries / 6);
      const point = others.map(() => BigInt(Math.floor(rand() * (2 * span + 1)) - span));
      let img = f;
      others.forEach((v, j) => {
        img = evaluateAt(img, v, point[j]);
      });
      if (degree(img, x) !== dx) continue;
      const d = toDense(img, x);
      if (deg(dgcd(d, dderiv(d))) > 0) continue;
      valid++;
      const fs = factorSquareFree(dprimitive(d));
      if (fs.length === 1) return [f];
      if (best === undefined || fs.length < best.factors.length) best = { point, factors: fs };
    }
    if (best === undefined) return undefined;
    const lifted = lift(f, x, others, best, L);
    if (lifted !== undefined) return lifted;
  }
  return undefined;
}

/** Lifts the image's factors to factors of f, or undefined when they are not images of any. */
function lift(f: Poly, x: number, ys: number[], img: Image, L: Poly): Poly[] | undefined {
  const r = img.factors.length;
  let fs = f;
  let Ls = L;
  ys.forEach((v, j) => {
    fs = shiftVar(fs, v, img.point[j]);
    Ls = shiftVar(Ls, v, img.point[j]);
  });
  const F = mul(pow(Ls, r - 1), fs);
  const La = constantValue(zeroed(Ls, ys))!;
  // ũ_i = u_i · L(a)/lc(u_i): integral, leading coefficient L(a), product L(a)^(r−1)·f(a).
  const us = img.factors.map((u) => u.map((c) => c * (La / dlc(u))));
  let bits = bitLength(maxNorm(F)) + 16;
  for (const v of occurring(F)) bits += degree(F, v) + Math.ceil(Math.log2(degree(F, v) + 1));
  for (let attempt = 0; attempt < 2; attempt++, bits *= 2) {
    const M = primeAbove(bits);
    const U = henselLift(F, x, ys, us, Ls, M);
    if (U === undefined) continue;
    const out: Poly[] = [];
    let rest = f;
    let ok = true;
    for (let u of U) {
      ys.forEach((v, j) => {
        u = shiftVar(u, v, -img.point[j]);
      });
      const g = normal(primitive(primitiveIn(u, x)));
      const q = degree(g, x) > 0 ? exactDivide(rest, g) : undefined;
      if (q === undefined) {
        ok = false;
        break;
      }
      out.push(g);
      rest = q;
    }
    if (ok && constantValue(rest) !== undefined) return out;
  }
  return undefined;
}

/** p with every variable of ys set to 0. */
function zeroed(p: Poly, ys: readonly number[]): Poly {
  for (const v of ys) p = evaluateAt(p, v, 0n);
  return p;
}

function replaceLead(u: Poly, x: number, lead: Poly): Poly {
  const d = degree(u, x);
  const xd = gen(u.ring, x, d);
  return add(sub(u, mul(leadIn(u, x), xd)), mul(lead, xd));
}

function product(ps: readonly Poly[], M: bigint): Poly {
  let acc = constant(ps[0].ring, 1n);
  for (const p of ps) acc = symmetricMod(mul(acc, p), M);
  return acc;
}

/** Multivariate Hensel lifting mod M (the point at 0): factors of F with lc_x equal to Ls. */
function henselLift(
  F: Poly,
  x: number,
  ys: readonly number[],
  us: bigint[][],
  Ls: Poly,
  M: bigint,
): Poly[] | undefined {
  const R = F.ring;
  const base = us.map((u) => u.map((c) => ((c % M) + M) % M));
  const inverses = base.map((u, i) => {
    let b: bigint[] = [1n];
    base.forEach((w, j) => {
      if (j !== i) b = mulM(b, w, M);
    });
    return inverseModPoly(b, u, M);
  });
  const uni = (c: Poly): Poly[] => {
    const cd = toDense(c, x).map((v) => ((v % M) + M) % M);
    return base.map((u, i) =>
      symmetricMod(fromDense(R, x, divmodM(mulM(cd, inverses[i], M), u, M).r), M),
    );
  };
  const diophant = (as: readonly Poly[], c: Poly, vars: readonly number[], d: number): Poly[] => {
    if (vars.length === 0) return uni(c);
    const y = vars[vars.length - 1];
    const rest = vars.slice(0, -1);
    const as0 = as.map((a) => evaluateAt(a, y, 0n));
    const bs = as.map((_, i) =>
      product(
        as.filter((_, j) => j !== i),
        M,
      ),
    );
    const sigma = diophant(as0, evaluateAt(c, y, 0n), rest, d);
    let e = c;
    sigma.forEach((s, i) => {
      e = sub(e, mul(s, bs[i]));
    });
    e = symmetricMod(e, M);
    for (let m = 1; m <= d && !isZero(e); m++) {
      pollBudget();
      const cm = coefficientIn(e, y, m);
      if (isZero(cm)) continue;
      const ds = diophant(as0, cm, rest, d).map((s) => mul(s, gen(R, y, m)));
      ds.forEach((s, i) => {
        sigma[i] = symmetricMod(add(sigma[i], s), M);
        e = sub(e, mul(s, bs[i]));
      });
      e = symmetricMod(e, M);
    }
    return sigma;
  };
  let U = us.map((u) => fromDense(R, x, u));
  for (let k = 0; k < ys.length; k++) {
    const y = ys[k];
    const later = ys.slice(k + 1);
    const Ak = symmetricMod(zeroed(F, later), M);
    const Lk = symmetricMod(zeroed(Ls, later), M);
    const prev = U;
    U = U.map((u) => replaceLead(u, x, Lk));
    let e = symmetricMod(sub(Ak, product(U, M)), M);
    const dmax = Math.max(...ys.slice(0, k + 1).map((v) => degree(Ak, v)));
    for (let m = 1; m <= degree(Ak, y) && !isZero(e); m++) {
      pollBudget();
      const cm = coefficientIn(e, y, m);
      if (isZero(cm)) continue;
      const sigma = diophant(prev, cm, ys.slice(0, k), dmax);
      U = U.map((u, i) => symmetricMod(add(u, mul(sigma[i], gen(R, y, m))), M));
      e = symmetricMod(sub(Ak, product(U, M)), M);
    }
    if (!isZero(e)) return undefined;
  }
  return U;
}
