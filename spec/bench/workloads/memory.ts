/**
 * Peak memory (max RSS) of the largest derivative workload, Rosenbrock's gradient in 10^4
 * variables by each symbolic method that handles that size, plus its compilation, each in a
 * child process of its own (`run.js --child memory:<method>`) that reports
 * its peak resident memory (VmHWM: see peak.ts). A baseline child that only loads the library and builds the
 * function gives the part of the peak that is the derivative's.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { need } from '../api.js';
import type { Row } from '../harness.js';
import { timeOnce } from '../harness.js';
import { peakRssKB } from '../peak.js';
import type { Term } from '../../../lib/term/term.js';
import { int, type Context, type Workload } from './common.js';
import { rosenbrock } from './diffcases.js';

const N = 10_000;
const METHODS = ['baseline', 'graph', 'dstar', 'reverse'] as const;

interface ChildReport {
  readonly method: string;
  readonly maxRssKB: number;
  readonly ms: number;
  readonly dag?: number;
  readonly error?: string;
}

/** The child's side: build, differentiate (and compile), report peak RSS as one JSON line. */
export async function memoryChild(spec: string): Promise<void> {
  const method = spec.replace(/^memory:/, '');
  const out = (r: ChildReport) => process.stdout.write(JSON.stringify(r) + '\n');
  try {
    const inst = rosenbrock(N)('m');
    let dag: number | undefined;
    let ms = 0;
    if (method === 'graph' || method === 'dstar') {
      const jacobian = await need<
        (fs: readonly Term[], vars: readonly string[], o?: object) => Term[][]
      >('diff/index', 'jacobian');
      const compile = await need<(t: readonly Term[], vars: readonly string[]) => unknown>(
        'term/compile',
        'compile',
      );
      const r = timeOnce(() => {
        const g = jacobian(inst.roots, inst.vars, { method, raw: true })[0];
        compile(g, inst.vars);
        return g;
      });
      ms = r.ms;
      const seen = new Set<number>();
      const stack: Term[] = [...r.value];
      while (stack.length > 0) {
        const n = stack.pop()!;
        if (seen.has(n.id)) continue;
        seen.add(n.id);
        if (n.kind === 'app') stack.push(...n.args);
      }
      dag = seen.size;
    } else if (method === 'reverse') {
      const reverseMode = await need<
        (r: readonly Term[], v: readonly Term[], p: object) => number[][]
      >('diff/index', 'reverseMode');
      const { sym } = await import('../../../lib/term/term.js');
      ms = timeOnce(() =>
        reverseMode(
          inst.roots,
          inst.vars.map((n) => sym(n)),
          inst.point,
        ),
      ).ms;
    }
    out({
      method,
      maxRssKB: peakRssKB(),
      ms,
      ...(dag !== undefined ? { dag } : {}),
    });
  } catch (e) {
    out({
      method,
      maxRssKB: peakRssKB(),
      ms: 0,
      error: (e as Error).message.split('\n')[0],
    });
  }
}

export const memoryWorkload: Workload = {
  name: 'memory',
  description: `peak RSS of the Rosenbrock gradient in ${N} variables (graph, dstar + compile, reverse mode)`,
  charts: {},
  async run(ctx: Context): Promise<Row[]> {
    if (ctx.quick)
      return [
        { family: 'memory', workload: 'memory', size: N, method: '', note: 'skipped in --quick' },
      ];
    const script = fileURLToPath(new URL('../run.js', import.meta.url));
    const rows: Row[] = [];
    let baseline: number | undefined;
    for (const method of METHODS) {
      ctx.log(`memory ${method}`);
      const r = spawnSync(process.execPath, [script, '--child', `memory:${method}`], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      let rep: ChildReport | undefined;
      try {
        rep = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as ChildReport;
      } catch {
        rep = undefined;
      }
      if (rep === undefined || rep.error !== undefined) {
        rows.push({
          family: 'memory',
          workload: 'peak RSS rosenbrock grad',
          size: N,
          method,
          note: `failed: ${rep?.error ?? r.error?.message ?? r.stderr.trim().split('\n').pop()}`,
        });
        continue;
      }
      const mb = rep.maxRssKB / 1024;
      if (method === 'baseline') baseline = mb;
      rows.push({
        family: 'memory',
        workload: 'peak RSS rosenbrock grad',
        size: N,
        method:
          method === 'baseline' ? 'f only' : method === 'reverse' ? 'reverse' : `${method}+compile`,
        ...(method !== 'baseline' ? { ms: rep.ms } : {}),
        result: `${mb.toFixed(0)} MB peak${baseline !== undefined && method !== 'baseline' ? ` (${mb - baseline >= 0 ? '+' : '−'}${Math.abs(mb - baseline).toFixed(0)} MB over f)` : ''}`,
        note:
          rep.dag !== undefined
            ? `gradient dag ${int(rep.dag)}; one run in a child process`
            : 'one run in a child process',
      });
    }
    return rows;
  },
};
