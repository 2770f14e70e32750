/**
 * `simplify`: the `simplify` strategy of rules/simplify/simplify.rules applied within budgets.
 * The whole schedule (exact values, the core rules, the candidates that may pay off, the final
 * "keep the smaller" choice) is that one strategy line; this module only loads the rules and runs
 * it, so every front end that runs the strategy gets the same result.
 *
 * Contract (property-tested in spec/simplify/simplify.spec.ts): the result has the same value as
 * the input wherever the input is defined; its `cost` (lib/rewrite/best.ts, an operation
 * count) is never higher than that of the input with its exact constants in canonical form (the `exact` strategy: `sqrt(8)` is `2*sqrt(2)`, as
 * `2 + 3` is `5`); and simplifying it again changes nothing.
 */
import { BibunError } from '../base/errors.js';
import { loadRuleFiles, type RuleLibrary, shippedRulesDir } from '../rewrite/library.js';
import type { RunOptions, RunResult, Strategy } from '../rewrite/strategy.js';
import type { Term } from '../term/term.js';
import { join } from 'node:path';

let standard: RuleLibrary | undefined;

/** The shipped simplification rules (rules/simplify/), loaded once. */
export function simplificationLibrary(): RuleLibrary {
  standard ??= loadRuleFiles([join(shippedRulesDir(), 'simplify')]);
  return standard;
}

/** The shipped `simplify` strategy (resolved lazily: the rule files load on first use). */
export const simplifyStrategy: Strategy = (t, run) =>
  simplificationLibrary().strategy('simplify')(t, run);

/** Options of {@link simplify}. */
export interface SimplifyOptions extends RunOptions {
  /** A library with a `simplify` strategy (default: the shipped one). */
  readonly library?: RuleLibrary;
  /** Another strategy name or expression of that library, or a strategy. */
  readonly strategy?: string | Strategy;
}

/**
 * Simplifies within budgets and reports how the run ended (the budgets' stop reason, steps,
 * trace).
 */
export function simplifyRun(t: Term, options: SimplifyOptions = {}): RunResult {
  const lib = options.library ?? simplificationLibrary();
  return lib.run(options.strategy ?? 'simplify', t, options);
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
