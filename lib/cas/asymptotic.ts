/**
 * Leading terms on a scale with logarithms and exponentials, for the limits that series alone
 * do not take: `x*log(x)` at 0, `x^2/exp(x)` and `log(x)/x` at inf, `x^x` at 0. As t → 0 from
 * the right,
 *
 *     g ~ c · t^v · Λ^k · log(Λ)^j · exp(e),   Λ = log(1/t) → +inf,
 *
 * with c a nonzero constant, v, k and j rationals, and e a term that goes to +inf or -inf (0
 * when there is none): a finite sum of negative powers of t, or itself a term that grows faster
 * than every power, as in exp(exp(x)) at inf. Where the Taylor-series leading term (lib/cas/leading.ts) is decided it
 * is taken as it is; this handles what it cannot: a logarithm at a zero or pole of its
 * argument, an exponential of a pole, x^x as exp(x·log x), a sum whose summands grow at
 * different rates, abs, and the limits of atan and tanh at ±inf. Where the constants of a sum's
 * leading terms cancel, an exponential exp(w) with w → 0 counts as 1 + w (so x^(1/x) - 1 at
 * inf is log(x)/x at the leading order).
 *
 * A bounded factor that has no limit (sin(1/t)) is kept as a mark, so that t·sin(1/t) → 0.
 *
 * One side only (t > 0), so t^v, Λ^k and exp(e) are positive and a sign is the sign of c. A term
 * that is not real for small t > 0 (the logarithm of a negative leading term) is
 * {@link NotReal}: the limit on that side does not exist on the reals, and the other side's is
 * the limit over the domain. Anything else not decided is {@link Undecided}, never a guess.
 */
import * as Q from '../base/rational.js';
import type { Rational } from '../base/rational.js';
import { evaluate } from '../term/evaluate.js';
import {
  add,
  app,
  call,
  div,
  mul,
  neg,
  num,
  ONE,
  pow,
  sym,
  type Term,
  ZERO,
} from '../term/term.js';
import { mapBottomUp, occurs, withArgs } from '../term/walk.js';
import { laurentSeries } from './laurent.js';
import { E, type Leading, leading, Undecided } from './leading.js';
import { isZeroTerm, tidy } from './taylor.js';

/** g ~ c·t^v·Λ^k·exp(e) as t → 0+ (see the module comment). */
export interface Scaled {
  readonly c: Term;
  readonly v: Rational;
  readonly k: Rational;
  /** The power of log(Λ). */
  readonly j: Rational;
  readonly e: Term;
  /**
   * g is that scale times a bounded factor that need not converge (sin and cos of a pole): its
   * limit is 0 where the scale goes to 0 and undecided otherwise; c is 1.
   */
  readonly bounded?: true;
}

/** g is not real for small t > 0. */
export class NotReal extends Error {}

const INF = sym('inf');
const PI = sym('pi');
const Q0 = Q.rational(0n);
const Q1 = Q.rational(1n);

/** Functions bounded on the reals: of an argument that does not converge, a bounded factor. */
const BOUNDED = new Set(['sin', 'cos']);

/** Functions f with f(0) = 0 and f'(0) = 1: f(u) ~ u where u → 0. */
const LIKE_IDENTITY = new Set(['sin', 'tan', 'sinh', 'tanh', 'asin', 'atan', 'asinh', 'atanh']);

/** The limits of functions at +inf and -inf, where they have one. */
const AT_INFINITY: Readonly<Record<string, readonly [Term, Term]>> = {
  atan: [mul(num(1n, 2n), PI), mul(num(-1n, 2n), PI)],
  tanh: [ONE, num(-1)],
};

/**
 * The sign of a constant; {@link NotReal} where it has no real value (the square root or
 * logarithm of a negative number), {@link Undecided} where the sign is not certain.
 */
function signOf(c: Term): number {
  let x: number;
  try {
    x = evaluate(c);
  } catch {
    throw new Undecided();
  }
  if (Number.isNaN(x)) throw new NotReal();
  if (x === 0 || !Number.isFinite(x)) throw new Undecided();
  return Math.sign(x);
}

/** Whether the constant c has no real value (log(-2), sqrt(-1)); false where it is not known. */
export function notReal(c: Term): boolean {
  try {
    return Number.isNaN(evaluate(c));
  } catch {
    return false;
  }
}

/** c, where it has a real value (or one not known to be otherwise); else {@link NotReal}. */
function real(c: Term): Term {
  if (notReal(c)) throw new NotReal();
  return c;
}

function constant(c: Term): Scaled {
  return { c, v: Q0, k: Q0, j: Q0, e: ZERO };
}

/**
 * Which way exp(e) goes: 1 where e → +inf, -1 where e → -inf; {@link Undecided} where e has
 * a finite limit (the difference of two exponents that grow at one rate).
 */
function direction(e: Term, t: Term): number {
  return directionOf(scaledLeading(e, t), t);
}

function directionOf(l: Scaled, t: Term): number {
  const r = limitOf(l, t);
  if (r === INF) return 1;
  if (r === neg(INF)) return -1;
  throw new Undecided();
}

/**
 * {@link direction} of an exponent made by adding or subtracting exponents, which must still
 * grow at least like a negative power of t for exp(e) to outgrow every t^v·Λ^k: else
 * {@link Undecided} (the fast parts of exp(exp(x) + log(x))/exp(exp(x)) cancel to log(x)).
 */
function fastDirection(e: Term, t: Term): number {
  const l = scaledLeading(e, t);
  if (l.e === ZERO && Q.sign(l.v) >= 0) throw new Undecided();
  return directionOf(l, t);
}

/**
 * The limit of a scaled term as t → 0+: 0, a constant, inf or -inf.
 *
 * @throws Undecided where a sign is not certain.
 */
export function limitOf(l: Scaled, t: Term): Term {
  let grows: number;
  if (l.e !== ZERO) grows = direction(l.e, t);
  else if (Q.sign(l.v) !== 0) grows = -Q.sign(l.v);
  else if (Q.sign(l.k) !== 0) grows = Q.sign(l.k);
  else grows = Q.sign(l.j);
  if (grows < 0) return ZERO;
  if (l.bounded) throw new Undecided();
  if (grows === 0) return tidy(l.c);
  return signOf(l.c) > 0 ? INF : neg(INF);
}

/**
 * The scaled leading term of g as t → 0+.
 *
 * @throws Undecided where it is not decided; NotReal where g is not real for small t > 0.
 */
export function scaledLeading(g: Term, t: Term): Scaled {
  if (!occurs(t, g)) return constant(real(g));
  let l: Leading | undefined;
  try {
    l = leading(g, t);
  } catch (e) {
    if (!(e instanceof Undecided)) throw e;
  }
  // A series' leading term holds on both sides; on this one its constant must be real.
  if (l !== undefined) {
    signOf(l.c);
    return { c: l.c, v: l.v, k: Q0, j: Q0, e: ZERO };
  }
  if (g.kind !== 'app') throw new Undecided();
  switch (g.head) {
    case '*':
      return product(
        g.args.map((a) => scaledLeading(a, t)),
        t,
      );
    case '^': {
      const [b, p] = g.args;
      if (p.kind === 'num') return power(scaledLeading(b, t), p);
      return exponential(b === E ? p : mul(p, call('log', b)), t);
    }
    case 'sqrt':
      return power(scaledLeading(g.args[0], t), num(1n, 2n));
    case 'exp':
      return exponential(g.args[0], t);
    case 'log':
      return logarithm(g.args[0], t);
    case '+':
      return sum(g.args, t);
    case 'abs': {
      const l = scaledLeading(g.args[0], t);
      return l.bounded || signOf(l.c) > 0 ? l : { ...l, c: neg(l.c) };
    }
    default:
      return continuous(g.head, g.args, t);
  }
}

function product(ls: readonly Scaled[], t: Term): Scaled {
  let v = Q0;
  let k = Q0;
  let j = Q0;
  for (const l of ls) {
    v = Q.add(v, l.v);
    k = Q.add(k, l.k);
    j = Q.add(j, l.j);
  }
  const es = ls.map((l) => l.e).filter((e) => e !== ZERO);
  let e = es.length < 2 ? (es[0] ?? ZERO) : tidy(add(...es));
  let c = mul(...ls.map((l) => l.c));
  // Exponents that grow alike may leave a constant (exp(exp(x))/exp(exp(x) + 1)): a factor of c.
  if (!occurs(t, e)) {
    c = mul(c, call('exp', e));
    e = ZERO;
  } else if (es.length > 1) fastDirection(e, t);
  return ls.some((l) => l.bounded) ? { c: ONE, v, k, j, e, bounded: true } : { c, v, k, j, e };
}

function power(l: Scaled, p: Term & { kind: 'num' }): Scaled {
  if (l.bounded && (p.den !== 1n || p.num < 0n)) throw new Undecided();
  const scaled = { v: Q.mul(l.v, p), k: Q.mul(l.k, p), j: Q.mul(l.j, p), e: mul(p, l.e) };
  if (l.bounded) return { ...l, ...scaled };
  // t^v, Λ^k, log(Λ)^j and exp(e) are positive: only a negative c has no real fractional power.
  if (p.den !== 1n && signOf(l.c) < 0) throw new NotReal();
  return { c: pow(l.c, p), ...scaled };
}

/** exp(w). */
function exponential(w: Term, t: Term): Scaled {
  const l = scaledLeading(w, t);
  if (l.bounded) {
    if (limitOf(l, t) === ZERO) return constant(ONE);
    throw new Undecided();
  }
  // w → 0.
  if (limitOf(l, t) === ZERO) return constant(ONE);
  // w → ±inf faster than every power: it is the exponent as it is.
  if (l.e !== ZERO) return { c: ONE, v: Q0, k: Q0, j: Q0, e: w };
  const v = Q.sign(l.v);
  const k = Q.sign(l.k);
  const j = Q.sign(l.j);
  // w → c.
  if (v === 0 && k === 0 && j === 0) return constant(call('exp', l.c));
  const byLog = k === 0 && Q.compare(l.j, Q1) === 0;
  if (v === 0 && l.c.kind === 'num' && (byLog || (j === 0 && Q.compare(l.k, Q1) === 0))) {
    // w = c·Λ + w' = -c·log(t) + w': exp(w) = t^(-c)·exp(w'), with w' bounded; or
    // w = c·log(Λ) + w': exp(w) = Λ^c·exp(w').
    const lead = byLog ? call('log', neg(call('log', t))) : neg(call('log', t));
    const rest = scaledLeading(tidy(add(w, neg(mul(l.c, lead)))), t);
    const r = limitOf(rest, t);
    if (r === INF || r === neg(INF)) throw new Undecided();
    const c = call('exp', r);
    return byLog
      ? { c, v: Q0, k: l.c, j: Q0, e: ZERO }
      : { c, v: Q.neg(l.c), k: Q0, j: Q0, e: ZERO };
  }
  if (k !== 0 || j !== 0 || !Q.isInteger(l.v)) throw new Undecided();
  // A pole of w: its principal part goes into e, its constant term into c.
  let series: ReturnType<typeof laurentSeries>;
  try {
    series = laurentSeries(w, t, ZERO, 0);
  } catch {
    throw new Undecided();
  }
  const principal: Term[] = [];
  let c0: Term = ZERO;
  series.c.forEach((a, j) => {
    const power = series.v + j;
    if (power < 0) principal.push(mul(a, pow(t, num(power))));
    else if (power === 0) c0 = a;
  });
  const e = tidy(add(...principal));
  if (e === ZERO) throw new Undecided();
  return { c: tidy(call('exp', c0)), v: Q0, k: Q0, j: Q0, e };
}

/** log(u). */
function logarithm(u: Term, t: Term): Scaled {
  const l = scaledLeading(u, t);
  if (l.bounded) throw new Undecided();
  if (signOf(l.c) < 0) throw new NotReal();
  // log u = log c - v·Λ + k·log Λ + j·log log Λ + e: the fastest-growing part leads (log c
  // and j·log log Λ are slower than any other part; alone, log log Λ is past the scale).
  const parts: Scaled[] = [];
  if (l.e !== ZERO) parts.push(scaledLeading(l.e, t));
  if (Q.sign(l.v) !== 0) parts.push({ c: num(Q.neg(l.v)), v: Q0, k: Q1, j: Q0, e: ZERO });
  if (Q.sign(l.k) !== 0) parts.push({ c: num(l.k), v: Q0, k: Q0, j: Q1, e: ZERO });
  if (parts.length > 0) {
    const lead = leadingOfSum(fastest(parts, t));
    if (lead === undefined) throw new Undecided();
    return lead;
  }
  if (Q.sign(l.j) !== 0) throw new Undecided();
  // u → c > 0: log c leads, or where u → 1, u - 1 (log(1 + w) ~ w).
  const c = tidy(call('log', l.c));
  if (!isZeroTerm(c)) return constant(c);
  const w = scaledLeading(tidy(add(u, num(-1))), t);
  if (limitOf(w, t) !== ZERO) throw new Undecided();
  return w;
}

/** Whether a grows faster than b: > 0, < 0, or 0 for the same rate. */
function faster(a: Scaled, b: Scaled, t: Term): number {
  if (a.e !== b.e) {
    const d = tidy(add(a.e, neg(b.e)));
    if (d !== ZERO) return fastDirection(d, t);
  }
  const v = Q.compare(b.v, a.v);
  if (v !== 0) return v;
  const k = Q.compare(a.k, b.k);
  return k !== 0 ? k : Q.compare(a.j, b.j);
}

/** The scaled terms of the fastest rate among ls. */
function fastest(ls: readonly Scaled[], t: Term): Scaled[] {
  let top = [ls[0]];
  for (const l of ls.slice(1)) {
    const f = faster(l, top[0], t);
    if (f > 0) top = [l];
    else if (f === 0) top.push(l);
  }
  return top;
}

/** The leading term of a sum of terms of these scaled leading terms, where it is theirs. */
function leadingOfSum(top: readonly Scaled[]): Scaled | undefined {
  if (top.some((l) => l.bounded)) return { ...top[0], c: ONE, bounded: true };
  const c = tidy(add(...top.map((l) => l.c)));
  return isZeroTerm(c) ? undefined : { ...top[0], c };
}

/**
 * A sum: the summands of the fastest rate, their constants added. Where those cancel and the
 * rate is a power t^v, the sum is t^v times the sum of the summands over t^v, whose own leading
 * term then counts (sqrt(1 + 1/t) - sqrt(1/t) is t^(-1/2)·(sqrt(1 + t) - 1)); where they cancel
 * at a constant rate, each summand of that rate is its limit plus an excess (see
 * {@link excess}), and the excesses and the other summands make the sum.
 */
function sum(args: readonly Term[], t: Term): Scaled {
  const ls = args.map((a) => scaledLeading(a, t));
  const top = fastest(ls, t);
  const l0 = leadingOfSum(top);
  if (l0 !== undefined) return l0;
  const { v } = top[0];
  if (top[0].e !== ZERO || Q.sign(top[0].k) !== 0 || Q.sign(top[0].j) !== 0) throw new Undecided();
  if (Q.sign(v) === 0) {
    const parts: Scaled[] = [];
    args.forEach((a, i) => {
      if (!top.includes(ls[i])) parts.push(ls[i]);
      else if (occurs(t, a)) parts.push(excess(a, t));
    });
    if (parts.length === 0) throw new Undecided();
    const l = leadingOfSum(fastest(parts, t));
    if (l === undefined) throw new Undecided();
    return l;
  }
  const over = num(Q.neg(v));
  const rest = tidy(add(...args.map((a) => mul(a, pow(t, over)))));
  const l = leading(rest, t);
  return { c: l.c, v: Q.add(l.v, v), k: Q0, j: Q0, e: ZERO };
}

/**
 * The scaled leading term of a - L, for a summand a with a finite limit L whose excess is
 * known: k·exp(w) with w → w0 is k·exp(w0) + k·exp(w0)·(w - w0)·(1 + o(1)), and k·log(u) with
 * u → u0 > 0 is k·log(u0) + k·log(u/u0), for k free of t.
 *
 * @throws Undecided for any other summand.
 */
function excess(a: Term, t: Term): Scaled {
  const factors = a.kind === 'app' && a.head === '*' ? a.args : [a];
  const moving = factors.filter((f) => occurs(t, f));
  if (moving.length !== 1 || moving[0].kind !== 'app') throw new Undecided();
  const g = moving[0];
  const k = mul(...factors.filter((f) => !occurs(t, f)));
  const limit = (u: Term): Term => {
    const r = limitOf(scaledLeading(u, t), t);
    if (r === INF || r === neg(INF)) throw new Undecided();
    return r;
  };
  let w: Term | undefined;
  if (g.head === 'exp') w = g.args[0];
  else if (g.head === '^' && g.args[1].kind !== 'num')
    w = g.args[0] === E ? g.args[1] : mul(g.args[1], call('log', g.args[0]));
  if (w !== undefined) {
    const w0 = limit(w);
    return scaledLeading(tidy(mul(k, call('exp', w0), add(w, neg(w0)))), t);
  }
  if (g.head === 'log') {
    const u0 = limit(g.args[0]);
    if (isZeroTerm(u0)) throw new Undecided();
    return scaledLeading(tidy(mul(k, call('log', div(g.args[0], u0)))), t);
  }
  throw new Undecided();
}

/** A function of arguments that have limits: its value there, where it is finite and not 0. */
function continuous(head: string, args: readonly Term[], t: Term): Scaled {
  if (args.length === 1) {
    const l = scaledLeading(args[0], t);
    const r = limitOf(l, t);
    const at = AT_INFINITY[head];
    if (at !== undefined && r === INF) return constant(at[0]);
    if (at !== undefined && r === neg(INF)) return constant(at[1]);
    if (r === ZERO && LIKE_IDENTITY.has(head)) return l;
    if ((r === INF || r === neg(INF)) && BOUNDED.has(head))
      return { c: ONE, v: Q0, k: Q0, j: Q0, e: ZERO, bounded: true };
  }
  const limits = args.map((a) => limitOf(scaledLeading(a, t), t));
  if (limits.some((r) => r === INF || r === neg(INF))) throw new Undecided();
  const c = tidy(app(head, limits));
  signOf(c);
  return constant(c);
}

/**
 * g with each root and logarithm of a term in t written with its leading power taken out, for
 * t > 0: `sqrt(1/t^2 + 1)` is `t^(-1)·sqrt(1 + t^2)` and `log(2·t)` is `log(t) + log(2)`, where
 * what is left has a series. So a sum of such terms can show its cancellation
 * (`sqrt(x^2 + 1) - x` at inf, `log(x) - log(2*x)` at 0). A term whose argument's leading term
 * is not decided is left as it is.
 */
export function separateLeadingPowers(g: Term, t: Term): Term {
  let logs = false;
  const r = mapBottomUp(g, (node, args) => {
    const n = withArgs(node, args);
    if (n.kind !== 'app') return n;
    const root =
      n.head === 'sqrt'
        ? num(1n, 2n)
        : n.head === '^' && n.args[1].kind === 'num' && n.args[1].den !== 1n
          ? n.args[1]
          : undefined;
    if (root === undefined && n.head !== 'log') return n;
    const u = n.args[0];
    if (!occurs(t, u)) return n;
    let l: Leading;
    try {
      l = leading(u, t);
    } catch (e) {
      if (e instanceof Undecided) return n;
      throw e;
    }
    if (Q.sign(l.v) === 0) return n;
    const rest = tidy(div(u, mul(l.c, pow(t, num(l.v)))));
    if (root === undefined) {
      logs = true;
      return add(mul(num(l.v), call('log', t)), call('log', l.c), call('log', rest));
    }
    const p = root as Term & { kind: 'num' };
    return mul(pow(l.c, p), pow(t, num(Q.mul(l.v, p))), pow(rest, p));
  });
  return logs ? tidy(r) : r;
}
