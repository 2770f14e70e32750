/**
 * simplify against SymPy's simplify on the whole corpus (simplify-corpus.ts, 300+ expressions).
 * SymPy's answers are computed in the run, never written down. Reported:
 *
 * - size: bibun's result no larger than SymPy's, on what fraction of the corpus. Both results
 *   are measured the same way: the printed text read back by bibun's parser, then bibun's
 *   simplification cost (lib/rewrite/best.ts: an operation count, a leaf 1, an operator between
 *   n arguments n - 1, a function call 1). Tree size (nodes, an n-ary sum one node) is reported
 *   too. Goal: no larger on at least 90%.
 * - never wrong: bibun's result against the input at seeded random points (positive and mixed
 *   signs; a point where the input is undefined proves nothing and is skipped). A wrong answer is
 *   a failure row. SymPy's result is checked the same way, for reference.
 * - speed: total SymPy time over total bibun time (goal at least 20x). SymPy runs each expression
 *   once after a warm-up (it is slow to repeat); bibun's time is the median of warm passes over
 *   the whole corpus, each pass on freshly renamed variables so no cache keyed by terms answers.
 * - the cases where SymPy's result is smaller, one row each. The `held out` category was
 *   written after the rules were tuned and is counted on its own as well.
 */
import { need } from '../api.js';
import { measure, type Row } from '../harness.js';
import { runSympy } from '../peers/sympy.js';
import { evaluate } from '../../../lib/term/evaluate.js';
import type { Term } from '../../../lib/term/term.js';
import { close, renameVars, rng, type Context, type Workload } from './common.js';
import { SYMPY_CORPUS_ITEMS } from './simplify-corpus.js';
import { loadSimplify } from './simplify.js';

const VARS = ['a', 'b', 'c', 'x', 'y', 'z'];

/** Seeded points: half with every variable positive, half with mixed signs. */
function points(tag: string): Record<string, number>[] {
  const r = rng(2026);
  const out: Record<string, number>[] = [];
  for (let i = 0; i < 16; i++) {
    const p: Record<string, number> = {};
    for (const v of VARS) {
      const u = 0.15 + 2.6 * r();
      p[`${v}_${tag}`] = i < 8 || r() < 0.5 ? u : -u;
    }
    out.push(p);
  }
  return out;
}

/**
 * 'ok' when `out` has the value of `input` at every point where the input is defined (and at
 * least one is), 'unchecked' when the input is defined at none, else 'wrong'.
 */
function checkValue(input: Term, out: Term, pts: Record<string, number>[]): string {
  let checked = 0;
  for (const p of pts) {
    let a: number;
    try {
      a = evaluate(input, p);
    } catch {
      continue;
    }
    if (!Number.isFinite(a)) continue;
    let b: number;
    try {
      b = evaluate(out, p);
    } catch {
      return 'wrong';
    }
    if (!close(a, b, 1e-8)) return 'wrong';
    checked++;
  }
  return checked > 0 ? 'ok' : 'unchecked';
}

function pct(k: number, n: number): string {
  return `${((100 * k) / n).toFixed(1)}%`;
}

export const simplifySympyWorkload: Workload = {
  name: 'simplify-sympy',
  description: `simplify a corpus of ${SYMPY_CORPUS_ITEMS.length} expressions vs SymPy's simplify: size, values, speed`,
  charts: {},
  async run(ctx: Context): Promise<Row[]> {
    const parse = await need<(text: string) => Term>('syntax/parse', 'parse');
    const print = await need<(t: Term) => string>('term/print', 'toInfix');
    const simplify = await loadSimplify();
    let cost: (t: Term) => bigint;
    try {
      cost = await need<(t: Term) => bigint>('rewrite/best', 'cost');
    } catch {
      cost = (t) => t.treeSize;
    }
    const rows: Row[] = [];
    const tag = 's';
    const texts = SYMPY_CORPUS_ITEMS.map((it) => renameVars(it.text, tag));
    ctx.log(`simplify-sympy: SymPy on ${texts.length} expressions`);
    const sp = runSympy<{ i: number; ms: number; out: string }>(
      { op: 'simplify', exprs: texts },
      ctx.quick ? 120_000 : 600_000,
    );
    if (sp.results.length === 0) {
      rows.push({
        family: 'simplify-sympy',
        workload: 'simplify vs SymPy',
        size: `${texts.length} exprs`,
        method: 'simplify',
        peer: 'SymPy',
        peerNote: sp.error ?? 'no result',
      });
      return rows;
    }
    const pts = points(tag);
    let spMs = 0;
    let compared = 0;
    let noLargerCost = 0;
    let noLargerTree = 0;
    let wrong = 0;
    let unchecked = 0;
    let spWrong = 0;
    let unread = 0;
    let bCost = 0n;
    let sCost = 0n;
    let bTree = 0n;
    let sTree = 0n;
    const smaller: Row[] = [];
    // The held-out category (never tuned on), counted on its own too.
    let heldCompared = 0;
    let heldNoLarger = 0;
    const failures: Row[] = [];
    for (const r of sp.results) {
      spMs += r.ms;
      const item = SYMPY_CORPUS_ITEMS[r.i];
      const input = parse(texts[r.i]);
      let out: Term;
      try {
        out = simplify(input);
      } catch (e) {
        wrong++;
        failures.push({
          family: 'simplify-sympy',
          workload: `FAILED ${item.text}`,
          size: item.category,
          method: 'simplify',
          note: (e as Error).message.split('\n')[0],
        });
        continue;
      }
      const verdict = checkValue(input, out, pts);
      if (verdict === 'wrong') {
        wrong++;
        failures.push({
          family: 'simplify-sympy',
          workload: `WRONG ${item.text}`,
          size: item.category,
          method: 'simplify',
          result: print(out).replaceAll(`_${tag}`, ''),
          note: 'value changed at a random point',
        });
      } else if (verdict === 'unchecked') unchecked++;
      let theirs: Term;
      try {
        theirs = parse(r.out);
      } catch {
        unread++;
        continue;
      }
      if (checkValue(input, theirs, pts) === 'wrong') spWrong++;
      compared++;
      const cb = cost(out);
      const cs = cost(theirs);
      bCost += cb;
      sCost += cs;
      bTree += out.treeSize;
      sTree += theirs.treeSize;
      if (cb <= cs) noLargerCost++;
      if (item.category === 'held out') {
        heldCompared++;
        if (cb <= cs) heldNoLarger++;
      }
      if (out.treeSize <= theirs.treeSize) noLargerTree++;
      if (cb > cs)
        smaller.push({
          family: 'simplify-sympy-cases',
          workload: item.text,
          size: item.category,
          method: 'simplify',
          peer: 'SymPy',
          result: `${print(out).replaceAll(`_${tag}`, '')} (cost ${cb})`,
          peerResult: `${r.out.replaceAll(`_${tag}`, '')} (cost ${cs})`,
          note: 'SymPy smaller',
        });
    }
    // bibun over the same expressions, warm, fresh names per pass.
    const done = sp.results.map((r) => SYMPY_CORPUS_ITEMS[r.i].text);
    const b = measure((ts: Term[]) => ts.map(simplify), {
      setup: (i) => done.map((e) => parse(renameVars(e, `p${i}`))),
      budgetMs: ctx.quick ? 300 : 1500,
      maxSamples: 15,
    });
    rows.push({
      family: 'simplify-sympy',
      workload: 'simplify vs SymPy (sum)',
      size: `${sp.results.length} exprs`,
      method: 'simplify',
      ms: b.ms,
      peer: 'SymPy',
      peerMs: spMs,
      ratio: spMs / b.ms,
      result: `cost ${bCost}, tree ${bTree}`,
      peerResult: `cost ${sCost}, tree ${sTree}${unread ? ` (+${unread} unreadable)` : ''}`,
      note:
        `no larger than SymPy on ${noLargerCost}/${compared} (${pct(noLargerCost, compared)}) by cost, ` +
        `${noLargerTree}/${compared} (${pct(noLargerTree, compared)}) by tree size; ` +
        `held out (not tuned on): ${heldNoLarger}/${heldCompared}; ` +
        `${wrong} wrong${unchecked ? `, ${unchecked} unchecked` : ''} (SymPy: ${spWrong} wrong)` +
        (sp.error ? `; SymPy ${sp.error}` : ''),
      extra: {
        exprs: sp.results.length,
        compared,
        noLargerCost,
        noLargerTree,
        heldCompared,
        heldNoLarger,
        wrong,
        unchecked,
        sympyWrong: spWrong,
        unreadable: unread,
        sympyMs: spMs,
      },
    });
    rows.push(...failures, ...smaller);
    return rows;
  },
};
