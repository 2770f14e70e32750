/**
 * The SymPy peer: runs spec/bench/peers/sympy_bench.py with a Python that can import sympy
 * (Debian's /usr/bin/python3 with python3-sympy; a pyenv `python3` first on PATH usually cannot).
 * Every job has a timeout, so a slow peer cannot blow the benchmark's time budget.
 */
import { spawnSync } from 'node:child_process';
import { repoFile } from '../paths.js';

const CANDIDATES = ['/usr/bin/python3', '/usr/local/bin/python3', 'python3', 'python'];

let found: { python: string; version: string } | string | undefined;

/** The interpreter and SymPy version, or the reason SymPy is not available. */
export function sympyInfo(): { python: string; version: string } | string {
  if (found !== undefined) return found;
  for (const python of CANDIDATES) {
    const r = spawnSync(python, ['-c', 'import sympy; print(sympy.__version__)'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    if (r.status === 0 && r.stdout.trim() !== '')
      return (found = { python, version: r.stdout.trim() });
  }
  return (found = 'not installed (apt-get install python3-sympy)');
}

/** The outcome of one job: the result lines it finished, and why it stopped early if it did. */
export interface SympyRun<T> {
  readonly results: T[];
  readonly error?: string;
}

/** Runs one job of sympy_bench.py (see its docstring for the jobs and their result lines). */
export function runSympy<T>(job: Record<string, unknown>, timeoutMs: number): SympyRun<T> {
  const info = sympyInfo();
  if (typeof info === 'string') return { results: [], error: info };
  const r = spawnSync(info.python, [repoFile('spec/bench/peers/sympy_bench.py')], {
    input: JSON.stringify(job),
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 << 20,
  });
  const results: T[] = [];
  for (const line of (r.stdout ?? '').split('\n')) {
    if (line.trim() === '') continue;
    try {
      results.push(JSON.parse(line) as T);
    } catch {
      // A line cut by the timeout.
    }
  }
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT')
    return { results, error: `timed out after ${timeoutMs / 1000} s` };
  if (r.status !== 0)
    return { results, error: `failed: ${(r.stderr ?? '').trim().split('\n').pop() ?? r.status}` };
  return { results };
}
