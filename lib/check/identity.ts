/**
 * Identity checks: `lhs == rhs` tested at points of the grid (lib/check/grid.ts) with the one
 * numeric comparison (lib/check/numeric.ts). {@link identity} is a fast-check property,
 * {@link checkIdentity} runs it to a verdict (what `bibun check` and `:check` print).
 *
 * ## Domain convention
 *
 * An identity is compared where **both** sides are defined: `exp(log(x)) == x` and
 * `sqrt(x)^2 == x` hold, as simplify's `exp(log(x)) → x` promises (simplify preserves the value
 * wherever its input is defined and may extend the domain). With `strict: true` the domains must
 * be equal too: a point where exactly one side is defined is a counterexample. Points where a side
 * is undefined (or where float error, not the identity, decides) are skipped; when (almost) every
 * point is skipped the identity is not confirmed, so two functions undefined everywhere never
 * "agree". A counterexample is confirmed by exact or interval evaluation before it is reported.
 *
 * Identities over uninterpreted functions cannot be sampled: they hold when both sides simplify
 * to the same term (`method: 'symbolic'`), under the same convention — and under `strict` only
 * when simplifying cannot have changed a domain (both sides total: no division, log, sqrt, ...).
 */
import { evaluateCalls } from '../cas/functions.js';
import fc from 'fast-check';
import { BibunError } from '../base/errors.js';
import { headInfo } from '../base/signature.js';
import { hasDerivativeForms, rewriteDerivatives } from '../diff/index.js';
import { simplify } from '../simplify/simplify.js';
import { parseStatement } from '../syntax/parse.js';
import { toInfix } from '../term/print.js';
import type { Term } from '../term/term.js';
import { freeSymbols, postorder } from '../term/walk.js';
import { gridPoints, type SamplingOptions, specialPoints } from './grid.js';
import { compareAt, type DomainMode, type Point } from './numeric.js';

/** Options of {@link identity} and {@link checkIdentity}. */
export interface IdentityOptions extends SamplingOptions {
  /**
   * The variables that may occur (default: every symbol of either side except pi and e). A symbol
   * of the identity that is not listed is a usage error; points list only the identity's own.
   */
  readonly variables?: readonly string[];
  /** Also require equal domains (`bibun check --strict`); see the module comment. */
  readonly strict?: boolean;
  /**
   * Applied to both sides first: e.g. a session's rules, so `twice(x) == 2x` is checked after
   * `dbl: twice(?a) -> 2*?a` has rewritten `twice(x)`.
   */
  readonly rewrite?: (t: Term) => Term;
}

/** Options of {@link checkIdentity}: the identity's plus the run's. */
export interface CheckIdentityOptions extends IdentityOptions {
  /** Default 42 (runs are reproducible). */
  readonly seed?: number;
  /** Points where both sides were compared (default 200), after the special points. */
  readonly runs?: number;
  /** The same as `runs` (its earlier name). */
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
  /** Points where both sides were compared. */
  readonly samples: number;
  /** Points skipped: a side undefined there (as the domain convention says), or inconclusive. */
  readonly skipped: number;
  /** The shrunk, confirmed counterexample, when one was found. */
  readonly counterexample?: IdentityCounterexample;
  /** Why the identity was not confirmed when there is no counterexample. */
  readonly reason?: string;
}

/** The two sides of an identity, from `'lhs == rhs'` or given as terms. */
export type IdentitySource = string | { readonly lhs: Term; readonly rhs: Term };

/**
 * Reads an identity; `rewrite` (if given) is applied to both sides, then derivative forms
 * (`d(x^3, x)`) are differentiated.
 */
export function identitySides(
  source: IdentitySource,
  rewrite?: (t: Term) => Term,
): { lhs: Term; rhs: Term } {
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
  // The functions that compute (subs, solve, factor, series, ...) are computed before sampling:
  // they have no float meaning of their own, but their results do.
  const expand = (t: Term) => {
    const r = rewrite ? rewrite(t) : t;
    return evaluateCalls(hasDerivativeForms(r) ? rewriteDerivatives(r, { raw: true }) : r).term;
  };
  return { lhs: expand(lhs), rhs: expand(rhs) };
}

/** The first head of `t` without a float implementation (an uninterpreted `f`), if any. */
function nonNumericHead(t: Term): string | undefined {
  for (const n of postorder(t)) {
    if (n.kind === 'app' && headInfo(n.head)?.numeric === undefined) return n.head;
    if (n.kind === 'var') return `?${n.name}`;
  }
  return undefined;
}

/** Functions defined on the whole real line (uninterpreted ones are taken to be). */
const total = new Set([
  '+',
  '*',
  'sin',
  'cos',
  'atan',
  'sinh',
  'cosh',
  'tanh',
  'asinh',
  'exp',
  'abs',
]);

/** True when every node of `t` is defined everywhere: simplifying it cannot change its domain. */
function isTotal(t: Term): boolean {
  for (const n of postorder(t)) {
    if (n.kind !== 'app') continue;
    if (n.head === '^') {
      const k = n.args[1];
      if (!(k.kind === 'num' && k.den === 1n && k.num >= 0n)) return false;
    } else if (headInfo(n.head)?.numeric !== undefined && !total.has(n.head)) return false;
  }
  return true;
}

function showPoint(point: Point): string {
  const entries = Object.entries(point);
  return entries.length === 0 ? 'no variables' : entries.map(([k, v]) => `${k} = ${v}`).join(', ');
}

function prepare(source: IdentitySource, options: IdentityOptions) {
  const { lhs, rhs } = identitySides(source, options.rewrite);
  const bad = nonNumericHead(lhs) ?? nonNumericHead(rhs);
  const vars = [...new Set([...freeSymbols(lhs), ...freeSymbols(rhs)])].sort();
  if (options.variables !== undefined) {
    const missing = vars.find((v) => !options.variables!.includes(v));
    if (missing !== undefined)
      throw new BibunError(
        'usage',
        `${missing} occurs in the identity but is not a variable to sample`,
      );
  }
  const mode: DomainMode = options.strict ? 'equal' : 'both';
  const l = toInfix(lhs, 10_000n);
  const r = toInfix(rhs, 10_000n);
  const describe = (p: Point, a: number | undefined, b: number | undefined) => {
    const show = (v: number | undefined) => (v === undefined ? 'undefined' : String(v));
    return `at ${showPoint(p)}: ${l} = ${show(a)} but ${r} = ${show(b)}`;
  };
  return { lhs, rhs, bad, vars, mode, describe };
}

/**
 * A fast-check property stating an identity at points of the grid (see the module comment). The
 * property throws an Error naming the point and both values when the sides differ.
 *
 * @throws BibunError when a side has no numeric meaning (an uninterpreted function).
 * @example fc.assert(identity('sin(2x) == 2sin(x)cos(x)'), { seed: 42 })
 */
export function identity(
  source: IdentitySource,
  options: IdentityOptions = {},
): fc.IPropertyWithHooks<[Record<string, number>]> {
  const { lhs, rhs, bad, vars, mode, describe } = prepare(source, options);
  if (bad !== undefined)
    throw new BibunError('usage', `cannot test at points: ${bad} has no numeric meaning`);
  return fc.property(gridPoints(vars, options), (p) => {
    const c = compareAt(lhs, rhs, p, mode);
    fc.pre(c.kind !== 'skip');
    if (c.kind === 'differ') throw new Error(describe(p, c.lhs, c.rhs));
  });
}

/** The symbolic verdict for sides that cannot be sampled. */
function symbolic(lhs: Term, rhs: Term, bad: string, strict: boolean): IdentityResult {
  const base = { method: 'symbolic', samples: 0, skipped: 0 } as const;
  if (lhs === rhs) return { ...base, holds: true };
  if (simplify(lhs) !== simplify(rhs))
    throw new BibunError(
      'usage',
      `cannot test at points: ${bad} has no numeric meaning (and the sides do not simplify to the same term)`,
    );
  if (!strict || (isTotal(lhs) && isTotal(rhs))) return { ...base, holds: true };
  return {
    ...base,
    holds: false,
    reason: `the sides simplify to the same term, but simplifying may have changed a domain, and ${bad} cannot be sampled (strict)`,
  };
}

/**
 * Runs an identity to a verdict: `holds`, or a shrunk counterexample on the grid, confirmed by
 * exact or interval evaluation. The special points (0, ±1, 2, ... and their combinations) are
 * tried first, then `runs` random grid points (default 200) compared.
 *
 * @example checkIdentity('sin(2x) == 2sin(x)').counterexample?.message
 * @example checkIdentity('exp(log(x)) == x').holds // true; with { strict: true } false
 */
export function checkIdentity(
  source: IdentitySource,
  options: CheckIdentityOptions = {},
): IdentityResult {
  const { lhs, rhs, bad, vars, mode, describe } = prepare(source, options);
  if (bad !== undefined) return symbolic(lhs, rhs, bad, options.strict === true);
  const prop = fc.property(gridPoints(vars, options), (p) => {
    const c = compareAt(lhs, rhs, p, mode);
    fc.pre(c.kind !== 'skip');
    return c.kind === 'agree';
  });
  const numRuns = Math.max(1, options.runs ?? options.numRuns ?? 200);
  const examples = specialPoints(vars, options).map((p) => [p] as [Record<string, number>]);
  const d = fc.check(prop, { seed: options.seed ?? 42, numRuns, examples });
  const counts = { method: 'sampled', samples: d.numRuns, skipped: d.numSkips } as const;
  if (!d.failed) return { ...counts, holds: true };
  if (d.counterexample === null) {
    return {
      ...counts,
      holds: false,
      reason: `the sides are not both defined at ${d.numRuns === 0 ? 'any' : 'almost every'} sampled point (${d.numSkips} skipped, ${d.numRuns} compared)`,
    };
  }
  const [point] = d.counterexample;
  const c = compareAt(lhs, rhs, point, mode);
  const values =
    c.kind === 'differ' ? { lhs: c.lhs, rhs: c.rhs } : { lhs: undefined, rhs: undefined };
  return {
    ...counts,
    holds: false,
    counterexample: { point, ...values, message: describe(point, values.lhs, values.rhs) },
  };
}
