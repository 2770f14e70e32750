import test from 'ava';
import fc from 'fast-check';
import {
  add,
  addShared,
  app,
  call,
  children,
  isApp,
  mul,
  mulShared,
  num,
  pow,
  sym,
  type Term,
} from '../../lib/term/term.js';
import {
  flatten,
  hasKept,
  mapBottomUp,
  postorder,
  postorderAll,
  withArgs,
} from '../../lib/term/walk.js';
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

/** flatten as it was written first: every node rebuilt bottom-up, merging same-head arguments. */
function flattenByMerging(root: Term): Term {
  return mapBottomUp(root, (t, args) => {
    if (t.kind !== 'app') return t;
    if ((t.head === '+' || t.head === '*') && args.some((a) => isApp(a, t.head)))
      return app(t.head, args);
    return withArgs(t, args);
  });
}

/** Random DAGs with sums and products kept as nodes inside sums and products. */
const keptArb: fc.Arbitrary<Term> = fc.letrec<{ t: Term }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Term>(sym('x'), sym('y'), sym('z'), num(2), num(-1), num(3n, 2n)),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => mulShared(a, b)),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => addShared(a, b)),
    fc.tuple(tie('t'), tie('t'), tie('t')).map(([a, b, c]) => mulShared(a, addShared(b, c), a)),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => mul(a, b)),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => add(a, b)),
    tie('t').map((a) => call('sin', a)),
    tie('t').map((a) => pow(a, num(2))),
  ),
})).t;

test('flatten: the flat canonical form, built once per node that is used by itself', (t) => {
  let kept = 0;
  fc.assert(
    fc.property(keptArb, (k) => {
      if (hasKept(k)) kept++;
      return flatten(k) === flattenByMerging(k);
    }),
    { seed: 1207, numRuns: 500 },
  );
  t.true(kept > 100, `${kept} of 500 samples keep a sum or product inside another`);
  // Kept products shared inside their own head (built once, merged into each parent).
  let q: Term = mulShared(sym('x'), sym('y'));
  for (let k = 0; k < 8; k++) {
    q = mulShared(q, mulShared(q, sym(`c${k}`)));
    t.is(flatten(q), flattenByMerging(q));
  }
  // A chain of 10^4 nested kept products is one product (not 10^4 of growing length).
  let p: Term = sym('x0');
  for (let i = 1; i < 10_000; i++) p = mulShared(sym(`x${i}`), p);
  const f = flatten(p);
  t.true(isApp(f, '*') && f.args.length === 10_000);
});
