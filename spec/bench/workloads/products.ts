/**
 * Jacobian–vector, vector–Jacobian and Hessian–vector products (lib/diff/products.ts) against
 * the dense route through the same library: `jacobian` then J·v (or wᵀJ), `hessian` then H·v,
 * summed with the canonical constructors as a user would. Both sides take the direction as
 * symbols (v₁, …), so both results are functions of the point and the direction, and both are
 * compiled with the same `compile`. Per case: build time of each route (the ratio is
 * dense / product, > 1: the product is faster to build), result dagSize of each, and the
 * compiled evaluation times measured in alternation (dense / product).
 *
 * Honesty: the two results are compared at one point and direction before anything is timed;
 * every timed build differentiates a fresh instance (new variable names); results are raw.
 */
import { need } from '../api.js';
import { measure, measurePair, NotAvailable, type Row } from '../harness.js';
import { add, mul, sym, type Term } from '../../../lib/term/term.js';
import { close, int, type Context, type Workload } from './common.js';
import { dagSizeOf } from './diff.js';
import {
  alternatingCosSin,
  fdSphericalHarmonics,
  rosenbrock,
  sphericalHarmonics,
  tanhNetwork,
  type DiffInstance,
} from './diffcases.js';

type Vec = (fs: readonly Term[], vars: readonly string[], v: readonly Term[], o?: object) => Term[];
type Hvp = (f: Term, vars: readonly string[], v: readonly Term[], o?: object) => Term[];
type Jacobian = (fs: readonly Term[], vars: readonly string[], o?: object) => Term[][];
type Hessian = (f: Term, vars: readonly string[], o?: object) => Term[][];
type Compile = (t: readonly Term[], vars: readonly string[]) => (...values: number[]) => number[];

interface Api {
  readonly jvp: Vec;
  readonly vjp: Vec;
  readonly hvp: Hvp;
  readonly jacobian: Jacobian;
  readonly hessian: Hessian;
  readonly compile: Compile;
}

type Kind = 'jvp' | 'vjp' | 'hvp';

interface ProductCase {
  readonly workload: string;
  readonly size: number;
  readonly kind: Kind;
  readonly make: (tag: string) => DiffInstance;
}

function cases(quick: boolean): ProductCase[] {
  const out: ProductCase[] = [];
  const both = (workload: string, size: number, make: (tag: string) => DiffInstance) => {
    out.push({ workload, size, kind: 'jvp', make }, { workload, size, kind: 'vjp', make });
  };
  both('spherical harmonics', quick ? 5 : 10, sphericalHarmonics(quick ? 5 : 10));
  both(
    'spherical harmonics (FastDifferentiation)',
    quick ? 5 : 15,
    fdSphericalHarmonics(quick ? 5 : 15),
  );
  for (const n of quick ? [1000] : [1000, 10000])
    both('alternating cos/sin', n, alternatingCosSin(n));
  for (const n of quick ? [10] : [10, 30, 100])
    out.push({ workload: 'rosenbrock', size: n, kind: 'hvp', make: rosenbrock(n) });
  for (const h of quick ? [4] : [4, 8])
    out.push({ workload: 'tanh network', size: h, kind: 'hvp', make: tanhNetwork(h) });
  return out;
}

/** The direction symbols of a case: one per variable (jvp, hvp) or per output (vjp). */
function direction(c: ProductCase, inst: DiffInstance, tag: string): Term[] {
  const n = c.kind === 'vjp' ? inst.roots.length : inst.vars.length;
  return Array.from({ length: n }, (_, k) => sym(`v${k}_${tag}`));
}

/** The product route: one sweep along the direction. */
function product(api: Api, c: ProductCase, inst: DiffInstance, v: readonly Term[]): Term[] {
  const o = { raw: true };
  if (c.kind === 'hvp') return api.hvp(inst.roots[0], inst.vars, v, o);
  return (c.kind === 'jvp' ? api.jvp : api.vjp)(inst.roots, inst.vars, v, o);
}

/** The dense route: the whole Jacobian (Hessian), then the matrix times the direction. */
function dense(api: Api, c: ProductCase, inst: DiffInstance, v: readonly Term[]): Term[] {
  const o = { raw: true };
  if (c.kind === 'hvp') {
    const H = api.hessian(inst.roots[0], inst.vars, o);
    return H.map((row) => add(...row.map((h, k) => mul(h, v[k]))));
  }
  const J = api.jacobian(inst.roots, inst.vars, o);
  if (c.kind === 'jvp') return J.map((row) => add(...row.map((j, k) => mul(j, v[k]))));
  return inst.vars.map((_, k) => add(...J.map((row, r) => mul(row[k], v[r]))));
}

const invoke: (fn: (...values: number[]) => unknown, values: number[]) => unknown = (fn, values) =>
  fn(...values);

function runCase(api: Api, c: ProductCase): Row {
  const inst = c.make('check');
  const v = direction(c, inst, 'check');
  const names = [...inst.vars, ...v.map((t) => (t.kind === 'sym' ? t.name : ''))];
  const values = [...inst.vars.map((n) => inst.point[n]), ...v.map((_, k) => Math.sin(k + 1))];
  const p = product(api, c, inst, v);
  const d = dense(api, c, inst, v);
  const pf = api.compile(p, names);
  const df = api.compile(d, names);
  const pv = pf(...values);
  const dv = df(...values);
  const ok = pv.length === dv.length && pv.every((x, i) => close(x, dv[i], 1e-7));
  const opts = {
    setup: (i: number) => {
      const fresh = c.make(`r${i}`);
      return { inst: fresh, v: direction(c, fresh, `r${i}`) };
    },
    budgetMs: 300,
    warmupMs: 50,
    maxSamples: 9,
  };
  const tp = measure((x: { inst: DiffInstance; v: Term[] }) => product(api, c, x.inst, x.v), opts);
  const td = measure((x: { inst: DiffInstance; v: Term[] }) => dense(api, c, x.inst, x.v), opts);
  let sink = 0;
  const ev = measurePair(
    () => (sink += (invoke(pf, values) as number[])[0]),
    () => (sink += (invoke(df, values) as number[])[0]),
    300,
  );
  if (sink === 42.4242) process.stderr.write('');
  const pd = dagSizeOf(p);
  const dd = dagSizeOf(d);
  const route =
    c.kind === 'jvp' ? 'jacobian, J·v' : c.kind === 'vjp' ? 'jacobian, wᵀJ' : 'hessian, H·v';
  return {
    family: 'diff-products',
    workload: `${c.kind} ${c.workload}`,
    size: c.size,
    method: c.kind,
    ms: tp.ms,
    peer: `dense (${route})`,
    peerMs: td.ms,
    ratio: td.ms / tp.ms,
    result: `dag ${int(pd)}`,
    peerResult: `dag ${int(dd)}`,
    note: [
      `dag ${(pd / dd).toFixed(2)}× dense`,
      `compiled eval: dense / ${c.kind} = ${(ev.bMs / ev.aMs).toFixed(2)}×`,
      `${inst.vars.length} vars, ${inst.roots.length} outputs`,
      ok ? '' : 'VALUES DIFFER from the dense route',
    ]
      .filter(Boolean)
      .join('; '),
    extra: {
      productDag: pd,
      denseDag: dd,
      productEvalMs: ev.aMs,
      denseEvalMs: ev.bMs,
      correct: ok,
    },
  };
}

export const productsWorkload: Workload = {
  name: 'diff-products',
  description:
    'jvp, vjp, hvp against the dense jacobian/hessian route (build, size, compiled eval)',
  charts: {},
  async run(ctx: Context): Promise<Row[]> {
    const api: Api = await (async () => ({
      jvp: await need<Vec>('diff/index', 'jvp'),
      vjp: await need<Vec>('diff/index', 'vjp'),
      hvp: await need<Hvp>('diff/index', 'hvp'),
      jacobian: await need<Jacobian>('diff/index', 'jacobian'),
      hessian: await need<Hessian>('diff/index', 'hessian'),
      compile: await need<Compile>('term/compile', 'compile'),
    }))().catch((e: unknown) => {
      throw e instanceof NotAvailable ? e : new NotAvailable(String(e));
    });
    const rows: Row[] = [];
    for (const c of cases(ctx.quick)) {
      ctx.log(`${c.kind} ${c.workload} ${c.size}`);
      try {
        rows.push(runCase(api, c));
      } catch (e) {
        rows.push({
          family: 'diff-products',
          workload: `${c.kind} ${c.workload}`,
          size: c.size,
          method: c.kind,
          note: `failed: ${(e as Error).message.split('\n')[0].slice(0, 100)}`,
        });
      }
    }
    return rows;
  },
};
