/**
 * The leading term c·t^v of a term g as t → 0, from Taylor series (lib/cas/taylor.ts): each
 * factor's series, powers and quotients combining valuations, and u^w taken as exp(w·log u). A
 * sum with poles is first put over one denominator. Valid on both sides of 0 (v may be a
 * fraction, where only t > 0 has real values). What series do not decide is {@link Undecided}.
 */
import { BibunError } from '../base/errors.js';
import * as Q from '../base/rational.js';
import type { Rational } from '../base/rational.js';
import { togetherTerm } from '../poly/functions.js';
import { call, mul, ONE, pow, type Term, sym, ZERO } from '../term/term.js';
import { occurs } from '../term/walk.js';
import { isZeroTerm, taylorCoefficients } from './taylor.js';

/**
 * Terms of the Taylor series tried for a leading term: 8 first, doubled while every coefficient
 * is zero, up to 64 (the cost grows as the square of the order; budgets bound it).
 */
const FIRST_ORDER = 8;
const MAX_ORDER = 64;

export const E = sym('e');

/** g ~ c·t^v as t → 0 (c a nonzero constant). */
export interface Leading {
  readonly v: Rational;
  readonly c: Term;
}

/** Thrown where the leading term is not decided (never a guess). */
export class Undecided extends Error {}

/** The leading term of g as t → 0; throws {@link Undecided} where series do not decide it. */
export function leading(g: Term, t: Term, together = true): Leading {
  if (!occurs(t, g)) return { v: Q.rational(0n), c: g };
  if (g.kind !== 'app') return series(g, t);
  if (g.head === '*') {
    let v = Q.rational(0n);
    const cs: Term[] = [];
    for (const a of g.args) {
      const l = leading(a, t);
      v = Q.add(v, l.v);
      cs.push(l.c);
    }
    return { v, c: mul(...cs) };
  }
  if (g.head === '^' && g.args[1].kind === 'num') {
    const p = g.args[1];
    const l = leading(g.args[0], t);
    return { v: Q.mul(l.v, p), c: pow(l.c, p) };
  }
  if (g.head === 'sqrt') {
    const l = leading(g.args[0], t);
    return { v: Q.mul(l.v, Q.rational(1n, 2n)), c: call('sqrt', l.c) };
  }
  if (g.head === '^' || g.head === 'exp') {
    const [b, e] = g.args;
    const w = g.head === 'exp' ? b : b === E ? e : mul(e, call('log', b));
    const l = leading(w, t);
    if (Q.sign(l.v) < 0) throw new Undecided();
    const c = Q.sign(l.v) > 0 ? ZERO : l.c;
    return { v: Q.rational(0n), c: c === ZERO ? ONE : c === ONE ? E : call('exp', c) };
  }
  if (g.head === '+' && together) {
    let h: Term;
    try {
      h = togetherTerm(g);
    } catch {
      throw new Undecided();
    }
    if (h !== g) return leading(h, t, false);
  }
  return series(g, t);
}

/** The leading term from g's Taylor series at 0. */
function series(g: Term, t: Term): Leading {
  for (let order = FIRST_ORDER; order <= MAX_ORDER; order *= 2) {
    let cs: Term[];
    try {
      cs = taylorCoefficients(g, t, ZERO, order);
    } catch (e) {
      if (e instanceof BibunError && e.kind === 'domain') throw new Undecided();
      throw e;
    }
    for (let k = 0; k < cs.length; k++)
      if (!isZeroTerm(cs[k])) return { v: Q.rational(BigInt(k)), c: cs[k] };
  }
  throw new Undecided();
}
