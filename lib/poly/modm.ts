/**
 * Dense univariate polynomials modulo a large prime M (bigint residues in [0, M)), and the
 * primes themselves: what the multivariate Hensel lifting of factor-multivariate.ts needs for its
 * univariate Diophantine equations.
 */
import { pollBudget } from '../base/budget.js';
import { type Dense, trim } from './dense.js';

/** x mod m in [0, m). */
export function mod(x: bigint, m: bigint): bigint {
  const r = x % m;
  return r < 0n ? r + m : r;
}

/** a reduced mod m. */
export function reduce(a: Dense, m: bigint): Dense {
  return trim(a.map((c) => mod(c, m)));
}

/** a·b mod m. */
export function mulM(a: Dense, b: Dense, m: bigint): Dense {
  if (a.length === 0 || b.length === 0) return [];
  const c: Dense = new Array(a.length + b.length - 1).fill(0n);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === 0n) continue;
    for (let j = 0; j < b.length; j++) c[i + j] += a[i] * b[j];
  }
  return reduce(c, m);
}

/** a − b mod m. */
export function subM(a: Dense, b: Dense, m: bigint): Dense {
  const n = Math.max(a.length, b.length);
  const c: Dense = [];
  for (let i = 0; i < n; i++) c.push(mod((a[i] ?? 0n) - (b[i] ?? 0n), m));
  return trim(c);
}

/** The inverse of a mod a prime m. */
export function invM(a: bigint, m: bigint): bigint {
  return powM(mod(a, m), m - 2n, m);
}

/** b^e mod m. */
export function powM(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b = mod(b, m);
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

/** Quotient and remainder mod a prime m. */
export function divmodM(a: Dense, b: Dense, m: bigint): { q: Dense; r: Dense } {
  const r = reduce(a, m);
  const db = b.length - 1;
  if (r.length - 1 < db) return { q: [], r };
  const inv = invM(b[db], m);
  const q: Dense = new Array(r.length - db).fill(0n);
  for (let i = r.length - 1; i >= db; i--) {
    const c = mod(r[i] * inv, m);
    q[i - db] = c;
    if (c === 0n) continue;
    for (let j = 0; j <= db; j++) r[i - db + j] = mod(r[i - db + j] - c * b[j], m);
  }
  return { q: trim(q), r: trim(r.slice(0, db)) };
}

/** s with s·a ≡ 1 (mod b, M) for a coprime to b (extended Euclid mod a prime). */
export function inverseModPoly(a: Dense, b: Dense, m: bigint): Dense {
  let [r0, r1] = [reduce(b, m), divmodM(a, b, m).r];
  let [s0, s1]: Dense[] = [[], [1n]];
  while (r1.length > 0) {
    pollBudget();
    const { q, r } = divmodM(r0, r1, m);
    [r0, r1] = [r1, r];
    [s0, s1] = [s1, subM(s0, mulM(q, s1, m), m)];
  }
  if (r0.length !== 1) throw new RangeError('the factors are not coprime modulo the prime');
  const inv = invM(r0[0], m);
  return reduce(
    s0.map((c) => c * inv),
    m,
  );
}

/** Miller–Rabin with fixed bases (deterministic far beyond 2^64, probabilistic above). */
export function isProbablePrime(n: bigint): boolean {
  if (n < 2n) return false;
  const small = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n, 41n];
  for (const p of small) if (n % p === 0n) return n === p;
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  outer: for (const a of small) {
    let x = powM(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let i = 1; i < s; i++) {
      x = (x * x) % n;
      if (x === n - 1n) continue outer;
    }
    return false;
  }
  return true;
}

/** The first probable prime at or above 2^bits + offset. */
export function primeAbove(bits: number, offset = 0n): bigint {
  let n = (1n << BigInt(bits)) + offset + 1n;
  if ((n & 1n) === 0n) n++;
  while (!isProbablePrime(n)) {
    pollBudget();
    n += 2n;
  }
  return n;
}
