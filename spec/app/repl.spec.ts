import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../lib/app/cli.js', import.meta.url));

/**
 * Drives `bibun` (the REPL) through its input stream: each line is written once the previous
 * one has been answered (a new prompt appeared); `{ signal }` sends SIGINT `delayMs` after the
 * previous line was written.
 */
function drive(
  steps: readonly (string | { signal: 'SIGINT'; delayMs: number })[],
  history: string,
): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli], {
      env: { ...process.env, BIBUN_HISTORY: history },
    });
    let out = '';
    let i = 0;
    let written = 0;
    let waiting = false;
    const prompts = () => (out.match(/(bibun| {2}\.\.\.[([]*)> /g) ?? []).length;
    const next = () => {
      while (i < steps.length && !waiting) {
        const s = steps[i];
        if (typeof s !== 'string') {
          waiting = true;
          setTimeout(() => {
            child.kill('SIGINT');
            i++;
            waiting = false;
            next();
          }, s.delayMs);
          return;
        }
        if (prompts() <= written) return;
        child.stdin.write(s + '\n');
        written++;
        i++;
      }
      if (i === steps.length) child.stdin.end();
    };
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      next();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ out, code });
    });
  });
}

test('a session through the input stream: bind, multi-line, rule, error, recover, quit; history persists', async (t) => {
  const history = join(mkdtempSync(join(tmpdir(), 'bibun-')), 'history');
  const { out, code } = await drive(
    [
      'y = 2x + x',
      '(y +',
      ' 1)*0 + y',
      ':rule dbl: twice(?a) -> 2*?a',
      'twice(21)',
      'sin(',
      'y)',
      'cos(',
      '',
      'y',
      ':quit',
    ],
    history,
  );
  t.is(code, 0);
  const body = out.split('\n').slice(1).join('\n');
  t.is(
    body,
    'bibun> y = 3*x\nbibun>   ...(> 3*x\n# tree size 3, DAG size 3\nbibun> rule dbl added (1 session rule)\nbibun> 42\n# tree size 1, DAG size 1\nbibun>   ...(> sin(3*x)\n# tree size 4, DAG size 4\nbibun>   ...(> 1:4: "(" is never closed\n  cos(\n     ^\nbibun> 3*x\n# tree size 3, DAG size 3\nbibun> ',
  );
  t.deepEqual(readFileSync(history, 'utf8').trim().split('\n'), [
    'y = 2x + x',
    '(y + 1)*0 + y',
    ':rule dbl: twice(?a) -> 2*?a',
    'twice(21)',
    'sin( y)',
    'cos(',
    'y',
    ':quit',
  ]);
});

test('Ctrl-C (SIGINT) cancels a long computation; the session keeps its bindings', async (t) => {
  const history = join(mkdtempSync(join(tmpdir(), 'bibun-')), 'history');
  const { out, code } = await drive(
    [
      'a = 7',
      ':set runs=100000000',
      ':check sin(x)^2 + cos(x)^2 == 1',
      { signal: 'SIGINT', delayMs: 1500 },
      'a + 1',
      ':quit',
    ],
    history,
  );
  t.is(code, 0);
  t.regex(
    out,
    /cancelled \(bindings, functions and rules are as they were before this input\)\nbibun> 8\n# tree size 1, DAG size 1\n/,
  );
});

test('the history file does not grow without bound across sessions', async (t) => {
  const history = join(mkdtempSync(join(tmpdir(), 'bibun-')), 'history');
  writeFileSync(history, Array.from({ length: 3000 }, (_, i) => `x + ${i}`).join('\n') + '\n');
  const { code } = await drive(['1 + 1', ':quit'], history);
  t.is(code, 0);
  const lines = readFileSync(history, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  t.true(lines.length <= 1002, `${lines.length} lines`);
  t.is(lines[lines.length - 1], ':quit');
});

test('Ctrl-C inside brackets ends the continuation with the error at the open bracket', async (t) => {
  const history = join(mkdtempSync(join(tmpdir(), 'bibun-')), 'history');
  const child = spawn(process.execPath, [cli], { env: { ...process.env, BIBUN_HISTORY: history } });
  let out = '';
  let stage = 0;
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (stage === 0 && out.includes('bibun> ')) {
        stage = 1;
        child.stdin.write('f(x, g(\n');
      } else if (stage === 1 && out.includes('...((> ')) {
        stage = 2;
        child.kill('SIGINT');
      } else if (stage === 2 && /never closed[\s\S]*bibun> $/.test(out)) {
        stage = 3;
        child.stdin.end('1 + 1\n:quit\n');
      }
    });
    child.on('close', resolve);
  });
  clearTimeout(timer);
  t.is(code, 0);
  t.regex(
    out,
    /\n1:7: "\(" is never closed \(2 brackets are open\)\n {2}f\(x, g\(\n {8}\^\nbibun> 2\n/,
  );
});
