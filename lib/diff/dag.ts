/**
 * The `dag` method: the chain rule memoised per shared node, d(n) = Σᵢ ∂n/∂aᵢ · d(aᵢ),
 * computed once per distinct node, inputs first, so the work and the result grow with the DAG
 * size. This is forward-mode differentiation carried out on terms: a Jacobian–vector product
 * (products.ts) with the unit vector of x.
 */
import { ONE, type Sym, type Term } from '../term/term.js';
import type { PartialsTable } from './partials.js';
import { jvpTerms } from './products.js';

/** ∂f/∂x by the memoised chain rule. */
export function dagDerivative(f: Term, x: Sym, table: PartialsTable): Term {
  return dagDerivatives([f], x, table)[0];
}

/** ∂fᵣ/∂x for several roots, sharing the memo (a Jacobian column). */
export function dagDerivatives(roots: readonly Term[], x: Sym, table: PartialsTable): Term[] {
  return jvpTerms(roots, [x], [ONE], table);
}
