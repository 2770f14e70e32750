/**
 * `limit(f, x, a)` and the one-sided `limit(f, x, a, plus)` / `limit(f, x, a, minus)` (the
 * grammar has no strings, so the side is a symbol), with `a = inf` or `-inf` through x = ±1/t.
 * With x = a + t, the limit is read off the leading term c·t^v of f as t → 0 from Taylor series
 * (lib/cas/leading.ts). Where series do not decide it (a logarithm at 0, an exponential at
 * inf), each side is taken as t → 0+ on the scale t^v·log(1/t)^k·exp(e) of
 * lib/cas/asymptotic.ts: a side where f is not real does not count (the limit is over f's
 * domain, so x·log(x) at 0 is the right-hand limit), and two sides that count must agree. What
 * neither decides is an error saying so, never a guess.
 */
import { shown } from '../term/print.js';
import { BibunError } from '../base/errors.js';
import * as Q from '../base/rational.js';
import { evaluate } from '../term/evaluate.js';
import { add, div, mul, neg, num, ONE, pow, type Term, sym, ZERO } from '../term/term.js';
import { mapBottomUp, occurs, postorder, substitute, withArgs } from '../term/walk.js';
import { limitOf, NotReal, notReal, scaledLeading, separateLeadingPowers } from './asymptotic.js';
import { type Leading, leading, Undecided } from './leading.js';
import { checkSymbol } from './solve.js';
import { tidy } from './taylor.js';

const INF = sym('inf');

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
 * @throws BibunError `usage` for bad arguments, `domain` when the limit does not exist or is
 * not decided.
 * @example limit(parse('sin(x)/x'), sym('x'), num(0)) // 1
 */
export function limit(f: Term, x: Term, a: Term, side?: Term): Term {
  try {
    return limitAt(f, x, a, side);
  } catch (e) {
    // A function without derivatives has no series: say so as limit's error.
    const cause = e instanceof BibunError && e.kind === 'usage' ? e.cause : e;
    if (cause instanceof BibunError && cause.kind === 'unknown-function')
      throw new BibunError(
        'usage',
        `limit: cannot decide the limit of ${shown(f)} as ${shown(x)} -> ${shown(a)}: ${cause.message}`,
      );
    throw e;
  }
}

function limitAt(f: Term, x: Term, a: Term, side: Term | undefined): Term {
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
      `limit: cannot decide the limit of ${shown(f)} as ${shown(x)} -> ${shown(a)}`,
    );
  const sides = side === undefined ? 0 : s;
  // Below a branch point the series of one side says nothing of the other (sqrt(t^2) is |t|).
  if (branched(g, t)) return scaledLimit(f, x, a, sides, undecided);
  let l: Leading;
  try {
    l = leading(g, t);
  } catch (e) {
    if (e instanceof Undecided) return scaledLimit(f, x, a, sides, undecided);
    throw e;
  }
  if (Q.sign(l.v) >= 0) {
    const value = Q.sign(l.v) > 0 ? ZERO : tidy(l.c);
    if (notReal(l.c))
      throw new BibunError(
        'domain',
        `limit: ${shown(f)} is not real near ${shown(x)} = ${shown(a)}`,
      );
    return value;
  }
  // A pole: ±inf by the sign of c·t^v on the side taken (v is an integer: nothing is branched).
  let sign: number;
  try {
    sign = Math.sign(evaluate(l.c));
  } catch {
    throw undecided();
  }
  if (sign === 0 || Number.isNaN(sign)) throw undecided();
  const even = l.v.num % 2n === 0n;
  if (s === 0 && !even)
    // A two-sided limit that does not exist: say what each side gives.
    throw new BibunError(
      'domain',
      `limit: the one-sided limits of ${shown(f)} as ${shown(x)} -> ${shown(a)} differ: ${sign > 0 ? 'inf' : '-inf'} from the right (plus), ${sign > 0 ? '-inf' : 'inf'} from the left (minus)`,
    );
  if (s === -1 && !even) sign = -sign;
  return sign > 0 ? INF : neg(INF);
}

/** Whether g has a power of a term in t that is real on one side of 0 only (a root, u^w). */
function branched(g: Term, t: Term): boolean {
  for (const n of postorder(g)) {
    if (n.kind !== 'app' || !occurs(t, n.args[0] ?? ZERO)) continue;
    if (n.head === 'sqrt') return true;
    if (n.head === '^' && !(n.args[1].kind === 'num' && n.args[1].den === 1n)) return true;
  }
  return false;
}

/**
 * The limit where series do not decide it: each side as t → 0+ on the scale of
 * lib/cas/asymptotic.ts (x = a + t from the right, a - t from the left, ±1/t at ±inf).
 */
function scaledLimit(f: Term, x: Term, a: Term, side: 0 | 1 | -1, undecided: () => Error): Term {
  const t = sym('limit_t');
  const infinite = a === INF || a === neg(INF);
  const from = (dir: 1 | -1): Term | undefined => {
    const at = infinite ? div(a === INF ? ONE : num(-1), t) : add(a, mul(num(dir), t));
    const g = flattenPowers(substitute(f, new Map([[x, at]])));
    try {
      return limitOf(scaledLeading(separateLeadingPowers(g, t), t), t);
    } catch (e) {
      if (e instanceof NotReal) return undefined;
      if (e instanceof Undecided) throw undecided();
      throw e;
    }
  };
  const where = `${shown(f)} as ${shown(x)} -> ${shown(a)}`;
  const right = side === -1 ? undefined : from(1);
  const left = side === 0 && !infinite ? from(-1) : side === -1 ? from(-1) : undefined;
  if (right !== undefined && left !== undefined && right !== left)
    throw new BibunError(
      'domain',
      `limit: the one-sided limits of ${where} differ: ${shown(right)} from the right (plus), ${shown(left)} from the left (minus)`,
    );
  const r = right ?? left;
  if (r === undefined) {
    const on = infinite ? '' : side === 1 ? ' from the right' : side === -1 ? ' from the left' : '';
    throw new BibunError(
      'domain',
      `limit: ${shown(f)} is not real near ${shown(x)} = ${shown(a)}${on}`,
    );
  }
  return r;
}
