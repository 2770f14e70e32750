import test from 'ava';
import fc from 'fast-check';
import { BibunError } from '../../lib/base/errors.js';
import { evaluate } from '../../lib/term/evaluate.js';
import { parse } from '../../lib/syntax/parse.js';
import { toInfix as print } from '../../lib/term/infix.js';
import { add, call, mul, sym, type Term } from '../../lib/term/term.js';
import { freeSymbols } from '../../lib/term/walk.js';
import { hessian, jacobian, patternTerm, sparsity } from '../../lib/diff/index.js';
import { expression, point } from './exprs.js';

const VARS = ['x', 'y', 'z', 'u'];
const outputs = fc.array(expression(VARS.slice(0, 3), 8), { minLength: 1, maxLength: 3 });
const key = (i: number, j: number) => `${i},${j}`;

test('the Jacobian pattern holds every nonzero entry at random points, and only variables each output depends on', (t) => {
  fc.assert(
    fc.property(outputs, point(VARS), (fs, at) => {
      const p = sparsity(fs, VARS);
      const has = new Set(p.entries.map(([i, j]) => key(i, j)));
      const J = jacobian(fs, VARS, {});
      return J.every((row, i) =>
        row.every((e, j) => {
          const v = evaluate(e, at);
          const depends = freeSymbols(fs[i]).includes(VARS[j]);
          return has.has(key(i, j)) === depends && (!Number.isFinite(v) || v === 0 || depends);
        }),
      );
    }),
    { seed: 1311, numRuns: 200 },
  );
  t.pass();
});

test('the Hessian pattern holds every nonzero entry at random points and is symmetric', (t) => {
  fc.assert(
    fc.property(expression(VARS.slice(0, 3), 8), point(VARS), (f, at) => {
      const p = sparsity(f, VARS);
      const has = new Set(p.entries.map(([i, j]) => key(i, j)));
      const vars = freeSymbols(f);
      const H = hessian(f, VARS, {});
      return H.every((row, i) =>
        row.every((e, j) => {
          const v = evaluate(e, at);
          const ok = !Number.isFinite(v) || Math.abs(v) < 1e-12 || has.has(key(i, j));
          const onlyDependent =
            !has.has(key(i, j)) || (vars.includes(VARS[i]) && vars.includes(VARS[j]));
          return ok && onlyDependent && has.has(key(i, j)) === has.has(key(j, i));
        }),
      );
    }),
    { seed: 1312, numRuns: 200 },
  );
  t.pass();
});

test('a linear function has an empty Hessian pattern; products interact across factors only', (t) => {
  t.deepEqual(sparsity(parse('3*x + 2*y - z'), ['x', 'y', 'z']).entries, []);
  t.deepEqual(sparsity(parse('x*y + z^2'), ['x', 'y', 'z']).entries, [
    [0, 1],
    [1, 0],
    [2, 2],
  ]);
});

test('big patterns print as 1-based (row, column) pairs, without the zeros', (t) => {
  const n = 500;
  const xs = Array.from({ length: n }, (_, i) => sym(`x${i}`));
  // A chain: output i depends on x_i and x_{i+1}, a banded Jacobian with 2n - 1 nonzeros.
  const fs = xs.map((x, i) => (i + 1 < n ? mul(x, call('sin', xs[i + 1])) : add(x, x)));
  const p = sparsity(fs, xs);
  t.is(p.entries.length, 2 * n - 1);
  const text = print(patternTerm(p));
  t.true(text.startsWith('sparse(500, 500, [[1, 1], [1, 2], [2, 2], [2, 3]'));
  t.is(
    print(patternTerm(sparsity(parse('[x*y, sin(z)]'), ['x', 'y', 'z']))),
    '[[1, 1, 0], [0, 0, 1]]',
  );
});

test('bad input: a nested list or a repeated variable is a one-line usage error', (t) => {
  const nested = t.throws(() => sparsity(parse('[[x], y]'), ['x']), { instanceOf: BibunError });
  t.regex(nested!.message, /flat list/);
  const twice = t.throws(() => sparsity(parse('x*y') as Term, ['x', 'x']), {
    instanceOf: BibunError,
  });
  t.regex(twice!.message, /x is listed twice/);
});
