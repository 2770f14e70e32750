import test from 'ava';
import { answer } from '../lib/batch.js';

const ask = (req: unknown) => JSON.parse(answer(typeof req === 'string' ? req : JSON.stringify(req)));

test('parse and eval ops', (t) => {
  t.deepEqual(ask({ id: 1, op: 'parse', expr: 'x - y' }), { id: 1, ok: true, result: 'x - y', tree_size: 5, dag_size: 5 });
  t.deepEqual(ask({ id: 'a', op: 'eval', expr: 'x^2 + y', at: { x: 3, y: 1 } }), { id: 'a', ok: true, result: 10 });
  t.is(ask({ id: 2, op: 'parse', expr: 'x/y', format: 'latex' }).result, '\\frac{x}{y}');
  t.deepEqual(ask({ id: 3, op: 'parse', expr: 'x+1', format: 'json' }).result.nodes.length, 3);
});

test('errors are objects with kind, message and position', (t) => {
  const r = ask({ id: 4, op: 'parse', expr: '(x' });
  t.deepEqual(Object.keys(r), ['id', 'ok', 'error']);
  t.is(r.error.kind, 'syntax');
  t.is(r.error.line, 1);
  t.is(r.error.column, 3);
  t.is(ask('not json').error.kind, 'syntax');
  t.is(ask('not json').id, null);
  t.is(ask('[1,2]').ok, false);
  t.is(ask({ id: 5 }).error.message, 'missing field "op"');
  t.regex(ask({ id: 6, op: 'frob' }).error.message, /unknown op/);
  t.is(ask({ id: 7, op: 'parse' }).error.message, 'missing field "expr"');
  t.is(ask({ id: 8, op: 'parse', expr: 42 }).error.message, 'field "expr" must be a string');
  t.is(ask({ id: 9, op: 'eval', expr: 'x', at: { x: 'one' } }).ok, false);
  t.is(ask({ id: 10, op: 'eval', expr: 'x' }).error.kind, 'unbound');
  t.is(ask({ id: 11, op: 'parse', expr: 'x', format: 'pdf' }).error.kind, 'usage');
});

test('a text result too large to print is an error that suggests "let"', (t) => {
  let text = 'f0 = x';
  for (let i = 1; i <= 40; i++) text += `; f${i} = sin(f${i - 1})*cos(f${i - 1})`;
  const r = ask({ id: 1, op: 'parse', expr: text + '; f40' });
  t.false(r.ok);
  t.regex(r.error.message, /let/);
  const ok = ask({ id: 2, op: 'parse', expr: text + '; f40', format: 'let' });
  t.true(ok.ok);
  t.is(ok.dag_size, 121);
  t.is(typeof ok.tree_size, 'number');
});

test('tree sizes past 2^53 are exact decimal strings', (t) => {
  let text = 'f0 = x';
  for (let i = 1; i <= 60; i++) text += `; f${i} = sin(f${i - 1})*cos(f${i - 1})`;
  const r = ask({ id: 1, op: 'parse', expr: text + '; f60', format: 'let' });
  t.is(r.tree_size, (2n ** 62n - 3n).toString());
});
