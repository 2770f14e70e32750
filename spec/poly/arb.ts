/**
 * Arbitraries for the polynomial specs: random sparse polynomials in three generators (small
 * coefficients and degrees, so products stay cheap) and random polynomial texts in x and y.
 */
import fc from 'fast-check';
import * as P from '../../lib/poly/poly.js';

/** The ring of the specs: generators 0, 1, 2. */
export const R = P.ring(3);

/** A random polynomial with up to `terms` terms, exponents ≤ maxDeg, over `vars` generators. */
export function poly(terms = 5, maxDeg = 3, vars = 3): fc.Arbitrary<P.Poly> {
  const mono = fc.record({
    c: fc.integer({ min: -6, max: 6 }),
    e: fc.array(fc.integer({ min: 0, max: maxDeg }), { minLength: vars, maxLength: vars }),
  });
  return fc.array(mono, { minLength: 1, maxLength: terms }).map((ms) => {
    let p = P.zero(R);
    for (const { c, e } of ms) p = P.add(p, P.monomial(R, [...e, 0, 0, 0].slice(0, 3), BigInt(c)));
    return p;
  });
}

/** A random polynomial of positive degree in at least one generator. */
export function nonConstant(terms = 5, maxDeg = 3, vars = 3): fc.Arbitrary<P.Poly> {
  return poly(terms, maxDeg, vars).filter((p) => P.totalDegree(p) > 0);
}

/** A random polynomial text in x and y (degree ≤ 3, small coefficients). */
export function polyText(vars: readonly string[] = ['x', 'y']): fc.Arbitrary<string> {
  const mono = fc.record({
    c: fc.integer({ min: -5, max: 5 }).filter((c) => c !== 0),
    e: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: vars.length, maxLength: vars.length }),
  });
  return fc
    .array(mono, { minLength: 1, maxLength: 4 })
    .map((ms) =>
      ms.map(({ c, e }) => `(${c})${e.map((k, i) => `*${vars[i]}^${k}`).join('')}`).join(' + '),
    );
}

/** Fast-check settings of every property here: a fixed seed. */
export const runs = (numRuns = 100) => ({ seed: 20261202, numRuns });
