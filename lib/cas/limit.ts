/**
 * `limit(f, x, a)` and the one-sided `limit(f, x, a, plus)` / `limit(f, x, a, minus)` (the
 * grammar has no strings, so the side is a symbol), with `a = inf` or `-inf` through x = ±1/t.
 * With x = a + t, the limit is read off the leading term c·t^v of f as t → 0: from the Taylor
 * series (lib/cas/taylor.ts) of each factor, powers and quotients combining valuations, and
 * u^w taken as exp(w·log u). A sum with poles is first put over one denominator. What this does
 * not decide is an error saying so, never a guess.
 */
import { shown } from '../term/print.js';
import { BibunError } from '../base/errors.js';
import * as Q from '../base/rational.js';
import type { Rational } from '../base/rational.js';
import { togetherTerm } from '../poly/functions.js';
import { evaluate } from '../term/evaluate.js';
import { add, call, div, mul, neg, num, ONE, pow, type Term, sym, ZERO } from '../term/term.js';
import { mapBottomUp, occurs, substitute, withArgs } from '../term/walk.js';
import { checkSymbol } from './solve.js';
import { isZeroTerm, taylorCoefficients, tidy } from './taylor.js';

/**
 * Terms of the Taylor series tried for a leading term: 8 first, doubled while every coefficient
 * is zero, up to 64 (the cost grows as the square of the order; budgets bound it).
 */
const FIRST_ORDER = 8;
const MAX_ORDER = 64;

const INF = sym('inf');
const E = sym('e');

/** f ~ c·t^v as t → 0 (c a nonzero constant), or undefined when not decided. */
interface Leading {
  readonly v: Rational;
  readonly c: Term;
}

class Undecided extends Error {}

function leading(g: Term, t: Term, together = true): Leading {
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

/** (b^p)^q as b^(p·q) for an integer q (so (1/t)^(-1) is t), which the constructors keep. */
function flattenPowers(g: Term): Term {
  return mapBottomUp(g, (node, args) => {
    const n = withArgs(node, args);
    if (n.kind !== 'app' || n.head !== '^') return n;
    const [b, q] = n.args;
    if (q.kind !== 'num' || q.den !== 1n || b.kind !== 'app' || b.head !== '^') return n;
    const p = b.args[1];
    return p.kind === 'num' ? pow(b.args[0], num(Q.mul(p, q))) : n;
  });
}

function sideOf(s: Term | undefined): 0 | 1 | -1 {
  if (s === undefined) return 0;
  if (s.kind === 'sym' && s.name === 'plus') return 1;
  if (s.kind === 'sym' && s.name === 'minus') return -1;
  throw new BibunError('usage', `limit: the side must be plus or minus, got ${shown(s)}`);
}

/**
 * The limit of f as x → a (from one side when `side` is `plus` or `minus`).
 *
 * @throws BibunError `usage` for bad arguments, `domain` when series expansion does not decide.
 * @example limit(parse('sin(x)/x'), sym('x'), num(0)) // 1
 */
export function limit(f: Term, x: Term, a: Term, side?: Term): Term {
  checkSymbol('limit', x);
  let s = sideOf(side);
  const t = sym('limit_t');
  let at: Term;
  if (a === INF || a === neg(INF)) {
    if (side !== undefined) throw new BibunError('usage', 'limit: at inf the side is implied');
    at = div(a === INF ? ONE : num(-1), t);
    s = 1;
  } else {
    if (occurs(x, a))
      throw new BibunError('usage', `limit: the point ${shown(a)} contains ${shown(x)}`);
    at = a === ZERO ? t : add(a, t);
  }
  const g = flattenPowers(substitute(f, new Map([[x, at]])));
  const undecided = () =>
    new BibunError(
      'domain',
      `limit: series expansion does not decide the limit of ${shown(f)} as ${shown(x)} -> ${shown(a)}`,
    );
  let l: Leading;
  try {
    l = leading(g, t);
  } catch (e) {
    if (e instanceof Undecided) throw undecided();
    throw e;
  }
  if (Q.sign(l.v) > 0) return ZERO;
  if (Q.sign(l.v) === 0) return tidy(l.c);
  // A pole: ±inf by the sign of c·t^v on the side taken.
  let sign: number;
  try {
    sign = Math.sign(evaluate(l.c));
  } catch {
    throw undecided();
  }
  const even = Q.isInteger(l.v) && l.v.num % 2n === 0n;
  if (s === 0 && !even) {
    if (sign === 0 || Number.isNaN(sign)) throw undecided();
    // A two-sided limit that does not exist: say what each side gives.
    const right = sign > 0 ? 'inf' : '-inf';
    const where = `${shown(f)} as ${shown(x)} -> ${shown(a)}`;
    if (!Q.isInteger(l.v))
      throw new BibunError(
        'domain',
        `limit: ${where} has a limit from the right only, ${right} (give the side: plus)`,
      );
    throw new BibunError(
      'domain',
      `limit: the one-sided limits of ${where} differ: ${right} from the right (plus), ${sign > 0 ? '-inf' : 'inf'} from the left (minus)`,
    );
  }
  if (s === -1 && !Q.isInteger(l.v)) throw undecided();
  if (s === -1 && !even) sign = -sign;
  if (sign === 0 || Number.isNaN(sign)) throw undecided();
  return sign > 0 ? INF : neg(INF);
}
