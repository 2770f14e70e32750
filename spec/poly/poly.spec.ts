import test from 'ava';
import { exactDivide, pseudoDivide } from '../../lib/poly/division.js';
import { isqrt } from '../../lib/poly/dense.js';
import fc from 'fast-check';
import * as P from '../../lib/poly/poly.js';
import { nonConstant, poly, R, runs } from './arb.js';

test('a·b divided exactly by b is a; a non-multiple is refused', (t) => {
  fc.assert(
    fc.property(poly(), nonConstant(), (a, b) => {
      const q = exactDivide(P.mul(a, b), b);
      return q !== undefined && P.equals(q, a);
    }),
    runs(),
  );
  const x = P.gen(R, 0);
  t.is(exactDivide(P.add(P.mul(x, x), P.constant(R, 1n)), P.add(x, P.constant(R, 1n))), undefined);
});

test('pseudo-division: lc^k·a = q·b + r with deg r < deg b in the variable', (t) => {
  fc.assert(
    fc.property(poly(6), nonConstant(), fc.integer({ min: 0, max: 2 }), (a, b, v) => {
      if (P.degree(b, v) <= 0) return true;
      const { q, r } = pseudoDivide(a, b, v);
      const k = Math.max(P.degree(a, v) - P.degree(b, v) + 1, 0);
      const lhs = P.mul(P.pow(P.leadIn(b, v), k), a);
      return P.equals(lhs, P.add(P.mul(q, b), r)) && P.degree(r, v) < P.degree(b, v);
    }),
    runs(),
  );
  t.pass();
});

test('ring laws: distributivity, powers as repeated products, shifts undo each other', (t) => {
  fc.assert(
    fc.property(poly(), poly(), poly(), (a, b, c) => {
      const left = P.mul(a, P.add(b, c));
      const right = P.add(P.mul(a, b), P.mul(a, c));
      const cube = P.mul(a, P.mul(a, a));
      const back = P.shiftVar(P.shiftVar(a, 1, 3n), 1, -3n);
      return P.equals(left, right) && P.equals(P.pow(a, 3), cube) && P.equals(back, a);
    }),
    runs(),
  );
  t.pass();
});

test('content and primitive part: p = content·primitive, primitive coefficients coprime', (t) => {
  fc.assert(
    fc.property(poly(), fc.integer({ min: 1, max: 30 }), (a, k) => {
      const p = P.scale(a, BigInt(k));
      if (P.isZero(p)) return true;
      const pp = P.primitive(p);
      return P.equals(P.scale(pp, P.content(p)), p) && P.content(pp) === 1n;
    }),
    runs(),
  );
  t.pass();
});

test('a degree past the packing of the ring stops with the size budget named', (t) => {
  const r = P.ring(10);
  const err = t.throws(() => P.pow(P.add(P.gen(r, 0), P.gen(r, 9)), 40));
  t.regex(err!.message, /degree 40 is over the degree budget.*size budget/);
});

test('isqrt is the floor of the square root at any size (past the range of doubles too)', (t) => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 1n << 3000n }), (n) => {
      const r = isqrt(n);
      return r * r <= n && (r + 1n) * (r + 1n) > n;
    }),
    { seed: 5, numRuns: 300 },
  );
  t.pass();
});
