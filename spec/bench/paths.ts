/** Paths of the repository, found from the compiled file's location (dist/spec/bench/…). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'spec'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

/** The repository's root directory. */
export const repoRoot: string = findRoot();

/** A path inside the repository. */
export function repoFile(relative: string): string {
  return join(repoRoot, relative);
}
