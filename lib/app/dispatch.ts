/**
 * The one table of operations behind the command line, `bibun batch` and the REPL. An operation
 * says what it takes (an expression, a variable, variables, a point, an identity, files), which
 * options it honours, and how it computes its result from a front-end-neutral {@link OpRequest}
 * and the front end's {@link OpContext}. Each front end only turns its own syntax (argv, a JSON
 * object, the text after `:name`) into a request and prints the {@link OpResult}; so an operation
 * added here appears in all three with the same options and the same errors.
 */
import { Budget, withBudget } from '../base/budget.js';
import { BibunError } from '../base/errors.js';
import { patternTerm, sparsity, type Method, type PartialsTable } from '../diff/index.js';
import type { Limits, RunResult } from '../rewrite/strategy.js';
import { parse } from '../syntax/parse.js';
import { evaluate } from '../term/evaluate.js';
import type { Term } from '../term/term.js';
import type {
  CheckIdentityOptions,
  IdentityResult,
  IdentitySource,
  SoundnessReport,
} from '../check/toolkit.js';
// Light (no fast-check): reading `a..b` needs nothing of the checker.
import { parseDomain } from '../check/domain.js';
import { checkToolkit } from './check-loader.js';
import { checkReadablePath } from './files.js';
import { evaluateCalls } from '../cas/functions.js';
import {
  checkMethod,
  derivativeAt,
  diffTerm,
  formatNumber,
  gradTerm,
  hessianTerm,
  partialsOfFile,
  rewriteCommand,
  simplifyTerm,
  computeForms,
} from './operations.js';

/** What an operation is asked, whichever front end asked it. Texts are not yet parsed. */
export interface OpRequest {
  readonly expr?: string;
  readonly var?: string;
  readonly vars?: readonly string[];
  /** A point: variable values (constant expressions already evaluated). */
  readonly at?: ReadonlyMap<string, number>;
  readonly identity?: string;
  readonly files?: readonly string[];
  readonly method?: string;
  readonly raw?: boolean;
  /** Rule-file text and the name to report it under. */
  readonly rules?: { readonly text: string; readonly file: string };
  readonly strategy?: string;
  readonly trace?: boolean;
  readonly seed?: number;
  readonly runs?: number;
  /** `check`: sample positive values only. */
  readonly positive?: boolean;
  /** `check`: the domains of both sides must agree too. */
  readonly strict?: boolean;
  /** `check`: `a..b`, the interval to sample. */
  readonly domain?: string;
}

/** What a front end supplies: budgets, how text becomes a term, session defaults. */
export interface OpContext {
  readonly limits: Partial<Limits>;
  /** Text to a term (the REPL also applies its functions and bindings). */
  readonly term: (text: string) => Term;
  /** The simplified form as this front end shows it (the REPL uses the session's rules). */
  readonly simplify: (t: Term) => Term;
  /** The term whose float value `eval` computes (the REPL simplifies in the session first). */
  readonly value: (t: Term) => Term;
  /** The identity's sides (the REPL applies its definitions to each). */
  readonly identity: (text: string) => IdentitySource;
  /** The partials table when the request names no rules (the REPL's includes `:load`ed files). */
  readonly table?: PartialsTable;
  /** The symbolic method when the request names none. */
  readonly method?: Method;
  readonly seed?: number;
  readonly runs?: number;
  /** Applied to both sides of an identity first (the REPL's own rules). */
  readonly rewrite?: (t: Term) => Term;
}

/** The default context: plain parsing, the shipped simplifier, the shipped table. */
export function plainContext(limits: Partial<Limits> = {}): OpContext {
  return {
    limits,
    term: parse,
    simplify: (t) => simplifyTerm(t, { limits }).term,
    value: (t) => evaluateCalls(computeForms(t, undefined, limits.maxTimeMs)).term,
    identity: (text) => text,
  };
}

/** An operation's result, printed by each front end in its own way. */
export type OpResult =
  | { readonly kind: 'term'; readonly term: Term }
  /** A list of terms (a gradient) with the whole list, whose entries share nodes. */
  | { readonly kind: 'terms'; readonly terms: readonly Term[]; readonly whole: Term }
  | { readonly kind: 'rows'; readonly rows: readonly (readonly Term[])[]; readonly whole: Term }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'numbers'; readonly values: readonly number[] }
  | { readonly kind: 'rewrite'; readonly run: RunResult; readonly trace: boolean }
  | { readonly kind: 'check'; readonly result: IdentityResult }
  | { readonly kind: 'soundness'; readonly report: SoundnessReport };

/** The positional parts an operation takes, in order. */
export type Param = 'expr' | 'var' | 'vars' | 'point' | 'identity' | 'files';

/** The options an operation honours. */
export type OptionName =
  | 'method'
  | 'raw'
  | 'rules'
  | 'strategy'
  | 'trace'
  | 'seed'
  | 'runs'
  | 'positive'
  | 'strict'
  | 'domain';

/** Options that take a value (the others are switches). */
export const valuedOptions: ReadonlySet<OptionName> = new Set([
  'method',
  'rules',
  'strategy',
  'seed',
  'runs',
  'domain',
]);

/** One operation. */
export interface Operation {
  readonly name: string;
  /** What follows the name, e.g. `EXPR VAR [NAME=VALUE...]` (front ends prefix their own syntax). */
  readonly usage: string;
  readonly summary: string;
  readonly params: readonly Param[];
  readonly options: readonly OptionName[];
  /** Options the operation cannot do without. */
  readonly required?: readonly OptionName[];
  run(req: OpRequest, ctx: OpContext): OpResult;
}

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new BibunError('usage', `missing ${what}`);
  return v;
}

function method(req: OpRequest, ctx: OpContext): Method {
  return req.method !== undefined ? checkMethod(req.method) : (ctx.method ?? 'dstar');
}

function table(req: OpRequest, ctx: OpContext): { table?: PartialsTable } {
  if (req.rules !== undefined) return { table: partialsOfFile(req.rules.text, req.rules.file) };
  return ctx.table ? { table: ctx.table } : {};
}

function diffOptions(req: OpRequest, ctx: OpContext) {
  return {
    method: method(req, ctx),
    raw: req.raw === true,
    limits: ctx.limits,
    ...table(req, ctx),
  };
}

const hasPoint = (req: OpRequest) => req.at !== undefined && req.at.size > 0;

/** The checker options of a request, with the front end's defaults. */
function checkOptions(req: OpRequest, ctx: OpContext): { seed?: number; numRuns?: number } {
  const seed = req.seed ?? ctx.seed;
  if (req.runs !== undefined && req.runs < 1)
    throw new BibunError('usage', `--runs needs a positive integer, got '${req.runs}'`);
  const runs = req.runs ?? ctx.runs;
  return {
    ...(seed !== undefined ? { seed } : {}),
    ...(runs !== undefined ? { numRuns: Math.max(1, runs) } : {}),
  };
}

/** The identity checker's options of a request. */
function identityOptions(req: OpRequest, ctx: OpContext): CheckIdentityOptions {
  return {
    ...checkOptions(req, ctx),
    ...(req.domain !== undefined ? { domain: parseDomain(req.domain) } : {}),
    ...(req.positive ? { positive: true } : {}),
    ...(req.strict ? { strict: true } : {}),
    ...(ctx.rewrite ? { rewrite: ctx.rewrite } : {}),
  };
}

const list_: Operation[] = [
  {
    name: 'parse',
    usage: 'EXPR',
    summary: 'canonical infix, tree and DAG sizes',
    params: ['expr'],
    options: [],
    run: (req, ctx) => ({ kind: 'term', term: ctx.term(need(req.expr, 'EXPR')) }),
  },
  {
    name: 'simplify',
    usage: 'EXPR',
    summary: 'the simplified form',
    params: ['expr'],
    options: [],
    run: (req, ctx) => ({ kind: 'term', term: ctx.simplify(ctx.term(need(req.expr, 'EXPR'))) }),
  },
  {
    name: 'diff',
    usage: 'EXPR VAR [--method M] [--raw] [--rules FILE] [NAME=VALUE...]',
    summary: 'derivative; at a point (NAME=VALUE...) its value, by any method',
    params: ['expr', 'var', 'point'],
    options: ['method', 'raw', 'rules'],
    run: (req, ctx) => {
      const f = ctx.term(need(req.expr, 'EXPR'));
      const x = need(req.var, 'VAR');
      const o = diffOptions(req, ctx);
      if (hasPoint(req))
        return { kind: 'number', value: derivativeAt(f, [x], req.at!, o.method, o.table)[0] };
      return { kind: 'term', term: diffTerm(f, x, o) };
    },
  },
  {
    name: 'grad',
    usage: 'EXPR VAR... [--method M] [--raw] [--rules FILE] [NAME=VALUE...]',
    summary: 'gradient, as a list; at a point its values',
    params: ['expr', 'vars', 'point'],
    options: ['method', 'raw', 'rules'],
    run: (req, ctx) => {
      const f = ctx.term(need(req.expr, 'EXPR'));
      const vars = need(req.vars, 'VAR...');
      const o = diffOptions(req, ctx);
      if (hasPoint(req))
        return { kind: 'numbers', values: derivativeAt(f, vars, req.at!, o.method, o.table) };
      const g = gradTerm(f, vars, o);
      return { kind: 'terms', terms: g.kind === 'app' ? g.args : [g], whole: g };
    },
  },
  {
    name: 'hessian',
    usage: 'EXPR VAR... [--method M] [--raw] [--rules FILE]',
    summary: 'Hessian matrix, one row per line',
    params: ['expr', 'vars'],
    options: ['method', 'raw', 'rules'],
    run: (req, ctx) => {
      const h = hessianTerm(ctx.term(need(req.expr, 'EXPR')), need(req.vars, 'VAR...'), {
        ...diffOptions(req, ctx),
      });
      const rows = h.kind === 'app' ? h.args.map((r) => (r.kind === 'app' ? r.args : [r])) : [[h]];
      return { kind: 'rows', rows, whole: h };
    },
  },
  {
    name: 'sparsity',
    usage: 'EXPR VAR...',
    summary: 'sparsity pattern: of the Jacobian of a list, of the Hessian of one expression',
    params: ['expr', 'vars'],
    options: [],
    run: (req, ctx) => {
      const f = ctx.term(need(req.expr, 'EXPR'));
      const vars = need(req.vars, 'VAR...');
      if (vars.length === 0) throw new BibunError('usage', 'sparsity needs at least one variable');
      return {
        kind: 'term',
        term: patternTerm(sparsity(f, vars, { maxTimeMs: ctx.limits.maxTimeMs })),
      };
    },
  },
  {
    name: 'eval',
    usage: 'EXPR NAME=VALUE...',
    summary: 'float value (values may be constants: x=pi/2)',
    params: ['expr', 'point'],
    options: [],
    run: (req, ctx) => ({
      kind: 'number',
      value: evaluate(ctx.value(ctx.term(need(req.expr, 'EXPR'))), req.at ?? new Map()),
    }),
  },
  {
    name: 'rewrite',
    usage: 'EXPR --rules FILE [--strategy S] [--trace]',
    summary: 'rewrite with your rules (default: innermost, all rules)',
    params: ['expr'],
    options: ['rules', 'strategy', 'trace'],
    required: ['rules'],
    run: (req, ctx) => {
      const rules = need(req.rules, '--rules FILE');
      const trace = req.trace === true;
      const run = rewriteCommand(ctx.term(need(req.expr, 'EXPR')), rules.text, {
        file: rules.file,
        trace,
        limits: ctx.limits,
        ...(req.strategy !== undefined ? { strategy: req.strategy } : {}),
      });
      return { kind: 'rewrite', run, trace };
    },
  },
  {
    name: 'check',
    usage: "'LHS == RHS' [--positive] [--domain a..b] [--runs N] [--strict] [--seed N]",
    summary:
      'property-test an identity where both sides are defined (--strict: the domains must agree too); exit 1 with a counterexample',
    params: ['identity'],
    options: ['seed', 'runs', 'positive', 'domain', 'strict'],
    run: (req, ctx) => ({
      kind: 'check',
      result: checkToolkit().checkIdentity(
        ctx.identity(need(req.identity, "'LHS == RHS'")),
        identityOptions(req, ctx),
      ),
    }),
  },
  {
    name: 'check-rules',
    usage: 'FILE... [--seed N] [--runs N]',
    summary: 'property-test every rule; exit 1 if one is unsound',
    params: ['files'],
    options: ['seed', 'runs'],
    run: (req, ctx) => {
      const files = need(req.files, 'FILE...');
      if (files.length === 0)
        throw new BibunError('usage', 'check-rules needs at least one rule file');
      for (const f of files) checkReadablePath(f);
      return {
        kind: 'soundness',
        report: checkToolkit().ruleSoundness(files, checkOptions(req, ctx)),
      };
    },
  },
];

/** The operations by name, in the order help texts list them. */
export const operationTable: ReadonlyMap<string, Operation> = new Map(
  list_.map((op) => [op.name, op]),
);

/**
 * Runs an operation under one budget (steps, time, size of `ctx.limits`) that covers parsing as
 * well as the computation, so exact arithmetic done while reading the input is bounded too.
 */
export function perform(op: Operation, req: OpRequest, ctx: OpContext): OpResult {
  return withBudget(new Budget(ctx.limits), () => op.run(req, ctx));
}

/**
 * {@link perform}, then `show` (the front end's printing of the result) under the same budget:
 * printing a sum of 10^5 terms takes about as long as reading it, and the time budget is the
 * request's, not only its computation's.
 */
export function performAndShow<T>(
  op: Operation,
  req: OpRequest,
  ctx: OpContext,
  show: (r: OpResult) => T,
): T {
  return withBudget(new Budget(ctx.limits), () => show(op.run(req, ctx)));
}

/**
 * What a request lacks that the operation needs (a parameter or a required option), in the
 * operation's own order; front ends phrase it in their syntax (`missing field "var"`, a usage line).
 */
export function missing(op: Operation, req: OpRequest): string | undefined {
  for (const p of op.params) {
    if (p === 'point') continue;
    const v = req[p];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) return p;
  }
  for (const o of op.required ?? []) if (req[o] === undefined) return o;
  return undefined;
}

/** A point's values as the list the front ends print (`[1, -1]`). */
export function valuesText(values: readonly number[]): string {
  return `[${values.map(formatNumber).join(', ')}]`;
}

const variable = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Checks that a word is a variable name (`x+1` is not). */
export function checkVariable(w: string): string {
  if (!variable.test(w)) throw new BibunError('usage', `not a variable name: '${w}'`);
  return w;
}

/** True for a `NAME=VALUE` word. */
export function isAssignment(w: string): boolean {
  return /^[A-Za-z_]\w*=\S+$/.test(w);
}

/** True for a variable name. */
export function isVariable(w: string): boolean {
  return variable.test(w);
}
