/**
 * Match and build in strategies, Stratego's `?p` and `!t`: `?f(?x, ?y) ; !g(?y, ?x)` swaps the
 * arguments of an `f` term. A match binds the pattern's variables (and fails where the term does
 * not match); a build replaces the term by the template with those bindings.
 *
 * Scope: the bindings belong to one `;` chain (a sequence of strategies joined by `;`, however
 * parenthesised). Each run of the chain starts with none; a match binds for the rest of the
 * chain, and a variable bound already must match the same term again. A strategy inside a
 * combinator's argument or an alternative of `<+` is a chain of its own: it neither sees nor
 * changes the outer bindings. So a build may use only variables of earlier matches of its own
 * chain, which loading checks (a load error otherwise).
 */
import * as Immutable from '../base/immutable.js';
import { compilePattern, type Pattern } from '../match/pattern.js';
import { variables } from '../match/rule-checks.js';
import { type Binding, compileTemplate } from '../match/template.js';
import type { Strategy } from './run.js';
import type { StrategyExpr } from '../syntax/ast.js';
import type { Term, TheoryLookup } from '../term/term.js';

/** One element of a `;` chain: a match, a build, or any other strategy (an `S`). */
export type ChainStep<S = Strategy> =
  | { readonly kind: 'match'; readonly pattern: Term }
  | { readonly kind: 'build'; readonly template: Term }
  | { readonly kind: 'strategy'; readonly strategy: S };

/** A chain step ready to run. */
export type CompiledStep<S = Strategy> =
  | { readonly kind: 'match'; readonly pattern: Pattern }
  | {
      readonly kind: 'build';
      readonly names: readonly string[];
      readonly build: (values: readonly Binding[]) => Term;
    }
  | { readonly kind: 'strategy'; readonly strategy: S };

/** Where a run of a chain is: the next step, the current term, the bindings so far. */
export interface ChainState {
  i: number;
  cur: Term;
  b: Immutable.Map<string, Binding>;
}

const same = (a: Binding, b: Binding): boolean =>
  a === b ||
  (Array.isArray(a) &&
    Array.isArray(b) &&
    a.length === b.length &&
    a.every((x: Term, i: number) => x === b[i]));

/**
 * Compiles a chain's steps. `unbound(i, name)` is called (and should throw) for a variable of
 * build step i that no earlier match binds. With `theories`, patterns match modulo the declared
 * axioms and builds put their terms in canonical form (as rules do; see {@link normalizeTerms}).
 */
export function compileChain<S>(
  steps: readonly ChainStep<S>[],
  unbound: (step: number, name: string) => never,
  theories?: TheoryLookup,
): CompiledStep<S>[] {
  const bound = new Set<string>();
  return steps.map((s, i): CompiledStep<S> => {
    if (s.kind === 'match') {
      for (const n of variables(s.pattern).keys()) bound.add(n);
      return { kind: 'match', pattern: compilePattern(s.pattern, { theories }) };
    }
    if (s.kind === 'build') {
      const names = [...variables(s.template).keys()];
      for (const n of names) if (!bound.has(n)) unbound(i, n);
      const slots = new Map(names.map((n, j) => [n, j]));
      return { kind: 'build', names, build: compileTemplate(s.template, slots, theories) };
    }
    return s;
  });
}

/** The state of a run of a chain on `t`, before its first step. */
export function startChain(t: Term): ChainState {
  return { i: 0, cur: t, b: Immutable.Map() };
}

/**
 * Goes on with a run of a chain, `value` being the current term: runs the match and build steps
 * from `state.i` up to the next strategy step and returns that step's strategy (the caller runs
 * it on `state.cur` and calls back with its result), `'done'` after the last step (the result is
 * `state.cur`), or undefined when a match fails.
 */
export function stepChain<S>(
  steps: readonly CompiledStep<S>[],
  state: ChainState,
  value: Term,
): S | 'done' | undefined {
  state.cur = value;
  while (state.i < steps.length) {
    const s: CompiledStep<S> = steps[state.i++];
    if (s.kind === 'strategy') return s.strategy;
    if (s.kind === 'build') {
      state.cur = s.build(s.names.map((n) => state.b.get(n)!));
      continue;
    }
    const p = s.pattern;
    const b = state.b;
    let next: Immutable.Map<string, Binding> | undefined;
    p.match(state.cur, (m) => {
      let nb = b;
      for (let i = 0; i < p.names.length; i++) {
        const v = m.values[i];
        if (v === undefined) continue;
        const prev = b.get(p.names[i]);
        if (prev !== undefined && !same(prev, v)) return false;
        nb = nb.set(p.names[i], Array.isArray(v) ? Object.freeze(v.slice()) : v);
      }
      next = nb;
      return true;
    });
    if (next === undefined) return undefined;
    state.b = next;
  }
  return 'done';
}

/** The chain as one strategy function (see {@link compileChain}). */
export function bindingChain(
  steps: readonly ChainStep[],
  unbound: (step: number, name: string) => never,
  theories?: TheoryLookup,
): Strategy {
  return runChain(compileChain(steps, unbound, theories));
}

/** Compiled steps as one strategy: each strategy step runs on the current term, in order. */
export function runChain(steps: readonly CompiledStep[]): Strategy {
  return (t, run) => {
    const state = startChain(t);
    let value: Term | undefined = t;
    for (;;) {
      const s: Strategy | 'done' | undefined = stepChain(steps, state, value);
      if (s === undefined) return undefined;
      if (s === 'done') return state.cur;
      value = s(state.cur, run);
      if (value === undefined) return undefined;
    }
  };
}

/** The strategy with `f` applied to the terms of its matches and builds. */
export function normalizeTerms(e: StrategyExpr, f: (t: Term) => Term): StrategyExpr {
  switch (e.op) {
    case 'match':
      return { ...e, pattern: f(e.pattern) };
    case 'build':
      return { ...e, template: f(e.template) };
    case 'seq':
    case 'choice':
      return { ...e, first: normalizeTerms(e.first, f), second: normalizeTerms(e.second, f) };
    case 'rec':
      return { ...e, body: normalizeTerms(e.body, f) };
    case 'call':
      return { ...e, args: e.args.map((a) => normalizeTerms(a, f)) };
    case 'ref':
      return e;
  }
}
