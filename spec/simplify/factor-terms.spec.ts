import test from 'ava';
import fc from 'fast-check';
import { factorTerms } from '../../lib/rewrite/algebra.js';
import { expandTerm } from '../../lib/rewrite/expand.js';
import { evaluate } from '../../lib/term/evaluate.js';
import { parse } from '../../lib/syntax/parse.js';
import { toInfix } from '../../lib/term/print.js';
import { add, call, mul, num, pow, sym, type Term } from '../../lib/term/term.js';

/** Sums of monomials over a few bases (symbols, a sine, a sum), with shared factors likely. */
const bases: Term[] = [sym('x'), sym('y'), call('sin', sym('x')), add(sym('y'), num(1n))];
const monomial = fc
  .tuple(
    fc.integer({ min: -12, max: 12 }).filter((c) => c !== 0),
    fc.array(fc.tuple(fc.constantFrom(...bases), fc.integer({ min: 1, max: 4 })), {
      maxLength: 4,
    }),
  )
  .map(([c, fs]) => mul(num(BigInt(c)), ...fs.map(([b, e]) => pow(b, num(BigInt(e))))));
const sums = fc.array(monomial, { minLength: 2, maxLength: 6 }).map((ms) => add(...ms));

const point = fc
  .tuple(fc.integer({ min: -300, max: 300 }), fc.integer({ min: -300, max: 300 }))
  .map(([x, y]) => ({ x: x / 100, y: y / 100 }));

test('factor_terms is an identity: same value at random points, same expansion', (t) => {
  fc.assert(
    fc.property(sums, point, (s, p) => {
      const f = factorTerms(s);
      const a = evaluate(s, p);
      const b = evaluate(expandTerm(f), p);
      const c = evaluate(f, p);
      const scale = Math.max(1, Math.abs(a)) * 1e-9;
      return Math.abs(a - b) <= scale && Math.abs(a - c) <= scale;
    }),
    { seed: 7, numRuns: 300 },
  );
  t.pass();
});

test('factor_terms takes out the integer content and the common powers, not a sign', (t) => {
  const f = (s: string) => toInfix(factorTerms(parse(s)));
  t.is(f('3*a^2*b + 3*a*b^2'), toInfix(parse('3*a*b*(a + b)')));
  t.is(f('sin(x)^3 + sin(x)*cos(x)^2'), toInfix(parse('sin(x)*(sin(x)^2 + cos(x)^2)')));
  t.is(f('-x - y'), toInfix(parse('-x - y')));
  t.is(f('x + 1'), toInfix(parse('x + 1')));
  t.is(f('x^(1/2) + x^(3/2)'), toInfix(parse('x^(1/2) + x^(3/2)')));
  // A fractional coefficient keeps its denominator (x^2 + x/2 is not x*(x + 1)).
  t.is(f('x^2 + x/2'), toInfix(parse('x*(x + 1/2)')));
  t.is(f('x^2/3 + 2*x/3'), toInfix(parse('x*(x/3 + 2/3)')));
});
