import test from 'ava';
import fc from 'fast-check';
import { BibunError } from '../../lib/base/errors.js';
import { evaluate } from '../../lib/term/evaluate.js';
import { parse } from '../../lib/syntax/parse.js';
import { list, num, type Term } from '../../lib/term/term.js';
import { hessian, hvp, jacobian, jvp, rewriteDerivatives, vjp } from '../../lib/diff/index.js';
import { compile } from '../../lib/term/compile.js';
import { close, expression, point } from './exprs.js';

const VARS = ['x', 'y', 'z'];
const vec = fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 3, maxLength: 3 });

function values(ts: readonly Term[], at: Record<string, number>): number[] | undefined {
  const v = ts.map((t) => evaluate(t, at));
  return v.every(Number.isFinite) ? v : undefined;
}

function agree(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => close(x, b[i], 1e-6));
}

const outputs = fc.array(expression(VARS, 8), { minLength: 1, maxLength: 3 });

test('jvp equals J·v at random points', (t) => {
  fc.assert(
    fc.property(outputs, vec, point(VARS), (fs, v, at) => {
      const J = jacobian(fs, VARS, {}).map((row) => values(row, at));
      const got = values(
        jvp(
          fs,
          VARS,
          v.map((k) => num(k)),
        ),
        at,
      );
      if (got === undefined || J.some((r) => r === undefined)) return true;
      const want = J.map((row) => row!.reduce((s, jk, k) => s + jk * v[k], 0));
      return agree(got, want);
    }),
    { seed: 1301, numRuns: 150 },
  );
  t.pass();
});

test('vjp equals wᵀJ at random points', (t) => {
  fc.assert(
    fc.property(outputs, vec, point(VARS), (fs, w3, at) => {
      const w = w3.slice(0, fs.length);
      const J = jacobian(fs, VARS, {}).map((row) => values(row, at));
      const got = values(
        vjp(
          fs,
          VARS,
          w.map((k) => num(k)),
        ),
        at,
      );
      if (got === undefined || J.some((r) => r === undefined)) return true;
      const want = VARS.map((_, k) => J.reduce((s, row, r) => s + w[r] * row![k], 0));
      return agree(got, want);
    }),
    { seed: 1302, numRuns: 150 },
  );
  t.pass();
});

test('hvp equals H·v at random points', (t) => {
  fc.assert(
    fc.property(expression(VARS, 8), vec, point(VARS), (f, v, at) => {
      const H = hessian(f, VARS, {}).map((row) => values(row, at));
      const got = values(
        hvp(
          f,
          VARS,
          v.map((k) => num(k)),
        ),
        at,
      );
      if (got === undefined || H.some((r) => r === undefined)) return true;
      const want = H.map((row) => row!.reduce((s, hk, k) => s + hk * v[k], 0));
      return agree(got, want);
    }),
    { seed: 1303, numRuns: 150 },
  );
  t.pass();
});

test('symbolic directions: jvp along [a, b] is a·∂f/∂x + b·∂f/∂y', (t) => {
  const r = rewriteDerivatives(parse('jvp([x*y, sin(x)], [x, y], [a, b])'));
  const at = { x: 0.7, y: -1.3, a: 2.1, b: 0.4 };
  const got = (r as { args: readonly Term[] }).args.map((e) => evaluate(e, at));
  t.true(agree(got, [0.4 * 0.7 + 2.1 * -1.3, 2.1 * Math.cos(0.7)]));
});

test('the forms: one expression gives a term for jvp, lists for vjp and hvp', (t) => {
  const at = { x: 0.3, y: 1.7 };
  const one = rewriteDerivatives(parse('jvp(x^2*y, [x, y], [1, 0])'));
  t.true(close(evaluate(one, at), 2 * 0.3 * 1.7, 1e-12));
  const w = rewriteDerivatives(parse('vjp([x*y, x + y], [x, y], [1, 2])'));
  t.deepEqual(
    (w as { args: readonly Term[] }).args.map((e) => evaluate(e, at)),
    [1.7 + 2, 0.3 + 2],
  );
  const h = rewriteDerivatives(parse('hvp(x^2*y, [x, y], [1, 1])'));
  const hv = (h as { args: readonly Term[] }).args.map((e) => evaluate(e, at));
  t.true(agree(hv, [2 * 1.7 + 2 * 0.3, 2 * 0.3]));
});

test('bad input: wrong lengths and shapes are one-line usage errors naming what was expected', (t) => {
  const cases: [string, RegExp][] = [
    ['jvp([x, y], [x, y], [1])', /v has 1 components; expected 2/],
    ['vjp([x, y, x*y], [x, y], [1, 2])', /w has 2 components; expected 3/],
    ['hvp([x, y], [x, y], [1, 1])', /hvp takes one expression, not a list/],
    ['hvp(x*y, [x, y], [1])', /^hvp: v has 1 components; expected 2/],
    ['jvp(x, x, [1])', /jvp takes \(f, \[x, y, \.\.\.\], \[v1, v2, \.\.\.\]\)/],
    ['vjp(x*y, [x, y], 1)', /vjp takes/],
  ];
  for (const [src, msg] of cases) {
    const e = t.throws(() => rewriteDerivatives(parse(src)), { instanceOf: BibunError });
    t.regex(e!.message, msg, src);
    t.false(e!.message.includes('\n'));
  }
  t.throws(() => jvp(list(), ['x'], [num(1), num(2)]), { instanceOf: BibunError });
});

test('compiled: compile turns a jvp, vjp or hvp result into a function of the variables and the vector', (t) => {
  const f = [parse('x*y*z'), parse('sin(x)*z')];
  const xs = ['x', 'y', 'z'];
  const v = ['a', 'b', 'c'].map((n) => parse(n));
  const jv = compile(jvp(f, xs, v), [...xs, 'a', 'b', 'c']);
  const at = [0.5, -1.25, 2, 1, -2, 3];
  const J = jacobian(f, xs).map((row) => row.map((e) => evaluate(e, { x: 0.5, y: -1.25, z: 2 })));
  const want = J.map((row) => row[0] * 1 + row[1] * -2 + row[2] * 3);
  t.true(agree(Array.from(jv(...at)), want));
  const hv = compile(hvp(f[0], xs, v), [...xs, 'a', 'b', 'c']);
  // H of x*y*z is [[0, z, y], [z, 0, x], [y, x, 0]].
  t.true(agree(Array.from(hv(...at)), [2 * -2 + -1.25 * 3, 2 * 1 + 0.5 * 3, -1.25 * 1 + 0.5 * -2]));
});
