/**
 * The polynomial core against SymPy (its polynomial core is pure Python with Python's integers
 * here; python-flint is not installed, so no FLINT figure): `expand((1 + x + y + z)^20)`,
 * `factor(x^100 − 1)`, `factor` of an expanded product of three random dense bivariate
 * polynomials, and `gcd` of two expanded products of random dense degree-50 polynomials that
 * share one factor. Every run on either side gets fresh variable names, so no cache of terms or
 * of SymPy's `cacheit` can answer it; SymPy's time is the call alone (parsing outside). The
 * results are compared by their shape (terms, factors, degree).
 */
import { need } from '../api.js';
import { measure, type Row } from '../harness.js';
import { runSympy } from '../peers/sympy.js';
import { type Num, sym, type Term } from '../../../lib/term/term.js';
import { freeSymbols } from '../../../lib/term/walk.js';
import { peerText, randInt, renameVars, rng, type Context, type Workload } from './common.js';

/** A random dense polynomial Σ c·x^i·y^j (i + j ≤ d), coefficients in [−9, 9], as text. */
function denseBivariate(r: () => number, d: number): string {
  const parts: string[] = [];
  for (let i = 0; i <= d; i++)
    for (let j = 0; i + j <= d; j++) {
      const c = randInt(r, -9, 9) || 1;
      parts.push(`(${c})*x^${i}*y^${j}`);
    }
  parts.push(`x^${d + 1}`);
  return `(${parts.join(' + ')})`;
}

/** A random dense univariate polynomial of degree d, coefficients in [−99, 99]. */
function denseUnivariate(r: () => number, d: number): string {
  const parts: string[] = [];
  for (let i = 0; i < d; i++) parts.push(`(${randInt(r, -99, 99)})*x^${i}`);
  parts.push(`(${randInt(r, 1, 99)})*x^${d}`);
  return `(${parts.join(' + ')})`;
}

interface Case {
  readonly name: string;
  readonly fn: 'expand' | 'factor' | 'gcd';
  /** The arguments' texts (variables x, y, z). */
  readonly args: readonly string[];
}

function shape(fn: Case['fn'], t: Term, count: (t: Term) => number, deg: (t: Term) => number) {
  if (fn === 'expand') return `${t.kind === 'app' && t.head === '+' ? t.args.length : 1} terms`;
  if (fn === 'factor') return `${count(t)} factors`;
  return `degree ${deg(t)}`;
}

export const polyWorkload: Workload = {
  name: 'poly',
  description: 'polynomial core (expand, factor, gcd) vs SymPy',
  charts: {},
  async run(ctx: Context): Promise<Row[]> {
    const parse = await need<(text: string) => Term>('syntax/parse', 'parse');
    const expandTerm = await need<(t: Term) => Term>('poly/functions', 'expandTerm');
    const factorTerm = await need<(t: Term) => Term>('poly/functions', 'factorTerm');
    const gcdTerm = await need<(a: Term, b: Term) => Term>('poly/functions', 'gcdTerm');
    const degreeTerm = await need<(t: Term, x: Term) => Term>('poly/functions', 'degreeTerm');
    const r = rng(2024);
    const expanded = (text: string) => peerText(expandTerm(parse(text)));
    const bi = [0, 1, 2].map(() => denseBivariate(r, ctx.quick ? 3 : 5));
    const [g, f1, f2] = [0, 1, 2].map(() => denseUnivariate(r, ctx.quick ? 20 : 50));
    const cases: Case[] = [
      { name: 'expand (1+x+y+z)^20', fn: 'expand', args: ['(1 + x + y + z)^20'] },
      { name: 'factor x^100 - 1', fn: 'factor', args: ['x^100 - 1'] },
      { name: 'factor 3 dense bivariate', fn: 'factor', args: [expanded(bi.join('*'))] },
      {
        name: 'gcd deg-50 products',
        fn: 'gcd',
        args: [expanded(`${g}*${f1}`), expanded(`${g}*${f2}`)],
      },
    ];
    const runs = ctx.quick ? 2 : 3;
    ctx.log('poly: SymPy');
    const sp = runSympy<{ name: string; k: number; ms: number; info: string }>(
      {
        op: 'poly',
        cases: cases.map((c) => ({
          name: c.name,
          fn: c.fn,
          runs: Array.from({ length: runs }, (_, k) => c.args.map((a) => renameVars(a, `s${k}`))),
        })),
      },
      ctx.quick ? 60_000 : 180_000,
    );
    const rows: Row[] = [];
    const count = (t: Term) => (t.kind === 'app' && t.head === '*' ? t.args.length : 1);
    for (const c of cases) {
      ctx.log(`poly: ${c.name}`);
      const fn = c.fn === 'expand' ? expandTerm : c.fn === 'factor' ? factorTerm : undefined;
      const b = measure((args: Term[]) => (fn ? fn(args[0]) : gcdTerm(args[0], args[1])), {
        setup: (i) => c.args.map((a) => parse(renameVars(a, `b${i}`))),
        budgetMs: 1000,
        maxSamples: 10,
      });
      const last = b.last as Term;
      const mine = sp.results.filter((s) => s.name === c.name);
      const peerMs =
        mine.length > 0 ? mine.map((s) => s.ms).sort((a, z) => a - z)[mine.length >> 1] : undefined;
      const deg = (t: Term) => {
        const v = freeSymbols(t);
        return v.length === 0 ? 0 : Number((degreeTerm(t, sym(v[0])) as Num).num);
      };
      rows.push({
        family: 'poly',
        workload: c.name,
        size: c.fn,
        method: c.fn,
        ms: b.ms,
        peer: 'SymPy',
        peerMs,
        ratio: peerMs === undefined ? undefined : peerMs / b.ms,
        result: shape(c.fn, last, count, deg),
        peerResult: mine[0]?.info,
        peerNote: peerMs === undefined ? (sp.error ?? 'not available') : undefined,
        note: `bibun ${b.runs} runs, SymPy ${mine.length} runs (medians)`,
      });
    }
    return rows;
  },
};
