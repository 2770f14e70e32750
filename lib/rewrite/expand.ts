/**
 * `expand`: polynomial expansion — products distributed over sums, and sums raised to small
 * positive integer powers multiplied out. Like terms are left for the simplifier to collect.
 * Bounded twice: a node whose expansion would have more than {@link maxExpandedTerms} summands
 * is kept as it is, so `(a + b)^1000` does not explode; and the strategy builds at most
 * {@link expansionBudget} summands in all, so the expansion of a DAG follows the DAG and not its
 * tree (each node expands once, bottom-up; past the budget the nodes above are kept as they are,
 * which is still an identity: the 10th derivative of chain_20, 3,982 distinct nodes, expanded
 * in full had 46,320, and simplifying that cost seconds for a candidate that lost).
 *
 * Expansion makes most terms larger; `simplify` uses it only as a second candidate and keeps
 * whichever simplified form is smaller (so `(x + 1)^2 - (x^2 + 2*x + 1)` becomes 0, while
 * `(x + 1)^10` stays as it is).
 */
import type { Strategy } from './run.js';
import { app, mul, num, type Term } from '../term/term.js';
import { mapBottomUp } from '../term/walk.js';

/** Largest number of summands one expanded node may have. */
export const maxExpandedTerms = 256;

/** Largest integer power of a sum that is multiplied out. */
export const maxExpandedPower = 12;

/** Summands the `expand` strategy may build for a term of DAG size `dagSize`. */
export function expansionBudget(dagSize: number): number {
  return Math.max(minExpansionBudget, dagSize);
}

/** The budget of {@link expansionBudget} below which the DAG size does not matter. */
export const minExpansionBudget = 2_000;

/** The summands of a term (itself when it is not a sum). */
function summands(t: Term): readonly Term[] {
  return t.kind === 'app' && t.head === '+' ? t.args : [t];
}

/** Summands left to build: the budget of one expansion. */
interface Allowance {
  left: number;
}

/**
 * The product of `factors` distributed over their sums, or undefined when it would be too big
 * (more than {@link maxExpandedTerms} summands, or more than the allowance has left).
 */
function distribute(factors: readonly Term[], allowance: Allowance): Term | undefined {
  let n = 1;
  for (const f of factors) {
    n *= summands(f).length;
    if (n > maxExpandedTerms || n > allowance.left) return undefined;
  }
  allowance.left -= n;
  let terms: Term[] = [num(1)];
  for (const f of factors) {
    const ss = summands(f);
    const next: Term[] = [];
    for (const a of terms) for (const b of ss) next.push(mul(a, b));
    terms = next;
  }
  return app('+', terms);
}

/** Expands one node whose arguments are already expanded. */
function expandNode(t: Term, args: readonly Term[], allowance: Allowance): Term {
  if (t.kind !== 'app') return t;
  const rebuilt = args === t.args ? t : app(t.head, args);
  if (rebuilt.kind !== 'app') return rebuilt;
  if (rebuilt.head === '*' && rebuilt.args.some((a) => a.kind === 'app' && a.head === '+')) {
    return distribute(rebuilt.args, allowance) ?? rebuilt;
  }
  if (rebuilt.head === '^') {
    const [base, e] = rebuilt.args;
    if (
      base.kind === 'app' &&
      base.head === '+' &&
      e.kind === 'num' &&
      e.den === 1n &&
      e.num >= 2n &&
      e.num <= BigInt(maxExpandedPower)
    ) {
      return (
        distribute(
          Array.from({ length: Number(e.num) }, () => base),
          allowance,
        ) ?? rebuilt
      );
    }
  }
  return rebuilt;
}

/**
 * The expanded form of `t` (each shared node expanded once), building at most `budget` summands
 * in all (unbounded by default).
 */
export function expandTerm(t: Term, budget = Number.POSITIVE_INFINITY): Term {
  const allowance: Allowance = { left: budget };
  return mapBottomUp(t, (node, args) => expandNode(node, args, allowance));
}

/** `expand` as a built-in strategy: fails when nothing expands. */
export const expand: Strategy = (t, run) => {
  const r = expandTerm(t, expansionBudget(t.dagSize));
  if (r === t) return undefined;
  run.step('expand', t, r);
  return r;
};
