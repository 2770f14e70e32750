/**
 * Series at a point for `series`: the Taylor series where f has one, else the Laurent series
 * where its singularity is a pole or removable: `sin(x)/x`, `x/(exp(x) - 1)`, `1/sin(x)`,
 * `cot(x)`, `exp(sin(x)/x)`.
 *
 * Taylor mode (lib/cas/taylor.ts) is tried first, on f and on each subterm, and what it expands
 * is taken as it is: an analytic f gets exactly its Taylor series. What is left is
 * split the way the singularity arises, with h = x − a:
 * - sums add their series; products multiply them, each factor expanded just far enough for
 *   the product's terms through h^N (its valuation is found first: the first nonzero
 *   coefficient, or a lower bound when none shows up within {@link SEARCH} more terms);
 * - an integer power u^p: p > 0 by multiplying, p < 0 from the reciprocal of u/(c·h^w), c·h^w
 *   being u's leading term (which must be found: a denominator that looks like 0 to every
 *   order tried is an error, never a guess);
 * - cot, csc, sec, tan, tanh, coth, csch and sech as quotients of sin, cos, sinh and cosh;
 * - any other function of arguments whose singularities are removable: each argument is
 *   replaced by its (Taylor) polynomial through h^N, and Taylor mode expands the result.
 * What remains (an argument with a pole inside exp, log at a zero, abs) is a `domain` error
 * naming the subterm that has no Laurent series at a.
 */
import { shown } from '../term/print.js';
import { pollBudget } from '../base/budget.js';
import { BibunError } from '../base/errors.js';
import { add, call, mul, num, pow, sub, type Term, ZERO } from '../term/term.js';
import { occurs, withArgs } from '../term/walk.js';

import { taylorCoefficients, tidy } from './taylor.js';

/** Further terms searched for a leading coefficient before taking a lower bound. */
const SEARCH = 16;

/** Σ c[k]·h^(v+k) for k = 0..c.length − 1, exact through h^(v + c.length − 1). */
export interface Laurent {
  readonly v: number;
  readonly c: readonly Term[];
}

/** The functions with poles rewritten as quotients of functions without. */
const QUOTIENTS: Readonly<Record<string, (u: Term) => Term>> = {
  tan: (u) => mul(call('sin', u), pow(call('cos', u), num(-1))),
  cot: (u) => mul(call('cos', u), pow(call('sin', u), num(-1))),
  sec: (u) => pow(call('cos', u), num(-1)),
  csc: (u) => pow(call('sin', u), num(-1)),
  tanh: (u) => mul(call('sinh', u), pow(call('cosh', u), num(-1))),
  coth: (u) => mul(call('cosh', u), pow(call('sinh', u), num(-1))),
  sech: (u) => pow(call('cosh', u), num(-1)),
  csch: (u) => pow(call('sinh', u), num(-1)),
};

class Expander {
  private readonly memo = new Map<string, Laurent>();
  private readonly h: Term;

  constructor(
    private readonly x: Term,
    private readonly a: Term,
  ) {
    this.h = a === ZERO ? x : sub(x, a);
  }

  /** g (a subterm of f) has no Laurent series at a. */
  private none(g: Term): BibunError {
    return new BibunError(
      'domain',
      `series: ${shown(g)} has no Laurent series at ${shown(this.x)} = ${shown(this.a)}`,
    );
  }

  /** g's series exact through h^n. */
  expand(g: Term, n: number): Laurent {
    const key = `${g.id}:${n}`;
    let r = this.memo.get(key);
    if (r === undefined) {
      r = this.compute(g, n);
      this.memo.set(key, r);
    }
    return r;
  }

  private compute(g: Term, n: number): Laurent {
    if (!occurs(this.x, g)) return n < 0 ? { v: n + 1, c: [] } : pad({ v: 0, c: [tidy(g)] }, n);
    try {
      // Below h^0 an analytic g has only zeros (order 0 checks that it is analytic).
      const c = this.taylor(g, Math.max(n, 0));
      return n < 0 ? { v: n + 1, c: [] } : { v: 0, c };
    } catch (e) {
      if (!(e instanceof BibunError) || e.kind !== 'domain') throw e;
    }
    if (g.kind !== 'app') throw this.none(g);
    switch (g.head) {
      case '+':
        return sum(g.args.map((u) => this.expand(u, n)));
      case '*':
        return this.product(g.args, n);
      case '^': {
        const [u, p] = g.args;
        if (p.kind === 'num' && p.den === 1n && p.num !== 0n) return this.power(u, p.num, n);
        break;
      }
    }
    const quotient = g.args.length === 1 ? QUOTIENTS[g.head] : undefined;
    if (quotient !== undefined) return this.expand(quotient(g.args[0]), n);
    // A function of arguments with removable singularities: of their polynomials.
    const args = g.args.map((u) => {
      const s = this.expand(u, Math.max(n, 0));
      if (s.v < 0 && s.c.slice(0, -s.v).some((c) => c !== ZERO)) throw this.none(g);
      return this.polynomial(s);
    });
    try {
      return { v: 0, c: this.taylor(withArgs(g, args), Math.max(n, 0)) };
    } catch (e) {
      if (e instanceof BibunError && e.kind === 'domain') throw this.none(g);
      throw e;
    }
  }

  private taylor(g: Term, n: number): Term[] {
    return taylorCoefficients(g, this.x, this.a, n).map(tidy);
  }

  /** Σ c_k·h^(v+k), the powers of h ≥ 0 only (the others are zero where it is used). */
  private polynomial(s: Laurent): Term {
    return add(...s.c.map((c, k) => (s.v + k < 0 ? ZERO : mul(c, pow(this.h, num(s.v + k))))));
  }

  /** The exponent of g's first nonzero term, or a lower bound (`exact` false) past the search. */
  private valuation(g: Term, from: number): { v: number; exact: boolean } {
    // A few terms first, doubled while they are all zero (the cost grows with the order).
    for (let m = 2; ; m *= 2) {
      const s = this.expand(g, from + Math.min(m, SEARCH));
      const k = s.c.findIndex((c) => c !== ZERO);
      if (k >= 0) return { v: s.v + k, exact: true };
      if (m >= SEARCH) return { v: from + SEARCH + 1, exact: false };
    }
  }

  private product(factors: readonly Term[], n: number): Laurent {
    const vals = factors.map((u) => this.valuation(u, 0).v);
    const total = vals.reduce((p, q) => p + q, 0);
    let r: Laurent | undefined;
    factors.forEach((u, i) => {
      const s = trim(this.expand(u, n - total + vals[i]), vals[i]);
      r = r === undefined ? s : times(r, s);
    });
    return pad(r!, n);
  }

  private power(u: Term, p: bigint, n: number): Laurent {
    const { v: w, exact } = this.valuation(u, 0);
    if (p > 0n) {
      const s = trim(this.expand(u, n - (Number(p) - 1) * w), w);
      let r = s;
      for (let k = 1n; k < p; k++) r = times(r, s);
      return pad(r, n);
    }
    if (!exact)
      throw new BibunError(
        'domain',
        `series: cannot find the leading term of ${shown(u)} at ${shown(this.x)} = ${shown(this.a)} (it divides)`,
      );
    const q = Number(-p);
    // u = h^w·(c₀ + c₁h + ...); 1/u = h^(−w)·(1/c₀)·(1 + ...): relative order n + q·w.
    const rel = n + q * w;
    if (rel < 0) return { v: n + 1, c: [] };
    const s = trim(this.expand(u, w + rel), w);
    const base: Laurent = { v: -w, c: reciprocal(s.c, rel) };
    let r = base;
    for (let k = 1; k < q; k++) r = times(r, base);
    return pad(r, n);
  }
}

/** s with its terms below h^v dropped (they are zero: v is a valuation or a lower bound). */
function trim(s: Laurent, v: number): Laurent {
  return v <= s.v ? s : { v, c: s.c.slice(v - s.v) };
}

/** s exact through h^n, its missing terms up to there zero (s is exact further). */
function pad(s: Laurent, n: number): Laurent {
  const top = s.v + s.c.length - 1;
  if (top === n) return s;
  if (top > n) return { v: s.v, c: s.c.slice(0, Math.max(0, n - s.v + 1)) };
  return { v: s.v, c: [...s.c, ...Array<Term>(n - top).fill(ZERO)] };
}

function sum(parts: readonly Laurent[]): Laurent {
  const v = Math.min(...parts.map((s) => s.v));
  const top = Math.min(...parts.map((s) => s.v + s.c.length - 1));
  const c: Term[] = [];
  for (let e = v; e <= top; e++)
    c.push(
      tidy(add(...parts.map((s) => (e >= s.v && e - s.v < s.c.length ? s.c[e - s.v] : ZERO)))),
    );
  return { v, c };
}

/**
 * The product, as far as both factors make it exact (not cut at the order wanted: a later
 * factor with a pole needs the terms beyond it).
 */
function times(p: Laurent, q: Laurent): Laurent {
  const v = p.v + q.v;
  const top = Math.min(p.v + p.c.length - 1 + q.v, q.v + q.c.length - 1 + p.v);
  const c: Term[] = [];
  for (let e = v; e <= top; e++) {
    pollBudget();
    const terms: Term[] = [];
    for (let i = 0; i < p.c.length; i++) {
      const j = e - v - i;
      if (j < 0) break;
      if (j < q.c.length && p.c[i] !== ZERO && q.c[j] !== ZERO) terms.push(mul(p.c[i], q.c[j]));
    }
    c.push(tidy(add(...terms)));
  }
  return { v, c };
}

/** 1/(c₀ + c₁h + ...) through h^n, c₀ ≠ 0: r_k = −(Σ_{j=1..k} c_j·r_{k−j})/c₀. */
function reciprocal(c: readonly Term[], n: number): Term[] {
  const inv = tidy(pow(c[0], num(-1)));
  const r: Term[] = [inv];
  for (let k = 1; k <= n; k++) {
    pollBudget();
    const terms: Term[] = [];
    for (let j = 1; j <= k && j < c.length; j++)
      if (c[j] !== ZERO && r[k - j] !== ZERO) terms.push(mul(c[j], r[k - j]));
    r.push(terms.length === 0 ? ZERO : tidy(mul(num(-1), inv, add(...terms))));
  }
  return r;
}

/**
 * The Laurent series of f at x = a through (x − a)^n: `v` the lowest power kept (at most 0,
 * so that for a removable singularity c[k] is the coefficient of (x − a)^k as for Taylor).
 *
 * @throws BibunError `domain` where f has no Laurent series at a (an essential singularity, a
 * branch point), or a denominator's leading term is not found.
 * @example laurentSeries(parse('1/sin(x)'), sym('x'), ZERO, 3) // v = −1: 1/x + x/6 + 7x³/360
 */
export function laurentSeries(f: Term, x: Term, a: Term, n: number): Laurent {
  const s = new Expander(x, a).expand(f, n);
  // Drop zero terms below h^0; start at h^0 when nothing is left below it.
  let k = 0;
  while (s.v + k < 0 && k < s.c.length && s.c[k] === ZERO) k++;
  if (s.v + k < 0) return { v: s.v + k, c: s.c.slice(k) };
  const t = trim(s, 0);
  return pad({ v: 0, c: [...Array<Term>(t.v).fill(ZERO), ...t.c] }, n);
}
