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
  t.regex(loadError(`${rules}strategy p(s, s) = s`) ?? '', /parameter s twice @bad.rules:3:1/);
  t.regex(loadError(`${rules}strategy p(s) = s(ab)`) ?? '', /s is a strategy parameter/);
  t.regex(loadError(`${rules}strategy p(s) = s\nexample p: a => a`) ?? '', /p takes strategies/);
  t.is(
    loadError(`${rules}strategy go = rec X(try(ab) ; all(X))\nexample go: k(a) => k(b)`),
    undefined,
  );
});
