import test from 'ava';
import { loadRuleFiles, RuleLibrary, shippedRulesDir } from '../../lib/rewrite/library.js';
import { checkLibrary, checkRule, describeCheck } from '../../lib/check/soundness.js';

test('every shipped rule is sound', (t) => {
  const lib = loadRuleFiles([shippedRulesDir()]);
  const unsound = checkLibrary(lib, { seed: 42, numRuns: 150 }).filter(
    (c) => c.status === 'unsound',
  );
  t.deepEqual(unsound.map(describeCheck), []);
});

test('an unsound rule is reported with a shrunk counterexample', (t) => {
  const lib = RuleLibrary.empty().loadText(
    'ruleset bad\n  sqrt-square: (?x^2)^(1/2) -> ?x\n  log-product: log(?a*?b) -> log(?a) + log(?b)\n',
    'bad.rules',
  );
  const [sq, lg] = checkLibrary(lib, { seed: 42 });
  t.is(sq.status, 'unsound');
  t.is(lg.status, 'unsound');
  t.regex(
    describeCheck(sq),
    /^bad\.rules:2:3: rule sqrt-square is unsound: with \?x = .+ became .+; at x = .+ they are .+ and .+/,
  );
  t.true(sq.counterexample!.afterValue !== sq.counterexample!.beforeValue);
});

test('guards are respected, and rules without numeric meaning are skipped', (t) => {
  const lib = RuleLibrary.empty().loadText(
    'ruleset r\n  log-pow: log(?x^?n) -> ?n*log(?x) if is_odd(?n)\n  peano: add(s(?x), ?y) -> s(add(?x, ?y))\n',
    'r.rules',
  );
  t.is(checkRule(lib.rules.get('log-pow')!).status, 'sound');
  const peano = checkRule(lib.rules.get('peano')!);
  t.is(peano.status, 'skipped');
  t.regex(peano.note!, /(add|s) has no numeric meaning/);
});

test('check-rules binds every free symbol of a rule, not only x, y, z', (t) => {
  const lib = RuleLibrary.empty().loadText(
    'ruleset r\n  bad: k*?a -> ?a\n  fine: k*(?a + 1) -> k*?a + k\n',
    'r.rules',
  );
  const bad = checkRule(lib.rules.get('bad')!);
  t.is(bad.status, 'unsound');
  t.true('k' in bad.counterexample!.point);
  t.regex(describeCheck(bad), /rule bad is unsound: .* at .*k = /);
  t.is(checkRule(lib.rules.get('fine')!).status, 'sound');
});

test('a rule may extend the domain but not shrink it, and float error is not unsoundness', (t) => {
  const lib = RuleLibrary.empty().loadText(
    'ruleset r\n  extend: exp(log(?a)) -> ?a\n  shrink: ?a -> exp(log(?a))\n  tiny: ?a -> ?a + 1/10^12\n',
    'r.rules',
  );
  t.is(checkRule(lib.rules.get('extend')!).status, 'sound');
  t.is(checkRule(lib.rules.get('shrink')!).status, 'unsound');
  t.is(checkRule(lib.rules.get('tiny')!).status, 'unsound', 'the tolerance is not absolute');
});

test('a rule over a head variable is tested with the known functions its guards admit', (t) => {
  const lib = RuleLibrary.empty().loadText(
    [
      'ruleset parity',
      '  odd-all: ?f(-?x) -> -?f(?x) if is_function(?f), is_atom(?x)',
      '  odd-ok:  ?f(-?x) -> -?f(?x) if is_odd_function(?f), is_atom(?x)',
    ].join('\n'),
    'parity.rules',
  );
  const [all, ok] = checkLibrary(lib, { seed: 42 });
  t.is(all.status, 'unsound', 'cos(-x) is not -cos(x)');
  t.is(ok.status, 'sound');
  t.true(ok.applied > 0);
});

test('a rule file’s own exp/2 has no numeric meaning: its rules are skipped, not misjudged', (t) => {
  const lib = RuleLibrary.empty().loadText(
    'op exp/2\nruleset pw\n  pw-z: exp(?x, 0) -> 1\n  pw-s: exp(?x, ?n) -> ?x*exp(?x, ?n - 1) if is_integer(?n), ?n > 0',
    'pw.rules',
  );
  for (const c of checkLibrary(lib, { seed: 42 })) {
    t.is(c.status, 'skipped');
    t.regex(c.note!, /exp\/2 has no numeric meaning/);
  }
});
