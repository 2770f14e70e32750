import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bibun, cliPath as cli } from './run-cli.js';

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
  t.is(
    bibun(['parse', 'x/y', '--format', 'latex']).stdout,
    '\\frac{x}{y}\n% tree size 5, DAG size 5\n',
  );
  t.is(
    bibun(['parse', 'sin(x)*cos(sin(x))', '--format=let']).stdout.split('\n')[0],
    't1 = sin(x); t1*cos(t1)',
  );
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

const badInputs: string[] = [
  '(x + 1',
  'x + 1)',
  '2**x',
  'sin()',
  'x +',
  '',
  '\u00e9\u0301\u202e garbage',
  'sin(x, y)',
  'sin('.repeat(20000) + 'x' + ')'.repeat(20000),
];

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

test('simplify, diff, grad, eval: the founding examples', (t) => {
  t.is(bibun(['simplify', 'x*1 + 0 + 2*x']).stdout, '3*x\n# tree size 3, DAG size 3\n');
  const d = bibun(['diff', '(4 + sin(x))*cos(sin(x))', 'x']);
  t.is(d.status, 0);
  t.is(Number(bibun(['eval', d.stdout.split('\n')[0], 'x=pi']).stdout), -0.9999999999999996);
  t.is(
    bibun(['diff', '(4 + sin(x))*cos(sin(x))', 'x', 'x=pi', '--method', 'forward']).stdout,
    '-0.9999999999999996\n',
  );
  t.regex(
    bibun(['diff', 'sin(x)^2', 'x', '--raw', '--method', 'tree']).stdout,
    /^.*\n# tree size \d+, DAG size \d+\n$/,
  );
  const g = bibun(['grad', 'log(x) + x*y - sin(y)', 'x', 'y']);
  t.is(g.status, 0);
  t.regex(g.stdout, /^\[.*, .*\]\n/);
  t.is(bibun(['diff', 'x', 'x', '--method', 'magic']).status, 2);
  t.is(bibun(['diff', 'x', 'x', '--method', 'forward']).status, 2);
});

test('check exits 1 with a counterexample, 0 when the identity holds', (t) => {
  const f = bibun(['check', 'sin(2x) == 2sin(x)']);
  t.is(f.status, 1);
  t.regex(f.stdout, /^false: counterexample at x = /);
  const ok = bibun(['check', 'sin(2x) == 2sin(x)cos(x)', '--runs', '50']);
  t.is(ok.status, 0);
  t.is(ok.stdout, 'holds on 50 samples\n');
  t.is(bibun(['check', 'sqrt(x)^2 == x']).status, 0, 'compared where both sides are defined');
  const strict = bibun(['check', 'sqrt(x)^2 == x', '--strict']);
  t.is(strict.status, 1, '--strict: a side undefined where the other is defined');
  t.regex(strict.stdout, /^false: counterexample at x = -[\d.]+: sqrt\(x\)\^2 = undefined/);
  t.is(bibun(['check', 'abs(x) == x', '--positive']).status, 0);
  t.is(
    bibun(['check', 'abs(x) == x', '--domain', '0..5', '--runs', '30']).stdout,
    'holds on 30 samples\n',
  );
  t.is(bibun(['check', 'abs(x-15) + x == 15']).status, 1, 'samples leave [-10, 10]');
  t.is(bibun(['check', 'x == x', '--domain', '1..0']).status, 2);
  t.is(bibun(['check', 'x + 1']).status, 2);
});

test('rewrite and check-rules read rule files', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bibun-'));
  const good = join(dir, 'good.rules');
  const bad = join(dir, 'bad.rules');
  writeFileSync(good, 'ruleset r\n  dbl: twice(?a) -> 2*?a\n  sq: sin(?a)^2 -> 1 - cos(?a)^2\n');
  writeFileSync(bad, 'ruleset r2\n  wrong: sin(2*?a) -> 2*sin(?a)\n');
  const r = bibun(['rewrite', 'twice(twice(x))', '--rules', good, '--trace']);
  t.is(
    r.stdout,
    '4*x\n# tree size 3, DAG size 3\n# 1. dbl at [0]: twice(x) -> 2*x\n# 2. dbl at []: twice(2*x) -> 4*x\n',
  );
  const j = JSON.parse(
    bibun([
      'rewrite',
      'twice(3)',
      '--rules',
      good,
      '--format',
      'json',
      '--strategy',
      'innermost(dbl) ; simplify',
    ]).stdout,
  );
  t.is(j.tree_size, 1);
  t.is(bibun(['check-rules', good]).status, 0);
  const u = bibun(['check-rules', good, bad]);
  t.is(u.status, 1);
  t.regex(u.stdout, /bad\.rules:2:3: rule wrong is unsound/);
  t.regex(
    bibun(['rewrite', 'x', '--rules', join(dir, 'none.rules')]).stderr,
    /^bibun: cannot read .*none\.rules: no such file\n$/,
  );
  t.is(bibun(['check-rules', join(dir, 'none.rules')]).status, 2);
  t.is(bibun(['rewrite', 'f(x)', '--rules', good, '--steps', 'many']).status, 2);
});

test('--version, and a reader that closes the pipe early is not an error', (t) => {
  const v = bibun(['--version']);
  t.is(v.status, 0);
  t.regex(v.stdout, /^bibun \d+\.\d+\.\d+\n$/);
  const r = spawnSync('bash', ['-c', `"${process.execPath}" "${cli}" parse 'x + 1' | true`], {
    encoding: 'utf8',
  });
  t.is(r.stderr, '');
});

test('diff and grad take a rule file whose derivatives lines every method then uses', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bibun-cli-'));
  const file = join(dir, 'myf.rules');
  writeFileSync(file, 'derivatives\n  myf(u) : 2*u\n');
  t.is(bibun(['diff', 'myf(x^2)', 'x']).status, 2);
  const r = bibun(['diff', 'myf(x^2)', 'x', '--rules', file]);
  t.is(r.status, 0);
  t.is(r.stdout.split('\n')[0], '4*x^3');
  t.is(
    bibun(['diff', 'myf(x^2)', 'x', '--rules', file, '--method', 'tree']).stdout.split('\n')[0],
    '4*x^3',
  );
  // A derivative form inside the expression is differentiated first.
  t.is(bibun(['diff', 'd(sin(x), x)', 'x']).stdout.split('\n')[0], '-sin(x)');
});
