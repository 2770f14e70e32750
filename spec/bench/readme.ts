/**
 * Writes README's performance section from a benchmark run's results.json: the machine, the
 * date, the goal rows (copied from the run, never edited by hand), and the charts. `npm run bench`
 * calls it after a full run; `node dist/spec/bench/run.js --readme` rewrites the section from the
 * committed results without running anything.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { formatMarkdown, type Row } from './harness.js';

const START =
  '<!-- bench:start (written by npm run bench from spec/bench/results/results.json) -->';
const END = '<!-- bench:end -->';

/** The rows README shows: one or two per goal of issue 5, by workload, size and method. */
const HEADLINES: ReadonlyArray<[string, string | number, string, string?]> = [
  ['parse generated', 1000000, 'parse'],
  ['simplify corpus (sum)', '125 exprs', 'simplify', 'mathjs'],
  ['simplify vs SymPy (sum)', '365 exprs', 'simplify', 'SymPy'],
  ['peano fib', 27, 'innermost'],
  ['rec fib', 27, 'innermost'],
  ['rec factorial', 9, 'innermost'],
  ['rec ackermann', 7, 'innermost'],
  ['rec bintree', 16, 'innermost'],
  ['rec mergesort', 200, 'innermost'],
  ['rec quicksort', 100, 'innermost'],
  ['rec hanoi', 16, 'innermost'],
  ['rec sieve', 200, 'innermost'],
  ['rec evalexp', 16, 'innermost'],
  ['rec tautology', 12, 'innermost'],
  ['rec fib', 30, 'innermost'],
  ['rec calls', 16, 'innermost'],
  ['rec revnat', 1000, 'innermost'],
  ['rec permutations', 7, 'innermost'],
  ['rec oddeven', 22, 'innermost'],
  ['rec tak', 24, 'innermost'],
  ['founding (4+sin x)cos(sin x)', 1, 'dag'],
  ['founding (4+sin x)cos(sin x)', 1, 'dstar'],
  ['chain sin(f)*cos(f)', 14, 'tree'],
  ['chain sin(f)*cos(f)', 14, 'dag'],
  ['chain sin(f)*cos(f)', 14, 'dstar'],
  ['chain sin(f)+cos(f)', 14, 'dstar'],
  ['chain sin(f)*cos(f)', 1000, 'dstar'],
  ['logistic map', 1000, 'dstar'],
  ['alternating cos/sin', 10000, 'dstar'],
  ['rosenbrock gradient', 1000, 'dstar'],
  ['rosenbrock gradient', 10000, 'dstar'],
  ['product of n vars', 1000, 'dstar'],
  ['product of n vars', 10000, 'dstar'],
  ['spherical harmonics', 10, 'dstar'],
  ['spherical harmonics (FastDifferentiation)', 25, 'dstar'],
  ['jvp spherical harmonics', 10, 'jvp'],
  ['hvp rosenbrock', 100, 'hvp'],
  ['∇f/f eval rosenbrock gradient', 1000, 'dstar'],
  ['∇f/f eval spherical harmonics', 10, 'dstar'],
  ['∇f/f eval spherical harmonics (FastDifferentiation)', 25, 'dstar'],
  ['∇f/f eval tanh network', 32, 'dstar'],
  ['∇f/f eval chain sin(f)*cos(f)', 1000, 'dstar'],
  ['∇f/f eval logistic map', 1000, 'dstar'],
  ['∇f/f eval product of n vars', 1000, 'dstar'],
  ['∇f/f eval product of n vars', 10000, 'dstar'],
  ['peak RSS rosenbrock grad', 10000, 'dstar+compile'],
  ['batch soak (live heap)', 1000, 'batch'],
  ['batch soak (live heap)', 100000, 'batch'],
];

interface Results {
  readonly environment: Record<string, string>;
  readonly seconds: number;
  readonly rows: readonly Row[];
}

/** The markdown of the performance section for a run. */
export function performanceSection(results: Results, chartDir: string): string {
  const pick: Row[] = [];
  for (const [workload, size, method, peer] of HEADLINES) {
    const row = results.rows.find(
      (r) =>
        r.workload === workload &&
        String(r.size) === String(size) &&
        r.method === method &&
        (peer === undefined || r.peer === peer),
    );
    if (row) pick.push(row);
  }
  const env = results.environment;
  const charts = [
    'diff-chain-sincos',
    'diff-logistic',
    'diff-rosenbrock',
    'simplify-scaling',
    'parse',
    'peano',
  ];
  return [
    START,
    `Latest full run: ${env['date']} on ${env['cpu']}, ${env['memory']}, Node ${env['node']}; peers mathjs ${env['mathjs']}, SymPy ${env['sympy']}, Maude ${env['maude']}; ${results.seconds.toFixed(0)} s in all.`,
    "Ratios are peer time / bibun time measured side by side in that run (> 1: bibun is faster); for Peano, rewrites per second over Maude's.",
    'The full table (every method, every size) is [spec/bench/results/results.md](spec/bench/results/results.md).',
    '',
    formatMarkdown(pick),
    '',
    ...charts.map((c) => `![${c}](${chartDir}/${c}.svg)`),
    END,
  ].join('\n');
}

/** Replaces README's performance section (between the markers) with the section for `results`. */
export function updateReadme(
  readmePath: string,
  resultsPath: string,
  chartDir = 'spec/bench/results',
): void {
  const readme = readFileSync(readmePath, 'utf8');
  const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as Results;
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from)
    throw new Error(`README has no performance markers (${START} … ${END})`);
  writeFileSync(
    readmePath,
    readme.slice(0, from) + performanceSection(results, chartDir) + readme.slice(to + END.length),
  );
}
