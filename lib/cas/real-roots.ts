/**
 * Real roots of a square-free integer polynomial without rational roots (an irreducible factor
 * of degree ≥ 3): isolated exactly by a Sturm sequence on dyadic intervals, then narrowed by
 * exact bisection until both ends round to the same double — full double precision, with no
 * float cancellation to trust. Dyadic points are never roots (the factor has no rational root),
 * so every sign count is well defined.
 */
import { pollBudget } from '../base/budget.js';
import { fromNumber } from '../base/rational.js';
import { type Dense, dprem, trim } from '../poly/dense.js';

/** A dyadic number m / 2^k. */
interface Dyadic {
  readonly m: bigint;
  readonly k: bigint;
}

function abs(a: bigint): bigint {
  return a < 0n ? -a : a;
}

function gcdBig(a: bigint, b: bigint): bigint {
  let x = abs(a);
  let y = abs(b);
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** a divided by the positive gcd of its coefficients (signs kept, unlike dprimitive). */
function positivePrimitive(a: Dense): Dense {
  let g = 0n;
  for (const c of a) g = gcdBig(g, c);
  return g <= 1n ? a : a.map((c) => c / g);
}

/** The Sturm sequence f, f', -rem(f, f'), ... with signs as over Q. */
function sturm(f: Dense): Dense[] {
  const d: Dense = [];
  for (let i = 1; i < f.length; i++) d.push(f[i] * BigInt(i));
  const seq: Dense[] = [f, trim(d)];
  for (;;) {
    pollBudget();
    const a = seq[seq.length - 2];
    const b = seq[seq.length - 1];
    if (b.length <= 1) break;
    const r = dprem(a, b);
    if (r.length === 0) break;
    // prem is lc(b)^(deg a − deg b + 1)·rem: undo that factor's sign, then negate.
    const k = a.length - b.length + 1;
    const flip = b[b.length - 1] < 0n && k % 2 === 1;
    seq.push(positivePrimitive(r.map((c) => (flip ? c : -c))));
  }
  return seq;
}

/** The sign of a at m/2^k: a homogeneous evaluation in integers. */
function signAt(a: Dense, x: Dyadic): number {
  let s = 0n;
  const n = a.length - 1;
  let scale = 1n;
  for (let i = n; i >= 0; i--) {
    s = s * x.m + a[i] * scale;
    scale <<= x.k;
  }
  return s === 0n ? 0 : s > 0n ? 1 : -1;
}

function changes(seq: readonly Dense[], x: Dyadic): number {
  let count = 0;
  let last = 0;
  for (const p of seq) {
    const s = signAt(p, x);
    if (s === 0) continue;
    if (last !== 0 && s !== last) count++;
    last = s;
  }
  return count;
}

function mid(a: Dyadic, b: Dyadic): Dyadic {
  let k = a.k + 1n;
  if (b.k > a.k) k = b.k + 1n;
  return { m: (a.m << (k - 1n - a.k)) + (b.m << (k - 1n - b.k)), k };
}

function toFloat(x: Dyadic): number {
  // Keep 80 significant bits before the float conversion; exact enough for rounding here.
  const bits = x.m.toString(2).length;
  const drop = bits > 80 ? BigInt(bits - 80) : 0n;
  return Number(x.m >> drop) * 2 ** Number(drop - x.k);
}

/** A power of two above every root's absolute value (Cauchy's bound). */
function rootBound(f: Dense): Dyadic {
  const lead = abs(f[f.length - 1]);
  let max = 0n;
  for (let i = 0; i < f.length - 1; i++) if (abs(f[i]) > max) max = abs(f[i]);
  const q = max / lead + 2n;
  return { m: 1n << BigInt(q.toString(2).length), k: 0n };
}

/**
 * The real roots of `f` (square-free, no rational root, degree ≥ 1), ascending, each the double
 * nearest to it or an adjacent one.
 */
export function realRoots(f: Dense): number[] {
  const seq = sturm(f);
  const b = rootBound(f);
  const out: number[] = [];
  const isolate = (lo: Dyadic, hi: Dyadic, vlo: number, vhi: number) => {
    pollBudget();
    const n = vlo - vhi;
    if (n <= 0) return;
    if (n === 1) return void out.push(refine(f, lo, hi));
    const m = mid(lo, hi);
    const vm = changes(seq, m);
    isolate(lo, m, vlo, vm);
    isolate(m, hi, vm, vhi);
  };
  const lo = { m: -b.m, k: 0n };
  isolate(lo, b, changes(seq, lo), changes(seq, b));
  return out;
}

/** The dyadic value of a finite double. */
function dyadic(v: number): Dyadic {
  const r = fromNumber(v);
  return { m: r.num, k: BigInt(r.den.toString(2).length - 1) };
}

const bits = new DataView(new ArrayBuffer(8));

/** The next double above (up) or below v, for finite nonzero-safe stepping. */
function step(v: number, up: boolean): number {
  if (v === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
  bits.setFloat64(0, v);
  const b = bits.getBigInt64(0);
  bits.setBigInt64(0, v > 0 === up ? b + 1n : b - 1n);
  return bits.getFloat64(0);
}

/** Narrows (lo, hi) around the one root, then picks the double nearest to it by exact signs. */
function refine(f: Dense, lo0: Dyadic, hi0: Dyadic): number {
  let lo = lo0;
  let hi = hi0;
  const slo = signAt(f, lo);
  let c = toFloat(mid(lo, hi));
  for (let i = 0; i < 4000; i++) {
    const m = mid(lo, hi);
    c = toFloat(m);
    if (toFloat(lo) === toFloat(hi) || c === toFloat(lo) || c === toFloat(hi)) break;
    if (signAt(f, m) === slo) lo = m;
    else hi = m;
  }
  // The root is nearest to c when it lies between the midpoints to c's neighbours.
  for (let i = 0; i < 64; i++) {
    const below = mid(dyadic(step(c, false)), dyadic(c));
    const above = mid(dyadic(c), dyadic(step(c, true)));
    if (signAt(f, below) !== slo) c = step(c, false);
    else if (signAt(f, above) === slo) c = step(c, true);
    else break;
  }
  return c;
}
