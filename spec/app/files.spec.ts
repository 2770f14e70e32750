import test from 'ava';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { maxFileBytes, readInputFile, writeNewFile } from '../../lib/app/files.js';
import { boundedLines } from '../../lib/app/lines.js';
import { maxLineBytes, runBatch } from '../../lib/app/batch.js';
import { nodeIO } from '../../lib/app/repl.js';
import { Session } from '../../lib/app/session.js';
import { asBibunError } from '../../lib/base/errors.js';
import { exitStatus } from '../../lib/app/exit.js';
import { bibun } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'bibun-files-'));
const fifo = join(dir, 'fifo');
const hasFifo = spawnSync('mkfifo', [fifo]).status === 0;

test('reads refuse devices, FIFOs, directories and files over the limit, at once', (t) => {
  if (existsSync('/dev/zero'))
    t.throws(() => readInputFile('/dev/zero'), { message: /not a regular file/ });
  if (hasFifo) t.throws(() => readInputFile(fifo), { message: /not a regular file/ });
  t.throws(() => readInputFile(dir), { message: /directory/ });
  const big = join(dir, 'big');
  writeFileSync(big, '');
  truncateSync(big, maxFileBytes + 1);
  t.throws(() => readInputFile(big), { message: /input limit/ });
  writeFileSync(join(dir, 'ok'), 'x + 1');
  t.is(readInputFile(join(dir, 'ok')), 'x + 1');
});

test('--rules /dev/zero (or a FIFO) is a one-line error, exit 2; so is :load', (t) => {
  const target = hasFifo ? fifo : '/dev/zero';
  const r = bibun(['diff', 'x', 'x', '--rules', target]);
  t.is(r.status, 2);
  t.regex(r.stderr, /^bibun: cannot read .*not a regular file/);
  t.is(r.stderr.trimEnd().split('\n').length, 1);
  const s = new Session(nodeIO);
  t.regex(s.eval(`:load ${target}`), /not a regular file/);
  t.is(s.eval('1 + 1'), '2\n# tree size 1, DAG size 1');
});

test('BIBUN_HISTORY=/dev/zero (or a FIFO) does not stop the REPL from starting', (t) => {
  const r = bibun([], ':quit\n', { ...process.env, BIBUN_HISTORY: hasFifo ? fifo : '/dev/zero' });
  t.is(r.status, 0);
  t.regex(r.stdout, /bibun — a term-rewriting CAS/);
});

test(':dot refuses to overwrite without --force and writes exactly the file named', (t) => {
  const s = new Session(nodeIO);
  const file = join(dir, 'g.dot');
  t.is(s.eval(`:dot x + 1 ${file}`), `wrote ${file}`);
  t.regex(s.eval(`:dot x + 2 ${file}`), /exists: add --force/);
  t.regex(readFileSync(file, 'utf8'), /"1"|1/);
  t.is(s.eval(`:dot x + 2 ${file} --force`), `wrote ${file}`);
  const sub = join(dir, 'd.svg');
  mkdirSync(sub);
  t.regex(s.eval(`:dot x + 1 ${sub}`), /directory/);
  t.false(existsSync(join(dir, 'd.dot')));
  t.throws(() => writeNewFile(dir, 'x'), { message: /directory/ });
});

async function* chunks(parts: readonly (string | Buffer)[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p) : p;
}

test('batch lines: only \\n ends a line, CRLF is one line end, a lone \\r is not', async (t) => {
  const lines: unknown[] = [];
  for await (const l of boundedLines(chunks(['a\rb\r\nc', 'd\n', 'e']), 100)) lines.push(l);
  t.deepEqual(lines, [
    { kind: 'line', text: 'a\rb' },
    { kind: 'line', text: 'cd' },
    { kind: 'line', text: 'e' },
  ]);
});

test('a batch line over the limit (here 600 MB) is answered with an error and the stream goes on', async (t) => {
  const mb = Buffer.alloc(1 << 20, 0x78);
  const big = Math.ceil((600 << 20) / mb.length);
  t.true(big * mb.length > maxLineBytes);
  async function* input(): AsyncGenerator<Buffer> {
    yield Buffer.from('{"id":1,"op":"parse","expr":"');
    for (let i = 0; i < big; i++) yield mb;
    yield Buffer.from('"}\n{"id":2,"op":"parse","expr":"x\\ry"}\r\n');
  }
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  await runBatch(input() as unknown as NodeJS.ReadableStream, out);
  const [a, b, ...rest] = text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  t.is(rest.length, 0);
  t.is(a.ok, false);
  t.is(a.error.kind, 'limit');
  t.is(b.id, 2);
});

test('internal errors have their own kind and exit status, one line', (t) => {
  const e = asBibunError(new TypeError('boom\n    at somewhere'));
  t.is(e.kind, 'internal');
  t.is(e.message, 'internal error: boom');
  t.is(exitStatus('internal'), 3);
  t.is(exitStatus('usage'), 2);
  t.regex(bibun(['--help']).stdout, /3 an internal error/);
});
