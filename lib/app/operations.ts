/**
 * The operations behind the command line, `bibun batch` and the REPL, as plain functions from
 * terms, strings and options to results. The front ends (cli, batch, repl) only parse their own
 * input syntax, call these, and print; so `bibun simplify`, `{"op": "simplify"}` and `:simplify`
 * give the same answer under the same budgets.
 */
import { BibunError } from '../base/errors.js';
import { evaluate } from '../term/evaluate.js';
import {
  DERIVATIVE_HEADS,
  derivativeValues,
  gradient,
  hasDerivativeForms,
  hessian,
  methods,
  partialsFromText,
  rewriteDerivatives,
  symbolicJacobian,
  symbolicMethods,
  type Method,
  type PartialsTable,
  type SymbolicMethod,
} from '../diff/index.js';
import { parse } from '../syntax/parse.js';
import { format, type Format, maxPrintTreeSize } from '../term/print.js';
import { tooLargeToPrint } from '../term/infix.js';
import { innermostRules, RuleLibrary } from '../rewrite/library.js';
import { deferredResult, runStrategy } from '../rewrite/run.js';
import { loadRulesCached } from './rule-cache.js';
import { simplifyRun, simplifyStrategy } from '../simplify/simplify.js';
import { checkToolkit } from './check-loader.js';
import type {
  CheckIdentityOptions,
  IdentityResult,
  IdentitySource,
  SoundnessReport,
} from '../check/toolkit.js';
import type { Limits, RunResult, Strategy, TraceStep } from '../rewrite/strategy.js';
import { traceToJson } from '../rewrite/trace.js';
import { app, list, type Term } from '../term/term.js';
import { mapBottomUp, withArgs } from '../term/walk.js';
import { evaluateCalls, textWithDecimals } from '../cas/functions.js';

/** The output formats, for validating user input. */
export const formats: readonly Format[] = ['text', 'latex', 'let', 'dot', 'json', 'pretty'];

/** Checks a format name from user input. */
export function checkFormat(name: string): Format {
  if ((formats as readonly string[]).includes(name)) return name as Format;
  throw new BibunError('usage', `unknown format '${name}' (expected ${formats.join(', ')})`);
}

/** A term result: its formatted text and sizes. */
export interface TermResult {
  readonly term: Term;
  readonly text: string;
  readonly treeSize: bigint;
  readonly dagSize: number;
}

/** Formats a term for output, with its sizes. */
export function termResult(
  term: Term,
  fmt: Format = 'text',
  budget: bigint = maxPrintTreeSize,
): TermResult {
  // Numbers that `N` computed print as the decimals it certified, not as exact fractions.
  const text = (fmt === 'text' ? textWithDecimals(term) : undefined) ?? format(term, fmt, budget);
  return { term, text, treeSize: term.treeSize, dagSize: term.dagSize };
}

/**
 * A rewrite run's result for output. Text of a result the rewriting machine left in its store
 * is read from there (with the sizes), and the term is made only if someone asks for it: for a
 * normal form of 10^6 nodes that halves the time to the printed answer.
 */
export function runTermResult(
  r: RunResult,
  fmt: Format = 'text',
  budget: bigint = maxPrintTreeSize,
): TermResult {
  const d = fmt === 'text' ? deferredResult(r) : undefined;
  // Too large to print: said from the store's sizes, without making the term.
  if (d !== undefined && d.treeSize() > budget)
    throw tooLargeToPrint(d.treeSize(), d.dagSize(), budget);
  const text =
    d !== undefined ? d.text((leaf) => textWithDecimals(leaf) ?? format(leaf, 'text')) : undefined;
  if (d === undefined || text === undefined) return termResult(r.term, fmt, budget);
  return {
    get term() {
      return r.term;
    },
    text,
    treeSize: d.treeSize(),
    dagSize: d.dagSize(),
  };
}

/** `bibun parse EXPR`: the canonical form and sizes. */
export function parseCommand(expr: string, fmt: Format = 'text'): TermResult {
  return termResult(parse(expr), fmt);
}

/**
 * Parses `NAME=VALUE` assignments (values are constant expressions such as `pi/2` or `1e-3`)
 * into an environment.
 */
export function parseAssignments(items: readonly string[]): Map<string, number> {
  const env = new Map<string, number>();
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new BibunError('usage', `expected NAME=VALUE, got '${item}'`);
    const name = item.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new BibunError('usage', `not a variable name: '${name}'`);
    env.set(name, constantValue(item.slice(eq + 1), name));
  }
  return env;
}

/** The value of a constant expression (`pi/2`, `3`), for an assignment to `name`. */
export function constantValue(text: string, name: string): number {
  const t = parse(text);
  if (!t.isConstant)
    throw new BibunError('usage', `the value of ${name} must be a number, got '${text.trim()}'`);
  return evaluate(t);
}

/** `bibun eval EXPR NAME=VALUE...`: the float64 value. */
export function evalCommand(
  expr: string,
  env: ReadonlyMap<string, number> | Readonly<Record<string, number>>,
): number {
  const t = parse(expr);
  const e = env instanceof Map ? env : new Map(Object.entries(env));
  return evaluate(t, e);
}

/** A number as the CLI prints it: shortest round-trip form, `NaN`, `Infinity`. */
export function formatNumber(x: number): string {
  return Object.is(x, -0) ? '0' : String(x);
}

// ---------------------------------------------------------------------------------------------
// Engines under budgets.

/** Budgets and engines shared by the operations below. */
export interface EngineOptions {
  /** Step, time and size budgets of every rewrite run (see rewrite/strategy.ts's `defaultLimits`); the time budget also bounds differentiation. */
  readonly limits?: Partial<Limits>;
  /** The simplifier to use instead of the shipped `simplify` strategy (the REPL adds session rules). */
  readonly simplifier?: Strategy;
  /** The partial-derivative table (default: rules/derivatives.rules). */
  readonly table?: PartialsTable;
  /** Record a trace of the simplification. */
  readonly trace?: boolean;
}

/** A simplification: the run (steps, trace) and its result. */
export interface Simplified {
  readonly term: Term;
  readonly run: RunResult;
  /** What the form functions said about their results (`+ O(x^6)` after a series). */
  readonly notes: readonly string[];
  /** The result is the value of a series in this: the REPL shows it by ascending power. */
  readonly ascendingIn?: Term;
}

/**
 * Simplifies within budgets; derivative forms (`d(f, x)`, `grad(f, [x, y])`) are
 * differentiated first.
 *
 * @throws BibunError `limit` when a budget runs out (the message says which).
 */
export function simplifyTerm(t: Term, o: EngineOptions = {}): Simplified {
  const input = computeForms(t, o.table, o.limits?.maxTimeMs);
  const opts = { ...(o.limits ? { limits: o.limits } : {}), ...(o.trace ? { trace: true } : {}) };
  const strategy = o.simplifier ?? simplifyStrategy;
  const run = simplifyRun(input, { ...opts, strategy });
  if (run.stop === 'cycle') {
    // Rerun with a trace to name the rules of the cycle (a cycle is an error: no hurry).
    const traced = run.trace ? run : simplifyRun(input, { ...opts, strategy, trace: true });
    const names = cycleRules(traced.trace ?? [], traced.stoppedAt);
    const which = names.length > 0 ? ` (rules ${names.join(', ')})` : '';
    throw new BibunError('limit', `simplify ${run.message}${which}`);
  }
  if (run.stop !== 'normal') throw new BibunError('limit', `simplify ${run.message}`);
  // factor, expand, series ... run last, on simplified arguments, and their form is kept.
  const { term: formed, notes, ascendingIn } = evaluateCalls(run.term, 'forms');
  return {
    term: formed,
    run: formed === run.term ? run : { ...run, term: formed },
    notes,
    ...(ascendingIn !== undefined ? { ascendingIn } : {}),
  };
}

/**
 * The rules that took part in a cycle: those of the steps from the first one that left the term
 * the rewriting came back to.
 */
function cycleRules(trace: readonly TraceStep[], at: Term | undefined): string[] {
  const from = at === undefined ? -1 : trace.findIndex((s) => s.before === at);
  return [...new Set(trace.slice(Math.max(from, 0)).map((s) => s.rule))];
}

/** Checks a method name from user input. */
export function checkMethod(name: string): Method {
  if ((methods as readonly string[]).includes(name)) return name as Method;
  throw new BibunError('usage', `unknown method '${name}' (expected ${methods.join(', ')})`);
}

/** Options of the differentiation operations. */
export interface DiffCommandOptions extends EngineOptions {
  /** Default `dstar`. Numeric methods (forward, reverse, numeric) need `at`. */
  readonly method?: Method;
  /** Skip simplifying the result. */
  readonly raw?: boolean;
  /** A point: numeric methods give values there. */
  readonly at?: ReadonlyMap<string, number>;
}

function simplifyOrKeep(t: Term, o: DiffCommandOptions): Term {
  return o.raw ? t : simplifyTerm(t, o).term;
}

function symbolicMethod(o: DiffCommandOptions): SymbolicMethod {
  const m = o.method ?? 'dstar';
  if (!(symbolicMethods as readonly string[]).includes(m)) {
    throw new BibunError(
      'usage',
      `method ${m} gives numbers at a point, not a term: give a point (x=1 on the command line, "at" in batch)`,
    );
  }
  return m as SymbolicMethod;
}

function diffOptions(o: DiffCommandOptions) {
  // Differentiation gets the same time budget as rewriting (--time, :set time, "limits").
  const time = o.limits?.maxTimeMs;
  return {
    method: symbolicMethod(o),
    raw: true,
    ...(o.table ? { table: o.table } : {}),
    ...(time !== undefined ? { maxTimeMs: time } : {}),
  };
}

/** ∂f/∂x as a term (simplified unless `raw`). */
export function diffTerm(f: Term, x: string, o: DiffCommandOptions = {}): Term {
  const g = toDifferentiate(f, o.table, o.limits?.maxTimeMs);
  return simplifyOrKeep(symbolicJacobian([g], [x], diffOptions(o))[0][0], o);
}

/** The gradient as a list term `[∂f/∂x, ...]`. */
export function gradTerm(f: Term, vars: readonly string[], o: DiffCommandOptions = {}): Term {
  if (vars.length === 0) throw new BibunError('usage', 'grad needs at least one variable');
  const g = gradient(toDifferentiate(f, o.table, o.limits?.maxTimeMs), vars, diffOptions(o));
  return simplifyOrKeep(list(...g), o);
}

/** The Hessian as a list of rows. */
export function hessianTerm(f: Term, vars: readonly string[], o: DiffCommandOptions = {}): Term {
  if (vars.length === 0) throw new BibunError('usage', 'hessian needs at least one variable');
  const h = hessian(toDifferentiate(f, o.table, o.limits?.maxTimeMs), vars, diffOptions(o));
  return simplifyOrKeep(list(...h.map((row) => list(...row))), o);
}

/**
 * Derivative values at a point, `[∂f/∂x₁, ...]`, by any method (symbolic results are
 * evaluated there).
 */
export function derivativeAt(
  f: Term,
  vars: readonly string[],
  at: ReadonlyMap<string, number>,
  method: Method,
  table?: PartialsTable,
): number[] {
  return derivativeValues([toDifferentiate(f, table)], vars, at, method, table ? { table } : {})[0];
}

/**
 * `f` with its `d(...)`/`grad(...)` forms differentiated (so `diff` can take a `d(f, x)` term) and
 * the calls of the functions that compute (lib/cas: `subs`, `N`, `solve`, `cancel`, ...) computed;
 * the form functions (`factor`, `expand`, `series` ...) are left for {@link simplifyTerm} to run last.
 */
export function computeForms(f: Term, table?: PartialsTable, maxTimeMs?: number): Term {
  const differentiated = !hasDerivativeForms(f)
    ? f
    : rewriteDerivatives(formsUnderDerivatives(f), {
        raw: true,
        ...(table ? { table } : {}),
        ...(maxTimeMs !== undefined ? { maxTimeMs } : {}),
      });
  return evaluateCalls(differentiated, 'values').term;
}

/** `f` ready to be differentiated: its forms computed, the form calls too (see below). */
function toDifferentiate(f: Term, table?: PartialsTable, maxTimeMs?: number): Term {
  return evaluateCalls(computeForms(f, table, maxTimeMs), 'forms').term;
}

/**
 * `f` with the form calls (`series`, `factor`, ...) inside the differentiated argument of a
 * `d`/`grad`/... form computed first: a form that is differentiated is no longer kept as a form,
 * and `series` has no partial derivatives of its own (`d(series(sin(x), x, 0, 5), x)` is the
 * derivative of the polynomial).
 */
function formsUnderDerivatives(f: Term): Term {
  return mapBottomUp(f, (node, args) => {
    const n = withArgs(node, args);
    if (n.kind !== 'app' || !DERIVATIVE_HEADS.has(n.head) || n.args.length === 0) return n;
    const [body, ...rest] = n.args;
    const formed = evaluateCalls(body, 'forms').term;
    return formed === body ? n : app(n.head, [formed, ...rest]);
  });
}

/** The partials table of a rule file's `derivatives` blocks on top of the shipped one. */
export function partialsOfFile(text: string, file: string): PartialsTable {
  return partialsFromText(text, file);
}

/** A trace as JSON-able steps (infix, or let-form for large terms; see {@link traceToJson}). */
export function traceJson(
  trace: readonly TraceStep[] | undefined,
): { rule: string; path: number[]; before: string; after: string }[] {
  // Plain object literals, so the steps fit the batch layer's JSON type.
  return traceToJson(trace).map((s) => ({
    rule: s.rule,
    path: s.path,
    before: s.before,
    after: s.after,
  }));
}

/** One line per trace step: `1. collect at [0]: x + 2*x -> 3*x`. */
export function traceLines(trace: readonly TraceStep[] | undefined): string[] {
  return traceJson(trace).map(
    (s, i) => `${i + 1}. ${s.rule} at [${s.path.join(', ')}]: ${s.before} -> ${s.after}`,
  );
}

let builtins: RuleLibrary | undefined;

/**
 * The library a rule file given to `rewrite` is loaded on: empty but for the built-in strategies,
 * plus `simplify` (the shipped simplifier) and `dstar` (differentiates `d(f, x)` forms), so a
 * user's strategy can name them without the shipped rule names taking the user's.
 */
export function rewriteBase(): RuleLibrary {
  builtins ??= RuleLibrary.empty({
    builtins: new Map([
      ['simplify', shippedSimplify],
      ['dstar', dstarStrategy],
    ]),
  });
  return builtins;
}

/** The shipped `simplify` strategy (rules/simplify/simplify.rules). */
export const shippedSimplify: Strategy = simplifyStrategy;

/** `dstar` as a strategy: rewrites the derivative forms of a term; fails where there are none. */
export const dstarStrategy: Strategy = (t, run) => {
  if (!hasDerivativeForms(t)) return undefined;
  // Within a run, differentiation shares the run's time budget.
  const r = rewriteDerivatives(t, { raw: true, maxTimeMs: run.limits.maxTimeMs });
  run.step('dstar', t, r);
  return r;
};

/** Options of {@link rewriteCommand}. */
export interface RewriteCommandOptions extends EngineOptions {
  /** A strategy expression over the file's names (default: innermost over all its rules). */
  readonly strategy?: string;
  /** File name for messages. */
  readonly file?: string;
}

/**
 * `bibun rewrite EXPR --rules FILE`: the rule text loaded on {@link rewriteBase}, the strategy
 * run on the term.
 *
 * @throws BibunError `rule` for a bad file, `limit` when a budget runs out.
 */
export function rewriteCommand(
  t: Term,
  rulesText: string,
  o: RewriteCommandOptions = {},
): RunResult {
  // The same text (a batch client sends its file with every request) is read once.
  const { lib, own } = loadRulesCached(rewriteBase(), rulesText, o.file);
  const s = o.strategy !== undefined ? lib.compile(o.strategy) : innermostRules(own);
  const r = runStrategy(s, t, {
    ...(o.limits ? { limits: o.limits } : {}),
    ...(o.trace ? { trace: true } : {}),
  });
  if (r.stop !== 'normal') throw new BibunError('limit', `rewrite ${r.message}`);
  return r;
}

/** `bibun check 'LHS == RHS'`: property-tests an identity (see check/toolkit.ts). */
export function checkCommand(source: IdentitySource, o: CheckIdentityOptions = {}): IdentityResult {
  return checkToolkit().checkIdentity(source, o);
}

/** The lines `bibun check` prints for a verdict. */
export function describeIdentity(r: IdentityResult): string {
  if (r.holds) {
    return r.method === 'symbolic'
      ? 'holds (both sides simplify to the same term)'
      : `holds on ${r.samples} samples${r.skipped > 0 ? ` (${r.skipped} points skipped where a side is undefined)` : ''}`;
  }
  if (r.counterexample) return `false: counterexample ${r.counterexample.message}`;
  return `not confirmed: ${r.reason}`;
}

/** `bibun check-rules FILE...`: every rule of the files property-tested for soundness. */
export function checkRulesCommand(
  paths: readonly string[],
  o: { seed?: number; numRuns?: number } = {},
): SoundnessReport {
  if (paths.length === 0) throw new BibunError('usage', 'check-rules needs at least one rule file');
  return checkToolkit().ruleSoundness(paths, o);
}
