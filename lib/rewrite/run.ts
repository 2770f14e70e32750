/**
 * Runs: the contract of a strategy, and the state one application of it lives in.
 *
 * A strategy takes a term and returns a term, or fails (returns undefined). It is applied
 * inside a {@link Run}, which owns the budgets (steps, time, size of each rewritten term), the
 * optional trace, and the memo tables of the traversals. A run stops early with a reason
 * (`steps`, `time`, `size`, `cycle`, `depth`); then the result is the input term (every rewrite
 * is sound, but a half-finished one is not a useful answer) and {@link RunResult.stoppedAt}
 * shows where it stood.
 */
import { BibunError } from '../base/errors.js';
import { withMatchClock } from '../match/matcher.js';
import type { Term } from '../term/term.js';

/** A strategy: a term to a term, or undefined for failure. */
export type Strategy = (t: Term, run: Run) => Term | undefined;

/** Budgets of one run. */
export interface Limits {
  /** Rewrite steps (successful rule applications). */
  readonly maxSteps: number;
  /** Wall-clock milliseconds. */
  readonly maxTimeMs: number;
  /** Distinct nodes (dagSize) of any term a rule produces. */
  readonly maxSize: number;
  /** Trace entries kept (later steps are counted, not recorded). */
  readonly maxTrace: number;
}

/** About how often (milliseconds of work) a run looks at the clock. */
const CHECK_MS = 4;

/** The default budgets. */
export const defaultLimits: Limits = Object.freeze({
  maxSteps: 1_000_000,
  maxTimeMs: 10_000,
  maxSize: 1_000_000,
  maxTrace: 10_000,
});

/** Why a run ended. `normal` means the strategy finished (succeeded or failed). */
export type StopReason = 'normal' | 'steps' | 'time' | 'size' | 'cycle' | 'depth';

/** One rewrite step of a trace. `path` is the argument indices from the root. */
export interface TraceStep {
  readonly rule: string;
  readonly path: readonly number[];
  readonly before: Term;
  readonly after: Term;
}

/** The outcome of {@link runStrategy}. */
export interface RunResult {
  /** The result; the input when the strategy failed or the run stopped early. */
  readonly term: Term;
  /** False when the strategy failed (or the run stopped early). */
  readonly succeeded: boolean;
  readonly stop: StopReason;
  /** A sentence for the user when `stop` is not `normal`. */
  readonly message: string | undefined;
  /** The term being worked on when the run stopped early (for `cycle`, the repeated term). */
  readonly stoppedAt: Term | undefined;
  readonly steps: number;
  readonly elapsedMs: number;
  /** The steps, when tracing was asked for. */
  readonly trace: readonly TraceStep[] | undefined;
}

/** Options of {@link runStrategy}. */
export interface RunOptions {
  readonly limits?: Partial<Limits>;
  readonly trace?: boolean;
}

/** Thrown inside a run to end it early; caught by {@link runStrategy}. */
class Stop extends Error {
  constructor(
    readonly reason: StopReason,
    message: string,
    readonly at: Term | undefined,
  ) {
    super(message);
  }
}

/** @internal Marks a node whose normal form is being computed (re-entering it is a cycle). */
export const PENDING = Symbol('pending');
/** @internal A memo entry: the result, `null` for failure, or {@link PENDING}. */
export type MemoEntry = Term | null | typeof PENDING;

/**
 * A table keyed by term id. Ids are dense in allocation order and nearly every node a run
 * memoises is created during that run, so those live in an array indexed by `id - base`; the
 * few older ids go to a Map. The base moves forward (older entries move to the Map) if ids jump
 * too far ahead of the array, so the array never holds a long run of holes.
 */
export class IdMemo<V> {
  private base = -1;
  private dense: (V | undefined)[] = [];
  private readonly old = new Map<number, V>();

  get(id: number): V | undefined {
    const i = id - this.base;
    return i >= 0 && this.base >= 0 ? this.dense[i] : this.old.get(id);
  }

  set(id: number, v: V): void {
    if (this.base < 0) this.base = id;
    let i = id - this.base;
    if (i < 0) {
      this.old.set(id, v);
      return;
    }
    const d = this.dense;
    if (i > d.length + 4096) {
      for (let k = 0; k < d.length; k++) if (d[k] !== undefined) this.old.set(this.base + k, d[k]!);
      this.dense = [];
      this.base = id;
      i = 0;
    }
    const e = this.dense;
    while (e.length < i) e.push(undefined);
    e[i] = v;
  }
}

/** The state of one strategy application: budgets, trace, memo tables, current position. */
export class Run {
  readonly limits: Limits;
  readonly tracing: boolean;
  readonly trace: TraceStep[] = [];
  /** The current position (argument indices from the root), kept by the traversals. */
  readonly path: number[] = [];
  steps = 0;
  private ticks = 0;
  /** Ticks between two looks at the clock (see {@link tick}). */
  private ticksPerCheck = 1;
  private readonly start = performance.now();
  private lastCheck = this.start;
  private readonly memos = new Map<object, IdMemo<MemoEntry>>();

  constructor(options: RunOptions = {}) {
    this.limits = { ...defaultLimits, ...options.limits };
    this.tracing = options.trace === true;
  }

  /** The memo table of a traversal (keyed by the traversal's own identity). */
  memo(key: object): IdMemo<MemoEntry> {
    let m = this.memos.get(key);
    if (m === undefined) this.memos.set(key, (m = new IdMemo<MemoEntry>()));
    return m;
  }

  /** Records a rewrite step and enforces the budgets. */
  step(rule: string, before: Term, after: Term): void {
    this.steps++;
    if (this.steps > this.limits.maxSteps) {
      throw new Stop(
        'steps',
        `stopped after ${this.limits.maxSteps} rewrite steps (the rules may not terminate)`,
        after,
      );
    }
    // treeSize bounds dagSize from above and is cached, so most checks cost nothing.
    const ts = after.ts;
    if (typeof ts !== 'number' || ts > this.limits.maxSize) {
      if (after.dagSize > this.limits.maxSize) {
        throw new Stop(
          'size',
          `stopped: a rewrite produced a term of more than ${this.limits.maxSize} nodes (the rules may grow terms forever)`,
          after,
        );
      }
    }
    if (this.tracing && this.trace.length < this.limits.maxTrace)
      this.trace.push({ rule, path: this.path.slice(), before, after });
    this.tick();
  }

  /**
   * @internal Counts a rewrite whose result is never built as one term (the rule-set normaliser
   * builds a right side already normalised); its parts are checked with {@link checkSize}.
   */
  count(before: Term): void {
    if (++this.steps > this.limits.maxSteps) {
      throw new Stop(
        'steps',
        `stopped after ${this.limits.maxSteps} rewrite steps (the rules may not terminate)`,
        before,
      );
    }
    this.tick();
  }

  /** @internal The size budget, for a term a rewrite produced. */
  checkSize(t: Term): void {
    const ts = t.ts;
    if ((typeof ts !== 'number' || ts > this.limits.maxSize) && t.dagSize > this.limits.maxSize) {
      throw new Stop(
        'size',
        `stopped: a rewrite produced a term of more than ${this.limits.maxSize} nodes (the rules may grow terms forever)`,
        t,
      );
    }
  }

  /**
   * Counts work and checks the clock now and then. A tick may cost anything from a memo lookup
   * to building a term as large as the input, so the number of ticks between checks adapts:
   * halved when a stretch took more than {@link CHECK_MS}, doubled (up to 1024) when it took
   * well under. The clock is then read every few milliseconds, whatever the terms.
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

  /**
   * @internal Ends the run with `time` if its time budget is spent; else returns the time now.
   * Also polled by long matches (matcher.ts), through {@link runStrategy}.
   */
  checkTime(): number {
    const now = performance.now();
    if (now - this.start > this.limits.maxTimeMs)
      throw new Stop('time', `stopped after ${this.limits.maxTimeMs} ms`, undefined);
    return now;
  }

  /** Ends the run because the rewriting came back to an earlier term. */
  cycle(at: Term, where: string): never {
    throw new Stop(
      'cycle',
      `stopped: the rewriting cycles (${where} came back to a term it had already produced)`,
      at,
    );
  }

  /** @internal */
  elapsed(): number {
    return performance.now() - this.start;
  }
}

/**
 * Applies a strategy to a term within budgets.
 *
 * @example runStrategy(innermost(rulesStrategy('peano', rules)), parse('add(s(z), s(z))')).term
 */
export function runStrategy(s: Strategy, t: Term, options: RunOptions = {}): RunResult {
  const run = new Run(options);
  const trace = run.tracing ? run.trace : undefined;
  const base = { steps: 0, elapsedMs: 0, trace };
  try {
    const r = withMatchClock(
      () => void run.checkTime(),
      () => s(t, run),
    );
    return {
      ...base,
      term: r ?? t,
      succeeded: r !== undefined,
      stop: 'normal',
      message: undefined,
      stoppedAt: undefined,
      steps: run.steps,
      elapsedMs: run.elapsed(),
    };
  } catch (e) {
    let stop: Stop;
    if (e instanceof Stop) stop = e;
    else if (e instanceof RangeError && /call stack/i.test(e.message)) {
      stop = new Stop(
        'depth',
        'stopped: the term is nested too deeply for this strategy',
        undefined,
      );
    } else throw e;
    return {
      ...base,
      term: t,
      succeeded: false,
      stop: stop.reason,
      message: stop.message,
      stoppedAt: stop.at,
      steps: run.steps,
      elapsedMs: run.elapsed(),
    };
  }
}

/** Like {@link runStrategy}, but an early stop is a BibunError of kind `limit`. */
export function applyStrategy(s: Strategy, t: Term, options: RunOptions = {}): Term | undefined {
  const r = runStrategy(s, t, options);
  if (r.stop !== 'normal') throw new BibunError('limit', r.message!);
  return r.succeeded ? r.term : undefined;
}
