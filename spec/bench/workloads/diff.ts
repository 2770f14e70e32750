/**
 * The founding experiment (issue 4, part 6): every workload of diffcases.ts at several sizes,
 * per method — build time, result dagSize (and its ratio to the function's), multiplications /
 * additions / calls of the result, the compiled result's evaluation time and its ratio to the
 * compiled function's (∇f-eval / f-eval) — against mathjs.derivative and, on the chains, SymPy.
 *
 * Honesty: every method's result is checked once against reverse-mode AD at the workload's point
 * before it is timed; every timed run differentiates a freshly built instance (new variable
 * names), so nothing is served from a cache; symbolic results are raw (`raw: true`), so the time
 * is differentiation, not simplification. A method that would take too long at a size (the
 * `tree` method past its budget, one sweep per variable over 10^4 variables) says so instead.
 */
import { need } from '../api.js';
import { formatMs, measure, measurePair, NotAvailable, type Row } from '../harness.js';
import { mjDerivative, mjEvaluate, mjParse, mjTreeSize, type MathNode } from '../peers/mathjs.js';
import { runSympy } from '../peers/sympy.js';
import { sym, type Sym, type Term } from '../../../lib/term/term.js';
import { postorderAll } from '../../../lib/term/walk.js';
import {
  close,
  int,
  peerText,
  sizeStr,
  type ChartSpec,
  type Context,
  type Workload,
} from './common.js';
import { diffCases, type DiffCase, type DiffInstance } from './diffcases.js';

type Jacobian = (fs: readonly Term[], vars: readonly string[], o?: object) => Term[][];
type Hessian = (f: Term, vars: readonly string[], o?: object) => Term[][];
type Numeric = (
  roots: readonly Term[],
  vars: readonly Sym[],
  point: Readonly<Record<string, number>>,
) => number[][];
type Compile = (t: readonly Term[], vars: readonly string[]) => (...values: number[]) => number[];
interface OpCounts {
  readonly mul: number;
  readonly add: number;
  readonly call: number;
  readonly pow: number;
  readonly neg: number;
  readonly total: number;
}

interface Api {
  readonly jacobian: Jacobian;
  readonly hessian: Hessian;
  readonly forward: Numeric;
  readonly reverse: Numeric;
  readonly central: Numeric;
  readonly countOps: (t: readonly Term[]) => OpCounts;
  readonly compile: Compile;
}

async function loadApi(): Promise<Api> {
  return {
    jacobian: await need<Jacobian>('diff/index', 'jacobian'),
    hessian: await need<Hessian>('diff/index', 'hessian'),
    forward: await need<Numeric>('diff/index', 'forwardMode'),
    reverse: await need<Numeric>('diff/index', 'reverseMode'),
    central: await need<Numeric>('diff/index', 'centralDifferences'),
    countOps: await need<(t: readonly Term[]) => OpCounts>('diff/index', 'countOps'),
    compile: await need<Compile>('term/compile', 'compile'),
  };
}

/**
 * False while a case's values cannot be compared: the logistic map at 4 is chaotic, so past
 * about 40 steps rounding differences of two evaluation orders grow to order 1 (and the
 * derivative, about 2^n, overflows near n = 1000): different orders give different numbers.
 */
let checking = true;

const SYMBOLIC = ['tree', 'dag', 'graph', 'dstar'] as const;
const NUMERIC = ['forward', 'reverse', 'numeric'] as const;
type Method = (typeof SYMBOLIC)[number] | (typeof NUMERIC)[number];

/** Distinct nodes of several terms together (one walk: the entries of a gradient share). */
export function dagSizeOf(ts: readonly Term[]): number {
  return postorderAll(ts).length;
}

/** Work estimate (node visits) of a method, to skip sizes where it would take minutes. */
function workEstimate(
  method: Method,
  inst: DiffInstance,
  dag: number,
  tree: bigint,
  kind: DiffCase['kind'],
): number {
  const nv = inst.vars.length;
  const nr = inst.roots.length;
  const sq = kind === 'hessian' ? nv : 1; // a Hessian differentiates n gradient entries again
  switch (method) {
    case 'tree':
      return Number(tree < 10n ** 12n ? tree : 10n ** 12n) * nv * sq;
    case 'dag':
    case 'forward':
      return dag * nv * sq;
    case 'numeric':
      return dag * nv * 2 * sq;
    default:
      return dag * Math.min(nv, nr) * sq;
  }
}

const MAX_WORK = 3e6;
const MAX_PREDICTED_MS = 5000;
const TREE_BUDGET = 1_000_000;

/** Values of a Jacobian (rows of numbers) flattened. */
const flat = (J: readonly (readonly number[])[]) => J.flat();

function agree(a: readonly number[], b: readonly number[]): boolean {
  if (!checking) return true;
  return a.length === b.length && a.every((x, i) => close(x, b[i], 1e-6));
}

export const DIFF_FAMILIES: Readonly<Record<string, ChartSpec>> = {
  'diff-founding': { title: 'founding examples', xLabel: 'variables' },
  'diff-chain-sincos': { title: 'chain f(k+1) = sin(f(k))·cos(f(k))', xLabel: 'k' },
  'diff-chain-sinpcos': { title: 'chain f(k+1) = sin(f(k)) + cos(f(k))', xLabel: 'k' },
  'diff-logistic': { title: 'logistic map, n steps', xLabel: 'n' },
  'diff-alternating': { title: 'alternating cos/sin chain', xLabel: 'depth' },
  'diff-rosenbrock': { title: 'Rosenbrock gradient', xLabel: 'n (variables)' },
  'diff-rosenbrock-hessian': { title: 'Rosenbrock Hessian', xLabel: 'n (variables)' },
  'diff-product': { title: 'gradient of x1·x2·…·xn', xLabel: 'n (variables)' },
  'diff-harmonics': { title: 'spherical harmonics Jacobian (all l ≤ L)', xLabel: 'L' },
  'diff-harmonics-fd': {
    title: "FastDifferentiation's spherical harmonics Jacobian (n² functions)",
    xLabel: 'order n',
  },
  'diff-tanh': {
    title: '2-layer tanh network gradient',
    xLabel: 'hidden units h (h²+2h+1 weights)',
  },
};

/**
 * Figures other systems publish for the same workload, shown beside bibun's row as text: they
 * were not measured here (other machines, other languages), so no ratio is computed from them.
 */
const PUBLISHED: Readonly<Record<string, string>> = {
  'diff-harmonics-fd/25':
    'published, not measured here: FastDifferentiation.jl about 0.1 s, Symbolics.jl 92 s for this Jacobian; FastDifferentiation reports Jacobian ops 2.2–2.4× f on this family',
};

/** SymPy's diff on the chains, measured once per k in one process per chain, under a timeout. */
function sympyChains(
  ctx: Context,
  families: readonly string[],
): Map<string, { ms?: number; size?: number; note?: string }> {
  const out = new Map<string, { ms?: number; size?: number; note?: string }>();
  const ks = ctx.quick ? [10] : [10, 12, 14];
  for (const [family, kind] of [
    ['diff-chain-sincos', 'sincos'],
    ['diff-chain-sinpcos', 'sinpcos'],
  ] as const) {
    if (!families.includes(family)) continue;
    ctx.log(`SymPy diff chain ${kind} k=${ks.join(',')}`);
    const r = runSympy<{ k: number; ms: number; size: number }>(
      { op: 'diffchain', kind, ks },
      ctx.quick ? 20_000 : 45_000,
    );
    for (const k of ks) {
      const hit = r.results.find((x) => x.k === k);
      out.set(
        `${family}/${k}`,
        hit ? { ms: hit.ms, size: hit.size } : { note: r.error ?? 'no result' },
      );
    }
  }
  return out;
}

interface CaseContext {
  /** Measured times per family/method (size order), to skip a size predicted to take too long. */
  readonly last: Map<string, Array<{ size: number; ms: number }>>;
  readonly api: Api;
  readonly ctx: Context;
  readonly sympy: Map<string, { ms?: number; size?: number; note?: string }>;
}

/** The exact Jacobian (or Hessian) by a symbolic method, entries flattened row by row. */
function symbolic(
  api: Api,
  c: DiffCase,
  inst: DiffInstance,
  method: (typeof SYMBOLIC)[number],
): Term[] {
  const o = { method, raw: true, treeBudget: TREE_BUDGET };
  if (c.kind === 'hessian') return api.hessian(inst.roots[0], inst.vars, o).flat();
  return api.jacobian(inst.roots, inst.vars, o).flat();
}

/**
 * Calls a compiled function. The call site is made megamorphic up front, so V8 never inlines a
 * compiled function into the timing loop: inlined, escape analysis drops the unused entries of
 * the returned array and the loop times a fraction of the work (seen: a 108-entry Jacobian
 * "evaluating" in 86 ns that really takes 1.2 µs).
 */
const invoke: (fn: (...values: number[]) => unknown, values: number[]) => unknown = (fn, values) =>
  fn(...values);
for (let i = 0; i < 8; i++) {
  const dummy = new Function('a', `return a + ${i};`) as (...values: number[]) => unknown;
  for (let j = 0; j < 100; j++) invoke(dummy, [j]);
}

/** Evaluation times of compiled f and of a compiled derivative, measured in alternation. */
function evalTimes(
  f: (...values: number[]) => unknown,
  g: (...values: number[]) => unknown,
  values: number[],
): { fMs: number; gMs: number; ratio: number } {
  let sink = 0;
  const use = (r: unknown) => (sink += Array.isArray(r) ? (r[0] as number) : (r as number));
  const t = measurePair(
    () => use(invoke(f, values)),
    () => use(invoke(g, values)),
    150,
  );
  if (sink === 42.4242) process.stderr.write(''); // keeps the results alive
  return { fMs: t.aMs, gMs: t.bMs, ratio: t.ratio };
}

function record(cc: CaseContext, c: DiffCase, method: string, ms: number): void {
  const key = `${c.family}/${method}`;
  if (!cc.last.has(key)) cc.last.set(key, []);
  cc.last.get(key)!.push({ size: c.size, ms });
}

async function runCase(cc: CaseContext, c: DiffCase): Promise<Row[]> {
  const { api, ctx } = cc;
  const rows: Row[] = [];
  const inst = c.make('check');
  checking = !(c.family === 'diff-logistic' && c.size > 40);
  const fDag = dagSizeOf(inst.roots);
  const fTree = inst.roots.reduce((s, r) => s + r.treeSize, 0n);
  const values = inst.vars.map((name) => inst.point[name]);
  const xs = inst.vars.map((name) => sym(name));
  const fOps = api.countOps(inst.roots);

  // Reference values: reverse-mode AD (for a Hessian: reverse mode over dstar's gradient).
  let reference: number[];
  if (c.kind === 'hessian') {
    const g = api.jacobian(inst.roots, inst.vars, { method: 'dstar', raw: true })[0];
    reference = flat(api.reverse(g, xs, inst.point));
  } else reference = flat(api.reverse(inst.roots, xs, inst.point));

  const fCompiled = api.compile(inst.roots, inst.vars);
  const fEval = evalTimes(fCompiled, fCompiled, values).fMs;
  const base = { family: c.family, workload: c.workload, size: c.size };

  // Peers.
  let peer: string | undefined;
  let peerMs: number | undefined;
  let peerResult: string | undefined;
  let peerNote: string | undefined;
  const others: string[] = [];
  const sp = cc.sympy.get(`${c.family}/${c.size}`);
  if (sp !== undefined) {
    peer = 'SymPy';
    if (sp.ms !== undefined) {
      peerMs = sp.ms;
      peerResult = `tree ${sizeStr(sp.size ?? 0)}`;
    } else peerNote = sp.note;
  }
  let mj: ReturnType<typeof mathjsDerivative>;
  try {
    mj = mathjsDerivative(c, inst, fTree, reference);
  } catch (e) {
    mj = { note: `mathjs failed: ${(e as Error).message.split('\n')[0].slice(0, 60)}` };
  }
  if (mj !== undefined) {
    if (peer === undefined) {
      peer = 'mathjs';
      if (mj.ms !== undefined) {
        peerMs = mj.ms;
        peerResult = mj.result;
      } else peerNote = mj.note;
    } else if (mj.ms !== undefined) others.push(`mathjs ${mj.ms.toPrecision(3)} ms`);
  }
  const peerCells =
    peer === undefined
      ? {}
      : {
          peer,
          ...(peerMs !== undefined ? { peerMs } : { peerNote }),
          ...(peerResult ? { peerResult } : {}),
        };

  for (const method of [...SYMBOLIC, ...NUMERIC]) {
    if (c.kind === 'hessian' && (NUMERIC as readonly string[]).includes(method)) continue;
    if (method === 'numeric' && inst.vars.length > 16) continue;
    const work = workEstimate(method, inst, fDag, fTree, c.kind);
    if (work > MAX_WORK || (method === 'tree' && fTree > BigInt(TREE_BUDGET))) {
      rows.push({
        ...base,
        method,
        note: `skipped: about ${sizeStr(Math.round(work))} node visits`,
      });
      continue;
    }
    // Every method is at least linear in the size: skip a size whose predicted run is too long.
    // The growth exponent comes from the last two sizes (at least 1).
    const hist = cc.last.get(`${c.family}/${method}`) ?? [];
    const prev = hist[hist.length - 1];
    const before = hist[hist.length - 2];
    const exponent =
      prev && before && prev.ms > 0 && before.ms > 0
        ? Math.max(1, Math.log(prev.ms / before.ms) / Math.log(prev.size / before.size))
        : 1;
    const predicted = prev ? prev.ms * (c.size / prev.size) ** exponent : 0;
    if (predicted > MAX_PREDICTED_MS) {
      rows.push({
        ...base,
        method,
        note: `skipped: ~${(predicted / 1000).toFixed(0)} s predicted (size ${prev!.size}: ${formatMs(prev!.ms)}, growth ~n^${exponent.toFixed(1)})`,
      });
      continue;
    }
    ctx.log(`${c.workload} ${c.size} ${method}`);
    try {
      if ((SYMBOLIC as readonly string[]).includes(method)) {
        const m = method as (typeof SYMBOLIC)[number];
        const entries = symbolic(api, c, inst, m);
        const gCompiled = api.compile(entries, inst.vars);
        const ok = agree(gCompiled(...values), reference);
        const build = measure((i: DiffInstance) => symbolic(api, c, i, m), {
          setup: (i) => c.make(`r${i}`),
          budgetMs: 150,
          warmupMs: 50,
          maxSamples: 9,
        });
        const ev = evalTimes(fCompiled, gCompiled, values);
        const gEval = ev.gMs;
        record(cc, c, method, build.ms);
        const dag = dagSizeOf(entries);
        const ops = api.countOps(entries);
        rows.push({
          ...base,
          method: m,
          ms: build.ms,
          ...peerCells,
          ...(peerMs !== undefined ? { ratio: peerMs / build.ms } : {}),
          result: `dag ${int(dag)} (${(dag / fDag).toFixed(2)}×f) ${ops.mul}m ${ops.add}a ${ops.call}c (ops ${fOps.total > 0 ? (ops.total / fOps.total).toFixed(2) : '–'}×f)`,
          note: [
            `eval ${ev.ratio.toFixed(2)}×f`,
            m === 'dstar' ? (PUBLISHED[`${c.family}/${c.size}`] ?? '') : '',
            ok ? '' : 'VALUES DIFFER from reverse mode',
            checking ? '' : 'chaotic: values not compared',
            ...others,
          ]
            .filter(Boolean)
            .join('; '),
          extra: {
            fDag,
            fMul: fOps.mul,
            resultDag: dag,
            mul: ops.mul,
            add: ops.add,
            call: ops.call,
            pow: ops.pow,
            fEvalMs: ev.fMs,
            gradEvalMs: gEval,
            evalRatio: ev.ratio,
            correct: ok,
            ...(mj?.ms !== undefined ? { mathjsMs: mj.ms } : {}),
          },
        });
      } else {
        const fn =
          method === 'forward' ? api.forward : method === 'reverse' ? api.reverse : api.central;
        const got = flat(fn(inst.roots, xs, inst.point));
        const ok =
          method === 'numeric'
            ? got.every((x, i) => close(x, reference[i], 1e-4))
            : agree(got, reference);
        const t = measure(
          (i: DiffInstance) =>
            fn(
              i.roots,
              i.vars.map((n) => sym(n)),
              i.point,
            ),
          { setup: (i) => c.make(`r${i}`), budgetMs: 150, warmupMs: 50, maxSamples: 9 },
        );
        record(cc, c, method, t.ms);
        rows.push({
          ...base,
          method,
          ms: t.ms,
          ...peerCells,
          ...(peerMs !== undefined ? { ratio: peerMs / t.ms } : {}),
          result: 'values at a point',
          note: [
            `one Jacobian = ${(t.ms / fEval).toPrecision(3)}× compiled f eval`,
            ok ? '' : 'VALUES DIFFER from reverse mode',
          ]
            .filter(Boolean)
            .join('; '),
          extra: { fEvalMs: fEval, correct: ok },
        });
      }
    } catch (e) {
      const msg = (e as Error).message.split('\n')[0];
      rows.push({ ...base, method, note: `failed: ${msg.slice(0, 100)}` });
    }
  }
  // The function itself, for scale: its size, operations and compiled evaluation time.
  rows.unshift({
    ...base,
    method: 'f itself',
    result: `dag ${int(fDag)}, tree ${sizeStr(fTree)} ${fOps.mul}m ${fOps.add}a ${fOps.call}c`,
    note: `compiled f eval ${fEval < 1e-3 ? `${(fEval * 1e6).toPrecision(3)} ns` : `${(fEval * 1e3).toPrecision(3)} µs`}${c.kind !== 'derivative' ? `; ${inst.vars.length} vars, ${inst.roots.length} outputs` : ''}`,
  });
  return rows;
}

/** mathjs.derivative of every output by every variable (the tree printed for it), or why not. */
function mathjsDerivative(
  c: DiffCase,
  inst: DiffInstance,
  fTree: bigint,
  reference: readonly number[],
): { ms?: number; result?: string; note?: string } | undefined {
  if (c.kind === 'hessian') return undefined;
  const calls = inst.roots.length * inst.vars.length;
  if (fTree > 100_000n || Number(fTree) * calls > 2_000_000)
    return { note: `skipped: tree ${sizeStr(fTree)} × ${calls} derivatives` };
  const texts = inst.roots.map((r) => peerText(r));
  const nodes = texts.map(mjParse);
  let out: MathNode[] = [];
  const run = (ns: MathNode[]) => {
    out = [];
    for (const n of ns) for (const v of inst.vars) out.push(mjDerivative(n, v));
    return out;
  };
  run(nodes);
  // Check once: mathjs's derivative at the point (its evaluator recurses; a deep tree may not evaluate).
  let ok: boolean | undefined;
  try {
    ok = agree(
      out.map((n) => mjEvaluate(n, inst.point)),
      reference,
    );
  } catch {
    ok = undefined;
  }
  const t = measure(run, {
    setup: () => nodes,
    budgetMs: 150,
    warmupMs: 0,
    minSamples: 1,
    maxSamples: 7,
    noWarmup: true,
  });
  const size = out.reduce((s, n) => s + mjTreeSize(n), 0);
  return {
    ms: t.ms,
    result: `tree ${sizeStr(size)}${ok === false ? ' WRONG' : ok === undefined ? ' (unchecked)' : ''}`,
  };
}

/** One workload per family, so `--only diff-chain-sincos` runs one; `diff` runs them all. */
function familyWorkload(family: string, spec: ChartSpec): Workload {
  return {
    name: family,
    description: `differentiation: ${spec.title}`,
    charts: { [family]: spec },
    run: (ctx) => runFamilies(ctx, [family]),
  };
}

async function runFamilies(ctx: Context, families: readonly string[]): Promise<Row[]> {
  const api = await loadApi().catch((e: unknown) => {
    throw e instanceof NotAvailable ? e : new NotAvailable(String(e));
  });
  const sympy = sympyChains(ctx, families);
  const last = new Map<string, Array<{ size: number; ms: number }>>();
  const rows: Row[] = [];
  for (const c of diffCases(ctx.quick)) {
    if (!families.includes(c.family)) continue;
    rows.push(...(await runCase({ api, ctx, sympy, last }, c)));
  }
  return rows;
}

/** The differentiation workloads, one per family (charts are per family too). */
export const diffWorkloads: Workload[] = Object.entries(DIFF_FAMILIES).map(([f, s]) =>
  familyWorkload(f, s),
);
