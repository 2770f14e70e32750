import test from 'ava';
import fc from 'fast-check';
import { children, type Term } from '../../lib/term/term.js';
import { postorder, postorderAll } from '../../lib/term/walk.js';
import { outputs } from '../diff/exprs.js';

test('postorderAll: every distinct node of all roots once, each after its arguments', (t) => {
  fc.assert(
    fc.property(outputs(['x', 'y'], 4, 16), (roots) => {
      const all = [...roots, roots[0]];
      const order = postorderAll(all);
      const at = new Map(order.map((n, i) => [n.id, i]));
      const union = new Set(all.flatMap((r) => postorder(r).map((n) => n.id)));
      const after = (n: Term) => children(n).every((c) => at.get(c.id)! < at.get(n.id)!);
      return (
        at.size === order.length &&
        at.size === union.size &&
        order.every(after) &&
        order.slice(0, postorder(all[0]).length).every((n, i) => n === postorder(all[0])[i])
      );
    }),
    { seed: 46, numRuns: 200 },
  );
  t.deepEqual(postorderAll([]), []);
});
