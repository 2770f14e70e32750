import test from 'ava';
import fc from 'fast-check';
import { factor } from '../../lib/poly/factor-multivariate.js';
import { denseSquareFree, squareFree } from '../../lib/poly/sqf.js';
import { gcd } from '../../lib/poly/gcd.js';
import * as P from '../../lib/poly/poly.js';
import { nonConstant, poly, runs } from './arb.js';

function product(c: bigint, fs: ReadonlyArray<readonly [P.Poly, number]>, r: P.Ring): P.Poly {
  let acc = P.constant(r, c);
  for (const [g, i] of fs) acc = P.mul(acc, P.pow(g, i));
  return acc;
}

test('factor: the product of the factors is the input; factors primitive, positive degree', (t) => {
  fc.assert(
    fc.property(poly(5, 3), (f) => {
      if (P.isZero(f)) return true;
      const { coefficient, factors } = factor(f);
      // Irreducible-looking: positive degree, primitive, and factoring again changes nothing.
      const ok = factors.every(([g]) => {
        const again = factor(g);
        return P.totalDegree(g) >= 1 && P.content(g) === 1n && again.factors.length === 1;
      });
      return ok && P.equals(product(coefficient, factors, f.ring), f);
    }),
    runs(),
  );
  t.pass();
});

test('factor of a product of k non-constant polynomials finds at least k factors', (t) => {
  fc.assert(
    fc.property(fc.array(nonConstant(4, 2), { minLength: 1, maxLength: 3 }), (gs) => {
      const f = gs.reduce((a, b) => P.mul(a, b));
      const { coefficient, factors } = factor(f);
      const count = factors.reduce((s, [, i]) => s + i, 0);
      return count >= gs.length && P.equals(product(coefficient, factors, f.ring), f);
    }),
    runs(60),
  );
  t.pass();
});

test('factors of a univariate product of dense degree-6 polynomials multiply back', (t) => {
  fc.assert(
    fc.property(fc.array(nonConstant(7, 6, 1), { minLength: 2, maxLength: 3 }), (gs) => {
      const f = gs.reduce((a, b) => P.mul(a, b));
      const { coefficient, factors } = factor(f);
      const count = factors.reduce((s, [, i]) => s + i, 0);
      return count >= gs.length && P.equals(product(coefficient, factors, f.ring), f);
    }),
    runs(40),
  );
  t.pass();
});

test('square-free decomposition: parts multiply back, each square-free, pairwise coprime', (t) => {
  fc.assert(
    fc.property(nonConstant(3, 2), nonConstant(3, 2), (a, b) => {
      const f = P.mul(P.mul(a, a), b);
      const { coefficient, factors } = squareFree(f);
      if (!P.equals(product(coefficient, factors, f.ring), f)) return false;
      for (const [g] of factors) {
        const v = P.occurring(g)[0];
        if (P.totalDegree(gcd(g, P.derivative(g, v))) > 0) return false;
      }
      for (let i = 0; i < factors.length; i++)
        for (let j = i + 1; j < factors.length; j++)
          if (P.totalDegree(gcd(factors[i][0], factors[j][0])) > 0) return false;
      return true;
    }),
    runs(60),
  );
  t.deepEqual(denseSquareFree([-1n, 1n, 1n, -1n]), [
    [[1n, 1n], 1],
    [[-1n, 1n], 2],
  ]);
});
