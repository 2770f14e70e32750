/**
 * `best(s1, ..., sn)`: cost-guided choice. Each alternative runs on the same input; the result
 * of least {@link cost} is kept, and on a tie the earliest alternative's. Alternatives that fail
 * drop out; `best` fails only when all of them fail. The trace keeps the winner's steps alone.
 *
 * This is the combination step of Fu, Zhong and Zeng's trigonometric simplification ("try each
 * chain of transformation rules, keep the simplest result"), and the "keep the smaller" step of
 * `simplify` (rules/simplify/simplify.rules): `best(core ; ..., id)` never returns a term of
 * higher cost than its input, and because `id` comes last a rewrite that keeps the cost (`x*x`
 * to `x^2`, `x*x + x + x` to `x^2 + 2*x`) is kept.
 */
import type { Run, Strategy, TraceStep } from './run.js';
import type { Term } from '../term/term.js';

const costs = new WeakMap<Term, bigint>();

/**
 * The one cost of simplification, an operation count in the manner of SymPy's `count_ops`: every
 * leaf (number, symbol) counts 1, and an application counts the operators it prints, one less
 * than its arguments for an operator between them (`a + b + c` has two `+`, `x*x` one `*`, `x^2`
 * one `^`) and 1 for a function call (`sin(x)`). So collecting like terms and powers never costs
 * more: `x*x` and `x^2` both cost 3, `x*x + x + x` and `x^2 + 2*x` both 7, `x + x + x` 5 against
 * `3*x`'s 3, where plain tree size (which counts an n-ary sum as one node) would call `x^2 + 2*x`
 * larger. DAG sharing is not part of it: the cost is that of the term printed in full, counted
 * in time proportional to the DAG (memoised per interned node).
 */
export function cost(t: Term): bigint {
  if (t.kind !== 'app') return 1n;
  const known = costs.get(t);
  if (known !== undefined) return known;
  // Iterative post-order: a deep term must not overflow the stack.
  const stack: Term[] = [t];
  while (stack.length > 0) {
    const u = stack[stack.length - 1];
    if (u.kind !== 'app' || costs.has(u)) {
      stack.pop();
      continue;
    }
    let ready = true;
    for (const a of u.args)
      if (a.kind === 'app' && !costs.has(a)) {
        stack.push(a);
        ready = false;
      }
    if (!ready) continue;
    stack.pop();
    let c = BigInt(Math.max(1, u.args.length - 1));
    for (const a of u.args) c += a.kind === 'app' ? costs.get(a)! : 1n;
    costs.set(u, c);
  }
  return costs.get(t)!;
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
