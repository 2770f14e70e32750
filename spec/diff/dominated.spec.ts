import test from 'ava';
import fc from 'fast-check';
import { evaluate } from '../../lib/term/evaluate.js';
import { add, call, mul, num, pow, sym, type Term } from '../../lib/term/term.js';
import { postorder, substitute } from '../../lib/term/walk.js';
import {
  countOps,
  derivativeValues,
  jacobian,
  type FactorStats,
  type Method,
} from '../../lib/diff/index.js';
import { dominatedJacobian, type SweepStats } from '../../lib/diff/dominated.js';
import { buildGraph, pathSumJacobian } from '../../lib/diff/graph.js';
import { defaultPartials } from '../../lib/diff/partials.js';
import { fdSphericalHarmonics, sphericalHarmonics } from '../bench/workloads/diffcases.js';
import { close, outputs, point } from './exprs.js';

const XYZ = ['x', 'y', 'z'];

/**
 * Outputs of a random program in r, z and x, with r := x² + y² afterwards: x and y then reach
 * most of the graph through the one node r, the shape whose path sums the per-variable dominator
 * trees share (lib/diff/dominated.ts).
 */
function throughR(count: number): fc.Arbitrary<readonly Term[]> {
  const r = add(pow(sym('x'), num(2)), pow(sym('y'), num(2)));
  const map = new Map<Term, Term>([[sym('r'), r]]);
  return outputs(['r', 'z', 'x'], count, 12).map((fs) => fs.map((f) => substitute(f, map)));
}

function dagSize(ts: readonly Term[]): number {
  const seen = new Set<number>();
  for (const t of ts) for (const n of postorder(t)) seen.add(n.id);
  return seen.size;
}

for (const count of [2, 5]) {
  // Two outputs, three variables: reverse sweeps (post-dominator trees shared by the roots);
  // five outputs: forward sweeps (dominator trees shared by the variables).
  test(`dstar Jacobians of ${count} outputs agree with forward, reverse and central differences at random points`, (t) => {
    let checked = 0;
    let shared = 0;
    fc.assert(
      fc.property(throughR(count), point(XYZ), (fs, at) => {
        if (!fs.every((f) => Number.isFinite(evaluate(f, at)))) return true;
        const stats: FactorStats = { rounds: 0, factorings: 0 };
        jacobian(fs, XYZ, { stats });
        const values = new Map<Method, number[]>();
        for (const m of ['dstar', 'forward', 'reverse', 'numeric'] as const)
          values.set(m, derivativeValues(fs, XYZ, at, m).flat());
        const ref = values.get('dstar')!;
        if (!ref.every(Number.isFinite)) return true;
        checked++;
        if ((stats.sharedFactors ?? 0) > 0) shared++;
        for (const [m, row] of values) {
          // Central differences lose digits where r = x² + y² makes the outputs steep (seen: 2%
          // off at a derivative of 3,800); they catch gross errors, AD catches the rest.
          const tol = m === 'numeric' ? 3e-2 : 1e-9;
          row.forEach((v, i) => {
            if (!close(v, ref[i], tol))
              throw new Error(`${m} gives ${v} at entry ${i}, dstar ${ref[i]}`);
          });
        }
        return true;
      }),
      { seed: 2026 + count, numRuns: 150 },
    );
    t.true(checked > 100, `only ${checked} finite cases`);
    // The property has to reach the shared sweeps, not only the plain ones.
    t.true(shared > checked / 4, `shared factors in ${shared} of ${checked} cases`);
  });
}

test('two variables entering through one node share its path sums: fewer multiplications than the plain sweeps', (t) => {
  const [x, y, z] = XYZ.map((v) => sym(v));
  const r = add(pow(x, num(2)), pow(y, num(2)));
  // q_{k+1} = sin(q_k)·z + r·q_k: every path from x or y into the chain passes r.
  let q: Term = r;
  for (let k = 0; k < 40; k++) q = add(mul(call('sin', q), z), mul(r, q));
  const fs = [mul(q, x), mul(q, y), mul(q, z), call('cos', q)];
  const g = () => buildGraph(fs, [x, y, z], defaultPartials());
  const stats: SweepStats = { shared: 0 };
  const shared = dominatedJacobian(g(), stats);
  const plain = pathSumJacobian(g());
  t.true(stats.shared >= 40, `${stats.shared} shared pairs`);
  const [m1, m2] = [countOps(shared.flat()).mul, countOps(plain.flat()).mul];
  t.true(m1 < 0.75 * m2, `shared ${m1}, plain ${m2}`);
  const at = { x: 0.3, y: -0.2, z: 0.4 };
  const want = derivativeValues(fs, XYZ, at, 'reverse').flat();
  t.true(shared.flat().every((e, i) => close(evaluate(e, at), want[i], 1e-9)));
});

test('solid harmonics L = 6, 10: the dstar Jacobian is smaller than the plain path sums (ratios of counts)', (t) => {
  for (const L of [6, 10]) {
    const inst = sphericalHarmonics(L)('s');
    const d = jacobian(inst.roots, inst.vars, { method: 'dstar', raw: true }).flat();
    const g = jacobian(inst.roots, inst.vars, { method: 'graph', raw: true }).flat();
    t.true(dagSize(d) < 0.95 * dagSize(g), `L = ${L}: dag ${dagSize(d)} against ${dagSize(g)}`);
    t.true(countOps(d).mul < 0.95 * countOps(g).mul, `L = ${L}: muls`);
    // The goal of issue 13 is 2.5×; what this workload reaches is stated in the bench.
    t.true(
      dagSize(d) < 3.5 * dagSize(inst.roots),
      `L = ${L}: ${dagSize(d)} / ${dagSize(inst.roots)}`,
    );
  }
});

test("FastDifferentiation's spherical harmonics, orders 10 and 20: Jacobian dagSize ≤ 2.2× f and ops ≤ 2.8× f", (t) => {
  for (const n of [10, 20]) {
    const inst = fdSphericalHarmonics(n)('s');
    const J = jacobian(inst.roots, inst.vars, { raw: true }).flat();
    const dag = dagSize(J) / dagSize(inst.roots);
    const ops = countOps(J).total / countOps(inst.roots).total;
    t.true(dag <= 2.2 && ops <= 2.8, `order ${n}: dag ${dag.toFixed(2)}×, ops ${ops.toFixed(2)}×`);
  }
});

test('the solid harmonics Jacobian by dstar agrees with reverse mode (L = 8)', (t) => {
  const inst = sphericalHarmonics(8)('v');
  const want = derivativeValues(inst.roots, inst.vars, inst.point, 'reverse').flat();
  const got = derivativeValues(inst.roots, inst.vars, inst.point, 'dstar').flat();
  t.true(got.every((v, i) => close(v, want[i], 1e-9)));
});
