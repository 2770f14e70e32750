/**
 * The one numeric comparison of bibun's checks: identity checks, rule soundness and the testing
 * toolkit all decide "do these two terms have the same value at this point?" here.
 *
 * ## The tolerance
 *
 * {@link valueAt} evaluates a term in float64 and, alongside, bounds the rounding error that
 * evaluation can have made (a running error analysis): a sum adds its arguments' error bounds
 * plus one rounding of each partial sum (u·Σ|argument|, u = 2⁻⁵³), so a cancellation inside a sum
 * is allowed for; a product propagates relative errors; a function f adds |f′(a)|·(error of a) plus
 * {@link libraryUlps} roundings of its result. Two values **agree** when they differ by at most
 * {@link safety} times the sum of their two bounds. The tolerance is therefore relative to the
 * magnitudes the evaluation met and nothing else: `x/10^12` is not 0, and `1e-10*sin(x)` is not
 * `1e-10*cos(x)`, while `sin(x)^2 + cos(x)^2` is 1.
 *
 * ## Confirmation
 *
 * The float bound is a first-order estimate, so a disagreement is only a suspicion. {@link
 * compareAt} confirms it before calling it a difference: a side that is rational (numbers,
 * variables, `+`, `*`, integer powers) is re-evaluated exactly with bigint rationals (every double
 * is a rational), any other side is enclosed by interval evaluation with outward rounding
 * (lib/check/enclosure.ts). Only disjoint enclosures (or exactly different rationals) are a
 * difference; a side is undefined only when its enclosure says it certainly is. Anything else is
 * `inconclusive` and the point proves nothing.
 *
 * ## Domains and signed zero
 *
 * A side is undefined at a point when any node is not finite (`log(0)`, `1/0`, `atan(1/0)`) or is
 * outside the function's real domain; `atan2(0, 0)` is undefined. Negative zero is not a number of
 * mathematics: every intermediate −0 is read as 0, so `atan2(-y, x)` at y = 0, x = −1.5 is π.
 */
import * as Q from '../base/rational.js';
import { constants, headInfo } from '../base/signature.js';
import type { Term } from '../term/term.js';
import { postorder } from '../term/walk.js';
import { type Enclosure, enclose } from './enclosure.js';

/** A point: one finite value per symbol. */
export type Point = Readonly<Record<string, number>>;

/** A float value with a bound on its rounding error, and what it is the value of. */
export interface Value {
  readonly value: number;
  /** An upper bound (first order) on |value − the exact value of `term` at `point`|. */
  readonly error: number;
  readonly term: Term;
  readonly point: Point;
}

/** Half an ulp of 1: the relative error of one correctly rounded operation. */
const u = 2 ** -53;
/** The smallest subnormal: the absolute error one rounding can make near underflow. */
const tiny = Number.MIN_VALUE;

/** Roundings charged to one call of a library function (Math.sin, Math.pow, ...). */
export const libraryUlps = 4;

/** How many times the summed error bounds two agreeing values may differ by. */
export const safety = 4;

/** |f′(a)| for the unary functions, for propagating an argument's error. */
const slopes: Readonly<Record<string, (a: number, v: number) => number>> = {
  sin: (a) => Math.abs(Math.cos(a)),
  cos: (a) => Math.abs(Math.sin(a)),
  tan: (_, v) => 1 + v * v,
  sec: (a, v) => Math.abs(v * Math.tan(a)),
  csc: (a, v) => Math.abs(v / Math.tan(a)),
  cot: (_, v) => 1 + v * v,
  asin: (a) => 1 / Math.sqrt(1 - a * a),
  acos: (a) => 1 / Math.sqrt(1 - a * a),
  atan: (a) => 1 / (1 + a * a),
  sinh: (a) => Math.cosh(a),
  cosh: (a) => Math.abs(Math.sinh(a)),
  tanh: (_, v) => 1 - v * v,
  asinh: (a) => 1 / Math.sqrt(a * a + 1),
  acosh: (a) => 1 / Math.sqrt(a * a - 1),
  atanh: (a) => 1 / Math.abs(1 - a * a),
  exp: (_, v) => v,
  log: (a) => 1 / Math.abs(a),
  sqrt: (_, v) => 1 / (2 * v),
  abs: () => 1,
};

/**
 * `slope · error`, where an exact argument (or a zero slope: a factor beside an exact zero)
 * contributes nothing, even against an infinite other factor.
 */
function propagated(slope: number, error: number): number {
  return error === 0 || slope === 0 ? 0 : slope * error;
}

/** A number node's float value and the error of converting it. */
function numberValue(n: Term & { kind: 'num' }): [number, number] {
  const v = Q.toNumber(n);
  const exact = n.den === 1n && n.num <= 2n ** 53n && n.num >= -(2n ** 53n);
  return [v, exact ? 0 : libraryUlps * u * Math.abs(v) + tiny];
}

/** Value and error bound of one application node from its arguments'. */
function applyNode(head: string, args: readonly [number, number][]): [number, number] {
  if (head === '+') {
    let v = 0;
    let e = 0;
    let mag = 0;
    for (const [a, ea] of args) {
      v += a;
      e += ea;
      mag += Math.abs(a);
    }
    return [v, e + (args.length - 1) * u * mag];
  }
  if (head === '*') {
    // Error of a product: Σ eᵢ·Π_{j≠i}|vⱼ| (prefix and suffix products), plus one rounding a factor.
    const n = args.length;
    const suffix = new Array<number>(n + 1).fill(1);
    for (let i = n - 1; i >= 0; i--) suffix[i] = suffix[i + 1] * Math.abs(args[i][0]);
    let v = 1;
    let prefix = 1;
    let e = 0;
    for (let i = 0; i < n; i++) {
      const [a, ea] = args[i];
      e += propagated(prefix * suffix[i + 1], ea);
      prefix *= Math.abs(a);
      v *= a;
    }
    // A product with an exact zero factor is exactly zero; any other may have underflowed.
    const exactZero = args.some(([a, ea]) => a === 0 && ea === 0);
    return [v, exactZero ? e : e + (n - 1) * (u * Math.abs(v) + tiny)];
  }
  const info = headInfo(head);
  const f = info?.numeric;
  if (f === undefined) return [NaN, 0];
  if (head === '^') {
    const [[a, ea], [b, eb]] = args;
    const v = f(a, b);
    const da = propagated(Math.abs(b * Math.pow(a, b - 1)), ea);
    const db = propagated(Math.abs(v * Math.log(Math.abs(a))), eb);
    return [v, da + db + libraryUlps * u * Math.abs(v) + tiny];
  }
  if (head === 'atan2') {
    const [[y, ey], [x, ex]] = args;
    if (x === 0 && y === 0) return [NaN, 0];
    const r2 = x * x + y * y;
    const e = propagated(Math.abs(x) / r2, ey) + propagated(Math.abs(y) / r2, ex);
    return [Math.atan2(y, x), e + libraryUlps * u * Math.PI];
  }
  const [[a, ea]] = args;
  const v = f(a);
  const slope = slopes[head];
  const e = slope === undefined ? Infinity : propagated(slope(a, v), ea);
  return [v, e + libraryUlps * u * Math.abs(v) + tiny];
}

/**
 * The float64 value of `t` at `point` with a bound on its rounding error (see the module
 * comment); undefined when some node is not a finite number (a symbol without a value, a
 * function without a float implementation, `log(-1)`, an overflow). Requiring every node to be
 * finite keeps float artefacts such as NaN^0 = 1 or atan(1/0) from passing as values.
 *
 * @example valueAt(parse('x/10^12'), { x: 3 }) // { value: 3e-12, error: ~1e-27, ... }
 */
export function valueAt(t: Term, point: Point): Value | undefined {
  const values = new Map<number, [number, number]>();
  for (const n of postorder(t)) {
    let r: [number, number];
    if (n.kind === 'num') r = numberValue(n);
    else if (n.kind === 'sym') {
      const c = constants.get(n.name);
      if (c !== undefined) r = [c, u * c];
      else r = [Object.hasOwn(point, n.name) ? point[n.name] : NaN, 0];
    } else if (n.kind === 'app')
      r = applyNode(
        n.head,
        n.args.map((a) => values.get(a.id)!),
      );
    else r = [NaN, 0];
    if (!Number.isFinite(r[0])) {
      // A pole reached only through a value underflow already ruined (1/(x*y) at x*y = 0 by
      // underflow) is not a pole of the term: its value is unknown, not undefined.
      const lost = n.kind === 'app' && n.args.some((a) => values.get(a.id)![1] === Infinity);
      if (!lost) return undefined;
      return { value: NaN, error: Infinity, term: t, point };
    }
    if (Number.isNaN(r[1]) || (n.kind === 'app' && underflowed(r[0], n.args, values))) {
      r[1] = Infinity;
    }
    // −0 + 0 is +0: signed zero is a float artefact, not a value.
    r[0] += 0;
    values.set(n.id, r);
  }
  const [value, error] = values.get(t.id)!;
  return { value, error, term: t, point };
}

/** The least positive normal double: below it a float keeps fewer than 53 significant bits. */
const minNormal = 2.2250738585072014e-308;

/**
 * True when a node's float value has lost its relative precision to underflow: it is subnormal,
 * or it is 0 although no argument is (`x*y` at x = y = 1e-200). Relative error bounds say nothing
 * about such a value, so its error bound becomes unknown (Infinity) and it can prove nothing.
 */
function underflowed(
  v: number,
  args: readonly Term[],
  values: ReadonlyMap<number, [number, number]>,
): boolean {
  if (v !== 0) return Math.abs(v) < minNormal;
  return args.length > 0 && args.every((a) => values.get(a.id)![0] !== 0);
}

/** True when the float values differ by no more than rounding can explain (no confirmation). */
function closeEnough(a: Value, b: Value): boolean {
  return Math.abs(a.value - b.value) <= safety * (a.error + b.error);
}

/**
 * Whether two values are equal: both defined and within {@link safety} times their error bounds
 * — or, when the floats differ by more, not confirmed to differ by exact or interval evaluation.
 * An undefined side never agrees.
 *
 * @example agree(valueAt(parse('sin(x)^2 + cos(x)^2'), p), valueAt(parse('1'), p)) // true
 */
export function agree(a: Value | undefined, b: Value | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  if (closeEnough(a, b)) return true;
  return !disjoint(enclose(a.term, a.point), enclose(b.term, b.point));
}

/** True when the two enclosures certainly hold different values. */
function disjoint(a: Enclosure, b: Enclosure): boolean {
  if (a.kind === 'unknown' || b.kind === 'unknown') return false;
  if (a.kind === 'undefined' || b.kind === 'undefined') return a.kind !== b.kind;
  if (a.kind === 'exact' && b.kind === 'exact') return Q.compare(a.value, b.value) !== 0;
  return a.hi < b.lo || b.hi < a.lo;
}

/**
 * Which points count, by where each side is defined:
 * - `both`: compare where both sides are defined (`check`'s default: `exp(log(x)) == x` holds);
 * - `equal`: the domains must be equal too (`check --strict`): a point where exactly one side is
 *   defined is a difference;
 * - `left`: wherever the left side is defined, the right side must be defined and equal (rule
 *   soundness and simplification: they may extend the domain, never shrink it).
 */
export type DomainMode = 'both' | 'equal' | 'left';

/** The outcome of comparing two terms at one point. */
export type Comparison =
  | { readonly kind: 'agree' }
  /** The point proves nothing: a side is undefined where the mode skips, or float error decides. */
  | { readonly kind: 'skip'; readonly why: 'undefined' | 'inconclusive' }
  | {
      readonly kind: 'differ';
      readonly lhs: number | undefined;
      readonly rhs: number | undefined;
    };

/**
 * Compares `lhs` and `rhs` at `point` under a domain mode (see {@link DomainMode}); a difference
 * is confirmed by exact or interval evaluation before it is reported (see the module comment).
 *
 * @example compareAt(parse('asin(sin(x))'), parse('x'), { x: 1.5707963144645318 }) // agree or skip
 */
export function compareAt(
  lhs: Term,
  rhs: Term,
  point: Point,
  mode: DomainMode = 'both',
): Comparison {
  const a = valueAt(lhs, point);
  const b = valueAt(rhs, point);
  const skipUndefined = { kind: 'skip', why: 'undefined' } as const;
  const inconclusive = { kind: 'skip', why: 'inconclusive' } as const;
  if (a === undefined && b === undefined) return skipUndefined;
  if (a === undefined || b === undefined) {
    if (mode === 'both' || (mode === 'left' && a === undefined)) return skipUndefined;
  } else if (closeEnough(a, b)) return { kind: 'agree' };
  const ea = enclose(lhs, point);
  const eb = enclose(rhs, point);
  const undefinedL = ea.kind === 'undefined';
  const undefinedR = eb.kind === 'undefined';
  if (undefinedL && undefinedR) return skipUndefined;
  if (undefinedL || undefinedR) {
    if (mode === 'both' || (mode === 'left' && undefinedL)) return skipUndefined;
  }
  if (!disjoint(ea, eb)) return inconclusive;
  return { kind: 'differ', lhs: a?.value, rhs: b?.value };
}
