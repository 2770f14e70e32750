import test from 'ava';
import { memoryIO, transcript } from './session-io.js';
import { parse } from '../../lib/syntax/parse.js';
import { toInfix, toLet } from '../../lib/term/print.js';

/** The canonical printing of an expression (the order of + and * arguments is the term model's). */
const canon = (text: string) => toInfix(parse(text));
import {
  complete,
  initialState,
  restore,
  Session,
  sessionWords,
  snapshot,
  step,
} from '../../lib/app/session.js';

/** A session that shows values without the sizes line (`:set sizes=off`). */
function quiet(s: Session): Session {
  s.eval(':set sizes=off');
  return s;
}

test('a scripted session: bind, diff, rule, apply, trace, check, error, recover, quit', (t) => {
  const s = new Session(memoryIO());
  const out = transcript(s, [
    'f = (4 + sin(x))*cos(sin(x))',
    ':eval d(f, x) x=pi',
    ':rule dbl: twice(?a) -> 2*?a',
    'twice(21)',
    'twice(y) + y',
    ':trace',
    'sin(2x) == 2sin(x)',
    ':check sin(2x) == 2sin(x)cos(x)',
    '(x + 1',
    'f',
    ':quit',
  ]);
  t.is(
    out,
    [
      '> f = (4 + sin(x))*cos(sin(x))',
      `f = ${canon('(4 + sin(x))*cos(sin(x))')}`,
      '> :eval d(f, x) x=pi',
      '-0.9999999999999996',
      '> :rule dbl: twice(?a) -> 2*?a',
      'rule dbl added (1 session rule)',
      '> twice(21)',
      '42',
      '# tree size 1, DAG size 1',
      '> twice(y) + y',
      '3*y',
      '# tree size 3, DAG size 3',
      '> :trace',
      '1. dbl at [1]: twice(y) -> 2*y',
      '2. collect at []: y + 2*y -> 3*y',
      '> sin(2x) == 2sin(x)',
      'false: counterexample at x = 1: sin(2*x) = 0.9092974268256817 but 2*sin(x) = 1.682941969615793',
      '> :check sin(2x) == 2sin(x)cos(x)',
      'holds on 200 samples',
      '> (x + 1',
      '1:7: expected ")", found end of input\n  (x + 1\n        ^',
      '> f',
      canon('(4 + sin(x))*cos(sin(x))'),
      '# tree size 8, DAG size 6',
      '> :quit',
      '',
    ].join('\n'),
  );
  t.true(s.quit);
});

test('the founding examples', (t) => {
  const s = quiet(new Session(memoryIO()));
  t.is(s.eval(':eval d((4 + sin(x))*cos(sin(x)), x) x=pi'), '-0.9999999999999996');
  t.is(s.eval('g(x, y) := log(x) + x*y - sin(y)'), `g(x, y) := ${canon('log(x) + x*y - sin(y)')}`);
  t.is(s.eval(':grad g(x, y) x y'), '[y + 1/x, x - cos(y)]');
  t.is(s.eval(':eval grad(g(x, y), [x, y]) x=1 y=pi'), 'cannot evaluate a list to a number');
  t.is(s.eval('u = grad(g(x, y), [x, y])'), 'u = [y + 1/x, x - cos(y)]');
  t.is(s.eval(':hessian x^2*y x y'), '[2*y, 2*x]\n[2*x, 0]');
});

test('errors leave the state exactly as it was', (t) => {
  let state = initialState();
  state = step(state, 'a = 2', memoryIO()).state;
  for (const bad of [
    'b = (',
    ':load nope.rules',
    ':rule r: f(?a) -> ?b',
    ':diff x',
    ':set steps=0',
    ':frob',
    'sin(x, y)',
    'h(x, x) := x',
    'sin(x) := 1',
    '\u0000\u202e',
    ':strategy nosuch x',
  ]) {
    const r = step(state, bad, memoryIO());
    t.is(r.state, state, bad);
    t.not(r.output, '', bad);
    t.notRegex(r.output, /\n\s+at /, bad);
  }
});

test('loaded rule files take part in simplifying, and their derivatives in diff', (t) => {
  const io = memoryIO({
    'my.rules': 'ruleset mine\n  sq: square(?a) -> ?a^2\n\nderivatives\n  myf(u) : 2*u\n',
  });
  const s = quiet(new Session(io));
  t.is(s.eval(':load my.rules'), 'loaded my.rules: 1 rule');
  t.is(s.eval('square(3) + square(y)'), 'y^2 + 9');
  t.is(s.eval(':diff myf(x^2) x'), '4*x^3');
  t.regex(s.eval(':rules'), /my\.rules:\n {2}sq: square\(\?a\) -> \?a\^2/);
  t.is(s.eval(':load my.rules'), 'loaded my.rules: 1 rule', 'reloading replaces the file');
});

test('functions apply by substitution; recursion is stopped', (t) => {
  const s = quiet(new Session(memoryIO()));
  s.eval('sq(t) := t^2');
  s.eval('h(t) := sq(t) + 1');
  t.is(s.eval('h(3)'), '10');
  t.is(s.eval('sq(1, 2)'), 'sq takes 1 argument, got 2');
  s.eval('loop(t) := loop(t) + 1');
  t.regex(s.eval('loop(1)'), /more than 100 levels/);
});

test('commands: size, let, latex, dot, strategy, set, env, bench', (t) => {
  const files: Record<string, string> = {};
  const s = quiet(new Session(memoryIO(files)));
  t.is(s.eval(':size t1 = sin(x); t2 = t1*cos(t1); t2 + t1'), 'tree size 9, DAG size 5');
  t.is(s.eval(':let sin(x)*cos(sin(x))'), toLet(parse('sin(x)*cos(sin(x))')));
  t.is(s.eval(':latex x/y'), '\\frac{x}{y}');
  t.regex(s.eval(':dot x + 1'), /^digraph/);
  t.is(s.eval(':dot x + 1 out.dot'), 'wrote out.dot');
  t.regex(files['out.dot'], /^digraph/);
  s.eval(':rule dbl: twice(?a) -> 2*?a');
  t.is(s.eval(':strategy innermost(dbl) twice(twice(z))'), '4*z');
  t.is(s.eval(':strategy dbl ; dbl twice(z)'), 'the strategy failed on twice(z)');
  t.regex(s.eval(':set steps=5 time=100'), /steps=5 time=100/);
  t.regex(s.eval(':set frob=1'), /unknown setting/);
  s.eval('a = 1');
  t.is(s.eval(':env'), 'a = 1');
  const bench = s.eval(':bench (4 + sin(x))*cos(sin(x)) x');
  for (const m of ['tree', 'dag', 'graph', 'dstar', 'forward', 'reverse', 'numeric'])
    t.regex(bench, new RegExp(`^${m} `, 'm'));
  t.regex(s.eval(':help'), /:diff EXPR VAR/);
});

test('budgets apply: a looping rule stops with a clear message and the session goes on', (t) => {
  const s = quiet(new Session(memoryIO()));
  s.eval(':rule grow: f(?a) -> f(f(?a))');
  t.regex(s.eval('f(x)'), /stopped/);
  t.is(s.eval('1 + 1'), '2');
});

test('snapshots restore bindings, functions, rules and settings', (t) => {
  const s = quiet(new Session(memoryIO({ 'r.rules': 'ruleset r\n  o-one: o(?a) -> 1\n' })));
  s.eval('a = sin(x)*cos(sin(x))');
  s.eval('sq(t) := t^2');
  s.eval(':rule dbl: twice(?a) -> 2*?a');
  t.is(s.eval(':load r.rules'), 'loaded r.rules: 1 rule');
  s.eval(':set steps=1234');
  const r = new Session(memoryIO(), restore(JSON.parse(JSON.stringify(snapshot(s.state)))));
  t.is(r.eval('a'), canon('sin(x)*cos(sin(x))'));
  t.is(r.eval('sq(3) + twice(1) + o(5)'), '12');
  t.regex(r.eval(':set'), /steps=1234/);
});

test('completion: commands, functions, bound names, strategies', (t) => {
  const s = quiet(new Session(memoryIO()));
  s.eval('cosy = 2');
  const words = sessionWords(s.state);
  t.deepEqual(complete(':di', words), [[':diff'], ':di']);
  t.deepEqual(complete('1 + co', words), [['cos', 'cosh', 'cosy', 'cot'], 'co']);
  t.true(complete(':strategy inn', words)[0].includes('innermost'));
  t.true(complete(':strategy ar', words)[0].includes('arith'));
});

test('an expression shows its value and, by default, its tree and DAG sizes', (t) => {
  const s = new Session(memoryIO());
  t.is(
    s.eval('(4 + sin(x)) * cos(sin(x))'),
    `${canon('(4 + sin(x))*cos(sin(x))')}\n# tree size 8, DAG size 6`,
  );
  t.regex(s.eval(':set sizes=off'), /sizes=off/);
  t.is(s.eval('(4 + sin(x)) * cos(sin(x))'), canon('(4 + sin(x))*cos(sin(x))'));
  t.regex(s.eval(':set sizes=maybe'), /on or off/);
});

test(':check sees the session: functions, bindings and rules; options aim it', (t) => {
  const s = quiet(new Session(memoryIO()));
  t.regex(s.eval(':check twice(x) == 2x'), /twice has no numeric meaning/);
  s.eval(':rule dbl: twice(?a) -> 2*?a');
  t.is(s.eval(':check twice(x) == 2x'), 'holds on 200 samples');
  t.is(s.eval('twice(x) == 2x'), 'holds on 200 samples');
  t.regex(s.eval(':check twice(x) == 3x'), /^false: counterexample at x = /);
  s.eval('h(t) := t^2');
  t.is(s.eval(':check h(x) == x*x --runs 20'), 'holds on 20 samples');
  t.regex(s.eval(':check exp(log(x)) == x'), /^holds/);
  t.regex(s.eval(':check exp(log(x)) == x --strict'), /^false: counterexample at x = /);
  t.regex(s.eval(':check abs(x) == x --positive'), /^holds/);
  t.regex(s.eval(':check abs(x) == x --domain -1..1'), /^false: counterexample at x = -/);
  t.regex(s.eval(':check x == x --domain 2..1'), /--domain needs a\.\.b/);
  t.regex(s.eval(':check x == x --runs 0'), /--runs needs a positive integer/);
});

test('the session says once how 1/2x reads, only when an input depends on it', (t) => {
  const s = quiet(new Session(memoryIO()));
  t.false(s.eval('1/2*x').includes('note:'));
  t.false(s.eval('1/(2x)').includes('note:'));
  const first = s.eval('1/2x');
  t.true(first.startsWith('1/(2*x)'));
  t.true(first.includes('1/2x reads as 1/(2*x)'));
  t.false(s.eval('y = 1/3y').includes('note:'));
  t.false(s.eval('a/2(b + c)').includes('note:'));
  t.true(quiet(new Session(memoryIO())).eval('u = a/3 b').includes('note:'));
});

test(':rules shows rules with their conditions and strategies with their parameters', (t) => {
  const io = memoryIO({
    'lang.rules': [
      'ruleset order',
      '  lt-z: lt(z, s(?n)) -> true',
      '  max-r: max(?m, ?n) -> ?n if lt(?m, ?n) == true',
      '  max-l: max(?m, ?n) -> ?m if otherwise',
      '  fst: first(?p) -> ?a if pair(?a, ?b) := ?p',
      '  pos: f(?a) -> ?a if is_number(?a), ?a > 0',
      'strategy twice(s) = s ; s',
      'strategy my_innermost(s) = rec X(all(X) ; try(s ; X))',
      'strategy sw = ?pair(?x, ?y) ; !pair(?y, ?x) <+ (id <+ fail) ; order',
      'strategy norm = twice(my_innermost(order))',
      '',
    ].join('\n'),
  });
  const s = quiet(new Session(io));
  s.eval(':load lang.rules');
  const shown = s.eval(':rules');
  t.true(
    shown.startsWith(
      [
        'lang.rules:',
        '  lt-z: lt(z, s(?n)) -> true',
        '  max-r: max(?m, ?n) -> ?n if lt(?m, ?n) == true',
        '  max-l: max(?m, ?n) -> ?m if otherwise',
        '  fst: first(?p) -> ?a if pair(?a, ?b) := ?p',
        '  pos: f(?a) -> ?a if is_number(?a), ?a > 0',
        '  strategy twice(s) = s ; s',
        '  strategy my_innermost(s) = rec X(all(X) ; try(s ; X))',
        '  strategy sw = ?pair(?x, ?y) ; !pair(?y, ?x) <+ (id <+ fail) ; order',
        '  strategy norm = twice(my_innermost(order))',
      ].join('\n'),
    ),
    shown,
  );
  t.regex(shown, /strategies: .*twice\(s\), my_innermost\(s\), sw, norm;/);
});
