/**
 * Certified enclosures of constant terms: every distinct node of a term built from numbers,
 * `pi`, `e` and the known functions (lib/base/signature.ts) is evaluated once to an interval
 * at a working precision. The enclosures are rigorous (lib/cas/interval.ts), so whatever
 * decimals both ends of the result agree on are correct.
 *
 * Real semantics, as the float evaluator and the fold built-in have them: `sqrt` and `log` of
 * a negative number are `domain` errors, `(-8)^(1/3)` is -2 (an odd root of a negative number
 * is real), `x^y` for a non-rational exponent needs x > 0.
 */
import { BibunError } from '../base/errors.js';
import { headInfo } from '../base/signature.js';
import type { Term } from '../term/term.js';
import { postorder } from '../term/walk.js';
import {
  iatan,
  iexp,
  ilog,
  iround,
  isinCos,
  magnitude,
  monotone,
  piInterval,
} from './elementary.js';
import {
  type Dyadic,
  dcompare,
  dneg,
  dyadic,
  type Interval,
  iabs,
  iadd,
  idiv,
  iinv,
  imul,
  ineg,
  iscale,
  isign,
  isqr,
  isqrtI,
  isub,
  ofInt,
  ofRational,
  point,
  round,
  top,
  Undecided,
} from './interval.js';

/**
 * True when `t` has a numeric value that {@link enclose} can certify: numbers, `pi`, `e`, and
 * `+ * ^` and the known functions applied to such terms.
 */
export function isNumericConstant(t: Term): boolean {
  if (!t.isConstant) return false;
  for (const n of postorder(t)) {
    if (n.kind === 'var') return false;
    if (n.kind === 'app') {
      const info = headInfo(n.head);
      if (info?.numeric === undefined) return false;
    }
  }
  return true;
}

/**
 * An interval holding the value of a constant term, to about `p` bits where the computation
 * allows (each node is rounded outward to `p` bits plus guard bits).
 *
 * @throws Undecided when a sign or a domain cannot be decided at this precision;
 * BibunError `domain` for a value certainly outside a function's domain.
 */
export function enclose(t: Term, p: number): Interval {
  const values = new Map<number, Interval>();
  for (const n of postorder(t)) values.set(n.id, node(n, values, p));
  return values.get(t.id)!;
}

function node(n: Term, values: Map<number, Interval>, p: number): Interval {
  switch (n.kind) {
    case 'num':
      return ofRational(n, p + 8);
    case 'sym':
      if (n.name === 'pi') return piInterval(p + 8);
      if (n.name === 'e') return iexp(ofInt(1), p + 8);
      throw new BibunError('domain', `N: no value for symbol ${n.name}`);
    case 'var':
      throw new BibunError('domain', `N: cannot evaluate pattern variable ?${n.name}`);
    case 'app': {
      const args = n.args.map((a) => values.get(a.id)!);
      if (n.head === '^') return power(args[0], n.args[1], args[1], p);
      return iround(apply(n.head, args, p + 8), p + 8);
    }
  }
}

const ONE = ofInt(1);

function apply(head: string, a: readonly Interval[], p: number): Interval {
  const x = a[0];
  switch (head) {
    case '+':
      return a.reduce((s, v) => iadd(s, v, p));
    case '*':
      return a.reduce((s, v) => imul(s, v, p));
    case 'sin':
      return isinCos(x, p).sin;
    case 'cos':
      return isinCos(x, p).cos;
    case 'tan': {
      const sc = isinCos(x, p);
      return idiv(sc.sin, nonZero(sc.cos, 'cos in tan'), p);
    }
    case 'sec':
      return iinv(nonZero(isinCos(x, p).cos, 'cos in sec'), p);
    case 'csc':
      return iinv(nonZero(isinCos(x, p).sin, 'sin in csc'), p);
    case 'cot': {
      const sc = isinCos(x, p);
      return idiv(sc.cos, nonZero(sc.sin, 'sin in cot'), p);
    }
    case 'asin':
      return monotone((d) => asinPoint(d, p), within(x, 'asin'));
    case 'acos':
      return isub(
        iscale(piInterval(p), -1),
        monotone((d) => asinPoint(d, p), within(x, 'acos')),
        p,
      );
    case 'atan':
      return iatan(x, p);
    case 'atan2':
      return atan2(a[0], a[1], p);
    case 'sinh':
      return monotone((d) => sinhPoint(d, p), x);
    case 'cosh':
      // Even, and increasing on [0, ∞).
      return monotone((d) => coshPoint(d, p), iabs(x));
    case 'tanh':
      return monotone((d) => idiv(sinhPoint(d, p), coshPoint(d, p), p), x);
    case 'asinh':
      return monotone((d) => asinhPoint(d, p), x);
    case 'acosh':
      return acosh(x, p);
    case 'atanh':
      return atanh(x, p);
    case 'exp':
      return iexp(x, p);
    case 'log':
      return ilog(x, p);
    case 'sqrt':
      return isqrtI(x, p);
    case 'abs':
      return iabs(x);
    default:
      throw new BibunError('unknown-function', `N: no numeric value for function ${head}`);
  }
}

function nonZero(x: Interval, what: string): Interval {
  const s = isign(x);
  if (s === 0) throw new BibunError('domain', `N: division by zero (${what} is 0)`);
  if (s === undefined) throw new Undecided(`whether ${what} is 0`);
  return x;
}

/** `x` after checking it lies in [-1, 1] (the domain of asin and acos). */
function within(x: Interval, f: string): Interval {
  const m1 = dyadic(-1n);
  const p1 = dyadic(1n);
  if (dcompare(x.hi, m1) < 0 || dcompare(x.lo, p1) > 0) {
    throw new BibunError('domain', `N: ${f} of a number outside [-1, 1]`);
  }
  if (dcompare(x.lo, m1) < 0 || dcompare(x.hi, p1) > 0) {
    throw new Undecided(`whether the argument of ${f} lies in [-1, 1]`);
  }
  return x;
}

/** asin x = atan(x / √(1 - x²)) inside (-1, 1); ±pi/2 at ±1. */
function asinPoint(d: Dyadic, p: number): Interval {
  const c = dcompare(d, dyadic(1n));
  if (c === 0) return iscale(piInterval(p), -1);
  if (dcompare(d, dyadic(-1n)) === 0) return ineg(iscale(piInterval(p), -1));
  const x = point(d);
  const q = p + 8;
  const root = isqrtI(imul(isub(ONE, x, q), iadd(ONE, x, q), q), q);
  return iatan(idiv(x, root, q), p);
}

/** sinh by its odd Taylor series below 1/2 (no cancellation), else (e^x - e^-x)/2. */
function sinhPoint(d: Dyadic, p: number): Interval {
  if (d.m === 0n) return ofInt(0);
  if (top(d) <= -1) {
    const x = point(d);
    const x2 = isqr(x, p + 8);
    let term = x;
    let sum = x;
    for (let k = 1; ; k++) {
      term = idiv(imul(term, x2, p + 8), ofInt(2 * k * (2 * k + 1)), p + 8);
      sum = iadd(sum, term, p + 8);
      // The tail after a term is below it (the ratio of consecutive terms is below 1/24).
      if (top(magnitude(term)) < top(d) - p - 10) {
        return iadd(sum, { lo: dneg(magnitude(term)), hi: magnitude(term) }, p + 8);
      }
    }
  }
  const ex = iexp(point(d), p + 8);
  return iscale(isub(ex, iinv(ex, p + 8), p + 8), -1);
}

function coshPoint(d: Dyadic, p: number): Interval {
  const ex = iexp(point(d), p + 8);
  return iscale(iadd(ex, iinv(ex, p + 8), p + 8), -1);
}

/** asinh x = log(x + √(x² + 1)), odd (so the sum never cancels). */
function asinhPoint(d: Dyadic, p: number): Interval {
  if (d.m === 0n) return ofInt(0);
  if (d.m < 0n) return ineg(asinhPoint(dneg(d), p));
  const x = point(d);
  const q = p + 8;
  return ilog(iadd(x, isqrtI(iadd(isqr(x, q), ONE, q), q), q), p);
}

/** acosh x = log(x + √(x² - 1)) for x ≥ 1 (increasing). */
function acosh(x: Interval, p: number): Interval {
  const one = dyadic(1n);
  if (dcompare(x.hi, one) < 0) throw new BibunError('domain', 'N: acosh of a number below 1');
  if (dcompare(x.lo, one) < 0) throw new Undecided('whether the argument of acosh is at least 1');
  return monotone((d) => {
    if (dcompare(d, one) === 0) return ofInt(0);
    const y = point(d);
    const q = p + 8;
    return ilog(iadd(y, isqrtI(isub(isqr(y, q), ONE, q), q), q), p);
  }, x);
}

/** atanh x = log((1 + x)/(1 - x))/2 for |x| < 1 (increasing). */
function atanh(x: Interval, p: number): Interval {
  const one = dyadic(1n);
  const m1 = dyadic(-1n);
  if (dcompare(x.lo, one) >= 0 || dcompare(x.hi, m1) <= 0) {
    throw new BibunError('domain', 'N: atanh of a number outside (-1, 1)');
  }
  if (dcompare(x.hi, one) >= 0 || dcompare(x.lo, m1) <= 0) {
    throw new Undecided('whether the argument of atanh lies in (-1, 1)');
  }
  return monotone((d) => {
    const y = point(d);
    const q = p + 8 + Math.max(0, -top(d));
    return iscale(ilog(idiv(iadd(ONE, y, q), isub(ONE, y, q), q), q), -1);
  }, x);
}

/** atan2(y, x): the angle of the point (x, y), in (-pi, pi]. */
function atan2(y: Interval, x: Interval, p: number): Interval {
  const sx = isign(x);
  const sy = isign(y);
  const pi = piInterval(p);
  if (sx === 1) return iatan(idiv(y, x, p), p);
  if (sx === -1) {
    if (sy === 0) return pi;
    if (sy === undefined) throw new Undecided('the sign of the first argument of atan2');
    const base = iatan(idiv(y, x, p), p);
    return sy === 1 ? iadd(base, pi, p) : isub(base, pi, p);
  }
  if (sy === 0 && sx === 0) throw new BibunError('domain', 'N: atan2(0, 0) is undefined');
  if (sy === undefined) throw new Undecided('the signs of the arguments of atan2');
  // x may be 0 (or of unknown sign) while y is not: atan2 = ±pi/2 - atan(x/y).
  const half = iscale(pi, -1);
  const t = iatan(idiv(x, y, p), p);
  return sy === 1 ? isub(half, t, p) : isub(ineg(half), t, p);
}

/**
 * `x^y`. An integer exponent is repeated multiplication (even powers of |x|); a rational one
 * with an odd denominator is real also for negative x; anything else is exp(y·log x), x > 0.
 */
function power(x: Interval, yTerm: Term, y: Interval, p: number): Interval {
  const q = p + 8;
  if (yTerm.kind === 'num' && yTerm.den === 1n) return powInt(x, yTerm.num, q);
  const sx = isign(x);
  const positiveExponent = isign(y);
  if (sx === 0) {
    if (positiveExponent === 1) return ofInt(0);
    if (positiveExponent === undefined) throw new Undecided('the sign of an exponent of 0');
    throw new BibunError('domain', 'N: 0 to a power that is not positive');
  }
  if (sx === 1) return iexp(imul(y, ilog(x, q), q), q);
  if (yTerm.kind === 'num' && yTerm.den % 2n === 1n) {
    if (sx === undefined) throw new Undecided('the sign of the base of a power');
    const r = iexp(imul(y, ilog(ineg(x), q), q), q);
    return yTerm.num % 2n === 0n ? r : ineg(r);
  }
  if (sx === -1) {
    throw new BibunError('domain', 'N: a negative number to a power that is not an odd root');
  }
  throw new Undecided('the sign of the base of a power');
}

/** x^n for an integer n, by squaring (the base made non-negative for even n). */
function powInt(x: Interval, n: bigint, p: number): Interval {
  if (n === 0n) return ofInt(1);
  if (n < 0n) return iinv(powInt(x, -n, p), p, 'the base of a negative power');
  if (n > 1n << 40n) throw new BibunError('limit', 'N: an integer power above 2^40');
  const even = n % 2n === 0n;
  const base = even ? iabs(x) : x;
  if (base.lo.m >= 0n)
    return { lo: powPos(base.lo, n, p, 'down'), hi: powPos(base.hi, n, p, 'up') };
  // Odd n: x^n is increasing; a negative end's power is minus the power of its magnitude.
  const lo = dneg(powPos(dneg(base.lo), n, p, 'up'));
  const hi =
    base.hi.m >= 0n ? powPos(base.hi, n, p, 'up') : dneg(powPos(dneg(base.hi), n, p, 'down'));
  return { lo, hi };
}

/** d^n for d ≥ 0, every product rounded the same way (monotone for non-negative factors). */
function powPos(d: Dyadic, n: bigint, p: number, dir: 'down' | 'up'): Dyadic {
  let result = dyadic(1n);
  let b = d;
  let k = n;
  while (k > 0n) {
    if (k & 1n) result = round(mulD(result, b), p, dir);
    k >>= 1n;
    if (k > 0n) b = round(mulD(b, b), p, dir);
  }
  return result;
}

function mulD(a: Dyadic, b: Dyadic): Dyadic {
  return dyadic(a.m * b.m, a.e + b.e);
}
