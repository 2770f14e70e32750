/**
 * Numeric derivatives: forward- and reverse-mode automatic differentiation and central
 * differences. AD reads the same partials table as the symbolic methods: each table partial is
 * compiled once to a JS function of its parameters and evaluated at the primal values.
 *
 * A {@link Tape} records, for one point, the value of every distinct node and the value of
 * every local partial (the numeric differentiation graph). Forward mode then sweeps it once per
 * input (tangents), reverse mode once per output (adjoints). n-ary sums and products use prefix
 * and suffix accumulations, so a product of n factors costs O(n), not O(n²).
 */
import { compile, type CompiledScalar } from '../term/compile.js';
import { BibunError } from '../base/errors.js';
import { evaluate, type Environment } from '../term/evaluate.js';
import { headInfo, isAC } from '../base/signature.js';
import type { Sym, Term } from '../term/term.js';
import { postorderAll } from '../term/walk.js';
import { defaultPartials, type PartialsTable } from './partials.js';

/** One point's values and local partials. */
export interface Tape {
  /** Distinct nodes, children first. */
  readonly nodes: readonly Term[];
  readonly values: Float64Array;
  /** For each node, the tape indices of its arguments that depend on a variable. */
  readonly args: readonly Int32Array[];
  /** For each node, ∂node/∂arg for the entries of `args`. */
  readonly partials: readonly Float64Array[];
  /** Tape index of each root. */
  readonly roots: readonly number[];
  /** Tape index of each variable, or -1 when no root mentions it. */
  readonly inputs: readonly number[];
}

const compiled = new WeakMap<PartialsTable, Map<string, CompiledScalar[]>>();

/** The compiled partials of `head` (cached per table). */
function partialFns(table: PartialsTable, head: string): CompiledScalar[] {
  let byHead = compiled.get(table);
  if (!byHead) compiled.set(table, (byHead = new Map()));
  let fns = byHead.get(head);
  if (!fns) {
    const e = table.entry(head);
    if (!e)
      throw new BibunError('unknown-function', `no partial derivatives known for function ${head}`);
    const params = e.params.map((p) => p.name);
    fns = e.partials.map((p) => compile(p, params));
    byHead.set(head, fns);
  }
  return fns;
}

/** Records values and local partials of `roots` at `point`. */
export function record(
  roots: readonly Term[],
  vars: readonly Sym[],
  point: Environment,
  table = defaultPartials(),
): Tape {
  const nodes: Term[] = [];
  const index = new Map<number, number>();
  for (const t of postorderAll(roots)) index.set(t.id, nodes.push(t) - 1);
  const isVar = new Set<Term>(vars);
  const n = nodes.length;
  const values = new Float64Array(n);
  const dep = new Uint8Array(n);
  const args: Int32Array[] = new Array(n);
  const partials: Float64Array[] = new Array(n);
  const EMPTY_I = new Int32Array(0);
  const EMPTY_F = new Float64Array(0);
  for (let k = 0; k < n; k++) {
    const t = nodes[k];
    // Values of leaves and of known functions come from the evaluator, one node at a time.
    values[k] =
      t.kind === 'app'
        ? evalApp(
            t.head,
            t.args.map((a) => values[index.get(a.id)!]),
          )
        : evaluate(t, point);
    if (isVar.has(t)) dep[k] = 1;
    args[k] = EMPTY_I;
    partials[k] = EMPTY_F;
    if (t.kind !== 'app') continue;
    const slots: number[] = [];
    t.args.forEach((a, i) => {
      if (dep[index.get(a.id)!]) slots.push(i);
    });
    if (slots.length === 0) continue;
    dep[k] = 1;
    const av = t.args.map((a) => values[index.get(a.id)!]);
    args[k] = Int32Array.from(slots, (i) => index.get(t.args[i].id)!);
    partials[k] = Float64Array.from(localPartials(table, t.head, av, slots));
  }
  return {
    nodes,
    values,
    args,
    partials,
    roots: roots.map((r) => index.get(r.id)!),
    inputs: vars.map((v) => index.get(v.id) ?? -1),
  };
}

function evalApp(head: string, args: number[]): number {
  return numericOf(head)(...args);
}

function numericOf(head: string): (...a: number[]) => number {
  const f = headInfo(head)?.numeric;
  if (!f) throw new BibunError('unknown-function', `no numeric value for function ${head}`);
  return f;
}

/** Values of ∂head/∂arg_i for the requested slots, at argument values `av`. */
function localPartials(
  table: PartialsTable,
  head: string,
  av: readonly number[],
  slots: readonly number[],
): number[] {
  const fns = partialFns(table, head);
  if (!isAC(head)) return slots.map((i) => fns[i](...av));
  // "The others" of slot i, by prefix and suffix accumulation: O(arity) for all slots.
  const m = av.length;
  const op = head === '+' ? (a: number, b: number) => a + b : (a: number, b: number) => a * b;
  const unit = head === '+' ? 0 : 1;
  const prefix = new Float64Array(m + 1);
  const suffix = new Float64Array(m + 1);
  prefix[0] = unit;
  suffix[m] = unit;
  for (let i = 0; i < m; i++) prefix[i + 1] = op(prefix[i], av[i]);
  for (let i = m - 1; i >= 0; i--) suffix[i] = op(av[i], suffix[i + 1]);
  return slots.map((i) => fns[0](av[i], op(prefix[i], suffix[i + 1])));
}

/**
 * Forward mode: `J[r][k] = ∂roots[r]/∂vars[k]` at `point`, one tangent sweep per variable.
 *
 * @example forwardMode([parse('x*y')], [sym('x'), sym('y')], { x: 2, y: 3 }) // [[3, 2]]
 */
export function forwardMode(
  roots: readonly Term[],
  vars: readonly Sym[],
  point: Environment,
  table = defaultPartials(),
): number[][] {
  const tape = record(roots, vars, point, table);
  const J = roots.map(() => vars.map(() => 0));
  const tangent = new Float64Array(tape.nodes.length);
  tape.inputs.forEach((x, k) => {
    if (x < 0) return;
    tangent.fill(0);
    tangent[x] = 1;
    for (let v = x + 1; v < tape.nodes.length; v++) {
      const as = tape.args[v];
      let s = 0;
      for (let j = 0; j < as.length; j++) {
        const t = tangent[as[j]];
        if (t !== 0) s += tape.partials[v][j] * t;
      }
      tangent[v] = s;
    }
    tape.roots.forEach((r, i) => (J[i][k] = tangent[r]));
  });
  return J;
}

/**
 * Reverse mode: `J[r][k]` at `point`, one forward (recording) pass and one adjoint sweep per
 * root — the whole gradient of a scalar function in one sweep.
 */
export function reverseMode(
  roots: readonly Term[],
  vars: readonly Sym[],
  point: Environment,
  table = defaultPartials(),
): number[][] {
  const tape = record(roots, vars, point, table);
  const adj = new Float64Array(tape.nodes.length);
  return tape.roots.map((r) => {
    adj.fill(0);
    adj[r] = 1;
    for (let v = r; v >= 0; v--) {
      const a = adj[v];
      if (a === 0) continue;
      const as = tape.args[v];
      for (let j = 0; j < as.length; j++) adj[as[j]] += a * tape.partials[v][j];
    }
    return tape.inputs.map((x) => (x < 0 ? 0 : adj[x]));
  });
}

/** The step of central differences at x: ∛ε·max(1, |x|), which balances truncation and rounding. */
export function centralStep(x: number): number {
  return Math.cbrt(Number.EPSILON) * Math.max(1, Math.abs(x));
}

/** Central differences (f(x+h) − f(x−h)) / 2h for every root and variable. */
export function centralDifferences(
  roots: readonly Term[],
  vars: readonly Sym[],
  point: Environment,
): number[][] {
  const get = (name: string): number | undefined =>
    typeof (point as { get?: unknown }).get === 'function'
      ? (point as { get(n: string): number | undefined }).get(name)
      : Object.hasOwn(point, name)
        ? (point as Record<string, number>)[name]
        : undefined;
  return roots.map((f) =>
    vars.map((x) => {
      const x0 = get(x.name);
      if (x0 === undefined) throw new BibunError('unbound', `no value for symbol ${x.name}`);
      const h = centralStep(x0);
      const at = (value: number) =>
        evaluate(f, { get: (name: string) => (name === x.name ? value : get(name)) });
      return (at(x0 + h) - at(x0 - h)) / (2 * h);
    }),
  );
}
