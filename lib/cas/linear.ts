/**
 * `solve(list(eq1, ...), list(x, ...))` for linear systems with rational coefficients, exactly:
 * each equation's numerator (lhs − rhs over one denominator) read as integer coefficients of
 * the unknowns, then fraction-free Gaussian elimination (Bareiss: every division exact, entries
 * stay integers of bounded size) and back substitution over Q.
 */
import { shown } from '../term/print.js';
import { pollBudget } from '../base/budget.js';
import { BibunError } from '../base/errors.js';
import * as Q from '../base/rational.js';
import type { Rational } from '../base/rational.js';
import { context, toFraction } from '../poly/convert.js';
import * as P from '../poly/poly.js';
import { app, num, type Term } from '../term/term.js';
import { asZero, checkSymbol } from './solve.js';

/** The augmented integer row [a_1 ... a_n | b] of a_1 x_1 + ... + a_n x_n = b. */
function row(e: Term, eq: Term, xs: readonly Term[]): bigint[] {
  const c = context([e], true, xs);
  const f = toFraction(c, e);
  const bad = () =>
    new BibunError(
      'usage',
      `solve: ${shown(eq)} is not linear in ${xs.map(shown).join(', ')} with rational coefficients`,
    );
  const dv = P.constantValue(f.d);
  if (dv === undefined) throw bad();
  for (const i of P.occurring(f.n)) if (i >= xs.length || !Q.isOne(c.gens[i].exponent)) throw bad();
  if (P.totalDegree(f.n) > 1) throw bad();
  const out: bigint[] = [];
  const zeroAt = xs.reduce((p, _, i) => P.evaluateAt(p, i, 0n), f.n);
  for (let i = 0; i < xs.length; i++) {
    const ci = P.constantValue(P.coefficientIn(f.n, i, 1)) ?? 0n;
    out.push(ci);
  }
  out.push(-(P.constantValue(zeroAt) ?? 0n));
  return out;
}

/**
 * The unique solution of a linear system as `x == value` identities, in the order of `vars`.
 *
 * @throws BibunError `usage` for a system that is not linear, has no solution, or has
 * infinitely many.
 * @example solveLinear(parse('[x + y == 3, x - y == 1]'), parse('[x, y]')) // [x == 2, y == 1]
 */
export function solveLinear(eqs: readonly Term[], vars: readonly Term[]): Term {
  for (const x of vars) checkSymbol('solve', x);
  if (new Set(vars).size !== vars.length) {
    throw new BibunError('usage', 'solve: a variable appears twice in the list of unknowns');
  }
  const n = vars.length;
  const m = eqs.map((eq) => row(asZero(eq), eq, vars));
  // Bareiss elimination with row pivoting, on all n + 1 columns.
  let prev = 1n;
  const pivots: number[] = [];
  let r = 0;
  for (let col = 0; col < n && r < m.length; col++) {
    pollBudget();
    const p = m.findIndex((rw, i) => i >= r && rw[col] !== 0n);
    if (p < 0) continue;
    [m[r], m[p]] = [m[p], m[r]];
    for (let i = r + 1; i < m.length; i++) {
      for (let j = col + 1; j <= n; j++)
        m[i][j] = (m[r][col] * m[i][j] - m[i][col] * m[r][j]) / prev;
      m[i][col] = 0n;
    }
    // The previous pivot divides exactly in rows already reduced (Sylvester's identity).
    prev = m[r][col];
    pivots.push(col);
    r++;
  }
  for (let i = r; i < m.length; i++)
    if (m[i][n] !== 0n)
      throw new BibunError('usage', 'solve: the system is inconsistent (no solution)');
  if (r < n) {
    throw new BibunError(
      'usage',
      `solve: the system is singular (rank ${r} for ${n} unknowns): infinitely many solutions`,
    );
  }
  const values: Rational[] = new Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = Q.rational(m[i][n]);
    for (let j = i + 1; j < n; j++) s = Q.sub(s, Q.mul(Q.rational(m[i][j]), values[j]));
    values[i] = Q.div(s, Q.rational(m[i][i]));
  }
  return app(
    'list',
    vars.map((x, i) => app('==', [x, num(values[i])])),
  );
}
