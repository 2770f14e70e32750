/**
 * Runs: the contract of a strategy, and the state one application of it lives in.
 *
 * A strategy takes a term and returns a term, or fails (returns undefined). It is applied
 * inside a {@link Run}, which owns the {@link Budget} (steps, time, size of each rewritten
 * term), the optional trace, and the memo tables of the traversals. {@link runStrategy} installs
 * the run's budget with `withBudget`, so code below that knows nothing of runs (the matcher,
 * exact arithmetic) polls the same budget through `pollBudget`.
 *
 * A run stops early with a reason (`steps`, `time`, `size`, `depth`: a budget ran out, and the
 * message names it and how to raise it; `cycle`: the rewriting came back to a term). Then the
 * result is the input term (every rewrite is sound, but a half-finished one is not a useful
 * answer) and {@link RunResult.stoppedAt} shows where it stood.
 */
import {
  Budget,
  BudgetExceeded,
  type BudgetName,
  isStackOverflow,
  type Limits,
  withBudget,
} from '../base/budget.js';
import { BibunError } from '../base/errors.js';
import { maxPrintTreeSize, toInfix, tooLargeToPrint } from '../term/infix.js';
import { internTableSize, type Term } from '../term/term.js';
import { Memo } from './memo.js';

export { defaultLimits, type Limits } from '../base/budget.js';

/** A strategy: a term to a term, or undefined for failure. */
export type Strategy = (t: Term, run: Run) => Term | undefined;

/** Why a run ended. `normal` means the strategy finished (succeeded or failed). */
export type StopReason = 'normal' | BudgetName | 'cycle';

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
  /**
   * False: the rewriting machine (machine.ts) keeps no normal form of a term it builds, and
   * rewrites it again each time it is built, as an engine without a normal-form cache does (for
   * comparing rewrite rates with one; a subterm repeated in a right side is built once, as
   * Maude builds it). Default true.
   */
  readonly memo?: boolean;
}

/** A budget of the run ran out at a term. */
class OutOfBudget extends BudgetExceeded {
  constructor(
    budget: BudgetName,
    what: string,
    readonly at: Term,
  ) {
    super(budget, what);
  }
}

/** The rewriting came back to a term it had produced (not a budget: raising none helps). */
class Cycle extends BibunError {
  constructor(
    message: string,
    readonly at: Term,
  ) {
    super('limit', message);
  }
}

/** The state of one strategy application: budget, trace, memo tables, current position. */
export class Run {
  readonly budget: Budget;
  readonly limits: Limits;
  readonly tracing: boolean;
  /** See {@link RunOptions.memo}. */
  readonly memoize: boolean;
  readonly trace: TraceStep[] = [];
  /** The current position (argument indices from the root), kept by the traversals. */
  readonly path: number[] = [];
  steps = 0;
  /** @internal The strategy the run applies (set by {@link runStrategy}). */
  root: Strategy | undefined;
  private readonly memos = new Map<object, Memo>();

  constructor(options: RunOptions = {}) {
    this.budget = new Budget(options.limits);
    this.limits = this.budget.limits;
    this.tracing = options.trace === true;
    this.memoize = options.memo !== false;
  }

  /**
   * The memo table of a traversal (keyed by the traversal's own identity); `where` names the
   * traversal in a cycle's message.
   */
  memo(key: object, where: string): Memo {
    let m = this.memos.get(key);
    if (m === undefined) this.memos.set(key, (m = new Memo((t) => this.cycle(t, where))));
    return m;
  }

  /**
   * `t` normalised under the running strategy (`t` itself when it fails): what the equational
   * and matching conditions of rules compare (see match/conditions.ts). Same budgets, same memo.
   */
  normalize(t: Term): Term {
    return this.root?.(t, this) ?? t;
  }

  /** Records a rewrite step and enforces the budgets. */
  step(rule: string, before: Term, after: Term): void {
    this.count(after);
    this.checkSize(after);
    if (this.tracing && this.trace.length < this.limits.maxTrace)
      this.trace.push({ rule, path: this.path.slice(), before, after });
  }

  /**
   * @internal Counts a rewrite step (`at`: its result, or the redex when the rule-set
   * normaliser builds the result in parts, checked with {@link checkSize}) and polls the clock.
   */
  count(at: Term): void {
    if (++this.steps > this.limits.maxSteps) {
      throw new OutOfBudget(
        'steps',
        `stopped after ${this.limits.maxSteps} rewrite steps; the rules may not terminate`,
        at,
      );
    }
    this.budget.tick();
  }

  /** @internal The size budget, for a term a rewrite produced. */
  checkSize(t: Term): void {
    const max = this.limits.maxSize;
    // Every node of a term is in the interning table, so while the table holds no more than
    // the budget no term can exceed it; past that, bounds kept per node (below).
    if (t.ts >= 0 && t.ts <= max) return;
    if (internTableSize() <= max) return;
    if (dagSizeBound(t, max) > max && t.dagSize > max) {
      throw new OutOfBudget(
        'size',
        `stopped: a rewrite produced a term of more than ${max} nodes; the rules may grow terms forever`,
        t,
      );
    }
  }

  /** Counts work and checks the clock now and then (see {@link Budget.tick}). */
  tick(): void {
    this.budget.tick();
  }

  /** @internal Ends the run with `time` if its time budget is spent; else returns the time now. */
  checkTime(): number {
    return this.budget.checkTime();
  }

  /** Ends the run because the rewriting came back to an earlier term. */
  cycle(at: Term, where: string): never {
    throw new Cycle(
      `stopped: the rewriting cycles (${where} came back to a term it had already produced)`,
      at,
    );
  }

  /** @internal */
  elapsed(): number {
    return this.budget.elapsed();
  }
}

/** Upper bounds of dagSize, exact where a bound went past the size budget (see below). */
const sizeBounds = new WeakMap<Term, number>();

/**
 * An upper bound of `t.dagSize`, exact when it exceeds `cap`. A node's bound is its tree size
 * while that is a safe integer, else one more than the sum of its arguments' bounds, and it is
 * replaced by the exact count only where it passes `cap`. Bounds are kept per node, so a check
 * visits only the nodes no earlier check has seen: a rewrite step costs the nodes it built, not
 * the DAG below them (counting the DAG at every step of a run over a term of tree size past
 * 2^53 made the run quadratic in its DAG).
 */
function dagSizeBound(t: Term, cap: number): number {
  if (t.ts >= 0) return t.ts;
  const known = sizeBounds.get(t);
  if (known !== undefined) return known;
  // Iterative post-order: a deep term must not overflow the stack.
  const stack: Term[] = [t];
  while (stack.length > 0) {
    const u = stack[stack.length - 1];
    if (u.ts >= 0 || sizeBounds.has(u)) {
      stack.pop();
      continue;
    }
    let ready = true;
    if (u.kind === 'app')
      for (const a of u.args)
        if (a.ts < 0 && !sizeBounds.has(a)) {
          stack.push(a);
          ready = false;
        }
    if (!ready) continue;
    stack.pop();
    let b = 1;
    if (u.kind === 'app') for (const a of u.args) b += a.ts >= 0 ? a.ts : sizeBounds.get(a)!;
    sizeBounds.set(u, b > cap ? u.dagSize : b);
  }
  return sizeBounds.get(t)!;
}

/**
 * Applies a strategy to a term within budgets.
 *
 * @example runStrategy(innermostRules(rules), parse('add(s(z), s(z))')).term // s(s(z))
 */
export function runStrategy(s: Strategy, t: Term, options: RunOptions = {}): RunResult {
  return execute(s, t, options).result;
}

/**
 * @internal A result that may stay where the strategy computed it (the rewriting machine's
 * store, machine.ts): the term is made on first use; sizes and text can be read without it.
 */
export interface Deferred {
  term(): Term;
  treeSize(): bigint;
  dagSize(): number;
  /** The infix text, when it can be written without the term (`leaf` prints leaves). */
  text(leaf: (t: Term) => string | undefined): string | undefined;
}

/** Strategies that can leave their whole result deferred (see {@link deferredRun}). */
const deferrable = new WeakMap<Strategy, (t: Term, run: Run) => Deferred | undefined>();

/** The deferred results of runs. */
const deferredOf = new WeakMap<RunResult, Deferred>();

/**
 * @internal Registers how `s` can run leaving its result deferred (undefined: it cannot for
 * this input, and `s` runs as usual). Only a run whose strategy is `s` itself, untraced, uses it.
 */
export function deferredRun(s: Strategy, f: (t: Term, run: Run) => Deferred | undefined): void {
  deferrable.set(s, f);
}

/** @internal The deferred result of a run, while its term has not been made. */
export function deferredResult(r: RunResult): Deferred | undefined {
  return deferredOf.get(r);
}

/**
 * The text of a run's result, as {@link toInfix} writes it: read from the rewriting machine's
 * store when the result is still there (then no term is made), else from the term. `leaf`
 * prints the leaves of a stored result.
 *
 * @throws BibunError `limit` when the tree size exceeds `budget` (use let-form).
 */
export function resultText(
  r: RunResult,
  budget: bigint = maxPrintTreeSize,
  leaf: (t: Term) => string | undefined = toInfix,
): string {
  const d = deferredOf.get(r);
  if (d !== undefined && d.treeSize() > budget)
    throw tooLargeToPrint(d.treeSize(), d.dagSize(), budget);
  return d?.text(leaf) ?? toInfix(r.term, budget);
}

/** Runs `s` on `t`; for an early stop, also the error that ended the run. */
function execute(
  s: Strategy,
  t: Term,
  options: RunOptions,
): { result: RunResult; error: BibunError | undefined } {
  const run = new Run(options);
  run.root = s;
  const trace = run.tracing ? run.trace : undefined;
  let stop: StopReason;
  let error: BibunError;
  let at: Term | undefined;
  try {
    const defer = run.tracing ? undefined : deferrable.get(s);
    const d = defer === undefined ? undefined : withBudget(run.budget, () => defer(t, run));
    const r = d === undefined ? withBudget(run.budget, () => s(t, run)) : undefined;
    let made: Term | undefined;
    const result: RunResult = {
      get term() {
        return (made ??= d !== undefined ? d.term() : (r ?? t));
      },
      succeeded: d !== undefined || r !== undefined,
      stop: 'normal',
      message: undefined,
      stoppedAt: undefined,
      steps: run.steps,
      elapsedMs: run.elapsed(),
      trace,
    };
    if (d !== undefined) deferredOf.set(result, d);
    return { result, error: undefined };
  } catch (e) {
    if (e instanceof BudgetExceeded) {
      // Also a budget of a computation nested in the run (a differentiation with its own).
      stop = e.budget;
      error = e;
      at = e instanceof OutOfBudget ? e.at : undefined;
    } else if (e instanceof Cycle) {
      stop = 'cycle';
      error = e;
      at = e.at;
    } else if (isStackOverflow(e)) {
      stop = 'depth';
      error = new BudgetExceeded(
        'depth',
        'stopped: the term is nested too deeply for this strategy',
      );
    } else throw e;
  }
  const result: RunResult = {
    term: t,
    succeeded: false,
    stop,
    message: error.message,
    stoppedAt: at,
    steps: run.steps,
    elapsedMs: run.elapsed(),
    trace,
  };
  return { result, error };
}

/**
 * Like {@link runStrategy}, but an early stop is thrown: a `BudgetExceeded` (kind `limit`, with
 * the budget's name) when a budget ran out, a BibunError of kind `limit` for a cycle.
 */
export function applyStrategy(s: Strategy, t: Term, options: RunOptions = {}): Term | undefined {
  const { result, error } = execute(s, t, options);
  if (error !== undefined) throw error;
  return result.succeeded ? result.term : undefined;
}
