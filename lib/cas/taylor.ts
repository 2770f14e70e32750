/**
 * Truncated power series in h = x − a with exact term coefficients, propagated through the DAG
 * (Taylor mode): each distinct node gets its n + 1 coefficients once, from its arguments'; sums
 * add, products convolve, and known functions use their recurrences (exp, log, sin/cos together,
 * sinh/cosh, powers by J. C. P. Miller's formula, tan as sin/cos, atan/asin/acos by integrating
 * the derivative's series). Nothing is differentiated symbolically, so a depth-20 sin·cos chain
 * costs O(nodes · n²) coefficient operations.
 */
import { BibunError } from '../base/errors.js';
import * as Q from '../base/rational.js';
import { simplify } from '../simplify/simplify.js';
import {
  add,
  call,
  div,
  mul,
  neg,
  num,
  ONE,
  pow,
  sub,
  sym,
  type Term,
  ZERO,
} from '../term/term.js';
import { postorder } from '../term/walk.js';
import { shown } from './solve.js';

/** A truncated series: coefficients c[0..n] of h^0..h^n. */
export type Series = Term[];

const E = sym('e');

/** True when the constant term t is 0 (numbers directly, others after simplification). */
export function isZeroTerm(t: Term): boolean {
  if (t.kind === 'num') return t === ZERO;
  return simplify(t) === ZERO;
}

/** f(c) with the values at 0 and 1 that need no simplifier folded. */
function at(name: string, c: Term): Term {
  if (c === ZERO) {
    if (name === 'exp' || name === 'cos' || name === 'cosh') return ONE;
    if (['sin', 'tan', 'atan', 'asin', 'sinh', 'tanh'].includes(name)) return ZERO;
  }
  if (c === ONE && name === 'log') return ZERO;
  return call(name, c);
}

function scaled(t: Term, k: number | Q.Rational): Term {
  return mul(num(typeof k === 'number' ? Q.rational(BigInt(k)) : k), t);
}

function sumOf(terms: Term[]): Term {
  return terms.length === 0 ? ZERO : add(...terms);
}

function seriesMul(a: Series, b: Series): Series {
  return a.map((_, k) => sumOf(a.slice(0, k + 1).map((ai, i) => mul(ai, b[k - i]))));
}

function seriesDiv(a: Series, b: Series, what: Term): Series {
  if (isZeroTerm(b[0])) throw poleError(what);
  const w: Series = [];
  for (let k = 0; k < a.length; k++) {
    const s: Term[] = [a[k]];
    for (let j = 1; j <= k; j++) s.push(neg(mul(b[j], w[k - j])));
    w.push(div(sumOf(s), b[0]));
  }
  return w;
}

/** d/dh of a series, then its antiderivative with constant c0 (orders kept at n). */
function derivative(u: Series): Series {
  return u.map((_, k) => (k + 1 < u.length ? scaled(u[k + 1], k + 1) : ZERO));
}

function integral(q: Series, c0: Term): Series {
  return q.map((_, k) => (k === 0 ? c0 : scaled(q[k - 1], Q.rational(1n, BigInt(k)))));
}

let context = { x: 'x', a: ZERO as Term };

function poleError(t: Term): BibunError {
  return new BibunError(
    'domain',
    `series: ${shown(t)} has no Taylor series at ${context.x} = ${shown(context.a)}`,
  );
}

/** Power u^p for a constant exponent p (Miller's recurrence when u(0) ≠ 0). */
function seriesPow(u: Series, p: Term, what: Term): Series {
  const n = u.length;
  if (p.kind === 'num' && p.den === 1n && p.num >= 0n) {
    let r: Series = [ONE, ...new Array<Term>(n - 1).fill(ZERO)];
    let b = u;
    for (let e = p.num; e > 0n; e >>= 1n) {
      if (e & 1n) r = seriesMul(r, b);
      if (e > 1n) b = seriesMul(b, b);
    }
    return r;
  }
  if (isZeroTerm(u[0])) throw poleError(what);
  const w: Series = [pow(u[0], p)];
  for (let k = 1; k < n; k++) {
    const s: Term[] = [];
    // w_k = 1/(k u0) Σ_{j=1..k} (p·j − (k − j)) u_j w_{k−j}
    for (let j = 1; j <= k; j++) s.push(mul(sub(mul(p, num(j)), num(k - j)), u[j], w[k - j]));
    w.push(div(sumOf(s), mul(num(k), u[0])));
  }
  return w;
}

function seriesExp(u: Series): Series {
  const w: Series = [at('exp', u[0])];
  for (let k = 1; k < u.length; k++) {
    const s: Term[] = [];
    for (let j = 1; j <= k; j++) s.push(scaled(mul(u[j], w[k - j]), j));
    w.push(scaled(sumOf(s), Q.rational(1n, BigInt(k))));
  }
  return w;
}

function seriesLog(u: Series, what: Term): Series {
  if (isZeroTerm(u[0])) throw poleError(what);
  const w: Series = [at('log', u[0])];
  for (let k = 1; k < u.length; k++) {
    const s: Term[] = [u[k]];
    for (let j = 1; j < k; j++)
      s.push(scaled(mul(w[j], u[k - j]), Q.rational(BigInt(-j), BigInt(k))));
    w.push(div(sumOf(s), u[0]));
  }
  return w;
}

/** sin and cos (sign −1) or sinh and cosh (sign +1) of u together. */
function sinCos(u: Series, hyperbolic: boolean): [Series, Series] {
  const s: Series = [at(hyperbolic ? 'sinh' : 'sin', u[0])];
  const c: Series = [at(hyperbolic ? 'cosh' : 'cos', u[0])];
  for (let k = 1; k < u.length; k++) {
    const ss: Term[] = [];
    const cs: Term[] = [];
    for (let j = 1; j <= k; j++) {
      ss.push(scaled(mul(u[j], c[k - j]), j));
      cs.push(scaled(mul(u[j], s[k - j]), j));
    }
    const r = Q.rational(1n, BigInt(k));
    s.push(scaled(sumOf(ss), r));
    c.push(scaled(sumOf(cs), hyperbolic ? r : Q.neg(r)));
  }
  return [s, c];
}

function constantSeries(t: Term, n: number): Series {
  return [t, ...new Array<Term>(n).fill(ZERO)];
}

function nodeSeries(t: Term, args: Series[], n: number): Series {
  const one = constantSeries(ONE, n);
  if (t.kind !== 'app') throw poleError(t);
  const [u, v] = args;
  switch (t.head) {
    case '+':
      return u.map((_, k) => sumOf(args.map((s) => s[k])));
    case '*':
      return args.reduce((p, s) => seriesMul(p, s));
    case '^': {
      if (!v.slice(1).every((c) => c === ZERO)) {
        if (t.args[0] === E) return seriesExp(v);
        return seriesExp(seriesMul(v, seriesLog(u, t)));
      }
      if (t.args[0] === E) return seriesExp(v);
      return seriesPow(u, v[0], t);
    }
    case 'sqrt':
      return seriesPow(u, num(Q.rational(1n, 2n)), t);
    case 'exp':
      return seriesExp(u);
    case 'log':
      return seriesLog(u, t);
    case 'sin':
      return sinCos(u, false)[0];
    case 'cos':
      return sinCos(u, false)[1];
    case 'sinh':
      return sinCos(u, true)[0];
    case 'cosh':
      return sinCos(u, true)[1];
    case 'tan': {
      const [s, c] = sinCos(u, false);
      return seriesDiv(s, c, t);
    }
    case 'tanh': {
      const [s, c] = sinCos(u, true);
      return seriesDiv(s, c, t);
    }
    case 'atan':
      return integral(seriesDiv(derivative(u), add1(seriesMul(u, u), one), t), at('atan', u[0]));
    case 'asin':
    case 'acos': {
      const root = seriesPow(sub1(one, seriesMul(u, u)), num(Q.rational(1n, 2n)), t);
      const q = seriesDiv(derivative(u), root, t);
      if (t.head === 'asin') return integral(q, at('asin', u[0]));
      return integral(
        q.map((c) => neg(c)),
        call('acos', u[0]),
      );
    }
    default:
      throw new BibunError(
        'usage',
        `series: no Taylor rule for ${t.head}(...); series knows + * ^ sqrt exp log sin cos tan sinh cosh tanh atan asin acos`,
      );
  }
}

function add1(a: Series, b: Series): Series {
  return a.map((c, k) => add(c, b[k]));
}

function sub1(a: Series, b: Series): Series {
  return a.map((c, k) => sub(c, b[k]));
}

/**
 * The coefficients c[0..n] of the Taylor expansion of f in (x − a), unsimplified; each distinct
 * node of f is visited once.
 *
 * @throws BibunError `domain` at a pole or branch point, `usage` for a function without a rule.
 */
export function taylorCoefficients(f: Term, x: Term, a: Term, n: number): Series {
  context = { x: shown(x), a };
  const memo = new Map<number, Series>();
  const depends = new Map<number, boolean>();
  for (const node of postorder(f)) {
    const kids = node.kind === 'app' ? node.args : [];
    const dep = node === x || kids.some((k) => depends.get(k.id)!);
    depends.set(node.id, dep);
    let s: Series;
    if (node === x) s = [a, ONE, ...new Array<Term>(Math.max(0, n - 1)).fill(ZERO)].slice(0, n + 1);
    else if (!dep) s = constantSeries(node, n);
    else
      s = nodeSeries(
        node,
        kids.map((k) => memo.get(k.id)!),
        n,
      );
    memo.set(node.id, s);
  }
  return memo.get(f.id)!;
}

/** A coefficient in simplified form (numbers as they are). */
export function tidy(t: Term): Term {
  return t.kind === 'num' ? t : simplify(t);
}

/**
 * The nth derivative of f in x by Taylor mode at the symbolic point x itself: n!·c_n of the
 * expansion in h about x, where c_n is propagated through the DAG (O(nodes · n²) coefficient
 * operations) instead of differentiating n times (each derivative's DAG feeds the next).
 * Undefined when f has a function without a Taylor rule (an uninterpreted `g`, `abs`): the
 * caller differentiates those the ordinary way.
 *
 * @example nthDerivativeByTaylor(parse('sin(x)^2'), sym('x'), 3) // 3!·c_3, = -8*sin(x)*cos(x)
 */
export function nthDerivativeByTaylor(f: Term, x: Term, n: number): Term | undefined {
  let cs: Series;
  try {
    cs = taylorCoefficients(f, x, x, n);
  } catch (e) {
    if (e instanceof BibunError && (e.kind === 'usage' || e.kind === 'domain')) return undefined;
    throw e;
  }
  let factorial = 1n;
  for (let k = 2n; k <= BigInt(n); k++) factorial *= k;
  return mul(num(Q.rational(factorial)), cs[n]);
}
