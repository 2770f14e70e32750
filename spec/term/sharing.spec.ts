/**
 * Sharing survives construction (issue 13, item 1): kept sums and products, let-form that reads
 * back to the same DAG, iterated maps linear in their length, big let-form inputs.
 */
import test from 'ava';
import fc from 'fast-check';
import { parse } from '../../lib/syntax/parse.js';
import {
  acKeep,
  add,
  mul,
  mulShared,
  negShared,
  num,
  subShared,
  sym,
  type Term,
} from '../../lib/term/term.js';
import { format, toLet } from '../../lib/term/print.js';
import { flatten, hasKept, postorder } from '../../lib/term/walk.js';
import { countOps } from '../../lib/diff/ops.js';
import { simplify } from '../../lib/simplify/simplify.js';
import { evaluate } from '../../lib/term/evaluate.js';
import { dagArbitrary } from '../../lib/check/toolkit.js';

const [x, y, z] = ['x', 'y', 'z'].map((n) => sym(n));

/** Distinct nodes and argument slots (edges) of a DAG, each shared node once. */
function shape(t: Term): { nodes: number; edges: number } {
  let edges = 0;
  const nodes = postorder(t);
  for (const n of nodes) if (n.kind === 'app') edges += n.args.length;
  return { nodes: nodes.length, edges };
}

function logisticLet(n: number): string {
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) lines.push(`x${i} = r*x${i - 1}*(1 - x${i - 1})`);
  lines.push(`x${n}`);
  return lines.join('\n');
}

test('acKeep keeps a product inside a product; mul flattens it', (t) => {
  const p = mul(y, z);
  const kept = acKeep('*', [num(2), x, p]);
  t.true(kept.kind === 'app' && kept.args.includes(p));
  t.is(mul(num(2), x, p), mul(num(2), x, y, z));
  t.is(flatten(kept), mul(num(2), x, y, z));
  t.true(hasKept(kept));
  t.false(hasKept(mul(num(2), x, y, z)));
  // Numbers still combine and identities go.
  t.is(mulShared(num(1), p), p);
  t.is(acKeep('+', [num(0), add(x, y)]), add(x, y));
  const s = subShared(num(1), p);
  t.true(s.kind === 'app' && s.args.includes(negShared(p)));
  t.true(negShared(p).kind === 'app' && (negShared(p) as { args: readonly Term[] }).args[1] === p);
});

test('flatten preserves the value of random DAGs with kept sums and products', (t) => {
  fc.assert(
    fc.property(dagArbitrary({ variables: ['x', 'y'] }), (d) => {
      const kept = acKeep('+', [acKeep('*', [d, mul(x, d), add(y, d)]), add(d, x), num(2)]);
      const env = { x: 0.7, y: -1.3 };
      const a = evaluate(kept, env);
      const b = evaluate(flatten(kept), env);
      return (
        !hasKept(flatten(kept)) &&
        (Object.is(a, b) ||
          Math.abs(a - b) <= 1e-9 * (1 + Math.abs(a)) ||
          (Number.isNaN(a) && Number.isNaN(b)))
      );
    }),
    { seed: 13, numRuns: 100 },
  );
  t.pass();
});

test('let-form names stay nodes: the logistic map has 2 multiplications and 7 edges per level', (t) => {
  const counts = [100, 1000, 10000].map((n) => {
    const f = parse(logisticLet(n));
    return { n, mul: countOps(f).mul, ...shape(f) };
  });
  for (const c of counts) {
    t.is(c.mul, 2 * c.n);
    t.is(c.edges, 7 * c.n);
  }
  // Linear: ten times the levels, ten times the work (a ratio of counts).
  t.is(counts[1].mul / counts[0].mul, 10);
  t.is(counts[2].edges / counts[1].edges, 10);
});

test('let-form output parses back to the same DAG (same nodes and edges)', (t) => {
  for (const text of [
    logisticLet(50),
    't1 = x*y; t2 = t1*z - t1; t3 = t2 + t1*w; t3/t1 + t2^2',
    't1 = x + y; t2 = t1 + z; t3 = 2*t1*t2; -t3 + t1 - 1/t3',
  ]) {
    const f = parse(text);
    const back = parse(toLet(f));
    t.is(back, f, text);
    t.deepEqual(shape(back), shape(f));
  }
  fc.assert(
    fc.property(dagArbitrary({ variables: ['x', 'y', 'z'], maxDepth: 5 }), (d) => {
      const kept = acKeep('*', [d, mul(x, d), add(mul(y, z), d)]);
      return parse(toLet(kept)) === kept;
    }),
    { seed: 7, numRuns: 150 },
  );
});

test('text output of kept nodes parses back to the flat form; simplify reads the flat form', (t) => {
  const f = parse('t1 = x*y; t2 = t1*z; t2 + t1');
  t.not(f, parse('x*y*z + x*y'));
  t.is(parse(format(f, 'text')), parse('x*y*z + x*y'));
  t.is(simplify(f), simplify(parse('x*y*z + x*y')));
  t.is(simplify(parse('t1 = 2*x; 3*t1 - 6*x')), num(0));
});

test('a let-form of 10^5 bindings (3 MB) is accepted', (t) => {
  const text = logisticLet(100_000);
  t.true(text.length > 2_000_000);
  const f = parse(text);
  t.is(countOps(f).mul, 200_000);
  t.deepEqual(shape(f), { nodes: 300_004, edges: 700_000 });
});
