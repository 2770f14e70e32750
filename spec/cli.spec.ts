import test from 'ava';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../lib/cli.js', import.meta.url));

/** Runs `bibun ARGS` and returns exit status, stdout and stderr. */
export function bibun(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('parse prints the canonical infix and the sizes', (t) => {
  const r = bibun(['parse', '(4 + sin(x)) * cos(sin(x))']);
  t.is(r.status, 0);
  t.is(r.stdout, '(sin(x) + 4)*cos(sin(x))\n# tree size 8, DAG size 6\n');
});

test('eval of the founding example at x=pi', (t) => {
  const r = bibun(['eval', '(4 + sin(x)) * cos(sin(x))', 'x=pi']);
  t.is(r.status, 0);
  t.is(Number(r.stdout), (4 + Math.sin(Math.PI)) * Math.cos(Math.sin(Math.PI)));
});

test('formats', (t) => {
  t.is(bibun(['parse', 'x/y', '--format', 'latex']).stdout, '\\frac{x}{y}\n% tree size 5, DAG size 5\n');
  t.is(bibun(['parse', 'sin(x)*cos(sin(x))', '--format=let']).stdout.split('\n')[0], 't1 = sin(x); t1*cos(t1)');
  t.regex(bibun(['parse', 'x+1', '--format', 'dot']).stdout, /^digraph term \{/);
  const j = JSON.parse(bibun(['parse', 'x+1', '--format', 'json']).stdout);
  t.is(j.tree_size, 3);
  t.is(j.dag_size, 3);
});

test('a result too large for infix says so and suggests --format let', (t) => {
  let text = 'f0 = x';
  for (let i = 1; i <= 40; i++) text += `; f${i} = sin(f${i - 1})*cos(f${i - 1})`;
  const r = bibun(['parse', text + '; f40']);
  t.is(r.status, 2);
  t.regex(r.stderr, /too large.*--format let/);
  t.is(bibun(['parse', text + '; f40', '--format', 'let']).status, 0);
});

const badInputs: string[] = ['(x + 1', 'x + 1)', '2**x', 'sin()', 'x +', '', '\u00e9\u0301\u202e garbage', 'sin(x, y)', 'sin('.repeat(20000) + 'x' + ')'.repeat(20000)];

for (const input of badInputs) {
  test(`bad input ${JSON.stringify(input.slice(0, 20))} exits 2 with a one-line error and no stack trace`, (t) => {
    const r = bibun(['parse', input]);
    t.is(r.status, 2);
    t.is(r.stdout, '');
    t.regex(r.stderr, /^bibun: /);
    t.notRegex(r.stderr, /\n\s+at /);
    t.true(r.stderr.trimEnd().split('\n').length <= 3);
  });
}

test('a 10 MB argument is refused cleanly', (t) => {
  // Too big for an argv entry on Linux; feed it through batch instead.
  const line = JSON.stringify({ id: 1, op: 'parse', expr: 'x+'.repeat(5_000_000) + 'x' });
  const r = bibun(['batch'], line + '\n');
  t.is(r.status, 0);
  const out = JSON.parse(r.stdout);
  t.false(out.ok);
  t.is(out.error.kind, 'limit');
});

test('usage errors exit 2', (t) => {
  t.is(bibun(['frobnicate']).status, 2);
  t.is(bibun(['parse']).status, 2);
  t.is(bibun(['parse', 'x', '--format', 'pdf']).status, 2);
  t.is(bibun(['eval', 'x', 'x=']).status, 2);
  t.is(bibun(['eval', 'x + y', 'x=1']).status, 2);
  t.is(bibun(['--bogus']).status, 2);
});

test('--help', (t) => {
  const r = bibun(['--help']);
  t.is(r.status, 0);
  t.regex(r.stdout, /bibun parse EXPR/);
});
