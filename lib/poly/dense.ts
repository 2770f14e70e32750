/**
 * Dense univariate polynomials over Z: `c[i]` is the coefficient of x^i, no trailing zeros, the
 * zero polynomial is `[]`. The univariate algorithms (heuristic GCD, square-free parts,
 * factorisation, Hensel lifting) run on this form: an array index is cheaper than a packed key,
 * and univariate factorisation is where the time goes.
 */
import { pollBudget } from '../base/budget.js';
import { gcd as igcd } from '../base/rational.js';
import { constant, expOf, gen, Poly, type Ring, zero } from './poly.js';

/** A dense univariate integer polynomial, low degree first. */
export type Dense = bigint[];

/** Drops trailing zeros (in place) and returns the array. */
export function trim(a: Dense): Dense {
  let n = a.length;
  while (n > 0 && a[n - 1] === 0n) n--;
  a.length = n;
  return a;
}

/** The degree (−1 for zero). */
export function deg(a: Dense): number {
  return a.length - 1;
}

/** The leading coefficient (0 for zero). */
export function lc(a: Dense): bigint {
  return a.length === 0 ? 0n : a[a.length - 1];
}

/** a + b. */
export function dadd(a: Dense, b: Dense): Dense {
  const n = Math.max(a.length, b.length);
  const c: Dense = [];
  for (let i = 0; i < n; i++) c.push((a[i] ?? 0n) + (b[i] ?? 0n));
  return trim(c);
}

/** a − b. */
export function dsub(a: Dense, b: Dense): Dense {
  const n = Math.max(a.length, b.length);
  const c: Dense = [];
  for (let i = 0; i < n; i++) c.push((a[i] ?? 0n) - (b[i] ?? 0n));
  return trim(c);
}

/** k·a. */
export function dscale(a: Dense, k: bigint): Dense {
  return k === 0n ? [] : a.map((x) => x * k);
}

/** a · b (schoolbook). */
export function dmul(a: Dense, b: Dense): Dense {
  if (a.length === 0 || b.length === 0) return [];
  const c: Dense = new Array(a.length + b.length - 1).fill(0n);
  for (let i = 0; i < a.length; i++) {
    pollBudget();
    const ai = a[i];
    if (ai === 0n) continue;
    for (let j = 0; j < b.length; j++) c[i + j] += ai * b[j];
  }
  return trim(c);
}

/** a / b when b divides a over Z, else undefined. */
export function dexact(a: Dense, b: Dense): Dense | undefined {
  if (b.length === 0) throw new RangeError('division by the zero polynomial');
  if (a.length < b.length) return a.length === 0 ? [] : undefined;
  const r = a.slice();
  const db = b.length - 1;
  const l = b[db];
  const q: Dense = new Array(a.length - db).fill(0n);
  for (let i = a.length - 1; i >= db; i--) {
    pollBudget();
    const c = r[i];
    if (c === 0n) continue;
    if (c % l !== 0n) return undefined;
    const t = c / l;
    q[i - db] = t;
    for (let j = 0; j <= db; j++) r[i - db + j] -= t * b[j];
  }
  for (let i = 0; i < db; i++) if (r[i] !== 0n) return undefined;
  return trim(q);
}

/** Pseudo-remainder: lc(b)^(deg a − deg b + 1)·a mod b. */
export function dprem(a: Dense, b: Dense): Dense {
  let r = a.slice();
  const db = b.length - 1;
  const l = b[db];
  let k = a.length - b.length + 1;
  while (r.length - 1 >= db && r.length > 0) {
    pollBudget();
    const d = r.length - 1;
    const c = r[d];
    r = r.map((x) => x * l);
    for (let j = 0; j <= db; j++) r[d - db + j] -= c * b[j];
    trim(r);
    k--;
  }
  if (k > 0) r = dscale(r, l ** BigInt(k));
  return r;
}

/** The gcd of the coefficients with the leading coefficient's sign. */
export function dcontent(a: Dense): bigint {
  let g = 0n;
  for (const c of a) {
    g = igcd(g, c);
    if (g === 1n) break;
  }
  return lc(a) < 0n ? -g : g;
}

/** a divided by its content (positive leading coefficient). */
export function dprimitive(a: Dense): Dense {
  const c = dcontent(a);
  return c === 0n || c === 1n ? a : a.map((x) => x / c);
}

/** The derivative. */
export function dderiv(a: Dense): Dense {
  const c: Dense = [];
  for (let i = 1; i < a.length; i++) c.push(a[i] * BigInt(i));
  return trim(c);
}

/** a(v). */
export function deval(a: Dense, v: bigint): bigint {
  let s = 0n;
  for (let i = a.length - 1; i >= 0; i--) s = s * v + a[i];
  return s;
}

/** The largest absolute coefficient. */
export function dnorm(a: Dense): bigint {
  let m = 0n;
  for (const c of a) {
    const x = c < 0n ? -c : c;
    if (x > m) m = x;
  }
  return m;
}

/** The integer square root (floor), by Newton's iteration from above (any size of `n`). */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  // 2^ceil(bits/2) >= sqrt(n): the iteration decreases monotonically to the floor.
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** The ξ-adic digits of an integer, symmetric: the polynomial h with h(ξ) = v, |coeffs| < ξ/2. */
function interpolate(v: bigint, xi: bigint): Dense {
  const out: Dense = [];
  const half = xi / 2n;
  while (v !== 0n) {
    let c = v % xi;
    if (c > half) c -= xi;
    else if (c < -half) c += xi;
    out.push(c);
    v = (v - c) / xi;
  }
  return out;
}

/**
 * The gcd over Z (positive leading coefficient). Heuristic GCD (Char, Geddes and Gonnet):
 * evaluate at a large integer ξ, take the integer gcd, read the polynomial back from its ξ-adic
 * digits and accept it when it divides both; six tries with growing ξ, then a primitive PRS.
 * Heuristic GCD was chosen because its work is one big-integer gcd and two trial divisions,
 * which on dense inputs of degree 100 beats any remainder sequence (see spec/bench poly).
 */
export function dgcd(a: Dense, b: Dense): Dense {
  if (a.length === 0) return lc(b) < 0n ? dscale(b, -1n) : b.slice();
  if (b.length === 0) return lc(a) < 0n ? dscale(a, -1n) : a.slice();
  const g0 = igcd(dcontent(a), dcontent(b));
  const f = dprimitive(a);
  const g = dprimitive(b);
  if (f.length === 1 || g.length === 1) return [g0];
  const h = heuristic(f, g) ?? prs(f, g);
  return dscale(h, g0);
}

function heuristic(f: Dense, g: Dense): Dense | undefined {
  const fn = dnorm(f);
  const gn = dnorm(g);
  const bound = 2n * minBig(fn, gn) + 29n;
  let xi = minBig(bound, 99n * isqrt(bound));
  const alt = 2n * minBig(fn / abs(lc(f)), gn / abs(lc(g))) + 2n;
  if (alt > xi) xi = alt;
  for (let attempt = 0; attempt < 6; attempt++) {
    pollBudget();
    const fv = deval(f, xi);
    const gv = deval(g, xi);
    if (fv !== 0n && gv !== 0n) {
      const hv = igcd(fv, gv);
      const h = dprimitive(interpolate(hv, xi));
      if (h.length > 0 && dexact(f, h) !== undefined && dexact(g, h) !== undefined) return h;
      const cf = interpolate(fv / hv, xi);
      if (cf.length > 0) {
        const h2 = dexact(f, cf);
        if (h2 !== undefined) {
          const p = dprimitive(h2);
          if (dexact(g, p) !== undefined) return p;
        }
      }
    }
    xi = (xi * 73794n) / 27011n;
  }
  return undefined;
}

/** The primitive polynomial remainder sequence (the fallback of {@link dgcd}). */
function prs(f: Dense, g: Dense): Dense {
  let a = f;
  let b = g;
  if (a.length < b.length) [a, b] = [b, a];
  while (b.length > 0) {
    const r = dprimitive(dprem(a, b));
    a = b;
    b = r;
  }
  return dprimitive(a);
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

/** The smaller of two bigints. */
export function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** The dense coefficients of `p` in generator `i` (p must involve no other generator). */
export function toDense(p: Poly, i: number): Dense {
  const out: Dense = [];
  for (const [k, c] of p.terms) {
    const e = expOf(p.ring, k, i);
    while (out.length <= e) out.push(0n);
    out[e] = c;
  }
  return trim(out);
}

/** The polynomial Σ c[e]·x_i^e in ring r. */
export function fromDense(r: Ring, i: number, c: Dense): Poly {
  if (c.length === 0) return zero(r);
  if (c.length === 1) return constant(r, c[0]);
  gen(r, i, c.length - 1);
  const m = new Map<number, bigint>();
  for (let e = 0; e < c.length; e++) if (c[e] !== 0n) m.set(e * r.unit[i], c[e]);
  return new Poly(r, m);
}
