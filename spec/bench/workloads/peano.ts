/**
 * Peano fib (the classic Maude benchmark): bibun's rule engine, with the five rules written as
 * a user's rule file and `innermost`, against Maude's equational `reduce` of the same rules.
 *
 * What is compared. Maude counts every equation application; bibun counts its rewrite steps.
 * bibun's innermost memoises normal forms per node (terms are hash-consed), so it computes each
 * fib(k) and each add(…) once and needs far fewer steps than Maude (linear instead of
 * exponential in the result). The table therefore shows both figures: rewrites/second by each
 * engine's own count (the ratio column — the goal's measure), and the time to the normal form
 * (the note: time ratio, what a user waits for).
 *
 * What is timed: the run to the normal form, which the rewriting machine leaves in its store
 * until someone asks for `result.term` (Maude's reduce time likewise stops before its printer);
 * the REC suite (rec.ts) times whole processes, printing included, on both sides.
 *
 * Fresh per run: each timed run uses rules over a zero constant of its own name (`z7`), so the
 * terms of an earlier run cannot be reused through interning.
 *
 * A second row per size runs with the memo off (`memo: false`): bibun then rewrites every built
 * term again, performs exactly Maude's rewrites, and the rate is the engine's raw speed.
 */
import { need } from '../api.js';
import { measure, type Row } from '../harness.js';
import { maudeFib, maudeVersion } from '../peers/maude.js';
import type { Term } from '../../../lib/term/term.js';
import { call, sym } from '../../../lib/term/term.js';
import { int, type Context, type Workload } from './common.js';

/** The rule file, over a zero named `zero`. */
export function peanoRules(zero: string): string {
  return `# Peano arithmetic and Fibonacci (the Maude benchmark)
ruleset peano
  add-z: add(${zero}, ?y) -> ?y
  add-s: add(s(?x), ?y) -> s(add(?x, ?y))
  fib-0: fib(${zero}) -> ${zero}
  fib-1: fib(s(${zero})) -> s(${zero})
  fib-n: fib(s(s(?n))) -> add(fib(s(?n)), fib(?n))
`;
}

function numeral(n: number, zero: string): Term {
  let t: Term = sym(zero);
  for (let i = 0; i < n; i++) t = call('s', t);
  return t;
}

function fib(n: number): number {
  let a = 0;
  let b = 1;
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return a;
}

/** The number of s(…) around the zero, or -1 when the term is not a numeral. */
function numeralValue(t: Term, zero: string): number {
  let n = 0;
  while (t.kind === 'app' && t.head === 's' && t.args.length === 1) {
    t = t.args[0];
    n++;
  }
  return t.kind === 'sym' && t.name === zero ? n : -1;
}

interface RunResultLike {
  readonly term: Term;
  readonly steps: number;
  readonly stop: string;
  readonly message?: string;
}

export const peanoWorkload: Workload = {
  name: 'peano',
  description: 'Peano fib 20..27: rewrites/second of the rule engine vs Maude',
  charts: { peano: { title: 'Peano fib(n): time to normal form', xLabel: 'n' } },
  async run(ctx: Context): Promise<Row[]> {
    const RuleLibrary = (await need<() => unknown>(
      'rewrite/library',
      'RuleLibrary',
    )) as unknown as {
      empty(): {
        loadText(text: string, file?: string): { rules: { valueSeq(): { toArray(): unknown[] } } };
      };
    };
    const innermostRules = await need<(rules: unknown[]) => unknown>(
      'rewrite/library',
      'innermostRules',
    );
    const runStrategy = await need<(s: unknown, t: Term, o?: object) => RunResultLike>(
      'rewrite/strategy',
      'runStrategy',
    );
    const ns = ctx.quick ? [20, 23] : [20, 22, 24, 26, 27];
    const limits = { maxSteps: 1e9, maxTimeMs: 120_000, maxSize: 1e8 };
    /** The strategy and the term fib(n) over a zero of this name (built outside the timing). */
    const prepare = (n: number, zero: string) => {
      const rules = RuleLibrary.empty()
        .loadText(peanoRules(zero), 'peano.rules')
        .rules.valueSeq()
        .toArray();
      return { s: innermostRules(rules), t: call('fib', numeral(n, zero)) };
    };

    // Maude first, in one process: small n are repeated so its whole-millisecond clock is usable.
    const maude = maudeFib(ns, (n) => Math.max(1, Math.round(1.618 ** (27 - n))), 60_000);
    const maudeBy = new Map(typeof maude === 'string' ? [] : maude.map((m) => [m.n, m]));
    const maudeNote = typeof maude === 'string' ? maude : maudeVersion();

    const rows: Row[] = [];
    let prev: { n: number; ms: number } | undefined;
    for (const n of ns) {
      // The work grows like fib(n): skip a size predicted to take more than ~10 s.
      const predicted = prev ? prev.ms * 1.618 ** (n - prev.n) : 0;
      if (predicted > 10_000) {
        rows.push({
          family: 'peano',
          workload: 'peano fib',
          size: n,
          method: 'innermost',
          note: `skipped: ~${(predicted / 1000).toFixed(0)} s predicted`,
        });
        continue;
      }
      ctx.log(`peano fib ${n}`);
      // Check once: the normal form is the numeral fib(n).
      const c = prepare(n, 'zc');
      const check = runStrategy(c.s, c.t, { limits });
      if (check.stop !== 'normal') {
        rows.push({
          family: 'peano',
          workload: 'peano fib',
          size: n,
          method: 'innermost',
          note: `stopped: ${check.message ?? check.stop}`,
        });
        continue;
      }
      const value = numeralValue(check.term, 'zc');
      const steps = check.steps;
      const t = measure((p: { s: unknown; t: Term }) => runStrategy(p.s, p.t, { limits }), {
        setup: (i) => prepare(n, `z${n}_${i}`),
        budgetMs: n >= 26 ? 1500 : 500,
        minSamples: 3,
      });
      const ms = t.ms;
      prev = { n, ms };
      const rate = steps / (ms / 1000);
      const m = maudeBy.get(n);
      const mRate = m && m.cpuMs > 0 ? m.rewrites / (m.cpuMs / 1000) : undefined;
      const mMs = m ? m.cpuMs / m.repeat : undefined;
      rows.push({
        family: 'peano',
        workload: 'peano fib',
        size: n,
        method: 'innermost',
        ms,
        peer: 'Maude',
        ...(mMs !== undefined ? { peerMs: mMs } : { peerNote: maudeNote }),
        ...(mRate !== undefined ? { ratio: rate / mRate } : {}),
        result: `${int(steps)} rw, ${(rate / 1e6).toPrecision(3)} M rw/s`,
        ...(m
          ? {
              peerResult: `${int(m.rewrites / m.repeat)} rw, ${mRate !== undefined ? (mRate / 1e6).toPrecision(3) : '?'} M rw/s`,
            }
          : {}),
        note: [
          value === fib(n) ? `= fib(${n}) ✓` : `WRONG RESULT (${value})`,
          mMs !== undefined ? `time ratio ${(mMs / ms).toPrecision(3)}×` : '',
        ]
          .filter(Boolean)
          .join('; '),
        extra: {
          steps,
          ...(m ? { maudeRewrites: m.rewrites / m.repeat, maudeCpuMs: m.cpuMs / m.repeat } : {}),
        },
      });

      // The same run with the memo off: every built term is rewritten again, as Maude does, so
      // both engines count the same rewrites and the rates compare like with like.
      const plainCheck = runStrategy(c.s, c.t, { limits, memo: false });
      const tp = measure(
        (p: { s: unknown; t: Term }) => runStrategy(p.s, p.t, { limits, memo: false }),
        {
          setup: (i) => prepare(n, `zp${n}_${i}`),
          budgetMs: n >= 26 ? 1500 : 500,
          minSamples: 3,
        },
      );
      const pRate = plainCheck.steps / (tp.ms / 1000);
      rows.push({
        family: 'peano',
        workload: 'peano fib',
        size: n,
        method: 'innermost, memo off',
        ms: tp.ms,
        peer: 'Maude',
        ...(mMs !== undefined ? { peerMs: mMs } : { peerNote: maudeNote }),
        ...(mRate !== undefined ? { ratio: pRate / mRate } : {}),
        result: `${int(plainCheck.steps)} rw, ${(pRate / 1e6).toPrecision(3)} M rw/s`,
        ...(m
          ? {
              peerResult: `${int(m.rewrites / m.repeat)} rw, ${mRate !== undefined ? (mRate / 1e6).toPrecision(3) : '?'} M rw/s`,
            }
          : {}),
        note: [
          plainCheck.term === check.term ? 'same normal form ✓' : 'WRONG RESULT',
          m && plainCheck.steps === m.rewrites / m.repeat ? 'same rewrites as Maude' : '',
          mMs !== undefined ? `time ratio ${(mMs / tp.ms).toPrecision(3)}×` : '',
        ]
          .filter(Boolean)
          .join('; '),
        extra: { steps: plainCheck.steps },
      });
    }
    return rows;
  },
};
