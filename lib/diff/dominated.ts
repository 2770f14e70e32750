/**
 * Path sums through per-variable dominator trees, shared across variables (and, in reverse,
 * per-root post-dominator trees shared across roots): the factoring of the Jacobian per
 * (variable, root) pair that FastDifferentiation.jl does, in the form of the sweeps.
 *
 * Forward, for one variable x: if d is the immediate dominator of v from x (every path x → v
 * passes d), then PS(x → v) = PS(d → v) · PS(x → d). The factor PS(d → v) is the sum over all
 * paths d → v of the graph — it does not depend on x — so it is computed once, keyed by the pair
 * (d, v), and every variable whose dominator tree has the same pair reuses it. Each such factor
 * is itself a sum over v's in-edges u → v of label · PS(d → u), and PS(d → u) is the product of
 * the factors up the dominator tree from u to d (u is dominated by d: a path x → u → v passes d
 * before u). So the x-sweep costs what a plain forward sweep costs, and a region that several
 * variables enter through one node (the r² = x² + y² + z² of the solid harmonics, entered from
 * x and from y) is summed once instead of once per variable.
 *
 * Why the pair's factor is the same for every variable: PS(d → v) sums over the paths of the
 * graph from d to v, all of whose nodes any variable reaching d also reaches, and the in-edges
 * of v that can carry such a path are exactly the ones from nodes reachable from d. Reverse is
 * the mirror image: PS(u → r) = PS(u → p) · PS(p → r) for p the immediate post-dominator of u
 * towards root r, with PS(u → p) keyed by (u, p) and shared by the roots.
 *
 * Node indices of a {@link DiffGraph} are topological, so the trees are built in one pass in
 * index order (an immediate dominator has a smaller index, a post-dominator a larger one), and
 * everything is iterative: chains of 10^4 nodes are fine.
 */
import { ONE, ZERO, type Term } from '../term/term.js';
import { pollBudget } from '../base/budget.js';
import { pairs, pathSumJacobian, type DiffGraph } from './graph.js';
import { force, sumOfProducts, times, type Lazy } from './lazy.js';

/** What the sweeps shared (for dstar's cost guard and the benchmarks). */
export interface SweepStats {
  /** Pairs (node, immediate dominator) whose path sum several sweeps used. */
  shared: number;
}

/**
 * The Jacobian `J[r][k] = ∂sinks[r]/∂sources[k]` of `g` by dominator-factored sweeps: forward
 * (one dominator tree per variable) when there are fewer variables than roots or one variable,
 * reverse (one post-dominator tree per root) otherwise — the choice of pathSumJacobian.
 */
export function dominatedJacobian(g: DiffGraph, stats?: SweepStats): Term[][] {
  const reverse = g.sinks.length <= g.sources.length && g.sources.length > 1;
  const starts = reverse ? g.sinks : g.sources;
  // One sweep has nothing to share with.
  if (starts.filter((s) => s >= 0).length < 2) return pathSumJacobian(g);
  const J: Term[][] = g.sinks.map(() => g.sources.map(() => ZERO));
  const sweep = new Sweep(g, reverse ? 'reverse' : 'forward');
  const ends = reverse ? g.sources : g.sinks;
  sweep.each(starts, (i, ps) =>
    ends.forEach((e, j) => {
      const p = e < 0 ? ZERO : force(ps[e] ?? ZERO);
      if (reverse) J[i][j] = p;
      else J[j][i] = p;
    }),
  );
  if (stats) stats.shared = sweep.shared;
  return J;
}

/**
 * Sweeps of one direction over one graph, with the factors PS between a node and its immediate
 * (post-)dominator memoised across sweeps.
 */
class Sweep {
  /** Number of pairs factored because several trees have them. */
  shared = 0;
  private readonly n: number;
  /** Factor of the pair (d, v): PS(d → v), d = idom(v) in some sweep (forward). */
  private readonly factors = new Map<number, Term>();
  /** PS between a tree ancestor and a node, keyed by the pair (the chains of factors). */
  private readonly spans = new Map<number, Lazy>();

  constructor(
    private readonly g: DiffGraph,
    private readonly dir: 'forward' | 'reverse',
  ) {
    this.n = g.terms.length;
  }

  /**
   * Path sums between each start and every node (sparse: undefined where there is no path),
   * handed to `use` one start at a time. A node's sum is factored through its immediate
   * dominator only where another start's tree has the same pair: there the factor is shared;
   * elsewhere the plain sum over its edges is as cheap and keeps parallel unit labels apart
   * (`p + p`, never `2·p`). Trees are built twice (to count the pairs, then to sweep) rather
   * than kept: one tree per start over a large graph would be the Jacobian's size in memory.
   */
  each(
    starts: readonly number[],
    use: (i: number, ps: readonly (Lazy | undefined)[]) => void,
  ): void {
    const n = this.n;
    // The pair (first[v], v) seen in some tree, and whether a second tree had it; pairs with
    // another dominator are counted in `others`.
    const first = new Int32Array(n).fill(-1);
    const again = new Uint8Array(n);
    const others = new Map<number, number>();
    for (const s of starts) {
      if (s < 0) continue;
      const idom = this.tree(s);
      for (let v = 0; v < n; v++) {
        const d = idom[v];
        if (d < 0 || d === v || d === s) continue;
        if (first[v] < 0) first[v] = d;
        else if (first[v] === d) {
          if (again[v] === 0) this.shared++;
          again[v] = 1;
        } else {
          const k = this.key(d, v);
          const c = (others.get(k) ?? 0) + 1;
          others.set(k, c);
          if (c === 2) this.shared++;
        }
      }
    }
    const shared = (d: number, v: number) =>
      first[v] === d ? again[v] === 1 : (others.get(this.key(d, v)) ?? 0) > 1;
    starts.forEach((s, i) => {
      if (s >= 0) use(i, this.sweep(s, this.tree(s), shared));
    });
  }

  /** The (post-)dominator tree from `start`: -1 for the nodes it does not reach. */
  private tree(start: number): Int32Array {
    const { g, n } = this;
    const preds = this.dir === 'forward' ? g.inp : g.out;
    const idom = new Int32Array(n).fill(-1);
    idom[start] = start;
    const step = this.dir === 'forward' ? 1 : -1;
    for (let v = start + step; v >= 0 && v < n; v += step) {
      pollBudget();
      if (!g.alive[v]) continue;
      let d = -1;
      for (const u of preds[v].keys()) {
        if (idom[u] < 0) continue;
        d = d < 0 ? u : this.meet(idom, d, u);
      }
      idom[v] = d;
    }
    return idom;
  }

  private sweep(
    start: number,
    idom: Int32Array,
    shared: (d: number, v: number) => boolean,
  ): Lazy[] {
    const { g, n } = this;
    const preds = this.dir === 'forward' ? g.inp : g.out;
    const ps: Lazy[] = new Array(n);
    ps[start] = ONE;
    const step = this.dir === 'forward' ? 1 : -1;
    for (let v = start + step; v >= 0 && v < n; v += step) {
      pollBudget();
      const d = idom[v];
      if (d < 0) continue;
      if (d !== start && shared(d, v)) {
        const f = this.factor(idom, d, v);
        ps[v] = f === ZERO || ps[d] === ZERO ? ZERO : times(f, ps[d]);
      } else ps[v] = sumOfProducts(pairs(preds[v], ps));
    }
    return ps;
  }

  /** The nearest common ancestor of a and b in the tree being built. */
  private meet(idom: Int32Array, a: number, b: number): number {
    if (this.dir === 'forward') {
      while (a !== b) {
        while (a > b) a = idom[a];
        while (b > a) b = idom[b];
      }
    } else {
      while (a !== b) {
        while (a < b) a = idom[a];
        while (b < a) b = idom[b];
      }
    }
    return a;
  }

  private key(a: number, b: number): number {
    return a * this.n + b;
  }

  /** PS(d → v) (forward) or PS(v → d) (reverse) for d = idom(v): one sum over v's edges. */
  private factor(idom: Int32Array, d: number, v: number): Term {
    const k = this.key(d, v);
    const known = this.factors.get(k);
    if (known !== undefined) return known;
    const fwd = this.dir === 'forward';
    const pairs: [Term, Lazy][] = [];
    for (const [u, labels] of (fwd ? this.g.inp : this.g.out)[v]) {
      if (idom[u] < 0) continue;
      const p = this.span(idom, d, u);
      if (p === ZERO) continue;
      for (const l of labels) pairs.push([l, p]);
    }
    const f = force(sumOfProducts(pairs));
    this.factors.set(k, f);
    return f;
  }

  /** PS between the tree ancestor `d` and `u`: the product of the factors on the tree path. */
  private span(idom: Int32Array, d: number, u: number): Lazy {
    if (u === d) return ONE;
    // Walk up to d (or to a span already known), then build the chain back down.
    const path: number[] = [];
    let w = u;
    let base: Lazy = ONE;
    while (w !== d) {
      const known = this.spans.get(this.key(d, w));
      if (known !== undefined) {
        base = known;
        break;
      }
      path.push(w);
      w = idom[w];
    }
    for (let i = path.length - 1; i >= 0; i--) {
      const x = path[i];
      const f = this.factor(idom, idom[x], x);
      base = f === ZERO || base === ZERO ? ZERO : times(f, base);
      this.spans.set(this.key(d, x), base);
    }
    return base;
  }
}
