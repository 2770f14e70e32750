/**
 * What every workload shares: the workload contract, a seeded random generator, fresh variable
 * names per run (so no cache keyed by terms can answer a timed run), printing terms for the
 * peers, and numeric agreement checks.
 */
import type { Row } from '../harness.js';
import type { Term } from '../../../lib/term/term.js';

/** Settings of one benchmark run. */
export interface Context {
  /** Smaller sizes and budgets (`--quick`), for trying the harness out. */
  readonly quick: boolean;
  /** Progress output (stderr), so stdout keeps only the table. */
  readonly log: (message: string) => void;
}

/** How a family's chart is labelled. */
export interface ChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel?: string;
}

/** A benchmark workload: a name for `--only`, its charts, and a run that yields table rows. */
export interface Workload {
  readonly name: string;
  readonly description: string;
  /** Chart labels per row family this workload produces. */
  readonly charts: Readonly<Record<string, ChartSpec>>;
  readonly run: (ctx: Context) => Promise<Row[]>;
}

/** A seeded pseudo-random generator (mulberry32): the same numbers in every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random integer in [lo, hi]. */
export function randInt(r: () => number, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

/** A random element of a list. */
export function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

/**
 * Renames the single-letter variables a, b, c, x, y, z of an expression text to `x_<tag>` etc.,
 * so each timed run sees terms no earlier run has built (function names are untouched).
 */
export function renameVars(text: string, tag: number | string): string {
  return text.replace(/\b([abcxyz])\b/g, `$1_${tag}`);
}

/**
 * A term as fully parenthesised infix that mathjs and SymPy both read (`^` for powers; SymPy
 * gets `convert_xor`). Refuses terms whose tree is larger than `maxTree` (printing a tree copies
 * every shared node).
 */
export function peerText(t: Term, maxTree = 2_000_000): string {
  if (t.treeSize > BigInt(maxTree))
    throw new Error(`tree of ${t.treeSize} nodes is too large to print for a peer`);
  const memo = new Map<number, string>();
  const go = (n: Term): string => {
    const hit = memo.get(n.id);
    if (hit !== undefined) return hit;
    let s: string;
    switch (n.kind) {
      case 'num':
        s = n.den === 1n ? (n.num < 0n ? `(${n.num})` : `${n.num}`) : `(${n.num}/${n.den})`;
        break;
      case 'sym':
      case 'var':
        s = n.name;
        break;
      case 'app': {
        const args = n.args.map(go);
        if (n.head === '+') s = `(${args.join(' + ')})`;
        else if (n.head === '*') s = `(${args.join(' * ')})`;
        else if (n.head === '^') s = `(${args[0]}^${args[1]})`;
        else s = `${n.head}(${args.join(', ')})`;
      }
    }
    memo.set(n.id, s);
    return s;
  };
  return go(t);
}

/** True when a and b agree to a relative tolerance (both NaN counts as agreement). */
export function close(a: number, b: number, rel = 1e-9): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Formats an integer with thin grouping (12 345). */
export function int(n: number | bigint): string {
  const s = n.toString();
  return s.length > 12
    ? `${s.slice(0, 4)}e${s.length - 1}`
    : s.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** Formats a tree size: exact when small, 2^k-ish in scientific notation when huge. */
export function sizeStr(n: bigint | number): string {
  const b = BigInt(n);
  if (b < 10n ** 9n) return int(b);
  const s = b.toString();
  return `${s[0]}.${s.slice(1, 3)}e${s.length - 1}`;
}
