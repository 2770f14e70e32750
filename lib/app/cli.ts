#!/usr/bin/env node
/**
 * The command line's entry point. See `bibun --help` and DESIGN.md's contract: exit status 0 on
 * success, 1 for a failed check, 2 for bad input or usage, 3 for an internal error (a bug in
 * bibun); errors go to stderr as one line (plus the caret line for syntax errors), never a stack
 * trace.
 *
 * This module imports nothing but Node's file system, the error type and the exit statuses, so `bibun --version`
 * starts as fast as Node itself; the commands (app/cli-run.ts), the REPL and batch are loaded
 * with dynamic imports once it is clear which is needed.
 */
import { readFileSync } from 'node:fs';
import { asBibunError } from '../base/errors.js';
import { exitStatus } from './exit.js';

async function main(argv: readonly string[]): Promise<number> {
  const words = argv.slice(0, argv.indexOf('--') < 0 ? argv.length : argv.indexOf('--'));
  if (words[0] === 'version' || (words.includes('--version') && !words.includes('--help'))) {
    const pkg = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    process.stdout.write(`bibun ${pkg.version}\n`);
    return 0;
  }
  const { runCli } = await import('./cli-run.js');
  return runCli(argv, (s) => process.stdout.write(s));
}

// A reader that stops early (`bibun parse ... | head -1`) closes the pipe: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const err = asBibunError(e);
    process.stderr.write(`bibun: ${err.display()}\n`);
    process.exitCode = exitStatus(err.kind);
  },
);
