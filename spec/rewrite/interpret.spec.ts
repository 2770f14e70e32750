import test from 'ava';
import fc from 'fast-check';
import { parse, parseStrategy } from '../../lib/syntax/parse.js';
import { interpret, nodeOf } from '../../lib/rewrite/interpret.js';
import { RuleLibrary } from '../../lib/rewrite/library.js';
import {
  all,
  attempt,
  bottomup,
  choice,
  compileStrategy,
  congruence,
  id,
  one,
  repeat,
  runStrategy,
  seq,
  some,
  type Strategy,
  topdown,
} from '../../lib/rewrite/strategy.js';
import { app, sym, type Term } from '../../lib/term/term.js';

// The interpreter runs what the function combinators (combinators.ts, traversals.ts) compute:
// random strategy expressions, compiled by the library, against the same built from functions.
const lib = RuleLibrary.empty().loadText(
  'ruleset ab\n  a-b: a -> b\nruleset fg\n  f-g: f(?x) -> g(?x)\n  h-f: h(?x, ?y) -> f(?y)\n',
);
const prims: [string, Strategy][] = [
  ['ab', lib.strategy('ab')],
  ['fg', lib.strategy('fg')],
  ['id', id],
];

const { strategy } = fc.letrec<{ strategy: [string, Strategy] }>((tie) => ({
  strategy: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.constantFrom(...prims),
    tie('strategy').map(([s, f]): [string, Strategy] => [`try(${s})`, attempt(f)]),
    tie('strategy').map(([s, f]): [string, Strategy] => [`all(${s})`, all(f)]),
    tie('strategy').map(([s, f]): [string, Strategy] => [`one(${s})`, one(f)]),
    tie('strategy').map(([s, f]): [string, Strategy] => [`some(${s})`, some(f)]),
    tie('strategy').map(([s, f]): [string, Strategy] => [`repeat(${s})`, repeat(f)]),
    tie('strategy').map(([s, f]): [string, Strategy] => [`rec X(${s} ; all(X))`, topdown(f)]),
    tie('strategy').map(([s, f]): [string, Strategy] => [`rec Y(all(Y) ; ${s})`, bottomup(f)]),
    fc
      .tuple(tie('strategy'), tie('strategy'))
      .map(([[s, f], [u, g]]): [string, Strategy] => [`(${s} ; ${u})`, seq(f, g)]),
    fc
      .tuple(tie('strategy'), tie('strategy'))
      .map(([[s, f], [u, g]]): [string, Strategy] => [`(${s} <+ ${u})`, choice(f, g)]),
    fc
      .tuple(tie('strategy'), tie('strategy'))
      .map(([[s, f], [u, g]]): [string, Strategy] => [`h(${s}, ${u})`, congruence('h', [f, g])]),
  ),
}));

const { term } = fc.letrec<{ term: Term }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.constantFrom(sym('a'), sym('b'), sym('c')),
    tie('term').map((x) => app('f', [x])),
    fc.tuple(tie('term'), tie('term')).map(([x, y]) => app('h', [x, y])),
  ),
}));

const outcome = (s: Strategy, t: Term) => {
  const r = runStrategy(s, t);
  return r.stop === 'normal' ? (r.succeeded ? r.term : 'fails') : r.stop;
};

/** The strategy of `text` run by the interpreter's loop alone (no closures, no hand-off). */
function looped(text: string): Strategy {
  const s = compileStrategy(parseStrategy(text), (n) =>
    lib.kindOf(n) === undefined ? undefined : lib.strategy(n),
  );
  const node = nodeOf(s)!;
  return (t, run) => interpret(node, t, run);
}

test('compiled strategy expressions compute what the function combinators compute, as closures and on the loop', (t) => {
  fc.assert(
    fc.property(strategy, term, ([text, f], x) => {
      const expected = outcome(f, x);
      t.is(outcome(lib.compile(text), x), expected, `${text} on ${x}`);
      t.is(outcome(looped(text), x), expected, `${text} on ${x}, looped`);
    }),
    { seed: 16_5, numRuns: 500 },
  );
  t.is(outcome(lib.compile('h(fg, all(ab))'), parse('h(f(a), f(a))')), parse('h(g(a), f(b))'));
});

test('a traced interpreted run keeps the position of each step; a shared node is one step', (t) => {
  const r = runStrategy(lib.compile('rec X(try(fg) ; all(X))'), parse('k(c, k(f(a), f(c)))'), {
    trace: true,
  });
  t.is(r.term, parse('k(c, k(g(a), g(c)))'));
  t.deepEqual(
    r.trace!.map((s) => s.path),
    [
      [1, 0],
      [1, 1],
    ],
  );
  // `a` occurs twice; it is rewritten once, where it is met first.
  const shared = runStrategy(lib.compile('rec X(try(ab) ; all(X))'), parse('h(f(a), h(c, a))'), {
    trace: true,
  });
  t.is(shared.term, parse('h(f(b), h(c, b))'));
  t.deepEqual(
    shared.trace!.map((s) => s.path),
    [[0, 0]],
  );
});

test('deep recursion hands over from closures to the loop and keeps the trace positions', (t) => {
  let x: Term = sym('a');
  for (let i = 0; i < 5000; i++) x = app('f', [x]);
  for (const s of [lib.compile('rec X(try(ab) ; all(X))'), looped('rec X(try(ab) ; all(X))')]) {
    const r = runStrategy(s, x, { trace: true });
    t.is(r.stop, 'normal');
    t.is(r.trace!.length, 1);
    t.is(r.trace![0].path.length, 5000);
  }
});
