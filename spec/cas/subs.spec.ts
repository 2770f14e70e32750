import test from 'ava';
import fc from 'fast-check';
import { BibunError } from '../../lib/base/errors.js';
import { subs } from '../../lib/cas/subs.js';
import { dagArbitrary, pointArbitrary, termArbitrary } from '../../lib/check/toolkit.js';
import { simplify } from '../../lib/simplify/simplify.js';
import { parse } from '../../lib/syntax/parse.js';
import { evaluate } from '../../lib/term/evaluate.js';
import { toInfix } from '../../lib/term/print.js';
import { list, num, sym } from '../../lib/term/term.js';

function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return a === b || Math.abs(a - b) <= 1e-9 * (1 + Math.abs(a));
}

test('subs then evaluate equals evaluate at the point', (t) => {
  fc.assert(
    fc.property(
      fc.oneof(
        termArbitrary({ variables: ['x', 'y', 'z'] }),
        dagArbitrary({ variables: ['x', 'y'] }),
      ),
      pointArbitrary(['x', 'y', 'z'], -2, 2),
      (e, at) => {
        let direct: number;
        let after: number;
        try {
          // Values as exact rationals of the floats, for x and y; z stays a symbol.
          const substituted = subs(e, list(sym('x'), sym('y')), list(num(at.x), num(at.y)));
          direct = evaluate(e, at);
          after = evaluate(substituted, { z: at.z });
        } catch (err) {
          // Exact folding may meet 0^-1 (a domain error) where floats give Infinity.
          if (err instanceof BibunError) return;
          throw err;
        }
        t.true(
          close(direct, after) || !Number.isFinite(direct),
          `${toInfix(e)} at ${JSON.stringify(at)}`,
        );
      },
    ),
    { seed: 51, numRuns: 300 },
  );
});

test('simultaneous, DAG-aware, folding numbers', (t) => {
  const s = (e: string, x: string, v: string) => toInfix(subs(parse(e), parse(x), parse(v)));
  t.is(s('x^2', 'x', '3'), '9');
  t.is(s('x - y', '[x, y]', '[y, x]'), toInfix(parse('y - x'))); // swapped, not x - x
  t.is(s('x^2 + y', '[x, y]', '[3, 1]'), '10');
  t.is(s('sin(x)', 'x', 'x + 1'), 'sin(x + 1)');
  // A shared node stays shared: the DAG of the result is no larger than the input's.
  const shared = parse('t1 = sin(x); t2 = t1*cos(t1); t3 = t2*cos(t2); t3 + t2');
  const r = subs(shared, sym('x'), sym('y'));
  t.is(r.dagSize, shared.dagSize);
});

test('the founding example: subs(d(f, x), x, pi) simplifies to -1 exactly', (t) => {
  const r = subs(parse('d((4 + sin(x))*cos(sin(x)), x)'), sym('x'), sym('pi'));
  t.is(toInfix(simplify(r)), '-1');
});

test('usage errors name subs and what it needs', (t) => {
  const msg = (e: string, x: string, v: string) =>
    t.throws(() => subs(parse(e), parse(x), parse(v)), { instanceOf: BibunError })?.message;
  t.is(msg('x', '2', '3'), 'subs: the variable must be a symbol, got 2');
  t.is(msg('x', '[x, y]', '[1]'), 'subs: 2 variables but 1 value; give one value per variable');
  t.is(msg('x', '[x, y]', '3'), 'subs: a list of variables needs a list of values, got 3');
  t.is(msg('x', '[x, x]', '[1, 2]'), 'subs: the variable x appears twice');
  t.is(msg('x', 'pi', '3'), 'subs: pi is a constant, not a variable');
});
