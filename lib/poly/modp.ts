/**
 * Univariate polynomials over the prime field Z/p for a word-sized prime (p < 2^26, so a product
 * of two residues is exact in a float), and their factorisation: distinct-degree factorisation
 * followed by Cantor–Zassenhaus equal-degree splitting. Residues are numbers in [0, p); `c[i]` is
 * the coefficient of x^i, no trailing zeros.
 */
import { pollBudget } from '../base/budget.js';
import type { Dense } from './dense.js';

/** A dense polynomial mod p. */
export type ModPoly = number[];

function trim(a: ModPoly): ModPoly {
  let n = a.length;
  while (n > 0 && a[n - 1] === 0) n--;
  a.length = n;
  return a;
}

/** x^e mod p for residues. */
function powNum(x: number, e: number, p: number): number {
  let r = 1;
  let b = x % p;
  while (e > 0) {
    if (e & 1) r = (r * b) % p;
    b = (b * b) % p;
    e = Math.floor(e / 2);
  }
  return r;
}

/** The inverse of a non-zero residue. */
export function invMod(x: number, p: number): number {
  return powNum(x, p - 2, p);
}

/** An integer polynomial reduced mod p. */
export function fromInteger(a: Dense, p: number): ModPoly {
  const P = BigInt(p);
  return trim(a.map((c) => Number(((c % P) + P) % P)));
}

/** a − b mod p. */
export function msub(a: ModPoly, b: ModPoly, p: number): ModPoly {
  const n = Math.max(a.length, b.length);
  const c: ModPoly = [];
  for (let i = 0; i < n; i++) c.push(((a[i] ?? 0) - (b[i] ?? 0) + p) % p);
  return trim(c);
}

/** a · b mod p. */
export function mmul(a: ModPoly, b: ModPoly, p: number): ModPoly {
  if (a.length === 0 || b.length === 0) return [];
  const c: ModPoly = new Array(a.length + b.length - 1).fill(0);
  for (let i = 0; i < a.length; i++) {
    const ai = a[i];
    if (ai === 0) continue;
    for (let j = 0; j < b.length; j++) c[i + j] = (c[i + j] + ai * b[j]) % p;
  }
  return trim(c);
}

/** Quotient and remainder mod p. */
export function mdivmod(a: ModPoly, b: ModPoly, p: number): { q: ModPoly; r: ModPoly } {
  const r = a.slice();
  const db = b.length - 1;
  if (a.length - 1 < db) return { q: [], r };
  const inv = invMod(b[db], p);
  const q: ModPoly = new Array(a.length - db).fill(0);
  for (let i = a.length - 1; i >= db; i--) {
    const c = (r[i] * inv) % p;
    q[i - db] = c;
    if (c === 0) continue;
    for (let j = 0; j <= db; j++) r[i - db + j] = (r[i - db + j] - ((c * b[j]) % p) + p) % p;
  }
  return { q: trim(q), r: trim(r) };
}

/** a mod b. */
export function mrem(a: ModPoly, b: ModPoly, p: number): ModPoly {
  return mdivmod(a, b, p).r;
}

/** a made monic. */
export function monic(a: ModPoly, p: number): ModPoly {
  if (a.length === 0) return a;
  const inv = invMod(a[a.length - 1], p);
  return a.map((c) => (c * inv) % p);
}

/** The monic gcd. */
export function mgcd(a: ModPoly, b: ModPoly, p: number): ModPoly {
  while (b.length > 0) [a, b] = [b, mrem(a, b, p)];
  return monic(a, p);
}

/** Extended gcd of coprime a, b: s, t with s·a + t·b = 1 mod p. */
export function mgcdex(a: ModPoly, b: ModPoly, p: number): { s: ModPoly; t: ModPoly } {
  let [r0, r1] = [a, b];
  let [s0, s1]: ModPoly[] = [[1], []];
  let [t0, t1]: ModPoly[] = [[], [1]];
  while (r1.length > 0) {
    const { q, r } = mdivmod(r0, r1, p);
    [r0, r1] = [r1, r];
    [s0, s1] = [s1, msub(s0, mmul(q, s1, p), p)];
    [t0, t1] = [t1, msub(t0, mmul(q, t1, p), p)];
  }
  const inv = invMod(r0[0], p);
  return { s: s0.map((c) => (c * inv) % p), t: t0.map((c) => (c * inv) % p) };
}

/** base^e mod f, for a bigint exponent. */
function mpowmod(base: ModPoly, e: bigint, f: ModPoly, p: number): ModPoly {
  let r: ModPoly = [1];
  let b = mrem(base, f, p);
  while (e > 0n) {
    pollBudget();
    if (e & 1n) r = mrem(mmul(r, b, p), f, p);
    b = mrem(mmul(b, b, p), f, p);
    e >>= 1n;
  }
  return r;
}

/** The derivative mod p. */
export function mderiv(a: ModPoly, p: number): ModPoly {
  const c: ModPoly = [];
  for (let i = 1; i < a.length; i++) c.push((a[i] * i) % p);
  return trim(c);
}

/** A seeded generator, so factorisations are reproducible. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/**
 * The monic irreducible factors of a monic square-free f mod an odd prime p: distinct-degree
 * factorisation, then Cantor–Zassenhaus splitting of each equal-degree part.
 */
export function factorSquareFreeMod(f: ModPoly, p: number): ModPoly[] {
  const out: ModPoly[] = [];
  const rand = random(0x9e3779b9 ^ p);
  let rest = f;
  let h: ModPoly = [0, 1];
  const P = BigInt(p);
  for (let d = 1; 2 * d <= rest.length - 1; d++) {
    pollBudget();
    h = mpowmod(h, P, rest, p);
    const g = mgcd(rest, msub(h, [0, 1], p), p);
    if (g.length > 1) {
      equalDegree(g, d, p, rand, out);
      rest = mdivmod(rest, g, p).q;
      h = mrem(h, rest, p);
    }
  }
  if (rest.length > 1) out.push(monic(rest, p));
  return out;
}

function equalDegree(f: ModPoly, d: number, p: number, rand: () => number, out: ModPoly[]): void {
  const n = f.length - 1;
  if (n === d) {
    out.push(f);
    return;
  }
  const e = (BigInt(p) ** BigInt(d) - 1n) / 2n;
  for (;;) {
    pollBudget();
    const a: ModPoly = [];
    for (let i = 0; i < n; i++) a.push(Math.floor(rand() * p));
    trim(a);
    if (a.length < 2) continue;
    const b = msub(mpowmod(a, e, f, p), [1], p);
    const g = mgcd(f, b, p);
    if (g.length > 1 && g.length - 1 < n) {
      equalDegree(g, d, p, rand, out);
      equalDegree(mdivmod(f, g, p).q, d, p, rand, out);
      return;
    }
  }
}
