/**
 * The polynomial core's functions as built-in strategies (every library has them): `cancel`,
 * `together` and `factor` rewrite the term they are applied to (a strategy at the root: use a
 * traversal to reach subterms) and fail when they change nothing. `simplify.rules` tries
 * `cancel` as one more candidate, so `(x^2 - 1)/(x - 1)` simplifies to `x + 1`.
 *
 * `cancel` and `together` are tried only on terms with a denominator (a negative power of a
 * non-number): on anything else they could only rewrite the term into its expansion, which the
 * `expand` candidate already tries.
 */
import { cancelTerm, factorTerm, togetherTerm } from '../poly/functions.js';
import type { Strategy } from './run.js';
import { postorder } from '../term/walk.js';
import type { Term } from '../term/term.js';

/** True when `t` has a power with a negative exponent whose base is not a number. */
function hasDenominator(t: Term): boolean {
  for (const n of postorder(t)) {
    if (n.kind !== 'app' || n.head !== '^') continue;
    const [b, e] = n.args;
    if (b.kind !== 'num' && e.kind === 'num' && e.num < 0n) return true;
  }
  return false;
}

function builtin(name: string, f: (t: Term) => Term, applies: (t: Term) => boolean): Strategy {
  return (t, run) => {
    if (!applies(t)) return undefined;
    const r = f(t);
    if (r === t) return undefined;
    run.step(name, t, r);
    return r;
  };
}

/** `cancel`, `together`, `factor` as built-in strategies, by name. */
export const algebraStrategies: ReadonlyMap<string, Strategy> = new Map([
  ['cancel', builtin('cancel', cancelTerm, hasDenominator)],
  ['together', builtin('together', togetherTerm, hasDenominator)],
  ['factor', builtin('factor', factorTerm, () => true)],
]);
