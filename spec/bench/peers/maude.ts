/**
 * The Maude peer for the Peano fib rewrite benchmark. Writes the classic equational module to a
 * temporary file, reduces `done(fib(n))` (so the printed result is `true`, not a unary numeral of
 * 196418 `s`), and reads Maude's own `rewrites: N in Xms cpu` line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let found: string | undefined;

/** Maude's version, or the reason it is not available (a string starting with "not"). */
export function maudeVersion(): string {
  if (found !== undefined) return found;
  const r = spawnSync('maude', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return (found = r.status === 0 ? r.stdout.trim() : 'not installed (apt-get install maude)');
}

/** The Peano fib module, the same five rules as bibun's rule file (plus `done`). */
export const PEANO_FIB_MAUDE = `fmod PEANO-FIB is
  sort Nat .
  op z : -> Nat [ctor] .
  op s : Nat -> Nat [ctor] .
  op add : Nat Nat -> Nat .
  op fib : Nat -> Nat .
  op done : Nat -> Bool .
  vars X Y N : Nat .
  eq add(z, Y) = Y .
  eq add(s(X), Y) = s(add(X, Y)) .
  eq fib(z) = z .
  eq fib(s(z)) = s(z) .
  eq fib(s(s(N))) = add(fib(s(N)), fib(N)) .
  eq done(N) = true .
endfm
`;

/** The Peano numeral of n as text: s(s(...z...)). */
export function peano(n: number): string {
  return 's('.repeat(n) + 'z' + ')'.repeat(n);
}

/** One Maude measurement: rewrites and cpu time summed over `repeat` reductions. */
export interface MaudeFib {
  readonly n: number;
  readonly repeat: number;
  readonly rewrites: number;
  readonly cpuMs: number;
}

/**
 * Reduces fib(n) for each n, `repeat(n)` times (Maude reports whole milliseconds, so small n are
 * repeated until the total is measurable), and returns Maude's figures.
 */
export function maudeFib(
  ns: readonly number[],
  repeat: (n: number) => number,
  timeoutMs: number,
): MaudeFib[] | string {
  const v = maudeVersion();
  if (v.startsWith('not')) return v;
  const dir = mkdtempSync(join(tmpdir(), 'bibun-maude-'));
  try {
    let src = PEANO_FIB_MAUDE + 'set show timing on .\n';
    const plan: number[] = [];
    for (const n of ns) {
      for (let i = 0; i < repeat(n); i++) {
        src += `red done(fib(${peano(n)})) .\n`;
        plan.push(n);
      }
    }
    src += 'quit\n';
    const file = join(dir, 'fib.maude');
    writeFileSync(file, src);
    // -no-tecla: without it this Maude build reads the file as if it were the terminal.
    const r = spawnSync('maude', ['-no-banner', '-no-tecla', file], {
      encoding: 'utf8',
      timeout: timeoutMs,
      input: '',
    });
    if (r.error) return `failed: ${r.error.message}`;
    const lines = [...r.stdout.matchAll(/rewrites: (\d+) in (\d+)ms cpu/g)];
    if (lines.length !== plan.length)
      return `failed: ${lines.length} of ${plan.length} reductions reported`;
    if ((r.stdout.match(/result Bool: true/g) ?? []).length !== plan.length)
      return 'failed: wrong result';
    const out = new Map<number, MaudeFib>();
    lines.forEach((m, i) => {
      const n = plan[i];
      const prev = out.get(n) ?? { n, repeat: 0, rewrites: 0, cpuMs: 0 };
      out.set(n, {
        n,
        repeat: prev.repeat + 1,
        rewrites: prev.rewrites + Number(m[1]),
        cpuMs: prev.cpuMs + Number(m[2]),
      });
    });
    return [...out.values()];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
