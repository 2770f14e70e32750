import test from 'ava';
import fc from 'fast-check';
import { BibunError } from '../../lib/base/errors.js';
import { BudgetExceeded } from '../../lib/base/budget.js';
import { evaluate } from '../../lib/term/evaluate.js';
import { parse } from '../../lib/syntax/parse.js';
import { call, isApp, list, mul, num, sub, sym, type App, type Term } from '../../lib/term/term.js';
import {
  countOps,
  derivativeValues,
  diff,
  directionalDerivative,
  gradient,
  hessian,
  jacobian,
  nthDerivative,
  partialsFromText,
  rewriteDerivatives,
} from '../../lib/diff/index.js';
import { defaultPartials, splitProduct } from '../../lib/diff/partials.js';
import { knownFunctionNames } from '../../lib/base/signature.js';
import { close, expression, point } from './exprs.js';

test('the shipped table covers every known function and + * ^', (t) => {
  const table = defaultPartials();
  for (const f of [...knownFunctionNames, '+', '*', '^']) t.true(table.has(f), f);
});

test('every shipped partial agrees with central differences', (t) => {
  const table = defaultPartials();
  const at: Record<string, number> = { x: 0.37, y: 0.81 };
  for (const f of knownFunctionNames) {
    const arity = table.entry(f)!.params.length;
    // Arguments inside every domain: acosh needs > 1, asin/acos/atanh need (-1, 1).
    const arg = f === 'acosh' ? 'x + 1.3' : 'x/3 + 0.5';
    const call = parse(arity === 1 ? `${f}(${arg})` : `${f}(x, y)`);
    const sym = derivativeValues(call, ['x'], at, 'dstar')[0][0];
    const num = derivativeValues(call, ['x'], at, 'numeric')[0][0];
    t.true(close(sym, num, 1e-6), `${f}: ${sym} vs ${num}`);
  }
});

test('a user’s own derivatives line reaches every method', (t) => {
  const table = partialsFromText('derivatives\n  myf(u) : 2*u\n');
  const f = parse('myf(sin(x))');
  for (const m of ['tree', 'dag', 'graph', 'dstar'] as const) {
    const d = diff(f, 'x', { method: m, table });
    t.true(close(evaluate(d, { x: 0.5 }), 2 * Math.sin(0.5) * Math.cos(0.5), 1e-12), m);
  }
});

test('a derivatives line with a stray symbol is rejected', (t) => {
  const e = t.throws(() => partialsFromText('derivatives\n  myf(u) : 2*w\n'));
  t.true(e instanceof BibunError && /w/.test(e.message));
});

test('gradient, Hessian, Jacobian and directional derivative of log x + x·y − sin y', (t) => {
  const f = parse('log(x) + x*y - sin(y)');
  const at = { x: 1, y: Math.PI };
  const g = gradient(f, ['x', 'y']).map((d) => evaluate(d, at));
  t.true(close(g[0], 1 + Math.PI, 1e-12) && close(g[1], 2, 1e-12));
  const H = hessian(f, ['x', 'y']).map((row) => row.map((d) => evaluate(d, at)));
  t.true(
    close(H[0][0], -1, 1e-12) &&
      close(H[0][1], 1, 1e-12) &&
      close(H[1][0], 1, 1e-12) &&
      close(H[1][1], 0, 1e-12),
  );
  const J = jacobian(list(f, parse('x*y')), ['x', 'y']).map((row) =>
    row.map((d) => evaluate(d, at)),
  );
  t.true(close(J[1][0], Math.PI, 1e-12) && close(J[1][1], 1, 1e-12));
  const dd = evaluate(directionalDerivative(f, ['x', 'y'], [parse('3'), parse('4')]), at);
  t.true(close(dd, 3 * (1 + Math.PI) + 8, 1e-12));
});

test('gradients by dstar agree with reverse mode on random expressions in three variables', (t) => {
  const vars = ['x', 'y', 'z'];
  fc.assert(
    fc.property(expression(vars, 12), point(vars), (f, at) => {
      const ref = derivativeValues(f, vars, at, 'reverse')[0];
      if (!ref.every(Number.isFinite) || !Number.isFinite(evaluate(f, at))) return true;
      const g = gradient(f, vars).map((d) => evaluate(d, at));
      return g.every((v, k) => close(v, ref[k], 1e-9));
    }),
    { seed: 42, numRuns: 150 },
  );
  t.pass();
});

test('nth derivatives: d³/dx³ sin x = −cos x', (t) => {
  t.true(
    close(evaluate(nthDerivative(parse('sin(x)'), 'x', 3), { x: 0.4 }), -Math.cos(0.4), 1e-12),
  );
});

test('d(f, x), d(f, x, n) and grad(f, [x, y]) terms rewrite to their results, innermost first', (t) => {
  const r = rewriteDerivatives(parse('d(x^3, x) + d(d(x^3, x), x) + d(sin(x), x, 2)'));
  t.true(close(evaluate(r, { x: 2 }), 12 + 12 - Math.sin(2), 1e-12));
  const g = rewriteDerivatives(parse('grad(x*y, [x, y])'));
  t.true(
    isApp(g, 'list') && g.args.length === 2 && g.args[0] === sym('y') && g.args[1] === sym('x'),
  );
  t.throws(() => rewriteDerivatives(parse('d(x, 2)')), { instanceOf: BibunError });
});

test('SymPy’s diff(f, x), diff(f, x, n), diff(f, x, y) and diff(f, x, 2, y) are d forms in turn', (t) => {
  const vars = ['x', 'y'];
  const [x, y] = [sym('x'), sym('y')];
  const d = (...args: Term[]) => rewriteDerivatives(call('d', ...args));
  fc.assert(
    fc.property(expression(vars, 8), (f) => {
      const diffOf = (...args: Term[]) => rewriteDerivatives(call('diff', f, ...args));
      return (
        diffOf(x) === d(f, x) &&
        diffOf(y, num(2)) === d(f, y, num(2)) &&
        diffOf(x, y) === d(d(f, x), y) &&
        diffOf(x, num(2), y) === d(d(f, x, num(2)), y)
      );
    }),
    { seed: 1312, numRuns: 60 },
  );
  const r = rewriteDerivatives(parse('diff(x^3*y^2, x, 2, y)'));
  t.true(close(evaluate(r, { x: 2, y: 3 }), 12 * 2 * 3, 1e-12));
  for (const bad of [
    'diff(x)',
    'diff(x, 2)',
    'diff(x^2, x, -1)',
    'diff(x^2, x, 1/2)',
    'diff(x, 2*x)',
  ])
    t.throws(() => rewriteDerivatives(parse(bad)), { instanceOf: BibunError }, bad);
  t.throws(() => rewriteDerivatives(parse('diff(x, 2*x)')), {
    message: 'can only differentiate with respect to a variable, not 2*x',
  });
});

test('a simplify function is applied unless raw is asked for', (t) => {
  const marker = () => parse('42');
  t.is(diff(parse('x^2'), 'x', { simplify: marker }), parse('42'));
  t.is(diff(parse('x^2'), 'x', { simplify: marker, raw: true }), parse('2*x'));
  t.is(diff(parse('x^2'), 'x'), parse('2*x'));
});

test('countOps counts each shared node once', (t) => {
  t.deepEqual(countOps(parse('(4 + sin(x))*cos(sin(x))')), {
    mul: 1,
    add: 1,
    neg: 0,
    pow: 0,
    call: 2,
    total: 4,
  });
  t.is(countOps(parse('-x*y')).neg, 1);
});

test('gradient of a product of n variables stays linear in n for the numeric methods', (t) => {
  const n = 2000;
  const names = Array.from({ length: n }, (_, i) => `x${i}`);
  const f = parse(names.join('*'));
  const at = Object.fromEntries(names.map((v) => [v, 1.0001]));
  const [g] = derivativeValues(f, names, at, 'reverse');
  t.true(close(g[7], Math.pow(1.0001, n - 1), 1e-9));
});

test('splitProduct: a product reuses the largest product among its factors’ arguments', (t) => {
  const [x, y, z] = ['x', 'y', 'z'].map((n) => sym(n));
  // 4·x·y·(1 − x·y): the product −x·y sits inside the last factor.
  const s1 = sub(num(1), mul(x, y));
  const p = mul(num(4), x, y, s1) as App;
  const s = splitProduct(p)!;
  t.is(s.q as Term, mul(num(-1), x, y));
  t.is(s.coef, num(-4));
  t.deepEqual(s.rest, [s1]);
  t.is(mul(...s.args), p);
  // Repeated factors are a multiset: x·x·y·z·sin(x·y) takes one x into Q = x·y.
  const sxy = parse('sin(x*y)');
  const r = splitProduct(mul(x, x, y, z, sxy) as App)!;
  t.is(r.q as Term, mul(x, y));
  t.deepEqual(r.rest, [x, z, sxy]);
  // No split: a product of fewer than three factors, or no fitting product below.
  t.is(splitProduct(mul(x, parse('sin(x*y)')) as unknown as App), undefined);
  t.is(splitProduct(mul(x, z, parse('sin(x*y)')) as unknown as App), undefined);
});

test('a differentiation that runs out of its time budget stops with a limit error', (t) => {
  const text = Array.from(
    { length: 4000 },
    (_, i) => `100*(x${i + 1} - x${i}^2)^2 + (1 - x${i})^2`,
  ).join(' + ');
  const f = parse(text);
  const vars = Array.from({ length: 4001 }, (_, i) => `x${i}`);
  const t0 = performance.now();
  const e = t.throws(() => gradient(f, vars, { method: 'dstar', raw: true, maxTimeMs: 20 }), {
    instanceOf: BudgetExceeded,
  });
  t.is(e?.kind, 'limit');
  t.is(e?.budget, 'time');
  t.regex(e!.message, /^stopped after 20 ms \(time budget; raise it with --time MS/);
  // A bound, not a benchmark: far below the seconds the whole gradient would take on a loaded machine.
  t.true(performance.now() - t0 < 5000);
  // Without a budget problem the same call finishes.
  t.is(gradient(parse('x*y'), ['x', 'y'], { raw: true, maxTimeMs: 1000 }).length, 2);
});
