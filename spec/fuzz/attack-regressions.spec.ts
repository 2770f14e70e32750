import test from 'ava';
import { Budget, BudgetExceeded, withBudget } from '../../lib/base/budget.js';
import { BibunError } from '../../lib/base/errors.js';
import * as Q from '../../lib/base/rational.js';
import { diff } from '../../lib/diff/index.js';
import { makeRule } from '../../lib/match/rule.js';
import { expandTerm } from '../../lib/poly/functions.js';
import { RuleLibrary } from '../../lib/rewrite/library.js';
import { simplify } from '../../lib/simplify/simplify.js';
import { parse, parseRule, parseRuleFile } from '../../lib/syntax/parse.js';
import { format } from '../../lib/term/print.js';
import { manyRules } from './attack-inputs.js';
import { bibun } from '../app/run-cli.js';

// Regressions for what `npm run attack` found (issue 15). Each names the module it fixed. None
// is timed: where the fault was an unpolled loop, a budget that counts its polls shows the loop
// now consults it.

/** A budget that counts the units of work reported to it and never stops. */
class Counting extends Budget {
  polls = 0;
  override tick(): void {
    this.polls++;
  }
}

const sum = (n: number, f: (i: number) => string = (i) => `x${i}`, op = ' + ') =>
  Array.from({ length: n }, (_, i) => f(i)).join(op);

test('base/budget: a budget made inside another keeps the outer deadline', (t) => {
  // The request's budget covers reading; the rewriting run inside it used to get the whole
  // time again (x/1 + ... + x/10000 with --time 1000 took twice its budget).
  const e = t.throws(
    () =>
      withBudget(new Budget({ maxTimeMs: 20 }), () => {
        const outer = performance.now();
        while (performance.now() - outer < 40);
        new Budget({ maxTimeMs: 60_000 }).checkTime();
      }),
    { instanceOf: BudgetExceeded },
  );
  t.is(e?.budget, 'time');
  t.regex(e?.message ?? '', /^stopped after 20 ms/);
  // An inner budget shorter than the outer one keeps its own.
  t.notThrows(() =>
    withBudget(new Budget({ maxTimeMs: 60_000 }), () => new Budget({ maxTimeMs: 5 }).checkTime()),
  );
});

test('match/ac: a variable beside a segment polls the budget once per candidate', (t) => {
  // ?b tried at each of n summands, each followed by a scan of the rest: n² work that never
  // looked at the clock (20,000 summands ran 11 s past a 3 s budget).
  const r = makeRule(parseRule('swap: ?a... + ?b -> g(?b) + ?a... if is_number(?b)'));
  const subject = parse(sum(2000));
  const b = new Counting();
  t.is(
    withBudget(b, () => r.apply(subject)),
    undefined,
  );
  t.true(b.polls >= 2000, `${b.polls} polls`);
});

test('rewrite/library: loading a rule file polls the budget once per rule', (t) => {
  const decls = parseRuleFile(manyRules(3000));
  const b = new Counting();
  withBudget(b, () => RuleLibrary.empty().load(decls));
  t.true(b.polls >= 3000, `${b.polls} polls`);
});

test('term/infix: printing polls the budget once per distinct node', (t) => {
  const term = parse(sum(5000));
  const b = new Counting();
  withBudget(b, () => format(term, 'text'));
  t.true(b.polls >= 5000, `${b.polls} polls`);
});

test('flat sums of 200,000 terms: combine, diff and segment templates take no spread arguments', (t) => {
  // Each of these overflowed the stack ("nested too deeply") on a flat input.
  const xs = parse(sum(200_000, () => 'x'));
  t.is(simplify(xs), parse('200000*x'));
  t.is(simplify(parse(sum(200_000, () => 'x', '*'))), parse('x^200000'));
  t.is(diff(xs, 'x'), parse('200000'));
  const r = makeRule(parseRule('wrap: f(?a..., ?b) -> g(?b, ?a...)'));
  const out = r.apply(parse(`f(${sum(150_000, (i) => `x${i}`, ', ')})`));
  t.is(out?.kind === 'app' && out.head === 'g' ? out.args.length : 0, 150_000);
});

test('base/rational: a decimal too large is refused before it becomes a bigint, in a short message', (t) => {
  const e = t.throws(() => Q.parseDecimal('7'.repeat(1_900_000)), { instanceOf: BibunError });
  t.regex(e?.message ?? '', /^number 7{20}… \(1900000 characters\) is too large/);
  t.true((e?.message.length ?? 0) < 200);
  t.throws(() => Q.parseDecimal(`0.${'3'.repeat(1_000_000)}`), { instanceOf: BibunError });
  // The largest values still read exactly.
  t.is(Q.bitLength(Q.parseDecimal('9'.repeat(30_000)).num) <= 100_000, true);
});

test('poly: more than 52 generators is a clear error, and simplify goes on without cancel', (t) => {
  const many = sum(60);
  t.throws(() => expandTerm(parse(many)), { message: /at most 52 generators.*has 60/ });
  // These stopped simplify with a "size budget" no setting could raise.
  const q = parse(`(${many})/(x1 + x2)`);
  t.is(simplify(q).kind, 'app');
  t.is(simplify(parse(`(${sum(30)})^2/(x1 + x2)`)).kind, 'app');
});

test('syntax/reader: 1,000 levels of calls, brackets and lists parse in the CLI (the reader took seven JavaScript frames a level and overflowed the main thread’s stack near 880)', (t) => {
  // In a child process: the CLI runs on the main thread's stack, smaller than a worker's.
  for (const text of [
    `${'sin('.repeat(999)}x${')'.repeat(999)}`,
    `${'('.repeat(999)}x${')'.repeat(999)}`,
    `${'f(['.repeat(499)}x${'])'.repeat(499)}`,
  ]) {
    const r = bibun(['parse', text]);
    t.is(r.status, 0, `${text.slice(0, 12)}: ${r.stderr}`);
  }
  const over = bibun(['parse', `${'sin('.repeat(1000)}x${')'.repeat(1000)}`]);
  t.is(over.status, 2);
  t.regex(over.stderr, /more than 1000 levels/);
});
