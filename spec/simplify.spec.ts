import test from 'ava';
import fc from 'fast-check';
import { BibunError } from '../lib/errors.js';
import { parse } from '../lib/parse.js';
import { toInfix } from '../lib/print.js';
import { simplify, simplifyRun } from '../lib/simplify.js';
import { agrees, valueAt } from '../lib/soundness.js';
import { add, call, mul, num, pow, sym, type Term } from '../lib/term.js';
import { pointArbitrary, termArbitrary } from '../lib/testing.js';

/** `simplifiesTo(t, 'x*1 + 0', 'x')`: reads as an equation. */
function simplifiesTo(t: import('ava').ExecutionContext, input: string, expected: string): void {
  t.is(toInfix(simplify(parse(input))), toInfix(parse(expected)), input);
}

test('examples', (t) => {
  simplifiesTo(t, 'x + 2*x', '3*x');
  simplifiesTo(t, 'x*y - y*x', '0');
  simplifiesTo(t, 'x*x*x', 'x^3');
  simplifiesTo(t, 'x^a*x^b', 'x^(a + b)');
  simplifiesTo(t, '(x^a)^2', 'x^(2*a)');
  simplifiesTo(t, 'x*y/x', 'y');
  simplifiesTo(t, 'exp(log(x)) + log(exp(y))', 'x + y');
  simplifiesTo(t, 'sin(x)^2 + cos(x)^2', '1');
  simplifiesTo(t, 'cos(-x) - cos(x)', '0');
  simplifiesTo(t, 'sin(pi) + cos(0) + 4^(1/2)', '3');
  simplifiesTo(t, '2*(x + 1) - 2*(x + 1)', '0');
});

/** Random expressions, plus ones built to give the rules something to do. */
const expressions: fc.Arbitrary<Term> = fc.oneof(
  termArbitrary({ maxDepth: 3 }),
  fc
    .tuple(termArbitrary({ maxDepth: 2 }), termArbitrary({ maxDepth: 2 }), fc.integer({ min: -3, max: 3 }))
    .map(([a, b, k]) => add(mul(num(k), a), a, pow(call('sin', b), num(2)), pow(call('cos', b), num(2)), a.kind === 'num' ? b : mul(a, b, pow(a, num(-1))))),
);

test('simplify preserves the value wherever the input is defined', (t) => {
  fc.assert(
    fc.property(expressions, pointArbitrary(['x', 'y', 'z']), (e, point) => {
      const before = valueAt(e, point);
      if (before === undefined) return true;
      return agrees(before, valueAt(simplify(e), point));
    }),
    { seed: 42, numRuns: 300 },
  );
  t.pass();
});

test('simplify never makes a term larger, and is idempotent', (t) => {
  fc.assert(
    fc.property(expressions, (e) => {
      let s: Term;
      try {
        s = simplify(e);
      } catch (err) {
        // x/(y - y): a divisor that simplifies to 0 is reported, not hidden.
        return err instanceof BibunError && err.kind === 'domain';
      }
      return s.treeSize <= e.treeSize && simplify(s) === s;
    }),
    { seed: 42, numRuns: 300 },
  );
  t.pass();
});

test('a DAG of treeSize 2^40 simplifies in time proportional to its depth', (t) => {
  let d: Term = add(mul(sym('x'), sym('y')), mul(num(-1), sym('y'), sym('x')), sym('x'));
  for (let i = 0; i < 40; i++) d = add(call('f', d), call('f', d), pow(call('sin', d), num(2)), pow(call('cos', d), num(2)));
  t.true(d.treeSize > 2n ** 40n);
  const start = performance.now();
  const r = simplifyRun(d);
  t.is(r.stop, 'normal');
  t.true(r.term.dagSize <= d.dagSize);
  t.true(performance.now() - start < 2000);
  t.is(r.term, simplify(r.term));
});

test('a divisor that simplifies to zero is a domain error', (t) => {
  t.throws(() => simplify(parse('x/(y - y)')), { instanceOf: BibunError, message: /division by zero/ });
});

test('budgets: simplify reports a stop', (t) => {
  const r = simplifyRun(parse('x + 2*x + 3*y + 4*y'), { limits: { maxSteps: 1 } });
  t.is(r.stop, 'steps');
  t.throws(() => simplify(parse('x + 2*x + 3*y + 4*y'), { limits: { maxSteps: 1 } }), { message: /simplify stopped after 1 rewrite steps/ });
});
