import test from 'ava';
import fc from 'fast-check';
import { dominatorTree, postDominatorTree, reverseGraph } from '../../lib/diff/dominators.js';

/** Nodes reachable from `start` when `removed` is deleted from the graph. */
function reachable(succ: readonly (readonly number[])[], start: number, removed = -1): Set<number> {
  const seen = new Set<number>();
  if (start === removed) return seen;
  const stack = [start];
  seen.add(start);
  while (stack.length > 0) {
    const u = stack.pop()!;
    for (const v of succ[u]) if (v !== removed && !seen.has(v)) seen.add(v), stack.push(v);
  }
  return seen;
}

/** Brute force: d dominates n when n is reachable and removing d cuts it off (or d = n). */
function bruteDominates(
  succ: readonly (readonly number[])[],
  start: number,
  d: number,
  n: number,
): boolean {
  const all = reachable(succ, start);
  if (!all.has(d) || !all.has(n)) return false;
  return d === n || !reachable(succ, start, d).has(n);
}

/** Random DAGs: edges only from lower to higher numbers. */
const dag = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 3 * n }).map((pairs) => {
    const succ: number[][] = Array.from({ length: n }, () => []);
    for (const [a, b] of pairs) if (a < b && !succ[a].includes(b)) succ[a].push(b);
    return succ;
  }),
);

test('dominator trees agree with the brute-force definition on random DAGs', (t) => {
  fc.assert(
    fc.property(dag, (succ) => {
      const dom = dominatorTree(succ, 0);
      for (let d = 0; d < succ.length; d++) {
        for (let n = 0; n < succ.length; n++) {
          if (dom.dominates(d, n) !== bruteDominates(succ, 0, d, n)) return false;
        }
      }
      // idom is the closest strict dominator.
      for (const n of dom.order) {
        if (n === 0) continue;
        const i = dom.idom[n];
        if (!bruteDominates(succ, 0, i, n) || i === n) return false;
        for (let d = 0; d < succ.length; d++) {
          if (d !== n && bruteDominates(succ, 0, d, n) && !bruteDominates(succ, 0, d, i))
            return false;
        }
      }
      return true;
    }),
    { seed: 42, numRuns: 300 },
  );
  t.pass();
});

test('post-dominator trees are dominator trees of the reversed graph', (t) => {
  fc.assert(
    fc.property(dag, (succ) => {
      const exit = succ.length - 1;
      const pdom = postDominatorTree(succ, exit);
      const pred = reverseGraph(succ);
      for (let d = 0; d < succ.length; d++) {
        for (let n = 0; n < succ.length; n++) {
          if (pdom.dominates(d, n) !== bruteDominates(pred, exit, d, n)) return false;
        }
      }
      return true;
    }),
    { seed: 7, numRuns: 300 },
  );
  t.pass();
});

test('the diamond: the entry dominates everything, the join post-dominates everything', (t) => {
  const succ = [[1, 2], [3], [3], []];
  t.deepEqual([...dominatorTree(succ, 0).idom], [0, 0, 0, 0]);
  t.deepEqual([...postDominatorTree(succ, 3).idom], [3, 3, 3, 3]);
});

test('unreachable nodes have no dominator', (t) => {
  const dom = dominatorTree([[1], [], [1]], 0);
  t.is(dom.idom[2], -1);
  t.false(dom.dominates(0, 2));
});

test('a 10^5-long path needs no recursion', (t) => {
  const n = 100_000;
  const succ = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : []));
  const dom = dominatorTree(succ, 0);
  t.is(dom.idom[n - 1], n - 2);
  t.true(dom.dominates(0, n - 1));
});
