import test from 'ava';
import fc from 'fast-check';
import * as Immutable from 'immutable';
import { parse } from '../../lib/syntax/parse.js';
import {
  add,
  call,
  compareTerms,
  div,
  mul,
  neg,
  num,
  pow,
  sub,
  sym,
  ZERO,
  ONE,
  type Term,
} from '../../lib/term/term.js';
import { dagArbitrary, termArbitrary } from '../../lib/check/toolkit.js';

const x = sym('x');
const y = sym('y');

test('structurally equal constructions are the same object', (t) => {
  t.is(call('sin', x), call('sin', sym('x')));
  t.is(add(x, mul(num(2), y)), add(mul(y, num(2)), x));
  t.is(num(1n, 3n), num(2n, 6n));
  t.not(call('sin', x), call('cos', x));
});

test('interning: Immutable.is agrees with === and terms key Immutable maps', (t) => {
  fc.assert(
    fc.property(termArbitrary(), termArbitrary(), (a, b) => {
      const same = Immutable.is(a, b);
      t.is(same, a === b);
      const m = Immutable.Map<Term, number>().set(a, 1);
      t.is(m.get(b), a === b ? 1 : undefined);
    }),
    { seed: 1, numRuns: 300 },
  );
});

test('rebuilding a term from its parts gives the identical term', (t) => {
  fc.assert(
    fc.property(termArbitrary(), (a) => {
      if (a.kind !== 'app') return;
      t.is(
        a.head === '+'
          ? add(...a.args)
          : a.head === '*'
            ? mul(...a.args)
            : a.head === '^'
              ? pow(a.args[0], a.args[1])
              : call(a.head, ...a.args),
        a,
      );
    }),
    { seed: 2, numRuns: 300 },
  );
});

test('canonical forms: flattening, order, numbers, identities', (t) => {
  t.is(add(x, add(y, x)), add(add(x, x), y));
  t.is(add(x, ZERO), x);
  t.is(mul(x, ONE), x);
  t.is(mul(x, ZERO), ZERO);
  t.is(add(num(1n, 3n), num(1n, 6n)), num(1n, 2n));
  t.is(sub(x, y), add(x, mul(num(-1), y)));
  t.is(div(x, y), mul(x, pow(y, num(-1))));
  t.is(neg(x), mul(num(-1), x));
  t.is(neg(neg(x)), x);
  t.is(pow(x, ONE), x);
  t.is(pow(num(2), num(10)), num(1024));
  t.is(div(x, pow(y, num(2))), mul(x, pow(y, num(-2))));
  t.is(div(ONE, mul(num(2), x)), mul(num(1n, 2n), pow(x, num(-1))));
});

test('compareTerms is a total order (antisymmetric, transitive) on random terms', (t) => {
  fc.assert(
    fc.property(termArbitrary(), termArbitrary(), termArbitrary(), (a, b, c) => {
      t.is(Math.sign(compareTerms(a, b)) + Math.sign(compareTerms(b, a)), 0);
      t.is(compareTerms(a, b) === 0, a === b);
      if (compareTerms(a, b) < 0 && compareTerms(b, c) < 0) t.true(compareTerms(a, c) < 0);
    }),
    { seed: 3, numRuns: 500 },
  );
});

test('the founding example: tree size 8, DAG size 6 (the two sin(x) are one node)', (t) => {
  // Nodes of the tree: *, +, 4, sin, x, cos, sin, x = 8. Distinct: *, +, 4, sin(x), x, cos = 6.
  const f = parse('(4 + sin(x)) * cos(sin(x))');
  t.is(f.treeSize, 8n);
  t.is(f.dagSize, 6);
  const g = parse('log(x) + x*y - sin(y)');
  // +, log, x, *, x, y, *, -1, sin, y  → tree 10; distinct: +, log(x), x, x*y, y, -1*sin(y), -1, sin(y) → 8
  t.is(g.treeSize, 10n);
  t.is(g.dagSize, 8);
});

test('tree sizes stay exact past 2^53', (t) => {
  let f: Term = x;
  for (let i = 0; i < 100; i++) f = mul(call('sin', f), call('cos', f));
  // T(k+1) = 2·T(k) + 3, T(0) = 1  ⇒  T(k) = 2^(k+2) − 3
  t.is(f.treeSize, 2n ** 102n - 3n);
  t.is(f.dagSize, 3 * 100 + 1);
});

test('dagSize counts shared nodes once on random DAGs', (t) => {
  fc.assert(
    fc.property(dagArbitrary({ steps: 12 }), (d) => {
      t.true(BigInt(d.dagSize) <= d.treeSize);
    }),
    { seed: 4, numRuns: 200 },
  );
});

test('the interning table lets unreachable terms go', async (t) => {
  const gc = (globalThis as { gc?: () => void }).gc;
  t.truthy(gc, 'ava runs node with --expose-gc (package.json)');
  const { internTableSize, sweepInternTable } = await import('../../lib/term/term.js');
  const settle = async () => {
    // New terms are held strongly until promoted to the weak table (normally at the next
    // quiescent point; here at once), and WeakRef targets stay alive until the current job
    // ends: promote, yield, collect, sweep.
    sweepInternTable();
    await new Promise((r) => setTimeout(r, 10));
    gc!();
    await new Promise((r) => setTimeout(r, 10));
    sweepInternTable();
  };
  await settle();
  const before = internTableSize();
  for (let i = 0; i < 20000; i++) add(sym(`v${i}`), num(i));
  t.true(internTableSize() >= before + 20000);
  await settle();
  t.true(
    internTableSize() < before + 1000,
    `${internTableSize()} entries remain of ${before + 40000}`,
  );
});

test('terms held across the nursery’s promotion stay identical to equal terms built later', async (t) => {
  // More terms than one promotion chunk, so some are looked up while promotion is under way.
  const build = (k: number) => call('pair', sym(`held${k % 7}`), num(k));
  const held = Array.from({ length: 40000 }, (_, k) => build(k));
  const check = () => held.every((h, k) => build(k) === h);
  t.true(check());
  for (const wait of [0, 25, 5, 5, 50]) {
    await new Promise((r) => setTimeout(r, wait));
    t.true(check());
  }
  const { sweepInternTable } = await import('../../lib/term/term.js');
  sweepInternTable();
  t.true(check());
});
