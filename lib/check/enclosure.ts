/**
 * Rigorous values of a term at a point, for confirming a difference the float comparison
 * suspects (lib/check/numeric.ts):
 *
 * - a rational term (numbers, symbols, `+`, `*`, integer powers) is evaluated exactly with bigint
 *   rationals — every double is a dyadic rational, so the point is exact too;
 * - any other term is enclosed by interval arithmetic: each operation's bounds are computed in
 *   float64 and then rounded outward by a few ulps (more for library functions), ranges are
 *   clamped to what the function can take (sin to [−1, 1], exp to [0, ∞)), and a function whose
 *   domain the argument interval leaves partly is `unknown`, not a value.
 *
 * `undefined` means certainly undefined (the whole argument interval lies outside a function's
 * domain, or an exact division by zero); `unknown` means the enclosure cannot decide (it meets a
 * domain boundary, a pole, or overflows).
 */
import { BibunError } from '../base/errors.js';
import * as Q from '../base/rational.js';
import type { Term } from '../term/term.js';
import { postorder } from '../term/walk.js';

/** What is known of a term's value at a point. */
export type Enclosure =
  | { readonly kind: 'exact'; readonly value: Q.Rational; readonly lo: number; readonly hi: number }
  | { readonly kind: 'interval'; readonly lo: number; readonly hi: number }
  | { readonly kind: 'undefined' }
  | { readonly kind: 'unknown' };

type Iv = { lo: number; hi: number } | 'undefined' | 'unknown';

const u = 2 ** -53;
const tiny = Number.MIN_VALUE;

/** Rounds a computed bound outward by `ulps` half-ulps, plus one subnormal unless exact zero. */
function out(lo: number, hi: number, ulps: number, zeroExact = false): Iv {
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) return 'unknown';
  const dl = lo === 0 && zeroExact ? 0 : ulps * u * Math.abs(lo) + tiny;
  const dh = hi === 0 && zeroExact ? 0 : ulps * u * Math.abs(hi) + tiny;
  return { lo: lo - dl, hi: hi + dh };
}

function clamp(iv: Iv, min: number, max: number): Iv {
  if (typeof iv === 'string') return iv;
  return { lo: Math.max(iv.lo, min), hi: Math.min(iv.hi, max) };
}

function add(a: { lo: number; hi: number }, b: { lo: number; hi: number }): Iv {
  // A float sum that is 0 is exactly 0, and a sum never underflows: relative rounding suffices.
  const lo = a.lo + b.lo;
  const hi = a.hi + b.hi;
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) return 'unknown';
  return { lo: lo - 2 * u * Math.abs(lo), hi: hi + 2 * u * Math.abs(hi) };
}

function mul(a: { lo: number; hi: number }, b: { lo: number; hi: number }): Iv {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of [a.lo, a.hi])
    for (const y of [b.lo, b.hi]) {
      const p = x * y;
      // A zero factor makes the product exactly 0; otherwise it may have underflowed.
      const d = x === 0 || y === 0 ? 0 : 2 * u * Math.abs(p) + tiny;
      lo = Math.min(lo, p - d);
      hi = Math.max(hi, p + d);
    }
  return Number.isFinite(lo) && Number.isFinite(hi) ? { lo, hi } : 'unknown';
}

function recip(a: { lo: number; hi: number }): Iv {
  if (a.lo === 0 && a.hi === 0) return 'undefined';
  if (a.lo <= 0 && a.hi >= 0) return 'unknown';
  return out(1 / a.hi, 1 / a.lo, 4);
}

/** a^n for an integer n: monotone on each side of 0, even powers are ≥ 0. */
function intPow(a: { lo: number; hi: number }, n: number): Iv {
  if (n === 0) return { lo: 1, hi: 1 };
  if (n < 0) {
    if (a.lo === 0 && a.hi === 0) return 'undefined';
    if (a.lo <= 0 && a.hi >= 0) return 'unknown';
  }
  const ulps = 16 + 4 * Math.log2(Math.abs(n));
  // Each bound rounded outward on its own: only a zero base gives an exactly zero power.
  const bound = (x: number): [number, number] => {
    const p = Math.pow(x, n);
    const d = x === 0 ? 0 : ulps * u * Math.abs(p) + tiny;
    return [p - d, p + d];
  };
  const [plo, phi] = bound(a.lo);
  const [qlo, qhi] = bound(a.hi);
  if (
    !(Number.isFinite(plo) && Number.isFinite(phi) && Number.isFinite(qlo) && Number.isFinite(qhi))
  )
    return 'unknown';
  const even = n % 2 === 0;
  const containsZero = a.lo <= 0 && a.hi >= 0;
  const r = { lo: containsZero && even ? 0 : Math.min(plo, qlo), hi: Math.max(phi, qhi) };
  return even ? clamp(r, 0, Infinity) : r;
}

/** a^b for a non-integer or non-constant exponent: defined for a > 0 (and 0^b for b > 0). */
function realPow(a: { lo: number; hi: number }, b: { lo: number; hi: number }): Iv {
  if (b.lo === b.hi && Number.isInteger(b.lo) && Math.abs(b.lo) < 2 ** 31) return intPow(a, b.lo);
  if (a.hi < 0 && b.lo === b.hi && !Number.isInteger(b.lo)) return 'undefined';
  if (a.lo === 0 && a.hi === 0 && b.lo > 0) return { lo: 0, hi: 0 };
  if (a.lo <= 0) return 'unknown';
  // b·log(a) is bilinear in (b, log a) and exp is monotone: the extremes are at the corners.
  const corners = [a.lo, a.hi].flatMap((x) => [b.lo, b.hi].map((y) => Math.pow(x, y)));
  return clamp(out(Math.min(...corners), Math.max(...corners), 32), 0, Infinity);
}

/** Does [lo − tol, hi + tol] contain c0 + k·period for an integer k? */
function meets(lo: number, hi: number, c0: number, period: number): boolean {
  const tol = 16 * u * (Math.abs(lo) + Math.abs(hi) + 4);
  const k = Math.ceil((lo - tol - c0) / period);
  return c0 + k * period <= hi + tol;
}

/** sin or cos over an interval: the endpoint values, and ±1 where an extremum lies inside. */
function trig(a: { lo: number; hi: number }, f: (x: number) => number, maxAt: number): Iv {
  if (a.lo === a.hi && a.lo === 0) return f === Math.sin ? { lo: 0, hi: 0 } : { lo: 1, hi: 1 };
  if (a.hi - a.lo >= 6) return { lo: -1, hi: 1 };
  const p = f(a.lo);
  const q = f(a.hi);
  const r = out(Math.min(p, q), Math.max(p, q), 8) as { lo: number; hi: number };
  if (meets(a.lo, a.hi, maxAt, 2 * Math.PI)) r.hi = 1;
  if (meets(a.lo, a.hi, maxAt + Math.PI, 2 * Math.PI)) r.lo = -1;
  return clamp(r, -1, 1);
}

/** A monotone function on a domain [dlo, dhi] (open ends where said). */
function monotone(
  a: { lo: number; hi: number },
  f: (x: number) => number,
  increasing: boolean,
  [dlo, dhi, openLo, openHi]: readonly [number, number, boolean, boolean],
): Iv {
  const inside = (openLo ? a.lo > dlo : a.lo >= dlo) && (openHi ? a.hi < dhi : a.hi <= dhi);
  const outside = (openLo ? a.hi <= dlo : a.hi < dlo) || (openHi ? a.lo >= dhi : a.lo > dhi);
  if (outside) return 'undefined';
  if (!inside) return 'unknown';
  if (a.lo === 0 && a.hi === 0 && f(0) === 0) return { lo: 0, hi: 0 };
  const p = f(a.lo);
  const q = f(a.hi);
  return increasing ? out(p, q, 8) : out(q, p, 8);
}

const all = [-Infinity, Infinity, false, false] as const;
const monotoneFunctions: Readonly<
  Record<
    string,
    readonly [(x: number) => number, boolean, readonly [number, number, boolean, boolean]]
  >
> = {
  exp: [Math.exp, true, all],
  log: [Math.log, true, [0, Infinity, true, false]],
  sqrt: [Math.sqrt, true, [0, Infinity, false, false]],
  atan: [Math.atan, true, all],
  sinh: [Math.sinh, true, all],
  tanh: [Math.tanh, true, all],
  asinh: [Math.asinh, true, all],
  asin: [Math.asin, true, [-1, 1, false, false]],
  acos: [Math.acos, false, [-1, 1, false, false]],
  atanh: [Math.atanh, true, [-1, 1, true, true]],
  acosh: [Math.acosh, true, [1, Infinity, false, false]],
};

/** Ranges the functions cannot leave (so rounding cannot push sin past 1 or exp below 0). */
const ranges: Readonly<Record<string, readonly [number, number]>> = {
  exp: [0, Infinity],
  sqrt: [0, Infinity],
  tanh: [-1, 1],
  acos: [0, Infinity],
  acosh: [0, Infinity],
};

/** An even function with its minimum at 0 (cosh, abs). */
function even(a: { lo: number; hi: number }, f: (x: number) => number): Iv {
  const p = f(a.lo);
  const q = f(a.hi);
  const lo = a.lo <= 0 && a.hi >= 0 ? f(0) : Math.min(p, q);
  return f === Math.abs ? { lo, hi: Math.max(p, q) } : out(lo, Math.max(p, q), 8, true);
}

/** atan2(y, x) over a box: corners, except at the origin and across the cut along x < 0. */
function atan2(y: { lo: number; hi: number }, x: { lo: number; hi: number }): Iv {
  const originIn = y.lo <= 0 && y.hi >= 0 && x.lo <= 0 && x.hi >= 0;
  if (originIn)
    return y.lo === 0 && y.hi === 0 && x.lo === 0 && x.hi === 0 ? 'undefined' : 'unknown';
  if (x.lo < 0 && y.lo < 0 && y.hi >= 0) return out(-Math.PI, Math.PI, 8);
  const corners = [y.lo + 0, y.hi + 0].flatMap((b) => [x.lo, x.hi].map((a) => Math.atan2(b, a)));
  return out(Math.min(...corners), Math.max(...corners), 8);
}

function applyIv(head: string, args: readonly { lo: number; hi: number }[], expo?: Term): Iv {
  switch (head) {
    case '+':
      return args.reduce<Iv>((s, a) => (typeof s === 'string' ? s : add(s, a)), { lo: 0, hi: 0 });
    case '*':
      return args.reduce<Iv>((s, a) => (typeof s === 'string' ? s : mul(s, a)), { lo: 1, hi: 1 });
    case '^':
      return expo?.kind === 'num' &&
        expo.den === 1n &&
        expo.num < 2n ** 31n &&
        expo.num > -(2n ** 31n)
        ? intPow(args[0], Number(expo.num))
        : realPow(args[0], args[1]);
    case 'sin':
      return trig(args[0], Math.sin, Math.PI / 2);
    case 'cos':
      return trig(args[0], Math.cos, 0);
    case 'tan':
      if (meets(args[0].lo, args[0].hi, Math.PI / 2, Math.PI)) return 'unknown';
      return out(Math.tan(args[0].lo), Math.tan(args[0].hi), 8, true);
    case 'sec':
    case 'csc':
    case 'cot': {
      const s = trig(args[0], Math.sin, Math.PI / 2);
      const c = trig(args[0], Math.cos, 0);
      if (typeof s === 'string' || typeof c === 'string') return 'unknown';
      if (head === 'sec') return recip(c);
      const r = recip(s);
      return head === 'csc' || typeof r === 'string' ? r : mul(c, r);
    }
    case 'cosh':
      return even(args[0], Math.cosh);
    case 'abs':
      return even(args[0], Math.abs);
    case 'atan2':
      return atan2(args[0], args[1]);
  }
  const m = monotoneFunctions[head];
  if (m === undefined) return 'unknown';
  const r = monotone(args[0], m[0], m[1], m[2]);
  const range = ranges[head];
  return range === undefined ? r : clamp(r, range[0], range[1]);
}

/** The exact rational value, 'undefined' (0 to a negative power), or undefined when not rational. */
function exactValue(
  t: Term,
  point: Readonly<Record<string, number>>,
): Q.Rational | 'undefined' | undefined {
  const values = new Map<number, Q.Rational>();
  try {
    for (const n of postorder(t)) {
      let v: Q.Rational;
      if (n.kind === 'num') v = n;
      else if (n.kind === 'sym') {
        if (!Object.hasOwn(point, n.name) || n.name === 'pi' || n.name === 'e') return undefined;
        v = Q.fromNumber(point[n.name]);
      } else if (n.kind !== 'app') return undefined;
      else if (n.head === '+')
        v = n.args.reduce((s, a) => Q.add(s, values.get(a.id)!), Q.rational(0n));
      else if (n.head === '*')
        v = n.args.reduce((s, a) => Q.mul(s, values.get(a.id)!), Q.rational(1n));
      else if (n.head === '^' && n.args[1].kind === 'num' && n.args[1].den === 1n) {
        const base = values.get(n.args[0].id)!;
        if (base.num === 0n && n.args[1].num < 0n) return 'undefined';
        v = Q.powInt(base, n.args[1].num);
      } else return undefined;
      values.set(n.id, v);
    }
  } catch (e) {
    if (e instanceof BibunError) return undefined; // beyond the bit budget: fall back to intervals
    throw e;
  }
  return values.get(t.id)!;
}

/**
 * What is known for certain of the value of `t` at `point` (see the module comment).
 *
 * @example enclose(parse('x^2 + 1/10^12'), { x: 1 }) // { kind: 'exact', value: 1000000000001/10^12, ... }
 */
export function enclose(t: Term, point: Readonly<Record<string, number>>): Enclosure {
  const exact = exactValue(t, point);
  if (exact === 'undefined') return { kind: 'undefined' };
  if (exact !== undefined) {
    const v = Q.toNumber(exact);
    const d = 4 * u * Math.abs(v) + tiny;
    return { kind: 'exact', value: exact, lo: v - d, hi: v + d };
  }
  const values = new Map<number, Iv>();
  for (const n of postorder(t)) {
    let r: Iv;
    if (n.kind === 'num') {
      const v = Q.toNumber(n);
      const exactNum = n.den === 1n && Math.abs(v) <= 2 ** 53;
      r = exactNum ? { lo: v, hi: v } : out(v, v, 4);
    } else if (n.kind === 'sym') {
      if (n.name === 'pi') r = out(Math.PI, Math.PI, 2);
      else if (n.name === 'e') r = out(Math.E, Math.E, 2);
      else if (Object.hasOwn(point, n.name)) {
        const v = point[n.name] + 0;
        r = { lo: v, hi: v };
      } else r = 'unknown';
    } else if (n.kind === 'app') {
      const args = n.args.map((a) => values.get(a.id)!);
      const bad = args.find((a) => typeof a === 'string');
      r =
        bad !== undefined
          ? bad
          : applyIv(
              n.head,
              args as { lo: number; hi: number }[],
              n.head === '^' ? n.args[1] : undefined,
            );
    } else r = 'unknown';
    if (r === 'undefined') return { kind: 'undefined' };
    values.set(n.id, r);
  }
  const r = values.get(t.id)!;
  return typeof r === 'string' ? { kind: r } : { kind: 'interval', lo: r.lo, hi: r.hi };
}
