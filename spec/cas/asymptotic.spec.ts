import test from 'ava';
import fc from 'fast-check';
import { BibunError } from '../../lib/base/errors.js';
import { evaluateCalls } from '../../lib/cas/functions.js';
import { parse } from '../../lib/syntax/parse.js';
import { evaluate } from '../../lib/term/evaluate.js';
import { toInfix } from '../../lib/term/print.js';

/** The limit call's result, as text. */
const l = (e: string) => toInfix(evaluateCalls(parse(e)).term);

test('limits with logarithms and exponentials: the textbook ones', (t) => {
  const known: [string, string][] = [
    ['limit(x*log(x), x, 0)', '0'],
    ['limit(x*log(x)^2, x, 0)', '0'],
    ['limit(sqrt(x)*log(x), x, 0, plus)', '0'],
    ['limit(x^x, x, 0)', '1'],
    ['limit(log(x), x, 0)', '-inf'],
    ['limit(log(-x), x, 0)', '-inf'],
    ['limit(log(x), x, inf)', 'inf'],
    ['limit(log(x)/x, x, inf)', '0'],
    ['limit(log(x)^3/x, x, inf)', '0'],
    ['limit(x/log(x), x, inf)', 'inf'],
    ['limit(log(x^2 + 1)/log(x), x, inf)', '2'],
    ['limit(x^(1/x), x, inf)', '1'],
    ['limit(x^2/exp(x), x, inf)', '0'],
    ['limit(exp(x)/x^100, x, inf)', 'inf'],
    ['limit(exp(x) - x, x, inf)', 'inf'],
    ['limit(x^2 - exp(x), x, -inf)', 'inf'],
    ['limit(2^x/x^3, x, inf)', 'inf'],
    ['limit((exp(x) + x)/(exp(x) - x), x, inf)', '1'],
    ['limit(exp(x)/exp(2*x), x, inf)', '0'],
    ['limit(log(1 + exp(x))/x, x, inf)', '1'],
    ['limit((1 + 1/x)^(x^2), x, inf)', 'inf'],
    ['limit(exp(-1/x^2)/x^10, x, 0)', '0'],
    ['limit(atan(x), x, inf)', 'pi/2'],
    ['limit(atan(x), x, -inf)', '-pi/2'],
    ['limit(tanh(x), x, inf)', '1'],
    ['limit(sin(x*log(x)), x, 0)', '0'],
    ['limit(x*sin(1/x), x, 0)', '0'],
    ['limit(sin(x)/x, x, inf)', '0'],
    ['limit(exp(-x)*sin(x), x, inf)', '0'],
    ['limit(x + sin(x), x, inf)', 'inf'],
    ['limit(sqrt(x^2 + 1) - x, x, inf)', '0'],
    ['limit(sqrt(x + 1) - sqrt(x), x, inf)', '0'],
    ['limit(sqrt(x^2 + x) - x, x, inf)', '1/2'],
    ['limit(sqrt(x^2 + 1) + x, x, -inf)', '0'],
    ['limit(log(x) - log(2*x), x, 0)', '-log(2)'],
    ['limit(log(sin(x)) - log(x), x, 0)', '0'],
    ['limit(log(1 + x*log(x))/(x*log(x)), x, 0)', '1'],
    // The left side is not real (sqrt of a negative): the limit is the right-hand one.
    ['limit(sqrt(x)*exp(1/x), x, 0)', 'inf'],
    // log(log(x)), the next level of the scale, and exponentials of exponentials.
    ['limit(log(log(x)), x, inf)', 'inf'],
    ['limit(log(log(x))/log(x), x, inf)', '0'],
    ['limit(1/log(log(x)), x, inf)', '0'],
    ['limit(log(log(x))/log(log(x^2)), x, inf)', '1'],
    ['limit(x*log(log(1/x)), x, 0)', '0'],
    ['limit(exp(2*log(log(x)))/log(x)^2, x, inf)', '1'],
    ['limit((log(x) + 1)^(1/log(log(x))), x, inf)', 'e'],
    ['limit(exp(exp(x)), x, inf)', 'inf'],
    ['limit(exp(-exp(x)), x, inf)', '0'],
    ['limit(exp(exp(x)) - exp(x), x, inf)', 'inf'],
    ['limit(exp(exp(x))/exp(exp(x) + x), x, inf)', '0'],
    ['limit(exp(exp(x))/exp(exp(x) + 1), x, inf)', 'exp(-1)'],
    ['limit(log(exp(exp(x)))/exp(x), x, inf)', '1'],
    // exp(w) - 1 ~ w where w -> 0, past the cancellation of the constants.
    ['limit(x^(1/x) - 1, x, inf)', '0'],
    ['limit(x*(x^(1/x) - 1)/log(x), x, inf)', '1'],
    ['limit(log(x)*(x^(1/log(x)^2) - 1), x, inf)', '1'],
    ['limit((2^(1/x) - 1)*x, x, inf)', 'log(2)'],
    ['limit(log(1 + exp(-x))*exp(x), x, inf)', '1'],
  ];
  for (const [e, want] of known) t.is(l(e), want, e);
});

test('limits that do not exist or are not decided say so', (t) => {
  t.throws(() => l('limit(abs(x)/x, x, 0)'), {
    message:
      'limit: the one-sided limits of abs(x)/x as x -> 0 differ: 1 from the right (plus), -1 from the left (minus)',
  });
  t.throws(() => l('limit(exp(1/x), x, 0)'), {
    message: /differ: inf from the right \(plus\), 0 from the left \(minus\)$/,
  });
  t.throws(() => l('limit(x^2*log(x), x, 0, minus)'), {
    message: 'limit: x^2*log(x) is not real near x = 0 from the left',
  });
  t.throws(() => l('limit(log(x - 2), x, 0)'), { message: /is not real near x = 0$/ });
  for (const e of [
    'limit(x*sin(x), x, inf)',
    'limit(1/(2 + sin(x)), x, inf)',
    // Both 0; the second order of x^(1/x) and the constant between the exponents are not taken.
    'limit(x^(1/x) - 1 - log(x)/x, x, inf)',
    'limit(exp(exp(x) + 1) - e*exp(exp(x)), x, inf)',
  ]) {
    const err = t.throws(() => l(e), { instanceOf: BibunError });
    t.regex(err?.message ?? '', /^limit: cannot decide the limit of /, e);
  }
  // An unknown function: limit's own message, which says why.
  t.throws(() => l('limit(f(x)*log(x), x, 0)'), {
    message:
      /^limit: cannot decide the limit of f\(x\)\*log\(x\) as x -> 0: no partial derivatives known for function f;/,
  });
});

const rational = fc
  .tuple(fc.integer({ min: -6, max: 6 }), fc.integer({ min: 1, max: 4 }))
  .filter(([p]) => p !== 0);
const text = ([p, q]: [number, number]) => (q === 1 ? `${p}` : `(${p}/${q})`);

test('x^a*log(x)^k at 0: 0 for a > 0, (-1)^k*inf for a < 0', (t) => {
  fc.assert(
    fc.property(rational, fc.integer({ min: 1, max: 4 }), (a, k) => {
      const got = l(`limit(x^${text(a)}*log(x)^${k}, x, 0, plus)`);
      const want = a[0] > 0 ? '0' : k % 2 === 0 ? 'inf' : '-inf';
      t.is(got, want);
    }),
    { seed: 1204, numRuns: 40 },
  );
});

test('x^n*exp(c*x) at inf: inf for c > 0, 0 for c < 0, whatever n', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: -5, max: 5 }),
      fc.integer({ min: -3, max: 3 }).filter((c) => c !== 0),
      (n, c) => {
        t.is(l(`limit(x^${n}*exp(${c}*x), x, inf)`), c > 0 ? 'inf' : '0');
        t.is(l(`limit(log(x)^${Math.abs(n) + 1}/x^${Math.abs(c)}, x, inf)`), '0');
      },
    ),
    { seed: 1205, numRuns: 40 },
  );
});

test('(p + q*exp(x))/(r + s*exp(x)): q/s at inf, p/r at -inf, and the values approach them', (t) => {
  const nonzero = fc.integer({ min: -5, max: 5 }).filter((v) => v !== 0);
  fc.assert(
    fc.property(nonzero, nonzero, nonzero, nonzero, (p, q, r, s) => {
      const f = `(${p} + ${q}*exp(x))/(${r} + ${s}*exp(x))`;
      const up = l(`limit(${f}, x, inf)`);
      const down = l(`limit(${f}, x, -inf)`);
      const value = (e: string) => evaluate(parse(e));
      const near = (x: number) => evaluate(parse(f), { x });
      t.true(Math.abs(value(up) - near(40)) < 1e-9, `${f} at inf: ${up}`);
      t.true(Math.abs(value(down) - near(-40)) < 1e-9, `${f} at -inf: ${down}`);
    }),
    { seed: 1206, numRuns: 40 },
  );
});

test('x*(x^(c/x) - 1)/log(x) -> c and log(x)^a*log(log(x))^b at inf, and the values approach them', (t) => {
  fc.assert(
    fc.property(
      rational,
      fc.integer({ min: -3, max: 3 }),
      fc.integer({ min: -3, max: 3 }),
      (c, a, b) => {
        const f = `x*(x^(${text(c)}/x) - 1)/log(x)`;
        const got = l(`limit(${f}, x, inf)`);
        const want = c[0] / c[1];
        t.true(Math.abs(evaluate(parse(got)) - want) < 1e-12, `${f}: ${got}`);
        // The function at 1e8 is within 1e-5 of the limit (the next term is c^2*log(x)/(2x)).
        t.true(Math.abs(evaluate(parse(f), { x: 1e8 }) - want) < 1e-5, f);
        const g = `log(x)^${a}*log(log(x))^${b}`;
        const lg = l(`limit(${g}, x, inf)`);
        const grows = a !== 0 ? a : b;
        t.is(lg, grows > 0 ? 'inf' : grows < 0 ? '0' : '1', g);
      },
    ),
    { seed: 1209, numRuns: 40 },
  );
});
