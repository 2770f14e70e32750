import test from 'ava';
import { parse } from '../../lib/syntax/parse.js';
import { RuleLibrary } from '../../lib/rewrite/library.js';
import { innermostRules, ruleSet } from '../../lib/rewrite/rule-sets.js';
import {
  compileParts,
  fail,
  fold,
  runStrategy,
  type Resolved,
} from '../../lib/rewrite/strategy.js';
import { parseStrategy } from '../../lib/syntax/parse.js';
import { call, sym, type Term } from '../../lib/term/term.js';

const peanoText = (zero: string) => `
ruleset peano
  add-z: add(${zero}, ?y) -> ?y
  add-s: add(s(?x), ?y) -> s(add(?x, ?y))
  fib-0: fib(${zero}) -> ${zero}
  fib-1: fib(s(${zero})) -> s(${zero})
  fib-n: fib(s(s(?n))) -> add(fib(s(?n)), fib(?n))
`;

function numeral(n: number, zero: string): Term {
  let t: Term = sym(zero);
  for (let i = 0; i < n; i++) t = call('s', t);
  return t;
}

const fibs = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610];

test('Peano fib: the normaliser gives the numeral, with the same steps as the traced (generic) loop', (t) => {
  for (let n = 0; n < fibs.length; n += 3) {
    const zero = `zn${n}`;
    const lib = RuleLibrary.empty().loadText(peanoText(zero));
    const fast = runStrategy(lib.compile('innermost(peano)'), call('fib', numeral(n, zero)));
    t.is(fast.term, numeral(fibs[n], zero));
    const zero2 = `zm${n}`;
    const lib2 = RuleLibrary.empty().loadText(peanoText(zero2));
    const traced = runStrategy(lib2.compile('innermost(peano)'), call('fib', numeral(n, zero2)), {
      trace: true,
    });
    t.is(traced.term, numeral(fibs[n], zero2));
    t.is(fast.steps, traced.steps, `fib(${n})`);
    t.is(traced.trace!.length, traced.steps);
  }
});

test('the compiler sees the alternatives of a choice involving rule sets; of nothing else', (t) => {
  const lib = RuleLibrary.empty().loadText(
    'ruleset a\n  r1: f(?x) -> g(?x)\nruleset b\n  r2: g(?x) -> h(?x)\nstrategy ab = a <+ b\n',
  );
  const names = new Map<string, Resolved>([
    ['a', ruleSet(lib.rulesets.get('a')!.rules.toArray())],
    ['b', ruleSet(lib.rulesets.get('b')!.rules.toArray())],
    ['fold', fold],
    ['fail', fail],
  ]);
  const resolve = (n: string) => names.get(n);
  names.set('ab', compileParts(parseStrategy('a <+ b'), resolve));
  const alternatives = (text: string) =>
    compileParts(parseStrategy(text), resolve).alternatives?.length;
  t.is(alternatives('a'), 1);
  t.is(alternatives('a <+ b'), 2);
  t.is(alternatives('fold <+ b'), 2);
  t.is(alternatives('ab <+ fail'), 3);
  t.is(alternatives('fold'), undefined);
  t.is(alternatives('fold <+ fail'), undefined);
  t.is(alternatives('a ; b'), undefined);
  t.is(alternatives('try(a)'), undefined);
  t.is(lib.run('innermost(fold <+ a <+ b)', parse('f(sqrt(4))')).term, parse('h(2)'));
  t.is(lib.run('innermost(ab)', parse('k(f(x), g(y))')).term, parse('k(h(x), h(y))'));
  t.is(runStrategy(innermostRules([]), parse('f(x)')).term, parse('f(x)'));
});

test('the normaliser agrees with the generic loop on guards, AC rules, literals and cycles', (t) => {
  const lib = RuleLibrary.empty().loadText(`
ruleset m
  two: k(?x, ?x) -> d(?x)
  lit: d(a) -> pair(b, c0)
  num: n(?x) -> m(?x) if is_number(?x)
  ac: ?x + ?x -> 2*?x
  top: c0 -> c1
  wrap: w(?x) -> w2(?x, e(?x))
  unw: e(?x) -> ?x
ruleset loop
  p-q: p -> q
  q-p: q -> p
ruleset grow
  g-f: g(?x) -> f(g(?x))
`);
  const m = lib.compile('innermost(m)');
  for (const text of [
    'k(a, a)',
    'k(a, b)',
    'n(3) + n(x)',
    'k(n(2), n(2)) + y',
    'w(w(k(a, a)))',
    'q(n(1), n(1), c0)',
  ]) {
    const fast = runStrategy(m, parse(text));
    const slow = runStrategy(m, parse(text), { trace: true });
    t.is(fast.term, slow.term, text);
    t.is(fast.steps, slow.steps, text);
  }
  t.is(runStrategy(m, parse('k(a, a)')).term, parse('pair(b, c1)'));
  t.is(runStrategy(lib.compile('innermost(loop)'), parse('k(p)')).stop, 'cycle');
  t.is(lib.run('innermost(grow)', parse('g(a)'), { limits: { maxSteps: 100 } }).stop, 'cycle');
  t.is(
    lib.run('innermost(grow)', parse('g(a)'), { limits: { maxSteps: 100 } }).term,
    parse('g(a)'),
  );
});

test('budgets hold inside the normaliser', (t) => {
  const lib = RuleLibrary.empty().loadText(peanoText('zb'));
  const r = runStrategy(lib.compile('innermost(peano)'), call('fib', numeral(15, 'zb')), {
    limits: { maxSteps: 100 },
  });
  t.is(r.stop, 'steps');
  t.is(r.steps, 101);
  const lib2 = RuleLibrary.empty().loadText(peanoText('zs'));
  const size = runStrategy(lib2.compile('innermost(peano)'), call('fib', numeral(15, 'zs')), {
    limits: { maxSize: 100 },
  });
  t.is(size.stop, 'size');
});
