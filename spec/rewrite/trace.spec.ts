import test from 'ava';
import { parse } from '../../lib/syntax/parse.js';
import { RuleLibrary } from '../../lib/rewrite/library.js';
import { innermost, runStrategy, traceToJson } from '../../lib/rewrite/strategy.js';
import { app, call, sym, type Term } from '../../lib/term/term.js';

const lib = RuleLibrary.empty().loadText('ruleset fg\n  f-g: f(?x) -> g(?x)\n');

test('a trace as JSON: rule, path, before and after in infix', (t) => {
  const r = runStrategy(innermost(lib.strategy('fg')), parse('k(x, f(f(a + 1)))'), { trace: true });
  const json = traceToJson(r.trace);
  t.deepEqual(json, [
    { rule: 'f-g', path: [1, 0], before: 'f(a + 1)', after: 'g(a + 1)' },
    { rule: 'f-g', path: [1], before: 'f(g(a + 1))', after: 'g(g(a + 1))' },
  ]);
  t.deepEqual(JSON.parse(JSON.stringify(json)), json);
  t.deepEqual(traceToJson(undefined), []);
});

test('a term too large for infix is shown in let-form', (t) => {
  let d: Term = sym('a');
  for (let i = 0; i < 30; i++) d = app('k', [d, d]);
  const r = runStrategy(innermost(lib.strategy('fg')), call('f', d), { trace: true });
  const [step] = traceToJson(r.trace, { maxInfixSize: 1000n });
  t.regex(step.before, /^t1 = k\(a, a\)\n/);
  t.regex(step.before, /\nf\(k\(t29, t29\)\)$/);
  t.true(step.before.length < 2000);
});
