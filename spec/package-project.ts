/**
 * A throw-away npm project that depends on this package as its users' projects do: a temporary
 * directory whose `node_modules/bibun` is a symbolic link to the repository (so `bibun` and
 * `bibun/testing` resolve through package.json `exports` to the built dist/), type-checked with
 * the repository's TypeScript compiler and run with node. Used by spec/package.spec.ts and by
 * spec/readme.spec.ts for the README's library examples.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is built to dist/spec/). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** How a project is set up: its module type and TypeScript's module setting. */
export interface ProjectOptions {
  readonly type: 'module' | 'commonjs';
  readonly module: 'node16' | 'nodenext';
  /** Source files by name (`index.ts`); each is compiled to out/<name>.js. */
  readonly files: Readonly<Record<string, string>>;
}

/** The outcome of a command: status and output, for assertion messages. */
export interface Outcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A created project: where it is, and how to check and run it. */
export interface Project {
  readonly dir: string;
  /** tsc -p on the project (strict). */
  typeCheck(): Promise<Outcome>;
  /** node out/<name>.js (a source file name, `.ts` replaced by `.js`). */
  run(file: string): Promise<Outcome>;
  remove(): void;
}

/** Runs a command to its end without blocking (projects are checked concurrently). */
function command(file: string, args: readonly string[], cwd: string): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ status, stdout, stderr });
    });
  });
}

/** Creates a project that depends on bibun through a link to the repository. */
export function project(o: ProjectOptions): Project {
  const dir = mkdtempSync(join(tmpdir(), `bibun-${o.type}-`));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repoRoot, join(dir, 'node_modules', 'bibun'), 'dir');
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `bibun-${o.type}-user`, private: true, type: o.type }, null, 2),
  );
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: o.module,
          moduleResolution: o.module,
          strict: true,
          outDir: 'out',
          rootDir: '.',
          // The declarations themselves were checked when they were built.
          skipLibCheck: true,
          // The repository's @types/node, for `node:assert` (the project installs nothing).
          typeRoots: [join(repoRoot, 'node_modules/@types')],
          types: ['node'],
        },
        include: Object.keys(o.files),
      },
      null,
      2,
    ),
  );
  for (const [name, text] of Object.entries(o.files)) writeFileSync(join(dir, name), text);
  return {
    dir,
    typeCheck: () => command(join(repoRoot, 'node_modules/.bin/tsc'), ['-p', '.'], dir),
    run: (file) => command(process.execPath, [join('out', file.replace(/\.ts$/, '.js'))], dir),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
