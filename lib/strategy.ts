/**
 * Strategies: the contract is one line — a strategy takes a term and returns a term, or fails
 * (returns undefined). Everything else is combinators over that contract, in Stratego's
 * vocabulary: `s1 ; s2`, `s1 <+ s2`, `try`, `repeat`, `all`, `one`, `some`, `topdown`,
 * `bottomup`, `innermost`, `outermost`, `oncetd`, `fixpoint`, and the built-ins `id`, `fail`,
 * `fold`.
 *
 * ## Runs
 *
 * A strategy is applied inside a {@link Run}, which owns the budgets (steps, time, size of each
 * rewritten term), the optional trace, and the memo tables. Strategies are deterministic
 * functions of the term, so a traversal may remember what it did to a node: a node shared many
 * times in the DAG is rewritten once per run and its result stays shared. A term of dagSize 3k
 * and treeSize 2^k costs O(k), not O(2^k).
 *
 * A run stops early with a reason (`steps`, `time`, `size`, `cycle`, `depth`); then the result
 * is the input term (every rewrite is sound, but a half-finished one is not a useful answer) and
 * {@link RunResult.stoppedAt} shows where it stood. Cycles are found by term ids: `repeat` and
 * `fixpoint` remember the terms they produced, and `innermost`/`topdown` mark a node as pending
 * while they normalise it, so `a -> b, b -> a` and `?x -> s(?x)` stop instead of hanging.
 */
import { BibunError } from './errors.js';
import * as Q from './rational.js';
import type { StrategyExpr } from './syntax.js';
import { num, type Term } from './term.js';
import { withArgs } from './traverse.js';

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

/** The default budgets. */
export const defaultLimits: Limits = Object.freeze({ maxSteps: 1_000_000, maxTimeMs: 10_000, maxSize: 1_000_000, maxTrace: 10_000 });

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

const PENDING = Symbol('pending');
type MemoEntry = Term | null | typeof PENDING;

/** The state of one strategy application: budgets, trace, memo tables, current position. */
export class Run {
  readonly limits: Limits;
  readonly tracing: boolean;
  readonly trace: TraceStep[] = [];
  /** The current position (argument indices from the root), kept by the traversals. */
  readonly path: number[] = [];
  steps = 0;
  private ticks = 0;
  private readonly start = performance.now();
  private readonly memos = new Map<object, Map<number, MemoEntry>>();

  constructor(options: RunOptions = {}) {
    this.limits = { ...defaultLimits, ...options.limits };
    this.tracing = options.trace === true;
  }

  /** The memo table of a traversal (keyed by the traversal's own identity). */
  memo(key: object): Map<number, MemoEntry> {
    let m = this.memos.get(key);
    if (m === undefined) this.memos.set(key, (m = new Map()));
    return m;
  }

  /** Records a rewrite step and enforces the budgets. */
  step(rule: string, before: Term, after: Term): void {
    this.steps++;
    if (this.steps > this.limits.maxSteps) {
      throw new Stop('steps', `stopped after ${this.limits.maxSteps} rewrite steps (the rules may not terminate)`, after);
    }
    // treeSize bounds dagSize from above and is cached, so most checks cost nothing.
    const ts = after.ts;
    if (typeof ts !== 'number' || ts > this.limits.maxSize) {
      if (after.dagSize > this.limits.maxSize) {
        throw new Stop('size', `stopped: a rewrite produced a term of more than ${this.limits.maxSize} nodes (the rules may grow terms forever)`, after);
      }
    }
    if (this.tracing && this.trace.length < this.limits.maxTrace) this.trace.push({ rule, path: this.path.slice(), before, after });
    this.tick();
  }

  /** Counts work and checks the clock now and then. */
  tick(): void {
    if ((++this.ticks & 1023) === 0 && performance.now() - this.start > this.limits.maxTimeMs) {
      throw new Stop('time', `stopped after ${this.limits.maxTimeMs} ms`, undefined);
    }
  }

  /** Ends the run because the rewriting came back to an earlier term. */
  cycle(at: Term, where: string): never {
    throw new Stop('cycle', `stopped: the rewriting cycles (${where} came back to a term it had already produced)`, at);
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
    const r = s(t, run);
    return { ...base, term: r ?? t, succeeded: r !== undefined, stop: 'normal', message: undefined, stoppedAt: undefined, steps: run.steps, elapsedMs: run.elapsed() };
  } catch (e) {
    let stop: Stop;
    if (e instanceof Stop) stop = e;
    else if (e instanceof RangeError && /call stack/i.test(e.message)) {
      stop = new Stop('depth', 'stopped: the term is nested too deeply for this strategy (innermost works at any depth)', undefined);
    } else throw e;
    return { ...base, term: t, succeeded: false, stop: stop.reason, message: stop.message, stoppedAt: stop.at, steps: run.steps, elapsedMs: run.elapsed() };
  }
}

/** Like {@link runStrategy}, but an early stop is a BibunError of kind `limit`. */
export function applyStrategy(s: Strategy, t: Term, options: RunOptions = {}): Term | undefined {
  const r = runStrategy(s, t, options);
  if (r.stop !== 'normal') throw new BibunError('limit', r.message!);
  return r.succeeded ? r.term : undefined;
}

// ---------------------------------------------------------------------------------------------
// Combinators.

/** Always succeeds, unchanged. */
export const id: Strategy = (t) => t;

/** Always fails. */
export const fail: Strategy = () => undefined;

/** `s1 ; s2`: s1, then s2 on its result. */
export function seq(s1: Strategy, s2: Strategy): Strategy {
  return (t, run) => {
    const r = s1(t, run);
    return r === undefined ? undefined : s2(r, run);
  };
}

/** `s1 <+ s2`: s1, or s2 where s1 fails. */
export function choice(s1: Strategy, s2: Strategy): Strategy {
  return (t, run) => s1(t, run) ?? s2(t, run);
}

/** `try(s)`: s, or the term unchanged. */
export function attempt(s: Strategy): Strategy {
  return (t, run) => s(t, run) ?? t;
}

/**
 * `repeat(s)`: s until it fails (or changes nothing). Never fails. A term seen before ends the
 * run with `cycle`.
 */
export function repeat(s: Strategy): Strategy {
  return (t, run) => iterate(s, t, run, 'repeat');
}

/** `fixpoint(s)`: s until the term stops changing (or s fails). Never fails. */
export function fixpoint(s: Strategy): Strategy {
  return (t, run) => iterate(s, t, run, 'fixpoint');
}

function iterate(s: Strategy, t: Term, run: Run, name: string): Term {
  const seen = new Set<number>([t.id]);
  for (;;) {
    run.tick();
    const r = s(t, run);
    // Strategies are deterministic: a step that changes nothing would repeat forever.
    if (r === undefined || r === t) return t;
    if (seen.has(r.id)) run.cycle(r, name);
    seen.add(r.id);
    t = r;
  }
}

/** Applies s to argument i of t, with the position kept for the trace. */
function atChild(s: Strategy, t: Term, i: number, run: Run): Term | undefined {
  if (!run.tracing) return s((t as { args: readonly Term[] }).args[i], run);
  run.path.push(i);
  try {
    return s((t as { args: readonly Term[] }).args[i], run);
  } finally {
    run.path.pop();
  }
}

/** `all(s)`: s on every argument; fails if s fails on one. Succeeds on leaves. */
export function all(s: Strategy): Strategy {
  return (t, run) => {
    if (t.kind !== 'app') return t;
    const args: Term[] = new Array(t.args.length);
    for (let i = 0; i < t.args.length; i++) {
      // A repeated argument is the same term: rewrite it once.
      const prev = i > 0 ? t.args.indexOf(t.args[i]) : i;
      if (prev < i) args[i] = args[prev];
      else {
        const r = atChild(s, t, i, run);
        if (r === undefined) return undefined;
        args[i] = r;
      }
    }
    return withArgs(t, args);
  };
}

/** `one(s)`: s on the first argument where it succeeds; fails if there is none. */
export function one(s: Strategy): Strategy {
  return (t, run) => {
    if (t.kind !== 'app') return undefined;
    for (let i = 0; i < t.args.length; i++) {
      const r = atChild(s, t, i, run);
      if (r !== undefined) {
        const args = t.args.slice();
        args[i] = r;
        return withArgs(t, args);
      }
    }
    return undefined;
  };
}

/** `some(s)`: s on every argument where it succeeds; fails if it succeeds on none. */
export function some(s: Strategy): Strategy {
  return (t, run) => {
    if (t.kind !== 'app') return undefined;
    let any = false;
    const args = t.args.map((a, i) => {
      const r = atChild(s, t, i, run);
      if (r === undefined) return a;
      any = true;
      return r;
    });
    return any ? withArgs(t, args) : undefined;
  };
}

/**
 * Memoizes a traversal over the DAG: each distinct node is handled once per run; re-entering a
 * node while it is being handled is a cycle.
 */
function memoized(name: string, body: (self: Strategy) => Strategy): Strategy {
  let inner: Strategy;
  const self: Strategy = (t, run) => {
    const memo = run.memo(self);
    const hit = memo.get(t.id);
    if (hit === PENDING) return run.cycle(t, name);
    if (hit !== undefined) return hit === null ? undefined : hit;
    memo.set(t.id, PENDING);
    run.tick();
    const r = inner(t, run);
    memo.set(t.id, r ?? null);
    return r;
  };
  inner = body(self);
  return self;
}

/** `topdown(s)`: s at the root, then topdown(s) on every argument of the result. */
export function topdown(s: Strategy): Strategy {
  return memoized('topdown', (self) => seq(s, all(self)));
}

/** `bottomup(s)`: bottomup(s) on every argument, then s at the root. */
export function bottomup(s: Strategy): Strategy {
  return memoized('bottomup', (self) => seq(all(self), s));
}

/** `oncetd(s)`: s at the first position, in pre-order, where it succeeds. */
export function oncetd(s: Strategy): Strategy {
  return memoized('oncetd', (self) => choice(s, one(self)));
}

/** `outermost(s)`: repeat(oncetd(s)), the leftmost-outermost normal form. */
export function outermost(s: Strategy): Strategy {
  return repeat(oncetd(s));
}

interface Frame {
  /** The term being normalised (after root rewrites, the latest one). */
  t: Term;
  /** Terms whose normal form this frame computes (t and the terms it was rewritten from). */
  readonly from: Term[];
  i: number;
  args: Term[] | undefined;
}

/**
 * `innermost(s)`: arguments first, then s at the root, until s fails everywhere — the normal
 * form of s, memoized per node. Runs on an explicit stack, so a term like Peano `s(s(...))` a
 * million levels deep is fine.
 */
export function innermost(s: Strategy): Strategy {
  const self: Strategy = (root, run) => {
    const memo = run.memo(self);
    const done = memo.get(root.id);
    if (done === PENDING) return run.cycle(root, 'innermost');
    if (done !== undefined && done !== null) return done as Term;
    const stack: Frame[] = [{ t: root, from: [root], i: 0, args: undefined }];
    memo.set(root.id, PENDING);
    let result: Term = root;
    while (stack.length > 0) {
      const f = stack[stack.length - 1];
      const t = f.t;
      if (t.kind === 'app' && f.i < t.args.length) {
        const c = t.args[f.i];
        const hit = memo.get(c.id);
        if (hit === PENDING) run.cycle(c, 'innermost');
        if (hit !== undefined) {
          deliver(f, hit as Term);
          continue;
        }
        memo.set(c.id, PENDING);
        run.tick();
        stack.push({ t: c, from: [c], i: 0, args: undefined });
        if (run.tracing) run.path.push(f.i);
        continue;
      }
      const u = f.args === undefined ? t : withArgs(t, f.args);
      const r = s(u, run);
      if (r !== undefined && r !== u) {
        // Normalise the rewritten term in the same frame (same position).
        const again = memo.get(r.id);
        if (again === PENDING) run.cycle(r, 'innermost');
        if (again === undefined) {
          memo.set(r.id, PENDING);
          if (u !== t) f.from.push(u);
          f.from.push(r);
          f.t = r;
          f.i = 0;
          f.args = undefined;
          continue;
        }
        result = again as Term;
      } else result = u;
      for (const x of f.from) memo.set(x.id, result);
      memo.set(u.id, result);
      stack.pop();
      if (stack.length > 0) {
        if (run.tracing) run.path.pop();
        deliver(stack[stack.length - 1], result);
      }
    }
    return result;
  };
  return self;
}

function deliver(f: Frame, value: Term): void {
  const t = f.t as { args: readonly Term[] };
  if (f.args === undefined) {
    if (value === t.args[f.i]) {
      f.i++;
      return;
    }
    f.args = t.args.slice(0);
  }
  f.args[f.i++] = value;
}

// ---------------------------------------------------------------------------------------------
// Built-in: fold.

/** Exact values of functions at special exact arguments (the argument as `num/den`). */
const specialValues: ReadonlyMap<string, ReadonlyMap<string, Term>> = new Map(
  Object.entries({
    exp: { '0': 1 },
    log: { '1': 0 },
    sin: { '0': 0 },
    cos: { '0': 1 },
    tan: { '0': 0 },
    sec: { '0': 1 },
    asin: { '0': 0 },
    acos: { '1': 0 },
    atan: { '0': 0 },
    sinh: { '0': 0 },
    cosh: { '0': 1 },
    tanh: { '0': 0 },
    asinh: { '0': 0 },
    acosh: { '1': 0 },
    atanh: { '0': 0 },
  }).map(([f, vs]) => [f, new Map(Object.entries(vs).map(([k, v]) => [k, num(BigInt(v))]))]),
);

/**
 * `fold`: exact constant arithmetic at the root, beyond what the constructors already do:
 * rational powers with exact roots (`4^(1/2)` = 2, `(8/27)^(-2/3)` = 9/4), `sqrt` and `abs` of
 * numbers, `log(e)` = 1, and the exact values of the elementary functions at 0 (or 1). Fails
 * when there is nothing to fold. Results that would need the reals beyond the rationals
 * (`2^(1/2)`, `(-8)^(1/3)`) are left alone.
 */
export const fold: Strategy = (t, run) => {
  if (t.kind !== 'app') return undefined;
  const r = foldNode(t.head, t.args);
  if (r !== undefined && r !== t) run.step('fold', t, r);
  return r === t ? undefined : r;
};

function foldNode(head: string, args: readonly Term[]): Term | undefined {
  if (args.length === 2 && head === '^') {
    const [b, e] = args;
    if (b.kind !== 'num' || e.kind !== 'num' || e.den === 1n || b.num < 0n) return undefined;
    if (b.num === 0n) return e.num > 0n ? b : undefined;
    const root = Q.exactRoot(b, e.den);
    return root === undefined ? undefined : num(Q.powInt(root, e.num));
  }
  if (args.length !== 1) return undefined;
  const a = args[0];
  if (a.kind === 'sym' && a.name === 'e' && head === 'log') return num(1n);
  if (a.kind !== 'num') return undefined;
  if (head === 'abs') return num({ num: Q.bigAbs(a.num), den: a.den });
  if (head === 'sqrt') {
    const root = a.num >= 0n ? Q.exactRoot(a, 2n) : undefined;
    return root === undefined ? undefined : num(root);
  }
  return specialValues.get(head)?.get(Q.toString(a));
}

// ---------------------------------------------------------------------------------------------
// From strategy expressions.

/** A combinator of the strategy language: its arity and how it builds a strategy. */
export interface Combinator {
  readonly arity: number;
  readonly make: (args: readonly Strategy[]) => Strategy;
}

/** The combinators usable as `name(s, ...)` in strategy expressions. */
export const combinators: ReadonlyMap<string, Combinator> = new Map<string, Combinator>([
  ['try', { arity: 1, make: ([s]) => attempt(s) }],
  ['repeat', { arity: 1, make: ([s]) => repeat(s) }],
  ['fixpoint', { arity: 1, make: ([s]) => fixpoint(s) }],
  ['all', { arity: 1, make: ([s]) => all(s) }],
  ['one', { arity: 1, make: ([s]) => one(s) }],
  ['some', { arity: 1, make: ([s]) => some(s) }],
  ['topdown', { arity: 1, make: ([s]) => topdown(s) }],
  ['bottomup', { arity: 1, make: ([s]) => bottomup(s) }],
  ['innermost', { arity: 1, make: ([s]) => innermost(s) }],
  ['outermost', { arity: 1, make: ([s]) => outermost(s) }],
  ['oncetd', { arity: 1, make: ([s]) => oncetd(s) }],
]);

/** The built-in strategies every library knows (higher layers add more, e.g. `dstar`). */
export const builtinStrategies: ReadonlyMap<string, Strategy> = new Map([
  ['id', id],
  ['fail', fail],
  ['fold', fold],
]);

/**
 * Builds a strategy from its syntax. `resolve` gives the strategy a bare name stands for (rule
 * set, rule, named strategy, built-in) or undefined.
 *
 * @throws BibunError of kind `rule` at the offending name: unknown name, unknown combinator,
 * wrong number of arguments.
 */
export function compileStrategy(expr: StrategyExpr, resolve: (name: string) => Strategy | undefined, file?: string): Strategy {
  const err = (message: string, at: StrategyExpr) =>
    new BibunError('rule', message, { line: at.line, column: at.column, ...(file !== undefined ? { file } : {}) });
  const go = (e: StrategyExpr): Strategy => {
    switch (e.op) {
      case 'seq':
        return seq(go(e.first), go(e.second));
      case 'choice':
        return choice(go(e.first), go(e.second));
      case 'ref': {
        const s = resolve(e.name);
        if (s !== undefined) return s;
        if (combinators.has(e.name)) throw err(`${e.name} is a combinator: write ${e.name}(s)`, e);
        throw err(`unknown strategy or rule set ${e.name}`, e);
      }
      case 'call': {
        const c = combinators.get(e.name);
        if (c === undefined) {
          const what = resolve(e.name) !== undefined ? `${e.name} is not a combinator` : `unknown combinator ${e.name}`;
          throw err(`${what} (combinators: ${[...combinators.keys()].join(', ')})`, e);
        }
        if (e.args.length !== c.arity) throw err(`${e.name} takes ${c.arity} strategy, got ${e.args.length}`, e);
        return c.make(e.args.map(go));
      }
    }
  };
  return go(expr);
}
