/**
 * Factorisation of univariate integer polynomials into irreducibles over Z (hence over Q):
 * square-free decomposition, then for each square-free part either the cyclotomic shortcut
 * (x^n ± 1 is a product of cyclotomic polynomials, computed by exact division) or
 * Berlekamp–Zassenhaus: factor modulo a few small primes (Cantor–Zassenhaus), keep the prime with
 * the fewest factors, intersect the degree sets their subsets can reach (degree pruning), Hensel
 * lift to beyond the Mignotte bound, and recombine lifted factors by trial division, smallest
 * subsets first.
 */
import { pollBudget } from '../base/budget.js';
import { bitLength } from '../base/rational.js';
import { type Dense, dcontent, deg, deval, dexact, dnorm, dprimitive, lc, trim } from './dense.js';
import { liftFactors } from './hensel.js';
import { factorSquareFreeMod, fromInteger, mderiv, mgcd, type ModPoly, monic } from './modp.js';
import { denseSquareFree } from './sqf.js';

/** A factorisation: the integer content (with sign) and irreducible factors with multiplicities. */
export interface DenseFactors {
  readonly coefficient: bigint;
  readonly factors: Array<[Dense, number]>;
}

/** Factors a univariate integer polynomial into irreducibles over Z. */
export function factorDense(f: Dense): DenseFactors {
  const c = dcontent(f);
  if (f.length <= 1) return { coefficient: f[0] ?? 0n, factors: [] };
  const pp = dprimitive(f);
  const factors: Array<[Dense, number]> = [];
  // x^k divides: strip it first (keeps modular images square-free at 0).
  let k = 0;
  while (pp[k] === 0n) k++;
  if (k > 0) factors.push([[0n, 1n], k]);
  const rest = pp.slice(k);
  if (rest.length > 1)
    for (const [a, i] of denseSquareFree(rest))
      for (const g of factorSquareFree(a)) factors.push([g, i]);
  factors.sort((x, y) => deg(x[0]) - deg(y[0]) || compareDense(x[0], y[0]));
  return { coefficient: c, factors };
}

function compareDense(a: Dense, b: Dense): number {
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

/** The irreducible factors of a primitive square-free polynomial with positive lead. */
export function factorSquareFree(f: Dense): Dense[] {
  if (deg(f) <= 1) return [f];
  const cyc = cyclotomicFactors(f);
  if (cyc !== undefined) return cyc;
  return zassenhaus(f);
}

const cyclotomicCache = new Map<number, Dense>();

/** The n-th cyclotomic polynomial, as (x^n − 1) / Π_{d | n, d < n} Φ_d. */
export function cyclotomic(n: number): Dense {
  const hit = cyclotomicCache.get(n);
  if (hit !== undefined) return hit;
  let p: Dense = new Array(n + 1).fill(0n);
  p[0] = -1n;
  p[n] = 1n;
  for (let d = 1; d < n; d++) if (n % d === 0) p = dexact(p, cyclotomic(d))!;
  cyclotomicCache.set(n, p);
  return p;
}

/** Factors of x^n − 1 (Φ_d, d | n) and x^n + 1 (Φ_d, d | 2n, d ∤ n); else undefined. */
function cyclotomicFactors(f: Dense): Dense[] | undefined {
  const n = deg(f);
  if (f[n] !== 1n || (f[0] !== 1n && f[0] !== -1n)) return undefined;
  for (let i = 1; i < n; i++) if (f[i] !== 0n) return undefined;
  const out: Dense[] = [];
  if (f[0] === -1n) {
    for (let d = 1; d <= n; d++) if (n % d === 0) out.push(cyclotomic(d));
  } else
    for (let d = 1; d <= 2 * n; d++) if ((2 * n) % d === 0 && n % d !== 0) out.push(cyclotomic(d));
  return out;
}

const PRIMES = [
  3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83,
];

function zassenhaus(f: Dense): Dense[] {
  const n = deg(f);
  const lead = lc(f);
  // Factor modulo several primes; keep the fewest factors; intersect reachable degree sets.
  let best: { p: number; fs: ModPoly[] } | undefined;
  let allowed = allDegrees(n);
  let tried = 0;
  for (const p of PRIMES) {
    if (tried >= 5) break;
    pollBudget();
    if (lead % BigInt(p) === 0n) continue;
    const fp = fromInteger(f, p);
    if (mgcd(fp, mderiv(fp, p), p).length > 1) continue;
    tried++;
    const fs = factorSquareFreeMod(monic(fp, p), p);
    if (fs.length === 1) return [f];
    allowed = intersect(
      allowed,
      subsetDegrees(
        fs.map((g) => g.length - 1),
        n,
      ),
    );
    if (best === undefined || fs.length < best.fs.length) best = { p, fs };
    if (onlyTrivial(allowed, n)) return [f];
  }
  if (best === undefined) return [f];
  // Mignotte: a factor's coefficients are below 2^n·sqrt(n+1)·‖f‖∞; lc(f)·factor must fit too.
  const bits = bitLength(dnorm(f)) + bitLength(lead) + n + Math.ceil(Math.log2(n + 1) / 2) + 2;
  const { m, factors } = liftFactors(f, best.fs, best.p, 1n << BigInt(bits));
  return recombine(f, factors, m, allowed);
}

function allDegrees(n: number): boolean[] {
  return new Array(n + 1).fill(true);
}

function subsetDegrees(ds: readonly number[], n: number): boolean[] {
  let can = new Array(n + 1).fill(false);
  can[0] = true;
  for (const d of ds) {
    const next = can.slice();
    for (let s = 0; s + d <= n; s++) if (can[s]) next[s + d] = true;
    can = next;
  }
  return can;
}

function intersect(a: boolean[], b: boolean[]): boolean[] {
  return a.map((x, i) => x && b[i]);
}

function onlyTrivial(allowed: boolean[], n: number): boolean {
  for (let d = 1; d < n; d++) if (allowed[d]) return false;
  return true;
}

function symmetric(a: Dense, m: bigint): Dense {
  const half = m / 2n;
  return trim(a.map((c) => (c > half ? c - m : c)));
}

function mulMod(a: Dense, b: Dense, m: bigint): Dense {
  const c: Dense = new Array(a.length + b.length - 1).fill(0n);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) c[i + j] += a[i] * b[j];
  return trim(c.map((x) => ((x % m) + m) % m));
}

/** Zassenhaus recombination: subsets of the lifted factors, smallest first, by trial division. */
function recombine(f: Dense, lifted: Dense[], m: bigint, allowed: boolean[]): Dense[] {
  const out: Dense[] = [];
  let F = f;
  let pool = lifted.slice();
  for (let size = 1; 2 * size <= pool.length; ) {
    let found = false;
    for (const subset of combinations(pool.length, size)) {
      pollBudget();
      let d = 0;
      for (const i of subset) d += deg(pool[i]);
      if (!allowed[d] && !allowed[deg(f) - d]) continue;
      const l = lc(F);
      // Cheap test first: the constant term of lc·Π must divide lc·F(0).
      let c0 = ((l % m) + m) % m;
      for (const i of subset) c0 = (c0 * pool[i][0]) % m;
      const half = m / 2n;
      const s0 = c0 > half ? c0 - m : c0;
      const f0 = l * deval(F, 0n);
      if (s0 === 0n ? f0 !== 0n : f0 % s0 !== 0n) continue;
      let g: Dense = [((l % m) + m) % m];
      for (const i of subset) g = mulMod(g, pool[i], m);
      const G = dprimitive(symmetric(g, m));
      const q = dexact(F, G);
      if (q === undefined) continue;
      out.push(G);
      F = q;
      const drop = new Set(subset);
      pool = pool.filter((_, i) => !drop.has(i));
      found = true;
      break;
    }
    if (!found) size++;
  }
  if (deg(F) > 0) out.push(dprimitive(F));
  return out;
}

/** All k-subsets of 0..n-1, in lexicographic order. */
function* combinations(n: number, k: number): Generator<number[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    yield idx.slice();
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return;
    idx[i]++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
  }
}
