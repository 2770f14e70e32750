import test from 'ava';
import fc from 'fast-check';
import * as Q from '../../lib/base/rational.js';
import {
  bitLength,
  dyadic,
  dyadicToRational,
  type Interval,
  iadd,
  idiv,
  imul,
  isqr,
  isqrt,
  isqrtI,
  isub,
  ofRational,
  round,
} from '../../lib/cas/interval.js';

const rationals = fc
  .tuple(
    fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
    fc.bigInt({ min: 1n, max: 10n ** 20n }),
  )
  .map(([n, d]) => Q.rational(n, d));

function holds(iv: Interval, q: Q.Rational): boolean {
  return Q.compare(dyadicToRational(iv.lo), q) <= 0 && Q.compare(q, dyadicToRational(iv.hi)) <= 0;
}

test('bitLength is exact', (t) => {
  fc.assert(
    fc.property(fc.bigInt({ min: -(2n ** 5000n), max: 2n ** 5000n }), (n) => {
      t.is(bitLength(n), n === 0n ? 0 : Q.bigAbs(n).toString(2).length);
    }),
    { seed: 11, numRuns: 300 },
  );
});

test('directed rounding brackets the exact value', (t) => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: -(2n ** 300n), max: 2n ** 300n }),
      fc.integer({ min: 1, max: 80 }),
      (m, p) => {
        const x = dyadic(m, -7);
        const q = dyadicToRational(x);
        t.true(Q.compare(dyadicToRational(round(x, p, 'down')), q) <= 0);
        t.true(Q.compare(dyadicToRational(round(x, p, 'up')), q) >= 0);
        t.true(bitLength(round(x, p, 'up').m) <= p + 1);
      },
    ),
    { seed: 12, numRuns: 300 },
  );
});

test('interval operations enclose the exact rational results', (t) => {
  fc.assert(
    fc.property(rationals, rationals, fc.integer({ min: 8, max: 200 }), (a, b, p) => {
      const A = ofRational(a, p);
      const B = ofRational(b, p);
      t.true(holds(A, a));
      t.true(holds(iadd(A, B, p), Q.add(a, b)));
      t.true(holds(isub(A, B, p), Q.sub(a, b)));
      t.true(holds(imul(A, B, p), Q.mul(a, b)));
      t.true(holds(isqr(A, p), Q.mul(a, a)));
      if (b.num !== 0n) t.true(holds(idiv(A, B, p), Q.div(a, b)));
      // √(a²) = |a|.
      t.true(holds(isqrtI(isqr(A, p), p), a.num < 0n ? Q.neg(a) : a));
    }),
    { seed: 13, numRuns: 300 },
  );
});

test('isqrt is the floor of the square root', (t) => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 2n ** 3000n }), (n) => {
      const r = isqrt(n);
      t.true(r * r <= n && (r + 1n) * (r + 1n) > n);
    }),
    { seed: 14, numRuns: 300 },
  );
});
