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
 * ## Domain errors are not passes
 *
 * A point where one side of an identity has a value and the other does not (NaN, ±∞, or a
 * non-finite intermediate such as `log(-1)` or `1/0`) is a counterexample: `sqrt(x)^2 == x` fails
 * at x = -1 unless the caller restricts the domain (`positive: true`). A point where neither side
 * is defined proves nothing and is skipped; when (almost) every point is skipped the property
 * fails, so an identity between two functions undefined everywhere is never reported as true.
 */
import fc from 'fast-check';
import { BibunError } from '../base/errors.js';
import { hasDerivativeForms, rewriteDerivatives } from '../diff/index.js';
import { parse, parseStatement } from '../syntax/parse.js';
import { toInfix } from '../term/print.js';
import * as Q from '../base/rational.js';
import { loadRuleFiles, RuleLibrary } from '../rewrite/library.js';
import { checkLibrary, describeCheck, type CheckOptions, type RuleCheck } from './soundness.js';
import { constants, headInfo } from '../base/signature.js';
import { simplificationLibrary, simplify } from '../simplify/simplify.js';
import type { Limits } from '../rewrite/strategy.js';
import { add, call, div, mul, neg, num, pow, sub, sym, type Term } from '../term/term.js';
import { freeSymbols, postorder } from '../term/walk.js';

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
// Identities.

/** Options of {@link identity} and {@link checkIdentity}. */
export interface IdentityOptions {
  /** The variables to sample (default: every symbol of either side except pi and e). */
  readonly variables?: readonly string[];
  /**
   * Where to sample: one interval for every variable, or one per variable name (others get the
   * default). Default [-10, 10].
   */
  readonly domain?: readonly [number, number] | Readonly<Record<string, readonly [number, number]>>;
  /** Sample every variable in [0.001, 10] (overrides `domain`). */
  readonly positive?: boolean;
  /**
   * Relative tolerance, against the largest magnitude met while evaluating either side (so a
   * float cancellation inside a side does not fail a true identity). Default 1e-9.
   */
  readonly tolerance?: number;
}

/** Options of {@link checkIdentity}: the identity's plus fast-check's run parameters. */
export interface CheckIdentityOptions extends IdentityOptions {
  /** Default 42 (runs are reproducible). */
  readonly seed?: number;
  /** Points where both sides are defined (default 200). */
  readonly numRuns?: number;
}

/** A point where the two sides disagree, with both values (undefined where a side has none). */
export interface IdentityCounterexample {
  readonly point: Readonly<Record<string, number>>;
  readonly lhs: number | undefined;
  readonly rhs: number | undefined;
  /** One sentence: the values at the point. */
  readonly message: string;
}

/** The verdict of {@link checkIdentity}. */
export interface IdentityResult {
  readonly holds: boolean;
  /** How the verdict was reached. */
  readonly method: 'sampled' | 'symbolic';
  /** Points where both sides were defined and were compared. */
  readonly samples: number;
  /** Points skipped because neither side was defined there. */
  readonly skipped: number;
  /** The shrunk counterexample, when one was found. */
  readonly counterexample?: IdentityCounterexample;
  /** Why the identity was not confirmed when there is no counterexample (e.g. undefined everywhere). */
  readonly reason?: string;
}

/** The two sides of an identity, from `'lhs == rhs'` or given as terms. */
export type IdentitySource = string | { readonly lhs: Term; readonly rhs: Term };

/** Reads an identity; derivative forms (`d(x^3, x)`) are differentiated first. */
export function identitySides(source: IdentitySource): { lhs: Term; rhs: Term } {
  let lhs: Term;
  let rhs: Term;
  if (typeof source === 'string') {
    const s = parseStatement(source);
    if (s.kind !== 'identity')
      throw new BibunError(
        'usage',
        `expected an identity 'lhs == rhs', got ${s.kind === 'expr' ? 'an expression' : `a ${s.kind}`}`,
      );
    ({ lhs, rhs } = s);
  } else ({ lhs, rhs } = source);
  const expand = (t: Term) => (hasDerivativeForms(t) ? rewriteDerivatives(t, { raw: true }) : t);
  return { lhs: expand(lhs), rhs: expand(rhs) };
}

/** The value of `t` at `point` and the largest intermediate magnitude; undefined where any node is not finite. */
function valueAt(
  t: Term,
  point: Readonly<Record<string, number>>,
): { value: number; scale: number } | undefined {
  const values = new Map<number, number>();
  let scale = 0;
  for (const n of postorder(t)) {
    let v: number;
    if (n.kind === 'num') v = Q.toNumber(n);
    else if (n.kind === 'sym')
      v = constants.get(n.name) ?? (Object.hasOwn(point, n.name) ? point[n.name] : NaN);
    else if (n.kind === 'app')
      v = headInfo(n.head)!.numeric!(...n.args.map((a) => values.get(a.id)!));
    else v = NaN;
    // A non-finite intermediate makes the side undefined even if the end result is finite
    // (atan(1/0), NaN^0 = 1): the expression is not defined at the point.
    if (!Number.isFinite(v)) return undefined;
    if (Math.abs(v) > scale) scale = Math.abs(v);
    values.set(n.id, v);
  }
  return { value: values.get(t.id)!, scale };
}

/** The first head of `t` without a float implementation (an uninterpreted `f`), if any. */
function nonNumericHead(t: Term): string | undefined {
  for (const n of postorder(t)) {
    if (n.kind === 'app' && headInfo(n.head)?.numeric === undefined) return n.head;
    if (n.kind === 'var') return `?${n.name}`;
  }
  return undefined;
}

function intervalOf(options: IdentityOptions, name: string): readonly [number, number] {
  if (options.positive) return [0.001, 10];
  const d = options.domain;
  const iv =
    d === undefined
      ? undefined
      : Array.isArray(d)
        ? (d as readonly [number, number])
        : (d as Record<string, readonly [number, number]>)[name];
  const [lo, hi] = iv ?? [-10, 10];
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi))
    throw new BibunError('usage', `bad domain for ${name}: [${lo}, ${hi}]`);
  return [lo, hi];
}

/**
 * Points for an identity: mostly a grid of hundredths (so a shrunk counterexample reads
 * `x = 0.5`, not `x = 0.5000000000000171`), sometimes any double of the interval.
 */
function identityPoints(
  vars: readonly string[],
  options: IdentityOptions,
): fc.Arbitrary<Record<string, number>> {
  const coord = (name: string) => {
    const [lo, hi] = intervalOf(options, name);
    const grid = fc
      .integer({ min: Math.ceil(lo * 100), max: Math.floor(hi * 100) })
      .map((n) => n / 100);
    const any = fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
    return Math.ceil(lo * 100) <= Math.floor(hi * 100)
      ? fc.oneof({ arbitrary: grid, weight: 3 }, { arbitrary: any, weight: 1 })
      : any;
  };
  return fc.record(Object.fromEntries(vars.map((v) => [v, coord(v)])));
}

function showPoint(point: Readonly<Record<string, number>>): string {
  const entries = Object.entries(point);
  return entries.length === 0 ? 'no variables' : entries.map(([k, v]) => `${k} = ${v}`).join(', ');
}

type Comparison =
  | { kind: 'agree' }
  | { kind: 'undefined' }
  | { kind: 'differ'; lhs: number | undefined; rhs: number | undefined; message: string };

function comparer(
  lhs: Term,
  rhs: Term,
  tolerance: number,
): (p: Readonly<Record<string, number>>) => Comparison {
  const l = toInfix(lhs, 10_000n);
  const r = toInfix(rhs, 10_000n);
  return (p) => {
    const a = valueAt(lhs, p);
    const b = valueAt(rhs, p);
    if (a === undefined && b === undefined) return { kind: 'undefined' };
    if (
      a !== undefined &&
      b !== undefined &&
      Math.abs(a.value - b.value) <= tolerance * (1 + Math.max(a.scale, b.scale))
    )
      return { kind: 'agree' };
    const show = (v: { value: number } | undefined) =>
      v === undefined ? 'undefined' : String(v.value);
    return {
      kind: 'differ',
      lhs: a?.value,
      rhs: b?.value,
      message: `at ${showPoint(p)}: ${l} = ${show(a)} but ${r} = ${show(b)}`,
    };
  };
}

function prepare(source: IdentitySource, options: IdentityOptions) {
  const { lhs, rhs } = identitySides(source);
  const bad = nonNumericHead(lhs) ?? nonNumericHead(rhs);
  const vars = options.variables ?? [...new Set([...freeSymbols(lhs), ...freeSymbols(rhs)])].sort();
  const compare = comparer(lhs, rhs, options.tolerance ?? 1e-9);
  return { lhs, rhs, bad, vars, compare };
}

/**
 * A fast-check property stating an identity at random points (see the module comment for how
 * domain errors count). The property throws an Error naming the point and both values when the
 * sides differ.
 *
 * @throws BibunError when a side has no numeric meaning (an uninterpreted function).
 * @example fc.assert(identity('sin(2x) == 2sin(x)cos(x)'), { seed: 42 })
 */
export function identity(
  source: IdentitySource,
  options: IdentityOptions = {},
): fc.IPropertyWithHooks<[Record<string, number>]> {
  const { bad, vars, compare } = prepare(source, options);
  if (bad !== undefined)
    throw new BibunError('usage', `cannot test at points: ${bad} has no numeric meaning`);
  return fc.property(identityPoints(vars, options), (p) => {
    const c = compare(p);
    fc.pre(c.kind !== 'undefined');
    if (c.kind === 'differ') throw new Error(c.message);
  });
}

/**
 * Runs an identity to a verdict: `holds`, or the shrunk counterexample. Identities over
 * uninterpreted functions cannot be sampled; they hold when both sides simplify to the same term
 * (`method: 'symbolic'`) and are otherwise refused.
 *
 * @example checkIdentity('sin(2x) == 2sin(x)').counterexample?.message
 */
export function checkIdentity(
  source: IdentitySource,
  options: CheckIdentityOptions = {},
): IdentityResult {
  const { lhs, rhs, bad, vars, compare } = prepare(source, options);
  if (bad !== undefined) {
    if (lhs === rhs || simplify(lhs) === simplify(rhs))
      return { holds: true, method: 'symbolic', samples: 0, skipped: 0 };
    throw new BibunError(
      'usage',
      `cannot test at points: ${bad} has no numeric meaning (and the sides do not simplify to the same term)`,
    );
  }
  const prop = fc.property(identityPoints(vars, options), (p) => {
    const c = compare(p);
    fc.pre(c.kind !== 'undefined');
    return c.kind === 'agree';
  });
  const numRuns = options.numRuns ?? 200;
  const d = fc.check(prop, { seed: options.seed ?? 42, numRuns });
  if (!d.failed) return { holds: true, method: 'sampled', samples: d.numRuns, skipped: d.numSkips };
  if (d.counterexample === null) {
    return {
      holds: false,
      method: 'sampled',
      samples: d.numRuns,
      skipped: d.numSkips,
      reason: `neither side is defined at ${d.numRuns === 0 ? 'any' : 'almost every'} sampled point (${d.numSkips} skipped, ${d.numRuns} compared)`,
    };
  }
  const [point] = d.counterexample;
  const c = compare(point);
  const ce: IdentityCounterexample =
    c.kind === 'differ'
      ? { point, lhs: c.lhs, rhs: c.rhs, message: c.message }
      : { point, lhs: undefined, rhs: undefined, message: `at ${showPoint(point)}` };
  return {
    holds: false,
    method: 'sampled',
    samples: d.numRuns,
    skipped: d.numSkips,
    counterexample: ce,
  };
}

// ---------------------------------------------------------------------------------------------
// Rules.

/** The verdict of {@link ruleSoundness}. */
export interface SoundnessReport {
  /** True when no rule is unsound. */
  readonly sound: boolean;
  /** One verdict per rule (sound, unsound with a counterexample, or skipped with a note). */
  readonly checks: readonly RuleCheck[];
  /** One line per unsound rule: file:line:column, the rule, the instance and the two values. */
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
  return { sound: unsound.length === 0, checks, failures: unsound.map(describeCheck) };
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
