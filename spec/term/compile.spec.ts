import test from 'ava';
import fc from 'fast-check';
import { compile, compiledSource } from '../../lib/term/compile.js';
import { BibunError } from '../../lib/base/errors.js';
import { evaluate } from '../../lib/term/evaluate.js';
import { parse } from '../../lib/syntax/parse.js';
import { add, call, list, mul, num, sym, type Term } from '../../lib/term/term.js';
import { gradient } from '../../lib/diff/index.js';
import { close, expression, outputs, point } from '../diff/exprs.js';

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

/** Equal as floats, NaN equal to NaN, nested arrays entry by entry. */
function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => same(x, b[i]));
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

test('split programs of any chunk size compute what the single function computes', (t) => {
  const vars = ['x', 'y'];
  fc.assert(
    fc.property(
      outputs(vars, 3, 14),
      point(vars),
      fc.integer({ min: 1, max: 400 }),
      (fs, at, chunkSize) => {
        // Shared outputs, a repeated one, a parameter, a constant and nested lists.
        const x = sym('x');
        const roots = [...fs, fs[0], x, num(1, 3n), list(fs[1], list(x, num(2), fs[2]))];
        const want = compile(roots, vars)(at.x, at.y);
        const got = compile(roots, vars, { chunkSize })(at.x, at.y);
        const one = compile(fs[0], vars, { chunkSize })(at.x, at.y);
        const nested = compile(list(list(fs[2]), fs[1]), vars, { chunkSize })(at.x, at.y);
        return (
          same(got, want) &&
          same(one, want[0]) &&
          same(nested, [[want[2]], want[1]]) &&
          Number.isFinite(want[4] as number)
        );
      },
    ),
    { seed: 44, numRuns: 300 },
  );
  t.pass();
});

/** x0·x1·…·x(n−1), its variable names, and its dstar gradient. */
function productGradient(n: number): { vars: string[]; grad: Term[] } {
  const vars = Array.from({ length: n }, (_, i) => `x${i}`);
  return { vars, grad: gradient(mul(...vars.map((v) => sym(v))), vars) };
}

test('the gradient of a product of 10^4 variables compiles and agrees with evaluate', (t) => {
  const n = 10_000;
  const { vars, grad } = productGradient(n);
  const g = compile(grad, vars);
  // Coordinates in [1/2, 2]: the product of 10^4 of them stays far from overflow.
  const coords = fc.array(fc.integer({ min: 500, max: 2000 }), { minLength: n, maxLength: n });
  fc.assert(
    fc.property(coords, fc.array(fc.nat(n - 1), { minLength: 20, maxLength: 20 }), (ks, picks) => {
      const values = ks.map((k) => k / 1000);
      const got = g(...values);
      const env = new Map(vars.map((v, i) => [v, values[i]]));
      // evaluate reads one entry's DAG (about 2n nodes): a sample of entries, and the first
      // and the last, whose prefix or suffix product is empty.
      return (
        got.length === n &&
        [0, n - 1, ...picks].every((i) => close(got[i], evaluate(grad[i], env), 1e-12))
      );
    }),
    { seed: 45, numRuns: 3 },
  );
  t.pass();
});

test('the compiled gradient of a product is linear in n: characters and statements per variable', (t) => {
  const perVariable = [100, 1000, 10_000].map((n) => {
    const { vars, grad } = productGradient(n);
    const source = compiledSource(grad, vars);
    return { n, chars: source.length / n, statements: source.split(';').length / n };
  });
  t.log(perVariable);
  // About 3n multiplications and n result entries; characters grow only with the digits of
  // the indices (log n).
  for (const p of perVariable) t.true(p.statements <= 6, `${p.n}: ${p.statements}`);
  const [, thousand, tenThousand] = perVariable;
  t.true(tenThousand.chars <= 1.5 * thousand.chars, `${tenThousand.chars} vs ${thousand.chars}`);
});
