/**
 * `best(s1, ..., sn)`: cost-guided choice. Each alternative runs on the same input; the result
 * of least {@link cost} is kept, and on a tie the earliest alternative's. Alternatives that fail
 * drop out; `best` fails only when all of them fail. The trace keeps the winner's steps alone.
 *
 * This is the combination step of Fu, Zhong and Zeng's trigonometric simplification ("try each
 * chain of transformation rules, keep the simplest result"), and the "keep the smaller" step of
 * `simplify` (rules/simplify/simplify.rules): `best(core ; ..., id)` never returns a term larger
 * than its input, and because `id` comes last a rewrite that keeps the size (`x*x` to `x^2`,
 * `x + x` to `2*x`) is kept.
 */
import type { Run, Strategy, TraceStep } from './run.js';
import type { Term } from '../term/term.js';

/**
 * The one cost of simplification: tree size (the nodes of the term printed in full). DAG size
 * is not part of it: a rewrite that shares less but prints no larger is kept.
 */
export function cost(t: Term): bigint {
  return t.treeSize;
}

/** `best(s1, ..., sn)` (see the module comment). */
export function best(alternatives: readonly Strategy[]): Strategy {
  return (t: Term, run: Run) => {
    let winner: Term | undefined;
    let winnerCost: bigint | undefined;
    let winnerTrace: TraceStep[] = [];
    const mark = run.trace.length;
    for (const s of alternatives) {
      const r = s(t, run);
      const steps = run.trace.splice(mark);
      if (r === undefined) continue;
      const c = cost(r);
      // Strictly cheaper: on a tie the earlier alternative stays.
      if (winnerCost === undefined || c < winnerCost) {
        winner = r;
        winnerCost = c;
        winnerTrace = steps;
      }
    }
    run.trace.push(...winnerTrace);
    return winner;
  };
}
