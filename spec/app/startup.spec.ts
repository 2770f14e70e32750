import test from 'ava';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Start-up is paid only for what is used: the static import graph of the built modules (the
 * JavaScript, where type-only imports are gone) shows what `import 'bibun'` and
 * `bibun --version` load. Times are measured by `npm run bench` (workload `startup`).
 */
const lib = fileURLToPath(new URL('../../lib/', import.meta.url));

/** Every module reachable by static imports from `entry` (bare specifiers as themselves). */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.startsWith('/')) continue;
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(
      /^(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]/gm,
    )) {
      const spec = m[1] ?? m[2];
      todo.push(spec.startsWith('.') ? resolve(dirname(file), spec) : spec);
    }
  }
  return seen;
}

test("import 'bibun' does not load fast-check or lib/check", (t) => {
  const mods = [...reachable(join(lib, 'index.js'))];
  t.true(mods.length > 10);
  t.false(mods.includes('fast-check'), 'fast-check');
  // Only the reader of `a..b` (no fast-check) is needed before a check runs.
  t.deepEqual(
    mods.filter((m) => m.includes('/lib/check/') && !m.endsWith('/lib/check/domain.js')),
    [],
  );
});

test('bibun/testing does load the toolkit', (t) => {
  const mods = [...reachable(join(lib, 'testing.js'))];
  t.true(mods.includes('fast-check'));
});

test('the CLI entry point statically imports nothing heavy (--version is as fast as Node)', (t) => {
  const mods = [...reachable(join(lib, 'app/cli.js'))].map((m) =>
    m.startsWith('/') ? m.slice(lib.length) : m,
  );
  t.deepEqual(mods.sort(), ['app/cli.js', 'app/exit.js', 'base/errors.js', 'node:fs'].sort());
});
