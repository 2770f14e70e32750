/**
 * The cheap-gradient goal (compiled ∇f evaluates in ≤ 3× compiled f) measured where a program
 * meets it: one process that compiles f and its dstar gradient and calls them. Each case runs in
 * a fresh child process (`run.js --child eval:<case>`), because in a long benchmark process V8
 * leaves later large generated functions unoptimized (its tier-up needs more ticks for larger
 * bytecode), which makes the in-process eval ratios of the diff tables bimodal.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { need } from '../api.js';
import { measurePair, type Row } from '../harness.js';
import type { Term } from '../../../lib/term/term.js';
import type { Context, Workload } from './common.js';
import {
  chainSinCos,
  fdSphericalHarmonics,
  logistic,
  product,
  rosenbrock,
  sphericalHarmonics,
  tanhNetwork,
  type DiffInstance,
} from './diffcases.js';

const CASES: Record<
  string,
  { workload: string; size: number; make: (tag: string) => DiffInstance }
> = {
  'rosenbrock-1000': { workload: 'rosenbrock gradient', size: 1000, make: rosenbrock(1000) },
  'harmonics-10': { workload: 'spherical harmonics', size: 10, make: sphericalHarmonics(10) },
  'harmonics-fd-25': {
    workload: 'spherical harmonics (FastDifferentiation)',
    size: 25,
    make: fdSphericalHarmonics(25),
  },
  'tanh-32': { workload: 'tanh network', size: 32, make: tanhNetwork(32) },
  'chain-1000': { workload: 'chain sin(f)*cos(f)', size: 1000, make: chainSinCos(1000) },
  'logistic-1000': { workload: 'logistic map', size: 1000, make: logistic(1000) },
  'product-1000': { workload: 'product of n vars', size: 1000, make: product(1000) },
  'product-10000': { workload: 'product of n vars', size: 10000, make: product(10000) },
};

const invoke: (fn: (...values: number[]) => unknown, values: number[]) => unknown = (fn, values) =>
  fn(...values);

/** The child's side: compile f and dstar's Jacobian, time them in alternation, print JSON. */
export async function evalChild(spec: string): Promise<void> {
  const name = spec.replace(/^eval:/, '');
  try {
    const c = CASES[name];
    const jacobian = await need<
      (fs: readonly Term[], vars: readonly string[], o?: object) => Term[][]
    >('diff/index', 'jacobian');
    const compile = await need<
      (t: readonly Term[], vars: readonly string[]) => (...v: number[]) => number[]
    >('term/compile', 'compile');
    const inst = c.make('e');
    const values = inst.vars.map((v) => inst.point[v]);
    const f = compile(inst.roots, inst.vars);
    const g = compile(
      jacobian(inst.roots, inst.vars, { method: 'dstar', raw: true }).flat(),
      inst.vars,
    );
    let sink = 0;
    // V8 optimises a large generated function only after thousands of calls (its tiering
    // budget grows with the function's size): warm both up until they are past that, or the
    // median times the interpreter (the spherical harmonics gradient: ~30 µs cold, ~1 µs warm;
    // Rosenbrock's, split into chunks by compile: ~400 µs cold, ~20 µs warm). Steady state is
    // what a user calling the function in a loop gets. The time limit counts this process's CPU
    // time (all its threads), not the clock: V8 optimises on a background thread, and on a
    // loaded machine 20 s of wall time left a third of the product gradient's 133 chunks
    // (n = 10^4) unoptimised, and the median 4× too slow.
    const cpuSeconds = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    };
    const cpuUntil = cpuSeconds() + 20;
    const wallUntil = performance.now() + 80_000;
    for (let i = 0; i < 30_000 && cpuSeconds() < cpuUntil && performance.now() < wallUntil; i++) {
      sink += (invoke(f, values) as number[])[0];
      sink += (invoke(g, values) as number[])[0];
    }
    const t = measurePair(
      () => (sink += (invoke(f, values) as number[])[0]),
      () => (sink += (invoke(g, values) as number[])[0]),
      400,
    );
    process.stdout.write(
      JSON.stringify({ fMs: t.aMs, gMs: t.bMs, ratio: t.ratio, sink: Number.isFinite(sink) }) +
        '\n',
    );
  } catch (e) {
    process.stdout.write(JSON.stringify({ error: (e as Error).message.split('\n')[0] }) + '\n');
  }
}

export const evalGoalWorkload: Workload = {
  name: 'eval-goal',
  description: 'compiled dstar ∇f eval / compiled f eval, each case in a fresh process',
  charts: {},
  async run(ctx: Context): Promise<Row[]> {
    const script = fileURLToPath(new URL('../run.js', import.meta.url));
    const rows: Row[] = [];
    for (const [name, c] of Object.entries(CASES)) {
      ctx.log(`eval in a fresh process: ${name}`);
      const r = spawnSync(process.execPath, [script, '--child', `eval:${name}`], {
        encoding: 'utf8',
        timeout: 150_000,
      });
      let rep: { fMs?: number; gMs?: number; ratio?: number; error?: string } = {};
      try {
        rep = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
      } catch {
        rep = { error: r.error?.message ?? r.stderr.trim().split('\n').pop() ?? 'no output' };
      }
      if (rep.ratio === undefined) {
        rows.push({
          family: 'eval-goal',
          workload: `∇f/f eval ${c.workload}`,
          size: c.size,
          method: 'dstar',
          note: `failed: ${rep.error}`,
        });
        continue;
      }
      rows.push({
        family: 'eval-goal',
        workload: `∇f/f eval ${c.workload}`,
        size: c.size,
        method: 'dstar',
        ms: rep.gMs,
        result: `∇f ${(rep.gMs! * 1e3).toPrecision(3)} µs / f ${(rep.fMs! * 1e3).toPrecision(3)} µs = ${rep.ratio.toFixed(2)}×`,
        note: 'compiled, fresh process, alternating samples',
        extra: { fEvalMs: rep.fMs!, gradEvalMs: rep.gMs!, evalRatio: rep.ratio },
      });
    }
    return rows;
  },
};
