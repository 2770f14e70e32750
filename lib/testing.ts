/**
 * The property-testing toolkit (`import { ... } from 'bibun/testing'`): fast-check arbitraries
 * for terms. Fixed seeds are the caller's choice (`fc.assert(prop, { seed: 42 })`).
 */
import fc from 'fast-check';
import { add, call, div, mul, neg, num, pow, sub, sym, type Term } from './term.js';

/** Options for the term arbitraries. */
export interface TermOptions {
  /** Variable names to use (default x, y, z). */
  readonly variables?: readonly string[];
  /** Unary functions to use (default sin, cos, exp, log, sqrt, tanh, atan). */
  readonly functions?: readonly string[];
  /** Maximum depth of a random tree (default 4). */
  readonly maxDepth?: number;
  /** Allow division (default true). */
  readonly division?: boolean;
}

/** `a / b`, except that a zero divisor gives `a * b` (generators must not throw). */
function safeDiv(a: Term, b: Term): Term {
  return b.kind === 'num' && b.num === 0n ? mul(a, b) : div(a, b);
}

/** `a ^ n`, except that zero to a negative power gives `a ^ -n`. */
function safePow(a: Term, n: number): Term {
  return pow(a, num(a.kind === 'num' && a.num === 0n && n < 0 ? -n : n));
}

const defaultFunctions = ['sin', 'cos', 'exp', 'log', 'sqrt', 'tanh', 'atan'];

/** Small exact numbers: integers -5..5 and a few simple fractions. */
export function numberArbitrary(): fc.Arbitrary<Term> {
  return fc.oneof(
    fc.integer({ min: -5, max: 5 }).map((n) => num(n)),
    fc.constantFrom(num(1n, 2n), num(-1n, 3n), num(3n, 4n)),
  );
}

/** Random expression trees over the given variables and functions. */
export function termArbitrary(options: TermOptions = {}): fc.Arbitrary<Term> {
  const vars = options.variables ?? ['x', 'y', 'z'];
  const fns = options.functions ?? defaultFunctions;
  const maxDepth = options.maxDepth ?? 4;
  const leaf = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...vars.map((v) => sym(v))) }, { weight: 1, arbitrary: numberArbitrary() });
  const { term } = fc.letrec<{ term: Term }>((tie) => ({
    term: fc.oneof(
      { depthSize: 'small', maxDepth, withCrossShrink: true },
      leaf,
      fc.tuple(fc.constantFrom(...fns), tie('term')).map(([f, a]) => call(f, a)),
      fc.tuple(tie('term'), tie('term')).map(([a, b]) => add(a, b)),
      fc.tuple(tie('term'), tie('term')).map(([a, b]) => mul(a, b)),
      fc.tuple(tie('term'), tie('term')).map(([a, b]) => sub(a, b)),
      fc.tuple(tie('term'), fc.integer({ min: -3, max: 3 })).map(([a, n]) => safePow(a, n)),
      fc.tuple(tie('term'), tie('term')).map(([a, b]) => (options.division === false ? mul(a, b) : safeDiv(a, b))),
      tie('term').map((a) => neg(a)),
    ),
  }));
  return term;
}

/**
 * Random DAGs with heavy sharing: a sequence of steps, each combining earlier nodes (so a node
 * is typically used several times). The last node is the result.
 */
export function dagArbitrary(options: TermOptions & { readonly steps?: number } = {}): fc.Arbitrary<Term> {
  const vars = options.variables ?? ['x', 'y'];
  const fns = options.functions ?? defaultFunctions;
  const steps = options.steps ?? 8;
  const step = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.nat(), fc.nat(), fc.constantFrom(...fns), fc.integer({ min: -2, max: 3 }));
  return fc.tuple(fc.array(step, { minLength: 1, maxLength: steps }), numberArbitrary()).map(([ss, c]) => {
    const pool: Term[] = [...vars.map((v) => sym(v)), c];
    for (const [op, i, j, f, n] of ss) {
      const a = pool[i % pool.length];
      const b = pool[j % pool.length];
      let t: Term;
      switch (op) {
        case 0:
          t = add(a, b);
          break;
        case 1:
          t = mul(a, b);
          break;
        case 2:
          t = call(f, a);
          break;
        case 3:
          t = sub(a, b);
          break;
        case 4:
          t = safePow(a, n);
          break;
        default:
          t = options.division === false ? mul(a, b) : safeDiv(a, b);
      }
      pool.push(t);
    }
    return pool[pool.length - 1];
  });
}

/** Random points: one finite value per variable in [lo, hi]. */
export function pointArbitrary(variables: readonly string[], lo = -3, hi = 3): fc.Arbitrary<Record<string, number>> {
  const value = fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
  return fc.tuple(...variables.map(() => value)).map((vs) => Object.fromEntries(variables.map((v, i) => [v, vs[i]])));
}
