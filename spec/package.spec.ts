import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { project, repoRoot } from './package-project.js';

/**
 * The package as its users see it: `bibun` and `bibun/testing` resolve through package.json
 * `exports`, with their types, from an ES module project and from a CommonJS one (README,
 * "Library API", says why there is one ES module build). Each project is type-checked with the
 * repository's TypeScript (`module: nodenext`; spec/readme.spec.ts checks the README's examples
 * under `node16`) and run with node. A `@ts-expect-error` on a misuse in each file fails the
 * check if the types did not resolve (an unresolved module would be `any`, and the directive
 * unused).
 */

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  exports: Record<string, { types: string; default: string }>;
};

const useBoth = `
  const t: Term = simplify(parse('x*y/x'));
  if (String(t) !== 'y') throw new Error('simplify gave ' + String(t));
  if (!checkIdentity('x*x == x^2').holds) throw new Error('checkIdentity');
  // @ts-expect-error: a term is not a number (the types resolved).
  const n: number = parse('x');
  console.log(String(t), typeof n);
`;

test('every entry of exports names its types and its module, and both are built', (t) => {
  t.deepEqual(Object.keys(pkg.exports).sort(), ['.', './testing']);
  for (const [entry, target] of Object.entries(pkg.exports)) {
    t.deepEqual(Object.keys(target), ['types', 'default'], entry);
    t.true(existsSync(join(repoRoot, target.types)), target.types);
    t.true(existsSync(join(repoRoot, target.default)), target.default);
    t.is(target.types, target.default.replace(/\.js$/, '.d.ts'));
  }
});

test('an ES module project imports bibun and bibun/testing, with types', async (t) => {
  const p = project({
    type: 'module',
    module: 'nodenext',
    files: {
      'index.ts': `import { parse, simplify, type Term } from 'bibun';
import { checkIdentity } from 'bibun/testing';
${useBoth}`,
    },
  });
  try {
    const checked = await p.typeCheck();
    t.is(checked.status, 0, checked.stdout + checked.stderr);
    const ran = await p.run('index.ts');
    t.is(ran.status, 0, ran.stderr);
    t.is(ran.stdout, 'y object\n');
  } finally {
    p.remove();
  }
});

test('a CommonJS project loads both with import(), and with require() where Node can', async (t) => {
  const p = project({
    type: 'commonjs',
    module: 'nodenext',
    files: {
      'index.ts': `import type { Term } from 'bibun' with { 'resolution-mode': 'import' };
async function main(): Promise<void> {
  const { parse, simplify } = await import('bibun');
  const { checkIdentity } = await import('bibun/testing');
${useBoth}}
void main();
`,
      // TypeScript compiles these imports to require() (accepted under nodenext, not node16).
      'required.ts': `import { parse, simplify, type Term } from 'bibun';
import { checkIdentity } from 'bibun/testing';
${useBoth}`,
    },
  });
  try {
    const checked = await p.typeCheck();
    t.is(checked.status, 0, checked.stdout + checked.stderr);
    const ran = await p.run('index.ts');
    t.is(ran.status, 0, ran.stderr);
    t.is(ran.stdout, 'y object\n');
    // Node loads an ES module with require() from 20.19 (process.features.require_module).
    if ((process.features as { require_module?: boolean }).require_module === true) {
      const required = await p.run('required.ts');
      t.is(required.status, 0, required.stderr);
      t.is(required.stdout, 'y object\n');
    }
  } finally {
    p.remove();
  }
});
