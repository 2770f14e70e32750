/**
 * Lazy products of path labels. Multiplying a chain of k labels one at a time through the
 * canonical constructor re-flattens and re-sorts a growing product k times (O(k²) argument
 * copies, each sort comparing deep terms); a chain of 10^4 edges would take minutes. Instead a
 * path product is kept as a persistent list of factors and built as one term, once, when a sum
 * or the caller needs it.
 */
import { acKeep, isApp, ONE, ZERO, type Term } from '../term/term.js';

/** A product not yet built: `factor` times `rest`. */
export class LazyProduct {
  private built: Term | undefined;
  constructor(
    readonly factor: Term,
    readonly rest: Lazy,
  ) {}

  /** The product as a canonical term (built once). */
  term(): Term {
    if (this.built === undefined) {
      const factors: Term[] = [];
      let p: Lazy = this;
      const push = (t: Term) => {
        if (isApp(t, '*') && !large(t)) for (const a of t.args) factors.push(a);
        else factors.push(t);
      };
      while (p instanceof LazyProduct && p.built === undefined) {
        push(p.factor);
        p = p.rest;
      }
      push(p instanceof LazyProduct ? p.built! : p);
      // mul sorts by compareTerms, which may descend deep into terms; handing it factors already
      // in a cheap approximation of that order (kind, head, arity, height) lets its sort run in
      // linear time on chains. The result is the same term either way.
      factors.sort(cheapOrder);
      this.built = acKeep('*', factors, large);
    }
    return this.built;
  }
}

/**
 * Products and sums of more than this many arguments stay one node inside the products and sums
 * built here (acKeep) instead of being flattened into them: such a node is usually shared (a
 * label, a prefix or suffix product, a path sum used by several paths), and copying its arguments
 * into every user is what makes a derivative quadratic. Smaller ones are flattened, which costs
 * O(1) per use and lets their numbers combine.
 */
const SPLICE_MAX = 4;

function large(t: Term): boolean {
  return t.kind === 'app' && t.args.length > SPLICE_MAX;
}

const kindRank = { num: 0, sym: 1, app: 2, var: 3 } as const;

function cheapOrder(a: Term, b: Term): number {
  if (a.kind !== b.kind) return kindRank[a.kind] - kindRank[b.kind];
  if (a.kind !== 'app' || b.kind !== 'app') return 0;
  if (a.head !== b.head) return a.head < b.head ? -1 : 1;
  return a.args.length - b.args.length || a.height - b.height;
}

/** A term, or a product of terms not yet built. */
export type Lazy = Term | LazyProduct;

/** The canonical term of a lazy value. */
export function force(p: Lazy): Term {
  return p instanceof LazyProduct ? p.term() : p;
}

/** `label · p`, lazily; folds the 0 and 1 cases at once. */
export function times(label: Term, p: Lazy): Lazy {
  if (p === ZERO || label === ZERO) return ZERO;
  if (p === ONE) return label;
  if (label === ONE) return p;
  // A number times a sum stays one product c·(sum). Distributing c into the sum's terms would
  // fold it into their coefficients, but the sum is usually shared (a tangent used by several
  // parents, a Jacobian entry's factor), and a distributed copy is as many new product nodes as
  // the sum has terms: a fifth of the nodes of the spherical harmonics Jacobian at order 25.
  return new LazyProduct(label, p);
}

/**
 * The sum of `label · p` over the given pairs: a single pair stays lazy (a chain keeps growing
 * without being built); several are built and added.
 */
export function sumOfProducts(pairs: readonly (readonly [Term, Lazy])[]): Lazy {
  const live = pairs.filter(([l, p]) => l !== ZERO && p !== ZERO);
  if (live.length === 0) return ZERO;
  if (live.length === 1) return times(live[0][0], live[0][1]);
  return acKeep(
    '+',
    live.map(([l, p]) => force(times(l, p))),
    large,
  );
}
