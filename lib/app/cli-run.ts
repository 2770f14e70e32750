/**
 * The command line's commands: argv to an {@link OpRequest} of the shared operation table
 * (app/dispatch.ts), the result printed. `bibun` alone starts the REPL, `bibun batch` the JSON
 * Lines loop; every other command is an operation of the table.
 */
import { BibunError } from '../base/errors.js';
import {
  checkVariable,
  isAssignment,
  missing,
  operationTable,
  performAndShow,
  plainContext,
  valuedOptions,
  valuesText,
  type OpRequest,
  type OpResult,
  type Operation,
  type OptionName,
} from './dispatch.js';
import { readInputFile } from './files.js';
import {
  checkFormat,
  describeIdentity,
  formatNumber,
  parseAssignments,
  runTermResult,
  termResult,
  traceJson,
  traceLines,
  type TermResult,
} from './operations.js';
import type { Format } from '../term/print.js';
import type { Limits } from '../rewrite/strategy.js';

function usage(): string {
  const ops = [...operationTable.values()].map((op) => {
    const head = `  bibun ${op.name} ${op.usage}`;
    return head.length <= 38
      ? `${head.padEnd(38)}${op.summary}`
      : `${head}\n${''.padEnd(38)}${op.summary}`;
  });
  return `bibun — a term-rewriting computer algebra system

usage:
  bibun                               the REPL (also \`npm start\`)
${ops.join('\n')}
  bibun batch                         JSON Lines requests on stdin, one JSON line out each

diff methods: tree dag graph dstar (default dstar); with a point also forward reverse numeric.
--rules FILE adds the file's derivatives lines to diff, grad and hessian.

options:
  --format text|latex|let|dot|json    output format where the result is a term (default text)
  --steps N, --time MS, --size N      budgets: rewrite steps, milliseconds (also of
                                      differentiation and parsing), term size
  --seed N, --runs N                  check: fast-check seed (default 42) and sample count
  -h, --help                          this help
  --version                           the version

Exit status: 0 success, 1 a failed check, 2 bad input or usage, 3 an internal error (a bug).`;
}

/** Parsed command line: the command, positional arguments, and flags. */
interface Args {
  command: string | undefined;
  positional: string[];
  flags: Map<string, string | true>;
}

const valueFlags = new Set<string>(['format', 'steps', 'time', 'size', ...valuedOptions]);
const boolFlags = new Set(['help', 'trace', 'raw', 'version', 'positive', 'strict']);

function parseArgs(argv: readonly string[]): Args {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a === '-h') {
      flags.set('help', true);
    } else if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (valueFlags.has(name)) {
        const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
        if (value === undefined) throw new BibunError('usage', `--${name} needs a value`);
        flags.set(name, value);
      } else if (boolFlags.has(name) && eq < 0) {
        flags.set(name, true);
      } else {
        throw new BibunError('usage', `unknown option ${a} (see bibun --help)`);
      }
    } else {
      positional.push(a);
    }
  }
  return { command: positional.shift(), positional, flags };
}

/** Where output goes: the entry point (app/cli.ts, the front end) hands in stdout. */
let write: (s: string) => void = () => {};

function out(s: string): void {
  write(s.endsWith('\n') ? s : s + '\n');
}

/** The sizes as a comment line in the output's own language (so output stays re-parseable). */
function sizesComment(r: TermResult, fmt: Format): string {
  const sizes = `tree size ${r.treeSize}, DAG size ${r.dagSize}`;
  switch (fmt) {
    case 'latex':
      return `% ${sizes}`;
    case 'dot':
      return `// ${sizes}`;
    default:
      return `# ${sizes}`;
  }
}

function sizeJson(n: bigint): number | string {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

function termJson(r: TermResult, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    result: JSON.parse(r.text),
    tree_size: sizeJson(r.treeSize),
    dag_size: r.dagSize,
    ...extra,
  });
}

function printTerm(r: TermResult, fmt: Format): void {
  if (fmt === 'json') {
    out(termJson(r));
    return;
  }
  out(r.text);
  out(sizesComment(r, fmt));
}

/** A non-negative integer flag. */
function intFlag(args: Args, name: string): number | undefined {
  const v = args.flags.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === true || !Number.isSafeInteger(n) || n < 0)
    throw new BibunError('usage', `--${name} needs a non-negative integer, got '${String(v)}'`);
  return n;
}

function limitsOf(args: Args): Partial<Limits> {
  const l: { maxSteps?: number; maxTimeMs?: number; maxSize?: number } = {};
  const steps = intFlag(args, 'steps');
  const time = intFlag(args, 'time');
  const size = intFlag(args, 'size');
  if (steps !== undefined) l.maxSteps = steps;
  if (time !== undefined) l.maxTimeMs = time;
  if (size !== undefined) l.maxSize = size;
  return l;
}

/** The command line's words as a request of `op`: positional parts in order, then its flags. */
function requestOf(op: Operation, args: Args): OpRequest {
  const words = [...args.positional];
  const r: { -readonly [K in keyof OpRequest]: OpRequest[K] } = {};
  for (const p of op.params) {
    switch (p) {
      case 'expr':
        r.expr = words.shift();
        break;
      case 'identity':
        r.identity = words.length > 0 ? words.splice(0).join(' ') : undefined;
        break;
      case 'files':
        r.files = words.splice(0);
        break;
      case 'var': {
        const w = words.shift();
        r.var = w === undefined ? undefined : checkVariable(w);
        break;
      }
      case 'vars': {
        const vars: string[] = [];
        while (words.length > 0 && !isAssignment(words[0]))
          vars.push(checkVariable(words.shift()!));
        r.vars = vars;
        break;
      }
      case 'point':
        r.at = parseAssignments(words.splice(0));
        break;
    }
  }
  if (words.length > 0)
    throw new BibunError('usage', `unexpected '${words[0]}' (usage: bibun ${op.name} ${op.usage})`);
  const flag = (o: OptionName) => args.flags.get(o);
  for (const o of op.options) {
    const v = flag(o);
    if (v === undefined) continue;
    if (o === 'raw' || o === 'trace' || o === 'positive' || o === 'strict') r[o] = true;
    else if (o === 'seed' || o === 'runs') r[o] = intFlag(args, o);
    else if (o === 'rules') r.rules = { text: readInputFile(String(v)), file: String(v) };
    else r[o] = String(v);
  }
  if (missing(op, r) !== undefined)
    throw new BibunError('usage', `usage: bibun ${op.name} ${op.usage}`);
  return r;
}

/** Prints a result; returns the exit status. */
function print(res: OpResult, fmt: Format): number {
  switch (res.kind) {
    case 'term':
      printTerm(termResult(res.term, fmt), fmt);
      return 0;
    case 'terms':
    case 'rows':
      printTerm(termResult(res.whole, fmt), fmt);
      return 0;
    case 'number':
      out(formatNumber(res.value));
      return 0;
    case 'numbers':
      out(valuesText(res.values));
      return 0;
    case 'rewrite': {
      const r = res.run;
      const t = runTermResult(r, fmt);
      if (fmt === 'json') {
        out(
          termJson(t, {
            ...(r.succeeded ? {} : { succeeded: false }),
            ...(res.trace ? { trace: traceJson(r.trace) } : {}),
          }),
        );
        return 0;
      }
      printTerm(t, fmt);
      const comment = sizesComment(t, fmt).split(' ')[0];
      if (!r.succeeded) out(`${comment} the strategy failed: the term is unchanged`);
      if (res.trace) for (const line of traceLines(r.trace)) out(`${comment} ${line}`);
      return 0;
    }
    case 'check':
      out(describeIdentity(res.result));
      return res.result.holds ? 0 : 1;
    case 'soundness': {
      const report = res.report;
      for (const line of report.failures) out(line);
      const counts = { sound: 0, unsound: 0, skipped: 0 };
      for (const c of report.checks) counts[c.status]++;
      out(
        `${report.checks.length} rules: ${counts.sound} sound, ${counts.unsound} unsound, ${counts.skipped} skipped (no numeric meaning)`,
      );
      return report.sound ? 0 : 1;
    }
  }
}

/** Runs the command line `argv` (without `node` and the script), writing to `output`; resolves to the exit status. */
export async function runCli(
  argv: readonly string[],
  output: (s: string) => void,
): Promise<number> {
  write = output;
  const args = parseArgs(argv);
  if (args.flags.has('help') || args.command === 'help') {
    out(usage());
    return 0;
  }
  const fmt = checkFormat(String(args.flags.get('format') ?? 'text'));
  if (args.command === undefined) {
    const { startRepl } = await import('./repl.js');
    await startRepl();
    return 0;
  }
  if (args.command === 'batch') {
    const { runBatch } = await import('./batch.js');
    await runBatch();
    return 0;
  }
  const op = operationTable.get(args.command);
  if (op === undefined)
    throw new BibunError('usage', `unknown command '${args.command}' (see bibun --help)`);
  return performAndShow(op, requestOf(op, args), plainContext(limitsOf(args)), (res) =>
    print(res, fmt),
  );
}
