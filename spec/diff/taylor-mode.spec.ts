import test from 'ava';
import fc from 'fast-check';
import { BibunError } from '../../lib/base/errors.js';
import { centralDifferences } from '../../lib/diff/ad.js';
import {
  countOps,
  diff,
  maxTaylorOrder,
  nthDerivative,
  partialsFromText,
  rewriteDerivatives,
  taylorCoefficients,
} from '../../lib/diff/index.js';
import type { PartialsTable } from '../../lib/diff/partials.js';
import { parse } from '../../lib/syntax/parse.js';
import { evaluate } from '../../lib/term/evaluate.js';
import { toInfix } from '../../lib/term/print.js';
import { app, call, mul, num, sym, type Term, ZERO } from '../../lib/term/term.js';
import { mapBottomUp, withArgs } from '../../lib/term/walk.js';
import { close, expression, point } from './exprs.js';

const x = sym('x');

/** The reference: differentiating n times (dstar each time). */
function repeated(f: Term, n: number, table?: PartialsTable): Term {
  let d = f;
  for (let k = 0; k < n; k++) d = diff(d, 'x', table ? { table } : {});
  return d;
}

/** f₀ = x, f_{k+1} = sin(f_k)·cos(f_k) (spec/bench/workloads/diffcases.ts). */
function chain(k: number): Term {
  let f: Term = x;
  for (let i = 0; i < k; i++) f = mul(call('sin', f), call('cos', f));
  return f;
}

test('nthDerivative by Taylor mode equals differentiating n times, n = 2..5, at random points', (t) => {
  let compared = 0;
  fc.assert(
    fc.property(expression(['x'], 6), fc.integer({ min: 2, max: 5 }), point(['x']), (f, n, at) => {
      const want = evaluate(repeated(f, n), at);
      if (!Number.isFinite(want) || Math.abs(want) > 1e8) return true;
      const got = evaluate(nthDerivative(f, 'x', n), at);
      compared++;
      t.true(close(got, want, 1e-7), `d(${toInfix(f)}, x, ${n}) at ${at.x}: ${got} vs ${want}`);
    }),
    { seed: 1301, numRuns: 120 },
  );
  t.true(compared > 90, `${compared} of 120 compared`);
});

test('the nth derivative is the central difference of the (n − 1)th, n = 2..5', (t) => {
  let compared = 0;
  fc.assert(
    fc.property(expression(['x'], 6), fc.integer({ min: 2, max: 5 }), point(['x']), (f, n, at) => {
      const lower = nthDerivative(f, 'x', n - 1);
      const want = centralDifferences([lower], [x], at)[0][0];
      const got = evaluate(nthDerivative(f, 'x', n), at);
      // Central differences lose about two thirds of the digits; skip where they are noise.
      if (!Number.isFinite(want) || !Number.isFinite(got) || Math.abs(want) > 1e6) return true;
      compared++;
      t.true(close(got, want, 1e-4), `d(${toInfix(f)}, x, ${n}) at ${at.x}: ${got} vs ${want}`);
    }),
    { seed: 1302, numRuns: 120 },
  );
  t.true(compared > 90, `${compared} of 120 compared`);
});

test('functions known only by their partials: sec, csc, cot, asinh, acosh, atanh, abs, atan2', (t) => {
  const inputs = [
    'sec(x^2)*csc(x + 2)',
    'cot(sin(x) + 2)',
    'asinh(x^3) + acosh(x^2 + 2)',
    'atanh(x/3)*abs(x - 1/2)',
    'atan2(x^2 + 1, sin(x) + 2)',
    'abs(sin(x))^3',
  ];
  for (const s of inputs) {
    const f = parse(s);
    for (const n of [2, 3, 4])
      for (const at of [0.3, 1.2]) {
        const want = evaluate(repeated(f, n), { x: at });
        const got = evaluate(nthDerivative(f, 'x', n), { x: at });
        t.true(close(got, want, 1e-8), `d(${s}, x, ${n}) at ${at}: ${got} vs ${want}`);
      }
  }
});

test("a user's table: its functions, self-referencing partials and overridden lines", (t) => {
  const table = partialsFromText(
    'derivatives\n  myexp(u) : myexp(u)\n  twice(u, v) : 2*v, 2*u\n  tan(u) : 1 + tan(u)^2\n',
  );
  // myexp has no float value: rename it to exp to compare with the shipped table.
  const toExp = (d: Term) =>
    mapBottomUp(d, (node, args) => {
      const m = withArgs(node, args);
      return m.kind === 'app' && m.head === 'myexp' ? call('exp', ...m.args) : m;
    });
  for (const s of ['myexp(sin(x))*x', 'twice(x, x^2) + tan(x/2)', 'myexp(myexp(x/4))']) {
    const f = parse(s);
    for (const n of [2, 4]) {
      const want = evaluate(toExp(repeated(f, n, table)), { x: 0.7 });
      const got = evaluate(toExp(nthDerivative(f, 'x', n, { table })), { x: 0.7 });
      t.true(close(got, want, 1e-9), `d(${s}, x, ${n}): ${got} vs ${want}`);
    }
  }
  // A partial that builds ever new nodes stops at the order: g(u) : g(2u) has g^(k)(u) = 2^(k(k−1)/2)·g(2^k·u).
  const g = partialsFromText('derivatives\n  g(u) : g(2*u)\n');
  const d3 = nthDerivative(parse('g(x)'), 'x', 3, { table: g });
  const evalG = (d: Term) =>
    evaluate(
      mapBottomUp(d, (node, args) => {
        const m = withArgs(node, args);
        return m.kind === 'app' && m.head === 'g' ? call('exp', ...m.args) : m;
      }),
      { x: 0.1 },
    );
  t.true(close(evalG(d3), evalG(repeated(parse('g(x)'), 3, g)), 1e-12));
  t.throws(() => nthDerivative(parse('h(x)*x'), 'x', 2), {
    instanceOf: BibunError,
    message: /no partial derivatives known for function h/,
  });
});

test('Taylor coefficients at a point: exp, and the chain to order 10', (t) => {
  t.deepEqual(taylorCoefficients(parse('exp(x)'), x, ZERO, 3), [
    num(1),
    num(1),
    num(1n, 2n),
    num(1n, 6n),
  ]);
  t.is(taylorCoefficients(chain(20), x, ZERO, 3)[3], num(-40n, 3n));
  const d10 = nthDerivative(chain(20), 'x', 10);
  t.true(close(evaluate(d10, { x: 0.3 }), 3356969211.281688, 1e-9));
});

test('op counts: d(chain_k, x, n) grows as n² · dagSize(chain_k), not exponentially', (t) => {
  const size = (k: number, n: number) => nthDerivative(chain(k), 'x', n).dagSize;
  const ops = (k: number, n: number) => countOps(nthDerivative(chain(k), 'x', n)).total;
  // Doubling n: about 4× (n² with its lower-order terms: 3.4× from 8 to 16).
  t.true(size(20, 16) / size(20, 8) > 3 && size(20, 16) / size(20, 8) < 4.5);
  t.true(ops(20, 16) / ops(20, 8) > 3 && ops(20, 16) / ops(20, 8) < 4.5);
  // Doubling the chain: 2×.
  t.true(size(40, 8) / size(20, 8) > 1.8 && size(40, 8) / size(20, 8) < 2.2);
  t.true(ops(40, 8) / ops(20, 8) > 1.8 && ops(40, 8) / ops(20, 8) < 2.2);
  for (const n of [4, 8, 16]) t.true(size(20, n) <= 1.5 * n * n * chain(20).dagSize);
  // Differentiating five times is already 3.7× larger at k = 20.
  t.true(size(20, 5) * 3 < repeated(chain(20), 5).dagSize);
});

test('deep chains stay linear: the first coefficients are not copied into long products', (t) => {
  // u' of cos(sin(cos(...))) is the product of all the levels' factors; spliced into each
  // level's coefficient products it would cost Θ(depth²) multiplications (a 10^4-deep chain
  // ran out of memory so).
  const alternating = (depth: number) => {
    let f: Term = x;
    for (let i = 0; i < depth; i++) f = call(i % 2 ? 'sin' : 'cos', f);
    return f;
  };
  const ops = (depth: number) => countOps(nthDerivative(alternating(depth), 'x', 3)).total;
  const ratio = ops(2000) / ops(1000);
  t.true(ratio > 1.8 && ratio < 2.2, `ratio ${ratio}`);
  const d = nthDerivative(alternating(10_000), 'x', 3);
  t.true(d.dagSize <= 2 * 9 * alternating(10_000).dagSize);
});

test('bad orders: negative, non-integer or beyond the budget are one-line usage errors', (t) => {
  for (const n of [-1, 1.5, maxTaylorOrder + 1]) {
    const e = t.throws(() => nthDerivative(parse('sin(x)'), 'x', n), { instanceOf: BibunError });
    t.is(e?.kind, 'usage');
    t.is(e?.message, `derivative order must be an integer from 0 to ${maxTaylorOrder}, got ${n}`);
  }
  for (const n of ['-1', '1/2', '1001', 'y']) {
    const e = t.throws(() => rewriteDerivatives(parse(`d(sin(x), x, ${n})`)), {
      instanceOf: BibunError,
    });
    t.is(e?.kind, 'usage');
    t.is(
      e?.message,
      `the order of d(f, x, n) must be an integer from 0 to ${maxTaylorOrder}, got ${n}`,
    );
  }
  // An order the time budget cannot afford stops with the budget's one-line error.
  const slow = t.throws(() => nthDerivative(chain(20), 'x', 400, { maxTimeMs: 50 }), {
    instanceOf: BibunError,
  });
  t.is(slow?.kind, 'limit');
  t.regex(slow?.message ?? '', /time budget/);
  t.is(nthDerivative(parse('sin(x)'), 'x', 0), parse('sin(x)'));
  t.is(rewriteDerivatives(app('d', [parse('x^3'), x, num(3)])), num(6));
  const e = t.throws(() => nthDerivative(parse('sin(x)'), 'pi', 2), { instanceOf: BibunError });
  t.regex(e?.message ?? '', /^can only differentiate with respect to a variable/);
});
