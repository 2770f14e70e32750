/**
 * The `dag` method: the chain rule memoised per shared node, d(n) = Σᵢ ∂n/∂aᵢ · d(aᵢ),
 * computed once per distinct node in post-order (children first), so the work and the result
 * grow with the DAG size. This is forward-mode differentiation carried out on terms.
 */
import { ONE, ZERO, type Sym, type Term } from '../term/term.js';
import { force, sumOfProducts, type Lazy } from './lazy.js';
import { postorderAll } from '../term/walk.js';
import type { PartialsTable } from './partials.js';
import { pollBudget } from '../base/budget.js';

/** ∂f/∂x by the memoised chain rule. */
export function dagDerivative(f: Term, x: Sym, table: PartialsTable): Term {
  return dagDerivatives([f], x, table)[0];
}

/** ∂fᵣ/∂x for several roots, sharing the memo (a Jacobian column). */
export function dagDerivatives(roots: readonly Term[], x: Sym, table: PartialsTable): Term[] {
  // A node with one dependent argument multiplies its derivative by one partial; those products
  // stay lazy along chains (see lazy.ts).
  const d = new Map<number, Lazy>();
  for (const t of postorderAll(roots)) {
    pollBudget();
    if (d.has(t.id)) continue;
    if (t === x) d.set(t.id, ONE);
    else if (t.kind !== 'app') d.set(t.id, ZERO);
    else {
      // Inputs are the arguments, or for a product containing an earlier product Q, Q and
      // the remaining factors (partials.ts, splitProduct): Q is a descendant, so d(Q) is known.
      const pairs: [Term, Lazy][] = [];
      table.inputs(t).forEach((a, i) => {
        const da = d.get(a.id)!;
        if (da !== ZERO) pairs.push([table.inputPartial(t, i), da]);
      });
      d.set(t.id, sumOfProducts(pairs));
    }
  }
  return roots.map((r) => force(d.get(r.id)!));
}
