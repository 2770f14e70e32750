/**
 * The time budget of one symbolic differentiation. The methods are synchronous loops over the
 * DAG or the differentiation graph; they call {@link tick} once per node or factoring step, and
 * the clock is read every 256 ticks, so a run stops within a few milliseconds of its budget.
 *
 * The budget is set for the duration of one call ({@link withTimeBudget}) rather than threaded
 * through every helper; nested calls keep their own budget.
 */
import { BibunError } from '../base/errors.js';

/** Default wall-clock budget of one differentiation, in milliseconds (as rewriting's). */
export const defaultDiffTimeMs = 10_000;

let deadline = Infinity;
let budgetMs = 0;
let ticks = 0;

/** Counts a unit of work; throws a `limit` error once the current budget has run out. */
export function tick(): void {
  if ((++ticks & 255) !== 0 || deadline === Infinity) return;
  if (performance.now() > deadline) {
    throw new BibunError(
      'limit',
      `differentiation took longer than its time budget (${budgetMs} ms); raise it with --time, :set time=MS or "limits": {"time": MS}`,
    );
  }
}

/** Runs `f` with a time budget of `ms` milliseconds (Infinity: none). */
export function withTimeBudget<T>(ms: number, f: () => T): T {
  const saved = deadline;
  const savedMs = budgetMs;
  deadline = Number.isFinite(ms) ? performance.now() + ms : Infinity;
  budgetMs = ms;
  try {
    return f();
  } finally {
    deadline = saved;
    budgetMs = savedMs;
  }
}
