/**
 * REC-style rewrite-engine suite (after the Rewrite Engines Competition, Garavel et al.): the
 * same first-order rewrite system run by bibun and by Maude, normal forms compared.
 *
 * Each program is one bibun rule file in spec/bench/rec/ (its header names the input, with `#n`
 * for the size's numeral and `#k` for the numeral k, the sizes, and the sizes that are large);
 * the Maude module is translated mechanically from the same rules (`?x` becomes a variable, every
 * other name an operator of one sort, `if L == R, P := E` the conditions `L = R /\ P := E` of a
 * `ceq`, `if otherwise` the attribute `[owise]`), so both engines run exactly the same
 * equations. Times are whole-process wall times (start, load, rewrite, print) of
 * `node rec-child.js …` and of `maude`, each engine counting its own rewrites; the result
 * column adds each engine's time to normal form (bibun's run of its rule set, Maude's own report
 * of its `red`), and for bibun the same run with its code warm (a second process, rewriting
 * three times: V8 runs the engine's code unoptimised at first, which a session pays once). The
 * normal forms are compared after removing white space from both printers' output. A large size is skipped
 * (the row says so) when the smaller sizes predict more than a minute for bibun, and every size
 * after one that failed is skipped.
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
  /**
   * The input: `#n` stands for the size's numeral, `#n*K`, `#n/K` and `#n*K/M` for the numeral
   * of that multiple of the size (rounded down), `#k` for the numeral k.
   */
  readonly input: string;
  readonly sizes: readonly number[];
  /**
   * The sizes of the `# large:` line: skipped by `--quick`, and skipped by a full run when the
   * smaller sizes predict more than {@link LARGE_LIMIT_MS} for bibun.
   */
  readonly large: readonly number[];
}

/** The programs of spec/bench/rec/, in name order. */
export function recPrograms(): RecProgram[] {
  const dir = repoFile('spec/bench/rec');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.rules'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      const numbers = (key: string) =>
        new RegExp(`^# ${key}: (.*)$`, 'm').exec(text)?.[1]?.trim().split(/\s+/).map(Number);
      const input = /^# input: (.*)$/m.exec(text)?.[1]?.trim();
      const sizes = numbers('sizes');
      const large = numbers('large') ?? [];
      if (!input || !sizes) throw new Error(`${f}: needs "# input:" and "# sizes:" lines`);
      if (large.some((n) => !sizes.includes(n))) throw new Error(`${f}: a large size is no size`);
      return { name: f.replace(/\.rules$/, ''), file: join(dir, f), text, input, sizes, large };
    });
}

const NUMERAL = /#(n|\d+)(?:\*(\d+))?(?:\/(\d+))?/g;

/** The input of a program at a size, numerals written out: s(s(z)). */
export function recInput(p: RecProgram, n: number): string {
  return p.input.replace(NUMERAL, (_, k: string, times?: string, over?: string) => {
    const base = k === 'n' ? n : Number(k);
    const v = Math.floor((base * Number(times ?? 1)) / Number(over ?? 1));
    return 's('.repeat(v) + 'z' + ')'.repeat(v);
  });
}

/** One rule of a rule file: its sides and the conditions of its `if` clause, as texts. */
export interface RuleText {
  readonly lhs: string;
  readonly rhs: string;
  readonly conditions: readonly string[];
}

/** `s` cut at the commas outside brackets. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(s.slice(from).trim());
  return out.filter((x) => x !== '');
}

/** The rules of a rule file (one rule a line: `name: LHS -> RHS [if C1, C2, ...]`). */
export function ruleTexts(text: string): RuleText[] {
  const out: RuleText[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s+[\w-]+:\s*(.*?)\s*->\s*(.*?)(?:\s+if\s+(.*?))?\s*$/.exec(line);
    if (m) out.push({ lhs: m[1], rhs: m[2], conditions: m[3] ? splitTop(m[3]) : [] });
  }
  return out;
}

/**
 * One condition in Maude's syntax: `L == R` is the equational condition `L = R`, `P := E` the
 * matching condition `P := E`. (`otherwise` is the equation's `[owise]` attribute, not a
 * condition; guards have no Maude counterpart in this one-sorted translation.)
 */
function maudeCondition(c: string): string {
  const m = /^(.*?)\s*(==|:=)\s*(.*)$/.exec(c);
  if (!m) throw new Error(`rec: no Maude translation of the condition "${c}"`);
  return `${m[1]} ${m[2] === '==' ? '=' : ':='} ${m[3]}`;
}

/**
 * The Maude module of a program: one sort `T`, an operator per name with the arity it is used
 * at, `?x` as the variable `Vx:T`; a rule with conditions becomes `ceq L = R if C1 /\ C2 .`, an
 * `otherwise` rule `eq L = R [owise] .` (Maude's meaning of bibun's `otherwise`).
 */
export function maudeModule(p: RecProgram): string {
  const ops = new Map<string, number>();
  const rules = ruleTexts(p.text);
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
      const known = ops.get(m[2]);
      if (known !== undefined && known !== arity) {
        throw new Error(`rec ${p.name}: ${m[2]} is used with ${known} and ${arity} arguments`);
      }
      ops.set(m[2], arity);
    }
  };
  for (const r of rules) {
    scan(r.lhs);
    scan(r.rhs);
    for (const c of r.conditions) if (c !== 'otherwise') scan(c);
  }
  scan(p.input.replace(NUMERAL, 'z'));
  const decls = [...ops]
    .map(([name, n]) => `  op ${name} : ${Array(n).fill('T').join(' ')} -> T .`)
    .join('\n');
  const v = (t: string) => t.replace(/\?(\w+)/g, 'V$1:T');
  const eqs = rules
    .map(({ lhs, rhs, conditions }) => {
      if (conditions.length === 1 && conditions[0] === 'otherwise') {
        return `  eq ${v(lhs)} = ${v(rhs)} [owise] .`;
      }
      if (conditions.length === 0) return `  eq ${v(lhs)} = ${v(rhs)} .`;
      const cs = conditions.map((c) => v(maudeCondition(c))).join(' /\\ ');
      return `  ceq ${v(lhs)} = ${v(rhs)} if ${cs} .`;
    })
    .join('\n');
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
  /** The time of loading the rules and rewriting (no start-up, parse or print). */
  readonly rewriteMs: number;
  /** The time of the rewriting alone (what Maude reports as its time of `red`). */
  readonly runMs: number;
}

/** A bibun run of at most this long is also timed with its code warm (rec-child.ts --warm). */
const WARM_LIMIT_MS = 5_000;

/** A large size predicted to take longer than this for bibun is skipped. */
export const LARGE_LIMIT_MS = 60_000;

/** One engine's run of one program at one size. */
export interface Side {
  readonly ms: number;
  readonly rewrites?: number;
  readonly form?: string;
  readonly rssMB?: number;
  readonly rewriteMs?: number;
  /**
   * Time to normal form, start-up and loading excluded: bibun's run, Maude's own report of its
   * `red` (the real time of "rewrites: N in X ms cpu (Y ms real)").
   */
  readonly runMs?: number;
  /** bibun: the rewriting again in the same process, V8's warm-up of its code done. */
  readonly warmMs?: number;
  readonly error?: string;
}

function child(args: readonly string[]) {
  const script = fileURLToPath(new URL('../rec-child.js', import.meta.url));
  return spawnSync(process.execPath, [script, ...args], {
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 1 << 30,
  });
}

function jsonLine(stdout: string | undefined): string | undefined {
  return stdout?.split('\n').find((l) => l.startsWith('{'));
}

/** The time of a second and third run in one process, the faster (undefined if it failed). */
function warmMs(name: string, n: number): number | undefined {
  const line = jsonLine(child([name, String(n), '--warm']).stdout);
  const ms = line === undefined ? undefined : (JSON.parse(line) as { warmMs: number }).warmMs;
  return ms !== undefined && Number.isFinite(ms) ? ms : undefined;
}

function runBibun(name: string, n: number): Side {
  const t0 = performance.now();
  const r = child([name, String(n)]);
  const ms = performance.now() - t0;
  const line = jsonLine(r.stdout);
  if (!line) {
    const why =
      r.error?.message ?? r.stderr.split('\n').find((l) => /\S/.test(l) && !l.startsWith(' '));
    return { ms, error: why ?? `exit ${r.status ?? r.signal}` };
  }
  const c = JSON.parse(line) as ChildOut;
  if (c.form.startsWith('stopped: ')) return { ms, rewrites: c.steps, error: c.form };
  const warm = c.runMs <= WARM_LIMIT_MS ? warmMs(name, n) : undefined;
  return {
    ms,
    rewrites: c.steps,
    form: c.form,
    rssMB: c.rssMB,
    rewriteMs: c.rewriteMs,
    runMs: c.runMs,
    ...(warm !== undefined ? { warmMs: warm } : {}),
  };
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
    const rw = /rewrites: (\d+)(?: in \d+ms cpu \((\d+)ms real\))?/.exec(r.stdout);
    const res = /result T: ([\s\S]*?)(?:\nBye|\n*$)/.exec(r.stdout);
    if (/stack overflow/i.test(r.stdout + r.stderr)) return { ms, error: 'Maude: stack overflow' };
    const warning = /Warning: (.*)/.exec(r.stdout + r.stderr)?.[1];
    if (!rw || !res) return { ms, error: warning ?? `no result: ${r.stdout.slice(0, 120)}` };
    return {
      ms,
      rewrites: Number(rw[1]),
      form: res[1],
      ...(rw[2] !== undefined ? { runMs: Number(rw[2]) } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * bibun's predicted wall time at size n, from the sizes run before: the rewriting time grown
 * geometrically in n as from the last two sizes, or grown as Maude's rewrites grew (the same
 * rules, run without sharing), whichever is less; plus the start-up seen at the last size.
 */
export function predictMs(
  done: readonly { n: number; b: Side; m?: Side }[],
  n: number,
  maudeHere: Side | undefined,
): number | undefined {
  const last = done.at(-1);
  if (last?.b.rewriteMs === undefined) return undefined;
  const work = Math.max(last.b.rewriteMs, 1);
  const startup = Math.max(last.b.ms - last.b.rewriteMs, 0);
  const guesses: number[] = [];
  const before = done.at(-2);
  if (before?.b.rewriteMs !== undefined) {
    const growth = work / Math.max(before.b.rewriteMs, 1);
    guesses.push(work * Math.max(growth, 1) ** ((n - last.n) / (last.n - before.n)));
  }
  if (maudeHere?.rewrites !== undefined && last.m?.rewrites) {
    guesses.push(work * (maudeHere.rewrites / last.m.rewrites));
  }
  return guesses.length === 0 ? undefined : startup + Math.min(...guesses);
}

function msText(ms: number): string {
  if (ms < 1) return '< 1 ms';
  return `${ms < 10 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
}

/**
 * " in T ms": the time to normal form, start-up excluded, when known; for bibun also the time
 * of the same rewriting with its code warm, " (warm W ms)".
 */
function inMs(s: Side): string {
  if (s.runMs === undefined) return '';
  const warm = s.warmMs === undefined ? '' : ` (warm ${msText(s.warmMs)})`;
  return ` in ${msText(s.runMs)}${warm}`;
}

function note(b: Side, m: Side | undefined): string {
  if (b.form === undefined || m?.form === undefined) return 'normal forms not compared';
  return normaliseForm(b.form) === normaliseForm(m.form)
    ? 'same normal form ✓'
    : 'DIFFERENT NORMAL FORM';
}

export const recWorkload: Workload = {
  name: 'rec',
  description: 'REC-style suite: rewrite programs, bibun vs Maude, whole-process wall time',
  charts: {},
  async run(ctx: Context): Promise<Row[]> {
    const maude = !maudeVersion().startsWith('not');
    const rows: Row[] = [];
    for (const p of recPrograms()) {
      const done: { n: number; b: Side; m?: Side }[] = [];
      for (const n of p.sizes) {
        const large = p.large.includes(n);
        if (ctx.quick && (large || n !== p.sizes[0])) continue;
        const base = { family: 'rec', workload: `rec ${p.name}`, size: n, method: 'innermost' };
        ctx.log(`rec ${p.name} ${n}`);
        const m = maude ? runMaude(p, n) : undefined;
        const peer = {
          peer: 'Maude',
          ...(m === undefined ? { peerNote: maudeVersion() } : {}),
          ...(m?.error ? { peerNote: m.error } : {}),
          ...(m?.rewrites !== undefined ? { peerResult: `${int(m.rewrites)} rw${inMs(m)}` } : {}),
        };
        const failed = done.find((d) => d.b.error !== undefined);
        const predicted = large ? predictMs(done, n, m) : undefined;
        if (failed || (predicted !== undefined && predicted > LARGE_LIMIT_MS)) {
          rows.push({
            ...base,
            ...peer,
            ...(m?.ms !== undefined && !m.error ? { peerMs: m.ms } : {}),
            note: failed
              ? `skipped: size ${failed.n} failed`
              : `skipped: ~${((predicted ?? 0) / 1000).toFixed(0)} s predicted`,
          });
          continue;
        }
        const b = runBibun(p.name, n);
        done.push({ n, b, m });
        rows.push({
          ...base,
          ms: b.ms,
          ...peer,
          ...(m?.ms !== undefined && !m.error ? { peerMs: m.ms, ratio: m.ms / b.ms } : {}),
          result: b.error ?? `${int(b.rewrites ?? 0)} rw${inMs(b)}, ${b.rssMB?.toFixed(0)} MB`,
          note: note(b, m),
          extra: {
            ...(b.rewrites !== undefined ? { rewrites: b.rewrites } : {}),
            ...(b.rssMB !== undefined ? { rssMB: b.rssMB } : {}),
            ...(b.rewriteMs !== undefined ? { rewriteMs: b.rewriteMs } : {}),
            ...(b.runMs !== undefined ? { runMs: b.runMs } : {}),
            ...(b.warmMs !== undefined ? { warmMs: b.warmMs } : {}),
            ...(m?.runMs !== undefined ? { maudeRunMs: m.runMs } : {}),
            ...(m?.rewrites !== undefined ? { maudeRewrites: m.rewrites } : {}),
            ...(predicted !== undefined ? { predictedMs: predicted } : {}),
          },
        });
      }
    }
    return rows;
  },
};
