/**
 * Parse throughput: large generated expressions (sums of random products, powers, quotients
 * and calls), bibun's `parse` against `mathjs.parse` on the same text. Each timed run parses a
 * text no earlier run has seen (a new seed), so interning cannot serve a result from a previous
 * run; both parsers get the same texts. Checked once: both parses evaluate to the same number.
 */
import { need } from '../api.js';
import { measure, type Row } from '../harness.js';
import { mjEvaluate, mjParse } from '../peers/mathjs.js';
import type { Term } from '../../../lib/term/term.js';
import { evaluate } from '../../../lib/term/evaluate.js';
import { int, pick, randInt, rng, type Context, type Workload } from './common.js';

const VARS = ['x', 'y', 'z', 'a', 'b', 'c'];

/** A random expression of about `depth` levels, in syntax mathjs and bibun read alike. */
function randomExpr(r: () => number, depth: number): string {
  if (depth <= 0 || r() < 0.25) return r() < 0.6 ? pick(r, VARS) : String(randInt(r, 1, 99));
  const sub = () => randomExpr(r, depth - 1);
  switch (randInt(r, 0, 7)) {
    case 0:
      return `${sub()} + ${sub()}`;
    case 1:
      return `(${sub()} - ${sub()})`;
    case 2:
    case 3:
      return `${randInt(r, 2, 9)}*${sub()}*${pick(r, VARS)}`;
    case 4:
      return `${pick(r, VARS)}^${randInt(r, 2, 5)}`;
    case 5:
      return `${sub()}/(${pick(r, VARS)} + ${randInt(r, 1, 9)})`;
    case 6:
      return `${pick(r, ['sin', 'cos', 'tanh', 'atan'])}(${sub()})`;
    default:
      return `sqrt(1 + ${pick(r, VARS)}^2)`;
  }
}

/** A sum of random terms of about `chars` characters. */
export function generatedText(chars: number, seed: number): string {
  return generatedParts(chars, seed).join(' + ');
}

/** The summands of {@link generatedText}. */
function generatedParts(chars: number, seed: number): string[] {
  const r = rng(seed);
  const parts: string[] = [];
  let length = 0;
  while (length < chars) {
    const p = randomExpr(r, 4);
    parts.push(p);
    length += p.length + 3;
  }
  return parts;
}

const POINT = { x: 0.31, y: -0.52, z: 0.77, a: 0.13, b: -0.29, c: 0.41 };

export const parseWorkload: Workload = {
  name: 'parse',
  description: 'parse throughput on generated expressions, vs mathjs.parse',
  charts: { parse: { title: 'parse: generated expressions', xLabel: 'characters' } },
  async run(ctx: Context): Promise<Row[]> {
    const parse = await need<(text: string) => Term>('syntax/parse', 'parse');
    const sizes = ctx.quick ? [1e3, 1e4] : [1e3, 1e4, 1e5, 1e6];
    const rows: Row[] = [];
    let previous = 0;
    for (const size of sizes) {
      // Parsing is linear: skip a size whose runs would take over ~8 s each.
      if (previous * 10 > 8000) {
        rows.push({
          family: 'parse',
          workload: 'parse generated',
          size,
          method: 'parse',
          note: `skipped: ${size / 10} chars took ${(previous / 1000).toFixed(1)} s`,
        });
        continue;
      }
      ctx.log(`parse ${size}`);
      // Check once: the same text means the same number in both systems.
      // mathjs nests a long sum as deep binary nodes and its evaluator recurses, so it
      // evaluates the summands one by one.
      const probe = generatedText(size, 7);
      const ours = evaluate(parse(probe), POINT);
      let theirs = 0;
      let scale = 0;
      for (const part of generatedParts(size, 7)) {
        const v = mjEvaluate(mjParse(part), POINT);
        theirs += v;
        scale += Math.abs(v);
      }
      const agree = Math.abs(ours - theirs) <= 1e-9 * Math.max(1, scale);
      const budget = 600;
      let chars = 0;
      const texts = (i: number) => generatedText(size, 1000 + i);
      const b = measure((t: string) => parse(t), {
        setup: texts,
        budgetMs: budget,
        maxSamples: 15,
      });
      const m = measure((t: string) => mjParse(t), {
        setup: texts,
        budgetMs: budget,
        maxSamples: 15,
      });
      chars = probe.length;
      previous = b.ms;
      const t = b.last as Term;
      rows.push({
        family: 'parse',
        workload: 'parse generated',
        size,
        method: 'parse',
        ms: b.ms,
        peer: 'mathjs',
        peerMs: m.ms,
        ratio: m.ms / b.ms,
        result: `${(chars / b.ms / 1e3).toPrecision(3)} MB/s, dag ${int(t.dagSize)}`,
        peerResult: `${(chars / m.ms / 1e3).toPrecision(3)} MB/s`,
        note: agree ? 'values agree' : `VALUES DIFFER: ${ours} vs ${theirs}`,
        extra: { chars, bibunRuns: b.runs, peerRuns: m.runs },
      });
    }
    return rows;
  },
};
