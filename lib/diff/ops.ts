/**
 * Operation counts of a term as a straight-line program: each distinct node is computed once,
 * so shared subterms count once. This is the cost measure of DSTAR.md's checks and of the
 * benchmarks (a derivative's multiplications against the function's).
 */
import { isApp, list, type Term } from '../term/term.js';
import { postorder } from '../term/walk.js';

/** Counts of the operations needed to evaluate a term (each shared node once). */
export interface OpCounts {
  /** Multiplications: k − 1 for a product of k factors, not counting a coefficient −1. */
  readonly mul: number;
  /** Additions and subtractions: k − 1 for a sum of k terms. */
  readonly add: number;
  /** Negations: products whose coefficient is −1. */
  readonly neg: number;
  /** Powers `a^b` (including reciprocals `a^(-1)`). */
  readonly pow: number;
  /** Calls of named functions (`sin`, `log`, user functions). */
  readonly call: number;
  /** The sum of the above. */
  readonly total: number;
}

/**
 * Counts the operations of `t` (a list counts all of its entries, sharing across them).
 *
 * @example countOps(parse('(4 + sin(x))*cos(sin(x))')) // { mul: 1, add: 1, neg: 0, pow: 0, call: 2, total: 4 }
 */
export function countOps(t: Term | readonly Term[]): OpCounts {
  let mul = 0;
  let add = 0;
  let neg = 0;
  let pow = 0;
  let call = 0;
  const seen = new Set<number>();
  const roots: readonly Term[] = Array.isArray(t) ? (t as readonly Term[]) : [t as Term];
  // One walk over all roots together: a walk per root would revisit what roots share (the
  // prefix products of a gradient: quadratic).
  const all = roots.length === 1 ? roots[0] : list(...roots);
  for (const n of postorder(all)) {
    if (n === all && n !== roots[0]) continue;
    if (seen.has(n.id) || !isApp(n)) continue;
    seen.add(n.id);
    switch (n.head) {
      case '+':
        add += n.args.length - 1;
        break;
      case '*': {
        const first = n.args[0];
        const minusOne = first.kind === 'num' && first.num === -1n && first.den === 1n;
        if (minusOne) neg++;
        mul += n.args.length - (minusOne ? 2 : 1);
        break;
      }
      case '^':
        pow++;
        break;
      case 'list':
        break;
      default:
        call++;
    }
  }

  return { mul, add, neg, pow, call, total: mul + add + neg + pow + call };
}
