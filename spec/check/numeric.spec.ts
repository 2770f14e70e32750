import test from 'ava';
import fc from 'fast-check';
import { enclose } from '../../lib/check/enclosure.js';
import { gridPoints } from '../../lib/check/grid.js';
import { agree, compareAt, valueAt } from '../../lib/check/numeric.js';
import { termArbitrary } from '../../lib/check/toolkit.js';
import { parse } from '../../lib/syntax/parse.js';
import { evaluate } from '../../lib/term/evaluate.js';
import { add, num } from '../../lib/term/term.js';

const at = (l: string, r: string, p: Record<string, number>, mode?: 'both' | 'equal' | 'left') =>
  compareAt(parse(l), parse(r), p, mode).kind;

test('the tolerance is relative near zero: tiny values are not zero', (t) => {
  t.is(at('x/10^12', '0', { x: 3 }), 'differ');
  t.is(at('1e-10*sin(x)', '1e-10*cos(x)', { x: 0.3 }), 'differ');
  t.is(at('x^2 + 1e-12', 'x^2', { x: 1 }), 'differ');
  t.is(at('x^2 + 1e-30', 'x^2', { x: 1e-15 }), 'differ', 'decided exactly: the sides are rational');
  t.is(at('x*10^-300', '0', { x: 1 }), 'differ');
});

test('identities that hold up to rounding agree', (t) => {
  for (const x of [0, 1e-15, 0.3, 1, 7.5, 1e8, 1e15]) {
    t.is(at('sin(x)^2 + cos(x)^2', '1', { x }), 'agree', `x = ${x}`);
    t.is(at('(x+1)^2', 'x^2 + 2x + 1', { x }), 'agree', `x = ${x}`);
    t.is(at('exp(x + y)', 'exp(x)*exp(y)', { x: x / 1e13, y: -2.5 }), 'agree', `x = ${x}`);
  }
});

test('a float difference is confirmed before it is a difference', (t) => {
  // Below π/2, sin(x) rounds to 1 and asin gives π/2: float error, not a counterexample.
  t.not(at('asin(sin(x))', 'x', { x: 1.5707963144645318 }), 'differ');
  // x² underflows to 0 and log(0) is undefined in float, but x² > 0: not a domain difference.
  t.not(at('log(x^2)', '2*log(abs(x))', { x: 5e-324 }, 'equal'), 'differ');
  t.is(at('log(x^2)', '2*log(abs(x))', { x: 5e-324 }), 'skip');
  t.is(at('asin(sin(x))', 'x', { x: 2 }), 'differ');
});

test('negative zero is zero: atan2(-y, x) at y = 0, x < 0 is π', (t) => {
  t.is(evaluate(parse('atan2(-y, x)'), { y: 0, x: -1.5 }), Math.PI);
  t.is(valueAt(parse('atan2(-y, x)'), { y: 0, x: -1.5 })!.value, Math.PI);
  t.is(at('atan2(-y, x)', '-atan2(y, x)', { y: 0, x: -1.5 }), 'differ');
  t.is(at('atan2(-y, x)', '-atan2(y, x)', { y: 0.5, x: -1.5 }), 'agree');
  t.is(valueAt(parse('atan2(x, y)'), { x: 0, y: 0 }), undefined, 'atan2(0, 0) is undefined');
});

test('domain modes: both skips, equal and left confirm a one-sided domain', (t) => {
  t.is(at('exp(log(x))', 'x', { x: -1 }), 'skip');
  t.is(at('exp(log(x))', 'x', { x: -1 }, 'equal'), 'differ');
  t.is(at('x', 'exp(log(x))', { x: -1 }, 'left'), 'differ', 'the right side lost the point');
  t.is(at('exp(log(x))', 'x', { x: -1 }, 'left'), 'skip', 'the right side may extend the domain');
  t.is(at('1/x', '1/x', { x: 0 }, 'equal'), 'skip', 'undefined on both sides proves nothing');
});

const terms = termArbitrary({ variables: ['x', 'y'], maxDepth: 4 });
const points = gridPoints(['x', 'y']);

test('property: a term never differs from itself, and agrees with itself', (t) => {
  fc.assert(
    fc.property(terms, points, (e, p) => {
      const v = valueAt(e, p);
      return compareAt(e, e, p, 'equal').kind !== 'differ' && (v === undefined || agree(v, v));
    }),
    { seed: 42, numRuns: 500 },
  );
  t.pass();
});

test('property: the enclosure holds the value the float evaluation approximates', (t) => {
  fc.assert(
    fc.property(terms, points, (e, p) => {
      const v = valueAt(e, p);
      const box = enclose(e, p);
      if (box.kind === 'unknown') return true;
      // A float value that underflow ruined (unknown error) claims nothing either way.
      if (v !== undefined && !Number.isFinite(v.error)) return true;
      if (box.kind === 'undefined') return v === undefined;
      if (v === undefined) return true; // an overflow in float that the enclosure sees through
      const gap = Math.max(box.lo - v.value, v.value - box.hi, 0);
      return gap <= 4 * v.error;
    }),
    { seed: 7, numRuns: 1000 },
  );
  t.pass();
});

test('property: adding a small nonzero number is always seen', (t) => {
  let seen = 0;
  fc.assert(
    fc.property(
      termArbitrary({ variables: ['x'], functions: ['sin', 'exp', 'atan'], division: false }),
      gridPoints(['x']),
      fc.integer({ min: 1, max: 15 }),
      (e, p, k) => {
        const v = valueAt(e, p);
        // Seen whenever the change is far above the rounding the evaluation can have made.
        if (v === undefined || 10 ** -k < 100 * v.error || Math.abs(v.value) > 10 ** (12 - k))
          return true;
        seen++;
        const c = compareAt(e, add(e, num(1n, 10n ** BigInt(k))), p, 'equal').kind;
        return c !== 'agree';
      },
    ),
    { seed: 3, numRuns: 300 },
  );
  t.true(seen > 100, `only ${seen} cases exercised`);
});
