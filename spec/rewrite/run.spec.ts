import test from 'ava';
import {
  type BudgetName,
  BudgetExceeded,
  currentBudget,
  type Limits,
} from '../../lib/base/budget.js';
import { BibunError } from '../../lib/base/errors.js';
import { RuleLibrary } from '../../lib/rewrite/library.js';
import { applyStrategy, repeat, runStrategy, type Strategy } from '../../lib/rewrite/strategy.js';
import { parse } from '../../lib/syntax/parse.js';
import { call, type Term } from '../../lib/term/term.js';

const lib = RuleLibrary.empty().loadText(`
ruleset grow
  g: ?x -> s(?x)
ruleset loop
  p-q: p -> q
  q-p: q -> p
`);
const grow = repeat(lib.strategy('grow'));

test('every budget stop names its budget and how to raise it; the result is the input', (t) => {
  const cases: [Partial<Limits>, BudgetName, RegExp][] = [
    [
      { maxSteps: 100 },
      'steps',
      /^stopped after 100 rewrite steps; the rules may not terminate \(steps budget; raise it with --steps N/,
    ],
    [
      { maxSize: 50 },
      'size',
      /^stopped: a rewrite produced a term of more than 50 nodes; .* \(size budget; raise it with --size N/,
    ],
    [
      { maxTimeMs: 20, maxSteps: 1e12, maxSize: 1e12 },
      'time',
      /^stopped after 20 ms \(time budget; raise it with --time MS/,
    ],
  ];
  for (const [limits, stop, message] of cases) {
    const r = runStrategy(grow, parse('x'), { limits });
    t.is(r.stop, stop);
    t.regex(r.message!, message);
    t.is(r.term, parse('x'));
    t.false(r.succeeded);
    const e = t.throws(() => applyStrategy(grow, parse('x'), { limits }), {
      instanceOf: BudgetExceeded,
    });
    t.is(e?.budget, stop);
    t.is(e?.message, r.message!);
  }
});

test('a steps or size stop shows where it stood; a cycle is not a budget', (t) => {
  const r = runStrategy(grow, parse('x'), { limits: { maxSteps: 3 } });
  t.is(r.stoppedAt, parse('s(s(s(s(x))))'));
  const c = runStrategy(repeat(lib.strategy('loop')), parse('p'));
  t.is(c.stop, 'cycle');
  t.is(c.stoppedAt, parse('p'));
  const e = t.throws(() => applyStrategy(repeat(lib.strategy('loop')), parse('p')), {
    instanceOf: BibunError,
  });
  t.false(e instanceof BudgetExceeded);
  t.is(e?.kind, 'limit');
});

test('a strategy that recurses too deeply stops with depth, naming the budget', (t) => {
  const deep: Strategy = (u, run) => (u.kind === 'app' ? deep(u.args[0], run) : u);
  let chain: Term = parse('x');
  for (let i = 0; i < 200_000; i++) chain = call('s', chain);
  const r = runStrategy(deep, chain);
  t.is(r.stop, 'depth');
  t.regex(r.message!, /nested too deeply .*\(depth budget; /);
});

test('a run installs its budget for the code below it, and only while it runs', (t) => {
  let seen: unknown;
  const r = runStrategy(
    (u, run) => {
      seen = currentBudget() === run.budget;
      return u;
    },
    parse('x'),
    { limits: { maxTimeMs: 1234 } },
  );
  t.is(r.stop, 'normal');
  t.true(seen);
  t.is(currentBudget(), undefined);
});
