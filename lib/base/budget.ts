/**
 * Budgets: the one object that bounds a computation — steps, wall-clock time, term size, nesting
 * depth — and the one way every loop consults it.
 *
 * A front end (CLI, batch request, REPL input) creates one {@link Budget} per computation and
 * runs the computation inside {@link withBudget}. Code that is handed the budget (a rewriting
 * run) checks it directly; code deep below that knows nothing of runs (exact rational
 * arithmetic, the matcher, the polynomial core, the differentiation loops) calls
 * {@link pollBudget}, which counts calls and reads the clock only now and then, so it costs a
 * counter increment on the hot path. Outside {@link withBudget} nothing is bounded by time.
 *
 * Running out throws a {@link BudgetExceeded} (a {@link BibunError} of kind `limit`) whose
 * message names the budget and how to raise it, e.g.
 * `stopped after 10000 ms (time budget; raise it with --time MS, :set time=MS or "limits": {"time": MS})`.
 */
import { BibunError } from './errors.js';

// The one stack-overflow test lives beside the error type (errors.ts needs it and cannot import
// this module, which imports errors.ts); it belongs to the budget contract, so it is here too.
export { isStackOverflow } from './errors.js';

/** Budgets of one computation. */
export interface Limits {
  /** Rewrite steps (successful rule applications). */
  readonly maxSteps: number;
  /** Wall-clock milliseconds. */
  readonly maxTimeMs: number;
  /** Distinct nodes (dagSize) of any term a computation produces. */
  readonly maxSize: number;
  /** Trace entries kept (later steps are counted, not recorded). */
  readonly maxTrace: number;
}

/** The default budgets. */
export const defaultLimits: Limits = Object.freeze({
  maxSteps: 1_000_000,
  maxTimeMs: 10_000,
  maxSize: 1_000_000,
  maxTrace: 10_000,
});

/** Which budget ran out. */
export type BudgetName = 'steps' | 'time' | 'size' | 'depth';

/** How a user raises each budget, in every front end. */
const howToRaise: Record<BudgetName, string> = {
  steps: 'raise it with --steps N, :set steps=N or "limits": {"steps": N}',
  time: 'raise it with --time MS, :set time=MS or "limits": {"time": MS}',
  size: 'raise it with --size N, :set size=N or "limits": {"size": N}',
  depth: 'a limit of the strategy, which no setting raises',
};

/**
 * The sentence a stop shows: what happened, the budget's name, and how to raise it.
 *
 * @example budgetMessage('time', 'stopped after 10000 ms') ===
 *   'stopped after 10000 ms (time budget; raise it with --time MS, :set time=MS or "limits": {"time": MS})'
 */
export function budgetMessage(budget: BudgetName, what: string): string {
  return `${what} (${budget} budget; ${howToRaise[budget]})`;
}

/** A budget ran out. */
export class BudgetExceeded extends BibunError {
  constructor(
    readonly budget: BudgetName,
    what: string,
  ) {
    super('limit', budgetMessage(budget, what));
  }
}

/** About how often (milliseconds of work) a budget looks at the clock. */
const CHECK_MS = 4;

/** The budgets of one computation, with its clock. */
export class Budget {
  readonly limits: Limits;
  readonly start = performance.now();
  /**
   * When the time is spent: the budget's own time from its start, or the deadline of the
   * computation it is nested in (the budget in force when it was created), whichever is
   * first. A request's budget starts before its input is read; the rewriting run, the
   * differentiation, the check inside it each make a budget of their own, and without the outer
   * deadline each would get the whole time again.
   */
  readonly deadline: number;
  /** The time budget (ms) whose deadline is {@link deadline}: this one's, or the outer one's. */
  private readonly deadlineMs: number;
  private ticks = 0;
  /** Ticks between two looks at the clock (see {@link tick}). */
  private ticksPerCheck = 1;
  private lastCheck = this.start;

  constructor(limits: Partial<Limits> = {}, outer: Budget | undefined = current) {
    this.limits = { ...defaultLimits, ...limits };
    const own = this.start + this.limits.maxTimeMs;
    const inherit = outer !== undefined && outer.deadline < own;
    this.deadline = inherit ? outer.deadline : own;
    this.deadlineMs = inherit ? outer.deadlineMs : this.limits.maxTimeMs;
  }

  /** Milliseconds since the budget was created. */
  elapsed(): number {
    return performance.now() - this.start;
  }

  /** Throws {@link BudgetExceeded} (`time`) when the time is spent; else returns the time now. */
  checkTime(): number {
    const now = performance.now();
    if (now > this.deadline) {
      throw new BudgetExceeded('time', `stopped after ${this.deadlineMs} ms`);
    }
    return now;
  }

  /**
   * Counts a unit of work and checks the clock now and then. A unit may cost anything from a
   * counter increment to building a large term, so the number of units between checks adapts:
   * halved when a stretch took more than {@link CHECK_MS}, doubled (up to 1024) when it took
   * well under. The clock is then read every few milliseconds, whatever the work.
   */
  tick(): void {
    if (++this.ticks < this.ticksPerCheck) return;
    this.ticks = 0;
    const now = this.checkTime();
    const took = now - this.lastCheck;
    this.lastCheck = now;
    if (took > CHECK_MS) this.ticksPerCheck = Math.max(1, this.ticksPerCheck >> 1);
    else if (took < CHECK_MS / 4 && this.ticksPerCheck < 1024) this.ticksPerCheck <<= 1;
  }

  /** Throws {@link BudgetExceeded} (`size`) when `nodes` is over the size budget. */
  checkSize(nodes: number, what = 'a term'): void {
    if (nodes > this.limits.maxSize) {
      throw new BudgetExceeded(
        'size',
        `stopped: ${what} would have more than ${this.limits.maxSize} nodes`,
      );
    }
  }
}

let current: Budget | undefined;

/** The budget of the computation in progress, if any. */
export function currentBudget(): Budget | undefined {
  return current;
}

/**
 * Runs `f` with `budget` as the budget every {@link pollBudget} consults, restoring the previous
 * one afterwards (computations may nest; the inner budget is in force while it runs).
 */
export function withBudget<T>(budget: Budget, f: () => T): T {
  const outer = current;
  current = budget;
  try {
    return f();
  } finally {
    current = outer;
  }
}

/**
 * For loops that cannot be handed a budget: counts one unit of work and, every so often, checks
 * the time of the budget in force (the budget adapts how often, see {@link Budget.tick}).
 */
export function pollBudget(): void {
  current?.tick();
}
