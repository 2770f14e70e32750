/**
 * Linear-cost derivatives (issue 13, item 2): long products get their partials from prefix and
 * suffix products, iterated maps built with kept nodes stay linear, and every method still
 * agrees with forward and reverse AD and central differences on such DAGs. Costs are asserted as
 * ratios of operation counts (each shared node once), never as times.
 */
import test from 'ava';
import fc from 'fast-check';
import { evaluate } from '../../lib/term/evaluate.js';
import {
  add,
  call,
  list,
  mul,
  mulShared,
  num,
  subShared,
  sym,
  type Term,
} from '../../lib/term/term.js';
import { postorder } from '../../lib/term/walk.js';
import {
  countOps,
  derivativeValues,
  jacobian,
  methods,
  type Method,
} from '../../lib/diff/index.js';
import { close } from './exprs.js';

/** Argument slots of distinct nodes (each shared node once). */
function edges(ts: readonly Term[]): number {
  let e = -ts.length; // the slots of the list itself
  for (const n of postorder(list(...ts))) if (n.kind === 'app') e += n.args.length;
  return e;
}

const product = (n: number) => mul(...Array.from({ length: n }, (_, i) => sym(`x${i}`)));
const productVars = (n: number) => Array.from({ length: n }, (_, i) => `x${i}`);

/** l₀ = x, l_{k+1} = r·l_k·(1 − l_k), each level kept as a node (as let-form reads it). */
function logistic(n: number, r: Term = num(16n, 5n)): Term {
  let l: Term = sym('x');
  for (let i = 0; i < n; i++) l = mulShared(r, l, subShared(num(1), l));
  return l;
}

test('the gradient of a product of n variables has O(n) multiplications (n = 10², 10³, 10⁴)', (t) => {
  const counts = [100, 1000, 10_000].map((n) => {
    const g = jacobian([product(n)], productVars(n), { method: 'dstar', raw: true })[0];
    return { n, mul: countOps(g).mul, edges: edges(g) };
  });
  for (const c of counts) t.true(c.mul <= 3 * c.n, `n = ${c.n}: ${c.mul} multiplications`);
  // Ten times the variables, about ten times the multiplications and edges (n(n − 2) would be 100×).
  for (let i = 1; i < counts.length; i++) {
    const m = counts[i].mul / counts[i - 1].mul;
    const e = counts[i].edges / counts[i - 1].edges;
    t.true(m > 9 && m < 10.5, `multiplications grow ${m}×`);
    t.true(e > 9 && e < 10.5, `edges grow ${e}×`);
  }
});

test('the partials of a product are right: ∂/∂x_i of x₀⋯x₉ is the product of the others', (t) => {
  const n = 10;
  const at: Record<string, number> = {};
  productVars(n).forEach((v, i) => (at[v] = 1 + i / 7));
  const g = jacobian([product(n)], productVars(n), { method: 'dstar', raw: true })[0];
  const all = productVars(n).reduce((p, v) => p * at[v], 1);
  g.forEach((gi, i) => t.true(close(evaluate(gi, at), all / at[`x${i}`], 1e-12)));
});

test('the logistic map and its derivative are linear in n (n = 10², 10³, 10⁴)', (t) => {
  const counts = [100, 1000, 10_000].map((n) => {
    const f = logistic(n);
    const d = jacobian([f], ['x'], { method: 'dstar', raw: true })[0];
    return { n, f: countOps(f).mul, fe: edges([f]), d: countOps(d).mul, de: edges(d) };
  });
  for (const c of counts) {
    t.is(c.f, 2 * c.n);
    t.is(c.fe, 7 * c.n);
    t.true(c.d <= 8 * c.n, `n = ${c.n}: derivative has ${c.d} multiplications`);
  }
  for (let i = 1; i < counts.length; i++) {
    const m = counts[i].d / counts[i - 1].d;
    const e = counts[i].de / counts[i - 1].de;
    t.true(m > 9 && m < 10.5, `multiplications grow ${m}×`);
    t.true(e > 9 && e < 10.5, `edges grow ${e}×`);
  }
});

/** Random DAGs with long products (some kept as nodes) and iterated-map steps. */
const VARS = ['x', 'y', 'z'];
const dagWithProducts = fc
  .array(
    fc.record({
      op: fc.integer({ min: 0, max: 5 }),
      picks: fc.array(fc.nat(), { minLength: 2, maxLength: 12 }),
    }),
    { minLength: 3, maxLength: 14 },
  )
  .map((instrs) => {
    const nodes: Term[] = [...VARS.map((v) => sym(v)), num(3, 2n)];
    const pick = (k: number) => nodes[k % nodes.length];
    for (const { op, picks } of instrs) {
      const args = picks.map(pick);
      let t: Term;
      if (op === 0) t = mul(...args);
      else if (op === 1) t = mulShared(...args);
      else if (op === 2) t = mulShared(num(7, 2n), args[0], subShared(num(1), args[0]));
      else if (op === 3) t = add(...args.slice(0, 3));
      else if (op === 4) t = call('sin', args[0]);
      else t = call('tanh', mulShared(args[0], args[1]));
      nodes.push(t);
    }
    return add(...nodes.slice(-3));
  });

test('every method agrees with forward, reverse and central differences on DAGs with long products and iterated maps', (t) => {
  let checked = 0;
  fc.assert(
    fc.property(
      dagWithProducts,
      fc.tuple(...VARS.map(() => fc.double({ min: 0.2, max: 0.9, noNaN: true }))),
      (f, vals) => {
        const at: Record<string, number> = {};
        VARS.forEach((v, i) => (at[v] = vals[i]));
        const fv = evaluate(f, at);
        if (!Number.isFinite(fv) || Math.abs(fv) > 100) return true;
        const rows = new Map<Method, number[]>();
        for (const m of methods)
          rows.set(m, derivativeValues([f], VARS, at, m, { treeBudget: 200_000 })[0]);
        const ref = rows.get('reverse')!;
        // Central differences are only trusted where the derivatives are moderate.
        if (!ref.every((v) => Number.isFinite(v) && Math.abs(v) < 100)) return true;
        checked++;
        for (const [m, row] of rows) {
          const tol = m === 'numeric' ? 1e-4 : 1e-9;
          row.forEach((v, k) => {
            if (!close(v, ref[k], tol))
              throw new Error(`${m}: ∂/∂${VARS[k]} = ${v}, reverse ${ref[k]}`);
          });
        }
        return true;
      },
    ),
    { seed: 1313, numRuns: 120, includeErrorInReport: true },
  );
  t.true(checked > 40, `only ${checked} cases checked`);
});
