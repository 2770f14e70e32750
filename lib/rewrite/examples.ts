/**
 * Checking the `example NAME: INPUT => EXPECTED` lines of loaded rule files: `:load` warns of a
 * false one, `bibun check-rules` fails on it (exit 1), the test suite runs the shipped ones.
 */
import { type ExampleResult, type RuleLibrary, runExample } from './library.js';
import type { RunOptions } from './run.js';

/** The examples of `file` (of every file when omitted) that do not hold. */
export function failingExamples(
  lib: RuleLibrary,
  file?: string,
  options: RunOptions = {},
): ExampleResult[] {
  return lib.examples
    .filter((ex) => file === undefined || ex.file === file)
    .map((ex) => runExample(lib, ex, options))
    .filter((r) => !r.ok)
    .toArray();
}

/**
 * One line for a false example: where it is, what was expected, what came out.
 *
 * @example 'my.rules:7: example norm: add(s(z), z) => s(s(z)) does not hold: got s(z)'
 */
export function describeFailedExample(r: ExampleResult): string {
  const ex = r.example;
  const where = `${ex.file ?? '<input>'}:${ex.line}`;
  const got =
    r.run.stop === 'normal'
      ? `got ${String(r.actual)}`
      : `the run stopped (${r.run.message ?? r.run.stop})`;
  return `${where}: ${ex.text} does not hold: expected ${String(ex.expected)}, ${got}`;
}
