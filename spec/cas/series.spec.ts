import test from 'ava';
import fc from 'fast-check';
import { BibunError } from '../../lib/base/errors.js';
import { evaluateCalls } from '../../lib/cas/functions.js';
import { limit } from '../../lib/cas/limit.js';
import { series } from '../../lib/cas/series.js';
import { subs } from '../../lib/cas/subs.js';
import { nthDerivative } from '../../lib/diff/index.js';
import { simplify } from '../../lib/simplify/simplify.js';
import { parse } from '../../lib/syntax/parse.js';
import { evaluate } from '../../lib/term/evaluate.js';
import { toInfix } from '../../lib/term/print.js';
import { add, call, mul, num, pow, sym, type Term } from '../../lib/term/term.js';

const x = sym('x');

/** Random expressions analytic at 0 and 1/2: compositions of entire functions and safe ones. */
const exprArb: fc.Arbitrary<Term> = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(x),
    fc.integer({ min: -3, max: 3 }).map((k) => num(k)),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => add(a as Term, b as Term)),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => mul(a as Term, b as Term)),
    fc
      .tuple(fc.constantFrom('sin', 'cos', 'exp', 'atan', 'sinh'), tie('e'))
      .map(([f, a]) => call(f, a as Term)),
    tie('e').map((a) => pow(add(num(2), call('sin', a as Term)), num(-1))),
    tie('e').map((a) => call('log', add(num(3), call('cos', a as Term)))),
  ),
})).e;

const order = 4;

test('series coefficients are d(f, x, k)/k! at a, at a = 0 and a = 1/2', (t) => {
  fc.assert(
    fc.property(exprArb, fc.constantFrom(num(0), num(1n, 2n)), (f, a) => {
      const r = series(f, x, a, num(order));
      t.is(r.order, order + 1);
      let d = f;
      let factorial = 1;
      for (let k = 0; k <= order; k++) {
        if (k > 0) {
          d = nthDerivative(d, x, 1);
          factorial *= k;
        }
        const want = evaluate(subs(d, x, a)) / factorial;
        const got = evaluate(r.coefficients[k]);
        t.true(
          Math.abs(want - got) <= 1e-9 * (1 + Math.abs(want)),
          `${toInfix(f)} at ${toInfix(a)}, k = ${k}: ${got} vs ${want}`,
        );
      }
    }),
    { seed: 1204, numRuns: 60 },
  );
});

test('the Taylor polynomial agrees with f near a to the right order', (t) => {
  fc.assert(
    fc.property(exprArb, (f) => {
      const p = series(f, x, num(0), num(3)).polynomial;
      // |f(h) - p(h)| = O(h^4): halving h divides the error by about 16, not 8.
      const err = (h: number) => Math.abs(evaluate(f, { x: h }) - evaluate(p, { x: h }));
      const e1 = err(1 / 64);
      const e2 = err(1 / 128);
      if (e1 < 1e-12) return; // below float noise; nothing to compare
      t.true(e2 <= e1 / 11, `${toInfix(f)}: ${e1} then ${e2}`);
    }),
    { seed: 1205, numRuns: 60 },
  );
});

test('series: known expansions, points, the remainder, usage errors', (t) => {
  const s = (e: string) => evaluateCalls(parse(e));
  t.is(s('series(exp(x), x, 0, 3)').term, simplify(parse('1 + x + x^2/2 + x^3/6')));
  t.is(s('series(tan(x), x, 0, 5)').term, simplify(parse('x + x^3/3 + 2*x^5/15')));
  t.is(s('series(atan(x), x, 0, 5)').term, simplify(parse('x - x^3/3 + x^5/5')));
  t.is(s('series(asin(x), x, 0, 3)').term, simplify(parse('x + x^3/6')));
  t.deepEqual(s('series(exp(x), x, 0, 3)').notes, ['+ O(x^4)']);
  const at1 = series(parse('sin(x)'), x, num(1), num(2));
  t.deepEqual(
    at1.coefficients.map((c) => toInfix(c)),
    ['sin(1)', 'cos(1)', '-sin(1)/2'],
  );
  t.is(at1.remainder, 'O((x - 1)^3)');
  // The depth-20 chain sin(u)*cos(u): each level adds -2/3 to the x^3 coefficient.
  let u: Term = x;
  for (let k = 0; k < 20; k++) u = mul(call('sin', u), call('cos', u));
  const chain = series(u, x, num(0), num(10));
  t.is(chain.coefficients[1], num(1));
  t.is(chain.coefficients[3], num(-40n, 3n));
  const bad = t.throws(() => s('series(f, 2, 0, 5)'), { instanceOf: BibunError });
  t.is(bad?.kind, 'usage');
  t.regex(bad?.message ?? '', /^series: /);
  t.throws(() => s('series(exp(x), x, 0, -1)'), { instanceOf: BibunError, message: /order/ });
  // Functions known only by their partials (rules/derivatives.rules), and their poles.
  t.is(s('series(sec(x), x, 0, 4)').term, simplify(parse('1 + x^2/2 + 5*x^4/24')));
  t.is(s('series(abs(x), x, 1, 2)').term, x);
  for (const [e, where] of [
    ['series(abs(x), x, 0, 2)', 'abs(x)'],
    ['series(exp(1/x), x, 0, 2)', 'exp(1/x)'],
    ['series(log(x)/x, x, 0, 2)', 'log(x)'],
    ['series(1/(x - x), x, 0, 2)', ''],
  ])
    t.throws(() => s(e), {
      instanceOf: BibunError,
      message:
        where === ''
          ? /^series: /
          : new RegExp(
              `^series: ${where.replace(/[()/]/g, '\\$&')} has no Laurent series at x = 0$`,
            ),
    });
  t.throws(() => s('series(g(x), x, 0, 2)'), {
    instanceOf: BibunError,
    message: /^series: no partial derivatives known for function g/,
  });
});

test('limits decided by series, and undecided ones said so', (t) => {
  const l = (e: string) => toInfix(evaluateCalls(parse(e)).term);
  t.is(l('limit(sin(x)/x, x, 0)'), '1');
  t.is(l('limit((cos(x) - 1)/x^2, x, 0)'), '-1/2');
  t.is(l('limit((1 + 1/x)^x, x, inf)'), 'e');
  t.is(l('limit(x/(x + 1), x, inf)'), '1');
  t.is(l('limit(1/x - 1/sin(x), x, 0)'), '0');
  t.is(l('limit(1/x, x, 0, plus)'), 'inf');
  t.is(l('limit(1/x, x, 0, minus)'), '-inf');
  t.is(l('limit(1/x^2, x, 0)'), 'inf');
  t.is(toInfix(limit(parse('(x^2 - 1)/(x - 1)'), x, num(1))), '2');
  // Leading terms past the first 8 Taylor terms: the order doubles while all are zero.
  t.is(l('limit((cos(x) - 1 + x^2/2 - x^4/24 + x^6/720 - x^8/40320)/x^10, x, 0)'), '-1/3628800');
  t.is(
    l('limit((sin(x) - x + x^3/6 - x^5/120 + x^7/5040 - x^9/362880)/x^11, x, 0)'),
    '-1/39916800',
  );
  for (const e of ['limit(sin(x), x, inf)', 'limit(sin(1/x), x, 0)']) {
    const err = t.throws(() => l(e), { instanceOf: BibunError });
    t.regex(err?.message ?? '', /^limit: cannot decide the limit of /);
  }
  // An odd pole: no two-sided limit, and each side's is said.
  t.throws(() => l('limit(1/x, x, 0)'), {
    message:
      'limit: the one-sided limits of 1/x as x -> 0 differ: inf from the right (plus), -inf from the left (minus)',
  });
  t.throws(() => l('limit(-1/(x - 2)^3, x, 2)'), {
    message: /differ: -inf from the right \(plus\), inf from the left \(minus\)$/,
  });
  // Real on the right only: the limit over the domain is the right-hand one.
  t.is(l('limit(1/sqrt(x), x, 0)'), 'inf');
  t.is(l('limit(1/sqrt(x), x, 0, plus)'), 'inf');
  t.throws(() => l('limit(1/sqrt(x), x, 0, minus)'), {
    message: 'limit: 1/sqrt(x) is not real near x = 0 from the left',
  });
  // Below a branch point one side's series says nothing of the other: sqrt(x^2) is |x|.
  t.is(l('limit(1/sqrt(x^2), x, 0)'), 'inf');
  t.throws(() => l('limit(sqrt(x^2)/x, x, 0)'), {
    message: /differ: 1 from the right \(plus\), -1 from the left/,
  });
  t.throws(() => l('limit(sin(x)/x, x, 0, up)'), { message: /plus or minus/ });
});

test('Laurent series at poles and removable singularities: known expansions', (t) => {
  const s = (e: string) => evaluateCalls(parse(e));
  const is = (e: string, want: string) => t.is(s(e).term, simplify(parse(want)), e);
  is('series(sin(x)/x, x, 0, 6)', '1 - x^2/6 + x^4/120 - x^6/5040');
  // Bernoulli numbers: B1 = -1/2, B2 = 1/6, B4 = -1/30, B6 = 1/42 (divided by k!).
  is('series(x/(exp(x) - 1), x, 0, 6)', '1 - x/2 + x^2/12 - x^4/720 + x^6/30240');
  is('series(1/sin(x), x, 0, 5)', '1/x + x/6 + 7*x^3/360 + 31*x^5/15120');
  is('series(cot(x), x, 0, 5)', '1/x - x/3 - x^3/45 - 2*x^5/945');
  is('series(csc(x), x, 0, 0)', '1/x');
  is('series(1/x, x, 0, 3)', '1/x');
  is('series((1 - cos(x))/x^2, x, 0, 4)', '1/2 - x^2/24 + x^4/720');
  is('series(1/(x^2*(1 + x)), x, 0, 2)', 'x^-2 - 1/x + 1 - x + x^2');
  is('series(exp(sin(x)/x), x, 0, 2)', 'e - e*x^2/6');
  is('series(tan(x), x, pi/2, 1)', '-1/(x - pi/2) + (x - pi/2)/3');
  t.deepEqual(s('series(csc(x), x, 0, 0)').notes, ['+ O(x)']);
  const r = series(parse('1/sin(x)^2'), x, num(0), num(2));
  t.is(r.valuation, -2);
  t.deepEqual(
    r.coefficients.map((c) => toInfix(c)),
    ['1', '0', '1/3', '0', '1/15'],
  );
});

test('Laurent: g/x^j shifts the series of g; (g - g(0))/x drops its constant', (t) => {
  fc.assert(
    fc.property(exprArb, fc.integer({ min: 1, max: 3 }), (g, j) => {
      const n = 3;
      const whole = series(g, x, num(0), num(n + j));
      const close = (a: Term, b: Term, what: string) => {
        const [p, q] = [evaluate(a), evaluate(b)];
        t.true(Math.abs(p - q) <= 1e-9 * (1 + Math.abs(p)), `${what}: ${p} vs ${q}`);
      };
      const shifted = series(mul(g, pow(x, num(-j))), x, num(0), num(n));
      // (valuation + k) − (−j) is the index of the same coefficient in g's series.
      shifted.coefficients.forEach((c, k) =>
        close(c, whole.coefficients[shifted.valuation + k + j], `${toInfix(g)}/x^${j}, k = ${k}`),
      );
      t.true(shifted.valuation >= -j);
      const removable = series(
        mul(add(g, mul(num(-1), subs(g, x, num(0)))), pow(x, num(-1))),
        x,
        num(0),
        num(n),
      );
      t.is(removable.valuation, 0);
      removable.coefficients.forEach((c, k) =>
        close(c, whole.coefficients[k + 1], `(${toInfix(g)} - g(0))/x, k = ${k}`),
      );
    }),
    { seed: 1206, numRuns: 40 },
  );
});

test('Laurent: the series agrees with f near the pole to the right order', (t) => {
  fc.assert(
    fc.property(exprArb, fc.integer({ min: 1, max: 2 }), (g, j) => {
      // f = g / sin(x)^j: a pole of order at most j at 0.
      const f = mul(g, pow(call('sin', x), num(-j)));
      const p = series(f, x, num(0), num(2)).polynomial;
      const err = (h: number) => Math.abs(evaluate(f, { x: h }) - evaluate(p, { x: h }));
      const e1 = err(1 / 64);
      const e2 = err(1 / 128);
      if (e1 < 1e-9) return;
      // O(h^3): halving h divides the error by about 8.
      t.true(e2 <= e1 / 5.5, `${toInfix(f)}: ${e1} then ${e2}`);
    }),
    { seed: 1207, numRuns: 40 },
  );
});
