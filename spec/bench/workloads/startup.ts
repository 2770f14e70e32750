/**
 * Start-up: wall time of `bibun --version`, `bibun eval 1+1` and `bibun check x*x == x^2` as
 * fresh processes, against bare `node -e 0` in the same run (interleaved rounds, medians). The
 * goals of issue 10: ≤ 1.5× bare Node for `--version`, ≤ 2.5× for `eval 1+1`; the ratio column
 * is node's time over bibun's (> 1 would mean faster than bare Node), the note gives the
 * multiple of bare Node and the goal.
 */
import { spawnSync } from 'node:child_process';
import { median, type Row } from '../harness.js';
import { repoFile } from '../paths.js';
import type { Context, Workload } from './common.js';

const cli = repoFile('dist/lib/app/cli.js');

/** The commands timed, with the goal as a multiple of bare Node (undefined: reported only). */
const commands: readonly { readonly args: readonly string[]; readonly goal?: number }[] = [
  { args: ['--version'], goal: 1.5 },
  { args: ['eval', '1+1'], goal: 2.5 },
  { args: ['simplify', 'x + x'] },
  { args: ['check', 'x*x == x^2'] },
];

function wall(args: readonly string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

/** The start-up workload. */
export const startupWorkload: Workload = {
  name: 'startup',
  description: 'process start-up of the CLI as a multiple of bare `node -e 0`',
  charts: {},
  run: async (ctx: Context) => {
    const rounds = ctx.quick ? 3 : 15;
    const node: number[] = [];
    const times = commands.map(() => [] as number[]);
    // Interleaved, so that a change in the machine's load hits every command alike.
    wall(['-e', '0']);
    for (let i = 0; i < rounds; i++) {
      node.push(wall(['-e', '0']));
      commands.forEach((c, j) => times[j].push(wall([cli, ...c.args])));
    }
    const base = median(node);
    ctx.log(`startup: node -e 0 median ${base.toFixed(1)} ms over ${rounds} rounds`);
    return commands.map((c, j): Row => {
      const ms = median(times[j]);
      const multiple = ms / base;
      return {
        family: 'startup',
        workload: `bibun ${c.args.join(' ')}`,
        size: '',
        method: 'cli',
        ms,
        peer: 'node -e 0',
        peerMs: base,
        ratio: base / ms,
        note: `${multiple.toFixed(2)}× bare node${c.goal !== undefined ? ` (goal ≤ ${c.goal}×${multiple <= c.goal ? ', met' : ', not met'})` : ''}`,
        extra: { multiple, ...(c.goal !== undefined ? { goal: c.goal } : {}) },
      };
    });
  },
};
