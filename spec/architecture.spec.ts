import test from 'ava';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The layering of lib/ (README, "Architecture"): a module imports only from lower layers (or
 * its own). Unknown modules fail the test, so a new module must be placed in a layer here.
 */
const layers: Record<string, number> = {
  errors: 0, rational: 0, signature: 0,
  term: 1,
  traverse: 2, print: 2, evaluate: 2, pattern: 2, matcher: 2, template: 2, dominators: 2, syntax: 2,
  guards: 3, rule: 3, parse: 3, reader: 3,
  strategy: 4, ruleset: 4, run: 4, traversal: 4, normalize: 4, fold: 4, trace: 4, expand: 4,
  simplify: 5, diff: 5, compile: 5, soundness: 5,
  index: 6, testing: 6, commands: 6, session: 6,
  cli: 7, repl: 7, batch: 7,
};

const root = fileURLToPath(new URL('../../lib/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** `diff/graph.ts` belongs to the layer of `diff`. */
function layerOf(file: string): number | undefined {
  const name = relative(root, file).replace(/\.ts$/, '').split('/')[0];
  return layers[name];
}

test('no module imports from a higher layer, and only parse imports ohm-js', (t) => {
  for (const file of sources(root)) {
    const mine = layerOf(file);
    t.not(mine, undefined, `${relative(root, file)} has no layer in spec/architecture.spec.ts`);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)) {
      const spec = m[1];
      if (spec === 'ohm-js') t.is(relative(root, file), 'parse.ts', 'only parse.ts imports ohm-js');
      if (!spec.startsWith('.')) continue;
      const target = join(file, '..', spec.replace(/\.js$/, '.ts'));
      const theirs = layerOf(target);
      t.not(theirs, undefined, `${relative(root, file)} imports unknown ${spec}`);
      t.true(theirs! <= mine!, `${relative(root, file)} (layer ${mine}) imports ${spec} (layer ${theirs})`);
    }
  }
});

test('only the front ends touch process, readline or stdin', (t) => {
  for (const file of sources(root)) {
    const name = relative(root, file).replace(/\.ts$/, '');
    if (['cli', 'repl', 'batch'].includes(name)) continue;
    // Comments may mention process.exit (e.g. as an injection attempt compile refuses).
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    t.false(/node:readline|process\.(stdin|stdout|exit|argv)/.test(text), `${name} uses process I/O`);
  }
});
