/**
 * `npm run bench`: runs every workload (or `--only NAME[,NAME]`), prints one table of times and
 * ratios against the peers measured in the same run, and writes one log-log SVG chart per
 * workload family plus results.md / results.json to spec/bench/results/ (README shows them).
 *
 * Options:
 *   --only NAME[,NAME]  run these workloads (names: see --list)
 *   --json FILE         also write the rows as JSON to FILE
 *   --out DIR           where charts and results go (default spec/bench/results)
 *   --quick             smaller sizes and budgets, to try the harness out
 *   --list              list the workloads and exit
 *   --readme            rewrite README's performance section from the committed results and exit
 *
 * Nothing fails on a timing; a workload whose library API is missing prints
 * "not available: <reason>"; a missing peer says so in its cells.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { formatMarkdown, formatTable, NotAvailable, type Row } from './harness.js';
import { repoFile } from './paths.js';
import { updateReadme } from './readme.js';
import { mathjsVersion } from './peers/mathjs.js';
import { maudeVersion } from './peers/maude.js';
import { sympyInfo } from './peers/sympy.js';
import { lineChartSvg, type Series } from './svg.js';
import type { ChartSpec, Context, Workload } from './workloads/common.js';
import { diffWorkloads } from './workloads/diff.js';
import { evalChild, evalGoalWorkload } from './workloads/evalgoal.js';
import { memoryChild, memoryWorkload } from './workloads/memory.js';
import { parseWorkload } from './workloads/parse.js';
import { peanoWorkload } from './workloads/peano.js';
import { polyWorkload } from './workloads/poly.js';
import { productsWorkload } from './workloads/products.js';
import { seriesWorkload } from './workloads/series.js';
import { recWorkload } from './workloads/rec.js';
import { simplifyWorkload } from './workloads/simplify.js';
import { simplifySympyWorkload } from './workloads/simplify-sympy.js';
import { soakChild, soakWorkload } from './workloads/soak.js';
import { startupWorkload } from './workloads/startup.js';

const WORKLOADS: readonly Workload[] = [
  parseWorkload,
  simplifyWorkload,
  simplifySympyWorkload,
  peanoWorkload,
  recWorkload,
  ...diffWorkloads,
  productsWorkload,
  polyWorkload,
  seriesWorkload,
  evalGoalWorkload,
  memoryWorkload,
  soakWorkload,
  startupWorkload,
];

interface Options {
  only?: string[];
  json?: string;
  out: string;
  quick: boolean;
  list: boolean;
  readme?: boolean;
  child?: string;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { out: repoFile('spec/bench/results'), quick: false, list: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === '--only') o.only = value().split(',');
    else if (a === '--json') o.json = value();
    else if (a === '--out') o.out = value();
    else if (a === '--quick') o.quick = true;
    else if (a === '--list') o.list = true;
    else if (a === '--readme') o.readme = true;
    else if (a === '--child') o.child = value();
    else usage(`unknown option ${a}`);
  }
  return o;
}

function usage(message: string): never {
  process.stderr.write(
    `bench: ${message}\nusage: node dist/spec/bench/run.js [--only NAME[,NAME]] [--json FILE] [--out DIR] [--quick] [--list]\n`,
  );
  process.exit(2);
}

/** The machine and peers, for the results' header. */
function environment(): Record<string, string> {
  const sympy = sympyInfo();
  return {
    date: new Date().toISOString().slice(0, 10),
    cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    mathjs: mathjsVersion,
    sympy: typeof sympy === 'string' ? sympy : `${sympy.version} (${sympy.python})`,
    maude: maudeVersion(),
  };
}

/** One chart per family: a line per bibun method, and a line per peer. */
function charts(
  rows: readonly Row[],
  specs: ReadonlyMap<string, ChartSpec>,
  outDir: string,
): string[] {
  const written: string[] = [];
  for (const [family, spec] of specs) {
    const mine = rows.filter((r) => r.family === family && typeof r.size === 'number');
    if (mine.length === 0) continue;
    const lines = new Map<string, Map<number, number>>();
    const add = (name: string, x: number, y: number | undefined) => {
      if (y === undefined || !(y > 0)) return;
      if (!lines.has(name)) lines.set(name, new Map());
      lines.get(name)!.set(x, y);
    };
    for (const r of mine) {
      add(r.method, r.size as number, r.ms);
      if (r.peer !== undefined) add(r.peer, r.size as number, r.peerMs);
      // A second peer measured on the same row (mathjs beside SymPy on the chains).
      if (r.peer !== 'mathjs' && typeof r.extra?.mathjsMs === 'number')
        add('mathjs', r.size as number, r.extra.mathjsMs);
    }
    const series: Series[] = [...lines].map(([name, pts]) => ({ name, points: [...pts] }));
    const file = join(outDir, `${family}.svg`);
    writeFileSync(
      file,
      lineChartSvg({
        title: spec.title,
        xLabel: spec.xLabel,
        yLabel: spec.yLabel ?? 'time (ms)',
        series,
      }),
    );
    written.push(file);
  }
  return written;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.child !== undefined) {
    if (opts.child.startsWith('eval:')) return evalChild(opts.child);
    if (opts.child.startsWith('soak:')) return soakChild(opts.child);
    return memoryChild(opts.child);
  }
  if (opts.list) {
    for (const w of WORKLOADS) process.stdout.write(`${w.name.padEnd(18)} ${w.description}\n`);
    return;
  }
  if (opts.readme) {
    updateReadme(repoFile('README.md'), join(opts.out, 'results.json'));
    return;
  }
  const selected =
    opts.only === undefined ? WORKLOADS : WORKLOADS.filter((w) => opts.only!.includes(w.name));
  if (opts.only !== undefined) {
    const unknown = opts.only.filter((n) => !WORKLOADS.some((w) => w.name === n));
    if (unknown.length > 0) usage(`unknown workload ${unknown.join(', ')} (see --list)`);
  }
  const ctx: Context = { quick: opts.quick, log: (m) => process.stderr.write(`  … ${m}\n`) };
  const env = environment();
  process.stderr.write(
    `bench: ${Object.entries(env)
      .map(([k, v]) => `${k} ${v}`)
      .join('; ')}\n`,
  );

  const rows: Row[] = [];
  const specs = new Map<string, ChartSpec>();
  const started = Date.now();
  for (const w of selected) {
    const t0 = Date.now();
    process.stderr.write(`bench: ${w.name}\n`);
    for (const [family, spec] of Object.entries(w.charts)) specs.set(family, spec);
    try {
      rows.push(...(await w.run(ctx)));
    } catch (e) {
      const reason =
        e instanceof NotAvailable
          ? `not available: ${e.message}`
          : `failed: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`;
      rows.push({ family: w.name, workload: w.name, size: '', method: '', note: reason });
    }
    process.stderr.write(`bench: ${w.name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const total = (Date.now() - started) / 1000;

  process.stdout.write(formatTable(rows) + '\n');
  process.stdout.write(
    `\nratio: > 1 means bibun is faster than the peer (peer time / bibun time; Peano: rewrites/s over Maude's). Total ${total.toFixed(0)} s.\n`,
  );

  mkdirSync(opts.out, { recursive: true });
  const svgs = charts(rows, specs, opts.out);
  const payload = {
    environment: env,
    seconds: total,
    workloads: selected.map((w) => w.name),
    rows,
  };
  if (opts.json !== undefined) writeFileSync(opts.json, JSON.stringify(payload, null, 2) + '\n');
  // The committed results are rewritten only by a full run, so README never mixes runs.
  if (opts.only === undefined && !opts.quick) {
    writeFileSync(join(opts.out, 'results.json'), JSON.stringify(payload, null, 2) + '\n');
    const header = [
      '# Benchmark results',
      '',
      'Written by `npm run bench`; do not edit by hand. Ratios > 1 mean bibun is faster than the peer.',
      '',
      ...Object.entries(env).map(([k, v]) => `- ${k}: ${v}`),
      `- total: ${total.toFixed(0)} s`,
      '',
      ...svgs.map((f) => `![${f.split('/').pop()}](${f.split('/').pop()})`),
      '',
    ];
    writeFileSync(
      join(opts.out, 'results.md'),
      header.join('\n') + '\n' + formatMarkdown(rows) + '\n',
    );
    updateReadme(repoFile('README.md'), join(opts.out, 'results.json'));
  }
  process.stderr.write(`bench: wrote ${svgs.length} charts to ${opts.out}\n`);
}

await main();
