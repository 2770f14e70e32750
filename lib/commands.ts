/**
 * The operations behind the command line, `bibun batch` and the REPL, as plain functions from
 * strings and options to results. The front ends (cli, batch, repl) only parse their own input
 * syntax, call these, and print.
 */
import { BibunError } from './errors.js';
import { evaluate } from './evaluate.js';
import { parse } from './parse.js';
import { format, type Format } from './print.js';
import type { Term } from './term.js';

/** The output formats, for validating user input. */
export const formats: readonly Format[] = ['text', 'latex', 'let', 'dot', 'json'];

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
export function termResult(term: Term, fmt: Format = 'text'): TermResult {
  return { term, text: format(term, fmt), treeSize: term.treeSize, dagSize: term.dagSize };
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
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new BibunError('usage', `not a variable name: '${name}'`);
    env.set(name, constantValue(item.slice(eq + 1), name));
  }
  return env;
}

/** The value of a constant expression (`pi/2`, `3`), for an assignment to `name`. */
export function constantValue(text: string, name: string): number {
  const t = parse(text);
  if (!t.isConstant) throw new BibunError('usage', `the value of ${name} must be a number, got '${text.trim()}'`);
  return evaluate(t);
}

/** `bibun eval EXPR NAME=VALUE...`: the float64 value. */
export function evalCommand(expr: string, env: ReadonlyMap<string, number> | Readonly<Record<string, number>>): number {
  const t = parse(expr);
  const e = env instanceof Map ? env : new Map(Object.entries(env));
  return evaluate(t, e);
}

/** A number as the CLI prints it: shortest round-trip form, `NaN`, `Infinity`. */
export function formatNumber(x: number): string {
  return Object.is(x, -0) ? '0' : String(x);
}
