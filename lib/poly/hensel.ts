/**
 * Univariate Hensel lifting: from f ≡ lc(f)·Π g_i (mod p), g_i monic, pairwise coprime, to the
 * same factorisation modulo m ≥ bound. Quadratic lifting of two factors (von zur Gathen and
 * Gerhard's Hensel step, which also lifts the Bézout coefficients), applied down a balanced
 * tree of the factors so each level lifts products of about half the factors.
 */
import { pollBudget } from '../base/budget.js';
import { type Dense, trim } from './dense.js';
import { mgcdex, type ModPoly, mmul } from './modp.js';

function mod(x: bigint, m: bigint): bigint {
  const r = x % m;
  return r < 0n ? r + m : r;
}

function reduce(a: Dense, m: bigint): Dense {
  return trim(a.map((c) => mod(c, m)));
}

function mul(a: Dense, b: Dense, m: bigint): Dense {
  if (a.length === 0 || b.length === 0) return [];
  const c: Dense = new Array(a.length + b.length - 1).fill(0n);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === 0n) continue;
    for (let j = 0; j < b.length; j++) c[i + j] += a[i] * b[j];
  }
  return reduce(c, m);
}

function addm(a: Dense, b: Dense, m: bigint, sign = 1n): Dense {
  const n = Math.max(a.length, b.length);
  const c: Dense = [];
  for (let i = 0; i < n; i++) c.push(mod((a[i] ?? 0n) + sign * (b[i] ?? 0n), m));
  return trim(c);
}

/** Division by a monic polynomial mod m. */
function divmodMonic(a: Dense, h: Dense, m: bigint): { q: Dense; r: Dense } {
  const r = a.slice();
  const dh = h.length - 1;
  if (r.length - 1 < dh) return { q: [], r: reduce(r, m) };
  const q: Dense = new Array(r.length - dh).fill(0n);
  for (let i = r.length - 1; i >= dh; i--) {
    const c = mod(r[i], m);
    q[i - dh] = c;
    if (c === 0n) continue;
    for (let j = 0; j <= dh; j++) r[i - dh + j] -= c * h[j];
  }
  return { q: trim(q), r: reduce(r.slice(0, dh), m) };
}

function big(a: ModPoly): Dense {
  return a.map(BigInt);
}

/** The product of monic polynomials mod p. */
function productMod(fs: readonly ModPoly[], p: number): ModPoly {
  return fs.reduce((acc, g) => mmul(acc, g, p), [1] as ModPoly);
}

/**
 * Lifts the monic factorisation `f ≡ Π gs (mod p)` of a monic-mod-p f to modulus m = p^(2^j) ≥
 * bound. Returns m and the lifted monic factors (coefficients in [0, m)).
 */
export function liftFactors(
  f: Dense,
  gs: readonly ModPoly[],
  p: number,
  bound: bigint,
): { m: bigint; factors: Dense[] } {
  const P = BigInt(p);
  let m = P;
  while (m < bound) m *= m;
  const lcInv = invBig(mod(f[f.length - 1], m), m);
  const F = reduce(
    f.map((c) => c * lcInv),
    m,
  );
  return { m, factors: liftTree(F, gs, p, m) };
}

function liftTree(F: Dense, gs: readonly ModPoly[], p: number, m: bigint): Dense[] {
  if (gs.length === 1) return [F];
  const half = gs.length >> 1;
  const a = gs.slice(0, half);
  const b = gs.slice(half);
  const [G, H] = liftPair(F, productMod(a, p), productMod(b, p), p, m);
  return [...liftTree(G, a, p, m), ...liftTree(H, b, p, m)];
}

/** F ≡ g·h (mod p), g, h monic and coprime: lifts to F ≡ G·H (mod m). */
function liftPair(F: Dense, g0: ModPoly, h0: ModPoly, p: number, m: bigint): [Dense, Dense] {
  const bez = mgcdex(g0, h0, p);
  let g = big(g0);
  let h = big(h0);
  let s = big(bez.s);
  let t = big(bez.t);
  let q = BigInt(p);
  while (q < m) {
    pollBudget();
    q = q * q > m ? m : q * q;
    const e = addm(reduce(F, q), mul(g, h, q), q, -1n);
    const se = divmodMonic(mul(s, e, q), h, q);
    const gs = addm(addm(g, mul(t, e, q), q), mul(se.q, g, q), q);
    const hs = addm(h, se.r, q);
    const b = addm(addm(mul(s, gs, q), mul(t, hs, q), q), [1n], q, -1n);
    const sb = divmodMonic(mul(s, b, q), hs, q);
    s = addm(s, sb.r, q, -1n);
    t = addm(addm(t, mul(t, b, q), q, -1n), mul(sb.q, gs, q), q, -1n);
    g = gs;
    h = hs;
  }
  return [g, h];
}

/** The inverse of a mod m (gcd(a, m) = 1), by the extended Euclidean algorithm. */
export function invBig(a: bigint, m: bigint): bigint {
  let [r0, r1] = [mod(a, m), m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const qq = r0 / r1;
    [r0, r1] = [r1, r0 - qq * r1];
    [s0, s1] = [s1, s0 - qq * s1];
  }
  return mod(s0, m);
}
