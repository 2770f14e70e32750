import test from 'ava';
import { memoryIO as diskIO } from './session-io.js';
import fc from 'fast-check';
import { termArbitrary } from '../../lib/check/toolkit.js';
import { toInfix } from '../../lib/term/print.js';
import { initialState, snapshot, step, type SessionState } from '../../lib/app/session.js';

/** An in-memory disk that refuses to overwrite without --force, as :save's does. */
const memoryIO = (files: Record<string, string> = {}) => diskIO(files, true);

/** What `:save` promises to keep: bindings, functions, rules, loaded files, settings. */
function kept(s: SessionState) {
  const { env, functions, files, rules, settings } = snapshot(s);
  return { env, functions, files, rules, settings };
}

const ruleFile =
  'ruleset mine\n  sq: square(?a) -> ?a^2\n  cube: cube(?a) -> ?a^3\n\nderivatives\n  myf(u) : 2*u\n';
const typedRules = [
  'dbl: twice(?a) -> 2*?a',
  'hh: h(h(?a)) -> h(?a)',
  'g0: g(0, ?b) -> ?b',
  'ex: swap(?a, ?b) -> swap(?b, ?a) if ?a > ?b',
];

/** One random input that changes a session (or fails and changes nothing). */
const inputArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('a', 'b', 'c', 'x'),
      termArbitrary({ variables: ['x', 'y', 'a', 'b'], maxDepth: 3 }),
    )
    .map(([n, t]) => `${n} = ${toInfix(t)}`),
  fc
    .tuple(fc.constantFrom('f', 'k'), termArbitrary({ variables: ['t', 'y', 'a'], maxDepth: 3 }))
    .map(([n, t]) => `${n}(t) := ${toInfix(t)}`),
  fc.constantFrom(...typedRules).map((r) => `:rule ${r}`),
  fc.constantFrom('dbl', 'hh', 'g0', 'ex', 'mine.rules').map((n) => `:unrule ${n}`),
  fc.constantFrom('a', 'b', 'f', 'x').map((n) => `:unbind ${n}`),
  fc.constant(':load mine.rules'),
  fc.constantFrom(
    ':set steps=5000',
    ':set time=2000 size=300000',
    ':set method=dag runs=50 seed=7',
    ':set sizes=off pretty=on',
    ':set simplify=off',
    ':set simplify=on',
  ),
  fc.constant(':reset'),
  fc.constant('twice(a) + square(b)'),
);

test(':save then :load into a fresh session reproduces the session (random sessions)', (t) => {
  fc.assert(
    fc.property(fc.array(inputArbitrary, { maxLength: 12 }), (inputs) => {
      const io = memoryIO({ 'mine.rules': ruleFile });
      let s = initialState();
      for (const i of inputs) s = step(s, i, io).state;
      const saved = step(s, ':save s.bibun', io);
      if (!/^saved /.test(saved.output)) return false;
      // The rule file may change on disk after saving: the session file holds its text.
      io.files['mine.rules'] = 'ruleset other\n';
      const loaded = step(initialState(), ':load s.bibun', io);
      t.regex(loaded.output, /^loaded session s\.bibun/);
      t.deepEqual(kept(loaded.state), kept(s));
      // The same terms (interned), not only the same text.
      for (const [k, v] of s.env) t.is(loaded.state.env.get(k), v);
      return true;
    }),
    { seed: 12, numRuns: 60 },
  );
});

test('a saved session replays to the same values: a binding stored before a rule is not rewritten by it', (t) => {
  const io = memoryIO();
  let s = initialState();
  for (const i of [
    ':set sizes=off',
    'a = twice(3)',
    ':rule dbl: twice(?a) -> 2*?a',
    'b = twice(y)',
  ])
    s = step(s, i, io).state;
  step(s, ':save s.bibun', io);
  t.is(
    io.files['s.bibun'],
    [
      '# bibun session (written by :save; :load reads it back)',
      ':set steps=1000000 time=10000 size=1000000 method=dstar runs=200 seed=42 sizes=off simplify=on pretty=off',
      ':rule dbl: twice(?a) -> 2*?a',
      'a = twice(3)',
      'b = 2*y',
      '',
    ].join('\n'),
  );
  const r = step(initialState(), ':load s.bibun', io).state;
  t.is(step(r, ':env', io).output, 'a = twice(3)\nb = 2*y');
  t.is(step(r, 'a + twice(1)', io).output, '8');
});

test('a value too large for text is saved in let-form and read back', (t) => {
  const io = memoryIO();
  let s = step(initialState(), 'a0 = g(x, y)', io).state;
  for (let i = 1; i <= 21; i++) s = step(s, `a${i} = g(a${i - 1}, a${i - 1})`, io).state;
  t.true(s.env.get('a21')!.treeSize > 1_000_000n);
  t.regex(step(s, ':save big.bibun', io).output, /^saved 22 bindings/);
  t.regex(io.files['big.bibun'], /^a21 = <<END\nt1 = /m);
  const r = step(initialState(), ':load big.bibun', io).state;
  t.is(r.env.get('a21'), s.env.get('a21'));
});

test(':save keeps an existing file unless --force; a bad session file changes nothing', (t) => {
  const io = memoryIO({
    'old.bibun': 'keep',
    'bad.bibun': '# bibun session\nq = 1\n:rule r: f(?a) -> ?b\n',
  });
  const s = step(initialState(), 'q = 2', io).state;
  t.regex(step(s, ':save old.bibun', io).output, /exists/);
  t.is(io.files['old.bibun'], 'keep');
  t.regex(step(s, ':save old.bibun --force', io).output, /^saved 1 binding/);
  const r = step(s, ':load bad.bibun', io);
  t.is(r.state, s);
  t.regex(r.output, /\?b/);
  const block = step(
    s,
    ':load open.bibun',
    memoryIO({ 'open.bibun': '# bibun session\nq = <<END\nx\n' }),
  );
  t.regex(block.output, /open\.bibun:2: the block <<END has no line END/);
  const inBlock = step(
    s,
    ':load b.bibun',
    memoryIO({ 'b.bibun': '# bibun session\n\nq = <<END\nt1 = sin(y; t1\nEND\n' }),
  );
  t.is(inBlock.output, 'b.bibun:4:11: expected ")", found \';\'\n  t1 = sin(y; t1\n            ^');
  const rule = step(s, ':load r.bibun', memoryIO({ 'r.bibun': '# bibun session\n:rule r: f(\n' }));
  t.regex(rule.output, /^r\.bibun:2:11: "\(" is never closed/);
  const line = step(s, ':load l.bibun', memoryIO({ 'l.bibun': '# bibun session\nx + 1\n' }));
  t.regex(line.output, /^l\.bibun:2: a session file holds/);
});
