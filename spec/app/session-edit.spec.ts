import test from 'ava';
import { memoryIO, transcript } from './session-io.js';
import {
  initialState,
  Session,
  step,
  unclosedError,
  type SessionIO,
} from '../../lib/app/session.js';

function quiet(io: SessionIO = memoryIO()): Session {
  const s = new Session(io);
  s.eval(':set sizes=off');
  return s;
}

test('ans and % are the last result', (t) => {
  const s = quiet();
  t.is(s.eval('ans'), 'ans (also %) is the last result, and there is none yet');
  t.is(s.eval('x^2 + 1'), 'x^2 + 1');
  t.is(s.eval('d(%, x)'), '2*x');
  t.is(s.eval('ans + x'), '3*x');
  t.is(s.eval('y = 3'), 'y = 3');
  t.is(s.eval('2%'), '6');
  t.is(s.eval(':diff % * x x'), '6');
  t.regex(s.eval('%%'), /no %%/);
  // A name the user binds wins.
  t.is(s.eval('ans = 7'), 'ans = 7');
  t.is(s.eval('ans + 1'), '8');
  t.is(s.eval('ans + 1'), '8');
});

test(':unbind forgets bindings and functions; a binding that blocks an input says so', (t) => {
  const s = quiet();
  const out = transcript(s, [
    'x = 1',
    'f(t) := t^2',
    'solve(x^2 - 4, x)',
    'series(sin(x), x, 0, 3)',
    ':diff x^2 x',
    ':eval x^2 x=3',
    'sin(x, 2)',
    ':unbind x f',
    'solve(x^2 - 4, x)',
    'f(3)',
    ':unbind x',
  ]);
  t.is(
    out,
    [
      '> x = 1',
      'x = 1',
      '> f(t) := t^2',
      'f(t) := t^2',
      '> solve(x^2 - 4, x)',
      'solve: the variable must be a symbol, got 1',
      '(x is bound to 1; :unbind x)',
      '> series(sin(x), x, 0, 3)',
      'series: the variable must be a symbol, got 1',
      '(x is bound to 1; :unbind x)',
      '> :diff x^2 x',
      ':diff: x is bound to 1, so it cannot be a variable here; :unbind x',
      '> :eval x^2 x=3',
      ':eval: x is bound to 1, so it cannot be a variable here; :unbind x',
      '> sin(x, 2)',
      '1:1: sin takes 1 argument, got 2',
      '  sin(x, 2)',
      '  ^',
      '> :unbind x f',
      'unbound x (was 1), f(t)',
      '> solve(x^2 - 4, x)',
      '[-2, 2]',
      '> f(3)',
      'f(3)',
      '> :unbind x',
      'x is not bound (:env lists the bindings)',
    ].join('\n'),
  );
});

test('a looping :rule is removed with :unrule, and so is a loaded file', (t) => {
  const io = memoryIO({ 'loop.rules': 'ruleset loop\n  p: p(?a) -> q(?a)\n  q: q(?a) -> p(?a)\n' });
  const s = quiet(io);
  s.eval(':rule l1: a -> b');
  s.eval(':rule l2: b -> a');
  t.regex(s.eval('a + 1'), /cycles.*\n\(:unrule l1 or :unrule l2 removes a rule of the cycle\)$/);
  t.is(s.eval('c + 1'), 'c + 1');
  t.is(s.eval(':unrule l2'), 'removed rule l2');
  t.is(s.eval('a + 1'), 'b + 1');
  s.eval(':rule grow: h(?x) -> h(h(?x))');
  t.regex(s.eval('h(1)'), /:unrule grow/);
  t.is(s.eval(':unrule grow l1'), 'removed rule grow, rule l1');
  t.is(s.eval('h(1)'), 'h(1)');
  t.is(s.eval(':load loop.rules'), 'loaded loop.rules: 2 rules');
  t.regex(s.eval('p(1)'), /:unrule/);
  t.is(s.eval(':unrule p'), 'rule p comes from loop.rules: :unrule loop.rules removes that file');
  t.is(s.eval(':unrule loop.rules'), 'removed file loop.rules');
  t.is(s.eval('p(1)'), 'p(1)');
  t.is(s.eval(':unrule nosuch'), 'no session rule or loaded file nosuch (:rules lists them)');
});

test(':reset forgets everything but the settings; :history lists the inputs that worked', (t) => {
  const s = quiet();
  s.eval('a = 2');
  s.eval('sq(t) := t^2');
  s.eval(':rule dbl: twice(?a) -> 2*?a');
  s.eval('sin(');
  s.eval('a + 1');
  t.is(s.eval(':reset'), 'a fresh session');
  t.is(s.eval('a + twice(1) + sq(2)'), 'a + sq(2) + twice(1)');
  t.is(s.eval(':env'), 'no bindings');
  t.regex(s.eval(':set'), /sizes=off/);
  t.is(
    s.eval(':history'),
    [
      ':set sizes=off',
      'a = 2',
      'sq(t) := t^2',
      ':rule dbl: twice(?a) -> 2*?a',
      'a + 1',
      ':reset',
      'a + twice(1) + sq(2)',
      ':env',
      ':set',
    ]
      .map((l, i) => `${String(i + 1).padStart(4)}  ${l}`)
      .join('\n'),
  );
  t.is(s.eval(':history 1'), '  10  :history');
  t.is(s.eval(':history x'), 'usage: :history [N]');
});

test('errors of the new commands leave the state exactly as it was', (t) => {
  let state = initialState();
  state = step(state, 'a = 2', memoryIO()).state;
  state = step(state, ':rule dbl: twice(?a) -> 2*?a', memoryIO()).state;
  for (const bad of [
    ':unbind nosuch',
    ':unbind a nosuch',
    ':unbind',
    ':unrule nosuch',
    ':unrule dbl nosuch',
    ':unrule',
    ':reset now',
    ':save',
    ':save a b',
    ':history 0',
    ':load nope.bibun',
    '%%',
    ':set pretty=maybe',
  ]) {
    const r = step(state, bad, memoryIO());
    t.is(r.state, state, bad);
    t.not(r.output, '', bad);
  }
});

test('a series shows its remainder, by ascending power as SymPy prints it; its value stays the polynomial', (t) => {
  const s = quiet();
  t.is(s.eval('series(sin(x), x, 0, 5)'), 'x - x^3/6 + x^5/120 + O(x^6)');
  t.is(s.eval('% + 1'), 'x^5/120 - x^3/6 + x + 1');
  t.is(s.eval(':simplify series(cos(x), x, 0, 2)'), '1 - x^2/2 + O(x^3)');
  t.is(s.eval('ans'), '1 - x^2/2');
  t.is(s.eval('ans + x^3'), 'x^3 - x^2/2 + 1');
  t.is(s.eval('p = series(x^3, x, 1, 2)'), 'p = 1 + 3*(x - 1) + 3*(x - 1)^2 + O((x - 1)^3)');
  t.is(s.eval('subs(p, x, 1)'), '1');
  // A value no longer a series' own reads in the usual order.
  t.is(s.eval(':env'), 'p = 3*(x - 1)^2 + 3*(x - 1) + 1');
  t.is(s.eval('series(1/sin(x), x, 0, 3)'), '1/x + x/6 + 7*x^3/360 + O(x^4)');
  t.is(s.eval('series(sin(x) - x, x, 0, 2)'), 'O(x^3)');
  t.is(s.eval('ans'), '0');
  t.is(s.eval('series(log(x), x, 1, 3)'), 'x - 1 - (x - 1)^2/2 + (x - 1)^3/3 + O((x - 1)^4)');
});

test(':set pretty=on lays values out in two dimensions where they fit', (t) => {
  const io = { ...memoryIO(), columns: 80 };
  const s = quiet(io);
  t.is(s.eval(':set pretty=on').endsWith('pretty=on'), true);
  t.is(s.eval('(x + 1)/(x^2 + 2)'), 'x + 1\n──────\n   2\nx  + 2');
  t.is(s.eval('series(sin(x), x, 0, 3)'), '     3\n    x\nx - ── + O(x^4)\n    6');
  t.is(s.eval('y = sqrt(x)'), 'y = √x');
  // Too wide for the terminal: text.
  io.columns = 5;
  t.is(s.eval('(x + 1)/(x^2 + 2)'), '(x + 1)/(x^2 + 2)');
  t.is(s.eval('N(pi, 20)'), '3.1415926535897932385');
  t.is(s.eval(':set pretty=off').endsWith('pretty=off'), true);
  t.is(s.eval('(x + 1)/(x^2 + 2)'), '(x + 1)/(x^2 + 2)');
});

test('an input ended inside brackets reports the innermost open bracket', (t) => {
  t.is(unclosedError('f(x, 2'), '1:2: "(" is never closed\n  f(x, 2\n   ^');
  t.is(
    unclosedError('[1,\n g(2,\n'),
    '2:3: "(" is never closed (2 brackets are open)\n   g(2,\n    ^',
  );
  t.is(unclosedError('f(x) # (\n'), undefined);
  t.is(unclosedError('x +'), undefined);
});
