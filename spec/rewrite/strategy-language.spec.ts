import test from 'ava';
import fc from 'fast-check';
import { BibunError } from '../../lib/base/errors.js';
import { parse } from '../../lib/syntax/parse.js';
import { RuleLibrary } from '../../lib/rewrite/library.js';
import { runStrategy, type Strategy, traceToJson } from '../../lib/rewrite/strategy.js';
import { app, sym, type Term } from '../../lib/term/term.js';

// Rules that change heads and grow, so traversal order matters for the result.
const lib = RuleLibrary.empty().loadText(
  `
ruleset r
  a-b: a -> b
  f-g: f(?x) -> g(?x, c)
  h-f: h(?x, ?y) -> f(?y)
ruleset ab
  only-a: a -> b
strategy twice(s) = s ; s
strategy mytd(s) = s ; all(mytd(s))
strategy both(s, t) = s <+ t
strategy rectd = rec X(try(r) ; all(X))
strategy recbu = rec X(all(X) ; try(r))
strategy recim = rec X(all(X) ; try(r ; X))
`,
  'lang.rules',
);
const result = (st: Strategy, text: string | Term) => {
  const r = runStrategy(st, typeof text === 'string' ? parse(text) : text);
  return r.succeeded ? r.term : undefined;
};
const c = (text: string) => lib.compile(text);

test('a congruence applies its strategies to the arguments of a term with its head', (t) => {
  t.is(result(c('k(ab, id)'), 'k(a, a)'), parse('k(b, a)'));
  t.is(result(c('k(id, ab)'), 'k(a, a)'), parse('k(a, b)'));
  // Another head, another number of arguments, a leaf, or a failing argument: it fails.
  t.is(result(c('k(ab, id)'), 'j(a, a)'), undefined);
  t.is(result(c('k(ab, id)'), 'k(a)'), undefined);
  t.is(result(c('k(ab)'), 'a'), undefined);
  t.is(result(c('k(ab, ab)'), 'k(a, c)'), undefined);
  // Nested, and inside other combinators.
  t.is(result(c('k(j(ab))'), 'k(j(a))'), parse('k(j(b))'));
  t.is(result(c('k(ab) <+ j(ab)'), 'j(a)'), parse('j(b)'));
  t.is(result(c('try(k(ab))'), 'j(a)'), parse('j(a)'));
});

test('a traced congruence records the position of the argument it rewrote', (t) => {
  const r = runStrategy(c('k(id, j(ab))'), parse('k(a, j(a))'), { trace: true });
  t.deepEqual(
    traceToJson(r.trace).map((s) => [s.rule, s.path]),
    [['only-a', [1, 0]]],
  );
});

test('named strategies with parameters: twice(s), two parameters, recursion', (t) => {
  t.is(result(c('twice(r)'), 'f(a)'), undefined); // f(a) -> g(a, c), then no rule at the root
  t.is(result(c('twice(r)'), 'h(a, a)'), parse('g(a, c)'));
  t.is(result(c('twice(try(ab))'), 'a'), parse('b'));
  t.is(result(c('both(ab, r)'), 'f(a)'), parse('g(a, c)'));
  t.is(result(c('both(ab, r)'), 'a'), parse('b'));
  t.is(result(c('twice(twice(try(r)))'), 'h(a, h(a, a))'), parse('g(h(a, a), c)'));
});

test('rec and parameterised traversals compute what the built-in traversals compute', (t) => {
  const leaf = fc.constantFrom(...['a', 'b', 'c'].map((n) => sym(n) as Term));
  const { term } = fc.letrec<{ term: Term }>((tie) => ({
    term: fc.oneof(
      { depthSize: 'small', maxDepth: 5 },
      leaf,
      tie('term').map((x) => app('f', [x])),
      fc.tuple(tie('term'), tie('term')).map(([x, y]) => app('h', [x, y])),
      fc.tuple(tie('term'), tie('term')).map(([x, y]) => app('g', [x, y])),
    ),
  }));
  const pairs: [string, string][] = [
    ['rectd', 'topdown(try(r))'],
    ['mytd(try(r))', 'topdown(try(r))'],
    ['recbu', 'bottomup(try(r))'],
    ['recim', 'innermost(r)'],
    ['rec Y(all(Y) ; try(r ; Y))', 'innermost(r)'],
  ];
  const compiled = pairs.map(([a, b]) => [c(a), c(b)] as const);
  fc.assert(
    fc.property(term, (x) => compiled.every(([a, b]) => result(a, x) === result(b, x))),
    { seed: 16_4, numRuns: 300 },
  );
  // The property is not vacuous: the traversals differ from each other on some terms.
  const some = parse('h(f(a), a)');
  t.not(result(c('topdown(try(r))'), some), result(c('innermost(r)'), some));
  t.is(result(c('rectd'), some), result(c('topdown(try(r))'), some));
});

test('match and build: ?p binds the variables of p for the builds later in its ; chain', (t) => {
  t.is(result(c('?f(?x, ?y) ; !g(?y, ?x)'), 'f(a, b)'), parse('g(b, a)'));
  t.is(result(c('?f(?x, ?y) ; !g(?y, ?x)'), 'h(a, b)'), undefined);
  t.is(result(c('?f(?x) ; !?x'), 'f(k(a))'), parse('k(a)'));
  t.is(result(c('!u'), 'a'), parse('u'));
  // Another strategy between, and a second match that must agree with the first.
  t.is(result(c('?k(?x) ; all(ab) ; ?k(?y) ; !p(?x, ?y)'), 'k(a)'), parse('p(a, b)'));
  t.is(result(c('?k(?x, ?y) ; ?k(?y, ?x) ; !?x'), 'k(a, a)'), parse('a'));
  t.is(result(c('?k(?x, ?y) ; ?k(?y, ?x) ; !?x'), 'k(a, b)'), undefined);
  // Segments and sums (matched modulo + as rules are).
  t.is(result(c('?f(?xs...) ; !g(?xs..., c)'), 'f(a, b)'), parse('g(a, b, c)'));
  t.is(result(c('?(?x + a) ; !k(?x)'), 'b + a'), parse('k(b)'));
  // Each alternative of <+ and each combinator argument is a chain of its own.
  t.is(result(c('(?f(?x) ; !?x) <+ (?h(?x, ?y) ; !?y)'), 'h(a, b)'), parse('b'));
  t.is(result(c('all(?k(?x) ; !?x)'), 'j(k(a), k(b))'), parse('j(a, b)'));
  // In a parameterised strategy: swap at every node, top down.
  const swap = lib.loadText(
    'strategy flip(s) = rec X(try(?g(?x, ?y) ; !g(?y, ?x)) ; all(X)) ; s',
    'flip.rules',
  );
  t.is(result(swap.compile('flip(id)'), 'g(a, g(b, c))'), parse('g(g(c, b), a)'));
});

test('match and build are modulo the declared axioms of the file', (t) => {
  const bool = RuleLibrary.empty().loadText(
    'op and : assoc comm id(true)\nstrategy contra = ?and(not(?x), ?x) ; !false\nstrategy add_p = ?and(?xs...) ; !and(?xs..., p, and(q, r))',
    'bool.rules',
  );
  const run = (name: string, text: string) =>
    result(bool.strategy(name), bool.signature.normalize(parse(text)));
  t.is(run('contra', 'and(a, not(a))'), parse('false'));
  t.is(run('contra', 'and(not(a), b)'), undefined);
  t.is(run('add_p', 'and(b, a)'), bool.signature.normalize(parse('and(a, b, p, q, r)')));
  t.is(
    result(
      bool.compile('?and(?x, not(?x)) ; !?x'),
      bool.signature.normalize(parse('and(not(u), u)')),
    ),
    parse('u'),
  );
});

const loadError = (text: string) => {
  try {
    RuleLibrary.empty().loadText(text, 'bad.rules');
  } catch (e) {
    if (e instanceof BibunError)
      return `${e.message} @${e.position?.file}:${e.position?.line}:${e.position?.column}`;
    throw e;
  }
  return undefined;
};

test('bad strategies are load errors at file:line:column', (t) => {
  const rules = 'ruleset ab\n  a-b: a -> b\n';
  t.regex(
    loadError(`${rules}strategy twice(s) = s ; t`) ?? '',
    /unknown strategy or rule set t @bad.rules:3:25/,
  );
  t.regex(
    loadError(`${rules}strategy twice(s) = s ; s\nstrategy go = twice(ab, ab)`) ?? '',
    /twice takes 1 strategy, got 2 @bad.rules:4:15/,
  );
  t.regex(
    loadError(`${rules}strategy twice(s) = s ; s\nstrategy go = twice`) ?? '',
    /twice takes 1 strategy: write twice\(\.\.\.\) @bad.rules:4:15/,
  );
  t.regex(
    loadError(`${rules}strategy go = rec X(try(ab) ; all(X)) ; X`) ?? '',
    /unknown strategy or rule set X @bad.rules:3:41/,
  );
  t.regex(
    loadError(`${rules}strategy sw = ?f(?x) ; !g(?x, ?y)`) ?? '',
    /\?y is not bound by a match before this build @bad.rules:3:24/,
  );
  t.regex(
    loadError(`${rules}strategy sw = try(?f(?x)) ; !?x`) ?? '',
    /\?x is not bound by a match before this build/,
  );
  t.regex(
    loadError(`${rules}strategy up = ?x ; !s(?x)`) ?? '',
    /\?x is not bound by a match before this build \(a match \?x matches the symbol x; \?\?x matches any term and binds \?x\)/,
  );
  t.regex(loadError(`${rules}strategy p(s, s) = s`) ?? '', /parameter s twice @bad.rules:3:1/);
  t.regex(loadError(`${rules}strategy p(s) = s(ab)`) ?? '', /s is a strategy parameter/);
  t.regex(loadError(`${rules}strategy p(s) = s\nexample p: a => a`) ?? '', /p takes strategies/);
  t.is(
    loadError(`${rules}strategy go = rec X(try(ab) ; all(X))\nexample go: k(a) => k(b)`),
    undefined,
  );
});

// ----- Recursion in user strategies runs on the interpreter's stack (interpret.ts).

const deepLib = RuleLibrary.empty().loadText(
  `
ruleset peano
  plus-z: plus(z, ?y) -> ?y
  plus-s: plus(s(?x), ?y) -> s(plus(?x, ?y))
ruleset fg
  f-g: f(?x) -> g(?x)
strategy my_innermost(s) = rec X(all(X) ; try(s ; X))
strategy mytd(s) = s ; all(mytd(s))
strategy named_td = try(fg) ; all(named_td)
strategy strip = rec X(?s(?x) ; !?x ; X <+ id)
strategy down = rec X(s(X) <+ z(X) <+ id)
`,
  'deep.rules',
);

function tower(head: string, n: number, leaf: Term = sym('z')): Term {
  let t = leaf;
  for (let i = 0; i < n; i++) t = app(head, [t]);
  return t;
}

test('user recursion goes 10^5 levels deep: rec, parameters, named strategies, chains, congruences', (t) => {
  const n = 100_000;
  // Generous time: this is about depth, not speed.
  const limits = { maxTimeMs: 120_000 };
  const run = (s: string, x: Term) => runStrategy(deepLib.compile(s), x, { limits });
  const sum = run('my_innermost(peano)', app('plus', [tower('s', n), tower('s', 1)]));
  t.is(sum.stop, 'normal');
  t.is(sum.term, tower('s', n + 1));
  for (const s of ['mytd(try(fg))', 'named_td']) {
    const r = run(s, tower('f', n, sym('a')));
    t.is(r.stop, 'normal', s);
    t.is(r.term, tower('g', n, sym('a')), s);
  }
  t.is(run('strip', tower('s', n)).term, sym('z'));
  t.is(run('down', tower('s', n)).term, tower('s', n));
});

test('a recursive user strategy is DAG-aware: a shared node is handled once per run', (t) => {
  // h(x, x) nested 40 deep: a tree of 2^40 nodes, a DAG of 41.
  let x: Term = sym('a');
  for (let i = 0; i < 40; i++) x = app('h', [x, x]);
  const r = runStrategy(lib.compile('rectd'), x);
  t.is(r.stop, 'normal');
  t.is(r.term, result(c('topdown(try(r))'), x)!);
  t.true(r.steps < 1000, `${r.steps} steps`);
});

test('a user strategy that recurses forever stops with a reason, never overflows', (t) => {
  const loop = RuleLibrary.empty().loadText(
    'ruleset cyc\n  ab: a -> b\n  ba: b -> a\nruleset grow\n  g: z -> s(z)\n' +
      'strategy spin = rec X(cyc ; X)\nstrategy deeper = rec X(??x ; !s(?x) ; X)\n' +
      'strategy named_spin = cyc ; named_spin\n',
  );
  const spin = runStrategy(loop.compile('spin'), sym('a'));
  t.is(spin.stop, 'cycle');
  t.regex(spin.message ?? '', /rec X came back to a term/);
  const named = runStrategy(loop.compile('named_spin'), sym('a'));
  t.is(named.stop, 'cycle');
  t.regex(named.message ?? '', /named_spin came back to a term/);
  const deeper = runStrategy(loop.compile('deeper'), sym('z'), { limits: { maxTimeMs: 120_000 } });
  t.is(deeper.stop, 'depth');
  t.regex(deeper.message ?? '', /nested more than 1000000 calls deep/);
});

test('a congruence over an operator with axioms is a load error that says what to write', (t) => {
  const ops = 'op and : assoc comm id(true)\nop pr : comm\nruleset ab\n  a-b: a -> b\n';
  t.regex(
    loadError(`${ops}strategy go = and(ab, id)`) ?? '',
    /and is declared assoc comm: a congruence and\(s1, \.\.\.\) has no argument positions .*write \?and\(\?xs\.\.\.\) ; all\(s\).* @bad.rules:5:15/,
  );
  t.regex(loadError(`${ops}strategy go = pr(ab, id)`) ?? '', /pr is declared comm: .*sorted/);
  // What it suggests does what a congruence over every argument would.
  const ok = RuleLibrary.empty().loadText(`${ops}strategy go = ?and(?xs...) ; all(try(ab))`);
  const r = runStrategy(ok.compile('go'), parse('and(a, c, a)'));
  t.is(r.term, RuleLibrary.empty().loadText(ops).run('id', parse('and(b, c, b)')).term);
  t.is(runStrategy(ok.compile('go'), parse('k(a)')).succeeded, false);
});
