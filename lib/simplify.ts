/**
 * `simplify`: the `simplify` strategy of rules/simplify/*.rules applied within budgets.
 *
 * Contract (property-tested in spec/simplify.spec.ts): the result has the same value as the input
 * wherever the input is defined, is never larger (treeSize), and simplifying it again changes
 * nothing. The rules are written to shrink or keep size; as a last line of defence a result
 * larger than the input is discarded and the input returned.
 */
import { BibunError } from './errors.js';
import { loadRuleFiles, RuleLibrary, shippedRulesDir } from './ruleset.js';
import type { RunOptions, RunResult } from './strategy.js';
import type { Term } from './term.js';
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
  const r = lib.run(options.strategy ?? 'simplify', t, options);
  if (r.stop === 'normal' && r.term !== t && r.term.treeSize > t.treeSize) return { ...r, term: t };
  return r;
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
