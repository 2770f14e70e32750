import test from 'ava';
import fc from 'fast-check';
import { Budget, BudgetExceeded, withBudget } from '../../lib/base/budget.js';
import { BibunError } from '../../lib/base/errors.js';
import {
  apartTerm,
  cancelTerm,
  coeffTerm,
  collectTerm,
  degreeTerm,
  expandTerm,
  factorTerm,
  gcdTerm,
  lcmTerm,
  polyFunctions,
  quoTerm,
  remTerm,
  togetherTerm,
} from '../../lib/poly/functions.js';
import { parse } from '../../lib/syntax/parse.js';
import { evaluate } from '../../lib/term/evaluate.js';
import { add, mul, sym, type Term } from '../../lib/term/term.js';
import { polyText, runs } from './arb.js';

const p = parse;
const x = sym('x');

/** A polynomial text that is not the zero polynomial. */
const nonZero = (vars?: readonly string[]) =>
  polyText(vars).filter((s) => !isZero(expandTerm(p(s))));
const isZero = (t: Term) => t.kind === 'num' && t.num === 0n;

/** Same value at a few points, to a relative `tolerance` (points near a pole are skipped). */
function sameValue(a: Term, b: Term, vars = ['x', 'y'], tolerance = 1e-6): boolean {
  for (const at of [
    [0.37, -1.21],
    [2.3, 0.71],
    [-1.7, 1.93],
    [0.9, 3.1],
  ]) {
    const env = Object.fromEntries(vars.map((v, i) => [v, at[i]]));
    const u = evaluate(a, env);
    const w = evaluate(b, env);
    if (!Number.isFinite(u) || !Number.isFinite(w) || Math.abs(u) > 1e8) continue;
    if (Math.abs(u - w) > tolerance * Math.max(1, Math.abs(u))) return false;
  }
  return true;
}

test('examples: factor, cancel, together, apart, expand', (t) => {
  t.is(factorTerm(p('x^2 - 1')), p('(x - 1)*(x + 1)'));
  t.is(factorTerm(p('x^4 + 4')), p('(x^2 - 2*x + 2)*(x^2 + 2*x + 2)'));
  t.is(factorTerm(p('x^2 - y^2')), p('(x - y)*(x + y)'));
  t.is(factorTerm(p('x^3*y - x*y^3')), p('x*y*(x - y)*(x + y)'));
  t.is(factorTerm(expandTerm(p('(x + y + 1)^2*(x - y)'))), p('(x - y)*(x + y + 1)^2'));
  t.is(cancelTerm(p('(x^2 - 1)/(x - 1)')), p('x + 1'));
  t.is(togetherTerm(p('1/x + 1/y')), p('(x + y)/(x*y)'));
  t.is(apartTerm(p('1/(x^2 - 1)'), x), p('1/(2*(x - 1)) - 1/(2*(x + 1))'));
  t.is(expandTerm(p('(x + 1)^3')), p('x^3 + 3*x^2 + 3*x + 1'));
  t.is(expandTerm(p('(x + 1)/x')), p('1 + 1/x'));
  t.is(collectTerm(p('a*x + b*x + c + a*x^2'), x), p('a*x^2 + (a + b)*x + c'));
  t.is(gcdTerm(p('x^2 - 1'), p('x^2 + 2*x + 1')), p('x + 1'));
  t.is(lcmTerm(p('x^2 - 1'), p('x + 1')), p('x^2 - 1'));
  t.is(quoTerm(p('x^3 + 2*x + 1'), p('x - 1'), x), p('x^2 + x + 3'));
  t.is(remTerm(p('x^3 + 2*x + 1'), p('x - 1'), x), p('4'));
  t.is(degreeTerm(p('x^3*y + x'), x), p('3'));
  t.is(coeffTerm(p('3*x^2*y + x'), x, p('2')), p('3*y'));
});

test('factor of x^100 - 1 is the nine cyclotomic factors and multiplies back', (t) => {
  const f = factorTerm(p('x^100 - 1'));
  t.is(f.kind === 'app' && f.head === '*' ? f.args.length : 1, 9);
  t.is(expandTerm(f), p('x^100 - 1'));
});

test('a radical of a number keeps an exponent below 1: its integer part joins the coefficient', (t) => {
  t.is(expandTerm(p('(1 + sqrt(2))^3')), p('7 + 5*sqrt(2)'));
  t.is(expandTerm(p('(1 + sqrt(3))^4')), p('28 + 16*sqrt(3)'));
  t.is(expandTerm(p('(x + sqrt(2))^3')), p('x^3 + 3*sqrt(2)*x^2 + 6*x + 2*sqrt(2)'));
  t.is(expandTerm(p('(1 + 2^(1/3))^3')), p('3 + 3*2^(1/3) + 3*2^(2/3)'));
  t.is(expandTerm(p('(1 + 2^(-1/2))^2')), p('3/2 + sqrt(2)'));
  // The same value at random points: the exponents were split, not changed.
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 2, max: 3 }),
      fc.integer({ min: 2, max: 7 }),
      (n, r, b) => {
        const e = `(x + ${b}^(1/${r}))^${n}`;
        t.true(sameValue(p(e), expandTerm(p(e)), ['x'], 1e-9), e);
      },
    ),
    { seed: 1207, numRuns: 30 },
  );
});

test('non-polynomial subterms are generators and say nothing', (t) => {
  t.is(factorTerm(p('sin(x)^2 - 1')), p('(sin(x) - 1)*(sin(x) + 1)'));
  t.is(expandTerm(p('(exp(y) + sqrt(2))^2')), p('exp(y)^2 + 2*sqrt(2)*exp(y) + 2'));
  t.is(cancelTerm(p('(x - 1)/(sqrt(x) - 1)')), p('sqrt(x) + 1'));
  t.is(expandTerm(p('(x^(1/2))^2 - x')), p('0'));
  t.is(expandTerm(p('x^y*(x^y + 1)')), p('(x^y)^2 + x^y'));
  t.is(expandTerm(p('sin((x + 1)^2)')), p('sin(x^2 + 2*x + 1)'));
});

test('expand of factor is the input (random products of polynomials in x, y)', (t) => {
  fc.assert(
    fc.property(polyText(), polyText(), polyText(), (a, b, c) => {
      const f = expandTerm(p(`(${a})*(${b})^2*(${c})`));
      return expandTerm(factorTerm(f)) === f;
    }),
    runs(50),
  );
  t.pass();
});

test('cancel, together and apart keep the value at random points', (t) => {
  fc.assert(
    fc.property(polyText(), nonZero(), nonZero(), (a, b, c) => {
      const e = p(`(${a})*(${c})/((${b})*(${c})) + 1/(${b})`);
      return sameValue(cancelTerm(e), e) && sameValue(togetherTerm(e), e);
    }),
    runs(60),
  );
  fc.assert(
    fc.property(polyText(['x']), nonZero(['x']), nonZero(['x']), (a, b, c) => {
      const e = p(`(${a})/((${b})*(${c})^2)`);
      return sameValue(apartTerm(e, x), e, ['x']);
    }),
    runs(60),
  );
  t.pass();
});

test('quo and rem: a = quo·b + rem with deg rem < deg b', (t) => {
  fc.assert(
    fc.property(polyText(), polyText(), (a, b) => {
      const ta = p(a);
      const tb = p(b);
      if (Number((degreeTerm(tb, x) as { num: bigint }).num) < 1) return true;
      const q = quoTerm(ta, tb, x);
      const r = remTerm(ta, tb, x);
      const dr = Number((degreeTerm(r, x) as { num: bigint }).num);
      const db = Number((degreeTerm(tb, x) as { num: bigint }).num);
      return sameValue(add(mul(q, tb), r), ta) && dr < db;
    }),
    runs(60),
  );
  t.pass();
});

test('apart of a multivariate expression without a variable is a usage error', (t) => {
  const err = t.throws(() => apartTerm(p('1/(x*y + 1)')), { instanceOf: BibunError });
  t.is((err as BibunError).kind, 'usage');
  t.regex(err!.message, /apart\(e, x\)/);
  t.is(apartTerm(p('1/(x^2 - 1)')), apartTerm(p('1/(x^2 - 1)'), x));
});

test('oversized results stop with the budget named', (t) => {
  const size = t.throws(() =>
    withBudget(new Budget({ maxSize: 1000 }), () => expandTerm(p('(1 + x + y + z)^30'))),
  );
  t.true(size instanceof BudgetExceeded && size.budget === 'size');
  const time = t.throws(() =>
    withBudget(new Budget({ maxTimeMs: 5 }), () => expandTerm(p('(1 + a + b + c + x + y)^40'))),
  );
  t.true(time instanceof BudgetExceeded && time.budget === 'time');
  t.regex(time!.message, /time budget; raise it/);
});

test('the function table names every operation with its arities', (t) => {
  const names = ['expand', 'factor', 'cancel', 'together', 'apart', 'collect', 'gcd', 'lcm'];
  for (const n of [...names, 'quo', 'rem', 'degree', 'coeff']) t.true(polyFunctions.has(n), n);
  t.deepEqual([polyFunctions.get('apart')!.minArgs, polyFunctions.get('apart')!.maxArgs], [1, 2]);
  t.is(polyFunctions.get('factor')!.apply([p('x^2 - 1')]), p('(x - 1)*(x + 1)'));
});

test('a power with enormous coefficients stops before computing them', (t) => {
  const err = t.throws(() => expandTerm(p('(10^1000*x + 1)^200')));
  t.true(err instanceof BudgetExceeded && err.budget === 'size');
  t.regex(err!.message, /bits/);
});
