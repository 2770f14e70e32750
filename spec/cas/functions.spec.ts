import test from 'ava';
import { BibunError } from '../../lib/base/errors.js';
import { casFunctions, casStep, evaluateCalls } from '../../lib/cas/functions.js';
import { parse } from '../../lib/syntax/parse.js';
import { toInfix } from '../../lib/term/print.js';

const run = (s: string) => evaluateCalls(parse(s)).text;

test('every call in a term is computed, innermost first', (t) => {
  t.is(run('factorial(5) + subs(x^2, x, 3)'), '129');
  t.is(run('binomial(10, 3) + floor(pi) + ceil(1/2) + mod(7, 3)'), '125');
  t.is(run('N(subs(sin(x), x, 1), 10)'), '0.8414709848');
  t.is(run('y + N(pi, 5)'), '3.1416 + y');
  t.is(run('factorial(factorial(3))'), '720');
  t.is(run('factorial(x) + floor(y)'), 'factorial(x) + floor(y)');
  t.is(run('[N(1/3, 3), N(2/3, 3)]'), '[0.333, 0.667]');
  // As SymPy users write it: the argument simplified (every front end simplifies the rest).
  t.is(run('simplify(sin(x)^2 + cos(x)^2) + y'), 'y + 1');
  t.is(run('subs(simplify((x^2 - 1)/(x - 1)), x, 2)'), '3');
});

test('the names parse as uninterpreted functions with any arity', (t) => {
  for (const name of casFunctions.keys()) {
    t.notThrows(() => parse(`${name}(1, 2, 3, 4)`), name);
  }
});

test('wrong arity or kind of argument is a one-line usage error naming the function', (t) => {
  const msg = (s: string) => {
    const e = t.throws(() => evaluateCalls(parse(s)), { instanceOf: BibunError });
    t.is(e?.kind, 'usage', s);
    t.false(e?.message.includes('\n'));
    return e?.message;
  };
  t.is(msg('N(1, 2, 3)'), 'N takes (e) or (e, digits), got 3 arguments');
  t.is(msg('subs(x, y)'), 'subs takes (e, x, v) or (e, [x, y], [a, b]), got 2 arguments');
  t.is(msg('factorial()'), 'factorial takes (n), got 0 arguments');
  t.is(msg('simplify(x, y)'), 'simplify takes (e), got 2 arguments');
  t.is(msg('subs(x^2, 2, 0)'), 'subs: the variable must be a symbol, got 2');
  t.is(msg('N(pi, x)'), 'N: the number of digits must be a positive integer, got x');
  t.is(msg('factorial([1, 2])'), 'factorial: needs numbers, got [1, 2]');
});

test('casStep follows the strategy contract: a result, or failure', (t) => {
  t.is(toInfix(casStep(parse('factorial(4)'))!), '24');
  t.is(casStep(parse('factorial(x)')), undefined);
  t.is(casStep(parse('sin(x)')), undefined);
});
