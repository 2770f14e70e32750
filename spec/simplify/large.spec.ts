/**
 * simplify on large DAGs: the value is kept at random points, the cost never goes up, and the
 * work follows the DAG (counted in steps and nodes under explicit budgets, never in time).
 */
import test from 'ava';
import fc from 'fast-check';
import { BibunError } from '../../lib/base/errors.js';
import { taylorDerivative } from '../../lib/diff/taylor-mode.js';
import { agrees, valueAt } from '../../lib/check/soundness.js';
import { dagArbitrary, pointArbitrary } from '../../lib/check/toolkit.js';
import { gradient } from '../../lib/diff/index.js';
import { cost } from '../../lib/rewrite/best.js';
import { expandTerm, expansionBudget } from '../../lib/rewrite/expand.js';
import { simplificationLibrary, simplify, simplifyRun } from '../../lib/simplify/simplify.js';
import { add, call, div, list, mul, num, pow, sym, type Term } from '../../lib/term/term.js';

/** f₀ = x, f_{k+1} = sin(f_k)·cos(f_k) (spec/bench/workloads/diffcases.ts). */
function chain(k: number): Term {
  let f: Term = sym('x');
  for (let i = 0; i < k; i++) f = mul(call('sin', f), call('cos', f));
  return f;
}

/** Random DAGs of up to 40 shared nodes, and the sum of two of them (sharing between them). */
const largeDags: fc.Arbitrary<Term> = fc.oneof(
  dagArbitrary({ variables: ['x', 'y', 'z'], steps: 40 }),
  fc
    .tuple(
      dagArbitrary({ variables: ['x', 'y'], steps: 25 }),
      dagArbitrary({ variables: ['x', 'y'], steps: 25 }),
    )
    .map(([a, b]) => add(a, mul(a, b))),
);

function exactForm(e: Term): Term {
  return simplify(e, { strategy: 'exact' });
}

test('simplify preserves the value of large random DAGs at random points', (t) => {
  fc.assert(
    fc.property(largeDags, pointArbitrary(['x', 'y', 'z']), (e, point) => {
      const before = valueAt(e, point);
      if (before === undefined || !Number.isFinite(before.error)) return true;
      let s: Term;
      try {
        s = simplify(e);
      } catch (err) {
        // A divisor that simplifies to 0 is reported, not hidden.
        return err instanceof BibunError && err.kind === 'domain';
      }
      // The cost is stated on the exact form (asin(1/2) is pi/6, as sin(pi/6) is 1/2).
      return agrees(before, valueAt(s, point)) && cost(s) <= cost(exactForm(e));
    }),
    { seed: 42, numRuns: 150 },
  );
  t.pass();
});

test('simplify of d(chain_20, x, 10) stays within a step and size budget linear in its DAG', (t) => {
  // Tree size about 10^18 over 3,982 distinct nodes: counting the tree anywhere would not end.
  const d = taylorDerivative(chain(20), sym('x'), 10);
  t.true(d.treeSize > 10n ** 17n);
  const r = simplifyRun(d, {
    limits: { maxSteps: 2 * d.dagSize, maxSize: 4 * d.dagSize, maxTimeMs: 120_000 },
  });
  t.is(r.stop, 'normal');
  t.true(cost(r.term) <= cost(d));
  t.true(r.term.dagSize <= 2 * d.dagSize);
});

test('simplify of a dstar gradient: steps follow its DAG at two sizes', (t) => {
  const steps = (k: number) => {
    const g = list(...gradient(chain(k), ['x']));
    const r = simplifyRun(g, { limits: { maxSteps: 2 * g.dagSize, maxTimeMs: 120_000 } });
    t.is(r.stop, 'normal');
    t.true(cost(r.term) <= cost(g));
    return r.steps / g.dagSize;
  };
  // Steps per distinct node of the input stay the same when the chain gets 4 times longer.
  const [small, big] = [steps(100), steps(400)];
  t.true(big <= small * 1.25, `${small} ${big}`);
});

test('the expand strategy builds at most its budget of summands, the rest kept as it is', (t) => {
  const d = taylorDerivative(chain(12), sym('x'), 6);
  const bounded = expandTerm(d, expansionBudget(d.dagSize));
  t.true(bounded.dagSize <= d.dagSize + 2 * expansionBudget(d.dagSize));
  // Still an identity, partial or not.
  for (const x of [0.3, -1.1]) t.true(agrees(valueAt(d, { x })!, valueAt(bounded, { x })));
});

test('cancel is tried only on fractions of a degree it can handle, bounded on the DAG', (t) => {
  // f_{k+1} = f_k/(1 + f_k^2) has degree 2^k over one denominator: a DAG of 4k + 4 nodes.
  const nested = (k: number) => {
    let f: Term = sym('x');
    for (let i = 0; i < k; i++) f = div(f, add(num(1), pow(f, num(2))));
    return f;
  };
  const lib = simplificationLibrary();
  t.true(lib.run('cancel', nested(4)).succeeded);
  const deep = lib.run('cancel', nested(12), { limits: { maxSteps: 1 } });
  t.is(deep.stop, 'normal');
  t.false(deep.succeeded);
  t.is(simplifyRun(nested(12), { limits: { maxSteps: 100 } }).stop, 'normal');
});
