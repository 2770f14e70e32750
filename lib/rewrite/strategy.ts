/**
 * Strategies: the contract is one line — a strategy takes a term and returns a term, or fails
 * (returns undefined). Everything else is combinators over that contract, in Stratego's
 * vocabulary: `s1 ; s2`, `s1 <+ s2`, `try`, `repeat`, `fixpoint` (here), `all`, `one`, `some`,
 * `topdown`, `bottomup`, `innermost`, `outermost`, `oncetd` (traversals.ts), and the built-ins
 * `id`, `fail`, `fold`, `combine` (builtins.ts).
 *
 * This module is also the strategy language's front door: the combinator table, the built-ins,
 * {@link compileStrategy}, and the re-exports of run.ts (runs, budgets, stop reasons, traces),
 * traversals.ts and builtins.ts, so callers import strategies from one place.
 *
 * Cycles are found by term ids: `repeat` and `fixpoint` remember the terms they produced, and
 * the traversals mark a node as pending while they handle it, so `a -> b, b -> a` and
 * `?x -> s(?x)` stop instead of hanging.
 */
import { BibunError } from '../base/errors.js';
import { combine, fold } from './builtins.js';
import { rootSteps, withRootSteps } from './rule-sets.js';
import type { Run, Strategy } from './run.js';
import type { StrategyExpr } from '../syntax/ast.js';
import type { Term } from '../term/term.js';
import { all, bottomup, innermost, oncetd, one, outermost, some, topdown } from './traversals.js';
import { expand } from './expand.js';

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
export { all, bottomup, innermost, oncetd, one, outermost, some, topdown } from './traversals.js';
export { combine, fold } from './builtins.js';
export { traceToJson, type TraceStepJson } from './trace.js';

// ---------------------------------------------------------------------------------------------
// Combinators.

/** Always succeeds, unchanged. */
export const id: Strategy = (t) => t;

/** Always fails. */
export const fail: Strategy = () => undefined;

/** `s1 ; s2`: s1, then s2 on its result. */
export function seq(s1: Strategy, s2: Strategy): Strategy {
  return (t, run) => {
    const r = s1(t, run);
    return r === undefined ? undefined : s2(r, run);
  };
}

/**
 * `s1 <+ s2`: s1, or s2 where s1 fails. A choice involving rule sets says so (see
 * rule-sets.ts), so that `innermost` can normalise with its rules directly.
 */
export function choice(s1: Strategy, s2: Strategy): Strategy {
  const s: Strategy = (t, run) => s1(t, run) ?? s2(t, run);
  const a = rootSteps(s1);
  const b = rootSteps(s2);
  return a === undefined && b === undefined
    ? s
    : withRootSteps(s, [...(a ?? [s1]), ...(b ?? [s2])]);
}

/** `try(s)`: s, or the term unchanged. */
export function attempt(s: Strategy): Strategy {
  return (t, run) => s(t, run) ?? t;
}

/**
 * `repeat(s)`: s until it fails (or changes nothing). Never fails. A term seen before ends the
 * run with `cycle`.
 */
export function repeat(s: Strategy): Strategy {
  return (t, run) => iterate(s, t, run, 'repeat');
}

/** `fixpoint(s)`: s until the term stops changing (or s fails). Never fails. */
export function fixpoint(s: Strategy): Strategy {
  return (t, run) => iterate(s, t, run, 'fixpoint');
}

function iterate(s: Strategy, t: Term, run: Run, name: string): Term {
  const seen = new Set<number>([t.id]);
  for (;;) {
    run.tick();
    const r = s(t, run);
    // Strategies are deterministic: a step that changes nothing would repeat forever.
    if (r === undefined || r === t) return t;
    if (seen.has(r.id)) run.cycle(r, name);
    seen.add(r.id);
    t = r;
  }
}

// ---------------------------------------------------------------------------------------------
// From strategy expressions.

/** A combinator of the strategy language: its arity and how it builds a strategy. */
export interface Combinator {
  readonly arity: number;
  readonly make: (args: readonly Strategy[]) => Strategy;
}

/** The combinators usable as `name(s, ...)` in strategy expressions. */
export const combinators: ReadonlyMap<string, Combinator> = new Map<string, Combinator>([
  ['try', { arity: 1, make: ([s]) => attempt(s) }],
  ['repeat', { arity: 1, make: ([s]) => repeat(s) }],
  ['fixpoint', { arity: 1, make: ([s]) => fixpoint(s) }],
  ['all', { arity: 1, make: ([s]) => all(s) }],
  ['one', { arity: 1, make: ([s]) => one(s) }],
  ['some', { arity: 1, make: ([s]) => some(s) }],
  ['topdown', { arity: 1, make: ([s]) => topdown(s) }],
  ['bottomup', { arity: 1, make: ([s]) => bottomup(s) }],
  ['innermost', { arity: 1, make: ([s]) => innermost(s) }],
  ['outermost', { arity: 1, make: ([s]) => outermost(s) }],
  ['oncetd', { arity: 1, make: ([s]) => oncetd(s) }],
]);

/** The built-in strategies every library knows (higher layers add more, e.g. `dstar`). */
export const builtinStrategies: ReadonlyMap<string, Strategy> = new Map([
  ['id', id],
  ['fail', fail],
  ['fold', fold],
  ['combine', combine],
  ['expand', expand],
]);

/**
 * Builds a strategy from its syntax. `resolve` gives the strategy a bare name stands for (rule
 * set, rule, named strategy, built-in) or undefined.
 *
 * @throws BibunError of kind `rule` at the offending name: unknown name, unknown combinator,
 * wrong number of arguments.
 */
export function compileStrategy(
  expr: StrategyExpr,
  resolve: (name: string) => Strategy | undefined,
  file?: string,
): Strategy {
  const err = (message: string, at: StrategyExpr) =>
    new BibunError('rule', message, {
      line: at.line,
      column: at.column,
      ...(file !== undefined ? { file } : {}),
    });
  const go = (e: StrategyExpr): Strategy => {
    switch (e.op) {
      case 'seq':
        return seq(go(e.first), go(e.second));
      case 'choice':
        return choice(go(e.first), go(e.second));
      case 'ref': {
        const s = resolve(e.name);
        if (s !== undefined) return s;
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
        if (e.args.length !== c.arity)
          throw err(`${e.name} takes ${c.arity} strategy, got ${e.args.length}`, e);
        return c.make(e.args.map(go));
      }
    }
  };
  return go(expr);
}
