import test from 'ava';
import fc from 'fast-check';
import { Budget, withBudget } from '../../lib/base/budget.js';
import { BibunError } from '../../lib/base/errors.js';
import * as Q from '../../lib/base/rational.js';
import { approximate, floatDecimal } from '../../lib/cas/approximate.js';
import { certify, roundRational } from '../../lib/cas/decimal.js';
import { subs } from '../../lib/cas/subs.js';
import { termArbitrary } from '../../lib/check/toolkit.js';
import { parse } from '../../lib/syntax/parse.js';
import { evaluate } from '../../lib/term/evaluate.js';
import { list, num, sym, type Term } from '../../lib/term/term.js';

/** Random constant terms: random expressions in x, y at small rational points. */
const constants = fc
  .tuple(
    termArbitrary({ variables: ['x', 'y'], maxDepth: 4 }),
    fc.integer({ min: -9, max: 9 }),
    fc.integer({ min: 1, max: 7 }),
    fc.integer({ min: -9, max: 9 }),
  )
  .map(([t, a, b, c]) => {
    try {
      return subs(t, list(sym('x'), sym('y')), list(num(BigInt(a), BigInt(b)), num(BigInt(c))));
    } catch {
      return undefined; // exact folding met 0^-1
    }
  })
  .filter((t): t is Term => t !== undefined);

/** N's value, or undefined where the value is undefined (a domain error). */
function certified(t: Term, d: number): Q.Rational | undefined {
  try {
    return certify(t, d).value;
  } catch (e) {
    if (e instanceof BibunError && e.kind === 'domain') return undefined;
    throw e;
  }
}

test('N(e, d) agrees with float evaluation to double precision', (t) => {
  let compared = 0;
  fc.assert(
    fc.property(constants, (c) => {
      const f = evaluate(c);
      if (!Number.isFinite(f) || Math.abs(f) > 1e100) return;
      const v = certified(c, 30);
      t.not(v, undefined, `${c} is ${f} as a float but N found it undefined`);
      const x = Q.toNumber(v!);
      t.true(Math.abs(x - f) <= 1e-9 * (1 + Math.abs(f)), `${c}: N ${x}, float ${f}`);
      compared++;
    }),
    { seed: 31, numRuns: 200 },
  );
  t.true(compared > 100, `only ${compared} comparisons`);
});

test('the first d digits of N(e, d + 20) round to N(e, d)', (t) => {
  fc.assert(
    fc.property(constants, fc.integer({ min: 1, max: 60 }), (c, d) => {
      const f = evaluate(c);
      if (!Number.isFinite(f) || f === 0) return;
      const long = certify(c, d + 20);
      const short = certify(c, d);
      if (short.note || long.note) return;
      t.is(roundRational(long.value, d).text, short.text, String(c));
    }),
    { seed: 32, numRuns: 150 },
  );
});

test('examples', (t) => {
  const n = (s: string, d?: number) => approximate(parse(s), d).text;
  t.is(n('pi', 10), '3.141592654');
  t.is(n('e', 30), '2.71828182845904523536028747135');
  t.is(n('pi'), String(Math.PI));
  t.is(n('1/3'), String(1 / 3));
  t.is(n('x + pi', 5), '3.1416 + x');
  t.is(n('2*pi*x', 5), '6.2832*x'); // the product evaluated as one value
  t.regex(n('x^2 + 1/4', 3), /^(0\.250 \+ x\^2|x\^2 \+ 0\.250)$/); // integer exponents stay
  t.is(n('exp(100)', 10), '2.688117142e43');
  t.is(n('exp(-100)', 10), '3.720075976e-44');
  t.is(n('(-8)^(1/3)', 5), '-2.0000');
  t.is(n('atan2(1, -1)', 12), '2.35619449019');
  t.is(n('cos(0)', 5), '1.0000');
  t.is(n('sin(10^30)', 20), '-0.090116901912138058030');
  t.is(n('tanh(20)', 30), '0.999999999999999991503291489417');
  t.is(n('acos(1/3) - 2*asin(1)', 8), '-1.9106332');
  t.is(floatDecimal(parse('sqrt(2)')).text, String(Math.SQRT2));
});

test('a value that cannot be shown non-zero is 0, with a note unless the simplifier proves it', (t) => {
  const exactZero = approximate(parse('sin(pi)'), 50);
  t.is(exactZero.text, '0');
  // The simplifier knows cos(pi/4) (rules/simplify/values.rules), not sin(pi/5).
  t.deepEqual(approximate(parse('cos(pi/4) - sqrt(2)/2'), 20).notes, []);
  const unproved = approximate(parse('sin(pi/5) - sqrt(10 - 2*sqrt(5))/4'), 20);
  t.is(unproved.text, '0');
  t.regex(unproved.notes[0] ?? '', /could not be shown to be non-zero/);
});

test('a value on a rounding tie is shown with the digits that settle it', (t) => {
  const r = approximate(parse('sin(pi/6)/4'), 2);
  t.is(r.text, '0.125');
  t.regex(r.notes[0] ?? '', /rounding tie/);
});

test('bad input: digits, domains, undecidable signs', (t) => {
  const kind = (s: string, d?: number) => {
    try {
      approximate(parse(s), d);
      return 'ok';
    } catch (e) {
      return (e as BibunError).kind + ': ' + (e as Error).message;
    }
  };
  t.regex(kind('pi', 0), /^usage: N: the number of digits/);
  t.regex(kind('pi', 100_001), /^limit: N: at most 30030 digits/);
  // Issue 15's attack: 30,100 digits passed the digit check, then failed to read its own
  // decimal back with a message quoting all 30,100 digits.
  t.regex(kind('pi', 30_100), /^limit: N: at most 30030 digits, got 30100 \(the 100000-bit budget/);
  t.regex(kind('log(-1)'), /^domain: N: logarithm/);
  t.regex(kind('sqrt(-2)', 5), /^domain: N: square root/);
  t.regex(kind('asin(2)', 5), /^domain/);
  t.regex(kind('log(sin(pi))', 5), /^domain: N: cannot decide/);
});

test('series loops poll the time budget', (t) => {
  const e = t.throws(
    () => withBudget(new Budget({ maxTimeMs: 1 }), () => approximate(parse('exp(1/3)'), 30_000)),
    { instanceOf: BibunError },
  );
  t.regex(e?.message ?? '', /time budget/);
});
