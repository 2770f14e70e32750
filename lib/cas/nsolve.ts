/**
 * `nsolve(f, x, x0)`: Newton's method from x0 in doubles, with the derivative computed
 * symbolically once (lib/diff) and both evaluated on the DAG. A budget of iterations; a clear
 * error when the iteration leaves the reals, meets a zero derivative, or does not settle.
 */
import { shown } from '../term/print.js';
import { BibunError } from '../base/errors.js';
import { diff } from '../diff/index.js';
import { evaluate, evaluator } from '../term/evaluate.js';
import type { Term } from '../term/term.js';
import { asZero, checkSymbol } from './solve.js';

/** Newton iterations before giving up. */
export const nsolveIterations = 100;

/**
 * A root of f (or of lhs − rhs) near x0, to double precision.
 *
 * @throws BibunError `usage` for a bad variable or start, `domain` when Newton fails.
 * @example nsolve(parse('cos(x) == x'), sym('x'), num(1)) // 0.7390851332151607
 */
export function nsolve(eq: Term, x: Term, x0: Term): number {
  checkSymbol('nsolve', x);
  const name = (x as { name: string }).name;
  let v: number;
  try {
    v = evaluate(x0);
  } catch {
    throw new BibunError('usage', `nsolve: the start x0 must be a number, got ${shown(x0)}`);
  }
  if (!Number.isFinite(v)) throw new BibunError('usage', `nsolve: the start is not finite`);
  const f0 = asZero(eq);
  const f = evaluator(f0);
  const df = evaluator(diff(f0, x));
  const fail = (why: string) =>
    new BibunError('domain', `nsolve: Newton's method from ${shown(x0)} ${why}`);
  for (let i = 0; i < nsolveIterations; i++) {
    const fv = f({ [name]: v });
    if (fv === 0) return v;
    const dv = df({ [name]: v });
    if (!Number.isFinite(fv) || !Number.isFinite(dv)) throw fail(`left the domain at ${v}`);
    if (dv === 0) throw fail(`met a zero derivative at ${v}; try another start`);
    const next = v - fv / dv;
    if (!Number.isFinite(next)) throw fail(`diverged at ${v}`);
    if (Math.abs(next - v) <= 4 * Number.EPSILON * Math.abs(next) || next === v) {
      // One more step at this precision cannot improve; check it is a root, not a stall.
      const fn = Math.abs(f({ [name]: next }));
      const scale = Math.abs(dv) * Math.max(1, Math.abs(next));
      if (fn <= 1e-8 * Math.max(1, scale)) return next;
      throw fail(`stalled at ${next} where the value is ${fn}`);
    }
    v = next;
  }
  throw fail(`did not converge in ${nsolveIterations} iterations; try another start`);
}
