/**
 * The `dstar` method: factor the differentiation graph with dominator and post-dominator trees
 * before summing over paths (Guenter 2007; see DSTAR.md).
 *
 * A factor subgraph is a pair (a, b) with more than one path a → b where either a dominates b
 * (every path from a variable to b passes through a) or b post-dominates a (every path from a to
 * a root passes through b). Factoring it adds the edge a → b labelled with the path sum
 * PS(a → b), and deletes the subgraph's edges whose every variable-to-root path is now counted by
 * the new edge:
 *
 * - dominator case: edge u → v is deleted when v = b or every path from v to a root passes b;
 * - post-dominator case: edge u → v is deleted when u = a or every path from a variable to u
 *   passes a.
 *
 * Every deleted edge leaves no old a → b path intact (the first or last edge of each is gone),
 * and a kept edge only carries paths that avoid b (resp. a), so the total path sum between every
 * variable and every root is unchanged.
 *
 * Several variables and roots share one factoring: dominators are computed from a virtual
 * source joined to every variable and post-dominators towards a virtual sink joined from every
 * root, so a factor subgraph found that way is valid for every (variable, root) pair at once and
 * the new edges serve the whole Jacobian. What factoring leaves is summed by
 * {@link dominatedJacobian} (one reverse sweep per root, or one forward sweep per variable),
 * which factors per (variable, root) pair what the virtual source and sink hide: a region that
 * several variables enter through one node (or several roots leave through one) is summed once.
 *
 * Order: candidates are factored smallest first (inner before outer), many per round, with the
 * dominator trees of the round's start. That is sound because factoring (a', b') only removes
 * edges and adds a' → b', which stands for paths a' → … → b' of the old graph: a path to b in
 * the new graph, with each new edge expanded back into such a path, is a path of the old graph,
 * so it passes a when a dominated b, and a lies on the new path unless it was strictly inside
 * the factored subgraph. So a candidate (a, b) of the dominator kind stays valid unless a is
 * interior to a subgraph factored earlier in the round (symmetrically b for the post-dominator
 * kind); only those are left to the next round, which recomputes the trees. Subgraphs are
 * recomputed on the current graph before each factoring. Each factoring removes at least two
 * edges and adds one, so the rounds terminate; with one variable and one root they end with a
 * single path. (Deferring every candidate that merely overlaps an earlier one, as a first
 * version did, took one round per level on x^x^…^x: O(n) dominator recomputations.)
 */
import { dominatorTree, postDominatorTree } from './dominators.js';
import { ONE, ZERO, type Sym, type Term } from '../term/term.js';
import {
  buildGraph,
  copyGraph,
  pathSumJacobian,
  prune,
  removeEdge,
  setEdge,
  type DiffGraph,
} from './graph.js';
import { force, sumOfProducts, type Lazy } from './lazy.js';
import { countOps } from './ops.js';
import { dominatedJacobian, type SweepStats } from './dominated.js';
import type { PartialsTable } from './partials.js';
import { pollBudget } from '../base/budget.js';

/** What factoring did (for benchmarks and tests). */
export interface FactorStats {
  rounds: number;
  factorings: number;
  /** False when the plain path sum was cheaper and was returned instead (see dstarJacobian). */
  factored?: boolean;
  /** Path sums between a node and its immediate dominator shared by several sweeps (dominated.ts). */
  sharedFactors?: number;
}

type Kind = 'dom' | 'pdom';

interface Candidate {
  readonly kind: Kind;
  readonly a: number;
  readonly b: number;
  readonly size: number;
}

/**
 * The Jacobian `J[r][k] = ∂roots[r]/∂vars[k]` by the factored differentiation graph.
 *
 * @example dstarJacobian([parse('(4 + sin(x))*cos(sin(x))')], [sym('x')], defaultPartials())
 * // [[(cos(sin(x)) - (4 + sin(x))*sin(sin(x)))*cos(x)]]
 */
export function dstarJacobian(
  roots: readonly Term[],
  vars: readonly Sym[],
  table: PartialsTable,
  stats?: FactorStats,
): Term[][] {
  const g = buildGraph(roots, vars, table);
  // The unfactored graph, kept for the plain path sums (see the note on cost below).
  const original = copyGraph(g);
  const s = factorGraph(g);
  const sums: SweepStats = { shared: 0 };
  const factored = dominatedJacobian(g, sums);
  const untouched = s.factorings === 0 && sums.shared === 0;
  const plain = untouched ? factored : pathSumJacobian(original);
  const useFactored = untouched || !costlier(factored, plain);
  if (stats) {
    stats.rounds = s.rounds;
    stats.factorings = s.factorings;
    stats.factored = useFactored;
    stats.sharedFactors = sums.shared;
  }
  return useFactored ? factored : plain;
}

/**
 * True when `a` needs more multiplications than `b` (then more operations in all), counting
 * each shared node once over the whole Jacobian.
 *
 * Factoring is a heuristic: it multiplies a factor subgraph's path sum in once, but it also
 * stops numeric labels from folding across the subgraph's boundary (the forward sum of
 * y² + sqrt(y² + 1) carries 2·y into (1/2)·sqrt(y² + 1)^(-1) where the coefficients cancel,
 * the factored form pays 2·y·(…)), and two overlapping factor subgraphs can each multiply what
 * the plain sum adds first and multiplies once. Those cases are rare (about 1 derivative in 200
 * of spec/diff's random expressions) and small, so dstar counts both results and keeps the
 * cheaper: it never needs more multiplications than the plain path sum, which is the `graph`
 * and `dag` methods' result.
 */
function costlier(a: readonly (readonly Term[])[], b: readonly (readonly Term[])[]): boolean {
  const ca = countOps(a.flat());
  const cb = countOps(b.flat());
  return ca.mul > cb.mul || (ca.mul === cb.mul && ca.total > cb.total);
}

/** Factors `g` in place until no factor subgraph with more than one path is left. */
export function factorGraph(g: DiffGraph): FactorStats {
  const stats: FactorStats = { rounds: 0, factorings: 0 };
  const n = g.terms.length;
  const isSource = new Uint8Array(n);
  const isSink = new Uint8Array(n);
  for (const s of g.sources) if (s >= 0) isSource[s] = 1;
  for (const s of g.sinks) if (s >= 0) isSink[s] = 1;
  for (;;) {
    const cands = candidates(g, isSource, isSink);
    if (cands.length === 0) return stats;
    stats.rounds++;
    // interior[v]: v was strictly inside a subgraph factored in this round.
    const interior = new Uint8Array(n);
    let done = 0;
    for (const c of cands) {
      pollBudget();
      if (!g.alive[c.a] || !g.alive[c.b]) continue;
      // The candidate's dominance may have been broken only if its dominator (a) or
      // post-dominator (b) lies strictly inside a subgraph factored since the trees were built
      // (see the header); otherwise its subgraph is recomputed on the current graph.
      if (c.kind === 'dom' ? interior[c.a] : interior[c.b]) continue;
      const S = subgraph(g, c.kind, c.a, c.b);
      if (!severalPaths(g, c.kind, c.a, c.b, S)) continue;
      factor(g, c.kind, c.a, c.b, S, isSource, isSink);
      for (const v of S) if (v !== c.a && v !== c.b) interior[v] = 1;
      done++;
    }
    stats.factorings += done;
    if (done === 0) return stats;
  }
}

/** The factor subgraphs of the current graph, smallest first. */
function candidates(g: DiffGraph, isSource: Uint8Array, isSink: Uint8Array): Candidate[] {
  const n = g.terms.length;
  const X = n;
  const F = n + 1;
  const succ: number[][] = Array.from({ length: n + 2 }, () => []);
  for (let u = 0; u < n; u++) {
    if (!g.alive[u]) continue;
    for (const v of g.out[u].keys()) succ[u].push(v);
    if (isSource[u]) succ[X].push(u);
    if (isSink[u]) succ[u].push(F);
  }
  const dom = dominatorTree(succ, X);
  const pdom = postDominatorTree(succ, F);
  const seen = new Set<number>();
  const out: Candidate[] = [];
  const consider = (kind: Kind, a: number, b: number) => {
    const key = a * (n + 2) + b;
    if (seen.has(key)) return;
    seen.add(key);
    const S = subgraph(g, kind, a, b);
    if (severalPaths(g, kind, a, b, S)) out.push({ kind, a, b, size: S.length });
  };
  for (let v = 0; v < n; v++) {
    if (!g.alive[v]) continue;
    const a = dom.idom[v];
    if (a >= 0 && a < n && a !== v) consider('dom', a, v);
    const b = pdom.idom[v];
    if (b >= 0 && b < n && b !== v) consider('pdom', v, b);
  }
  out.sort((p, q) => p.size - q.size || (p.kind === q.kind ? 0 : p.kind === 'dom' ? -1 : 1));
  return out;
}

/**
 * The nodes on paths a → b, in topological order. Dominator case: searched backwards from b,
 * not past a (every node that reaches b is reached from a). Post-dominator case: forwards from
 * a, not past b.
 */
function subgraph(g: DiffGraph, kind: Kind, a: number, b: number): number[] {
  const [from, stop, next] = kind === 'dom' ? [b, a, g.inp] : [a, b, g.out];
  const seen = new Set<number>([from]);
  const stack = [from];
  while (stack.length > 0) {
    pollBudget();
    const u = stack.pop()!;
    if (u === stop) continue;
    for (const w of next[u].keys()) {
      if (!seen.has(w)) {
        seen.add(w);
        stack.push(w);
      }
    }
  }
  return [...seen].sort((p, q) => p - q);
}

/**
 * True when there is more than one path a → b (the subgraph has more edges than a chain) and
 * factoring can save work: a subgraph of parallel edges alone (no inner node) is left to the
 * final path sum, where `p·d + q·d` costs no more than `(p + q)·d` and keeps `1·d + 1·d` free of
 * a multiplication by 2.
 */
function severalPaths(
  g: DiffGraph,
  kind: Kind,
  a: number,
  b: number,
  S: readonly number[],
): boolean {
  if (S.length <= 2) return false;
  let edges = 0;
  // Parallel edges (one per argument slot) are separate paths.
  const count = (m: ReadonlyMap<number, readonly Term[]>) => {
    let c = 0;
    for (const labels of m.values()) c += labels.length;
    return c;
  };
  for (const v of S)
    edges += kind === 'dom' ? (v === a ? 0 : count(g.inp[v])) : v === b ? 0 : count(g.out[v]);
  return edges > S.length - 1;
}

function factor(
  g: DiffGraph,
  kind: Kind,
  a: number,
  b: number,
  S: readonly number[],
  isSource: Uint8Array,
  isSink: Uint8Array,
): void {
  const inS = new Set(S);
  // The path sum PS(a → b).
  // Forwards from a in both cases, as the chain rule runs: a backward sweep would add parallel
  // unit labels into a number and multiply by it. Sums are pushed along the out-edges of S's
  // nodes (b's are not looked at), so the cost is that of S's edges even when b is a sum of
  // thousands of terms (a gradient's root), which pulling along b's in-edges would not be.
  const incoming = new Map<number, [Term, Lazy][]>();
  let label: Term = ONE;
  for (const v of S) {
    let p: Lazy = ONE;
    if (v !== a) p = sumOfProducts(incoming.get(v) ?? []);
    incoming.delete(v);
    if (v === b) {
      label = force(p);
      break;
    }
    if (p === ZERO) continue;
    for (const [w, labels] of g.out[v]) {
      if (!inS.has(w)) continue;
      let into = incoming.get(w);
      if (into === undefined) incoming.set(w, (into = []));
      for (const l of labels) into.push([l, p]);
    }
  }

  const doomed: [number, number][] = [];
  if (kind === 'dom') {
    // escapes[v]: v reaches a root by some path that avoids b.
    const escapes = new Set<number>();
    for (let k = S.length - 1; k >= 0; k--) {
      const v = S[k];
      if (v === b) continue;
      let esc = isSink[v] === 1;
      for (const w of g.out[v].keys())
        if (esc || !inS.has(w) || (w !== b && escapes.has(w))) esc = true;
      if (esc) escapes.add(v);
    }
    for (const u of S) {
      if (u === b) continue;
      for (const v of g.out[u].keys())
        if (inS.has(v) && (v === b || !escapes.has(v))) doomed.push([u, v]);
    }
  } else {
    // leaks[u]: some variable reaches u by a path that avoids a.
    const leaks = new Set<number>();
    for (const u of S) {
      if (u === a || u === b) continue;
      let leak = isSource[u] === 1;
      for (const w of g.inp[u].keys())
        if (leak || !inS.has(w) || (w !== a && leaks.has(w))) leak = true;
      if (leak) leaks.add(u);
    }
    for (const u of S) {
      if (u === b || (u !== a && leaks.has(u))) continue;
      for (const v of g.out[u].keys()) if (inS.has(v)) doomed.push([u, v]);
    }
  }
  for (const [u, v] of doomed) removeEdge(g, u, v);
  setEdge(g, a, b, label);
  prune(g, S, isSource, isSink);
}
