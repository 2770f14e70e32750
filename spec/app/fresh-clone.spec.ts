import test from 'ava';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * README's `$ npx bibun ...` lines, run as README says: in a fresh clone of the repository,
 * built by `npm run build`, through `npx` (so the bin's execute bit matters), not through
 * `node dist/...`. node_modules is the checkout's own, linked (no network). Skipped with a
 * notice where git is unavailable.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const hasGit =
  spawnSync('git', ['--version']).status === 0 &&
  spawnSync('git', ['-C', root, 'rev-parse', 'HEAD']).status === 0;

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'bibun-clone-'));
const clone = join(dir, 'bibun');
const work = join(dir, 'work');

/** The README's `$ npx bibun` lines with what they print. */
function readmeLines(readme: string): { command: string; expected: string }[] {
  const lines: { command: string; expected: string }[] = [];
  for (const m of readme.matchAll(/^```sh\n(\$ [\s\S]*?)^```$/gm)) {
    for (const chunk of m[1].split(/^\$ /m).slice(1)) {
      const [command, ...expected] = chunk.split('\n');
      if (command.includes('npx bibun')) lines.push({ command, expected: expected.join('\n') });
    }
  }
  return lines;
}

const lines = readmeLines(readFileSync(join(root, 'README.md'), 'utf8'));

if (hasGit) {
  test.before(async () => {
    await run('git', ['clone', '--quiet', root, clone]);
    symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'));
    await run('npm', ['run', 'build'], { cwd: clone, timeout: 150_000 });
    const readme = readFileSync(join(clone, 'README.md'), 'utf8');
    mkdirSync(join(work, 'examples'), { recursive: true });
    for (const m of readme.matchAll(/^```rules\n(# (\S+\.rules)[\s\S]*?)^```$/gm))
      writeFileSync(join(work, 'examples', m[2]), m[1]);
  });

  test('the clone builds an executable CLI; README has npx bibun lines', (t) => {
    t.truthy(statSync(join(clone, 'dist/lib/app/cli.js')).mode & 0o100, 'the CLI is executable');
    t.true(lines.length >= 10);
  });

  for (const { command, expected } of lines) {
    test.serial(`fresh clone: ${command}`, async (t) => {
      // npx with the clone as prefix resolves the package's own bin, offline; the examples'
      // files are in \`work\`.
      const npx = `npx --offline --prefix ${JSON.stringify(clone)} bibun`;
      const r = await run(
        'bash',
        ['-c', `cd ${JSON.stringify(work)} && ${command.replaceAll('npx bibun', npx)}`],
        {
          timeout: 90_000,
        },
      ).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
      t.is(r.stdout, expected, command);
    });
  }
} else {
  test('fresh clone (skipped: git is not available)', (t) => t.pass());
}
