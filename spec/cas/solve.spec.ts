import test from 'ava';
import fc from 'fast-check';
import { BibunError } from '../../lib/base/errors.js';
import * as Q from '../../lib/base/rational.js';
import { evaluateCalls } from '../../lib/cas/functions.js';
import { solveLinear } from '../../lib/cas/linear.js';
import { nsolve } from '../../lib/cas/nsolve.js';
import { solveRoots } from '../../lib/cas/solve.js';
import { subs } from '../../lib/cas/subs.js';
import { expandTerm, remTerm } from '../../lib/poly/functions.js';
import { parse } from '../../lib/syntax/parse.js';
import { evaluate } from '../../lib/term/evaluate.js';
import { toInfix } from '../../lib/term/print.js';
import {
  add,
  app,
  children,
  isApp,
  mul,
  num,
  pow,
  sub,
  sym,
  type Term,
} from '../../lib/term/term.js';
import { postorder, substitute } from '../../lib/term/walk.js';

const x = sym('x');

/** A factor a*x + b or a*x^2 + b*x + c with small integer coefficients. */
const factorArb = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: -20, max: 20 }))
    .map(([a, b]) => add(mul(num(a), x), num(b))),
  fc
    .tuple(
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: -12, max: 12 }),
      fc.integer({ min: -12, max: 12 }),
    )
    .map(([a, b, c]) => add(mul(num(a), pow(x, num(2))), mul(num(b), x), num(c))),
);

/**
 * p(root) = 0 exactly: a square root sqrt(r) in the root becomes a symbol s, and p(root) is
 * reduced modulo s^2 - r (arithmetic in Q(sqrt(r))).
 */
function vanishesAt(p: Term, root: Term): boolean {
  const radical = postorder(root).find((n) => isApp(n, 'sqrt'));
  if (radical === undefined) return expandTerm(subs(p, x, root)) === num(0);
  const s = sym('s');
  const r = children(radical)[0];
  const value = expandTerm(subs(p, x, substitute(root, new Map([[radical, s]]))));
  return remTerm(value, sub(pow(s, num(2)), r), s) === num(0);
}

test('every exact root of a product of linear and quadratic factors is exact, and all are found', (t) => {
  fc.assert(
    fc.property(fc.array(factorArb, { minLength: 1, maxLength: 4 }), (fs) => {
      const p = mul(...fs);
      const r = solveRoots(p, x);
      t.is(r.numeric.length, 0, toInfix(p));
      for (const root of r.exact) {
        t.true(vanishesAt(p, root), `${toInfix(p)} at ${toInfix(root)}`);
      }
      // Every linear factor's root is among them.
      for (const f of fs) {
        const v = solveRoots(f, x);
        for (const root of v.exact)
          t.true(r.exact.includes(root), `${toInfix(root)} of ${toInfix(f)}`);
      }
      const values = r.exact.map((e) => evaluate(e));
      for (let i = 1; i < values.length; i++) t.true(values[i - 1] < values[i]);
    }),
    { seed: 1201, numRuns: 150 },
  );
});

test('numeric roots of random polynomials satisfy them to 1e-12 relative', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -30, max: 30 }), { minLength: 4, maxLength: 9 }),
      (cs) => {
        if (cs[cs.length - 1] === 0) cs[cs.length - 1] = 1;
        const p = add(...cs.map((c, i) => mul(num(c), pow(x, num(i)))));
        const r = solveRoots(p, x);
        for (const root of r.exact) t.true(vanishesAt(p, root), toInfix(root));
        for (const v of r.numeric) {
          let value = 0;
          let size = 0;
          for (let i = cs.length - 1; i >= 0; i--) value = value * v + cs[i];
          for (let i = 0; i < cs.length; i++) size += Math.abs(cs[i]) * Math.abs(v) ** i;
          t.true(Math.abs(value) <= 1e-12 * size, `${toInfix(p)} at ${v}: ${value}`);
        }
        // Between consecutive numeric roots the sign changes (distinct simple roots found).
        for (let i = 1; i < r.numeric.length; i++) t.true(r.numeric[i - 1] < r.numeric[i]);
      },
    ),
    { seed: 1202, numRuns: 200 },
  );
});

test('binomials a*x^n + c: their real n-th roots, exact, as many as the parity of n allows', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 3, max: 8 }),
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: -40, max: 40 }).filter((c) => c !== 0),
      (n, a, c) => {
        const p = add(mul(num(a), pow(x, num(n))), num(c));
        const r = solveRoots(p, x);
        // x^n = -c/a: one real root for odd n, two (±) or none for even n.
        const want = n % 2 === 1 ? 1 : -c / a > 0 ? 2 : 0;
        const roots = [...r.exact.map((e) => evaluate(e)), ...r.numeric];
        t.is(roots.length, want, toInfix(p));
        for (const v of roots)
          t.true(Math.abs(v ** n + c / a) <= 1e-9 * Math.abs(c / a), toInfix(p));
        // A binomial with no rational root is still answered exactly.
        t.is(r.numeric.length, 0, toInfix(p));
        for (const e of r.exact) t.true(vanishesAt(p, e), toInfix(e));
      },
    ),
    { seed: 1203, numRuns: 150 },
  );
  t.is(toInfix(evaluateCalls(parse('solve(x^3 - 2, x)')).term), '[2^(1/3)]');
});

test('solve: the call, its list, radicals, poles excluded, usage errors', (t) => {
  const s = (e: string) => evaluateCalls(parse(e)).text;
  t.is(s('solve(x^2 - 5*x + 6, x)'), '[2, 3]');
  t.is(s('solve(12*x^2 - 24, x)'), '[-sqrt(2), sqrt(2)]');
  t.is(s('solve((x^2 - 1)/(x - 1), x)'), '[-1]');
  t.is(s('solve(x^2 + 1, x)'), '[]');
  t.is(s('solve(x^3 - 2, x)'), '[2^(1/3)]');
  t.is(s('solve(x^3 - 2*x - 5, x)'), '[2.0945514815423265]');
  // The double nearest to 2*cos(pi/9) = 1.53208888623795607..., not a neighbour.
  t.is(
    s('solve(x^3 - 3*x + 1, x)'),
    '[-1.8793852415718169, 0.3472963553338607, 1.532088886237956]',
  );
  // An equation as typed, and the same term made in code.
  t.is(s('solve(x^2 == 2, x)'), '[-sqrt(2), sqrt(2)]');
  t.is(s('solve(x^2 + 1 == 2x + 1, x)'), '[0, 2]');
  t.is(s('solve([x + y == 1, x - y == 3], [x, y])'), '[x == 2, y == -1]');
  t.deepEqual(
    solveRoots(app('==', [pow(x, num(2)), num(2)]), x).exact.map((e) => toInfix(e)),
    ['-sqrt(2)', 'sqrt(2)'],
  );
  // A term too large to print is described by its sizes in the message.
  let big: Term = x;
  for (let i = 0; i < 12; i++) big = mul(app('sin', [big]), app('cos', [big]));
  const large = t.throws(() => solveRoots(big, x), { instanceOf: BibunError });
  t.is(large?.kind, 'usage');
  t.regex(
    large?.message ?? '',
    /^solve: a term of tree size 16381 \(DAG size 37\) is not a polynomial/,
  );
  const e = t.throws(() => evaluateCalls(parse('solve(sin(x) - x/2, x)')), {
    instanceOf: BibunError,
  });
  t.is(e?.kind, 'usage');
  t.regex(e?.message ?? '', /^solve: .*nsolve/);
});

test('linear systems: random nonsingular systems solved exactly; singular ones explained', (t) => {
  const vars = [sym('x'), sym('y'), sym('z')];
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 4, maxLength: 4 }), {
        minLength: 3,
        maxLength: 3,
      }),
      (rows) => {
        const eqs = rows.map((r) =>
          app('==', [add(...vars.map((v, i) => mul(num(r[i]), v))), num(r[3])]),
        );
        let sol: Term;
        try {
          sol = solveLinear(eqs, vars);
        } catch (err) {
          t.true(err instanceof BibunError && /singular|inconsistent/.test(err.message));
          // Singular: the determinant is 0.
          const [a, b, c] = rows;
          const det =
            a[0] * (b[1] * c[2] - b[2] * c[1]) -
            a[1] * (b[0] * c[2] - b[2] * c[0]) +
            a[2] * (b[0] * c[1] - b[1] * c[0]);
          t.is(det, 0);
          return;
        }
        const values = children(sol).map((q) => children(q)[1]);
        for (const eq of eqs) {
          const [l, r] = children(eq);
          const lv = subs(l, app('list', vars), app('list', values));
          t.true(lv === r, `${toInfix(eq)} at ${values.map((v) => toInfix(v))}`);
        }
      },
    ),
    { seed: 1203, numRuns: 200 },
  );
  const s = (e: string) => evaluateCalls(parse(e)).text;
  t.is(s('solve([x + y - 3, x - y - 1], [x, y])'), '[x == 2, y == 1]');
  t.throws(() => s('solve([x + y - 3, x + y - 1], [x, y])'), { message: /inconsistent/ });
  t.throws(() => s('solve([x + y - 3, 2*x + 2*y - 6], [x, y])'), { message: /singular/ });
  t.throws(() => s('solve([x*y - 3, x - 1], [x, y])'), { message: /not linear/ });
});

test('nsolve: Newton converges to a root, and fails clearly', (t) => {
  const r = nsolve(parse('cos(x) - x'), x, num(1));
  t.true(Math.abs(Math.cos(r) - r) < 1e-15);
  t.true(Math.abs(nsolve(parse('exp(x) - 3'), x, num(0)) - Math.log(3)) < 1e-15);
  // Within one ulp: in doubles x^2 - 2 cannot tell sqrt(2)'s two neighbours apart.
  t.true(Math.abs(nsolve(parse('x^2 - 2'), x, num(Q.rational(3n, 2n))) - Math.SQRT2) <= 2.3e-16);
  t.throws(() => nsolve(parse('x^2 + 1'), x, num(1)), {
    instanceOf: BibunError,
    message: /nsolve/,
  });
  t.throws(() => nsolve(parse('x^2 + 1'), x, num(2)), {
    instanceOf: BibunError,
    message: /nsolve/,
  });
});
