import test from 'ava';
import fc from 'fast-check';
import { compile } from '../../lib/term/compile.js';
import { BibunError } from '../../lib/base/errors.js';
import { evaluate } from '../../lib/term/evaluate.js';
import { parse } from '../../lib/syntax/parse.js';
import { add, call, list, mul, sym, type Term } from '../../lib/term/term.js';
import { gradient } from '../../lib/diff/index.js';
import { close, expression, point } from '../diff/exprs.js';

test('compiled functions agree with evaluate on random shared expressions', (t) => {
  const vars = ['x', 'y'];
  fc.assert(
    fc.property(expression(vars, 12), point(vars), (f, at) => {
      const want = evaluate(f, at);
      const got = compile(f, vars)(at.x, at.y);
      return Number.isNaN(want) ? Number.isNaN(got) : close(got, want, 1e-12);
    }),
    { seed: 42, numRuns: 200 },
  );
  t.pass();
});

test('a compiled gradient (from dstar) agrees with its terms', (t) => {
  const f = parse('log(x) + x*y - sin(y)');
  const g = gradient(f, ['x', 'y']);
  const [gx, gy] = compile(g, ['x', 'y'])(1, Math.PI);
  t.true(close(gx, 1 + Math.PI, 1e-12) && close(gy, 2, 1e-12));
  t.deepEqual(compile(list(sym('y'), sym('x')), ['x', 'y'])(1, 2) as unknown, [2, 1]);
});

test('CSE: a term whose tree has 2^60 nodes compiles and runs in time linear in its DAG', (t) => {
  let f: Term = sym('x');
  for (let i = 0; i < 60; i++) f = add(call('sin', f), call('cos', f));
  t.true(f.treeSize > 2n ** 59n);
  t.true(Number.isFinite(compile(f, ['x'])(0.1)));
});

test('a 10^4-deep term compiles', (t) => {
  let f: Term = sym('x');
  for (let i = 0; i < 10_000; i++) f = call(i % 2 ? 'sin' : 'cos', f);
  t.true(Number.isFinite(compile(f, ['x'])(0.3)));
});

test('names never reach the generated code', (t) => {
  const hostile = [
    'constructor',
    '__proto__',
    'x);process.exit(1);(',
    '${process.exit(1)}',
    'toString',
    'ｘ',
    'x\u200b',
    'F',
    'K',
    'p0',
    't0',
  ];
  const values = hostile.map((_, i) => i + 1);
  const f = add(
    ...hostile.map((h, i) => mul(sym(h), call('sin', sym(hostile[(i + 1) % hostile.length])))),
  );
  const want = evaluate(f, new Map(hostile.map((h, i) => [h, values[i]])));
  t.true(close(compile(f, hostile)(...values), want, 1e-12));
});

test('unknown symbols and functions are clear errors, not code', (t) => {
  const e1 = t.throws(() => compile(parse('x + y'), ['x']));
  t.true(e1 instanceof BibunError && e1.kind === 'unbound' && /y/.test(e1.message));
  const e2 = t.throws(() => compile(call('x);process.exit(1);(', sym('x')), ['x']));
  t.true(e2 instanceof BibunError && e2.kind === 'unknown-function');
  t.throws(() => compile(parse('x'), ['x', 'x']), { instanceOf: BibunError });
});

test('pi and e compile to their values', (t) => {
  t.true(close(compile(parse('pi*e'), [])(), Math.PI * Math.E, 1e-15));
});

test('a body split into several generated functions computes the same values', (t) => {
  const vars = ['x', 'y'];
  fc.assert(
    fc.property(
      expression(vars, 12),
      point(vars),
      fc.integer({ min: 1, max: 4 }),
      (f, at, chunkSize) => {
        const want = compile(f, vars)(at.x, at.y);
        const got = compile(f, vars, { chunkSize })(at.x, at.y);
        const vec = compile([f, add(f, sym('x'))], vars, { chunkSize })(at.x, at.y);
        const same = (a: number, b: number) => (Number.isNaN(a) ? Number.isNaN(b) : a === b);
        return same(got, want) && same(vec[0], want) && vec.length === 2;
      },
    ),
    { seed: 43, numRuns: 200 },
  );
  // The split program is still only generated identifiers: a hostile name stays a Map key.
  const g = compile(parse('sin(x) + cos(x)*y + exp(y)'), ['x', 'y'], { chunkSize: 1 });
  t.true(close(g(1, 2), Math.sin(1) + Math.cos(1) * 2 + Math.exp(2), 1e-15));
});
