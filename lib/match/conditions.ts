/**
 * The conditions of a rule's `if` clause beyond guards, with Maude's meaning:
 *
 * - `EXPR1 == EXPR2`, an equational condition: both sides instantiated, normalised under the
 *   running strategy (the strategy of the run the rule is applied in), compared by identity.
 *   An exact number is taken as normal. Without a run (a rule applied on its own) the sides are
 *   compared as they are.
 * - `PATTERN := EXPR`, a matching condition: EXPR instantiated and normalised, then matched by
 *   PATTERN (modulo the declared axioms, as the left side is); PATTERN's new variables are bound
 *   for the later conditions and the right side, and every match of it is tried.
 * - `otherwise` (alone): the rule fires only when no other rule of its rule set applies to the
 *   term (rule-sets.ts tries such rules last).
 *
 * Conditions are checked left to right, after the left side has matched; a variable must be
 * bound (by the left side or an earlier matching condition) before a condition uses it.
 */
import { BibunError } from '../base/errors.js';
import type { Guard } from './guards.js';
import { compilePattern, type Pattern } from './pattern.js';
import { type Binding, compileTemplate, type Template } from './template.js';
import type { GuardCall } from '../syntax/ast.js';
import { list, type Term, type TheoryLookup } from '../term/term.js';

/** What a condition needs of the run a rule is applied in. */
export interface Normalizer {
  /** `t` normalised under the running strategy (`t` itself when that fails). */
  normalize(t: Term): Term;
}

/** The name of the matching condition in {@link GuardCall}s. */
export const MATCH = ':=';
/** The name of the `otherwise` marker in {@link GuardCall}s. */
export const OTHERWISE = 'otherwise';
/** The equational condition's name. */
export const EQUATION = '==';

/** One condition, in the order of the `if` clause. */
export type ConditionStep =
  | { readonly k: 'guard'; readonly call: GuardCall; readonly guard: Guard }
  | { readonly k: 'equation'; readonly call: GuardCall }
  | { readonly k: 'match'; readonly call: GuardCall };

/** Values by slot: the left side's, then those the matching conditions bind (in order). */
export type Env = (Binding | undefined)[];

/** A compiled chain of conditions: checks `env` and calls `k` for each way they hold. */
export type ConditionChain = (env: Env, ctx: Normalizer | undefined, k: () => boolean) => boolean;

function sameBinding(a: Binding, b: Binding): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}

function arg(t: Term, slots: ReadonlyMap<string, number>, theories?: TheoryLookup): Template {
  if (t.kind === 'var' && t.segment) {
    const slot = slots.get(t.name)!;
    return (vals) => list(...((vals[slot] as readonly Term[] | undefined) ?? []));
  }
  return compileTemplate(t, slots, theories);
}

/** Instantiates; a side undefined for the match (a `domain` error) makes the condition false. */
function tryBuild(f: Template, env: Env): Term | undefined {
  try {
    return f(env);
  } catch (e) {
    if (e instanceof BibunError && e.kind === 'domain') return undefined;
    throw e;
  }
}

const normal = (t: Term, ctx: Normalizer | undefined) =>
  ctx === undefined || t.kind === 'num' ? t : ctx.normalize(t);

/**
 * Compiles the steps against `slots` (the left side's, then those matching conditions bind).
 * Undefined when there are none.
 */
export function compileConditions(
  steps: readonly ConditionStep[],
  slots: ReadonlyMap<string, number>,
  theories: TheoryLookup | undefined,
): ConditionChain | undefined {
  let chain: ConditionChain | undefined;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i];
    const next = chain ?? ((_e, _c, k) => k());
    const args = step.call.args.map((a) => arg(a, slots, theories));
    if (step.k === 'guard') {
      const test = step.guard.test;
      chain = (env, ctx, k) => {
        const vs: Term[] = [];
        for (const f of args) {
          const v = tryBuild(f, env);
          if (v === undefined) return false;
          vs.push(v);
        }
        return test(vs) && next(env, ctx, k);
      };
    } else if (step.k === 'equation') {
      const [l, r] = args;
      chain = (env, ctx, k) => {
        const a = tryBuild(l, env);
        const b = tryBuild(r, env);
        if (a === undefined || b === undefined) return false;
        return normal(a, ctx) === normal(b, ctx) && next(env, ctx, k);
      };
    } else {
      const pattern: Pattern = compilePattern(step.call.args[0], { theories });
      const target = pattern.names.map((n) => slots.get(n)!);
      const expr = args[1];
      chain = (env, ctx, k) => {
        const e = tryBuild(expr, env);
        if (e === undefined) return false;
        return pattern.match(normal(e, ctx), (m) => {
          const set: number[] = [];
          let ok = true;
          for (let j = 0; j < target.length && ok; j++) {
            const v = m.values[j];
            if (v === undefined) continue;
            const cur = env[target[j]];
            if (cur === undefined) {
              env[target[j]] = v;
              set.push(target[j]);
            } else ok = sameBinding(cur, v);
          }
          const r = ok && next(env, ctx, k);
          for (const s of set) env[s] = undefined;
          return r;
        });
      };
    }
  }
  return chain;
}
