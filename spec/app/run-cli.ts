/** Runs the built CLI in a child process, for the front-end specs (not a spec itself). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI's path. */
export const cliPath = fileURLToPath(new URL('../../lib/app/cli.js', import.meta.url));

/** Runs `bibun ARGS` and returns exit status, stdout and stderr. */
export function bibun(
  args: readonly string[],
  input?: string,
  env: NodeJS.ProcessEnv = process.env,
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    input,
    env,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 << 20,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
