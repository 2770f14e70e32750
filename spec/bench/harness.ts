/**
 * Timing and result rows for the benchmarks.
 *
 * Timing: a warm-up phase (so V8 has compiled the hot paths), then samples until a time budget
 * or a sample count is reached; the reported figure is the median time of one run. A run shorter
 * than a millisecond is batched (several runs per sample) so the clock's resolution does not
 * dominate. Every run can get a fresh input from `setup` (built outside the timed region), so a
 * cache keyed by terms — hash-consing makes that easy to write — is never what gets timed.
 */

/** The result of {@link measure}. */
export interface Timing {
  /** Median time of one run, in milliseconds. */
  readonly ms: number;
  /** Number of timed runs behind the median. */
  readonly runs: number;
  /** Value returned by the last timed run (for sizes and checks). */
  readonly last: unknown;
}

/** Options of {@link measure}. */
export interface MeasureOptions<I> {
  /** Builds the input of run number i (outside the timed region). Default: no input. */
  readonly setup?: (i: number) => I;
  /** Wall-clock budget for the timed samples, in ms (default 400). */
  readonly budgetMs?: number;
  /** Warm-up budget in ms (default a quarter of the budget); at least one warm-up run. */
  readonly warmupMs?: number;
  /** Minimum number of samples (default 3), unless one run alone exceeds the budget. */
  readonly minSamples?: number;
  /** Maximum number of samples (default 25). */
  readonly maxSamples?: number;
  /** Skip the warm-up (for runs that take seconds, where V8 warm-up is noise). */
  readonly noWarmup?: boolean;
}

const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Times `run`, returning the median time of one run.
 *
 * @example measure((t) => simplify(t), { setup: (i) => freshCorpus(i) })
 */
export function measure<I>(run: (input: I) => unknown, opts: MeasureOptions<I> = {}): Timing {
  const setup = opts.setup ?? ((() => undefined as unknown as I) as (i: number) => I);
  const budget = opts.budgetMs ?? 400;
  const warmupBudget = opts.warmupMs ?? budget / 4;
  const minSamples = opts.minSamples ?? 3;
  const maxSamples = opts.maxSamples ?? 25;
  let counter = 0;
  let last: unknown;

  // Warm-up, which also estimates the time of one run.
  let one = Infinity;
  if (!opts.noWarmup) {
    const start = now();
    do {
      const input = setup(counter++);
      const t0 = now();
      last = run(input);
      one = Math.min(one, now() - t0);
    } while (now() - start < warmupBudget && counter < 1000);
    // A run much longer than the budget: JIT warm-up is noise next to it, and repeating it would
    // blow the benchmark's time budget. The first run is the measurement.
    if (one > 3 * budget) return { ms: one, runs: 1, last };
  }

  // Batch short runs so a sample lasts about a millisecond or more (the clock and the loop cost
  // tens of nanoseconds, which would otherwise dominate a compiled function's call).
  const batch = one < 1 ? Math.min(100_000, Math.ceil(1 / Math.max(one, 1e-5))) : 1;
  const samples: number[] = [];
  const start = now();
  while (samples.length < maxSamples) {
    const inputs: I[] = [];
    for (let j = 0; j < batch; j++) inputs.push(setup(counter++));
    const t0 = now();
    for (let j = 0; j < batch; j++) last = run(inputs[j]);
    samples.push((now() - t0) / batch);
    const elapsed = now() - start;
    if (elapsed >= budget && samples.length >= minSamples) break;
    // A single run longer than the whole budget: do not insist on minSamples.
    if (elapsed >= budget && samples[0] >= budget) break;
    if (elapsed >= 3 * budget) break;
  }
  return { ms: median(samples), runs: samples.length * batch, last };
}

/**
 * Times two functions in alternation (sample of a, sample of b, …), so load from other
 * processes on a shared machine hits both alike, and returns each median and the median of the
 * per-pair ratios b/a.
 */
export function measurePair(
  a: () => unknown,
  b: () => unknown,
  budgetMs = 200,
): { aMs: number; bMs: number; ratio: number } {
  const batchOf = (f: () => unknown) => {
    let one = Infinity;
    const start = now();
    do {
      const t0 = now();
      f();
      one = Math.min(one, now() - t0);
    } while (now() - start < budgetMs / 8);
    return one < 0.5 ? Math.min(100_000, Math.ceil(0.5 / Math.max(one, 1e-5))) : 1;
  };
  const ba = batchOf(a);
  const bb = batchOf(b);
  const as: number[] = [];
  const bs: number[] = [];
  const ratios: number[] = [];
  const start = now();
  while ((now() - start < budgetMs || as.length < 5) && as.length < 200) {
    let t0 = now();
    for (let j = 0; j < ba; j++) a();
    const ta = (now() - t0) / ba;
    t0 = now();
    for (let j = 0; j < bb; j++) b();
    const tb = (now() - t0) / bb;
    as.push(ta);
    bs.push(tb);
    ratios.push(tb / ta);
  }
  return { aMs: median(as), bMs: median(bs), ratio: median(ratios) };
}

/** Times one run of `f` (for runs that take seconds or are not repeatable). */
export function timeOnce<T>(f: () => T): { ms: number; value: T } {
  const t0 = now();
  const value = f();
  return { ms: now() - t0, value };
}

/** Raised by a workload whose library API is not there (yet): its rows say so. */
export class NotAvailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotAvailable';
  }
}

/** One line of the benchmark table. */
export interface Row {
  /** Workload family: one chart per family (`parse`, `simplify`, `peano`, `diff-chain-sincos`, …). */
  readonly family: string;
  /** Workload name as printed. */
  readonly workload: string;
  /** The size parameter (n, k, L, …), or a label. */
  readonly size: number | string;
  /** bibun's method for this row (`dstar`, `simplify`, …) or a peer's name for peer-only rows. */
  readonly method: string;
  /** bibun's time in ms (median of one run). */
  readonly ms?: number;
  /** Name of the peer compared with on this row. */
  readonly peer?: string;
  /** The peer's time in ms, measured in the same run. */
  readonly peerMs?: number;
  /** Why the peer has no time (not installed, timed out, …). */
  readonly peerNote?: string;
  /**
   * Speed ratio, > 1 means bibun is faster: peerMs / ms unless a workload defines it otherwise
   * (Peano fib: bibun's rewrites/second over Maude's).
   */
  readonly ratio?: number;
  /** bibun's result size, as printed (`dag 123`, `tree 45`, `12m 3a 4c`). */
  readonly result?: string;
  /** The peer's result size, as printed. */
  readonly peerResult?: string;
  /** Anything else worth a word (eval ratios, checks). */
  readonly note?: string;
  /** Machine-readable extras for the JSON output. */
  readonly extra?: Readonly<Record<string, number | string | boolean>>;
}

/** Formats a time in ms with a unit that keeps 3 significant digits. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  if (ms >= 1000) return `${(ms / 1000).toPrecision(3)} s`;
  if (ms >= 1) return `${ms.toPrecision(3)} ms`;
  if (ms >= 1e-3) return `${(ms * 1e3).toPrecision(3)} µs`;
  return `${(ms * 1e6).toPrecision(3)} ns`;
}

/** Formats a ratio as `12.3×`. */
export function formatRatio(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return '';
  if (r >= 100) return `${Math.round(r)}×`;
  return `${r.toPrecision(3)}×`;
}

/** The printed columns of a row, in order. */
export const COLUMNS = [
  'workload',
  'size',
  'method',
  'bibun',
  'peer',
  'peer time',
  'ratio',
  'bibun result',
  'peer result',
  'note',
] as const;

function cells(r: Row): string[] {
  return [
    r.workload,
    String(r.size),
    r.method,
    formatMs(r.ms),
    r.peer ?? '',
    r.peerMs !== undefined ? formatMs(r.peerMs) : (r.peerNote ?? ''),
    formatRatio(r.ratio),
    r.result ?? '',
    r.peerResult ?? '',
    r.note ?? '',
  ];
}

/** A plain-text table (fixed-width columns) of the rows. */
export function formatTable(rows: readonly Row[]): string {
  const body = rows.map(cells);
  const head = [...COLUMNS];
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((c) => c[i].length)));
  const line = (cs: string[]) =>
    cs
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** A GitHub-flavoured markdown table of the rows. */
export function formatMarkdown(rows: readonly Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = [`| ${COLUMNS.join(' | ')} |`, `|${COLUMNS.map(() => '---').join('|')}|`];
  for (const r of rows) out.push(`| ${cells(r).map(esc).join(' | ')} |`);
  return out.join('\n');
}
