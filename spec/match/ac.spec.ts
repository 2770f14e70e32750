import test from 'ava';
import { Budget, BudgetExceeded, withBudget } from '../../lib/base/budget.js';
import { compilePattern } from '../../lib/match/pattern.js';
import { makeRule } from '../../lib/match/rule.js';
import { parse, parsePattern, parseRule } from '../../lib/syntax/parse.js';

/** A sum of n distinct symbols. */
const sum = (n: number) => parse(Array.from({ length: n }, (_, i) => `x${i}`).join(' + '));

test('five AC variables with a guard that never holds, against a 30-term sum, stop on the time budget', (t) => {
  // Every variable takes one summand (the match is extended): 30·29·28·27·26 ≈ 1.7·10^7
  // matches, each rejected by the guard; the search polls the budget in force.
  const r = makeRule(parseRule('five: ?a + ?b + ?c + ?d + ?e -> g(?a) if ?a == ?b'));
  const e = t.throws(() => withBudget(new Budget({ maxTimeMs: 100 }), () => r.apply(sum(30))), {
    instanceOf: BudgetExceeded,
  });
  t.is(e?.budget, 'time');
  t.is(e?.kind, 'limit');
});

test('segment backtracking polls the budget too', (t) => {
  // Three segments and a non-linear tail over 24 distinct arguments: every split is tried.
  const p = compilePattern(parsePattern('h(?a..., ?b..., ?c..., ?d, ?d)'));
  const subject = parse(`h(${Array.from({ length: 3000 }, (_, i) => `x${i}`).join(', ')})`);
  const e = t.throws(
    () => withBudget(new Budget({ maxTimeMs: 50 }), () => p.match(subject, () => false)),
    { instanceOf: BudgetExceeded },
  );
  t.is(e?.budget, 'time');
});

test('the AC search still finds what it must: every match of ?a + ?b in a 4-term sum', (t) => {
  const p = compilePattern(parsePattern('?a + ?b'));
  let n = 0;
  p.match(sum(4), () => {
    n++;
    return false;
  });
  // The last unbound variable absorbs the rest: ?a takes one summand, ?b the other three.
  t.is(n, 4);
});
