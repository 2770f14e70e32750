import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RuleLibrary, runExample } from '../lib/rewrite/library.js';
import { BibunError } from '../lib/base/errors.js';
import { Session } from '../lib/app/session.js';
import { project } from './package-project.js';

/**
 * Every code example of README.md runs here (and the `rules` blocks of rules/README.md): `rules` blocks load (and their `example` lines
 * hold), `$ npx bibun` lines of `sh` blocks print what the README says, `text` blocks of
 * `bibun>` lines replay as a REPL session, `ts` blocks run (ava's `test` stubbed), and the `ts`
 * blocks of the "Library API" section are type-checked and run in a project of their own (an ES
 * module project, or a CommonJS one for a block that says so) that depends on the built package.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
/** The `## ` section each offset of the README is in. */
const sectionAt = (offset: number) =>
  [...readme.slice(0, offset).matchAll(/^## (.*)$/gm)].pop()?.[1] ?? '';
const blocks = [...readme.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => ({
  lang: m[1],
  body: m[2],
  section: sectionAt(m.index),
}));
const apiSection = 'Library API';
const cli = join(root, 'dist/lib/app/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'bibun-readme-'));
mkdirSync(join(dir, 'examples'));

for (const b of blocks.filter((b) => b.lang === 'rules')) {
  const name = /^# (\S+\.rules)/.exec(b.body)?.[1];
  if (name) writeFileSync(join(dir, 'examples', name), b.body);
}

test('rules blocks load and their examples hold', (t) => {
  const rules = blocks.filter((b) => b.lang === 'rules');
  t.true(rules.length >= 2);
  for (const b of rules) {
    const lib = RuleLibrary.empty().loadText(b.body, 'README');
    for (const ex of lib.examples) t.true(runExample(lib, ex).ok, ex.text);
  }
});

test('rules blocks of rules/README.md load and their examples hold', (t) => {
  const text = readFileSync(join(root, 'rules', 'README.md'), 'utf8');
  const rules = [...text.matchAll(/^```rules\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  t.true(rules.length >= 3);
  for (const body of rules) {
    const lib = RuleLibrary.empty().loadText(body, 'rules/README.md');
    t.true(lib.examples.size > 0);
    for (const ex of lib.examples) t.true(runExample(lib, ex).ok, ex.text);
  }
});

test('sh blocks: each $ npx bibun line prints what the README shows', (t) => {
  let n = 0;
  for (const b of blocks.filter((b) => b.lang === 'sh' && b.body.startsWith('$ '))) {
    for (const chunk of b.body.split(/^\$ /m).slice(1)) {
      const [command, ...expected] = chunk.split('\n');
      const r = spawnSync('bash', ['-c', command.replaceAll('npx bibun', `node ${cli}`)], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
      });
      t.is(r.stdout, expected.join('\n'), command);
      t.is(r.stderr, '', command);
      n++;
    }
  }
  t.true(n >= 10);
});

test('text blocks of bibun> lines replay as a REPL session', (t) => {
  const sessions = blocks.filter((b) => b.lang === 'text' && b.body.startsWith('bibun> '));
  t.true(sessions.length >= 1);
  for (const b of sessions) {
    const s = new Session({
      readFile: (p) => readFileSync(join(dir, p), 'utf8'),
      writeFile: () => {
        throw new BibunError('io', 'no writes in README examples');
      },
    });
    for (const chunk of b.body.split(/^bibun> /m).slice(1)) {
      const [input, ...expected] = chunk.trimEnd().split('\n');
      t.is(s.eval(input), expected.join('\n'), input);
    }
  }
});

test('ts blocks run', async (t) => {
  const ts = blocks.filter((b) => b.lang === 'ts' && b.section !== apiSection);
  t.true(ts.length >= 1);
  for (const [i, b] of ts.entries()) {
    const lib = pathToFileURL(join(root, 'dist/lib/')).href;
    const source = b.body
      .replace(
        "import test from 'ava';",
        'const tests = []; const test = (name, f) => tests.push([name, f]); export { tests };',
      )
      .replaceAll("from 'bibun/testing'", `from '${lib}testing.js'`)
      .replaceAll("from 'bibun'", `from '${lib}index.js'`)
      .replaceAll("'examples/", `'${join(dir, 'examples')}/`);
    // Beside the specs, so that `fast-check` resolves from this package's node_modules.
    const file = fileURLToPath(new URL(`./readme-example-${i}.mjs`, import.meta.url));
    writeFileSync(file, source);
    const mod = (await import(pathToFileURL(file).href)) as {
      tests: [string, (t: unknown) => void][];
    };
    unlinkSync(file);
    t.true(mod.tests.length > 0);
    for (const [name, f] of mod.tests) t.notThrows(() => f(t), name);
  }
});

test('Library API blocks type-check and run in ESM and CommonJS projects using the package', async (t) => {
  const api = blocks.filter((b) => b.lang === 'ts' && b.section === apiSection);
  const kinds = api.map((b) => (/^\/\/ A CommonJS module/.test(b.body) ? 'commonjs' : 'module'));
  t.deepEqual([...new Set(kinds)].sort(), ['commonjs', 'module']);
  await Promise.all(
    api.map(async (b, i) => {
      const p = project({ type: kinds[i], module: 'node16', files: { 'index.ts': b.body } });
      try {
        const checked = await p.typeCheck();
        t.is(checked.status, 0, `${kinds[i]} block ${i}: ${checked.stdout}${checked.stderr}`);
        const ran = await p.run('index.ts');
        t.is(ran.status, 0, `${kinds[i]} block ${i}: ${ran.stderr}`);
      } finally {
        p.remove();
      }
    }),
  );
});
