/**
 * Taylor mode: the truncated power series of every node of a DAG in h = x − a, propagated in
 * one pass in topological order, with the coefficients as shared terms. Sums add, products
 * convolve, and known functions use their recurrences (exp, log, sin/cos and sinh/cosh computed
 * together, powers by J. C. P. Miller's formula, tan as sin/cos, atan/asin/acos from the series
 * of their derivative); any other function of the partials table (sec, atan2, abs, a user's
 * `myf(u) : ...`) uses its partials: w' = Σᵢ ∂g/∂uᵢ(u) · uᵢ', so w_k = (1/k) Σᵢ Σⱼ j·(uᵢ)ⱼ·(Pᵢ)_{k−j}
 * with Pᵢ the series of the partial term, one order lower.
 *
 * Every series is online: coefficient k of a node needs only coefficients ≤ k of its arguments
 * and < k of itself and of its partials, so the coefficients are computed order by order, each
 * order over all nodes in topological order, and a partial may mention its own node (abs(u)'s
 * partial u/abs(u), tan's 1 + tan(u)^2). A node costs O(n²) coefficient operations (O(n²·m)
 * for m dependent arguments) and nothing is differentiated symbolically, so the nth derivative
 * of a DAG costs O(n² · dagSize) where differentiating n times feeds each derivative's DAG to the
 * next (exponential in n for the sin·cos chain).
 *
 * Nothing here simplifies: a coefficient that divides is tested for zero by `isZero` (only the
 * number 0 by default; lib/cas/taylor.ts passes the simplifier's test for series at a point).
 */
import { pollBudget } from '../base/budget.js';
import { BibunError } from '../base/errors.js';
import * as Q from '../base/rational.js';
import {
  acKeep,
  add,
  app,
  call,
  type App,
  mul,
  mulShared,
  neg,
  num,
  ONE,
  pow,
  reciprocal,
  sub,
  sym,
  type Term,
  ZERO,
} from '../term/term.js';
import { postorder } from '../term/walk.js';
import { defaultPartials, type PartialsTable } from './partials.js';

/** A truncated series: the coefficients c[0..n] of h^0..h^n. */
export type Series = Term[];

/** Options of {@link taylorCoefficients}. */
export interface TaylorOptions {
  /** The partials of the functions without a recurrence of their own (default: the shipped table). */
  readonly table?: PartialsTable;
  /** Whether a constant coefficient that divides is zero (default: it is the number 0). */
  readonly isZero?: (t: Term) => boolean;
  /**
   * Whether the value g(u(a)) of a function known only by its partials is a pole (`cot(0)`):
   * nothing else would tell, as its series never divides (default: never).
   */
  readonly isPole?: (value: Term) => boolean;
  /** The error for a node that has no Taylor series at the point (default: a `domain` error). */
  readonly pole?: (t: Term) => BibunError;
}

/** Largest derivative order of {@link taylorDerivative} (its cost grows as the order squared). */
export const maxTaylorOrder = 1000;

/** The heads with recurrences of their own (used while the table has their shipped partials). */
const RECURRENCES: ReadonlySet<string> = new Set([
  '+',
  '*',
  '^',
  'sqrt',
  'exp',
  'log',
  'sin',
  'cos',
  'sinh',
  'cosh',
  'tan',
  'tanh',
  'atan',
  'asin',
  'acos',
]);

const E = sym('e');
const HALF = Q.rational(1n, 2n);

/** A series computed online: `step(k)` gives c[k] once c[0..k−1] and the inputs' c[0..k] exist. */
interface Stream {
  readonly c: Term[];
  /** The highest coefficient wanted (lower for the series of partials: see `expandPartials`). */
  readonly need: number;
  /** True for a constant: c = [t, 0, 0, ...]. */
  readonly constant: boolean;
  readonly step: (k: number) => Term;
}

/** sin and cos (or sinh and cosh) of one argument. */
type Pair = readonly [Stream, Stream];

/** A function without a recurrence, waiting for the series of its partials. */
interface Pending {
  readonly node: App;
  readonly args: readonly Stream[];
  readonly links: [Stream, Stream][];
  readonly depth: number;
  readonly owner: Term;
}

/** f(c) with the values at 0 and 1 that need no simplifier folded. */
function valueAt(name: string, c: Term): Term {
  if (c === ZERO) {
    if (name === 'exp' || name === 'cos' || name === 'cosh') return ONE;
    if (['sin', 'tan', 'atan', 'asin', 'sinh', 'tanh'].includes(name)) return ZERO;
  }
  if (c === ONE && name === 'log') return ZERO;
  return call(name, c);
}

function scaled(q: Q.Rational | number, t: Term): Term {
  return mul(num(typeof q === 'number' ? Q.rational(BigInt(q)) : q), t);
}

/**
 * a·b. A long product (a node's own value, c[0] of a product node) stays one node: spliced, its
 * factors would be copied into every coefficient that multiplies it.
 */
function times(a: Term, b: Term): Term {
  const long = (t: Term) => t.kind === 'app' && t.head === '*' && t.args.length > 3;
  return long(a) || long(b) ? mulShared(a, b) : mul(a, b);
}

function sumOf(terms: Term[]): Term {
  return terms.length === 0 ? ZERO : terms.length === 1 ? terms[0] : add(...terms);
}

/** Σ_{j=lo..k} weight(j)·u_j·w_{k−j}, skipping zero coefficients. */
function convolve(u: Stream, w: Stream, k: number, lo: number, weight?: (j: number) => Term): Term {
  const terms: Term[] = [];
  for (let j = lo; j <= k; j++) {
    const uj = u.c[j];
    const wj = w.c[k - j];
    if (uj === ZERO || wj === ZERO) continue;
    const t = times(uj, wj);
    terms.push(weight === undefined ? t : mul(weight(j), t));
  }
  return sumOf(terms);
}

/** Coefficient k of u²: 2·Σ_{j<k/2} u_j·u_{k−j} (+ u_{k/2}² for even k), half a convolution. */
function square(u: Stream, k: number): Term {
  const terms: Term[] = [];
  for (let j = 0; 2 * j < k; j++)
    if (u.c[j] !== ZERO && u.c[k - j] !== ZERO) terms.push(mul(num(2), times(u.c[j], u.c[k - j])));
  if (k % 2 === 0 && u.c[k / 2] !== ZERO) terms.push(times(u.c[k / 2], u.c[k / 2]));
  return sumOf(terms);
}

class Propagation {
  private readonly memo = new Map<number, Stream>();
  private readonly order: Stream[] = [];
  private readonly pairs = [new Map<Stream, Pair>(), new Map<Stream, Pair>()];
  private readonly pending: Pending[] = [];
  private readonly table: PartialsTable;
  private readonly shipped = defaultPartials();
  private readonly isZero: (t: Term) => boolean;
  private readonly isPole: (t: Term) => boolean;
  private readonly pole: (t: Term) => BibunError;

  constructor(
    private readonly x: Term,
    private readonly a: Term,
    private readonly n: number,
    o: TaylorOptions,
  ) {
    this.table = o.table ?? this.shipped;
    this.isZero = o.isZero ?? ((t) => t === ZERO);
    this.isPole = o.isPole ?? (() => false);
    this.pole =
      o.pole ??
      ((t) =>
        new BibunError(
          'domain',
          `${String(t)} has no Taylor series at ${String(x)} = ${String(a)}`,
        ));
  }

  run(f: Term): Series {
    const root = this.walk(f, 0);
    // The queue grows while it is read: a partial may contain functions with partials of their own.
    for (let i = 0; i < this.pending.length; i++) this.expandPartials(this.pending[i]);
    for (let k = 0; k <= this.n; k++) {
      for (const s of this.order) {
        if (k > s.need) continue;
        pollBudget();
        s.c.push(s.step(k));
      }
    }
    return root.c;
  }

  /** The streams of t's nodes, each created once, arguments first. */
  private walk(t: Term, depth: number, owner?: Term): Stream {
    for (const node of postorder(t))
      if (!this.memo.has(node.id)) this.memo.set(node.id, this.create(node, depth, owner ?? node));
    return this.memo.get(t.id)!;
  }

  private stream(need: number, step: (k: number) => Term, constant = false): Stream {
    const s: Stream = { c: [], need, constant, step };
    this.order.push(s);
    return s;
  }

  private create(node: Term, depth: number, owner: Term): Stream {
    const need = this.n - depth;
    if (node === this.x) return this.stream(need, (k) => (k === 0 ? this.a : k === 1 ? ONE : ZERO));
    const args = node.kind === 'app' ? node.args.map((t) => this.memo.get(t.id)!) : [];
    if (node.kind !== 'app' || args.every((s) => s.constant))
      return this.stream(need, (k) => (k === 0 ? node : ZERO), true);
    const shipped = this.table.entry(node.head) === this.shipped.entry(node.head);
    if (RECURRENCES.has(node.head) && shipped) return this.known(node, args, need, owner);
    if (!this.table.has(node.head))
      throw new BibunError(
        'unknown-function',
        `no partial derivatives known for function ${node.head}; add a line such as \`${node.head}(u) : ...\` to a derivatives table`,
      );
    return this.generic(node, args, depth, owner);
  }

  private known(node: App, args: Stream[], need: number, owner: Term): Stream {
    const [u, v] = args;
    switch (node.head) {
      case '+': {
        const dep = args.filter((s) => !s.constant);
        // Kept, not spliced: a sum of sums (let-form names) would copy its terms at every level.
        return this.stream(need, (k) =>
          k === 0
            ? app(
                '+',
                args.map((s) => s.c[0]),
              )
            : acKeep(
                '+',
                dep.map((s) => s.c[k]),
              ),
        );
      }
      case '*':
        return this.product(node, args, need);
      case '^':
        return this.power(node, u, v, need, owner);
      case 'sqrt':
        return this.miller(u, num(HALF), need, owner, (u0) => call('sqrt', u0));
      case 'exp':
        return this.exp(u, need, (u0) => valueAt('exp', u0));
      case 'log':
        return this.log(u, need, owner);
      case 'sin':
      case 'cos':
      case 'sinh':
      case 'cosh': {
        const [s, c] = this.sinCos(u, node.head.endsWith('h'), need);
        return node.head.startsWith('sin') ? s : c;
      }
      case 'tan':
      case 'tanh': {
        const [s, c] = this.sinCos(u, node.head === 'tanh', need);
        return this.quotient(s, c, need, owner, () => valueAt(node.head, u.c[0]));
      }
      case 'atan': {
        const q = this.stream(need, (k) => {
          const sq = square(u, k);
          return k === 0 ? add(ONE, sq) : sq;
        });
        const r = this.quotient(undefined, q, need, owner, () => reciprocal(q.c[0]));
        return this.chain([[u, r]], need, 1, () => valueAt('atan', u.c[0]));
      }
      default: {
        // asin, acos: (1 − u²)^(−1/2) integrated along u.
        const q = this.stream(need, (k) => {
          const sq = square(u, k);
          return k === 0 ? sub(ONE, sq) : neg(sq);
        });
        const r = this.miller(q, num(Q.rational(-1n, 2n)), need, owner);
        return this.chain([[u, r]], need, node.head === 'asin' ? 1 : -1, () =>
          valueAt(node.head, u.c[0]),
        );
      }
    }
  }

  /** A product: the constant factors scale the convolution of the others, left to right. */
  private product(node: App, args: Stream[], need: number): Stream {
    const dep = args.filter((s) => !s.constant);
    const scale = mul(...node.args.filter((_, i) => args[i].constant));
    let p = dep[0];
    for (let i = 1; i < dep.length; i++) {
      const [l, r] = [p, dep[i]];
      p = this.stream(need, (k) => convolve(l, r, k, 0));
    }
    const last = p;
    return this.stream(need, (k) =>
      k === 0
        ? app(
            '*',
            args.map((s) => s.c[0]),
          )
        : times(scale, last.c[k]),
    );
  }

  private power(node: App, u: Stream, v: Stream, need: number, owner: Term): Stream {
    const value = () => pow(u.c[0], v.c[0]);
    if (v.constant) {
      const p = node.args[1];
      if (p.kind === 'num' && p.den === 1n && p.num > 0n) {
        // Square and multiply: exact at any point (Miller's recurrence divides by u(a)).
        let r: Stream | undefined;
        let b = u;
        for (let e = p.num; e > 0n; e >>= 1n) {
          const [rb, bb] = [r, b];
          if (e & 1n) r = rb === undefined ? bb : this.stream(need, (k) => convolve(rb, bb, k, 0));
          if (e > 1n) b = this.stream(need, (k) => square(bb, k));
        }
        const last = r!;
        return this.stream(need, (k) => (k === 0 ? value() : last.c[k]));
      }
      return this.miller(u, p, need, owner, value);
    }
    // u^v = exp(v·log u), with the value u(a)^v(a).
    const base = node.args[0];
    let m: Stream;
    if (base === E) m = v;
    else if (u.constant) {
      const lb = call('log', base);
      m = this.stream(need, (k) => times(lb, v.c[k]));
    } else {
      const l = this.log(u, need, owner);
      m = this.stream(need, (k) => convolve(v, l, k, 0));
    }
    return this.exp(m, need, value);
  }

  /** u^p for a constant p: w_k = Σ_{j=1..k} (p·j − (k − j))·u_j·w_{k−j} / (k·u₀). */
  private miller(
    u: Stream,
    p: Term,
    need: number,
    owner: Term,
    value?: (u0: Term) => Term,
  ): Stream {
    let inv: Term = ONE;
    const coefficient = (j: number, k: number): Term =>
      p.kind === 'num'
        ? num(Q.sub(Q.mul(p, Q.rational(BigInt(j))), Q.rational(BigInt(k - j))))
        : add(mul(num(j), p), num(j - k));
    const w: Stream = this.stream(need, (k) => {
      if (k === 0) {
        if (this.isZero(u.c[0])) throw this.pole(owner);
        inv = reciprocal(u.c[0]);
        return value === undefined ? pow(u.c[0], p) : value(u.c[0]);
      }
      const s = convolve(u, w, k, 1, (j) => coefficient(j, k));
      return s === ZERO ? ZERO : times(scaled(Q.rational(1n, BigInt(k)), s), inv);
    });
    return w;
  }

  /** a/b (a = 1 when undefined): w_k = (a_k − Σ_{j=1..k} b_j·w_{k−j}) / b₀. */
  private quotient(
    a: Stream | undefined,
    b: Stream,
    need: number,
    owner: Term,
    value: () => Term,
  ): Stream {
    let inv: Term = ONE;
    const w: Stream = this.stream(need, (k) => {
      if (k === 0) {
        if (this.isZero(b.c[0])) throw this.pole(owner);
        inv = reciprocal(b.c[0]);
        return value();
      }
      const s = convolve(b, w, k, 1);
      const ak = a === undefined ? ZERO : a.c[k];
      const top = s === ZERO ? ak : sub(ak, s);
      return top === ZERO ? ZERO : times(top, inv);
    });
    return w;
  }

  /** exp(u): w_k = (1/k) Σ_{j=1..k} j·u_j·w_{k−j}. */
  private exp(u: Stream, need: number, value: (u0: Term) => Term): Stream {
    const w: Stream = this.stream(need, (k) =>
      k === 0 ? value(u.c[0]) : scaled(Q.rational(1n, BigInt(k)), convolve(u, w, k, 1, num)),
    );
    return w;
  }

  /** log(u): w_k = (u_k − (1/k) Σ_{j=1..k−1} j·w_j·u_{k−j}) / u₀. */
  private log(u: Stream, need: number, owner: Term): Stream {
    let inv: Term = ONE;
    const w: Stream = this.stream(need, (k) => {
      if (k === 0) {
        if (this.isZero(u.c[0])) throw this.pole(owner);
        inv = reciprocal(u.c[0]);
        return valueAt('log', u.c[0]);
      }
      const terms: Term[] = [];
      for (let j = 1; j < k; j++) {
        if (w.c[j] === ZERO || u.c[k - j] === ZERO) continue;
        terms.push(mul(num(Q.rational(BigInt(-j), BigInt(k))), times(w.c[j], u.c[k - j])));
      }
      if (u.c[k] !== ZERO) terms.push(u.c[k]);
      const s = sumOf(terms);
      return s === ZERO ? ZERO : times(s, inv);
    });
    return w;
  }

  /** sin and cos (or sinh and cosh) of u, computed together and shared by both nodes. */
  private sinCos(u: Stream, hyperbolic: boolean, need: number): Pair {
    const pairs = this.pairs[hyperbolic ? 1 : 0];
    const known = pairs.get(u);
    if (known !== undefined) return known;
    const [sn, cn] = hyperbolic ? ['sinh', 'cosh'] : ['sin', 'cos'];
    const s: Stream = this.stream(need, (k) =>
      k === 0 ? valueAt(sn, u.c[0]) : scaled(Q.rational(1n, BigInt(k)), convolve(u, c, k, 1, num)),
    );
    const c: Stream = this.stream(need, (k) =>
      k === 0
        ? valueAt(cn, u.c[0])
        : scaled(Q.rational(hyperbolic ? 1n : -1n, BigInt(k)), convolve(u, s, k, 1, num)),
    );
    const pair = [s, c] as const;
    pairs.set(u, pair);
    return pair;
  }

  /**
   * w with w' = sign·Σᵢ uᵢ'·Pᵢ: w_k = (sign/k) Σᵢ Σ_{j=1..k} j·(uᵢ)_j·(Pᵢ)_{k−j}. The Pᵢ may be
   * filled in later (partials are walked after the DAG): only their coefficients below k are read.
   */
  private chain(
    terms: readonly (readonly [Stream, Stream])[],
    need: number,
    sign: 1 | -1,
    value: () => Term,
  ): Stream {
    return this.stream(need, (k) => {
      if (k === 0) return value();
      const parts: Term[] = [];
      for (const [u, p] of terms) {
        const t = convolve(u, p, k, 1, num);
        if (t !== ZERO) parts.push(t);
      }
      return scaled(Q.rational(BigInt(sign), BigInt(k)), sumOf(parts));
    });
  }

  /** A function known only by its partials: its series integrates Σᵢ ∂g/∂uᵢ · uᵢ'. */
  private generic(node: App, args: Stream[], depth: number, owner: Term): Stream {
    // Filled in by expandPartials, after the DAG is walked; the chain reads it when stepping.
    const links: [Stream, Stream][] = [];
    this.pending.push({ node, args, links, depth, owner });
    return this.chain(links, this.n - depth, 1, () => {
      const value = app(
        node.head,
        args.map((a) => a.c[0]),
      );
      if (this.isPole(value)) throw this.pole(owner);
      return value;
    });
  }

  /**
   * The series of g's partials, one order lower than g's: a partial built from a partial at
   * depth d is wanted to order n − d, and none is built past depth n (so a table line such as
   * `g(u) : g(2*u)` ends).
   */
  private expandPartials(p: Pending): void {
    if (p.depth + 1 > this.n) return;
    p.args.forEach((u, i) => {
      if (!u.constant)
        p.links.push([u, this.walk(this.table.partial(p.node, i), p.depth + 1, p.owner)]);
    });
  }
}

/**
 * The coefficients c[0..n] of the Taylor expansion of f in (x − a), unsimplified; each distinct
 * node of f (and of the partials of functions without a recurrence) is visited once.
 *
 * @throws BibunError `domain` at a pole or branch point (or `pole`'s error), `unknown-function`
 * for a function the table has no partials for.
 * @example taylorCoefficients(parse('exp(x)'), sym('x'), ZERO, 2) // [1, 1, 1/2]
 */
export function taylorCoefficients(
  f: Term,
  x: Term,
  a: Term,
  n: number,
  o: TaylorOptions = {},
): Series {
  return new Propagation(x, a, n, o).run(f);
}

/**
 * The nth derivative of f in x by Taylor mode at the symbolic point x itself: n!·c_n of the
 * expansion in h about x, where c_n is propagated through the DAG (O(n² · dagSize) coefficient
 * operations) instead of differentiating n times.
 *
 * @throws BibunError `usage` for an order that is not an integer from 0 to {@link maxTaylorOrder}.
 * @example taylorDerivative(parse('sin(x)^2'), sym('x'), 3) // 3!·c_3, = -8*sin(x)*cos(x)
 */
export function taylorDerivative(f: Term, x: Term, n: number, o: TaylorOptions = {}): Term {
  if (!Number.isInteger(n) || n < 0 || n > maxTaylorOrder)
    throw new BibunError(
      'usage',
      `derivative order must be an integer from 0 to ${maxTaylorOrder}, got ${n}`,
    );
  const c = taylorCoefficients(f, x, x, n, o)[n];
  let factorial = 1n;
  for (let k = 2n; k <= BigInt(n); k++) factorial *= k;
  return mul(num(Q.rational(factorial)), c);
}
