import test from 'ava';
import { exactDivide } from '../../lib/poly/division.js';
import fc from 'fast-check';
import { gcd, lcm } from '../../lib/poly/gcd.js';
import * as P from '../../lib/poly/poly.js';
import { nonConstant, poly, runs } from './arb.js';

test('gcd divides both inputs', (t) => {
  fc.assert(
    fc.property(poly(), poly(), (a, b) => {
      if (P.isZero(a) && P.isZero(b)) return true;
      const g = gcd(a, b);
      return exactDivide(a, g) !== undefined && exactDivide(b, g) !== undefined;
    }),
    runs(),
  );
  t.pass();
});

test('gcd is maximal: gcd(a·g, b·g) is a multiple of g', (t) => {
  fc.assert(
    fc.property(poly(4, 2), poly(4, 2), nonConstant(4, 2), (a, b, g) => {
      if (P.isZero(a) || P.isZero(b)) return true;
      const h = gcd(P.mul(a, g), P.mul(b, g));
      return exactDivide(h, g) !== undefined;
    }),
    runs(),
  );
  t.pass();
});

test('univariate gcd of products of degree-12 polynomials recovers the shared factor', (t) => {
  const uni = nonConstant(8, 12, 1);
  fc.assert(
    fc.property(uni, uni, uni, (a, b, g) => {
      const h = gcd(P.mul(a, g), P.mul(b, g));
      return exactDivide(h, g) !== undefined && exactDivide(P.mul(a, g), h) !== undefined;
    }),
    runs(60),
  );
  t.pass();
});

test('lcm·gcd = a·b up to sign', (t) => {
  fc.assert(
    fc.property(nonConstant(), nonConstant(), (a, b) => {
      const prod = P.mul(gcd(a, b), lcm(a, b));
      const ab = P.mul(a, b);
      return P.equals(prod, ab) || P.equals(prod, P.neg(ab));
    }),
    runs(),
  );
  t.pass();
});
