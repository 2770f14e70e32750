/**
 * Taylor series at a point for `series` and `limit`: the propagation of lib/diff/taylor-mode.ts
 * (truncated series through the DAG, O(nodes · n²) coefficient operations), with the
 * simplifier deciding which constant coefficients are zero (a pole or a branch point where one
 * divides) and tidying the coefficients.
 */
import { shown } from '../term/print.js';
import { BibunError } from '../base/errors.js';
import { taylorCoefficients as propagate, type Series } from '../diff/taylor-mode.js';
import { simplify } from '../simplify/simplify.js';
import { type Term, ZERO } from '../term/term.js';

export type { Series } from '../diff/taylor-mode.js';

/** True when the constant term t is 0 (numbers directly, others after simplification). */
export function isZeroTerm(t: Term): boolean {
  if (t.kind === 'num') return t === ZERO;
  return simplify(t) === ZERO;
}

/**
 * The coefficients c[0..n] of the Taylor expansion of f in (x − a), unsimplified; each distinct
 * node of f is visited once.
 *
 * @throws BibunError `domain` at a pole or branch point, `usage` for a function without a rule.
 */
export function taylorCoefficients(f: Term, x: Term, a: Term, n: number): Series {
  const pole = (t: Term) =>
    new BibunError(
      'domain',
      `series: ${shown(t)} has no Taylor series at ${shown(x)} = ${shown(a)}`,
    );
  try {
    return propagate(f, x, a, n, { isZero: isZeroTerm, isPole, pole });
  } catch (e) {
    if (e instanceof BibunError && e.kind === 'unknown-function') {
      const usage = new BibunError('usage', `series: ${e.message}`);
      usage.cause = e;
      throw usage;
    }
    throw e;
  }
}

/** True when simplifying the constant t divides by zero (`cot(0)`, `sec(pi/2)`). */
function isPole(t: Term): boolean {
  if (!t.isConstant) return false;
  try {
    tidy(t);
    return false;
  } catch (e) {
    if (e instanceof BibunError && e.kind === 'domain') return true;
    throw e;
  }
}

/** A coefficient in simplified form (numbers as they are). */
export function tidy(t: Term): Term {
  return t.kind === 'num' ? t : simplify(t);
}
