import test from 'ava';
import {
  checkFormat,
  checkMethod,
  describeIdentity,
  diffTerm,
  gradTerm,
  hessianTerm,
  rewriteCommand,
  simplifyTerm,
  traceLines,
} from '../../lib/app/operations.js';
import { BibunError } from '../../lib/base/errors.js';
import { evaluate } from '../../lib/term/evaluate.js';
import { parse } from '../../lib/syntax/parse.js';
import { checkIdentity } from '../../lib/check/toolkit.js';

test('diff and grad: the founding examples, every symbolic method', (t) => {
  const f = parse('(4 + sin(x))*cos(sin(x))');
  for (const method of ['tree', 'dag', 'graph', 'dstar'] as const) {
    for (const raw of [true, false])
      t.true(
        Math.abs(evaluate(diffTerm(f, 'x', { method, raw }), { x: Math.PI }) + 1) < 1e-12,
        `${method} raw=${raw}`,
      );
  }
  const g = gradTerm(parse('log(x) + x*y - sin(y)'), ['x', 'y']);
  t.is(g.kind, 'app');
  const values = (g as { args: readonly import('../../lib/term/term.js').Term[] }).args.map((e) =>
    evaluate(e, { x: 1, y: Math.PI }),
  );
  t.true(Math.abs(values[0] - (1 + Math.PI)) < 1e-12 && Math.abs(values[1] - 2) < 1e-12);
  t.is(hessianTerm(parse('x^2*y'), ['x', 'y']), parse('[[2*y, 2*x], [2*x, 0]]'));
  t.throws(() => diffTerm(f, 'x', { method: 'forward' }), {
    instanceOf: BibunError,
    message: /gives numbers/,
  });
});

test('simplify: budgets are errors of kind limit; traces are kept', (t) => {
  const r = simplifyTerm(parse('x + 2*x'), { trace: true });
  t.is(r.term, parse('3*x'));
  t.deepEqual(traceLines(r.run.trace), ['1. collect at []: x + 2*x -> 3*x']);
  const loop = t.throws(() =>
    rewriteCommand(parse('f(x)'), 'ruleset r\n  grow: f(?a) -> f(f(?a))\n', {
      limits: { maxSteps: 50 },
    }),
  );
  t.is((loop as BibunError).kind, 'limit');
});

test('rewrite may name simplify and dstar', (t) => {
  const r = rewriteCommand(parse('d(twice(x)^2, x)'), 'ruleset r\n  dbl: twice(?a) -> 2*?a\n', {
    strategy: 'innermost(dbl) ; dstar ; simplify',
  });
  t.is(r.term, parse('8*x'));
});

test('names from users are checked', (t) => {
  t.throws(() => checkFormat('pdf'), { message: /unknown format/ });
  t.throws(() => checkMethod('magic'), { message: /unknown method/ });
  t.regex(describeIdentity(checkIdentity('x + x == 2x')), /^holds on 200 samples$/);
});
