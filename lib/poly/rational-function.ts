/**
 * Rational functions over Q: cancel (divide numerator and denominator by their gcd, denominator
 * primitive with a positive leading coefficient) and univariate partial fractions.
 *
 * Partial fractions follow the textbook route over Q: polynomial part by division; the
 * denominator factored over Q (factor-univariate.ts) as Π f_i^k_i; for each i the numerator of
 * the part over f_i^k_i is R·(D/f_i^k_i)^(−1) mod f_i^k_i, written in powers of f_i. A numerator
 * with other generators is split by their monomials (the denominator involves x alone, so each
 * part is decomposed on its own).
 */
import { pollBudget } from '../base/budget.js';
import { exactDivide } from './division.js';
import * as Q from '../base/rational.js';
import type { Rational } from '../base/rational.js';
import { type Dense, dprimitive } from './dense.js';
import { factorDense } from './factor-univariate.js';
import { gcd, normal } from './gcd.js';
import * as P from './poly.js';

/** n/d in lowest terms: the gcd divided out, d primitive with positive leading coefficient. */
export function cancelFraction(n: P.Poly, d: P.Poly): { n: P.Poly; d: P.Poly; c: Rational } {
  if (P.isZero(n)) return { n, d: P.constant(n.ring, 1n), c: Q.rational(1n) };
  const g = gcd(n, d);
  let nn = exactDivide(n, g)!;
  let dd = exactDivide(d, g)!;
  const cn = P.content(nn);
  const cd = P.content(dd);
  nn = P.divInteger(nn, cn);
  dd = P.divInteger(dd, cd);
  return { n: nn, d: dd, c: Q.rational(cn, cd) };
}

/** A dense polynomial over Q, low degree first, no trailing zeros. */
export type QDense = Rational[];

const QZERO = Q.rational(0n);

function qtrim(a: QDense): QDense {
  let n = a.length;
  while (n > 0 && a[n - 1].num === 0n) n--;
  a.length = n;
  return a;
}

function qfrom(a: Dense): QDense {
  return qtrim(a.map((c) => Q.rational(c)));
}

function qmul(a: QDense, b: QDense): QDense {
  if (a.length === 0 || b.length === 0) return [];
  const c: QDense = new Array(a.length + b.length - 1).fill(QZERO);
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < b.length; j++) c[i + j] = Q.add(c[i + j], Q.mul(a[i], b[j]));
  return qtrim(c);
}

function qsub(a: QDense, b: QDense): QDense {
  const n = Math.max(a.length, b.length);
  const c: QDense = [];
  for (let i = 0; i < n; i++) c.push(Q.sub(a[i] ?? QZERO, b[i] ?? QZERO));
  return qtrim(c);
}

/** Quotient and remainder over Q. */
export function qdivmod(a: QDense, b: QDense): { q: QDense; r: QDense } {
  const r = a.slice();
  const db = b.length - 1;
  if (r.length - 1 < db) return { q: [], r };
  const q: QDense = new Array(r.length - db).fill(QZERO);
  for (let i = r.length - 1; i >= db; i--) {
    pollBudget();
    const t = Q.div(r[i], b[db]);
    q[i - db] = t;
    if (t.num === 0n) continue;
    for (let j = 0; j <= db; j++) r[i - db + j] = Q.sub(r[i - db + j], Q.mul(t, b[j]));
  }
  return { q: qtrim(q), r: qtrim(r.slice(0, db)) };
}

/** s with s·a ≡ 1 mod b over Q (a, b coprime). */
function qinverse(a: QDense, b: QDense): QDense {
  let [r0, r1] = [b, qdivmod(a, b).r];
  let [s0, s1]: QDense[] = [[], [Q.rational(1n)]];
  while (r1.length > 0) {
    const { q, r } = qdivmod(r0, r1);
    [r0, r1] = [r1, r];
    [s0, s1] = [s1, qsub(s0, qmul(q, s1))];
  }
  const inv = Q.inv(r0[0]);
  return s0.map((c) => Q.mul(c, inv));
}

/** One part of a partial-fraction decomposition: numerator / factor^power. */
export interface PartialFraction {
  readonly numerator: QDense;
  readonly factor: Dense;
  readonly power: number;
}

/**
 * The partial fractions of N/D over Q (D of positive degree): the polynomial part and the
 * parts c(x)/f^j with deg c < deg f, f irreducible over Q.
 */
export function partialFractions(
  N: QDense,
  D: Dense,
): { polynomial: QDense; parts: PartialFraction[] } {
  const { factors } = factorDense(D);
  const monicD = qfrom(dprimitive(D));
  const lcD = Q.div(Q.rational(D[D.length - 1]), monicD[monicD.length - 1]);
  const Nn = N.map((c) => Q.div(c, lcD));
  const { q, r } = qdivmod(Nn, monicD);
  const parts: PartialFraction[] = [];
  for (const [f, k] of factors) {
    pollBudget();
    let Pk: QDense = [Q.rational(1n)];
    for (let j = 0; j < k; j++) Pk = qmul(Pk, qfrom(f));
    const Di = qdivmod(monicD, Pk).q;
    let A = qdivmod(qmul(r, qinverse(Di, Pk)), Pk).r;
    // A = Σ c_j f^j: the part c_j / f^(k−j).
    for (let j = 0; j < k && A.length > 0; j++) {
      const { q: next, r: cj } = qdivmod(A, qfrom(f));
      if (cj.length > 0) parts.push({ numerator: cj, factor: f, power: k - j });
      A = next;
    }
  }
  return { polynomial: q, parts };
}

/** The x-free monomial key and the x-degree of each term of p. */
export function splitByOthers(p: P.Poly, x: number): Map<number, QDense> {
  const out = new Map<number, QDense>();
  const u = p.ring.unit[x];
  for (const [k, c] of p.terms) {
    const e = P.expOf(p.ring, k, x);
    const rest = k - e * u;
    let row = out.get(rest);
    if (row === undefined) out.set(rest, (row = []));
    while (row.length <= e) row.push(QZERO);
    row[e] = Q.add(row[e], Q.rational(c));
  }
  for (const row of out.values()) qtrim(row);
  return out;
}

/** The primitive, positive-lead form of a polynomial and its integer content. */
export function normalized(p: P.Poly): { p: P.Poly; c: bigint } {
  const q = normal(P.primitive(p));
  const c = P.content(p);
  return { p: q, c: P.leadingCoefficient(q) === P.leadingCoefficient(p) / c ? c : -c };
}
