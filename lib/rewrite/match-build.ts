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

/** One element of a `;` chain: a match, a build, or any other strategy. */
export type ChainStep =
  | { readonly kind: 'match'; readonly pattern: Term }
  | { readonly kind: 'build'; readonly template: Term }
  | { readonly kind: 'strategy'; readonly strategy: Strategy };

type Compiled =
  | { readonly kind: 'match'; readonly pattern: Pattern }
  | {
      readonly kind: 'build';
      readonly names: readonly string[];
      readonly build: (values: readonly Binding[]) => Term;
    }
  | { readonly kind: 'strategy'; readonly strategy: Strategy };

const same = (a: Binding, b: Binding): boolean =>
  a === b ||
  (Array.isArray(a) &&
    Array.isArray(b) &&
    a.length === b.length &&
    a.every((x: Term, i: number) => x === b[i]));

/**
 * The chain as one strategy. `unbound(i, name)` is called (and should throw) for a variable of
 * build step i that no earlier match binds. With `theories`, patterns match modulo the declared
 * axioms and builds put their terms in canonical form (as rules do; see {@link normalizeTerms}).
 */
export function bindingChain(
  steps: readonly ChainStep[],
  unbound: (step: number, name: string) => never,
  theories?: TheoryLookup,
): Strategy {
  const bound = new Set<string>();
  const compiled: Compiled[] = steps.map((s, i): Compiled => {
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
  return (t, run) => {
    let b = Immutable.Map<string, Binding>();
    let cur = t;
    for (const s of compiled) {
      if (s.kind === 'strategy') {
        const r = s.strategy(cur, run);
        if (r === undefined) return undefined;
        cur = r;
      } else if (s.kind === 'build') {
        cur = s.build(s.names.map((n) => b.get(n)!));
      } else {
        const p = s.pattern;
        let next: Immutable.Map<string, Binding> | undefined;
        p.match(cur, (m) => {
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
        b = next;
      }
    }
    return cur;
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
