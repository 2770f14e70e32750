import test from 'ava';
import { workerEvaluator } from '../../lib/app/repl.js';
import { initialState, snapshot } from '../../lib/app/session.js';

test('a snapshot that cannot be restored gives a fresh session with a one-line notice, once', async (t) => {
  const bad = { ...snapshot(initialState()), env: [['a', '(((']] as const };
  const ev = workerEvaluator(bad);
  const first = (await ev.eval('1 + 1')).output;
  t.regex(first.split('\n')[0], /could not be restored.*fresh session/);
  t.is(first.split('\n').slice(1).join('\n'), '2\n# tree size 1, DAG size 1');
  t.is((await ev.eval('2 + 2')).output, '4\n# tree size 1, DAG size 1');
  await ev.close();
});

test('heap exhaustion ends one input with a clear message; the session keeps its bindings', async (t) => {
  const ev = workerEvaluator(undefined, 24);
  await ev.eval('y = 5');
  const big = Array.from({ length: 650_000 }, (_, i) => `x${i % 10}`).join('+');
  const r = await ev.eval(big);
  t.regex(r.output, /^out of memory: .*24 MB/);
  t.is(r.output.split('\n').length, 1);
  t.is((await ev.eval('y')).output, '5\n# tree size 1, DAG size 1');
  await ev.close();
});
