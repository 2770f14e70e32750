/**
 * The `tree` method: the textbook chain rule, d(f(u₁…uₙ)) = Σᵢ ∂f/∂uᵢ · d(uᵢ), applied with no
 * memoisation, so a node shared by k parents is differentiated k times and the work grows with
 * the expression's tree size, not its DAG size. It exists to show expression swell; it is
 * guarded by a budget of visited nodes and fails with a clear `limit` error past it.
 *
 * The walk uses an explicit stack of frames instead of recursion, so depth is not a problem.
 */
import { BibunError } from '../base/errors.js';
import { ONE, ZERO, type App, type Sym, type Term } from '../term/term.js';
import { force, sumOfProducts, type Lazy } from './lazy.js';
import { postorder } from '../term/walk.js';
import type { PartialsTable } from './partials.js';
import { pollBudget } from '../base/budget.js';

/** Default budget of node visits for the tree method. */
export const DEFAULT_TREE_BUDGET = 1_000_000;

interface Frame {
  readonly node: App;
  i: number;
  readonly terms: [Term, Lazy][];
}

/**
 * ∂f/∂x by the unmemoised chain rule.
 *
 * @throws BibunError `limit` when more than `budget` nodes would be visited (the tree size of
 * the part of `f` that depends on `x` is larger than the budget).
 */
export function treeDerivative(
  f: Term,
  x: Sym,
  table: PartialsTable,
  budget = DEFAULT_TREE_BUDGET,
): Term {
  // Which nodes depend on x is a DAG property, computed once; the textbook rule d(c) = 0 for a
  // constant subterm needs exactly this test.
  const dep = new Set<number>();
  for (const t of postorder(f)) {
    if (t === x || (t.kind === 'app' && t.args.some((a) => dep.has(a.id)))) dep.add(t.id);
  }
  if (f === x) return ONE;
  if (!dep.has(f.id)) return ZERO;
  let visits = 1;
  const frames: Frame[] = [{ node: f as App, i: 0, terms: [] }];
  let result: Lazy | undefined;
  while (frames.length > 0) {
    pollBudget();
    const fr = frames[frames.length - 1];
    if (result !== undefined) {
      // The derivative of argument fr.i has just been computed.
      if (result !== ZERO) fr.terms.push([table.partial(fr.node, fr.i), result]);
      result = undefined;
      fr.i++;
    }
    let descended = false;
    while (fr.i < fr.node.args.length) {
      const a = fr.node.args[fr.i];
      if (!dep.has(a.id)) {
        fr.i++;
        continue;
      }
      if (++visits > budget) {
        throw new BibunError(
          'limit',
          `the tree method would visit more than ${budget} nodes (tree size ${f.treeSize}); use --method dag or dstar`,
        );
      }
      if (a === x) {
        fr.terms.push([table.partial(fr.node, fr.i), ONE]);
        fr.i++;
        continue;
      }
      frames.push({ node: a as App, i: 0, terms: [] });
      descended = true;
      break;
    }
    if (descended) continue;
    frames.pop();
    result = sumOfProducts(fr.terms);
  }
  return force(result!);
}
