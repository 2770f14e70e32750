/**
 * The strategy language's front door: the combinator table, the built-ins, and
 * {@link compileStrategy}, which turns a strategy expression into a strategy. It re-exports the
 * contract and runs (run.ts), the combinators (combinators.ts), the traversals (traversals.ts)
 * and the built-ins (builtins.ts), `best` (best.ts), so callers import strategies from one place.
 *
 * The compiler is where the fast path over rule sets is chosen: `innermost(e)`, where `e` is a
 * left choice that involves rule sets, compiles to the rule-set normaliser (rule-sets.ts); any
 * other `innermost` to the generic traversal. Both compute the same normal form.
 *
 * Expressions compile to nodes of the interpreter (interpret.ts), which runs recursion through
 * `rec`, calls and named strategies on an explicit stack; the built-ins and traversals stay
 * functions that it calls.
 */
import { BibunError } from '../base/errors.js';
import { algebraStrategies } from './algebra.js';
import { combine, fold } from './builtins.js';
import { attempt, fail, fixpoint, id, repeat } from './combinators.js';
import { type CompiledStrategy, innermostOver, type RootStep } from './rule-sets.js';
import type { Strategy } from './run.js';
import type { StrategyExpr } from '../syntax/ast.js';
import type { Term, TheoryLookup } from '../term/term.js';
import { all, bottomup, innermost, oncetd, one, outermost, some, topdown } from './traversals.js';
import { expand } from './expand.js';
import { type ChainStep, compileChain } from './match-build.js';
import { type Node, toNode, toStrategy } from './interpret.js';
import { freeSymbols } from '../term/walk.js';
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
export { attempt, choice, congruence, fail, fixpoint, id, repeat, seq } from './combinators.js';
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
 * A named strategy with parameters, `strategy twice(s) = s ; s`: what a call `twice(r)`
 * instantiates (its body, with each parameter standing for the strategy passed for it).
 */
export interface StrategyDefinition {
  readonly params: readonly string[];
  readonly body: StrategyExpr;
  readonly file?: string | undefined;
}

/** The names a strategy expression can see besides the library's: parameters, `rec` names. */
export type StrategyEnv = ReadonlyMap<string, CompiledStrategy>;

/**
 * Builds a strategy from its syntax. `resolve` gives what a bare name stands for (rule set,
 * rule, named strategy without parameters, built-in) or undefined; a rule set should resolve to
 * its {@link CompiledStrategy} (`ruleSet(rules)`), so that `innermost` over it is the fast one.
 * `define` gives the named strategies with parameters.
 *
 * Scoping is lexical: inside a definition's body only its parameters, its own `rec` names and
 * the library's names are seen; a `rec X(s)` name only inside `s`. A call `f(s1, ...)` is, in
 * this order, a combinator, a strategy with parameters, or else a congruence over terms with
 * head `f` (an error if `f` names a rule set, rule or strategy without parameters, or an
 * operator declared `assoc` or `comm`, whose terms have no argument positions).
 *
 * @throws BibunError of kind `rule` at the offending name: unknown name, unknown combinator,
 * wrong number of arguments.
 */
export function compileStrategy(
  expr: StrategyExpr,
  resolve: (name: string) => Resolved | undefined,
  file?: string,
  define?: (name: string) => StrategyDefinition | undefined,
  env?: StrategyEnv,
  theories?: TheoryLookup,
): Strategy {
  return compileParts(expr, resolve, file, define, env, theories).strategy;
}

/** The strategies of a `;` chain, in order. */
function chain(e: StrategyExpr): StrategyExpr[] {
  return e.op === 'seq' ? [...chain(e.first), ...chain(e.second)] : [e];
}

/** A compiled expression: its node, and what `innermost` needs to know of it. */
interface Parts {
  readonly node: Node;
  readonly alternatives: readonly RootStep[] | undefined;
}

/** The combinators that are steps of the interpreter (interpret.ts) rather than functions. */
const interpreted = new Set(['try', 'repeat', 'fixpoint', 'all', 'one', 'some']);

/**
 * {@link compileStrategy}, keeping what `innermost` needs to know of the result. The expression
 * is compiled to a node of the interpreter (interpret.ts), so recursion through `rec`, calls of
 * strategies with parameters and named strategies runs on its explicit stack.
 */
export function compileParts(
  expr: StrategyExpr,
  resolve: (name: string) => Resolved | undefined,
  file?: string,
  define: (name: string) => StrategyDefinition | undefined = () => undefined,
  env: StrategyEnv = new Map(),
  theories?: TheoryLookup,
): CompiledStrategy {
  const err = (message: string, at: StrategyExpr, file: string | undefined) =>
    new BibunError('rule', message, {
      line: at.line,
      column: at.column,
      ...(file !== undefined ? { file } : {}),
    });
  const takes = (n: number) => `${n} strateg${n === 1 ? 'y' : 'ies'}`;
  const strategyOf = (r: Resolved): Strategy => (typeof r === 'function' ? r : r.strategy);
  // Instances of strategies with parameters, by their arguments: `td(s) = s ; all(td(s))` calls
  // the instance it is, so the recursion is a cycle of nodes, not an endless unfolding.
  const instances = new Map<StrategyDefinition, { args: readonly Parts[]; node: Node }[]>();
  type Env = ReadonlyMap<string, Parts>;
  const go = (e: StrategyExpr, env: Env, file: string | undefined): Parts => {
    const plain = (node: Node): Parts => ({ node, alternatives: undefined });
    switch (e.op) {
      case 'match':
      case 'build':
      case 'seq': {
        const parts = chain(e);
        if (parts.every((p) => p.op !== 'match' && p.op !== 'build'))
          return plain(
            parts.map((p) => go(p, env, file).node).reduce((a, b): Node => ({ k: 'seq', a, b })),
          );
        const steps = parts.map((p): ChainStep<Node> => {
          if (p.op === 'match') return { kind: 'match', pattern: p.pattern };
          if (p.op === 'build') return { kind: 'build', template: p.template };
          return { kind: 'strategy', strategy: go(p, env, file).node };
        });
        const compiled = compileChain(
          steps,
          (i, name) => {
            // `?x` as a match is the pattern x, the symbol: the usual slip for `??x`.
            const slip = parts
              .slice(0, i)
              .some((p) => p.op === 'match' && freeSymbols(p.pattern).includes(name));
            const hint = slip
              ? ` (a match ?${name} matches the symbol ${name}; ??${name} matches any term and binds ?${name})`
              : '';
            throw err(`?${name} is not bound by a match before this build${hint}`, parts[i], file);
          },
          theories,
        );
        return plain({ k: 'chain', steps: compiled });
      }
      case 'choice': {
        const a = go(e.first, env, file);
        const b = go(e.second, env, file);
        const node: Node = { k: 'choice', a: a.node, b: b.node };
        if (a.alternatives === undefined && b.alternatives === undefined) return plain(node);
        return {
          node,
          alternatives: [
            ...(a.alternatives ?? [toStrategy(a.node)]),
            ...(b.alternatives ?? [toStrategy(b.node)]),
          ],
        };
      }
      case 'rec': {
        const self: Node & { k: 'rec' } = { k: 'rec', name: e.name, body: undefined };
        self.body = go(e.body, new Map(env).set(e.name, plain(self)), file).node;
        return plain(self);
      }
      case 'ref': {
        const local = env.get(e.name);
        if (local !== undefined) return local;
        const def = define(e.name);
        if (def !== undefined && def.params.length > 0)
          throw err(`${e.name} takes ${takes(def.params.length)}: write ${e.name}(...)`, e, file);
        const r = resolve(e.name);
        if (r === undefined) {
          if (combinators.has(e.name))
            throw err(`${e.name} is a combinator: write ${e.name}(s)`, e, file);
          throw err(`unknown strategy or rule set ${e.name}`, e, file);
        }
        const alternatives = typeof r === 'function' ? undefined : r.alternatives;
        // Looked up again when first run: a named strategy that refers to itself (while it is
        // compiled, its name stands for a forwarder) is then compiled, and its node is run in
        // place instead of called.
        const name = e.name;
        const node: Node = {
          k: 'ref',
          name,
          early: strategyOf(r),
          resolve: () => strategyOf(resolve(name) ?? r),
          target: undefined,
          recursive: false,
        };
        return { node, alternatives };
      }
      case 'call': {
        if (env.has(e.name))
          throw err(`${e.name} is a strategy parameter: it takes no arguments`, e, file);
        const c = combinators.get(e.name);
        if (c !== undefined) {
          if (c.arity < 0 ? e.args.length === 0 : e.args.length !== c.arity)
            throw err(
              `${e.name} takes ${c.arity < 0 ? 'one or more strategies' : takes(c.arity)}, got ${e.args.length}`,
              e,
              file,
            );
          const args = e.args.map((a) => go(a, env, file));
          if (interpreted.has(e.name))
            return plain({ k: e.name as 'try', a: args[0].node } as Node);
          return plain({
            k: 'prim',
            s: c.make(
              args.map((a) => ({ strategy: toStrategy(a.node), alternatives: a.alternatives })),
            ),
          });
        }
        const def = define(e.name);
        if (def !== undefined) {
          if (e.args.length !== def.params.length)
            throw err(`${e.name} takes ${takes(def.params.length)}, got ${e.args.length}`, e, file);
          const args = e.args.map((a) => go(a, env, file));
          const known = instances.get(def) ?? [];
          instances.set(def, known);
          const same = known.find((k) => k.args.every((a, i) => a === args[i]));
          if (same !== undefined) return plain(same.node);
          const inner: Env = new Map(def.params.map((p, i) => [p, args[i]]));
          // Instantiated on first use, so a definition may call itself (`td(s) = s ; all(td(s))`).
          const node: Node = {
            k: 'lazy',
            name: e.name,
            get: () => go(def.body, inner, def.file).node,
            node: undefined,
          };
          known.push({ args, node });
          return plain(node);
        }
        if (resolve(e.name) !== undefined)
          throw err(
            `${e.name} is not a combinator, a strategy with parameters or a congruence (combinators: ${[...combinators.keys()].join(', ')})`,
            e,
            file,
          );
        const theory = theories?.(e.name);
        if (theory !== undefined && (theory.assoc || theory.comm))
          throw err(congruenceOverAxioms(e.name, theory.assoc, theory.comm), e, file);
        return plain({ k: 'cong', head: e.name, args: e.args.map((a) => go(a, env, file).node) });
      }
    }
  };
  const outer: Env = new Map(
    [...env].map(([n, c]) => [n, { node: toNode(c.strategy), alternatives: c.alternatives }]),
  );
  const p = go(expr, outer, file);
  return { strategy: toStrategy(p.node), alternatives: p.alternatives };
}

/**
 * Why a congruence over an operator with axioms is refused: its arguments have no fixed
 * positions (an `assoc` term is flattened, a `comm` one sorted), so `f(s1, s2)` would not say
 * which argument s1 is for.
 */
function congruenceOverAxioms(name: string, assoc: boolean, comm: boolean): string {
  const axioms = [assoc ? 'assoc' : '', comm ? 'comm' : ''].filter((a) => a !== '').join(' ');
  return `${name} is declared ${axioms}: a congruence ${name}(s1, ...) has no argument positions to give its strategies to (its terms are ${assoc ? 'flattened' : ''}${assoc && comm ? ' and ' : ''}${comm ? 'sorted' : ''}); write ?${name}(?xs...) ; all(s) for s on every argument, or one(s), some(s)`;
}

/**
 * A strategy expression as rule-file text, with only the parentheses its grammar needs (`;`
 * binds more tightly than `<+`, both group to the left); terms of matches and builds are shown
 * with `show`.
 *
 * @example showStrategy(parseStrategy('rec X(all(X) ; try(s ; X))'), toLet) // 'rec X(all(X) ; try(s ; X))'
 */
export function showStrategy(e: StrategyExpr, show: (t: Term) => string): string {
  const go = (e: StrategyExpr, level: 0 | 1 | 2): string => {
    const wrap = (s: string, own: 0 | 1) => (own < level ? `(${s})` : s);
    switch (e.op) {
      case 'choice':
        return wrap(`${go(e.first, 0)} <+ ${go(e.second, 1)}`, 0);
      case 'seq':
        return wrap(`${go(e.first, 1)} ; ${go(e.second, 2)}`, 1);
      case 'rec':
        return `rec ${e.name}(${go(e.body, 0)})`;
      case 'call':
        return `${e.name}(${e.args.map((a) => go(a, 0)).join(', ')})`;
      case 'ref':
        return e.name;
      case 'match':
        return `?${primary(show(e.pattern))}`;
      case 'build':
        return `!${primary(show(e.template))}`;
    }
  };
  return go(e, 0);
}

/** The text of a term as a primary of the grammar (`?p` and `!t` take one): parenthesised unless it is one. */
function primary(text: string): string {
  // A name, a pattern variable, a number, or a call or list whose brackets close at the end.
  if (/^\??[\p{L}_][\p{L}\p{N}_]*(\.\.\.)?$/u.test(text) || /^\d+$/.test(text)) return text;
  const call = /^\??[\p{L}_][\p{L}\p{N}_]*(\(|\[)/u.exec(text) ?? /^\[/.exec(text);
  if (call !== null) {
    let depth = 0;
    for (let i = call[0].length - 1; i < text.length; i++) {
      const c = text[i];
      if (c === '(' || c === '[') depth++;
      else if ((c === ')' || c === ']') && --depth === 0)
        return i === text.length - 1 ? text : `(${text})`;
    }
  }
  return `(${text})`;
}
