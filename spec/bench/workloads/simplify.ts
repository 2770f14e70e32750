/**
 * Simplification: the corpus (corpus.ts, by category) against mathjs.simplify, with output sizes
 * (SymPy's simplify is compared on a larger corpus by simplify-sympy.ts); and a scaling series (sums of n like terms) against mathjs.
 *
 * Fairness: both systems get already-parsed input (parsing is outside the timed region); every
 * timed run gets freshly renamed variables, so no cache keyed by terms answers it. Output sizes
 * are all measured the same way: the peer's printed result is read back by bibun's parser and
 * its treeSize taken. Checked once: each result has the input's value at two points.
 */
import { need } from '../api.js';
import { measure, type Row } from '../harness.js';
import { mjParse, mjSimplify, type MathNode } from '../peers/mathjs.js';
import { evaluate } from '../../../lib/term/evaluate.js';
import type { Term } from '../../../lib/term/term.js';
import { close, int, renameVars, type Context, type Workload } from './common.js';
import { CORPUS, CORPUS_ITEMS, likeTermSum } from './corpus.js';

type Simplify = (t: Term) => Term;

/** simplify() as exported by lib/simplify/simplify.ts, whatever it returns around the term. */
export async function loadSimplify(): Promise<Simplify> {
  const f = await need<(t: Term) => unknown>('simplify/simplify', 'simplify');
  return (t) => {
    const r = f(t) as Term | { term: Term };
    return 'kind' in r ? r : r.term;
  };
}

const POINTS = [
  { x: 0.7, y: 1.3, z: 2.1, a: 0.45, b: 1.9, c: 0.8 },
  { x: 1.6, y: 0.35, z: 0.9, a: 1.15, b: 0.6, c: 2.4 },
];

/** True when two terms (over a, b, c, x, y, z) have the same value at the test points. */
function sameValue(a: Term, b: Term): boolean {
  return POINTS.every((p) => {
    try {
      return close(evaluate(a, p), evaluate(b, p), 1e-9);
    } catch {
      return false;
    }
  });
}

/** mathjs prints some results with implicit multiplication and spaces; bibun reads both. */
function readBack(parse: (s: string) => Term, text: string): Term | undefined {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

export const simplifyWorkload: Workload = {
  name: 'simplify',
  description: `simplify a corpus of ${CORPUS_ITEMS.length} expressions and sums of n like terms, vs mathjs (SymPy: simplify-sympy)`,
  charts: { 'simplify-scaling': { title: 'simplify: sum of n like terms', xLabel: 'n (terms)' } },
  async run(ctx: Context): Promise<Row[]> {
    const parse = await need<(text: string) => Term>('syntax/parse', 'parse');
    const simplify = await loadSimplify();
    const rows: Row[] = [];
    const budget = ctx.quick ? 150 : 400;
    let totalB = 0;
    let totalM = 0;
    let inSize = 0;
    let outB = 0;
    let outM = 0;
    let wrongB = 0;
    let smaller = 0;
    let larger = 0;
    for (const cat of CORPUS) {
      ctx.log(`simplify ${cat.name}`);
      // Check once, and sizes.
      let catIn = 0;
      let catB = 0;
      let catM = 0;
      let catWrong = 0;
      let catUnread = 0;
      for (const text of cat.exprs) {
        const t = parse(text);
        const s = simplify(t);
        const m = readBack(parse, mjSimplify(mjParse(text)).toString());
        catIn += Number(t.treeSize);
        catB += Number(s.treeSize);
        if (!sameValue(t, s)) catWrong++;
        if (m === undefined) catUnread++;
        else {
          catM += Number(m.treeSize);
          if (s.treeSize < m.treeSize) smaller++;
          if (s.treeSize > m.treeSize) larger++;
        }
      }
      const b = measure((ts: Term[]) => ts.map(simplify), {
        setup: (i) => cat.exprs.map((e) => parse(renameVars(e, i))),
        budgetMs: budget,
      });
      const m = measure((ns: MathNode[]) => ns.map(mjSimplify), {
        setup: (i) => cat.exprs.map((e) => mjParse(renameVars(e, i))),
        budgetMs: budget,
      });
      totalB += b.ms;
      totalM += m.ms;
      inSize += catIn;
      outB += catB;
      outM += catM;
      wrongB += catWrong;
      rows.push({
        family: 'simplify-corpus',
        workload: `simplify ${cat.name}`,
        size: `${cat.exprs.length} exprs`,
        method: 'simplify',
        ms: b.ms,
        peer: 'mathjs',
        peerMs: m.ms,
        ratio: m.ms / b.ms,
        result: `tree ${catB} (in ${catIn})`,
        peerResult: `tree ${catM}${catUnread ? ` (+${catUnread} unreadable)` : ''}`,
        note: catWrong ? `${catWrong} VALUE CHANGED` : 'values kept',
      });
    }
    rows.push({
      family: 'simplify-corpus',
      workload: 'simplify corpus (sum)',
      size: `${CORPUS_ITEMS.length} exprs`,
      method: 'simplify',
      ms: totalB,
      peer: 'mathjs',
      peerMs: totalM,
      ratio: totalM / totalB,
      result: `tree ${outB} (in ${inSize})`,
      peerResult: `tree ${outM}`,
      note: `smaller than mathjs on ${smaller}, larger on ${larger}${wrongB ? `; ${wrongB} VALUE CHANGED` : ''}`,
    });

    // SymPy: the simplify-sympy workload (simplify-sympy.ts), on the larger corpus.

    // Scaling: a sum of n like terms in four variables. mathjs.simplify grows very fast with n
    // (about 0.4 s at n = 10 and 4 s at n = 20 here), so it runs only where its predicted time,
    // cubic from the previous size, stays under a few seconds.
    let mjPrev: { n: number; ms: number } | undefined;
    let bPrev: { n: number; ms: number } | undefined;
    for (const n of ctx.quick ? [4, 8, 100] : [4, 8, 16, 100, 1000]) {
      ctx.log(`simplify like terms ${n}`);
      const text = likeTermSum(n);
      const t = parse(text);
      const ownPredicted = bPrev ? bPrev.ms * (n / bPrev.n) : 0;
      if (ownPredicted > 5000) {
        rows.push({
          family: 'simplify-scaling',
          workload: 'simplify like-term sum',
          size: n,
          method: 'simplify',
          note: `skipped: ~${(ownPredicted / 1000).toFixed(0)} s predicted`,
        });
        continue;
      }
      let s: Term;
      try {
        s = simplify(t);
      } catch (e) {
        rows.push({
          family: 'simplify-scaling',
          workload: 'simplify like-term sum',
          size: n,
          method: 'simplify',
          note: `failed: ${(e as Error).message.split('\n')[0]}`,
        });
        continue;
      }
      const ok = sameValue(t, s);
      const b = measure((u: Term) => simplify(u), {
        setup: (i) => parse(renameVars(text, i)),
        budgetMs: budget,
      });
      bPrev = { n, ms: b.ms };
      let peerMs: number | undefined;
      let peerResult: string | undefined;
      let peerNote: string | undefined;
      const predicted = mjPrev ? mjPrev.ms * (n / mjPrev.n) ** 3 : 0;
      if (predicted > 3000)
        peerNote = `skipped: ~${(predicted / 1000).toFixed(0)} s predicted (n=${mjPrev!.n}: ${mjPrev!.ms.toFixed(0)} ms)`;
      else {
        const m = measure((u: MathNode) => mjSimplify(u), {
          setup: (i) => mjParse(renameVars(text, i)),
          budgetMs: budget,
          minSamples: 1,
          maxSamples: 5,
        });
        peerMs = m.ms;
        mjPrev = { n, ms: m.ms };
        const back = readBack(parse, (m.last as MathNode).toString());
        peerResult = back ? `tree ${int(Number(back.treeSize))}` : 'unreadable';
      }
      rows.push({
        family: 'simplify-scaling',
        workload: 'simplify like-term sum',
        size: n,
        method: 'simplify',
        ms: b.ms,
        peer: 'mathjs',
        ...(peerMs !== undefined ? { peerMs, ratio: peerMs / b.ms } : { peerNote }),
        result: `tree ${int(Number(s.treeSize))} (in ${int(Number(t.treeSize))})`,
        ...(peerResult ? { peerResult } : {}),
        note: ok ? 'value kept' : 'VALUE CHANGED',
      });
    }
    return rows;
  },
};
