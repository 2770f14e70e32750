import test from 'ava';
import fc from 'fast-check';
import { BibunError } from '../../lib/base/errors.js';
import * as Q from '../../lib/base/rational.js';
import { binomial, ceil, factorial, floor, mod } from '../../lib/cas/integers.js';
import { parse } from '../../lib/syntax/parse.js';
import { toInfix } from '../../lib/term/print.js';
import { num, type Term } from '../../lib/term/term.js';

function value(t: Term | undefined): Q.Rational {
  if (t === undefined || t.kind !== 'num') throw new Error(`not a number: ${t}`);
  return { num: t.num, den: t.den };
}

const n = (k: number | bigint) => num(BigInt(k));

test('factorial: 0! = 1 and n! = n·(n-1)!', (t) => {
  t.deepEqual(value(factorial(n(0))), Q.rational(1n));
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 400 }), (k) => {
      t.deepEqual(value(factorial(n(k))), Q.mul(Q.rational(BigInt(k)), value(factorial(n(k - 1)))));
    }),
    { seed: 41, numRuns: 100 },
  );
});

test('binomial(n, k) = n!/(k!(n-k)!), Pascal, and symmetry', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 120 }), fc.integer({ min: -3, max: 125 }), (a, k) => {
      const c = value(binomial(n(a), n(k)));
      if (k < 0 || k > a) t.deepEqual(c, Q.rational(0n));
      else {
        const f = (x: number) => value(factorial(n(x)));
        t.deepEqual(c, Q.div(f(a), Q.mul(f(k), f(a - k))));
        t.deepEqual(c, value(binomial(n(a), n(a - k))));
      }
    }),
    { seed: 42, numRuns: 300 },
  );
  // Pascal holds for every integer n (negative too) with binomial(n, k) = 0 for k < 0.
  fc.assert(
    fc.property(fc.integer({ min: -30, max: 60 }), fc.integer({ min: -3, max: 40 }), (a, k) => {
      const lhs = value(binomial(n(a), n(k)));
      const rhs = Q.add(value(binomial(n(a - 1), n(k - 1))), value(binomial(n(a - 1), n(k))));
      t.deepEqual(lhs, rhs, `binomial(${a}, ${k})`);
    }),
    { seed: 43, numRuns: 300 },
  );
  t.deepEqual(value(binomial(n(-1), n(5))), Q.rational(-1n));
  t.deepEqual(value(binomial(num(1n, 2n), n(2))), Q.rational(-1n, 8n));
});

test('huge results are refused by the bit budget before they are computed', (t) => {
  const e = t.throws(() => factorial(n(10n ** 6n)), { instanceOf: BibunError });
  t.is(e?.kind, 'limit');
  t.regex(e?.message ?? '', /bit/);
  t.is(t.throws(() => binomial(n(10n ** 7n), n(5n * 10n ** 6n)))?.constructor, BibunError);
  t.is(t.throws(() => factorial(n(-1)), { instanceOf: BibunError })?.kind, 'domain');
});

const rationals = fc
  .tuple(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: 1n, max: 50n }))
  .map(([a, b]) => Q.rational(a, b));

test('floor, ceil and mod laws', (t) => {
  fc.assert(
    fc.property(rationals, rationals, (a, b) => {
      const f = value(floor(num(a)));
      const c = value(ceil(num(a)));
      t.true(Q.isInteger(f) && Q.compare(f, a) <= 0 && Q.compare(a, Q.add(f, Q.rational(1n))) < 0);
      t.deepEqual(c, Q.neg(value(floor(num(Q.neg(a))))));
      t.true(Q.compare(Q.sub(c, f), Q.rational(1n)) <= 0);
      if (b.num !== 0n) {
        const m = value(mod(num(a), num(b)));
        // a = b·q + m with an integer q, and m lies between 0 and b (the sign of b).
        t.true(Q.isInteger(Q.div(Q.sub(a, m), b)));
        const r = Q.div(m, b);
        t.true(Q.compare(r, Q.rational(0n)) >= 0 && Q.compare(r, Q.rational(1n)) < 0);
      }
    }),
    { seed: 44, numRuns: 300 },
  );
});

test('floor, ceil, mod of constants are certified; symbols stay unevaluated', (t) => {
  const show = (x: Term | undefined) => (x === undefined ? 'unevaluated' : toInfix(x));
  t.is(show(floor(parse('pi'))), '3');
  t.is(show(ceil(parse('-pi'))), '-3');
  t.is(show(floor(parse('exp(10)'))), '22026');
  t.is(show(floor(parse('10^20*pi'))), '314159265358979323846');
  t.is(show(floor(parse('sin(pi/2)'))), '1'); // decided by the simplifier
  t.is(show(mod(parse('pi'), num(2n))), 'pi - 2');
  t.is(show(mod(n(7), n(-3))), '-2');
  t.is(show(floor(parse('x'))), 'unevaluated');
  t.is(show(factorial(parse('x'))), 'unevaluated');
  t.is(show(binomial(parse('x'), n(2))), 'unevaluated');
  t.is(t.throws(() => mod(n(1), n(0)), { instanceOf: BibunError })?.kind, 'domain');
});
