import test from 'ava';
import { parse, parseStrategy } from '../../lib/syntax/parse.js';
import { toLet } from '../../lib/term/print.js';
import { RuleLibrary } from '../../lib/rewrite/library.js';
import {
  all,
  attempt,
  bottomup,
  choice,
  combine,
  fail,
  fold,
  id,
  innermost,
  oncetd,
  one,
  outermost,
  repeat,
  runStrategy,
  seq,
  showStrategy,
  some,
  topdown,
  type Strategy,
} from '../../lib/rewrite/strategy.js';
import { app, call, mul, sym, type Term } from '../../lib/term/term.js';

const lib = RuleLibrary.empty().loadText(
  `
ruleset ab
  a-b: a -> b
ruleset bc
  b-c: b -> c
ruleset fg
  f-g: f(?x) -> g(?x)
ruleset swap
  a-to-b: p -> q
  b-to-a: q -> p
ruleset grow
  grow-sym: ?x -> s(?x)  if is_symbol(?x)
ruleset growall
  grow-any: ?x -> h(?x)
`,
  'test.rules',
);
const s = (name: string) => lib.strategy(name);
const run = (st: Strategy, text: string) => runStrategy(st, parse(text));
const result = (st: Strategy, text: string) => {
  const r = run(st, text);
  return r.succeeded ? r.term : undefined;
};

test('id, fail, sequence and left choice', (t) => {
  t.is(result(id, 'a'), parse('a'));
  t.is(result(fail, 'a'), undefined);
  t.is(result(seq(s('ab'), s('bc')), 'a'), parse('c'));
  t.is(result(seq(s('ab'), s('ab')), 'a'), undefined);
  t.is(result(choice(s('bc'), s('ab')), 'a'), parse('b'));
  t.is(result(attempt(s('bc')), 'a'), parse('a'));
});

test('all, one, some on arguments', (t) => {
  t.is(result(all(s('ab')), 'f(a, a)'), parse('f(b, b)'));
  t.is(result(all(s('ab')), 'f(a, x)'), undefined);
  t.is(result(all(s('ab')), 'x'), parse('x'));
  t.is(result(one(s('ab')), 'f(x, a, a)'), parse('f(x, b, a)'));
  t.is(result(some(s('ab')), 'f(x, a, a)'), parse('f(x, b, b)'));
  t.is(result(some(s('ab')), 'f(x, y)'), undefined);
});

test('traversals', (t) => {
  t.is(result(topdown(attempt(s('fg'))), 'f(f(a))'), parse('g(g(a))'));
  t.is(result(bottomup(attempt(s('ab'))), 'k(a, m(a))'), parse('k(b, m(b))'));
  t.is(result(innermost(choice(s('ab'), s('bc'))), 'k(a, m(a))'), parse('k(c, m(c))'));
  t.is(result(outermost(s('fg')), 'f(f(a))'), parse('g(g(a))'));
  t.is(result(repeat(choice(s('ab'), s('bc'))), 'a'), parse('c'));
});

test('a rule set that cycles stops with its reason', (t) => {
  for (const st of [
    repeat(topdown(attempt(s('swap')))),
    innermost(s('swap')),
    outermost(s('swap')),
    lib.compile('fixpoint(bottomup(try(swap)))'),
  ]) {
    const r = run(st, 'k(p)');
    t.is(r.stop, 'cycle');
    t.regex(r.message!, /cycles/);
    t.is(r.term, parse('k(p)'));
  }
});

test('a rule set that grows forever stops on a budget, never hangs', (t) => {
  t.is(run(innermost(s('grow')), 'x').stop, 'cycle');
  const steps = runStrategy(repeat(s('growall')), parse('x'), { limits: { maxSteps: 1000 } });
  t.is(steps.stop, 'steps');
  t.is(steps.steps, 1001);
  const size = runStrategy(repeat(s('growall')), parse('x'), { limits: { maxSize: 50 } });
  t.is(size.stop, 'size');
  const time = runStrategy(repeat(s('growall')), parse('x'), {
    limits: { maxTimeMs: 20, maxSize: 1e9, maxSteps: 1e9 },
  });
  t.is(time.stop, 'time');
});

test('the trace records rule, position, before and after, as JSON', (t) => {
  const r = runStrategy(innermost(s('fg')), parse('k(x, f(f(a)))'), { trace: true });
  t.is(r.term, parse('k(x, g(g(a)))'));
  t.deepEqual(
    r.trace!.map((step) => ({ rule: step.rule, path: step.path })),
    [
      { rule: 'f-g', path: [1, 0] },
      { rule: 'f-g', path: [1] },
    ],
  );
  t.notThrows(() =>
    JSON.stringify(
      r.trace!.map((st) => ({ ...st, before: String(st.before.id), after: String(st.after.id) })),
    ),
  );
});

test('traversals are DAG-aware: a tree of 2^40 nodes is rewritten in 40 steps', (t) => {
  let d: Term = call('f', sym('a'));
  for (let i = 0; i < 40; i++) d = app('k', [d, d]);
  t.is(d.treeSize > 2n ** 40n, true);
  for (const st of [innermost(s('fg')), bottomup(attempt(s('fg'))), topdown(attempt(s('fg')))]) {
    const r = runStrategy(st, d);
    t.is(r.steps, 1);
    t.is(r.term.dagSize, d.dagSize);
  }
});

test('innermost works on terms a hundred thousand levels deep', (t) => {
  const peano = RuleLibrary.empty().loadText(
    'ruleset p\n  add-z: add(z, ?y) -> ?y\n  add-s: add(s(?x), ?y) -> s(add(?x, ?y))\n',
  );
  let n: Term = sym('z');
  for (let i = 0; i < 100_000; i++) n = call('s', n);
  // Compiled, innermost over a rule set is the rule-set normaliser (rule-sets.ts).
  const r = runStrategy(peano.compile('innermost(p)'), call('add', n, sym('z')));
  t.is(r.stop, 'normal');
  t.is(r.term, n);
});

test('every traversal works on terms a hundred thousand levels deep', (t) => {
  let deep: Term = sym('a');
  for (let i = 0; i < 100_000; i++) deep = call('f', deep);
  let expected: Term = sym('a');
  for (let i = 0; i < 100_000; i++) expected = call('g', expected);
  // This test is about depth, not speed: a generous time budget keeps a loaded machine from
  // turning it into a timing test.
  const limits = { maxTimeMs: 120_000 };
  for (const st of [topdown(attempt(s('fg'))), bottomup(attempt(s('fg'))), innermost(s('fg'))]) {
    const r = runStrategy(st, deep, { limits });
    t.is(r.stop, 'normal');
    t.is(r.term, expected);
    t.is(r.steps, 100_000);
  }
  // oncetd rewrites the outermost f only; with a rule for the leaf, the deepest position.
  let once: Term = sym('a');
  for (let i = 0; i < 100_000; i++) once = call('f', once);
  const top = runStrategy(oncetd(s('fg')), deep);
  t.is(top.term, call('g', (deep as { args: readonly Term[] }).args[0]));
  const leaf = runStrategy(oncetd(s('ab')), deep, { trace: true });
  t.is(leaf.stop, 'normal');
  t.is(leaf.trace![0].path.length, 100_000);
  t.is(runStrategy(oncetd(s('bc')), deep).succeeded, false);
  t.is(
    runStrategy(topdown(s('fg')), deep).succeeded,
    false,
    'topdown without try fails at the leaf',
  );
  const twice = runStrategy(outermost(s('fg')), call('f', call('f', sym('a'))));
  t.is(twice.term, parse('g(g(a))'));
});

test('a traced run of a deep term keeps the path of each step', (t) => {
  let deep: Term = sym('a');
  for (let i = 0; i < 1000; i++) deep = call('k', deep, sym('x'));
  const r = runStrategy(bottomup(attempt(s('ab'))), deep, { trace: true });
  t.is(r.trace!.length, 1);
  t.deepEqual(r.trace![0].path, new Array(1000).fill(0));
});

test('fold: exact constant arithmetic', (t) => {
  const f = innermost(fold);
  t.is(result(f, 'sqrt(4)'), parse('2'));
  t.is(result(f, '4^(1/2)'), parse('2'));
  t.is(result(f, '(4/9)^(-3/2)'), parse('27/8'));
  t.is(result(f, 'abs(-3)'), parse('3'));
  // Values at special points are rules (rules/simplify/values.rules), not arithmetic.
  t.is(result(f, 'sin(0) + log(e)'), parse('sin(0) + log(e)'));
  t.is(result(f, '2^(1/2)'), parse('2^(1/2)'));
  t.is(result(f, '(-8)^(1/3)'), parse('(-8)^(1/3)'));
  t.is(result(f, 'sqrt(x)*mul'), mul(call('sqrt', sym('x')), sym('mul')));
});

test('strategy expressions compile against the library, with errors positioned', (t) => {
  t.is(result(lib.compile('innermost(ab <+ bc)'), 'k(a)'), parse('k(c)'));
  t.throws(() => lib.compile('innermost(nope)'), { message: /unknown strategy or rule set nope/ });
  // An unknown name applied to strategies is a congruence; a rule set's name is not.
  t.is(result(lib.compile('frobnicate(ab)'), 'frobnicate(a)'), parse('frobnicate(b)'));
  t.throws(() => lib.compile('ab(bc)'), { message: /ab is not a combinator/ });
  t.throws(() => lib.compile('try(ab, bc)'), { message: /takes 1 strategy, got 2/ });
  t.throws(() => lib.compile('innermost'), { message: /is a combinator/ });
});

test('a time budget holds inside a single long match', (t) => {
  // Three like-looking terms among 2000 distinct ones: 8·10^9 attempts, all failing.
  const slow = RuleLibrary.empty().loadText(
    'ruleset three\n  r: ?a*?x + ?b*?y + ?c*?z -> 0  if optional(?a, ?b, ?c), ?x == ?y, ?y == ?z\n',
    'slow.rules',
  );
  const subject = parse(Array.from({ length: 2000 }, (_, i) => `x${i}`).join(' + '));
  const start = performance.now();
  const r = runStrategy(innermost(slow.strategy('three')), subject, { limits: { maxTimeMs: 200 } });
  t.is(r.stop, 'time');
  t.is(r.term, subject);
  t.true(performance.now() - start < 3000, `${performance.now() - start} ms`);
});

test('combine: like terms of a long sum, equal bases of a long product, in one step', (t) => {
  const c = (text: string) => runStrategy(combine, parse(text));
  const sum = c('x + 2*x*y + y + 3*y*x + x + 5 + z + w');
  t.is(sum.term, parse('2*x + 5*x*y + y + 5 + z + w'));
  t.is(sum.steps, 1);
  t.is(c('x*y*x^2*y^n*z*w*v*u').term, parse('x^3*y^(1 + n)*z*w*v*u'));
  t.is(c('x + x + x + x + x + x + x - 7*x').term, parse('0'));
  t.false(c('a + b + c + d + e + f + g + 2*h').succeeded);
  // Short lists are the pairwise rules' (their steps read better in a trace).
  t.false(c('x + x').succeeded);
});

test('showStrategy gives text that reads back to the same strategy expression', (t) => {
  const texts = [
    'a ; b <+ c',
    'a ; (b <+ c)',
    '(a <+ b) ; c',
    'a <+ (b <+ c)',
    'a ; (b ; c)',
    'rec X(all(X) ; try(s ; X))',
    '?pair(?x, ?y) ; !pair(?y, ?x)',
    '?(?a + ?b...) ; !(?a*2) ; all(try(r))',
    '??x ; !f(?x, 1/2)',
    'best(a, b ; c, id) <+ k(a, j(b))',
  ];
  const strip = (e: unknown): unknown =>
    JSON.parse(
      JSON.stringify(e, (k, v) =>
        k === 'line' || k === 'column'
          ? undefined
          : typeof v === 'object' && v !== null && 'kind' in v && 'id' in v
            ? `term ${v.id}`
            : v,
      ),
    );
  for (const text of texts) {
    const e = parseStrategy(text);
    const shown = showStrategy(e, toLet);
    t.deepEqual(strip(parseStrategy(shown)), strip(e), `${text} shown as ${shown}`);
  }
  t.is(showStrategy(parseStrategy('(a ; b) <+ c'), toLet), 'a ; b <+ c');
});
