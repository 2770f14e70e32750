/**
 * No leaks: 10^5 distinct `bibun batch` requests (parse, simplify, diff, eval, check, rewrite
 * with a rule file — its result printed from the rewriting machine's store —, with fresh
 * variable names so no term repeats) answered by one process (`run.js --child soak`, run with
 * --expose-gc), which reports at checkpoints the live heap after a full collection, the size of
 * the interning table and its resident memory. A session that kept terms, memo tables or traces
 * would grow with the number of requests; a bounded one stays flat.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Row } from '../harness.js';
import type { Context, Workload } from './common.js';

const TOTAL = 100_000;
const CHECKPOINTS = [1_000, 10_000, 50_000, 100_000];

/** Peano fib rules (the same text each time, as a client sends its file: the rule cache answers). */
const SOAK_RULES = `ruleset soak
  add-z: add(z, ?y) -> ?y
  add-s: add(s(?x), ?y) -> s(add(?x, ?y))
  fib-0: fib(z, ?w) -> ?w
  fib-1: fib(s(z), ?w) -> s(?w)
  fib-n: fib(s(s(?n)), ?w) -> add(fib(s(?n), ?w), fib(?n, ?w))
`;

/** The i-th request: a mix of ops over variables named after i. */
function request(i: number): string {
  const x = `x${i}`;
  const y = `y${i}`;
  switch (i % 6) {
    case 0:
      return JSON.stringify({ id: i, op: 'parse', expr: `(4 + sin(${x}))*cos(sin(${x})) + ${i}` });
    case 1:
      return JSON.stringify({
        id: i,
        op: 'simplify',
        expr: `${x}*${y}/${x} + sin(${y})^2 + cos(${y})^2 + ${i}*${x} + ${x}`,
      });
    case 2:
      return JSON.stringify({
        id: i,
        op: 'diff',
        expr: `log(${x}) + ${x}*${y} - sin(${y})`,
        var: x,
      });
    case 3:
      return JSON.stringify({ id: i, op: 'eval', expr: `${x}^2 + ${i}`, at: { [x]: 3 } });
    case 4:
      return JSON.stringify({
        id: i,
        op: 'rewrite',
        expr: `fib(s(s(s(s(s(s(z)))))), ${y})`,
        rules: SOAK_RULES,
      });
    default:
      return JSON.stringify({
        id: i,
        op: 'check',
        identity: `sin(2*${x}) == 2*sin(${x})*cos(${x})`,
        seed: i,
      });
  }
}

interface Checkpoint {
  readonly answered: number;
  readonly ms: number;
  readonly heapMB: number;
  readonly rssMB: number;
  readonly intern: number;
  readonly errors: number;
}

/** The child's side: answer the requests as `bibun batch` does, report each checkpoint as a JSON line. */
export async function soakChild(spec: string): Promise<void> {
  const total = Number(spec.split(':')[1] ?? TOTAL);
  const { answer } = await import('../../../lib/app/batch.js');
  const { internTableSize, sweepInternTable } = await import('../../../lib/term/term.js');
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('soak child needs --expose-gc');
  // Yield now and then: WeakRef targets stay alive until the current job ends (as between
  // the lines of a real batch stream).
  const yieldJob = () => new Promise((r) => setTimeout(r, 0));
  const t0 = performance.now();
  let errors = 0;
  for (let i = 0; i < total; i++) {
    if (!(JSON.parse(answer(request(i))) as { ok: boolean }).ok) errors++;
    if (i % 256 === 0) await yieldJob();
    if (CHECKPOINTS.includes(i + 1)) {
      const ms = performance.now() - t0;
      // Promote the newest terms to the weak table now rather than at the next quiescent point.
      sweepInternTable();
      await yieldJob();
      gc();
      await yieldJob();
      gc();
      sweepInternTable();
      const m = process.memoryUsage();
      const c: Checkpoint = {
        answered: i + 1,
        ms,
        heapMB: m.heapUsed / 2 ** 20,
        rssMB: m.rss / 2 ** 20,
        intern: internTableSize(),
        errors,
      };
      process.stdout.write(JSON.stringify(c) + '\n');
    }
  }
}

export const soakWorkload: Workload = {
  name: 'soak',
  description: `live heap of one batch session over ${TOTAL} distinct requests (leak check)`,
  charts: {},
  async run(ctx: Context): Promise<Row[]> {
    const total = ctx.quick ? 10_000 : TOTAL;
    const script = fileURLToPath(new URL('../run.js', import.meta.url));
    const r = spawnSync(process.execPath, ['--expose-gc', script, '--child', `soak:${total}`], {
      encoding: 'utf8',
      timeout: 600_000,
    });
    const rows: Row[] = [];
    for (const line of r.stdout.split('\n')) {
      if (!line.startsWith('{')) continue;
      const c = JSON.parse(line) as Checkpoint;
      rows.push({
        family: 'soak',
        workload: 'batch soak (live heap)',
        size: c.answered,
        method: 'batch',
        ms: c.ms,
        result: `heap ${c.heapMB.toFixed(1)} MB after GC, ${c.intern} interned terms, RSS ${c.rssMB.toFixed(0)} MB`,
        note: `${(c.answered / (c.ms / 1000)).toFixed(0)} requests/s; ${c.errors} errors`,
      });
    }
    if (rows.length === 0)
      rows.push({
        family: 'soak',
        workload: 'batch soak (live heap)',
        size: total,
        method: 'batch',
        note: `failed: ${(r.stderr || r.error?.message || '').split('\n')[0]}`,
      });
    return rows;
  },
};
