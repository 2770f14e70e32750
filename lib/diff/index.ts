/**
 * Differentiation: the entry points. Seven methods read one partials table
 * (rules/derivatives.rules, plus a user's own lines):
 *
 * | method    | gives   | how |
 * |-----------|---------|-----|
 * | `tree`    | a term  | chain rule without memoisation (shows expression swell; budgeted) |
 * | `dag`     | a term  | chain rule memoised per shared node |
 * | `graph`   | a term  | differentiation graph, sum over paths by dynamic programming |
 * | `dstar`   | a term  | the graph factored with dominator trees, then summed (the default) |
 * | `forward` | numbers | forward-mode AD, one sweep per input |
 * | `reverse` | numbers | reverse-mode AD, one sweep per output |
 * | `numeric` | numbers | central differences |
 *
 * `nthDerivative` (and `d(f, x, n)`) for n ≥ 2 uses none of them: Taylor mode
 * (lib/diff/taylor-mode.ts) propagates truncated series through the DAG, reading the same table.
 *
 * Results are raw terms unless the caller passes a `simplify` function (lib/commands.ts
 * simplifies under the caller's budgets itself); `raw: true` skips it.
 */
import { BibunError } from '../base/errors.js';
import type { Environment } from '../term/evaluate.js';
import { evaluate } from '../term/evaluate.js';
import { add, isApp, list, mul, sym, type Sym, type Term } from '../term/term.js';
import { shown } from '../term/print.js';
import { mapBottomUp, postorder, withArgs } from '../term/walk.js';
import { centralDifferences, forwardMode, reverseMode } from './ad.js';
import { dagDerivatives } from './dag.js';
import { dstarJacobian, type FactorStats } from './dstar.js';
import { graphJacobian } from './graph.js';
import { defaultPartials, type PartialsTable } from './partials.js';
import { maxTaylorOrder, taylorDerivative } from './taylor-mode.js';
import { treeDerivative } from './tree.js';
import { jvpTerms, vjpTerms } from './products.js';
import { hessianSparsity, jacobianSparsity, type SparsityPattern } from './sparsity.js';

export { denseLimit, patternTerm, type SparsityPattern } from './sparsity.js';
import { Budget, defaultLimits, withBudget } from '../base/budget.js';

export { countOps, type OpCounts } from './ops.js';
export {
  maxTaylorOrder,
  type Series,
  type TaylorOptions,
  taylorCoefficients,
  taylorDerivative,
} from './taylor-mode.js';
export { defaultPartials, partialsFromText, partialsTable, PartialsTable } from './partials.js';
export { centralDifferences, forwardMode, reverseMode } from './ad.js';
export type { FactorStats } from './dstar.js';

/** Default wall-clock budget of one differentiation, in milliseconds (as rewriting's). */
export const defaultDiffTimeMs = defaultLimits.maxTimeMs;

/** Methods whose result is a term. */
export type SymbolicMethod = 'tree' | 'dag' | 'graph' | 'dstar';
/** Methods whose result is numbers at a point. */
export type NumericMethod = 'forward' | 'reverse' | 'numeric';
/** Any differentiation method. */
export type Method = SymbolicMethod | NumericMethod;

/** The symbolic methods, in the order of the story: swell, sharing, graph, factoring. */
export const symbolicMethods: readonly SymbolicMethod[] = ['tree', 'dag', 'graph', 'dstar'];
/** The numeric methods. */
export const numericMethods: readonly NumericMethod[] = ['forward', 'reverse', 'numeric'];
/** All seven methods. */
export const methods: readonly Method[] = [...symbolicMethods, ...numericMethods];

/** Options of the symbolic entry points. */
export interface DiffOptions {
  /** Default `dstar`. */
  readonly method?: SymbolicMethod;
  /** Default: the shipped table, {@link defaultPartials}. */
  readonly table?: PartialsTable;
  /** Applied to each result; none by default. */
  readonly simplify?: (t: Term) => Term;
  /** Skip `simplify` (see the graph's raw path sums). */
  readonly raw?: boolean;
  /** Node-visit budget of the `tree` method. */
  readonly treeBudget?: number;
  /** Filled with what dstar's factoring did. */
  readonly stats?: FactorStats;
  /** Wall-clock budget in milliseconds (default {@link defaultDiffTimeMs}; Infinity: none). */
  readonly maxTimeMs?: number;
}

function finish(t: Term, o: DiffOptions): Term {
  return o.raw || o.simplify === undefined ? t : o.simplify(t);
}

/** A variable given as a name or a symbol term. */
export type Variable = string | Term;

function asSym(v: Variable): Sym {
  const t = typeof v === 'string' ? sym(v) : v;
  if (t.kind !== 'sym' || t.name === 'pi' || t.name === 'e') {
    throw new BibunError(
      'usage',
      `can only differentiate with respect to a variable, not ${typeof v === 'string' ? v : shown(t)}`,
    );
  }
  return t;
}

function entries(fs: Term | readonly Term[]): readonly Term[] {
  if (Array.isArray(fs)) return fs as readonly Term[];
  const t = fs as Term;
  return isApp(t, 'list') ? t.args : [t];
}

/**
 * The raw Jacobian `J[r][k] = ∂fs[r]/∂vars[k]` by a symbolic method; every method reads `table`.
 */
export function symbolicJacobian(
  fs: readonly Term[],
  vars: readonly Variable[],
  o: DiffOptions = {},
): Term[][] {
  // The methods are loops over the DAG or the graph that poll the budget in force (pollBudget)
  // once per node or factoring step; a run out of time throws BudgetExceeded (kind `limit`).
  const budget = new Budget({ maxTimeMs: o.maxTimeMs ?? defaultDiffTimeMs });
  return withBudget(budget, () => jacobianOf(fs, vars, o));
}

function jacobianOf(fs: readonly Term[], vars: readonly Variable[], o: DiffOptions): Term[][] {
  const xs = vars.map(asSym);
  const table = o.table ?? defaultPartials();
  for (const f of fs)
    if (isApp(f, 'list'))
      throw new BibunError(
        'usage',
        'nested lists cannot be differentiated; use jacobian on a flat list',
      );
  switch (o.method ?? 'dstar') {
    case 'tree':
      return fs.map((f) => xs.map((x) => treeDerivative(f, x, table, o.treeBudget)));
    case 'dag': {
      const cols = xs.map((x) => dagDerivatives(fs, x, table));
      return fs.map((_, r) => cols.map((c) => c[r]));
    }
    case 'graph':
      return graphJacobian(fs, xs, table);
    case 'dstar':
      return dstarJacobian(fs, xs, table, o.stats);
    default:
      throw new BibunError(
        'usage',
        `unknown symbolic method ${String(o.method)}; use one of ${symbolicMethods.join(', ')}`,
      );
  }
}

/**
 * ∂f/∂x (elementwise for a list). Default method `dstar`.
 *
 * @example diff(parse('(4 + sin(x))*cos(sin(x))'), 'x') // (cos(sin(x)) - (4 + sin(x))*sin(sin(x)))*cos(x)
 */
export function diff(f: Term, x: Variable, o: DiffOptions = {}): Term {
  const fs = entries(f);
  const col = symbolicJacobian(fs, [x], o).map((row) => finish(row[0], o));
  return isApp(f, 'list') ? list(...col) : col[0];
}

/**
 * The n-th derivative ∂ⁿf/∂xⁿ (0 ≤ n ≤ {@link maxTaylorOrder}): `diff` for n = 1, Taylor mode for
 * n ≥ 2 (n!·c_n of f's series about x, propagated once through the DAG: O(n² · dagSize), where
 * differentiating n times grows exponentially on the sin·cos chain). The table applies to both;
 * `simplify`, when given, is applied to the result.
 *
 * @throws BibunError `usage` for an order that is not an integer from 0 to {@link maxTaylorOrder}.
 * @example nthDerivative(parse('sin(x)'), 'x', 3) // -cos(x), unsimplified
 */
export function nthDerivative(f: Term, x: Variable, n: number, o: DiffOptions = {}): Term {
  if (!Number.isInteger(n) || n < 0 || n > maxTaylorOrder)
    throw new BibunError(
      'usage',
      `derivative order must be an integer from 0 to ${maxTaylorOrder}, got ${n}`,
    );
  if (n === 0) return f;
  if (n === 1) return diff(f, x, o);
  const v = asSym(x);
  for (const t of entries(f))
    if (isApp(t, 'list'))
      throw new BibunError(
        'usage',
        'nested lists cannot be differentiated; use jacobian on a flat list',
      );
  const table = o.table ?? defaultPartials();
  const col = budgeted(o, () => entries(f).map((t) => taylorDerivative(t, v, n, { table })));
  const out = col.map((t) => finish(t, o));
  return isApp(f, 'list') ? list(...out) : out[0];
}

/** ∇f = [∂f/∂x₁, …]: one shared factoring for all variables with dstar. */
export function gradient(f: Term, vars: readonly Variable[], o: DiffOptions = {}): Term[] {
  return symbolicJacobian([f], vars, o)[0].map((t) => finish(t, o));
}

/** The Jacobian of a vector function (a list term or an array of terms). */
export function jacobian(
  fs: Term | readonly Term[],
  vars: readonly Variable[],
  o: DiffOptions = {},
): Term[][] {
  return symbolicJacobian(entries(fs), vars, o).map((row) => row.map((t) => finish(t, o)));
}

/** The Hessian: the Jacobian of the gradient. */
export function hessian(f: Term, vars: readonly Variable[], o: DiffOptions = {}): Term[][] {
  return jacobian(gradient(f, vars, o), vars, o);
}

/** The directional derivative ∇f · direction. */
export function directionalDerivative(
  f: Term,
  vars: readonly Variable[],
  direction: readonly Term[],
  o: DiffOptions = {},
): Term {
  if (direction.length !== vars.length) {
    throw new BibunError(
      'usage',
      `direction has ${direction.length} components for ${vars.length} variables`,
    );
  }
  const g = symbolicJacobian([f], vars, o)[0];
  return finish(add(...g.map((gi, i) => mul(gi, direction[i]))), o);
}

function budgeted<T>(o: DiffOptions, f: () => T): T {
  return withBudget(new Budget({ maxTimeMs: o.maxTimeMs ?? defaultDiffTimeMs }), f);
}

/**
 * The Jacobian–vector product J·v (one forward sweep along v, no dense Jacobian): a list for a
 * list `fs`, one term for one expression.
 *
 * @example jvp(parse('[x*y, sin(x)]'), ['x', 'y'], [ONE, ZERO]) // [y, cos(x)]
 * @throws BibunError `usage` when `v` does not have one component per variable.
 */
export function jvp(
  fs: Term | readonly Term[],
  vars: readonly Variable[],
  v: readonly Term[],
  o: DiffOptions = {},
): Term[] {
  const xs = vars.map(asSym);
  const roots = flatEntries(fs, 'jvp');
  return budgeted(o, () => jvpTerms(roots, xs, v, o.table ?? defaultPartials())).map((t) =>
    finish(t, o),
  );
}

/**
 * The vector–Jacobian product wᵀJ (one reverse sweep seeded with w): one term per variable.
 *
 * @throws BibunError `usage` when `w` does not have one component per output.
 */
export function vjp(
  fs: Term | readonly Term[],
  vars: readonly Variable[],
  w: readonly Term[],
  o: DiffOptions = {},
): Term[] {
  const xs = vars.map(asSym);
  const roots = flatEntries(fs, 'vjp');
  return budgeted(o, () => vjpTerms(roots, xs, w, o.table ?? defaultPartials())).map((t) =>
    finish(t, o),
  );
}

/**
 * The Hessian–vector product H·v of one expression: the jvp of its gradient along v (the
 * gradient by dstar, then one forward sweep; the Hessian is never built).
 *
 * @throws BibunError `usage` for a list `f` or a `v` of the wrong length.
 */
export function hvp(
  f: Term,
  vars: readonly Variable[],
  v: readonly Term[],
  o: DiffOptions = {},
): Term[] {
  if (isApp(f, 'list'))
    throw new BibunError('usage', 'hvp takes one expression, not a list; use jvp of a jacobian');
  const xs = vars.map(asSym);
  return budgeted(o, () => {
    const g = jacobianOf([f], xs, o)[0];
    return jvpTerms(g, xs, v, o.table ?? defaultPartials(), 'hvp');
  }).map((t) => finish(t, o));
}

/**
 * The sparsity pattern (no differentiation, no dense zeros): of the Jacobian for a list `fs`
 * (one row per output), of the Hessian for one expression.
 *
 * @example sparsity(parse('[x*y, sin(z)]'), ['x', 'y', 'z']).entries // [[0, 0], [0, 1], [1, 2]]
 */
export function sparsity(
  fs: Term | readonly Term[],
  vars: readonly Variable[],
  o: Pick<DiffOptions, 'maxTimeMs'> = {},
): SparsityPattern {
  const xs = vars.map(asSym);
  const isList = Array.isArray(fs) || isApp(fs as Term, 'list');
  return budgeted(o, () =>
    isList ? jacobianSparsity(entries(fs), xs) : hessianSparsity(fs as Term, xs),
  );
}

function flatEntries(fs: Term | readonly Term[], head: string): readonly Term[] {
  const roots = entries(fs);
  for (const f of roots)
    if (isApp(f, 'list'))
      throw new BibunError('usage', `${head} takes a flat list of outputs, not nested lists`);
  return roots;
}

/**
 * `J[r][k]` as numbers at `point` by any of the seven methods (symbolic results are evaluated
 * there). This is what the cross-method tests and benchmarks compare.
 */
export function derivativeValues(
  fs: Term | readonly Term[],
  vars: readonly Variable[],
  point: Environment,
  method: Method,
  o: Omit<DiffOptions, 'method'> = {},
): number[][] {
  const roots = entries(fs);
  const xs = vars.map(asSym);
  const table = o.table ?? defaultPartials();
  switch (method) {
    case 'forward':
      return forwardMode(roots, xs, point, table);
    case 'reverse':
      return reverseMode(roots, xs, point, table);
    case 'numeric':
      return centralDifferences(roots, xs, point);
    default:
      return symbolicJacobian(roots, xs, { ...o, method }).map((row) =>
        row.map((t) => evaluate(finish(t, o), point)),
      );
  }
}

/**
 * Rewrites every derivative form in `t`, innermost first, to its result: `d(f, x)`,
 * `d(f, x, n)` (n-th derivative), SymPy's `diff(f, x)`, `diff(f, x, n)`, `diff(f, x, y, ...)`,
 * `grad(f, [x, y])`, `jacobian([f, g], [x, y])`, `hessian(f, [x, y])`, `jvp(f, [x, y], [v1, v2])`
 * (a list for a list f), `vjp(fs, [x, y], [w1, ...])`, `hvp(f, [x, y], [v1, v2])` (these give
 * lists). This is the `dstar` built-in strategy when the method is dstar; it fails (returns the
 * term unchanged) where there is nothing to rewrite.
 *
 * @throws BibunError `usage` for a malformed form (`d(f)`, `d(f, 2)`, `grad(f, x)`).
 */
export function rewriteDerivatives(t: Term, o: DiffOptions = {}): Term {
  return mapBottomUp(t, (node, args) => {
    const n = withArgs(node, args);
    if (!isApp(n)) return n;
    switch (n.head) {
      case 'd': {
        if (n.args.length < 2 || n.args.length > 3)
          throw new BibunError('usage', 'd takes (f, x) or (f, x, n)');
        const order = n.args.length === 3 ? derivativeOrder(n.args[2], 'd(f, x, n)') : 1;
        return nthDerivative(n.args[0], n.args[1], order, o);
      }
      case 'diff':
        return sympyDiff(n.args, o);
      case 'grad':
        return list(...gradient(n.args[0], varList(n.args, 'grad'), o));
      case 'jacobian':
        return list(
          ...jacobian(n.args[0], varList(n.args, 'jacobian'), o).map((row) => list(...row)),
        );
      case 'hessian':
        return list(
          ...hessian(n.args[0], varList(n.args, 'hessian'), o).map((row) => list(...row)),
        );
      case 'jvp':
      case 'vjp':
      case 'hvp':
        return productForm(n.head, n.args, o);
      default:
        return n;
    }
  });
}

/** The n of `d(f, x, n)`: an integer from 0 to maxTaylorOrder. */
function derivativeOrder(order: Term, form: string): number {
  if (
    order.kind === 'num' &&
    order.den === 1n &&
    order.num >= 0n &&
    order.num <= BigInt(maxTaylorOrder)
  )
    return Number(order.num);
  throw new BibunError(
    'usage',
    `the order of ${form} must be an integer from 0 to ${maxTaylorOrder}, got ${String(order)}`,
  );
}

/**
 * SymPy's spelling: `diff(f, x)`, `diff(f, x, n)`, and several variables in turn, each with an
 * optional count: `diff(f, x, y)` is ∂²f/∂x∂y, `diff(f, x, 2, y)` is ∂³f/∂x²∂y.
 */
function sympyDiff(args: readonly Term[], o: DiffOptions): Term {
  const usage =
    'diff takes (f, x), (f, x, n) or (f, x, y, ...), each variable with an optional count';
  if (args.length < 2 || args[1].kind === 'num') throw new BibunError('usage', usage);
  let f = args[0];
  for (let i = 1; i < args.length; i++) {
    const x = args[i];
    if (x.kind === 'num') throw new BibunError('usage', usage);
    const next = args[i + 1];
    const count = next?.kind === 'num' ? derivativeOrder(next, 'diff(f, x, n)') : 1;
    if (next?.kind === 'num') i++;
    f = nthDerivative(f, x, count, o);
  }
  return f;
}

function productForm(head: 'jvp' | 'vjp' | 'hvp', args: readonly Term[], o: DiffOptions): Term {
  const vec = head === 'vjp' ? 'w' : 'v';
  if (args.length !== 3 || !isApp(args[1], 'list') || !isApp(args[2], 'list'))
    throw new BibunError('usage', `${head} takes (f, [x, y, ...], [${vec}1, ${vec}2, ...])`);
  const [f, xs, w] = [args[0], [...args[1].args], [...args[2].args]];
  if (head === 'hvp') return list(...hvp(f, xs, w, o));
  if (head === 'vjp') return list(...vjp(f, xs, w, o));
  const r = jvp(f, xs, w, o);
  return isApp(f, 'list') ? list(...r) : r[0];
}

function varList(args: readonly Term[], head: string): Term[] {
  if (args.length !== 2 || !isApp(args[1], 'list'))
    throw new BibunError('usage', `${head} takes (f, [x, y, ...])`);
  return [...args[1].args];
}

/** True when `t` contains a derivative form that {@link rewriteDerivatives} would rewrite. */
export function hasDerivativeForms(t: Term): boolean {
  return postorder(t).some((n) => isApp(n) && DERIVATIVE_HEADS.has(n.head));
}

/** The heads of the derivative forms (`d(f, x)`, `grad(f, [x, y])`, ...). */
export const DERIVATIVE_HEADS: ReadonlySet<string> = new Set([
  'd',
  'diff',
  'grad',
  'jacobian',
  'hessian',
  'jvp',
  'vjp',
  'hvp',
]);
