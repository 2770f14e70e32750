import test from 'ava';
import {
  Budget,
  BudgetExceeded,
  type BudgetName,
  budgetMessage,
  currentBudget,
  defaultLimits,
  isStackOverflow,
  pollBudget,
  withBudget,
} from '../../lib/base/budget.js';
import {
  asBibunError,
  BibunError,
  isStackOverflow as errorsIsStackOverflow,
} from '../../lib/base/errors.js';

test('a stop message names the budget and how to raise it', (t) => {
  const how: Record<BudgetName, RegExp> = {
    steps: /--steps N, :set steps=N or "limits": \{"steps": N\}/,
    time: /--time MS, :set time=MS or "limits": \{"time": MS\}/,
    size: /--size N, :set size=N or "limits": \{"size": N\}/,
    depth: /no setting raises/,
  };
  for (const name of Object.keys(how) as BudgetName[]) {
    const m = budgetMessage(name, 'stopped');
    t.true(m.startsWith(`stopped (${name} budget; `), m);
    t.regex(m, how[name]);
    const e = new BudgetExceeded(name, 'stopped');
    t.true(e instanceof BibunError);
    t.is(e.kind, 'limit');
    t.is(e.budget, name);
    t.is(e.message, m);
  }
});

test('a budget fills in the defaults and checks size', (t) => {
  const b = new Budget({ maxSize: 10 });
  t.is(b.limits.maxTimeMs, defaultLimits.maxTimeMs);
  t.is(b.limits.maxSize, 10);
  b.checkSize(10);
  const e = t.throws(() => b.checkSize(11, 'the sum'), { instanceOf: BudgetExceeded });
  t.is(e?.budget, 'size');
  t.regex(e!.message, /^stopped: the sum would have more than 10 nodes \(size budget; /);
});

test('withBudget installs a budget for pollBudget, nests, and restores', (t) => {
  t.is(currentBudget(), undefined);
  const outer = new Budget();
  const inner = new Budget({ maxTimeMs: 5 });
  withBudget(outer, () => {
    t.is(currentBudget(), outer);
    withBudget(inner, () => t.is(currentBudget(), inner));
    t.is(currentBudget(), outer);
    t.throws(() =>
      withBudget(inner, () => {
        throw new Error('out');
      }),
    );
    t.is(currentBudget(), outer);
  });
  t.is(currentBudget(), undefined);
});

test('pollBudget ends a loop when the time is spent, and does nothing outside a budget', (t) => {
  // Outside any budget: a million polls are a million counter increments.
  for (let i = 0; i < 1_000_000; i++) pollBudget();
  const e = t.throws(
    () =>
      withBudget(new Budget({ maxTimeMs: 1 }), () => {
        for (;;) pollBudget();
      }),
    { instanceOf: BudgetExceeded },
  );
  t.is(e?.budget, 'time');
  t.regex(e!.message, /^stopped after 1 ms \(time budget; raise it with --time MS/);
});

test('one helper recognises a stack overflow, and asBibunError uses it', (t) => {
  t.is(isStackOverflow, errorsIsStackOverflow);
  const deep = (n: number): number => (n === 0 ? 0 : 1 + deep(n - 1));
  let overflow: unknown;
  try {
    deep(1e9);
  } catch (e) {
    overflow = e;
  }
  t.true(isStackOverflow(overflow));
  t.false(isStackOverflow(new RangeError('Invalid array length')));
  t.false(isStackOverflow(new Error('Maximum call stack size exceeded')));
  t.false(isStackOverflow(undefined));
  t.is(asBibunError(overflow).kind, 'limit');
  t.regex(asBibunError(overflow).message, /nested too deeply/);
});
