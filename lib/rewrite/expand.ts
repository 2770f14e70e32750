/**
 * `expand`: polynomial expansion — products distributed over sums, and sums raised to small
 * positive integer powers multiplied out. Like terms are left for the simplifier to collect.
 * Bounded: a node whose expansion would have more than {@link maxExpandedTerms} summands is kept
 * as it is, so `(a + b)^1000` does not explode.
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

/** The summands of a term (itself when it is not a sum). */
function summands(t: Term): readonly Term[] {
  return t.kind === 'app' && t.head === '+' ? t.args : [t];
}

/** The product of `factors` distributed over their sums, or undefined when it would be too big. */
function distribute(factors: readonly Term[]): Term | undefined {
  let terms: Term[] = [num(1)];
  for (const f of factors) {
    const ss = summands(f);
    if (terms.length * ss.length > maxExpandedTerms) return undefined;
    const next: Term[] = [];
    for (const a of terms) for (const b of ss) next.push(mul(a, b));
    terms = next;
  }
  return app('+', terms);
}

/** Expands one node whose arguments are already expanded. */
function expandNode(t: Term, args: readonly Term[]): Term {
  if (t.kind !== 'app') return t;
  const rebuilt = args === t.args ? t : app(t.head, args);
  if (rebuilt.kind !== 'app') return rebuilt;
  if (rebuilt.head === '*' && rebuilt.args.some((a) => a.kind === 'app' && a.head === '+')) {
    return distribute(rebuilt.args) ?? rebuilt;
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
      return distribute(Array.from({ length: Number(e.num) }, () => base)) ?? rebuilt;
    }
  }
  return rebuilt;
}

/** The expanded form of `t` (each shared node expanded once). */
export function expandTerm(t: Term): Term {
  return mapBottomUp(t, expandNode);
}

/** `expand` as a built-in strategy: fails when nothing expands. */
export const expand: Strategy = (t, run) => {
  const r = expandTerm(t);
  if (r === t) return undefined;
  run.step('expand', t, r);
  return r;
};
