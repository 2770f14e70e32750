/**
 * `series(f, x, a, n)`: the Taylor polynomial of order n of f at x = a, with exact simplified
 * coefficients (lib/cas/taylor.ts propagates the truncated series through the DAG), and the
 * order of the remainder, `O((x - a)^(n+1))`. Where f has a pole or a removable singularity at
 * a (`1/sin(x)`, `sin(x)/x`), its Laurent series through (x − a)^n (lib/cas/laurent.ts).
 */
import { shown } from '../term/print.js';
import { BibunError } from '../base/errors.js';
import { add, mul, pow, num, sub, type Term, ZERO } from '../term/term.js';
import { checkSymbol } from './solve.js';
import { laurentSeries } from './laurent.js';

/** Largest order accepted. */
export const maxSeriesOrder = 200;

/** A Taylor expansion: the polynomial and the exponent of its remainder term. */
export interface Expansion {
  readonly polynomial: Term;
  /**
   * The lowest power of (x − a) kept: 0, or negative at a pole (`1/x`: −1). `coefficients[k]`
   * is that of (x − a)^(valuation + k).
   */
  readonly valuation: number;
  /** The coefficients of (x − a)^valuation..n, simplified. */
  readonly coefficients: readonly Term[];
  /** n + 1: the remainder is O((x − a)^order). */
  readonly order: number;
  /** `O((x - a)^(n+1))` as text, for front ends. */
  readonly remainder: string;
  /** x − a (x itself at a = 0): the polynomial is in its powers. */
  readonly variable: Term;
}

function orderOf(n: Term): number {
  if (n.kind !== 'num' || n.den !== 1n || n.num < 0n || n.num > BigInt(maxSeriesOrder)) {
    throw new BibunError(
      'usage',
      `series: the order must be an integer from 0 to ${maxSeriesOrder}, got ${shown(n)}`,
    );
  }
  return Number(n.num);
}

/**
 * The Taylor polynomial of f at x = a of order n.
 *
 * @throws BibunError `usage` for a bad variable or order, `domain` where f has no Laurent series.
 * @example series(parse('exp(x)'), sym('x'), num(0), num(3)).polynomial // 1 + x + x^2/2 + x^3/6
 */
export function series(f: Term, x: Term, a: Term, n: Term): Expansion {
  checkSymbol('series', x);
  const order = orderOf(n);
  // The Taylor series where f has one (Laurent's first try on every term), else the Laurent
  // series, or its error naming where there is none.
  const { v: valuation, c: coefficients } = laurentSeries(f, x, a, order);
  const h = a === ZERO ? x : sub(x, a);
  const polynomial = add(...coefficients.map((c, k) => mul(c, pow(h, num(valuation + k)))));
  return {
    polynomial,
    valuation,
    coefficients,
    order: order + 1,
    remainder: `O(${a === ZERO ? shown(x) : `(${shown(h)})`}${order === 0 ? '' : `^${order + 1}`})`,
    variable: h,
  };
}
