/**
 * The rewriting machine (lib/rewrite/machine.ts) computes exactly what the Term normaliser
 * computes: the same normal form (the identical interned term), the same number of rewrites,
 * the same stops. Each comparison runs the same rule text twice, with the machine on and off.
 */
import test from 'ava';
import fc from 'fast-check';
import { RuleLibrary, rewriteWithRules } from '../../lib/rewrite/library.js';
import { useMachine } from '../../lib/rewrite/rule-sets.js';
import { BibunError } from '../../lib/base/errors.js';
import { deferredResult, resultText } from '../../lib/rewrite/run.js';
import { runStrategy, type RunResult } from '../../lib/rewrite/strategy.js';
import { parse } from '../../lib/syntax/parse.js';
import { format, toInfix } from '../../lib/term/print.js';
import { call, sym, type Term } from '../../lib/term/term.js';
import { recInput, recPrograms } from '../bench/workloads/rec.js';

function both(f: () => RunResult): { on: RunResult; off: RunResult } {
  const on = f();
  const was = useMachine(false);
  try {
    const off = f();
    return { on, off };
  } finally {
    useMachine(was);
  }
}

const limits = { maxSteps: 5_000_000, maxTimeMs: 60_000, maxSize: 1e9 };

test('every REC program at its smallest size: the same normal form and rewrite count with the machine as without', (t) => {
  for (const p of recPrograms()) {
    const input = parse(recInput(p, p.sizes[0]));
    const { on, off } = both(() => rewriteWithRules(input, p.text, { file: p.file, limits }));
    t.is(on.stop, 'normal', p.name);
    t.is(on.term, off.term, p.name);
    t.is(on.steps, off.steps, p.name);
  }
});

/** Innermost, memo-free Peano fib in plain JavaScript: the number of rule applications. */
function fibRewrites(n: number): { value: number; rewrites: number } {
  // add(a, b) with a = s^k(z) takes k + 1 rewrites (k add-s, one add-z).
  if (n <= 1) return { value: n, rewrites: 1 };
  const a = fibRewrites(n - 1);
  const b = fibRewrites(n - 2);
  return { value: a.value + b.value, rewrites: 1 + a.rewrites + b.rewrites + a.value + 1 };
}

const peano = `ruleset peano
  add-z: add(z, ?y) -> ?y
  add-s: add(s(?x), ?y) -> s(add(?x, ?y))
  fib-0: fib(z) -> z
  fib-1: fib(s(z)) -> s(z)
  fib-n: fib(s(s(?n))) -> add(fib(s(?n)), fib(?n))
`;

function numeral(n: number): Term {
  let t: Term = sym('z');
  for (let i = 0; i < n; i++) t = call('s', t);
  return t;
}

test('memo: false rewrites every built term again: the rewrite count of a memo-free engine', (t) => {
  for (const n of [2, 5, 10, 15]) {
    const r = rewriteWithRules(call('fib', numeral(n)), peano, { memo: false, limits });
    const expected = fibRewrites(n);
    t.is(r.term, numeral(expected.value));
    t.is(r.steps, expected.rewrites, `fib(${n})`);
    const memoised = rewriteWithRules(call('fib', numeral(n)), peano, { limits });
    t.is(memoised.term, r.term);
    t.true(n < 5 || memoised.steps < r.steps);
  }
});

test('memo: false builds a subterm repeated in a right side once, as Maude does (calls: 3·2^k + Σ adds)', (t) => {
  const calls = recPrograms().find((p) => p.name === 'calls')!;
  for (const k of [3, 6, 10]) {
    const r = rewriteWithRules(parse(recInput(calls, k)), calls.text, { memo: false, limits });
    // pw(j) -> add(pw(j - 1), pw(j - 1)) once per j: one pw rewrite per level (k + 1), and
    // 2^(j-1) + 1 add rewrites at level j; then f, g, h once per unit (3·2^k) and f-z once.
    let adds = 0;
    for (let j = 1; j <= k; j++) adds += 2 ** (j - 1) + 1;
    t.is(r.steps, k + 1 + adds + 3 * 2 ** k + 1, `calls(${k})`);
    t.is(r.term, rewriteWithRules(parse(recInput(calls, k)), calls.text, { limits }).term);
  }
});

// Random inputs over a small constructor signature, rewritten by a fixed system that uses
// nonlinear patterns, ground left sides, literals in patterns and right sides, nested
// patterns, a rule with the head of its left side on the right, a right side with a repeated
// subterm, and a variable right side.
const system = `ruleset sys
  eq-same: eq(?x, ?x) -> tt
  eq-z: eq(z, s(?y)) -> ff
  eq-s: eq(s(?x), z) -> ff
  eq-ss: eq(s(?x), s(?y)) -> eq(?x, ?y)
  add-z: add(z, ?y) -> ?y
  add-s: add(s(?x), ?y) -> s(add(?x, ?y))
  dbl: dbl(?x) -> add(?x, ?x)
  dd: dd(?x) -> add(s(dbl(?x)), s(dbl(?x)))
  ite-t: ite(tt, ?a, ?b) -> ?a
  ite-f: ite(ff, ?a, ?b) -> ?b
  pick: pick(?x, ?y) -> ite(eq(?x, ?y), nil, cons(?x, cons(?y, nil)))
  app-nil: app(nil, ?ys) -> ?ys
  app-cons: app(cons(?x, ?xs), ?ys) -> cons(?x, app(?xs, ?ys))
  rev-nil: rev(nil) -> nil
  rev-cons: rev(cons(?x, ?xs)) -> app(rev(?xs), cons(?x, nil))
  g-two: g(s(s(z))) -> two
`;

const termArb: fc.Arbitrary<string> = fc.letrec((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('z', 'nil', 'tt', 'ff', 'two', 'w'),
    tie('t').map((a) => `s(${a})`),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => `add(${a}, ${b})`),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => `eq(${a}, ${b})`),
    tie('t').map((a) => `dbl(${a})`),
    tie('t').map((a) => `dd(${a})`),
    tie('t').map((a) => `g(${a})`),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => `pick(${a}, ${b})`),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => `cons(${a}, ${b})`),
    tie('t').map((a) => `rev(${a})`),
    fc.tuple(tie('t'), tie('t'), tie('t')).map(([a, b, c]) => `ite(${a}, ${b}, ${c})`),
  ),
})).t;

test('random terms: the machine and the Term normaliser agree on normal form and rewrites (memo on and off)', (t) => {
  const lib = RuleLibrary.empty().loadText(system, 'sys.rules');
  const s = lib.compile('innermost(sys)');
  fc.assert(
    fc.property(termArb, (text) => {
      const input = parse(text);
      const { on, off } = both(() => runStrategy(s, input, { limits }));
      const plain = runStrategy(s, input, { limits, memo: false });
      return (
        on.term === off.term &&
        on.steps === off.steps &&
        on.stop === off.stop &&
        plain.term === on.term &&
        plain.steps >= on.steps
      );
    }),
    { seed: 1616, numRuns: 300 },
  );
  t.pass();
});

test('the nursery: parents of a new cell are found again, before and after their list moves to the table', (t) => {
  // box(?n) is new, so the g(box, a_i) that fan builds go to its nursery list; past eight they
  // move to the table. fan2 builds the same twelve cells in the other order: each is found (its
  // normal form memoised), so g is rewritten 12 times a box, not 24, as the Term normaliser counts.
  const text = `ruleset nurse
  go: go(?n) -> pair(fan(fresh(?n)), fan2(fresh(?n)), fan(fresh(s(?n))))
  fresh: fresh(?n) -> box(?n)
  fan: fan(?x) -> l(g(?x, a1), g(?x, a2), g(?x, a3), g(?x, a4), g(?x, a5), g(?x, a6), g(?x, a7), g(?x, a8), g(?x, a9), g(?x, a10), g(?x, a11), g(?x, a12))
  fan2: fan2(?x) -> l(g(?x, a12), g(?x, a11), g(?x, a10), g(?x, a9), g(?x, a8), g(?x, a7), g(?x, a6), g(?x, a5), g(?x, a4), g(?x, a3), g(?x, a2), g(?x, a1))
  g: g(?x, ?a) -> h(?a)
`;
  const { on, off } = both(() => rewriteWithRules(parse('go(z)'), text, { limits }));
  t.is(on.term, off.term);
  t.is(on.steps, off.steps);
  // go, fresh twice, fan twice, fan2 once, and g 12 times for each of the two boxes.
  t.is(on.steps, 1 + 2 + 3 + 24);
  // Memo off: each g cell is rewritten each time it is built (fresh(?n), repeated in go's right
  // side, is built once).
  const plain = rewriteWithRules(parse('go(z)'), text, { limits, memo: false });
  t.is(plain.term, on.term);
  t.is(plain.steps, 1 + 2 + 3 + 36);
});

test('the nursery: moving a list into the table moves the lists of the arguments it marks', (t) => {
  // wrap(box) and g(box, ...) go to box's list, m(wrap(box), a_i) to wrap(box)'s; box's list
  // overflows into the table, g(box, wrap(box)) marks wrap(box), whose list follows. `again`
  // finds every m cell (memoised, not rewritten again).
  const text = `ruleset nurse
  go: go(?n) -> two(first(fresh(?n)), again(fresh(?n)))
  fresh: fresh(?n) -> box(?n)
  first: first(?x) -> l(m(wrap(?x), a1), m(wrap(?x), a2), m(wrap(?x), a3), g(?x, wrap(?x)), g(?x, a1), g(?x, a2), g(?x, a3), g(?x, a4), g(?x, a5), g(?x, a6), g(?x, a7), g(?x, a8))
  again: again(?x) -> l(m(wrap(?x), a3), m(wrap(?x), a2), m(wrap(?x), a1), g(?x, a5))
  m: m(?w, ?a) -> mm(?a)
  g: g(?x, ?a) -> h(?a)
`;
  const { on, off } = both(() => rewriteWithRules(parse('go(z)'), text, { limits }));
  t.is(on.term, off.term);
  t.is(on.steps, off.steps);
  // go, fresh, first, again, m three times, g nine times.
  t.is(on.steps, 4 + 3 + 9);
});

test('cycles, step and size budgets stop the machine as they stop the Term normaliser', (t) => {
  const loop = 'ruleset r\n  a: f(?x) -> g(?x)\n  b: g(?x) -> f(?x)\n';
  const c = both(() => rewriteWithRules(parse('h(f(z))'), loop, {}));
  t.is(c.on.stop, 'cycle');
  t.is(c.off.stop, 'cycle');
  t.is(c.on.message, c.off.message);
  t.is(c.on.stoppedAt, c.off.stoppedAt);

  const grow = 'ruleset r\n  a: f(?x) -> f(s(?x))\n';
  const g = both(() => rewriteWithRules(parse('f(z)'), grow, { limits: { maxSteps: 1000 } }));
  t.is(g.on.stop, 'steps');
  t.is(g.off.stop, 'steps');
  t.is(g.on.steps, g.off.steps);

  const big = 'ruleset r\n  a: f(?x) -> f(p(?x, ?x))\n';
  const b = both(() =>
    rewriteWithRules(parse('f(z)'), big, { limits: { maxSize: 100, maxSteps: 10_000 } }),
  );
  t.is(b.on.stop, 'size');
  t.is(b.off.stop, 'size');
  t.is(b.on.steps, b.off.steps);

  // Terms whose tree size passes the budget while their DAG does not (add(x, y) of two
  // numerals sharing their tail), and numerals that pass it: the same stop, step and term.
  for (const [n, maxSize] of [
    [20, 5_000],
    [22, 10_000],
    [22, 20_000],
  ]) {
    const f = both(() =>
      rewriteWithRules(call('fib', numeral(n)), peano, { limits: { maxSize, maxSteps: 1e7 } }),
    );
    t.is(f.on.stop, f.off.stop, `fib(${n}) under ${maxSize}`);
    t.is(f.on.steps, f.off.steps);
    t.is(f.on.stoppedAt, f.off.stoppedAt);
  }
});

test('deep terms: a numeral of 200,000 levels is normalised without a stack overflow', (t) => {
  const r = rewriteWithRules(call('add', numeral(100_000), numeral(100_000)), peano, { limits });
  t.is(r.stop, 'normal');
  t.is(r.term, numeral(200_000));
  t.is(r.steps, 100_001);
});

test('rule sets the machine cannot run (computed heads) are still normalised correctly', (t) => {
  const text = 'ruleset r\n  a: f(?x) -> ?x + 1\n  b: g(?x) -> f(?x) * 2\n';
  const { on, off } = both(() => rewriteWithRules(parse('g(f(y))'), text, {}));
  t.is(on.term, off.term);
  t.is(String(on.term), '2*(y + 2)');
});

test('conditions are normalised under the running strategy: inside a larger strategy the Term normaliser runs them', (t) => {
  const text = `ruleset r
  lt-z: lt(z, s(?y)) -> tt
  lt-zz: lt(?x, z) -> ff
  lt-s: lt(s(?x), s(?y)) -> lt(?x, ?y)
  mn-a: mn(?a, ?b) -> ?a if lt(?a, ?b) == tt
  mn-b: mn(?a, ?b) -> ?b if otherwise
  d: dv(?m, ?n) -> q(?r) if pr(?r) := pr(mn(?m, ?n))
`;
  const lib = RuleLibrary.empty().loadText(text, 'r.rules');
  const input = parse('dv(s(s(z)), s(z))');
  for (const strategy of ['innermost(r)', 'innermost(r) ; try(r)', 'repeat(innermost(r))']) {
    const { on, off } = both(() => lib.run(strategy, input));
    t.is(on.term, off.term, strategy);
    t.is(on.steps, off.steps, strategy);
    t.is(String(on.term), 'q(s(z))', strategy);
  }
});

test('a result left in the store: its text and sizes are those of its term, which is the Term normaliser’s', (t) => {
  const lib = RuleLibrary.empty().loadText(system, 'sys.rules');
  const s = lib.compile('innermost(sys)');
  const leaves = fc.constantFrom('-3', '1/2', 'x', 'pi', 'e1');
  const withLeaves = fc.oneof(
    termArb,
    fc.tuple(termArb, leaves).map(([a, b]) => `cons(${a}, ${b})`),
    fc.tuple(termArb, termArb).map(([a, b]) => `f([${a}, ${b}])`),
  );
  let fromStore = 0;
  fc.assert(
    fc.property(withLeaves, (text) => {
      const input = parse(text);
      const r = runStrategy(s, input, { limits });
      if (r.stop !== 'normal') return true;
      const d = deferredResult(r);
      if (d === undefined) return false;
      // Read from the store before the term is made (making it lets the store go).
      const printed = d.text((leaf) => format(leaf, 'text'));
      const treeSize = d.treeSize();
      const dagSize = d.dagSize();
      if (printed !== undefined) fromStore++;
      const { off } = both(() => runStrategy(s, input, { limits }));
      return (
        r.term === off.term &&
        (printed === undefined || printed === format(r.term, 'text')) &&
        treeSize === r.term.treeSize &&
        dagSize === r.term.dagSize
      );
    }),
    { seed: 2727, numRuns: 300 },
  );
  // Lists print as [a, b], not from the store; most results do.
  t.true(fromStore > 150, `${fromStore} of 300 printed from the store`);
});

test('every REC program at its smallest size: the text read from the store is the printer’s text of the term', (t) => {
  // Large results, with small subterms repeated (Hanoi's moves) and right-nested lists whose
  // closing brackets the store writes as one string.
  for (const p of recPrograms()) {
    const r = rewriteWithRules(parse(recInput(p, p.sizes[0])), p.text, { file: p.file, limits });
    const stored = deferredResult(r)?.text((leaf) => toInfix(leaf));
    t.not(stored, undefined, p.name);
    t.is(stored, toInfix(r.term), p.name);
  }
});

test('a traced run or a strategy around the innermost leaves no deferred result', (t) => {
  const lib = RuleLibrary.empty().loadText(system, 'sys.rules');
  const input = parse('rev(cons(z, cons(s(z), nil)))');
  t.truthy(deferredResult(runStrategy(lib.compile('innermost(sys)'), input, { limits })));
  t.is(
    deferredResult(runStrategy(lib.compile('innermost(sys)'), input, { trace: true })),
    undefined,
  );
  const wrapped = runStrategy(lib.compile('try(innermost(sys))'), input, { limits });
  t.is(deferredResult(wrapped), undefined);
  t.is(format(wrapped.term, 'text'), 'cons(s(z), cons(z, nil))');
});

test('a stored result over the print budget is refused from its sizes, with the message the term would give', (t) => {
  const lib = RuleLibrary.empty().loadText(peano, 'peano.rules');
  const r = runStrategy(lib.compile('innermost(peano)'), call('fib', numeral(10)), { limits });
  const stored = t.throws(() => resultText(r, 10n), { instanceOf: BibunError });
  t.truthy(deferredResult(r), 'the term was not made');
  const fromTerm = t.throws(() => toInfix(r.term, 10n), { instanceOf: BibunError });
  t.is(stored?.message, fromTerm?.message);
  t.regex(stored!.message, /tree size 56 > 10, DAG size 56/);
});
