import test from 'ava';
import fc from 'fast-check';
import { evaluate } from '../../lib/term/evaluate.js';
import { expandTerm, maxExpandedTerms } from '../../lib/rewrite/expand.js';
import { parse } from '../../lib/syntax/parse.js';
import { simplify } from '../../lib/simplify/simplify.js';
import { toInfix } from '../../lib/term/print.js';
import { termArbitrary } from '../../lib/check/toolkit.js';

/** Points on a grid of hundredths in [-3, 3]: expansion reorders float operations, and tiny
 * magnitudes (1e-269) would underflow differently on the two sides. */
const point = fc
  .tuple(...['x', 'y', 'z'].map(() => fc.integer({ min: -300, max: 300 })))
  .map(([x, y, z]) => ({ x: x / 100, y: y / 100, z: z / 100 }));

test('expansion preserves the value at random points', (t) => {
  fc.assert(
    fc.property(termArbitrary({ maxDepth: 4 }), point, (term, p) => {
      const a = evaluate(term, p);
      const b = evaluate(expandTerm(term), p);
      if (!Number.isFinite(a)) return;
      // Cancellation in an expanded sum loses digits relative to the largest summand, not to the result.
      t.true(
        Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), magnitude(term, p)),
        `${toInfix(term)} at ${JSON.stringify(p)}`,
      );
    }),
    { seed: 51, numRuns: 400 },
  );
});

test('products distribute over sums and small powers of sums multiply out', (t) => {
  // Like terms are left for the simplifier (x + x stays two summands here).
  t.is(expandTerm(parse('(x + 1)^2')), parse('x*x + x + x + 1'));
  t.is(expandTerm(parse('(a + b)*(a - b)')), parse('a*a - a*b + a*b - b*b'));
  t.is(expandTerm(parse('3*(x + sin(y + 1))')), parse('3*x + 3*sin(y + 1)'));
  // Bounded: a power whose expansion would have too many summands is kept.
  const big = parse('(a + b + c + d)^12');
  t.true(4 ** 12 > maxExpandedTerms);
  t.is(expandTerm(big), big);
});

test('simplify keeps the expanded form only when it is smaller', (t) => {
  t.is(toInfix(simplify(parse('(x + 1)^2 - (x^2 + 2x + 1)'))), '0');
  t.is(toInfix(simplify(parse('(a + b)*(a - b) - a^2'))), toInfix(parse('-b^2')));
  t.is(toInfix(simplify(parse('(x + 1)^10'))), toInfix(parse('(x + 1)^10')));
  t.is(toInfix(simplify(parse('2*(x + 1)'))), toInfix(parse('2*(x + 1)')));
});

/** The largest absolute value of any subterm at the point (the scale of rounding errors). */
function magnitude(term: Parameters<typeof expandTerm>[0], p: Record<string, number>): number {
  let m = 0;
  const e = expandTerm(term);
  for (const root of [term, e]) {
    const stack = [root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      const v = Math.abs(evaluate(n, p));
      if (Number.isFinite(v)) m = Math.max(m, v);
      if (n.kind === 'app') stack.push(...n.args);
    }
  }
  return m;
}
