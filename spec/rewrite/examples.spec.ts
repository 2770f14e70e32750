import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../../lib/app/session.js';
import { ruleSoundness } from '../../lib/check/toolkit.js';
import { describeFailedExample, failingExamples } from '../../lib/rewrite/examples.js';
import { RuleLibrary } from '../../lib/rewrite/library.js';

const text = [
  'ruleset peano',
  '  add-z: add(z, ?n) -> ?n',
  '  add-s: add(s(?m), ?n) -> s(add(?m, ?n))',
  'example peano: add(s(z), s(z)) => s(s(z))',
  'example peano: add(s(z), z) => s(s(z))',
].join('\n');

test('a false example is found, named by file:line, with expected and actual', (t) => {
  const lib = RuleLibrary.empty().loadText(text, 'p.rules');
  const bad = failingExamples(lib);
  t.is(bad.length, 1);
  t.is(
    describeFailedExample(bad[0]),
    'p.rules:5: example peano: add(s(z), z) => s(s(z)) does not hold: expected s(s(z)), got s(z)',
  );
  t.deepEqual(failingExamples(lib, 'other.rules'), []);
});

test(':load runs the file’s examples and warns of a false one; the file stays loaded', (t) => {
  const s = new Session({ readFile: () => text, writeFile: () => undefined });
  t.is(
    s.eval(':load p.rules'),
    'loaded p.rules: 2 rules\nwarning: p.rules:5: example peano: add(s(z), z) => s(s(z)) does not hold: expected s(s(z)), got s(z)',
  );
  t.regex(s.eval(':rules'), /add-s/);
});

test('check-rules fails on a false example', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bibun-examples-'));
  const file = join(dir, 'p.rules');
  writeFileSync(file, text);
  const report = ruleSoundness(file, { seed: 1, numRuns: 10 });
  t.false(report.sound);
  t.is(report.failures.length, 1);
  t.regex(report.failures[0], /p\.rules:5: example peano: .* expected s\(s\(z\)\), got s\(z\)$/);
  writeFileSync(file, text.split('\n').slice(0, 4).join('\n'));
  t.true(ruleSoundness(file, { seed: 1, numRuns: 10 }).sound);
});
