/**
 * Where identity checks sample, as options and as users type them (`--domain a..b`). Kept apart
 * from lib/check/grid.ts so that front ends can read the options without loading fast-check.
 */
import { BibunError } from '../base/errors.js';

/** Where to sample: the options identity checks share with the CLI's `--domain` and `--positive`. */
export interface SamplingOptions {
  /** One interval [a, b] for every variable, or one per variable name (others: the whole grid). */
  readonly domain?: readonly [number, number] | Readonly<Record<string, readonly [number, number]>>;
  /** Sample positive values only (within `domain` when both are given). */
  readonly positive?: boolean;
}

/**
 * Reads a domain as typed on the command line, `a..b` (`-1..1`, `0.5..1e3`).
 *
 * @throws BibunError `usage` for anything else, or for a > b.
 */
export function parseDomain(text: string): readonly [number, number] {
  const m = /^\s*([^.\s][^\s]*?)\s*\.\.\s*([^\s]+)\s*$/.exec(text);
  const lo = m ? Number(m[1]) : NaN;
  const hi = m ? Number(m[2]) : NaN;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi))
    throw new BibunError('usage', `--domain needs a..b with numbers a ≤ b, got '${text}'`);
  return [lo, hi];
}
