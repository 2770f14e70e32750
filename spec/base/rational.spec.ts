import test from 'ava';
import fc from 'fast-check';
import { Budget, BudgetExceeded, withBudget } from '../../lib/base/budget.js';
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

test('bit lengths are exact', (t) => {
  fc.assert(
    fc.property(fc.bigInt({ min: -(1n << 300n), max: 1n << 300n }), (a) =>
      t.is(Q.bitLength(a), a === 0n ? 0 : (a < 0n ? -a : a).toString(2).length),
    ),
    { seed: 11, numRuns: 500 },
  );
  for (let k = 0; k < 70; k++) {
    t.is(Q.bitLength(1n << BigInt(k)), k + 1);
    t.is(Q.bitLength((1n << BigInt(k + 1)) - 1n), k + 1);
  }
  t.is(Q.bitLength(0n), 0);
});

test('the bit budget is exact at its boundary, for powers and for products', (t) => {
  // 2^k has k + 1 bits; the budget (100,000 bits) admits 2^99999 and refuses 2^100000.
  const two = Q.rational(2n);
  const p = (k: number) => Q.powInt(two, BigInt(k));
  t.is(Q.bitLength(p(33334).num), 33335);
  t.is(Q.bitLength(p(99999).num), 100_000);
  t.is(Q.bitLength(Q.mul(Q.mul(p(33333), p(33333)), p(33333)).num), 100_000);
  t.is(Q.bitLength(Q.powInt(p(33333), 3n).num), 100_000);
  t.is(Q.bitLength(Q.powInt(Q.rational(1n, 2n), -99999n).num), 100_000);
  t.is(Q.bitLength(Q.inv(p(99999)).den), 100_000);
  for (const over of [
    () => p(100000),
    () => Q.mul(p(50000), p(50000)),
    () => Q.mul(Q.mul(p(33334), p(33333)), p(33333)),
    () => Q.powInt(p(33334), 3n),
    () => Q.add(p(99999), p(99999)),
    () => Q.powInt(Q.rational(1n, 2n), 100000n),
  ]) {
    const e = t.throws(over, { instanceOf: BibunError });
    t.is(e?.kind, 'limit');
  }
});

test('powInt refuses exactly the results over the bit budget', (t) => {
  const old = Q.setMaxRationalBits(40);
  try {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -300n, max: 300n }),
        fc.bigInt({ min: 1n, max: 300n }),
        fc.integer({ min: 1, max: 60 }),
        (n, d, k) => {
          const a = Q.rational(n, d);
          const exact = { num: a.num ** BigInt(k), den: a.den ** BigInt(k) };
          const over = Q.bitLength(exact.num) > 40 || Q.bitLength(exact.den) > 40;
          if (over) t.throws(() => Q.powInt(a, BigInt(k)), { instanceOf: BibunError });
          else t.deepEqual(Q.powInt(a, BigInt(k)), exact);
        },
      ),
      { seed: 12, numRuns: 500 },
    );
  } finally {
    Q.setMaxRationalBits(old);
  }
});

test('sums and products are in lowest terms, as the naive formula reduced', (t) => {
  // Shared factors make the Henrici shortcuts matter: denominators from a few small primes.
  const smooth = fc
    .tuple(fc.nat(6), fc.nat(4), fc.nat(3), fc.nat(2))
    .map(([a, b, c, d]) => 2n ** BigInt(a) * 3n ** BigInt(b) * 5n ** BigInt(c) * 7n ** BigInt(d));
  const q = fc
    .tuple(fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }), smooth)
    .map(([n, d]) => Q.rational(n, d));
  fc.assert(
    fc.property(q, q, (a, b) => {
      t.deepEqual(Q.add(a, b), Q.rational(a.num * b.den + b.num * a.den, a.den * b.den));
      t.deepEqual(Q.mul(a, b), Q.rational(a.num * b.num, a.den * b.den));
      if (b.num !== 0n) t.deepEqual(Q.div(a, b), Q.rational(a.num * b.den, a.den * b.num));
    }),
    { seed: 13, numRuns: 1000 },
  );
  t.deepEqual(Q.add(Q.rational(1n, 6n), Q.rational(-1n, 6n)), { num: 0n, den: 1n });
  t.deepEqual(Q.mul(Q.rational(0n), Q.rational(5n, 7n)), { num: 0n, den: 1n });
  t.deepEqual(Q.inv(Q.rational(-3n, 4n)), { num: -4n, den: 3n });
});

/** Fibonacci numbers by doubling: consecutive ones are the worst case of Euclid's gcd. */
function fibPair(n: number): [bigint, bigint] {
  if (n === 0) return [0n, 1n];
  const [a, b] = fibPair(n >> 1);
  const c = a * (2n * b - a);
  const d = a * a + b * b;
  return n & 1 ? [d, c + d] : [c, d];
}

test('a long gcd chain inside a budget stops with BudgetExceeded(time)', (t) => {
  // 100,000 Euclid steps on numbers of ~69,000 bits: seconds of work.
  const [f, g] = fibPair(100_000);
  const e = t.throws(() => withBudget(new Budget({ maxTimeMs: 30 }), () => Q.gcd(f, g)), {
    instanceOf: BudgetExceeded,
  });
  t.is(e?.budget, 'time');
});

test('a long sum of big rationals inside a budget stops with BudgetExceeded(time)', (t) => {
  // Denominators k·13^3000 share a large factor: each addition takes a gcd of ~11,000-bit numbers.
  const big = 13n ** 3000n;
  const e = t.throws(
    () =>
      withBudget(new Budget({ maxTimeMs: 30 }), () => {
        let s = Q.rational(0n);
        for (let k = 1n; k <= 5000n; k++) s = Q.add(s, Q.rational(1n, k * big));
        return s;
      }),
    { instanceOf: BudgetExceeded },
  );
  t.is(e?.budget, 'time');
});

test('exact roots of big numbers poll the budget', (t) => {
  // A 99,000-bit perfect square: Newton's steps on big numbers.
  const r = 3n ** 31000n;
  const e = t.throws(
    () =>
      withBudget(new Budget({ maxTimeMs: 1 }), () => {
        for (let i = 0; i < 1000; i++) Q.exactRoot(Q.rational(r * r + BigInt(i)), 2n);
      }),
    { instanceOf: BudgetExceeded },
  );
  t.is(e?.budget, 'time');
});
