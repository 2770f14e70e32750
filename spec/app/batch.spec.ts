import test from 'ava';
import { answer } from '../../lib/app/batch.js';

const ask = (req: unknown) =>
  JSON.parse(answer(typeof req === 'string' ? req : JSON.stringify(req)));

test('parse and eval ops', (t) => {
  t.deepEqual(ask({ id: 1, op: 'parse', expr: 'x - y' }), {
    id: 1,
    ok: true,
    result: 'x - y',
    tree_size: 5,
    dag_size: 5,
  });
  t.deepEqual(ask({ id: 'a', op: 'eval', expr: 'x^2 + y', at: { x: 3, y: 1 } }), {
    id: 'a',
    ok: true,
    result: 10,
  });
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

test('every op of DESIGN.md', (t) => {
  t.deepEqual(ask({ id: 1, op: 'simplify', expr: 'x*1 + 0 + 2*x' }), {
    id: 1,
    ok: true,
    result: '3*x',
    tree_size: 3,
    dag_size: 3,
  });
  const d = ask({ id: 2, op: 'diff', expr: '(4 + sin(x))*cos(sin(x))', var: 'x' });
  t.true(d.ok);
  t.is(ask({ id: 3, op: 'eval', expr: d.result, at: { x: Math.PI } }).result, -0.9999999999999996);
  t.true(
    Math.abs(
      ask({
        id: 4,
        op: 'diff',
        expr: '(4 + sin(x))*cos(sin(x))',
        var: 'x',
        method: 'reverse',
        at: { x: Math.PI },
      }).result + 1,
    ) < 1e-12,
  );
  const g = ask({ id: 5, op: 'grad', expr: 'log(x) + x*y - sin(y)', vars: ['x', 'y'] });
  t.is(g.result.length, 2);
  t.deepEqual(
    g.result.map(
      (e: string) => ask({ id: 0, op: 'eval', expr: e, at: { x: 1, y: Math.PI } }).result,
    ),
    [1 + Math.PI, 2],
  );
  t.deepEqual(
    ask({ id: 6, op: 'grad', expr: 'x*y', vars: ['x', 'y'], method: 'forward', at: { x: 2, y: 3 } })
      .result,
    [3, 2],
  );
  const rw = ask({
    id: 7,
    op: 'rewrite',
    expr: 'twice(twice(21))',
    rules: 'ruleset r\n  dbl: twice(?a) -> 2*?a\n',
    trace: true,
  });
  t.is(rw.result, '84');
  t.deepEqual(
    rw.trace.map((s: { rule: string }) => s.rule),
    ['dbl', 'dbl'],
  );
  const f = ask({ id: 8, op: 'check', identity: 'sin(2x) == 2sin(x)' });
  t.false(f.result.holds);
  t.is(typeof f.result.counterexample.point.x, 'number');
  t.true(ask({ id: 9, op: 'check', identity: 'sin(2x) == 2sin(x)cos(x)' }).result.holds);
});

test('budgets and bad fields are errors, never a dead stream', (t) => {
  const loop = ask({
    id: 1,
    op: 'rewrite',
    expr: 'f(x)',
    rules: 'ruleset r\n  grow: f(?a) -> f(f(?a))\n',
    limits: { steps: 100 },
  });
  t.is(loop.error.kind, 'limit');
  t.is(
    ask({ id: 2, op: 'rewrite', expr: 'x', rules: 'ruleset r\n  bad: f(?a) -> ?b\n' }).error.kind,
    'rule',
  );
  t.is(ask({ id: 3, op: 'diff', expr: 'x', var: 'x', method: 'magic' }).error.kind, 'usage');
  t.is(
    ask({ id: 4, op: 'grad', expr: 'x', vars: 'x' }).error.message,
    'field "vars" must be an array of strings',
  );
  t.is(ask({ id: 5, op: 'simplify', expr: 'x', limits: { steps: -1 } }).error.kind, 'usage');
  t.is(ask({ id: 6, op: 'check', identity: 'x + 1' }).error.kind, 'usage');
});

test('1,000 mixed requests, malformed ones included, come back in order through the CLI', async (t) => {
  const { spawnSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const kinds = [
    (i: number) => JSON.stringify({ id: i, op: 'parse', expr: `x^${i % 7} + ${i}` }),
    (i: number) => JSON.stringify({ id: i, op: 'simplify', expr: `${i}*x + x` }),
    (i: number) => JSON.stringify({ id: i, op: 'diff', expr: `sin(${i}*x)`, var: 'x' }),
    (i: number) => JSON.stringify({ id: i, op: 'grad', expr: 'x*y', vars: ['x', 'y'] }),
    (i: number) => JSON.stringify({ id: i, op: 'eval', expr: 'x + 1', at: { x: i } }),
    (i: number) =>
      JSON.stringify({
        id: i,
        op: 'rewrite',
        expr: `twice(${i})`,
        rules: 'ruleset r\n  dbl: twice(?a) -> 2*?a\n',
      }),
    (i: number) => `{"id": ${i}, "op": "parse", "expr": "(x"`,
    (i: number) => JSON.stringify({ id: i, op: 'parse', expr: '(x +' }),
    (i: number) => JSON.stringify({ id: i }),
    () => '',
  ];
  const lines = Array.from({ length: 1000 }, (_, i) => kinds[i % kinds.length](i));
  lines[500] = JSON.stringify({ id: 500, op: 'check', identity: 'sin(2x) == 2sin(x)' });
  const cli = fileURLToPath(new URL('../../lib/app/cli.js', import.meta.url));
  const r = spawnSync(process.execPath, [cli, 'batch'], {
    input: lines.join('\n') + '\n',
    encoding: 'utf8',
    timeout: 60_000,
  });
  t.is(r.status, 0);
  const out = r.stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  t.is(out.length, 1000);
  out.forEach((o, i) => {
    const k = i === 500 ? -1 : i % kinds.length;
    if (k === 6 || k === 9)
      t.deepEqual(o, { id: null, ok: false, error: { kind: 'syntax', message: 'not valid JSON' } });
    else t.is(o.id, i);
    if (k >= 0 && k <= 5) t.true(o.ok, JSON.stringify(o));
    if (k === 7 || k === 8) t.false(o.ok);
  });
  t.is(out[5].result, '10');
  t.is(out[4].result, 5);
  t.false(out[500].result.holds);
});

test('diff and grad take "rules": rule-file text whose derivatives lines join the table', (t) => {
  const rules = 'derivatives\n  myf(u) : 2*u\n';
  t.is(ask({ id: 1, op: 'diff', expr: 'myf(x^2)', var: 'x', rules }).result, '4*x^3');
  t.is(ask({ id: 2, op: 'diff', expr: 'myf(x^2)', var: 'x' }).error.kind, 'unknown-function');
  t.is(ask({ id: 3, op: 'grad', expr: 'myf(x) + y', vars: ['x', 'y'], rules }).result.length, 2);
  t.is(
    ask({ id: 4, op: 'diff', expr: 'x', var: 'x', rules: 42 }).error.message,
    'field "rules" must be a string',
  );
});
