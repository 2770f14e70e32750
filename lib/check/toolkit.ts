/**
 * The property-testing toolkit (`import { ... } from 'bibun/testing'`):
 *
 * - fast-check arbitraries for terms ({@link termArbitrary}, {@link dagArbitrary}) and points
 *   ({@link pointArbitrary});
 * - {@link identity}: a fast-check property stating `lhs == rhs` at random points, and
 *   {@link checkIdentity}, the same check run to a verdict (what `bibun check` prints);
 * - {@link ruleSoundness}: every rule of a rule file property-tested for soundness (what
 *   `bibun check-rules` runs);
 * - {@link rewritesTo}: an example test that reads as an equation.
 *
 * Fixed seeds are the caller's choice (`fc.assert(prop, { seed: 42 })`).
 *
 * Identities are compared where both sides are defined (`strict: true` also requires equal
 * domains), on the grid of lib/check/grid.ts, with the comparison of lib/check/numeric.ts; see
 * lib/check/identity.ts.
 */
import fc from 'fast-check';
import { parse } from '../syntax/parse.js';
import { toInfix } from '../term/print.js';
import { loadRuleFiles, RuleLibrary } from '../rewrite/library.js';
import { checkLibrary, describeCheck, type CheckOptions, type RuleCheck } from './soundness.js';
import { describeFailedExample, failingExamples } from '../rewrite/examples.js';
import { simplificationLibrary } from '../simplify/simplify.js';
import type { Limits } from '../rewrite/strategy.js';
import { add, call, div, mul, neg, num, pow, sub, sym, type Term } from '../term/term.js';

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
  /**
   * Only terms that are defined and positive wherever their variables are positive: positive
   * numbers, `+`, `*`, `/`, integer powers, and the functions among `functions` that keep
   * positive arguments positive (exp, sqrt, cosh, sinh, tanh, atan, asinh; default exp, sqrt,
   * cosh, atan). Pair with `pointArbitrary(vars, 0.001, 10)` or `identity(..., { positive: true })`.
   */
  readonly positive?: boolean;
  /** Build DAGs with heavy sharing instead of trees ({@link dagArbitrary}). */
  readonly sharing?: boolean;
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

const positivePreserving = new Set(['exp', 'sqrt', 'cosh', 'sinh', 'tanh', 'atan', 'asinh']);

/** Positive exact numbers: 1..5 and a few fractions. */
function positiveNumberArbitrary(): fc.Arbitrary<Term> {
  return fc.oneof(
    fc.integer({ min: 1, max: 5 }).map((n) => num(n)),
    fc.constantFrom(num(1n, 2n), num(1n, 3n), num(3n, 4n)),
  );
}

/** Terms positive for positive variables (see {@link TermOptions.positive}). */
function positiveTermArbitrary(options: TermOptions): fc.Arbitrary<Term> {
  const vars = options.variables ?? ['x', 'y', 'z'];
  const fns = (options.functions ?? ['exp', 'sqrt', 'cosh', 'atan']).filter((f) =>
    positivePreserving.has(f),
  );
  const leaf = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...vars.map((v) => sym(v))) },
    { weight: 1, arbitrary: positiveNumberArbitrary() },
  );
  const { term } = fc.letrec<{ term: Term }>((tie) => ({
    term: fc.oneof(
      { depthSize: 'small', maxDepth: options.maxDepth ?? 4, withCrossShrink: true },
      leaf,
      ...(fns.length > 0
        ? [fc.tuple(fc.constantFrom(...fns), tie('term')).map(([f, a]) => call(f, a))]
        : []),
      fc.tuple(tie('term'), tie('term')).map(([a, b]) => add(a, b)),
      fc.tuple(tie('term'), tie('term')).map(([a, b]) => mul(a, b)),
      fc.tuple(tie('term'), fc.integer({ min: -3, max: 3 })).map(([a, n]) => pow(a, num(n))),
      fc
        .tuple(tie('term'), tie('term'))
        .map(([a, b]) => (options.division === false ? mul(a, b) : div(a, b))),
    ),
  }));
  return term;
}

/**
 * Random expression trees over the given variables and functions (DAGs with `sharing: true`;
 * positive-valued terms with `positive: true`).
 *
 * @example fc.assert(fc.property(termArbitrary({ variables: ['x'] }), (t) => ...), { seed: 1 })
 */
export function termArbitrary(options: TermOptions = {}): fc.Arbitrary<Term> {
  if (options.positive) return positiveTermArbitrary(options);
  if (options.sharing) return dagArbitrary(options);
  const vars = options.variables ?? ['x', 'y', 'z'];
  const fns = options.functions ?? defaultFunctions;
  const maxDepth = options.maxDepth ?? 4;
  const leaf = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...vars.map((v) => sym(v))) },
    { weight: 1, arbitrary: numberArbitrary() },
  );
  const { term } = fc.letrec<{ term: Term }>((tie) => ({
    term: fc.oneof(
      { depthSize: 'small', maxDepth, withCrossShrink: true },
      leaf,
      fc.tuple(fc.constantFrom(...fns), tie('term')).map(([f, a]) => call(f, a)),
      fc.tuple(tie('term'), tie('term')).map(([a, b]) => add(a, b)),
      fc.tuple(tie('term'), tie('term')).map(([a, b]) => mul(a, b)),
      fc.tuple(tie('term'), tie('term')).map(([a, b]) => sub(a, b)),
      fc.tuple(tie('term'), fc.integer({ min: -3, max: 3 })).map(([a, n]) => safePow(a, n)),
      fc
        .tuple(tie('term'), tie('term'))
        .map(([a, b]) => (options.division === false ? mul(a, b) : safeDiv(a, b))),
      tie('term').map((a) => neg(a)),
    ),
  }));
  return term;
}

/**
 * Random DAGs with heavy sharing: a sequence of steps, each combining earlier nodes (so a node
 * is typically used several times). The last node is the result.
 */
export function dagArbitrary(
  options: TermOptions & { readonly steps?: number } = {},
): fc.Arbitrary<Term> {
  const vars = options.variables ?? ['x', 'y'];
  const fns = options.functions ?? defaultFunctions;
  const steps = options.steps ?? 8;
  const step = fc.tuple(
    fc.integer({ min: 0, max: 5 }),
    fc.nat(),
    fc.nat(),
    fc.constantFrom(...fns),
    fc.integer({ min: -2, max: 3 }),
  );
  return fc
    .tuple(fc.array(step, { minLength: 1, maxLength: steps }), numberArbitrary())
    .map(([ss, c]) => {
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
export function pointArbitrary(
  variables: readonly string[],
  lo = -3,
  hi = 3,
): fc.Arbitrary<Record<string, number>> {
  const value = fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
  return fc
    .tuple(...variables.map(() => value))
    .map((vs) => Object.fromEntries(variables.map((v, i) => [v, vs[i]])));
}

// ---------------------------------------------------------------------------------------------
// Rules.

/** The verdict of {@link ruleSoundness}. */
export interface SoundnessReport {
  /** True when no rule is unsound and every `example` line of the files holds. */
  readonly sound: boolean;
  /** One verdict per rule (sound, unsound with a counterexample, or skipped with a note). */
  readonly checks: readonly RuleCheck[];
  /**
   * One line per unsound rule (file:line:column, the rule, the instance and the two values), then
   * one per false example (file:line, the example, expected and actual).
   */
  readonly failures: readonly string[];
}

/**
 * Property-tests every rule of rule files (paths, loaded as one unit) or of a library, for
 * soundness: each rewrite a rule makes must keep the value of the term. This is what
 * `bibun check-rules FILE...` runs.
 *
 * @example t.deepEqual(ruleSoundness('my.rules').failures, [])
 */
export function ruleSoundness(
  files: string | readonly string[] | RuleLibrary,
  options: CheckOptions = {},
): SoundnessReport {
  const lib =
    files instanceof RuleLibrary
      ? files
      : loadRuleFiles(typeof files === 'string' ? [files] : files);
  const checks = checkLibrary(lib, options);
  const unsound = checks.filter((c) => c.status === 'unsound');
  const examples = failingExamples(lib).map(describeFailedExample);
  return {
    sound: unsound.length === 0 && examples.length === 0,
    checks,
    failures: [...unsound.map(describeCheck), ...examples],
  };
}

/** What {@link rewritesTo} asserts with: ava's `t` fits, so does `{ is: assert.strictEqual }`. */
export interface Asserter {
  is(actual: unknown, expected: unknown, message?: string): unknown;
}

/** Options of {@link rewritesTo}. */
export interface RewritesToOptions {
  /** The library whose strategy is named (default: the shipped simplification rules). */
  readonly library?: RuleLibrary;
  /** Rule-file text loaded on top of the library (its rule sets and strategies become nameable). */
  readonly rules?: string;
  readonly limits?: Partial<Limits>;
}

/**
 * An example test that reads as an equation: the strategy (a name or a strategy expression) on
 * `input` gives exactly `expected`. Compares the printed terms, so a failure shows both.
 * Returns whether it did.
 *
 * @example test('collect', (t) => { rewritesTo(t, 'simplify', 'x*1 + 0 + 2*x', '3*x') })
 */
export function rewritesTo(
  t: Asserter,
  strategy: string,
  input: string,
  expected: string,
  options: RewritesToOptions = {},
): boolean {
  let lib = options.library ?? simplificationLibrary();
  if (options.rules !== undefined) lib = lib.loadText(options.rules, '<rules>');
  const r = lib.run(strategy, parse(input), options.limits ? { limits: options.limits } : {});
  const label = `${strategy}: ${input} => ${expected}`;
  if (r.stop !== 'normal') {
    t.is(`stopped: ${r.message}`, toInfix(parse(expected)), label);
    return false;
  }
  const actual = toInfix(r.term);
  const wanted = toInfix(parse(expected));
  t.is(actual, wanted, label);
  return actual === wanted;
}

export { describeCheck, type RuleCheck } from './soundness.js';
export { RuleLibrary } from '../rewrite/library.js';
export {
  checkIdentity,
  identity,
  identitySides,
  type CheckIdentityOptions,
  type IdentityCounterexample,
  type IdentityOptions,
  type IdentityResult,
  type IdentitySource,
} from './identity.js';
export { coordinateArbitrary, gridPoints, specialPoints, type SamplingOptions } from './grid.js';
export {
  agree,
  compareAt,
  valueAt,
  type Comparison,
  type DomainMode,
  type Value,
} from './numeric.js';
