/**
 * The differentiation graph (DSTAR.md): the nodes of the expression DAG that lie on some path
 * from a variable up to a root, with an edge child → parent for every argument slot, labelled
 * with the local partial ∂parent/∂child from the partials table. (A product containing an
 * earlier product Q takes Q and its remaining factors as inputs instead of all its factors:
 * see splitProduct in partials.ts.) A derivative is the sum over
 * paths of the products of edge labels (Bauer's formula), computed here by dynamic programming
 * over a topological order — linear in the number of edges.
 *
 * The graph is mutable so that lib/diff/dstar.ts can factor it in place: edges live in two
 * mirrored adjacency maps, and node indices are a topological order (every edge goes from a
 * lower to a higher index), which factoring preserves because it only adds an edge a → b when
 * b was already reachable from a.
 */
import { ONE, ZERO, type Sym, type Term } from '../term/term.js';
import { force, sumOfProducts, type Lazy } from './lazy.js';
import { postorderAll } from '../term/walk.js';
import type { PartialsTable } from './partials.js';
import { pollBudget } from '../base/budget.js';

/**
 * The labels of the parallel edges between two nodes, one per argument slot (`x*x` has two
 * edges from x). They are kept apart rather than added up, so that a path sum over them is
 * `p·d + q·d` as the chain rule writes it, never a new product `(p + q)·d`.
 */
export type Labels = readonly Term[];

/** A differentiation graph for some variables and roots. */
export interface DiffGraph {
  /** Node index → primal term. Indices are topological: edges go from lower to higher. */
  readonly terms: readonly Term[];
  /** `out[u]`: parent → labels of the edges u → parent. */
  readonly out: Map<number, Labels>[];
  /** `inp[v]`: child → labels of the edges child → v (mirrors `out`). */
  readonly inp: Map<number, Labels>[];
  /** Node index of each variable, or -1 when no root depends on it. */
  readonly sources: readonly number[];
  /** Node index of each root, or -1 when it depends on no variable. */
  readonly sinks: readonly number[];
  /** 1 for a node still in the graph (factoring removes nodes left off every path). */
  readonly alive: Uint8Array;
}

/**
 * Builds the differentiation graph of `roots` with respect to `vars`. Labels that fold to 0
 * drop their edge; an argument used in several slots gets one parallel edge per slot.
 */
export function buildGraph(
  roots: readonly Term[],
  vars: readonly Sym[],
  table: PartialsTable,
): DiffGraph {
  const varIndex = new Map<Term, number>();
  vars.forEach((v, k) => varIndex.set(v, k));
  // Distinct nodes of all roots, children first.
  // One walk over all roots: root by root would cost the sum of their DAG sizes.
  const order: Term[] = [];
  for (const t of postorderAll(roots)) {
    pollBudget();
    order.push(t);
  }
  // Keep the nodes that depend on some variable.
  const depends = new Set<number>();
  const terms: Term[] = [];
  const index = new Map<number, number>();
  for (const t of order) {
    let dep = varIndex.has(t);
    if (!dep && t.kind === 'app')
      for (const a of table.inputs(t)) if (depends.has(a.id)) dep = true;
    if (dep) {
      depends.add(t.id);
      index.set(t.id, terms.length);
      terms.push(t);
    }
  }
  const n = terms.length;
  const out: Map<number, Labels>[] = Array.from({ length: n }, () => new Map());
  const inp: Map<number, Labels>[] = Array.from({ length: n }, () => new Map());
  for (let v = 0; v < n; v++) {
    const t = terms[v];
    if (t.kind !== 'app') continue;
    const byChild = new Map<number, Term[]>();
    table.inputs(t).forEach((a, i) => {
      const u = index.get(a.id);
      if (u === undefined) return;
      const p = table.inputPartial(t, i);
      if (p === ZERO) return;
      const list = byChild.get(u);
      if (list) list.push(p);
      else byChild.set(u, [p]);
    });
    for (const [u, ps] of byChild) {
      out[u].set(v, ps);
      inp[v].set(u, ps);
    }
  }
  const g: DiffGraph = {
    terms,
    out,
    inp,
    sources: vars.map((v) => index.get(v.id) ?? -1),
    sinks: roots.map((r) => index.get(r.id) ?? -1),
    alive: new Uint8Array(n).fill(1),
  };
  prune(g, [...Array(n).keys()]);
  return g;
}

/** A copy of `g` that factoring `g` leaves alone (terms and labels are shared, being immutable). */
export function copyGraph(g: DiffGraph): DiffGraph {
  return {
    terms: g.terms,
    out: g.out.map((m) => new Map(m)),
    inp: g.inp.map((m) => new Map(m)),
    sources: g.sources,
    sinks: g.sinks,
    alive: g.alive.slice(),
  };
}

/** Number of live edges. */
export function edgeCount(g: DiffGraph): number {
  let e = 0;
  for (let u = 0; u < g.terms.length; u++) if (g.alive[u]) e += g.out[u].size;
  return e;
}

/** Removes one edge (both mirrors). */
export function removeEdge(g: DiffGraph, u: number, v: number): void {
  g.out[u].delete(v);
  g.inp[v].delete(u);
}

/** Sets the label of edge u → v, or removes the edge when the label is 0. */
export function setEdge(g: DiffGraph, u: number, v: number, label: Term): void {
  if (label === ZERO) return removeEdge(g, u, v);
  g.out[u].set(v, [label]);
  g.inp[v].set(u, [label]);
}

/**
 * Removes nodes that no longer lie on a path from a source to a sink (no incoming edge and not
 * a source, or no outgoing edge and not a sink), cascading from the `start` nodes.
 */
export function prune(
  g: DiffGraph,
  start: Iterable<number>,
  isSource?: Uint8Array,
  isSink?: Uint8Array,
): void {
  // Flags of sources and sinks; callers that prune often (factoring) pass them in, since
  // building them is O(nodes).
  isSource ??= flags(g.terms.length, g.sources);
  isSink ??= flags(g.terms.length, g.sinks);
  const work = [...start];
  while (work.length > 0) {
    pollBudget();
    const u = work.pop()!;
    if (!g.alive[u]) continue;
    const dead = (g.inp[u].size === 0 && !isSource[u]) || (g.out[u].size === 0 && !isSink[u]);
    if (!dead) continue;
    g.alive[u] = 0;
    for (const v of g.out[u].keys()) {
      g.inp[v].delete(u);
      work.push(v);
    }
    for (const w of g.inp[u].keys()) {
      g.out[w].delete(u);
      work.push(w);
    }
    g.out[u].clear();
    g.inp[u].clear();
  }
}

/** A 0/1 flag per node, set at the given indices (negative ones are skipped). */
export function flags(n: number, at: readonly number[]): Uint8Array {
  const f = new Uint8Array(n);
  for (const i of at) if (i >= 0) f[i] = 1;
  return f;
}

/** The (label, path sum) pairs of a node's edges towards nodes with known path sums. */
export function pairs(
  edges: ReadonlyMap<number, Labels>,
  sums: { readonly [k: number]: Lazy | undefined },
): [Term, Lazy][] {
  const out: [Term, Lazy][] = [];
  for (const [w, labels] of edges) {
    const p = sums[w];
    if (p === undefined || p === ZERO) continue;
    for (const l of labels) out.push([l, p]);
  }
  return out;
}

/**
 * Forward path sums from `source`: for every node v, the sum over paths source → v of the
 * products of edge labels (so the entry of a sink is ∂sink/∂source). Entries are 0 for nodes
 * not reachable from the source.
 */
export function forwardSums(g: DiffGraph, source: number): Lazy[] {
  const n = g.terms.length;
  const ps: Lazy[] = new Array(n).fill(ZERO);
  if (source < 0) return ps;
  ps[source] = ONE;
  for (let v = source + 1; v < n; v++) {
    pollBudget();
    if (!g.alive[v]) continue;
    ps[v] = sumOfProducts(pairs(g.inp[v], ps));
  }
  return ps;
}

/**
 * Reverse path sums (adjoints) towards `sink`: for every node u, the sum over paths u → sink of
 * the products of edge labels (so the entry of a source is ∂sink/∂source).
 */
export function reverseSums(g: DiffGraph, sink: number): Lazy[] {
  const n = g.terms.length;
  const adj: Lazy[] = new Array(n).fill(ZERO);
  if (sink < 0) return adj;
  adj[sink] = ONE;
  for (let u = sink - 1; u >= 0; u--) {
    pollBudget();
    if (!g.alive[u]) continue;
    adj[u] = sumOfProducts(pairs(g.out[u], adj));
  }
  return adj;
}

/**
 * The Jacobian `J[r][k] = ∂roots[r]/∂sources[k]` of a (possibly factored) graph by path sums:
 * one reverse sweep per root when there are several variables and no more roots than
 * variables, otherwise one forward sweep per variable.
 */
export function pathSumJacobian(g: DiffGraph): Term[][] {
  const J: Term[][] = g.sinks.map(() => g.sources.map(() => ZERO));
  // One variable: sweep forwards, as the chain rule (and the dag method) does; a reverse sweep
  // would gather parallel unit labels into a multiplication by a number.
  if (g.sinks.length <= g.sources.length && g.sources.length > 1) {
    g.sinks.forEach((s, r) => {
      if (s < 0) return;
      const adj = reverseSums(g, s);
      g.sources.forEach((x, k) => (J[r][k] = x < 0 ? ZERO : force(adj[x])));
    });
  } else {
    g.sources.forEach((x, k) => {
      if (x < 0) return;
      const ps = forwardSums(g, x);
      g.sinks.forEach((s, r) => (J[r][k] = s < 0 ? ZERO : force(ps[s])));
    });
  }
  return J;
}

/**
 * The `graph` method: build the differentiation graph and sum over paths, without factoring.
 * For one variable the sums run forward from the variable (the plain path sum of DSTAR.md).
 */
export function graphJacobian(
  roots: readonly Term[],
  vars: readonly Sym[],
  table: PartialsTable,
): Term[][] {
  const g = buildGraph(roots, vars, table);
  if (vars.length === 1) {
    const ps = forwardSums(g, g.sources[0]);
    return g.sinks.map((s) => [s < 0 ? ZERO : force(ps[s])]);
  }
  return pathSumJacobian(g);
}
