/**
 * `simplify`: the `simplify` strategy of rules/simplify/*.rules applied within budgets.
 *
 * Contract (property-tested in spec/simplify.spec.ts): the result has the same value as the input
 * wherever the input is defined, is never larger (treeSize), and simplifying it again changes
 * nothing. The rules are written to shrink or keep size; the polynomial expansion of the result
 * is tried as a second candidate and kept when it simplifies to something smaller; as a last
 * line of defence a result larger than the input is discarded and the input returned.
 */
import { BibunError } from '../base/errors.js';
import { loadRuleFiles, type RuleLibrary, shippedRulesDir } from '../rewrite/library.js';
import type { RunOptions, RunResult } from '../rewrite/strategy.js';
import type { Term } from '../term/term.js';
import { expandTerm } from '../rewrite/expand.js';
import { join } from 'node:path';

let standard: RuleLibrary | undefined;

/** The shipped simplification rules (rules/simplify/), loaded once. */
export function simplificationLibrary(): RuleLibrary {
  standard ??= loadRuleFiles([join(shippedRulesDir(), 'simplify')]);
  return standard;
}

/** Options of {@link simplify}. */
export interface SimplifyOptions extends RunOptions {
  /** A library with a `simplify` strategy (default: the shipped one). */
  readonly library?: RuleLibrary;
  /** Another strategy name or expression of that library. */
  readonly strategy?: string;
}

/**
 * Simplifies within budgets and reports how the run ended (the budgets' stop reason, steps,
 * trace).
 */
export function simplifyRun(t: Term, options: SimplifyOptions = {}): RunResult {
  const lib = options.library ?? simplificationLibrary();
  return bestOf(t, (u) => lib.run(options.strategy ?? 'simplify', u, options));
}

/**
 * Runs a simplifier on `t` and, as a second candidate, on the polynomial expansion of its
 * result; keeps the smaller result (tree size, then DAG size; the first on a tie, so
 * simplifying twice changes nothing). `(x + 1)^2 - (x^2 + 2*x + 1)` only simplifies to 0 once
 * expanded; `(x + 1)^10` stays factored because its expansion is larger. A result larger than
 * `t` itself is never returned.
 */
export function bestOf(t: Term, simplifier: (t: Term) => RunResult): RunResult {
  const first = simplifier(t);
  if (first.stop !== 'normal') return first;
  let best = first;
  const expanded = expandTerm(first.term);
  if (expanded !== first.term) {
    const second = simplifier(expanded);
    // Strictly fewer tree nodes: on a tie the factored form stays (2*(x + 1), not 2*x + 2).
    if (second.stop === 'normal' && second.term.treeSize < first.term.treeSize) {
      const trace =
        first.trace && second.trace
          ? [
              ...first.trace,
              { rule: 'expand', path: [], before: first.term, after: expanded },
              ...second.trace,
            ]
          : first.trace;
      best = {
        ...second,
        steps: first.steps + second.steps,
        elapsedMs: first.elapsedMs + second.elapsedMs,
        trace,
      };
    }
  }
  if (best.term !== t && smaller(t, best.term)) return { ...best, term: t };
  return best;
}

/** Strictly smaller: fewer tree nodes, or as many and fewer distinct nodes. */
function smaller(a: Term, b: Term): boolean {
  return a.treeSize < b.treeSize || (a.treeSize === b.treeSize && a.dagSize < b.dagSize);
}

/**
 * Simplifies a term.
 *
 * @throws BibunError of kind `limit` when a budget runs out.
 * @example simplify(parse('x*y/x + sin(x)^2 + cos(x)^2')) // y + 1
 */
export function simplify(t: Term, options: SimplifyOptions = {}): Term {
  const r = simplifyRun(t, options);
  if (r.stop !== 'normal') throw new BibunError('limit', `simplify ${r.message}`);
  return r.term;
}
