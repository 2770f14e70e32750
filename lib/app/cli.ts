#!/usr/bin/env node
/**
 * The command line. See `bibun --help` and DESIGN.md's contract: exit status 0 on success, 1 for
 * a failed check, 2 for bad input or usage; errors go to stderr as one line (plus the caret line
 * for syntax errors), never a stack trace.
 */
import { readFileSync, statSync } from 'node:fs';
import { asBibunError, BibunError, ioError } from '../base/errors.js';
import {
  checkCommand,
  checkFormat,
  checkMethod,
  checkRulesCommand,
  derivativeAt,
  describeIdentity,
  diffTerm,
  evalCommand,
  formatNumber,
  gradTerm,
  parseAssignments,
  parseCommand,
  partialsOfFile,
  rewriteCommand,
  simplifyTerm,
  termResult,
  traceJson,
  traceLines,
  type TermResult,
} from './operations.js';
import { parse } from '../syntax/parse.js';
import type { Format } from '../term/print.js';
import type { PartialsTable } from '../diff/index.js';
import type { Limits } from '../rewrite/strategy.js';
import { parseDomain } from '../check/domain.js';

const usage = `bibun — a term-rewriting computer algebra system

usage:
  bibun                               the REPL (also \`npm start\`)
  bibun parse EXPR                    canonical infix, tree and DAG sizes
  bibun simplify EXPR                 the simplified form
  bibun diff EXPR VAR [--method M] [--raw] [--rules FILE] [NAME=VALUE...]
                                      derivative (methods: tree dag graph dstar, default dstar;
                                      with a point also forward reverse numeric: the value;
                                      --rules FILE adds the file's derivatives lines)
  bibun grad EXPR VAR... [--rules FILE]
                                      gradient, as a list
  bibun eval EXPR NAME=VALUE...       float value (values may be constants: x=pi/2)
  bibun rewrite EXPR --rules FILE [--strategy S] [--trace]
                                      rewrite with your rules (default: innermost, all rules)
  bibun check 'LHS == RHS' [--positive] [--domain a..b] [--strict]
                                      property-test an identity where both sides are defined
                                      (--strict: the domains must agree too); exit 1 with a
                                      counterexample
  bibun check-rules FILE...           property-test every rule; exit 1 if one is unsound
  bibun batch                         JSON Lines requests on stdin, one JSON line out each

options:
  --format text|latex|let|dot|json    output format where the result is a term (default text)
  --steps N, --time MS, --size N      budgets: rewrite steps, milliseconds (also of
                                      differentiation), term size
  --seed N, --runs N                  check: fast-check seed (default 42) and sample count
  -h, --help                          this help
  --version                           the version

Exit status: 0 success, 1 a failed check, 2 bad input or usage.`;

/** Parsed command line: the command, positional arguments, and flags. */
interface Args {
  command: string | undefined;
  positional: string[];
  flags: Map<string, string | true>;
}

const valueFlags = new Set([
  'format',
  'method',
  'rules',
  'strategy',
  'seed',
  'runs',
  'steps',
  'time',
  'size',
  'domain',
]);
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

function out(s: string): void {
  process.stdout.write(s.endsWith('\n') ? s : s + '\n');
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

function printTerm(r: TermResult, fmt: Format): void {
  if (fmt === 'json') {
    out(
      JSON.stringify({
        result: JSON.parse(r.text),
        tree_size: sizeJson(r.treeSize),
        dag_size: r.dagSize,
      }),
    );
    return;
  }
  out(r.text);
  out(sizesComment(r, fmt));
}

function sizeJson(n: bigint): number | string {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
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

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw ioError('read', file, e);
  }
}

function need(args: Args, n: number, what: string): void {
  if (args.positional.length < n)
    throw new BibunError('usage', `usage: bibun ${args.command} ${what}`);
}

/** `--rules FILE` for diff and grad: the file's `derivatives` lines join the shipped table. */
function tableOf(args: Args): PartialsTable | undefined {
  const file = args.flags.get('rules');
  return typeof file === 'string' ? partialsOfFile(readText(file), file) : undefined;
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.flags.has('help') || args.command === 'help') {
    out(usage);
    return 0;
  }
  if (args.flags.has('version') || args.command === 'version') {
    const pkg = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    out(`bibun ${pkg.version}`);
    return 0;
  }
  const fmt = checkFormat(String(args.flags.get('format') ?? 'text'));
  switch (args.command) {
    case undefined: {
      const { startRepl } = await import('./repl.js');
      await startRepl();
      return 0;
    }
    case 'parse':
      need(args, 1, 'EXPR');
      printTerm(parseCommand(args.positional[0], fmt), fmt);
      return 0;
    case 'simplify':
      need(args, 1, 'EXPR');
      printTerm(
        termResult(simplifyTerm(parse(args.positional[0]), { limits: limitsOf(args) }).term, fmt),
        fmt,
      );
      return 0;
    case 'diff': {
      need(args, 2, 'EXPR VAR [--method M] [--raw] [NAME=VALUE...]');
      const [expr, x, ...point] = args.positional;
      const method = checkMethod(String(args.flags.get('method') ?? 'dstar'));
      const f = parse(expr);
      const table = tableOf(args);
      if (point.length > 0) {
        out(formatNumber(derivativeAt(f, [x], parseAssignments(point), method, table)[0]));
        return 0;
      }
      printTerm(
        termResult(
          diffTerm(f, x, {
            method,
            raw: args.flags.has('raw'),
            limits: limitsOf(args),
            ...(table ? { table } : {}),
          }),
          fmt,
        ),
        fmt,
      );
      return 0;
    }
    case 'grad': {
      need(args, 2, 'EXPR VAR...');
      const [expr, ...vars] = args.positional;
      const method = checkMethod(String(args.flags.get('method') ?? 'dstar'));
      const table = tableOf(args);
      printTerm(
        termResult(
          gradTerm(parse(expr), vars, {
            method,
            raw: args.flags.has('raw'),
            limits: limitsOf(args),
            ...(table ? { table } : {}),
          }),
          fmt,
        ),
        fmt,
      );
      return 0;
    }
    case 'rewrite': {
      need(args, 1, 'EXPR --rules FILE [--strategy S] [--trace]');
      const file = args.flags.get('rules');
      if (typeof file !== 'string')
        throw new BibunError(
          'usage',
          'usage: bibun rewrite EXPR --rules FILE [--strategy S] [--trace]',
        );
      const strategy = args.flags.get('strategy');
      const trace = args.flags.has('trace');
      const r = rewriteCommand(parse(args.positional[0]), readText(file), {
        file,
        trace,
        limits: limitsOf(args),
        ...(typeof strategy === 'string' ? { strategy } : {}),
      });
      const res = termResult(r.term, fmt);
      if (fmt === 'json') {
        const extra = {
          ...(r.succeeded ? {} : { succeeded: false }),
          ...(trace ? { trace: traceJson(r.trace) } : {}),
        };
        out(
          JSON.stringify({
            result: JSON.parse(res.text),
            tree_size: sizeJson(res.treeSize),
            dag_size: res.dagSize,
            ...extra,
          }),
        );
        return 0;
      }
      printTerm(res, fmt);
      const comment = sizesComment(res, fmt).split(' ')[0];
      if (!r.succeeded) out(`${comment} the strategy failed: the term is unchanged`);
      if (trace) for (const line of traceLines(r.trace)) out(`${comment} ${line}`);
      return 0;
    }
    case 'check': {
      need(args, 1, "'LHS == RHS'");
      const seed = intFlag(args, 'seed');
      const runs = intFlag(args, 'runs');
      const domain = args.flags.get('domain');
      const r = checkCommand(args.positional.join(' '), {
        ...(seed !== undefined ? { seed } : {}),
        ...(runs !== undefined ? { runs: Math.max(1, runs) } : {}),
        ...(domain !== undefined ? { domain: parseDomain(String(domain)) } : {}),
        ...(args.flags.has('positive') ? { positive: true } : {}),
        ...(args.flags.has('strict') ? { strict: true } : {}),
      });
      out(describeIdentity(r));
      return r.holds ? 0 : 1;
    }
    case 'check-rules': {
      need(args, 1, 'FILE...');
      for (const f of args.positional) {
        try {
          statSync(f);
        } catch (e) {
          throw ioError('read', f, e);
        }
      }
      const seed = intFlag(args, 'seed');
      const runs = intFlag(args, 'runs');
      const report = checkRulesCommand(args.positional, {
        ...(seed !== undefined ? { seed } : {}),
        ...(runs !== undefined ? { numRuns: Math.max(1, runs) } : {}),
      });
      for (const line of report.failures) out(line);
      const counts = { sound: 0, unsound: 0, skipped: 0 };
      for (const c of report.checks) counts[c.status]++;
      out(
        `${report.checks.length} rules: ${counts.sound} sound, ${counts.unsound} unsound, ${counts.skipped} skipped (no numeric meaning)`,
      );
      return report.sound ? 0 : 1;
    }
    case 'eval': {
      need(args, 1, 'EXPR NAME=VALUE...');
      const env = parseAssignments(args.positional.slice(1));
      out(formatNumber(evalCommand(args.positional[0], env)));
      return 0;
    }
    case 'batch': {
      const { runBatch } = await import('./batch.js');
      await runBatch();
      return 0;
    }
    default:
      throw new BibunError('usage', `unknown command '${args.command}' (see bibun --help)`);
  }
}

// A reader that stops early (`bibun parse ... | head -1`) closes the pipe: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const err = asBibunError(e);
    process.stderr.write(`bibun: ${err.display()}\n`);
    process.exitCode = 2;
  },
);
