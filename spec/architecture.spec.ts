import test from 'ava';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The layering of lib/, read from README's "Architecture" section: its layer table gives each
 * folder a layer, its module map lists every module. The tree, the imports and the README must
 * agree, so the map cannot drift from the code.
 */
const repo = fileURLToPath(new URL('../../', import.meta.url));
const libRoot = join(repo, 'lib');
const readme = readFileSync(join(repo, 'README.md'), 'utf8');
const architecture = readme.slice(readme.indexOf('## Architecture'));

/** `| 3 | \`match/\` | ... |` rows: folder → layer (`lib/` is the top-level entry files). */
const layerOfFolder = new Map<string, number>();
for (const m of architecture.matchAll(/^\| (\d+) \| `([a-z-]+)\/` \|/gm)) {
  layerOfFolder.set(m[2] === 'lib' ? '' : m[2], Number(m[1]));
}

/** `| \`lib/term/term.ts\` | ... |` rows. */
const mapped = new Set([...architecture.matchAll(/^\| `(lib\/[^`]+\.ts)` \|/gm)].map((m) => m[1]));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const files = sources(libRoot).map((p) => relative(repo, p));

/** `lib/diff/graph.ts` → `diff`; `lib/index.ts` → `` (the top). */
function folderOf(file: string): string {
  const parts = relative('lib', file).split('/');
  return parts.length === 1 ? '' : parts[0];
}

/** The relative imports of a module, as repository paths of .ts files. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(repo, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(
    /(?:^(?:import|export)[^'"]*from\s+|import\s*\(\s*)['"]([^'"]+)['"]/gm,
  )) {
    if (m[1].startsWith('.')) out.push(join(dirname(file), m[1].replace(/\.js$/, '.ts')));
  }
  return out;
}

test('README lists every module of lib/ and nothing else', (t) => {
  t.true(layerOfFolder.size >= 8, 'the layer table was not found in README');
  t.deepEqual([...files].sort(), [...mapped].sort());
});

test('every folder of lib/ is a layer of the table', (t) => {
  for (const file of files)
    t.true(layerOfFolder.has(folderOf(file)), `${file}: its folder has no layer in README`);
});

test('no module imports from a higher layer', (t) => {
  for (const file of files) {
    const mine = layerOfFolder.get(folderOf(file))!;
    for (const target of importsOf(file)) {
      t.true(files.includes(target), `${file} imports ${target}, which is not a module`);
      const theirs = layerOfFolder.get(folderOf(target))!;
      t.true(theirs <= mine, `${file} (layer ${mine}) imports ${target} (layer ${theirs})`);
      if (theirs === mine && folderOf(target) !== folderOf(file)) {
        t.fail(`${file} imports ${target}: folders of one layer do not import each other`);
      }
    }
  }
});

test('there are no import cycles', (t) => {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  // Iterative depth-first search; a back edge to an open node closes a cycle.
  for (const start of files) {
    if (state.has(start)) continue;
    const stack: { file: string; next: number }[] = [{ file: start, next: 0 }];
    state.set(start, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const deps = graph.get(top.file) ?? [];
      if (top.next === deps.length) {
        state.set(top.file, 'done');
        stack.pop();
        continue;
      }
      const dep = deps[top.next++];
      if (state.get(dep) === 'open') {
        const from = stack.findIndex((s) => s.file === dep);
        cycles.push([...stack.slice(from).map((s) => s.file), dep].join(' → '));
      } else if (!state.has(dep)) {
        state.set(dep, 'open');
        stack.push({ file: dep, next: 0 });
      }
    }
  }
  t.deepEqual(cycles, []);
});

test('only syntax/semantics.ts loads ohm-js (other syntax modules may import its types)', (t) => {
  for (const file of files) {
    const text = readFileSync(join(repo, file), 'utf8');
    if (/^import (?!type\b)[^;]*from\s+['"]ohm-js['"]|\(['"]ohm-js['"]\)/m.test(text))
      t.is(file, 'lib/syntax/semantics.ts');
    // The browser build names the package for its `createRequire` stand-in, which hands
    // syntax/semantics.ts the module it asks for (the bundle cannot require at run time).
    if (/['"]ohm-js['"]/.test(text))
      t.true(file.startsWith('lib/syntax/') || file === 'lib/web/build.ts', file);
  }
});

test('only the front ends touch process, readline or stdin', (t) => {
  // web/serve.ts is `npm run web`: a front end of its own (arguments, a server, exit status).
  const frontEnds = ['lib/app/cli.ts', 'lib/app/repl.ts', 'lib/app/batch.ts', 'lib/web/serve.ts'];
  for (const file of files) {
    if (frontEnds.includes(file)) continue;
    // Comments may mention process.exit (e.g. as an injection attempt compile refuses).
    const text = readFileSync(join(repo, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    t.false(
      /node:readline|process\.(stdin|stdout|exit|argv)/.test(text),
      `${file} uses process I/O`,
    );
  }
});
