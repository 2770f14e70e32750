/**
 * Leading terms on a scale with logarithms and exponentials, for the limits that series alone
 * do not take: `x*log(x)` at 0, `x^2/exp(x)` and `log(x)/x` at inf, `x^x` at 0. As t → 0 from
 * the right,
 *
 *     g ~ c · t^v · Λ^k · exp(e),   Λ = log(1/t) → +inf,
 *
 * with c a nonzero constant, v and k rationals, and e a finite sum of negative powers of t (0
 * when there is none). Where the Taylor-series leading term (lib/cas/leading.ts) is decided it
 * is taken as it is; this handles what it cannot: a logarithm at a zero or pole of its
 * argument, an exponential of a pole, x^x as exp(x·log x), a sum whose summands grow at
 * different rates, abs, and the limits of atan and tanh at ±inf.
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
  return { c, v: Q0, k: Q0, e: ZERO };
}

/** Which way exp(e) goes: 1 where e → +inf, -1 where e → -inf (e is a sum of negative powers). */
function direction(e: Term, t: Term): number {
  return signOf(leading(e, t).c);
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
  else grows = Q.sign(l.k);
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
    return { c: l.c, v: l.v, k: Q0, e: ZERO };
  }
  if (g.kind !== 'app') throw new Undecided();
  switch (g.head) {
    case '*':
      return product(g.args.map((a) => scaledLeading(a, t)));
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

function product(ls: readonly Scaled[]): Scaled {
  let v = Q0;
  let k = Q0;
  for (const l of ls) {
    v = Q.add(v, l.v);
    k = Q.add(k, l.k);
  }
  const es = ls.map((l) => l.e).filter((e) => e !== ZERO);
  const e = es.length < 2 ? (es[0] ?? ZERO) : tidy(add(...es));
  const c = mul(...ls.map((l) => l.c));
  return ls.some((l) => l.bounded) ? { c: ONE, v, k, e, bounded: true } : { c, v, k, e };
}

function power(l: Scaled, p: Term & { kind: 'num' }): Scaled {
  if (l.bounded && (p.den !== 1n || p.num < 0n)) throw new Undecided();
  if (l.bounded) return { ...l, v: Q.mul(l.v, p), k: Q.mul(l.k, p), e: mul(p, l.e) };
  // t^v, Λ^k and exp(e) are positive: only a negative c has no real fractional power.
  if (p.den !== 1n && signOf(l.c) < 0) throw new NotReal();
  return { c: pow(l.c, p), v: Q.mul(l.v, p), k: Q.mul(l.k, p), e: mul(p, l.e) };
}

/** exp(w). */
function exponential(w: Term, t: Term): Scaled {
  const l = scaledLeading(w, t);
  if (l.bounded) {
    if (limitOf(l, t) === ZERO) return constant(ONE);
    throw new Undecided();
  }
  if (l.e !== ZERO) throw new Undecided();
  const v = Q.sign(l.v);
  const k = Q.sign(l.k);
  // w → 0, or w → c.
  if (v > 0 || (v === 0 && k < 0)) return constant(ONE);
  if (v === 0 && k === 0) return constant(call('exp', l.c));
  if (v === 0 && Q.compare(l.k, Q.rational(1n)) === 0 && l.c.kind === 'num') {
    // w = c·Λ + w' = -c·log(t) + w': exp(w) = t^(-c)·exp(w'), with w' bounded.
    const rest = scaledLeading(tidy(add(w, mul(l.c, call('log', t)))), t);
    const r = limitOf(rest, t);
    if (r === INF || r === neg(INF)) throw new Undecided();
    return { c: call('exp', r), v: Q.neg(l.c), k: Q0, e: ZERO };
  }
  if (k !== 0 || !Q.isInteger(l.v)) throw new Undecided();
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
  return { c: tidy(call('exp', c0)), v: Q0, k: Q0, e };
}

/** log(u). */
function logarithm(u: Term, t: Term): Scaled {
  const l = scaledLeading(u, t);
  if (l.bounded) throw new Undecided();
  if (signOf(l.c) < 0) throw new NotReal();
  // log u = log c - v·Λ + k·log Λ + e: the fastest-growing part leads.
  if (l.e !== ZERO) {
    const m = leading(l.e, t);
    return { c: m.c, v: m.v, k: Q0, e: ZERO };
  }
  if (Q.sign(l.v) !== 0) return { c: num(Q.neg(l.v)), v: Q0, k: Q.rational(1n), e: ZERO };
  if (Q.sign(l.k) !== 0) throw new Undecided();
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
    if (d !== ZERO) return direction(d, t);
  }
  const v = Q.compare(b.v, a.v);
  return v !== 0 ? v : Q.compare(a.k, b.k);
}

/**
 * A sum: the summands of the fastest rate, their constants added. Where those cancel and the
 * rate is a power t^v, the sum is t^v times the sum of the summands over t^v, whose own leading
 * term then counts (sqrt(1 + 1/t) - sqrt(1/t) is t^(-1/2)·(sqrt(1 + t) - 1)).
 */
function sum(args: readonly Term[], t: Term): Scaled {
  const ls = args.map((a) => scaledLeading(a, t));
  let top = [ls[0]];
  for (const l of ls.slice(1)) {
    const f = faster(l, top[0], t);
    if (f > 0) top = [l];
    else if (f === 0) top.push(l);
  }
  if (top.some((l) => l.bounded)) return { ...top[0], c: ONE, bounded: true };
  const c = tidy(add(...top.map((l) => l.c)));
  if (!isZeroTerm(c)) return { ...top[0], c };
  const { v } = top[0];
  if (top[0].e !== ZERO || Q.sign(top[0].k) !== 0 || Q.sign(v) === 0) throw new Undecided();
  const over = num(Q.neg(v));
  const rest = tidy(add(...args.map((a) => mul(a, pow(t, over)))));
  const l = leading(rest, t);
  return { c: l.c, v: Q.add(l.v, v), k: Q0, e: ZERO };
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
      return { c: ONE, v: Q0, k: Q0, e: ZERO, bounded: true };
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
