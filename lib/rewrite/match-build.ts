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
import * as Immutable from 'immutable';
import { compilePattern, type Pattern } from '../match/pattern.js';
import { variables } from '../match/rule-checks.js';
import { type Binding, instantiate } from '../match/template.js';
import type { Strategy } from './run.js';
import type { Term } from '../term/term.js';

/** One element of a `;` chain: a match, a build, or any other strategy. */
export type ChainStep =
  | { readonly kind: 'match'; readonly pattern: Term }
  | { readonly kind: 'build'; readonly template: Term }
  | { readonly kind: 'strategy'; readonly strategy: Strategy };

type Compiled =
  | { readonly kind: 'match'; readonly pattern: Pattern }
  | { readonly kind: 'build'; readonly template: Term }
  | { readonly kind: 'strategy'; readonly strategy: Strategy };

const same = (a: Binding, b: Binding): boolean =>
  a === b ||
  (Array.isArray(a) &&
    Array.isArray(b) &&
    a.length === b.length &&
    a.every((x: Term, i: number) => x === b[i]));

/**
 * The chain as one strategy. `unbound(i, name)` is called (and should throw) for a variable of
 * build step i that no earlier match binds.
 */
export function bindingChain(
  steps: readonly ChainStep[],
  unbound: (step: number, name: string) => never,
): Strategy {
  const bound = new Set<string>();
  const compiled: Compiled[] = steps.map((s, i) => {
    if (s.kind === 'match') {
      for (const n of variables(s.pattern).keys()) bound.add(n);
      return { kind: 'match', pattern: compilePattern(s.pattern) };
    }
    if (s.kind === 'build')
      for (const n of variables(s.template).keys()) if (!bound.has(n)) unbound(i, n);
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
        cur = instantiate(s.template, b);
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
