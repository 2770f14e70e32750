import test from 'ava';
import { BibunError } from '../../lib/base/errors.js';
import { parse } from '../../lib/syntax/parse.js';
import {
  loadRuleFiles,
  rewriteWithRules,
  RuleLibrary,
  runExample,
  shippedRulesDir,
} from '../../lib/rewrite/library.js';
import { call, sym, type Term } from '../../lib/term/term.js';

const peano = `
# Peano arithmetic, the classic Maude benchmark.
ruleset peano
  add-z: add(z, ?y) -> ?y
  add-s: add(s(?x), ?y) -> s(add(?x, ?y))
  mul-z: mul(z, ?y) -> z
  mul-s: mul(s(?x), ?y) -> add(?y, mul(?x, ?y))
  fib-0: fib(z) -> z
  fib-1: fib(s(z)) -> s(z)
  fib-n: fib(s(s(?n))) -> add(fib(s(?n)), fib(?n))
strategy eval = innermost(peano)
example eval: mul(s(s(z)), s(s(s(z)))) => s(s(s(s(s(s(z))))))
`;

const nat = (n: number): Term => {
  let t: Term = sym('z');
  for (let i = 0; i < n; i++) t = call('s', t);
  return t;
};

test('Peano arithmetic normalises', (t) => {
  const lib = RuleLibrary.empty().loadText(peano, 'peano.rules');
  t.is(lib.run('eval', call('fib', nat(15))).term, nat(610));
  t.true(runExample(lib, lib.examples.get(0)!).ok);
});

test('boolean algebra normalises', (t) => {
  const lib = RuleLibrary.empty().loadText(`
ruleset bool
  not-t: not(true) -> false
  not-f: not(false) -> true
  and-t: and(true, ?x) -> ?x
  and-f: and(false, ?x) -> false
  or-t: or(true, ?x) -> true
  or-f: or(false, ?x) -> ?x
  implies: implies(?a, ?b) -> or(not(?a), ?b)
`);
  t.is(
    lib.run('innermost(bool)', parse('implies(and(true, not(false)), or(false, false))')).term,
    parse('false'),
  );
  t.is(lib.run('innermost(bool)', parse('and(p, true)')).term, parse('and(p, true)'));
});

test('lists normalise, with segment variables', (t) => {
  const lib = RuleLibrary.empty().loadText(`
ruleset lists
  app-nil: append(nil, ?l) -> ?l
  app-cons: append(cons(?h, ?t), ?l) -> cons(?h, append(?t, ?l))
  rev-nil: rev(nil) -> nil
  rev-cons: rev(cons(?h, ?t)) -> append(rev(?t), cons(?h, nil))
  drop-first: tuple(?x, ?rest...) -> tuple(?rest...)
`);
  t.is(
    lib.run('innermost(lists)', parse('rev(cons(a, cons(b, cons(c, nil))))')).term,
    parse('cons(c, cons(b, cons(a, nil)))'),
  );
  t.is(lib.run('innermost(drop-first)', parse('tuple(1, 2, 3)')).term, parse('tuple()'));
});

test('loading validates names, and a failed load changes nothing', (t) => {
  const lib = RuleLibrary.empty().loadText(peano, 'peano.rules');
  const dup = t.throws(() => lib.loadText('ruleset more\n  add-z: z -> z2\n', 'more.rules'), {
    instanceOf: BibunError,
  })!;
  t.regex((dup as BibunError).display(), /^more\.rules:2:3: rule add-z: the name is already used/);
  const unknown = t.throws(
    () => lib.loadText('strategy s2 = innermost(peano <+ nothing)', 'bad.rules'),
    { instanceOf: BibunError },
  )!;
  t.regex(
    (unknown as BibunError).display(),
    /^bad\.rules:1:\d+: unknown strategy or rule set nothing/,
  );
  t.throws(() => lib.loadText('example nowhere: a => b', 'ex.rules'), {
    message: /unknown rule set or strategy nowhere/,
  });
  t.throws(() => lib.loadText('ruleset fold\n  r: a -> b', 'f.rules'), {
    message: /rule set fold: the name is already used \(by a builtin\)/,
  });
  t.throws(() => lib.loadText('ruleset x\n  r: a -> b\n  s: f(?a) -> ?b', 'x.rules'), {
    message: /unbound right-hand variable \?b/,
  });
  t.is(lib.rules.size, 7);
  t.deepEqual(lib.files.toArray(), ['peano.rules']);
});

test('strategies may refer to each other and to themselves', (t) => {
  const lib = RuleLibrary.empty().loadText(`
strategy norm = try(step ; norm)
strategy step = ab
ruleset ab
  a-b: a -> b
  b-c: b -> c
`);
  t.is(lib.run('norm', parse('a')).term, parse('c'));
});

test('derivatives blocks are kept for the differentiation module', (t) => {
  const lib = RuleLibrary.empty().loadText(
    'derivatives\n  sin(u) : cos(u)\n  u ^ v : v*u^(v-1), u^v*log(u)\n',
    'd.rules',
  );
  t.deepEqual(lib.derivatives.map((d) => d.head).toArray(), ['sin', '^']);
  t.throws(() => lib.loadText('derivatives\n  sin(u) : -cos(u)\n', 'e.rules'), {
    message: /derivatives of sin are already given/,
  });
});

test('the shipped rules load; bibun rewrite defaults to innermost over the file', (t) => {
  const lib = loadRuleFiles([shippedRulesDir()]);
  t.true(lib.rulesets.has('arith'));
  t.true(lib.strategies.has('simplify'));
  const r = rewriteWithRules(call('fib', nat(10)), peano, { file: 'peano.rules', trace: true });
  t.is(r.term, nat(55));
  t.true(r.trace!.length > 0);
  t.is(
    rewriteWithRules(parse('add(s(z), z)'), peano, { strategy: 'add-s' }).term,
    parse('s(add(z, z))'),
  );
});
