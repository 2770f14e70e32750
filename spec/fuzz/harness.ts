/**
 * Runs the fuzz entries: for each, N cases of its hostile input with a fixed seed; a case fails
 * when it throws anything but a BibunError, or takes longer than the time limit.
 */
import fc from 'fast-check';
import { BibunError } from '../../lib/base/errors.js';
import type { Entry } from './entries.js';

/** Outcome of fuzzing one entry point. */
export interface FuzzReport {
  readonly name: string;
  readonly cases: number;
  readonly values: number;
  readonly errors: number;
  readonly slowest: number;
  readonly failure?: string;
}

/** Fuzzes one entry with `numRuns` cases; `slowMs` bounds each case. */
export function fuzz(entry: Entry, numRuns: number, seed: number, slowMs = 5000): FuzzReport {
  let values = 0;
  let errors = 0;
  let slowest = 0;
  const result = fc.check(
    fc.property(entry.input(), (input) => {
      const t0 = performance.now();
      try {
        if (entry.check) entry.check(input);
        else entry.run(input);
        values++;
      } catch (e) {
        if (!(e instanceof BibunError)) throw e;
        if (/internal error/.test(e.message)) throw e;
        errors++;
      }
      const ms = performance.now() - t0;
      slowest = Math.max(slowest, ms);
      if (ms > slowMs) throw new Error(`took ${ms.toFixed(0)} ms (limit ${slowMs} ms)`);
    }),
    { seed, numRuns, endOnFailure: true },
  );
  const base = { name: entry.name, cases: result.numRuns, values, errors, slowest };
  if (!result.failed) return base;
  const input = JSON.stringify(result.counterexample?.[0] ?? '').slice(0, 300);
  const err =
    result.errorInstance instanceof Error
      ? result.errorInstance.message
      : String(result.errorInstance);
  return { ...base, failure: `${err.split('\n')[0]} on input ${input}` };
}
