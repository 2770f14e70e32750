/**
 * The command line's exit statuses (DESIGN.md's contract, plus `internal`): kept in a module of
 * their own so that the entry point (app/cli.ts) needs nothing heavier to report an error.
 */
import type { ErrorKind } from '../base/errors.js';

/** Exit status: success. */
export const exitOk = 0;
/** Exit status: a check failed (`check`, `check-rules`). */
export const exitCheckFailed = 1;
/** Exit status: bad input or usage (the user's to fix). */
export const exitUsage = 2;
/** Exit status: an internal error, a bug in bibun (not the user's input). */
export const exitInternal = 3;

/** The exit status of an error of `kind`. */
export function exitStatus(kind: ErrorKind): number {
  return kind === 'internal' ? exitInternal : exitUsage;
}
