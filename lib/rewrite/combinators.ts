/**
 * The combinators of the strategy contract (a strategy takes a term and returns a term, or
 * fails), in Stratego's vocabulary. Each is a few lines over the contract; the traversals
 * (traversals.ts) are built from them and from `all`, `one`, `some`.
 *
 * Cycles are found by term ids: `repeat` and `fixpoint` remember the terms they produced, so
 * `a -> b, b -> a` stops with `cycle` instead of hanging.
 */
import type { Run, Strategy } from './run.js';
import type { Term } from '../term/term.js';
import { withArgs } from '../term/walk.js';

/** `id`: always succeeds, unchanged. */
export const id: Strategy = (t) => t;

/** `fail`: always fails. */
export const fail: Strategy = () => undefined;

/** `s1 ; s2`: s1, then s2 on its result. */
export function seq(s1: Strategy, s2: Strategy): Strategy {
  return (t, run) => {
    const r = s1(t, run);
    return r === undefined ? undefined : s2(r, run);
  };
}

/** `s1 <+ s2`: s1, or s2 where s1 fails. */
export function choice(s1: Strategy, s2: Strategy): Strategy {
  return (t, run) => s1(t, run) ?? s2(t, run);
}

/** `try(s) = s <+ id`: s, or the term unchanged. */
export function attempt(s: Strategy): Strategy {
  return (t, run) => s(t, run) ?? t;
}

/**
 * `repeat(s) = try(s; repeat(s))`: s until it fails (or changes nothing). Never fails. A term
 * seen before ends the run with `cycle`.
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

/**
 * The congruence `f(s1, ..., sn)`: on a term `f(t1, ..., tn)` (same head, same number of
 * arguments) applies each si to ti and rebuilds; fails on any other term or where an si fails.
 */
export function congruence(head: string, ss: readonly Strategy[]): Strategy {
  return (t, run) => {
    if (t.kind !== 'app' || t.head !== head || t.args.length !== ss.length) return undefined;
    const args: Term[] = new Array(ss.length);
    for (let i = 0; i < ss.length; i++) {
      // With tracing, the path follows the argument, as in the traversals' `all`.
      if (run.tracing) run.path.push(i);
      let r: Term | undefined;
      try {
        r = ss[i](t.args[i], run);
      } finally {
        if (run.tracing) run.path.pop();
      }
      if (r === undefined) return undefined;
      args[i] = r;
    }
    return withArgs(t, args);
  };
}
