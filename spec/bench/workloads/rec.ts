/**
 * REC-style rewrite-engine suite (after the Rewrite Engines Competition, Garavel et al.): the
 * same first-order rewrite system run by bibun and by Maude, normal forms compared.
 *
 * Each program is one bibun rule file in spec/bench/rec/ (its header names the input, with `#k`
 * for the Peano numeral k, and the sizes); the Maude module is translated mechanically from the
 * same rules (`?x` becomes a variable, every other name an operator of one sort), so both engines
 * run exactly the same equations. Times are whole-process wall times (start, load, rewrite,
 * print) of `node … --child rec:…` and of `maude`, each engine counting its own rewrites. The
 * normal forms are compared after removing white space from both printers' output.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Row } from '../harness.js';
import { repoFile } from '../paths.js';
import { maudeVersion } from '../peers/maude.js';
import { int, type Context, type Workload } from './common.js';

/** One program of the suite, read from its rule file's header. */
export interface RecProgram {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  /** The input, `#n` standing for the size's numeral and `#k` for the numeral k. */
  readonly input: string;
  readonly sizes: readonly number[];
}

/** The programs of spec/bench/rec/, in name order. */
export function recPrograms(): RecProgram[] {
  const dir = repoFile('spec/bench/rec');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.rules'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      const input = /^# input: (.*)$/m.exec(text)?.[1]?.trim();
      const sizes = /^# sizes: (.*)$/m.exec(text)?.[1]?.trim().split(/\s+/).map(Number);
      if (!input || !sizes) throw new Error(`${f}: needs "# input:" and "# sizes:" lines`);
      return { name: f.replace(/\.rules$/, ''), file: join(dir, f), text, input, sizes };
    });
}

/** The input of a program at a size, numerals written out: s(s(z)). */
export function recInput(p: RecProgram, n: number): string {
  return p.input.replace(/#(n|\d+)/g, (_, k: string) => {
    const v = k === 'n' ? n : Number(k);
    return 's('.repeat(v) + 'z' + ')'.repeat(v);
  });
}

/** The rules of a rule file as [lhs, rhs] texts (one rule a line: `name: LHS -> RHS`). */
function ruleLines(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.split('\n')) {
    const m = /^\s+[\w-]+:\s*(.*?)\s*->\s*(.*?)\s*$/.exec(line);
    if (m) out.push([m[1], m[2]]);
  }
  return out;
}

/**
 * The Maude module of a program: one sort `T`, an operator per name with the arity it is used
 * at, `?x` as the variable `Vx:T`.
 */
export function maudeModule(p: RecProgram): string {
  const ops = new Map<string, number>();
  const rules = ruleLines(p.text);
  const scan = (t: string) => {
    const re = /(\?)?([A-Za-z_]\w*)\s*(\()?/g;
    for (let m = re.exec(t); m; m = re.exec(t)) {
      if (m[1]) continue;
      let arity = 0;
      if (m[3]) {
        // Count the top-level commas of the argument list.
        let depth = 0;
        arity = 1;
        for (let i = re.lastIndex; i < t.length; i++) {
          const c = t[i];
          if (c === '(') depth++;
          else if (c === ')') {
            if (depth === 0) break;
            depth--;
          } else if (c === ',' && depth === 0) arity++;
        }
      }
      ops.set(m[2], arity);
    }
  };
  for (const [l, r] of rules) {
    scan(l);
    scan(r);
  }
  scan(p.input.replace(/#(n|\d+)/g, 'z'));
  const decls = [...ops]
    .map(([name, n]) => `  op ${name} : ${Array(n).fill('T').join(' ')} -> T .`)
    .join('\n');
  const v = (t: string) => t.replace(/\?(\w+)/g, 'V$1:T');
  const eqs = rules.map(([l, r]) => `  eq ${v(l)} = ${v(r)} .`).join('\n');
  return `fmod ${p.name.toUpperCase()} is\n  sort T .\n${decls}\n${eqs}\nendfm\n`;
}

/** Both printers' output compared without white space. */
export function normaliseForm(s: string): string {
  return s.replace(/\s+/g, '');
}

/** What the bibun child (spec/bench/rec-child.ts) prints: rewrites, the normal form, peak RSS. */
export interface ChildOut {
  readonly steps: number;
  readonly form: string;
  readonly rssMB: number;
}

interface Side {
  readonly ms: number;
  readonly rewrites?: number;
  readonly form?: string;
  readonly rssMB?: number;
  readonly error?: string;
}

function runBibun(name: string, n: number): Side {
  const script = fileURLToPath(new URL('../rec-child.js', import.meta.url));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [script, name, String(n)], {
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t0;
  const line = r.stdout?.split('\n').find((l) => l.startsWith('{'));
  if (!line) return { ms, error: (r.stderr || r.error?.message || 'no output').split('\n')[0] };
  const c = JSON.parse(line) as ChildOut;
  return { ms, rewrites: c.steps, form: c.form, rssMB: c.rssMB };
}

function runMaude(p: RecProgram, n: number): Side {
  const dir = mkdtempSync(join(tmpdir(), 'bibun-rec-'));
  try {
    const file = join(dir, `${p.name}.maude`);
    writeFileSync(file, `${maudeModule(p)}red ${recInput(p, n)} .\nquit\n`);
    const t0 = performance.now();
    // Maude prints a deep result (a numeral of 46,368 s) recursively: without a larger stack
    // it dies with "stack overflow" in the middle of printing it.
    const cmd = `ulimit -s unlimited 2>/dev/null || ulimit -s 1000000; exec maude -no-banner -no-tecla -no-advise '${file}'`;
    const r = spawnSync('sh', ['-c', cmd], {
      encoding: 'utf8',
      timeout: 300_000,
      input: '',
      maxBuffer: 1 << 30,
    });
    const ms = performance.now() - t0;
    if (r.error) return { ms, error: r.error.message };
    const rw = /rewrites: (\d+)/.exec(r.stdout);
    const res = /result T: ([\s\S]*?)(?:\nBye|\n*$)/.exec(r.stdout);
    if (/stack overflow/i.test(r.stdout + r.stderr)) return { ms, error: 'Maude: stack overflow' };
    if (!rw || !res) return { ms, error: `no result: ${r.stdout.slice(0, 120)}` };
    return { ms, rewrites: Number(rw[1]), form: res[1] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const recWorkload: Workload = {
  name: 'rec',
  description: 'REC-style suite: 12 rewrite programs, bibun vs Maude, whole-process wall time',
  charts: {},
  async run(ctx: Context): Promise<Row[]> {
    const maude = !maudeVersion().startsWith('not');
    const rows: Row[] = [];
    for (const p of recPrograms()) {
      for (const n of ctx.quick ? p.sizes.slice(0, 1) : p.sizes) {
        ctx.log(`rec ${p.name} ${n}`);
        const b = runBibun(p.name, n);
        const m = maude ? runMaude(p, n) : undefined;
        const same =
          b.form !== undefined && m?.form !== undefined
            ? normaliseForm(b.form) === normaliseForm(m.form)
            : undefined;
        rows.push({
          family: 'rec',
          workload: `rec ${p.name}`,
          size: n,
          method: 'innermost',
          ms: b.ms,
          peer: 'Maude',
          ...(m?.ms !== undefined && !m.error ? { peerMs: m.ms, ratio: m.ms / b.ms } : {}),
          ...(m === undefined ? { peerNote: maudeVersion() } : {}),
          ...(m?.error ? { peerNote: m.error } : {}),
          result: b.error ?? `${int(b.rewrites ?? 0)} rw, ${b.rssMB?.toFixed(0)} MB`,
          ...(m?.rewrites !== undefined ? { peerResult: `${int(m.rewrites)} rw` } : {}),
          note:
            same === undefined
              ? 'normal forms not compared'
              : same
                ? 'same normal form ✓'
                : 'DIFFERENT NORMAL FORM',
          extra: {
            ...(b.rewrites !== undefined ? { rewrites: b.rewrites } : {}),
            ...(b.rssMB !== undefined ? { rssMB: b.rssMB } : {}),
            ...(m?.rewrites !== undefined ? { maudeRewrites: m.rewrites } : {}),
          },
        });
      }
    }
    return rows;
  },
};
