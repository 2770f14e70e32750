/**
 * `series` and `limit` on the swell chains against SymPy (issue 12): f₀ = x,
 * f_{i+1} = sin(f_i)·cos(f_i) of depth k (dagSize 3k + 1, tree size about 2^k; the chains of
 * the differentiation workloads), expanded at 0 to orders n = 5–20, and the limit at 0 of
 * (f − T_{n−1})/x^n, T_{n−1} the Taylor polynomial of order n − 1 (its value is the coefficient
 * of x^n, so deciding it needs the expansion to order n, past the cancellation of every lower
 * term). SymPy runs `series(f, x, 0, n + 1)` and `limit` in the same run, every job under a
 * timeout; the exact coefficients (and limit values) of both are compared wherever both finish.
 * Every timed run of either side works on a fresh variable, so no cache of terms (nor SymPy's
 * `cacheit`) answers it.
 */
import { need } from '../api.js';
import { measure, type Row } from '../harness.js';
import { runSympy } from '../peers/sympy.js';
import { add, mul, num, pow, sub, sym, type Term } from '../../../lib/term/term.js';
import type { Context, Workload } from './common.js';
import { chainSinCos } from './diffcases.js';

type Series = (f: Term, x: Term, a: Term, n: Term) => { coefficients: readonly Term[] };
type Limit = (f: Term, x: Term, a: Term) => Term;

/** The chain of depth k in a fresh variable. */
function chain(k: number, tag: string): { f: Term; x: Term } {
  const inst = chainSinCos(k)(tag);
  return { f: inst.roots[0], x: sym(inst.vars[0]) };
}

/** Σ cᵢ·xⁱ. */
function polynomial(cs: readonly Term[], x: Term): Term {
  return add(...cs.map((c, i) => mul(c, pow(x, num(i)))));
}

/** The first difference of two coefficient lists, as a note. */
function compare(mine: readonly string[], theirs: readonly string[] | undefined): string {
  if (theirs === undefined) return '';
  const n = Math.max(mine.length, theirs.length);
  for (let i = 0; i < n; i++)
    if (mine[i] !== theirs[i])
      return `DIFFER at x^${i}: bibun ${mine[i] ?? '-'}, SymPy ${theirs[i] ?? '-'}`;
  return `all ${n} coefficients equal`;
}

/** One bibun measurement: the median time, or the error a run ended in. */
function timed<T>(run: (tag: string) => T, budgetMs: number): { ms: number; value: T | Error } {
  let i = 0;
  const b = measure(
    (tag: string) => {
      try {
        return run(tag);
      } catch (e) {
        return e as Error;
      }
    },
    { setup: () => `r${i++}`, budgetMs, maxSamples: 10 },
  );
  return { ms: b.ms, value: b.last as T | Error };
}

export const seriesWorkload: Workload = {
  name: 'series',
  description: 'series and limit on the sin*cos swell chains, orders 5-20, vs SymPy',
  charts: {},
  async run(ctx: Context): Promise<Row[]> {
    const series = await need<Series>('cas/series', 'series');
    const limit = await need<Limit>('cas/limit', 'limit');
    const depths = ctx.quick ? [3, 10] : [3, 5, 10, 20];
    const orders = ctx.quick ? [5, 10] : [5, 10, 15, 20];
    const limitDepths = ctx.quick ? [3] : [3, 5, 10];
    const limitOrders = ctx.quick ? [5, 10] : [5, 7, 10, 15, 20];
    // SymPy needs seconds per expansion already at depth 5: a timeout per depth, generous
    // where it finishes and short where it cannot.
    const sympyTimeout = (k: number) => (ctx.quick ? 20_000 : k <= 5 ? 60_000 : 20_000);
    const rows: Row[] = [];

    for (const k of depths) {
      ctx.log(`series: SymPy k=${k}`);
      const sp = runSympy<{ n: number; ms: number; coeffs: string[] }>(
        { op: 'serieschain', k, orders },
        sympyTimeout(k),
      );
      for (const n of orders) {
        ctx.log(`series: bibun k=${k} n=${n}`);
        const b = timed((tag) => {
          const { f, x } = chain(k, tag);
          return series(f, x, num(0), num(n)).coefficients;
        }, 400);
        const hit = sp.results.find((r) => r.n === n);
        const mine = b.value instanceof Error ? undefined : b.value.map(String);
        rows.push({
          family: 'series-chain',
          workload: `series chain sin(f)*cos(f) k=${k}`,
          size: n,
          method: 'series',
          ms: b.ms,
          peer: 'SymPy',
          peerMs: hit?.ms,
          peerNote: hit ? undefined : (sp.error ?? 'no result'),
          ratio: hit && mine ? hit.ms / b.ms : undefined,
          result: mine ? `x^${n}: ${mine[n]}` : `error: ${(b.value as Error).message}`,
          peerResult: hit ? `x^${n}: ${hit.coeffs[n]}` : undefined,
          note: mine ? compare(mine, hit?.coeffs) : '',
        });
      }
    }

    for (const k of limitDepths) {
      // T_{n-1} from bibun's own expansion (outside the timing), given to both sides.
      const { f: f0, x: x0 } = chain(k, 'poly');
      const polys = new Map(
        limitOrders.map((n) => [n, series(f0, x0, num(0), num(n - 1)).coefficients]),
      );
      ctx.log(`limit: SymPy k=${k}`);
      const sp = runSympy<{ n: number; ms: number; value: string }>(
        {
          op: 'limitchain',
          k,
          cases: limitOrders.map((n) => ({ n, poly: polys.get(n)!.map(String) })),
        },
        ctx.quick ? 20_000 : 45_000,
      );
      for (const n of limitOrders) {
        ctx.log(`limit: bibun k=${k} n=${n}`);
        const cs = polys.get(n)!;
        const b = timed((tag) => {
          const { f, x } = chain(k, tag);
          return limit(mul(sub(f, polynomial(cs, x)), pow(x, num(-n))), x, num(0));
        }, 400);
        const hit = sp.results.find((r) => r.n === n);
        const mine = b.value instanceof Error ? undefined : String(b.value);
        const note =
          mine === undefined
            ? `bibun: ${(b.value as Error).message.replace(/ of .* as /, ' as ')}`
            : hit === undefined
              ? ''
              : mine === hit.value
                ? 'values equal'
                : `DIFFER: bibun ${mine}, SymPy ${hit.value}`;
        rows.push({
          family: 'limit-chain',
          workload: `limit (f - T)/x^n chain k=${k}`,
          size: n,
          method: 'limit',
          ms: b.ms,
          peer: 'SymPy',
          peerMs: hit?.ms,
          peerNote: hit ? undefined : (sp.error ?? 'no result'),
          ratio: hit && mine !== undefined ? hit.ms / b.ms : undefined,
          result: mine ?? 'undecided',
          peerResult: hit?.value,
          note,
        });
      }
    }
    return rows;
  },
};
