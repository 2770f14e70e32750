#!/usr/bin/env node
/**
 * The command line. See `bibun --help` and DESIGN.md's contract: exit status 0 on success, 1 for
 * a failed check, 2 for bad input or usage; errors go to stderr as one line (plus the caret line
 * for syntax errors), never a stack trace.
 */
import { asBibunError, BibunError } from './errors.js';
import { checkFormat, formatNumber, parseAssignments, evalCommand, parseCommand, type TermResult } from './commands.js';
import type { Format } from './print.js';

const usage = `bibun — a term-rewriting computer algebra system

usage:
  bibun                               the REPL (also \`npm start\`)
  bibun parse EXPR                    canonical infix, tree and DAG sizes
  bibun eval EXPR NAME=VALUE...       float value (values may be constants: x=pi/2)
  bibun batch                         JSON Lines requests on stdin, one JSON line out each

options:
  --format text|latex|let|dot|json    output format where the result is a term (default text)
  -h, --help                          this help

Exit status: 0 success, 1 a failed check, 2 bad input or usage.`;

/** Parsed command line: the command, positional arguments, and flags. */
interface Args {
  command: string | undefined;
  positional: string[];
  flags: Map<string, string | true>;
}

const valueFlags = new Set(['format', 'method', 'rules', 'strategy', 'seed', 'runs', 'out']);
const boolFlags = new Set(['help', 'trace', 'raw', 'version']);

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
    out(JSON.stringify({ result: JSON.parse(r.text), tree_size: sizeJson(r.treeSize), dag_size: r.dagSize }));
    return;
  }
  out(r.text);
  out(sizesComment(r, fmt));
}

function sizeJson(n: bigint): number | string {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

function need(args: Args, n: number, what: string): void {
  if (args.positional.length < n) throw new BibunError('usage', `usage: bibun ${args.command} ${what}`);
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.flags.has('help') || args.command === 'help') {
    out(usage);
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
