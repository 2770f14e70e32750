import test from 'ava';
import { standardGuards, withGuards } from '../../lib/match/guards.js';
import { parse } from '../../lib/syntax/parse.js';

const holds = (name: string, ...args: string[]) =>
  standardGuards.get(name)!.test(args.map((a) => parse(a)));

test('number guards look at exact numbers', (t) => {
  t.true(holds('is_number', '1/3'));
  t.false(holds('is_number', 'x'));
  t.true(holds('is_nonnumber', 'x'));
  t.true(holds('is_nonnumber', 'sqrt(2)'));
  t.false(holds('is_nonnumber', '-2/3'));
  t.true(holds('is_integer', '4'));
  t.false(holds('is_integer', '1/2'));
  t.true(holds('is_noninteger', '1/2'));
  t.false(holds('is_noninteger', '4'));
  t.false(holds('is_noninteger', 'x'));
  t.true(holds('is_rational', '1/2'));
  t.true(holds('is_even', '-4'));
  t.true(holds('is_odd', '3'));
  t.false(holds('is_odd', 'x'));
});

test('sign guards answer only when the sign is certain', (t) => {
  t.true(holds('is_positive', '2'));
  t.true(holds('is_positive', 'pi'));
  t.false(holds('is_positive', 'x'));
  t.false(holds('is_positive', '0'));
  t.true(holds('is_negative', '-1/2'));
  t.true(holds('is_nonnegative', '0'));
  t.true(holds('is_nonzero', '-3'));
  t.false(holds('is_nonzero', 'x'));
});

test('structural guards', (t) => {
  t.true(holds('is_symbol', 'x'));
  t.false(holds('is_symbol', 'pi'));
  t.true(holds('is_const', 'sin(pi) + 2'));
  t.false(holds('is_const', 'x + 1'));
  t.true(holds('is_atom', '3'));
  t.true(holds('free_of', 'sin(y) + 1', 'x'));
  t.false(holds('free_of', 'sin(x) + 1', 'x'));
  t.true(holds('is_sum', 'x + 1'));
  t.false(holds('is_nonsum', 'x + 1'));
  t.true(holds('is_nonsum', 'x*(y + 1)'));
  t.true(holds('is_product', '2*x'));
  t.true(holds('is_power', 'x^2'));
});

test('comparisons hold on numbers only; == and != compare terms', (t) => {
  t.true(holds('<', '1/3', '1/2'));
  t.true(holds('<=', '2', '2'));
  t.true(holds('>', '3', '-1'));
  t.true(holds('>=', '0', '0'));
  t.false(holds('<', 'x', '1'));
  t.true(holds('==', 'x + 1', '1 + x'));
  t.true(holds('!=', 'x', 'y'));
});

test('withGuards adds to a registry without changing it', (t) => {
  const more = withGuards(standardGuards, [
    { name: 'is_one', arity: 1, doc: 'one', test: ([a]) => a === parse('1') },
  ]);
  t.true(more.has('is_one'));
  t.false(standardGuards.has('is_one'));
});
