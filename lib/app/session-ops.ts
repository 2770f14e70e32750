/**
 * The REPL's commands for the shared operations (app/dispatch.ts): `:diff f x --method reverse
 * x=2` is the operation `diff` with the session's definitions, rules and settings as context.
 * The text after the command name reads as `EXPR TRAILING... [--option ...]`: expressions may
 * contain spaces, so options, then points and variables, are taken from the right.
 */
import { Budget, withBudget } from '../base/budget.js';
import { BibunError } from '../base/errors.js';
import { parse } from '../syntax/parse.js';
import { list, type Term } from '../term/term.js';
import type { TraceStep } from '../rewrite/strategy.js';
import {
  checkVariable,
  isAssignment,
  isVariable,
  missing,
  operationTable,
  perform,
  valuedOptions,
  valuesText,
  type OpContext,
  type OpRequest,
  type OpResult,
  type Operation,
  type OptionName,
} from './dispatch.js';
import {
  describeIdentity,
  formatNumber,
  parseAssignments,
  simplifyTerm,
  traceLines,
} from './operations.js';
import {
  applyDefinitions,
  sessionPartials,
  sessionRewrite,
  sessionSimplifier,
  show,
  showValue,
  type Reply,
  type SessionIO,
  type SessionState,
  type Shown,
} from './session-state.js';

/** A `:command`: its usage line and what it does. */
export interface Command {
  readonly usage: string;
  readonly help: string;
  run(args: string, state: SessionState, io: SessionIO): Reply;
}

/** Splits `--flag [value]` options off the end of an argument text. */
export function options(
  args: string,
  valued: readonly string[],
  bare: readonly string[],
): { rest: string; opts: Map<string, string | true> } {
  const words = args.split(/\s+/).filter((w) => w !== '');
  const opts = new Map<string, string | true>();
  // Options may come anywhere after the expression's first word: `:diff f x --raw x=2`.
  for (let i = words.length - 1; i >= 1; i--) {
    const w = words[i];
    if (i > 1 && words[i - 1].startsWith('--') && valued.includes(words[i - 1].slice(2))) {
      opts.set(words[i - 1].slice(2), w);
      words.splice(i - 1, 2);
      i--;
    } else if (w.startsWith('--') && bare.includes(w.slice(2))) {
      opts.set(w.slice(2), true);
      words.splice(i, 1);
    }
  }
  for (const w of words)
    if (/^--\w/.test(w)) throw new BibunError('usage', `unknown or misplaced option ${w}`);
  return { rest: words.join(' '), opts };
}

/** Does `tail` (the trailing words) fit the operation's variables and point? */
function fits(op: Operation, tail: readonly string[]): boolean {
  const first = tail.findIndex((w) => !isVariable(w));
  const k = first < 0 ? tail.length : first;
  if (!tail.slice(k).every(isAssignment)) return false;
  if (!op.params.includes('point') && k < tail.length) return false;
  if (op.params.includes('var')) return k === 1;
  if (op.params.includes('vars')) return k >= 1;
  return k === 0;
}

/**
 * `EXPR w1 w2 ...` as an expression and trailing words for `op`: the longest tail that fits
 * and leaves a parseable expression (`:grad x*y x y`: the expression `x*y`, variables x and y).
 */
function split(op: Operation, text: string): { expr: string; tail: string[] } {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const trailingWord = (w: string) => isVariable(w) || isAssignment(w);
  let max = 0;
  while (max < words.length - 1 && trailingWord(words[words.length - 1 - max])) max++;
  const candidates: number[] = [];
  for (let k = max; k >= 0; k--) if (fits(op, words.slice(words.length - k))) candidates.push(k);
  if (candidates.length === 0 || words.length === 0) {
    const last = words[words.length - 1];
    // `:diff x^2 x+1`: the same error as `bibun diff x^2 x+1`.
    if (
      last !== undefined &&
      words.length > 1 &&
      !trailingWord(last) &&
      op.params.some((p) => p === 'var' || p === 'vars')
    )
      checkVariable(last);
    throw new BibunError('usage', `usage: :${op.name} ${op.usage}`);
  }
  for (const [i, k] of candidates.entries()) {
    const expr = words.slice(0, words.length - k).join(' ');
    try {
      parse(expr);
      return { expr, tail: words.slice(words.length - k) };
    } catch (e) {
      if (i === candidates.length - 1) throw e;
    }
  }
  throw new BibunError('usage', `usage: :${op.name} ${op.usage}`);
}

function requestOf(op: Operation, text: string, io: SessionIO): OpRequest {
  const { rest, opts } =
    op.options.length === 0
      ? { rest: text.trim(), opts: new Map() }
      : options(
          text,
          op.options.filter((o) => valuedOptions.has(o)),
          op.options.filter((o) => !valuedOptions.has(o)),
        );
  const r: { -readonly [K in keyof OpRequest]: OpRequest[K] } = {};
  const needsTail = op.params.some((p) => p === 'var' || p === 'vars' || p === 'point');
  if (op.params.includes('identity')) r.identity = rest === '' ? undefined : rest;
  else if (op.params.includes('files')) r.files = rest.split(/\s+/).filter((w) => w !== '');
  else if (!needsTail) r.expr = rest === '' ? undefined : rest;
  else if (rest !== '') {
    const { expr, tail } = split(op, rest);
    r.expr = expr;
    const names = tail.filter((w) => !isAssignment(w));
    if (op.params.includes('var')) r.var = names[0];
    if (op.params.includes('vars')) r.vars = names;
    if (op.params.includes('point')) r.at = parseAssignments(tail.filter(isAssignment));
  }
  for (const [o, v] of opts) {
    const name = o as OptionName;
    if (name === 'raw' || name === 'trace' || name === 'positive' || name === 'strict')
      r[name] = true;
    else if (name === 'seed' || name === 'runs') {
      const n = Number(v);
      if (!Number.isSafeInteger(n) || n < 0)
        throw new BibunError('usage', `--${name} needs a non-negative integer, got '${String(v)}'`);
      r[name] = n;
    } else if (name === 'rules') r.rules = { text: io.readFile(String(v)), file: String(v) };
    else if (name === 'method' || name === 'strategy' || name === 'domain') r[name] = String(v);
  }
  if (missing(op, r) !== undefined) throw new BibunError('usage', `usage: :${op.name} ${op.usage}`);
  return r;
}

/**
 * The session as an operation's context; `trace` receives the steps and the notes (a series'
 * remainder) of the last simplification.
 */
function contextOf(
  s: SessionState,
  trace: (t: readonly TraceStep[] | undefined, shown: Shown) => void,
): OpContext {
  const table = sessionPartials(s.library);
  const rewrite = sessionRewrite(s);
  const simplify = (t: Term) => {
    const r = simplifyTerm(t, {
      simplifier: sessionSimplifier(s.library),
      table,
      limits: s.settings.limits,
      trace: true,
    });
    trace(r.run.trace, r);
    return r.term;
  };
  return {
    limits: s.settings.limits,
    // simplify and eval apply the definitions inside the session's evaluation, the others here.
    term: (text) => parse(text),
    simplify: (t) => simplify(applyDefinitions(s, t)),
    value: (t) => simplify(applyDefinitions(s, t)),
    identity: (text) => {
      const id = parse(text);
      if (id.kind !== 'app' || id.head !== '==')
        throw new BibunError('usage', `usage: :check ${operationTable.get('check')!.usage}`);
      return { lhs: applyDefinitions(s, id.args[0]), rhs: applyDefinitions(s, id.args[1]) };
    },
    table,
    method: s.settings.method,
    seed: s.settings.seed,
    runs: s.settings.runs,
    ...(rewrite ? { rewrite } : {}),
  };
}

/** Operations whose expression is used as written, with the session's definitions applied. */
const withDefinitions = new Set(['diff', 'grad', 'hessian', 'rewrite', 'parse']);

function output(
  op: Operation,
  res: OpResult,
  s: SessionState,
  io: SessionIO,
  shown: Shown | undefined,
): string {
  switch (res.kind) {
    case 'term':
      return op.name === 'parse' && s.settings.sizes
        ? `${show(res.term)}\n# tree size ${res.term.treeSize}, DAG size ${res.term.dagSize}`
        : showValue(
            s,
            shown?.term === res.term ? shown : { term: res.term, notes: shown?.notes ?? [] },
            io.columns,
          );
    case 'terms':
      return showValue(s, { term: res.whole, notes: [] }, io.columns);
    case 'rows':
      return res.rows.map((r) => show(list(...r))).join('\n');
    case 'number':
      return formatNumber(res.value);
    case 'numbers':
      return valuesText(res.values);
    case 'rewrite':
      return [
        show(res.run.term),
        ...(res.run.succeeded ? [] : ['the strategy failed: the term is unchanged']),
        ...(res.trace ? traceLines(res.run.trace) : []),
      ].join('\n');
    case 'check':
      return describeIdentity(res.result);
    case 'soundness': {
      const counts = { sound: 0, unsound: 0, skipped: 0 };
      for (const c of res.report.checks) counts[c.status]++;
      return [
        ...res.report.failures,
        `${res.report.checks.length} rules: ${counts.sound} sound, ${counts.unsound} unsound, ${counts.skipped} skipped (no numeric meaning)`,
      ].join('\n');
    }
  }
}

/**
 * A variable or point of the request that the session has bound would be replaced by its value
 * before the operation sees it (`x = 1`, then `:diff x^2 x` is 0): say which binding to remove.
 */
function boundVariables(op: Operation, req: OpRequest, s: SessionState): void {
  const names = [...(req.var ? [req.var] : []), ...(req.vars ?? []), ...(req.at?.keys() ?? [])];
  const bound = [...new Set(names)].filter((n) => s.env.has(n));
  if (bound.length === 0) return;
  const shown = bound.map((k) => `${k} is bound to ${show(s.env.get(k)!)}`).join(', ');
  throw new BibunError(
    'usage',
    `:${op.name}: ${shown}, so it cannot be a variable here; :unbind ${bound.join(' ')}`,
  );
}

/** The REPL command of an operation. */
function commandOf(op: Operation): Command {
  return {
    usage: `:${op.name} ${op.usage}`,
    help: op.summary,
    run: (text, s, io) =>
      // One budget over splitting (which parses) and the operation.
      withBudget(new Budget(s.settings.limits), () => {
        let lastTrace = s.lastTrace;
        let shown: Shown | undefined;
        const ctx = contextOf(s, (t, v) => {
          lastTrace = t;
          shown = v;
        });
        const req = requestOf(op, text, io);
        boundVariables(op, req, s);
        const context: OpContext = withDefinitions.has(op.name)
          ? { ...ctx, term: (t) => applyDefinitions(s, parse(t)) }
          : ctx;
        const res = perform(op, req, context);
        if (res.kind === 'rewrite') lastTrace = res.run.trace;
        // A term result is the next `ans`.
        const ans = res.kind === 'term' ? res.term : res.kind === 'terms' ? res.whole : s.ans;
        return { state: { ...s, lastTrace, ans }, output: output(op, res, s, io, shown) };
      }),
  };
}

/** The commands of every shared operation, by name. */
export const operationCommands: readonly [string, Command][] = [...operationTable.values()].map(
  (op) => [op.name, commandOf(op)],
);
