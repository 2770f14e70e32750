/**
 * Dominator and post-dominator trees of a directed graph, by the iterative algorithm of Cooper,
 * Harvey and Kennedy ("A Simple, Fast Dominance Algorithm", 2001).
 *
 * The graph is generic: nodes are the integers `0 … n-1` and `succ[i]` lists the successors of
 * node `i`. Node `d` *dominates* `n` (from `start`) when every path from `start` to `n` passes
 * through `d`; `d` *post-dominates* `n` (towards `exit`) when every path from `n` to `exit` passes
 * through `d`. Every node dominates itself.
 *
 * Everything here is iterative (explicit stacks), so graphs with 10^5-long paths are fine. The
 * differentiation graph of lib/diff/ is the main user; this module knows nothing about terms.
 */

/** The dominator tree of the nodes reachable from its root. */
export interface DominatorTree {
  /** The start node (for a post-dominator tree: the exit node). */
  readonly root: number;
  /**
   * Immediate dominator of each node: `idom[root] === root`, and `-1` for a node that is not
   * reachable from the root (for a post-dominator tree: that cannot reach the exit).
   */
  readonly idom: Int32Array;
  /** The reachable nodes in reverse postorder of the depth-first search from the root. */
  readonly order: readonly number[];
  /** True when `a` dominates `b` (reflexive); false when either is unreachable. O(1). */
  dominates(a: number, b: number): boolean;
}

/**
 * The dominator tree of `succ` from `start`.
 *
 * @example
 * // 0 → 1 → 3, 0 → 2 → 3: node 0 immediately dominates 1, 2 and 3.
 * dominatorTree([[1, 2], [3], [3], []], 0).idom // Int32Array [0, 0, 0, 0]
 */
export function dominatorTree(succ: readonly (readonly number[])[], start: number): DominatorTree {
  const n = succ.length;
  const order = reversePostorder(succ, start);
  // Position of each node in reverse postorder; the algorithm's "intersect" walks up by it.
  const rpo = new Int32Array(n).fill(-1);
  for (let i = 0; i < order.length; i++) rpo[order[i]] = i;
  const pred: number[][] = Array.from({ length: n }, () => []);
  for (const u of order) for (const v of succ[u]) if (rpo[v] >= 0) pred[v].push(u);

  const idom = new Int32Array(n).fill(-1);
  idom[start] = start;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (rpo[a] > rpo[b]) a = idom[a];
      while (rpo[b] > rpo[a]) b = idom[b];
    }
    return a;
  };
  // Iterate to the fixpoint; on an acyclic graph one pass in reverse postorder suffices, and
  // the second pass only confirms it.
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 1; i < order.length; i++) {
      const b = order[i];
      let newIdom = -1;
      for (const p of pred[b]) {
        if (idom[p] < 0) continue;
        newIdom = newIdom < 0 ? p : intersect(p, newIdom);
      }
      if (newIdom >= 0 && idom[b] !== newIdom) {
        idom[b] = newIdom;
        changed = true;
      }
    }
  }
  return withQueries(start, idom, order);
}

/**
 * The post-dominator tree of `succ` towards `exit`: the dominator tree of the reversed graph.
 */
export function postDominatorTree(
  succ: readonly (readonly number[])[],
  exit: number,
): DominatorTree {
  return dominatorTree(reverseGraph(succ), exit);
}

/** The graph with every edge reversed (successor lists become predecessor lists). */
export function reverseGraph(succ: readonly (readonly number[])[]): number[][] {
  const pred: number[][] = Array.from({ length: succ.length }, () => []);
  for (let u = 0; u < succ.length; u++) for (const v of succ[u]) pred[v].push(u);
  return pred;
}

/** The nodes reachable from `start` in reverse postorder of an iterative depth-first search. */
export function reversePostorder(succ: readonly (readonly number[])[], start: number): number[] {
  const seen = new Uint8Array(succ.length);
  const post: number[] = [];
  const nodes: number[] = [start];
  const next: number[] = [0];
  seen[start] = 1;
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const u = nodes[top];
    const i = next[top];
    if (i < succ[u].length) {
      next[top] = i + 1;
      const v = succ[u][i];
      if (!seen[v]) {
        seen[v] = 1;
        nodes.push(v);
        next.push(0);
      }
    } else {
      nodes.pop();
      next.pop();
      post.push(u);
    }
  }
  return post.reverse();
}

/** Adds O(1) dominance queries: pre/post numbers of a depth-first walk of the tree. */
function withQueries(root: number, idom: Int32Array, order: readonly number[]): DominatorTree {
  const n = idom.length;
  const kids: number[][] = Array.from({ length: n }, () => []);
  for (const v of order) if (v !== root) kids[idom[v]].push(v);
  const pre = new Int32Array(n).fill(-1);
  const post = new Int32Array(n).fill(-1);
  let clock = 0;
  const nodes: number[] = [root];
  const next: number[] = [0];
  pre[root] = clock++;
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const u = nodes[top];
    if (next[top] < kids[u].length) {
      const v = kids[u][next[top]++];
      pre[v] = clock++;
      nodes.push(v);
      next.push(0);
    } else {
      post[u] = clock++;
      nodes.pop();
      next.pop();
    }
  }
  return {
    root,
    idom,
    order,
    dominates: (a, b) => pre[a] >= 0 && pre[b] >= 0 && pre[a] <= pre[b] && post[b] <= post[a],
  };
}
