/**
 * `subs(e, x, v)` and `subs(e, [x, y], [a, b])`: simultaneous substitution of values for
 * symbols. One pass over the DAG (each distinct node once, sharing kept, lib/term/walk.ts);
 * the values are not searched again, so `subs(x + y, [x, y], [y, x])` swaps. The canonical
 * constructors fold the numbers that meet (`subs(x^2, x, 3)` is 9); anything more is the
 * simplifier's job.
 *
 * Derivative forms are differentiated first: `subs(d(f, x), x, pi)` is the derivative at pi,
 * not `d(f(pi), pi)`.
 */
import { BibunError } from '../base/errors.js';
import { hasDerivativeForms, rewriteDerivatives } from '../diff/index.js';
import { shown } from '../term/print.js';
import { isApp, type Term } from '../term/term.js';
import { substitute } from '../term/walk.js';

function checkVariable(x: Term): void {
  if (x.kind !== 'sym') {
    throw new BibunError('usage', `subs: the variable must be a symbol, got ${shown(x)}`);
  }
  if (x.name === 'pi' || x.name === 'e') {
    throw new BibunError('usage', `subs: ${x.name} is a constant, not a variable`);
  }
}

/**
 * `e` with `vars[i]` replaced by `values[i]`, all at once.
 *
 * @throws BibunError `usage` for a variable that is not a symbol, a repeated variable, or lists
 * of different lengths.
 * @example subs(parse('x^2 + y'), parse('[x, y]'), parse('[3, 1]')) // 10
 */
export function subs(e: Term, vars: Term, values: Term): Term {
  const xs = isApp(vars, 'list') ? vars.args : [vars];
  let vs: readonly Term[];
  if (isApp(vars, 'list')) {
    if (!isApp(values, 'list')) {
      throw new BibunError(
        'usage',
        `subs: a list of variables needs a list of values, got ${shown(values)}`,
      );
    }
    vs = values.args;
    if (vs.length !== xs.length) {
      throw new BibunError(
        'usage',
        `subs: ${xs.length} variable${xs.length === 1 ? '' : 's'} but ${vs.length} value${vs.length === 1 ? '' : 's'}; give one value per variable`,
      );
    }
  } else vs = [values];
  const map = new Map<Term, Term>();
  for (let i = 0; i < xs.length; i++) {
    checkVariable(xs[i]);
    if (map.has(xs[i])) {
      throw new BibunError('usage', `subs: the variable ${shown(xs[i])} appears twice`);
    }
    map.set(xs[i], vs[i]);
  }
  const body = hasDerivativeForms(e) ? rewriteDerivatives(e) : e;
  return substitute(body, map);
}
