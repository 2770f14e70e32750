import test from 'ava';
import fc from 'fast-check';
import { BibunError } from '../../lib/base/errors.js';
import * as Q from '../../lib/base/rational.js';

const small = fc
  .tuple(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: 1n, max: 1000n }))
  .map(([n, d]) => Q.rational(n, d));

test('field laws on random rationals', (t) => {
  fc.assert(
    fc.property(small, small, small, (a, b, c) => {
      t.deepEqual(Q.add(a, b), Q.add(b, a));
      t.deepEqual(Q.mul(a, Q.add(b, c)), Q.add(Q.mul(a, b), Q.mul(a, c)));
      t.deepEqual(Q.sub(Q.add(a, b), b), a);
      if (b.num !== 0n) t.deepEqual(Q.mul(Q.div(a, b), b), a);
    }),
    { seed: 7, numRuns: 300 },
  );
});

test('lowest terms and sign in the numerator', (t) => {
  t.deepEqual(Q.rational(2n, -4n), { num: -1n, den: 2n });
  t.deepEqual(Q.rational(0n, 5n), { num: 0n, den: 1n });
  t.throws(() => Q.rational(1n, 0n), { instanceOf: BibunError });
});

test('decimals are exact', (t) => {
  t.deepEqual(Q.parseDecimal('3.25'), { num: 13n, den: 4n });
  t.deepEqual(Q.parseDecimal('1e-3'), { num: 1n, den: 1000n });
  t.deepEqual(Q.parseDecimal('2.5E+2'), { num: 250n, den: 1n });
  t.deepEqual(Q.parseDecimal('.5'), { num: 1n, den: 2n });
});

test('enormous numbers are refused before they are computed', (t) => {
  const e = t.throws(() => Q.powInt(Q.rational(10n), 10n ** 10n), { instanceOf: BibunError });
  t.is(e?.kind, 'limit');
  t.throws(() => Q.parseDecimal('1e9999999999'), { instanceOf: BibunError });
});

test('exact roots', (t) => {
  t.deepEqual(Q.exactRoot(Q.rational(4n, 9n), 2n), { num: 2n, den: 3n });
  t.is(Q.exactRoot(Q.rational(2n), 2n), undefined);
  t.deepEqual(Q.exactRoot(Q.rational(-27n), 3n), { num: -3n, den: 1n });
  t.is(Q.exactRoot(Q.rational(-4n), 2n), undefined);
  t.is(Q.exactRoot(Q.rational(3n), 10n ** 30n), undefined);
  t.deepEqual(Q.exactRoot(Q.rational(1n, 8n), 3n), { num: 1n, den: 2n });
});

test('toNumber agrees with float division and handles huge parts', (t) => {
  fc.assert(
    fc.property(small, (a) => t.is(Q.toNumber(a), Number(a.num) / Number(a.den))),
    { seed: 8 },
  );
  t.is(Q.toNumber(Q.rational(10n ** 400n + 1n, 10n ** 399n)), 10);
});
