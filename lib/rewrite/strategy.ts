/**
 * The strategy language's front door: the combinator table, the built-ins, and
 * {@link compileStrategy}, which turns a strategy expression into a strategy. It re-exports the
 * contract and runs (run.ts), the combinators (combinators.ts), the traversals (traversals.ts)
 * and the built-ins (builtins.ts), `best` (best.ts), so callers import strategies from one place.
 *
 * The compiler is where the fast path over rule sets is chosen: `innermost(e)`, where `e` is a
 * left choice that involves rule sets, compiles to the rule-set normaliser (rule-sets.ts); any
 * other `innermost` to the generic traversal. Both compute the same normal form.
 */
import { BibunError } from '../base/errors.js';
import { algebraStrategies } from './algebra.js';
import { combine, fold } from './builtins.js';
import { attempt, choice, fail, fixpoint, id, repeat, seq } from './combinators.js';
import { type CompiledStrategy, innermostOver } from './rule-sets.js';
import type { Strategy } from './run.js';
import type { StrategyExpr } from '../syntax/ast.js';
import { all, bottomup, innermost, oncetd, one, outermost, some, topdown } from './traversals.js';
import { expand } from './expand.js';
import { best } from './best.js';
import { logPowers, radicals } from './radicals.js';

export {
  applyStrategy,
  defaultLimits,
  Run,
  runStrategy,
  type Limits,
  type RunOptions,
  type RunResult,
  type StopReason,
  type Strategy,
  type TraceStep,
} from './run.js';
export { attempt, choice, fail, fixpoint, id, repeat, seq } from './combinators.js';
export { all, bottomup, innermost, oncetd, one, outermost, some, topdown } from './traversals.js';
export { combine, fold } from './builtins.js';
export {
  innermostOver,
  innermostRules,
  ruleSet,
  rulesStrategy,
  type CompiledStrategy,
  type RootStep,
} from './rule-sets.js';
export { traceToJson, type TraceStepJson } from './trace.js';

// ---------------------------------------------------------------------------------------------
// From strategy expressions.

/**
 * A combinator of the strategy language: its arity and how it builds a strategy from its
 * compiled arguments (which show the alternatives of a choice of rule sets, see
 * {@link CompiledStrategy}).
 */
export interface Combinator {
  /** The number of strategy arguments; -1 for one or more (`best`). */
  readonly arity: number;
  readonly make: (args: readonly CompiledStrategy[]) => Strategy;
}

const unary = (f: (s: Strategy) => Strategy): Combinator => ({
  arity: 1,
  make: ([s]) => f(s.strategy),
});

/** The combinators usable as `name(s, ...)` in strategy expressions. */
export const combinators: ReadonlyMap<string, Combinator> = new Map<string, Combinator>([
  ['try', unary(attempt)],
  ['repeat', unary(repeat)],
  ['fixpoint', unary(fixpoint)],
  ['all', unary(all)],
  ['one', unary(one)],
  ['some', unary(some)],
  ['topdown', unary(topdown)],
  ['bottomup', unary(bottomup)],
  [
    'innermost',
    {
      arity: 1,
      make: ([s]) =>
        s.alternatives !== undefined ? innermostOver(s.alternatives) : innermost(s.strategy),
    },
  ],
  ['outermost', unary(outermost)],
  ['oncetd', unary(oncetd)],
  ['best', { arity: -1, make: (ss) => best(ss.map((s) => s.strategy)) }],
]);

/** The built-in strategies every library knows (higher layers add more, e.g. `dstar`). */
export const builtinStrategies: ReadonlyMap<string, Strategy> = new Map([
  ['id', id],
  ['fail', fail],
  ['fold', fold],
  ['combine', combine],
  ['expand', expand],
  ['radicals', radicals],
  ['log_powers', logPowers],
  ...algebraStrategies,
]);

/** What a bare name in a strategy expression stands for: a strategy, or a compiled one. */
export type Resolved = Strategy | CompiledStrategy;

/**
 * Builds a strategy from its syntax. `resolve` gives what a bare name stands for (rule set,
 * rule, named strategy, built-in) or undefined; a rule set should resolve to its
 * {@link CompiledStrategy} (`ruleSet(rules)`), so that `innermost` over it is the fast one.
 *
 * @throws BibunError of kind `rule` at the offending name: unknown name, unknown combinator,
 * wrong number of arguments.
 */
export function compileStrategy(
  expr: StrategyExpr,
  resolve: (name: string) => Resolved | undefined,
  file?: string,
): Strategy {
  return compileParts(expr, resolve, file).strategy;
}

const plain = (strategy: Strategy): CompiledStrategy => ({ strategy, alternatives: undefined });

/** {@link compileStrategy}, keeping what `innermost` needs to know of the result. */
export function compileParts(
  expr: StrategyExpr,
  resolve: (name: string) => Resolved | undefined,
  file?: string,
): CompiledStrategy {
  const err = (message: string, at: StrategyExpr) =>
    new BibunError('rule', message, {
      line: at.line,
      column: at.column,
      ...(file !== undefined ? { file } : {}),
    });
  const go = (e: StrategyExpr): CompiledStrategy => {
    switch (e.op) {
      case 'seq':
        return plain(seq(go(e.first).strategy, go(e.second).strategy));
      case 'choice': {
        const a = go(e.first);
        const b = go(e.second);
        const s = choice(a.strategy, b.strategy);
        if (a.alternatives === undefined && b.alternatives === undefined) return plain(s);
        return {
          strategy: s,
          alternatives: [...(a.alternatives ?? [a.strategy]), ...(b.alternatives ?? [b.strategy])],
        };
      }
      case 'ref': {
        const r = resolve(e.name);
        if (r !== undefined) return typeof r === 'function' ? plain(r) : r;
        if (combinators.has(e.name)) throw err(`${e.name} is a combinator: write ${e.name}(s)`, e);
        throw err(`unknown strategy or rule set ${e.name}`, e);
      }
      case 'call': {
        const c = combinators.get(e.name);
        if (c === undefined) {
          const what =
            resolve(e.name) !== undefined
              ? `${e.name} is not a combinator`
              : `unknown combinator ${e.name}`;
          throw err(`${what} (combinators: ${[...combinators.keys()].join(', ')})`, e);
        }
        if (c.arity < 0 ? e.args.length === 0 : e.args.length !== c.arity)
          throw err(
            `${e.name} takes ${c.arity < 0 ? 'one or more' : c.arity} strategy, got ${e.args.length}`,
            e,
          );
        return plain(c.make(e.args.map(go)));
      }
    }
  };
  return go(expr);
}
