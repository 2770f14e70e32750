/**
 * Compiles terms to plain JavaScript functions with common-subexpression elimination: each
 * distinct node of the DAG is computed once, into its own local, in post-order.
 *
 * Safety: nothing a user writes reaches the generated source. Variables become positional
 * parameters `p0, p1, …` (entries `P[0], P[1], …` of an array in a split program); intermediate
 * values are `t0, t1, …` (or slots `T[0], …` of a scratch array); numbers are read from a constant
 * array `K` and functions from a function array `F`, both passed in by closure, so a symbol named
 * `constructor`, `__proto__` or `x);process.exit(1);(` is only ever a key of a `Map` and never
 * text of the program. The generated source is built from those identifiers, operators and
 * integers only.
 */
import { BibunError } from '../base/errors.js';
import * as Q from '../base/rational.js';
import { constants, headInfo } from '../base/signature.js';
import { isApp, type Term } from './term.js';
import { postorder, postorderAll } from './walk.js';

/** A compiled scalar function: one number per variable, in the order given to compile. */
export type CompiledScalar = (...values: number[]) => number;

/** A compiled vector function (from a list or an array of terms): one result per entry. */
export type CompiledVector = (...values: number[]) => number[];

/** Options of {@link compile}. */
export interface CompileOptions {
  /** Values for symbols that are not variables (parameters fixed at compile time). */
  readonly constants?: ReadonlyMap<string, number>;
  /**
   * A generated body longer than `splitAbove` characters (default {@link defaultSplitAbove}) is
   * split into functions of about `chunkSize` characters (default {@link defaultChunkSize}) that
   * share a scratch array. V8 leaves very large functions unoptimised — a 3,000-node gradient
   * ran at interpreter speed, 10× slower than its function — while small ones tier up quickly;
   * below the threshold one function with locals is faster.
   */
  readonly chunkSize?: number;
  readonly splitAbove?: number;
}

/** Characters of generated source per function when a body is split. */
export const defaultChunkSize = 8_000;

/** Bodies longer than this (in characters) are split. */
export const defaultSplitAbove = 60_000;

/** Operands of one generated `+` or `*` at most (longer ones are folded in steps). */
const maxOperands = 256;

/**
 * Compiles `t` (a term, a `list(...)` term, possibly nested, or an array of terms) over the
 * variables `vars` into a JS function.
 *
 * @throws BibunError `unbound` for a symbol that is neither a variable, a given constant, `pi`
 * nor `e`; `unknown-function` for a function without a numeric implementation; `usage` for a
 * repeated variable name.
 * @example compile(parse('x*y + sin(x)'), ['x', 'y'])(1, 2) // 2.841…
 */
export function compile(t: Term, vars: readonly string[], options?: CompileOptions): CompiledScalar;
export function compile(
  t: readonly Term[],
  vars: readonly string[],
  options?: CompileOptions,
): CompiledVector;
export function compile(
  t: Term | readonly Term[],
  vars: readonly string[],
  options: CompileOptions = {},
): CompiledScalar | CompiledVector {
  const p = program(t, vars, options);
  return new Function('K', 'F', 'S', p.body)(Object.freeze(p.K), Object.freeze(p.F), p.S) as
    | CompiledScalar
    | CompiledVector;
}

/**
 * The JavaScript source that {@link compile} runs for the same arguments: the body of a function
 * of the constant array `K`, the function array `F` and the result rebuilder `S`, returning the
 * compiled function. For inspection and for measuring the generated program.
 */
export function compiledSource(
  t: Term | readonly Term[],
  vars: readonly string[],
  options: CompileOptions = {},
): string {
  return program(t, vars, options).body;
}

/** A generated program and the arrays it reads by closure. */
interface Program {
  readonly body: string;
  readonly K: number[];
  readonly F: ((...a: number[]) => number)[];
  readonly S: (R: number[]) => unknown;
}

function program(
  t: Term | readonly Term[],
  vars: readonly string[],
  options: CompileOptions,
): Program {
  const param = new Map<string, Operand>();
  vars.forEach((v, index) => {
    if (param.has(v)) throw new BibunError('usage', `variable ${v} is listed twice`);
    param.set(v, { kind: 'param', index });
  });
  const K: number[] = [];
  const F: ((...a: number[]) => number)[] = [];
  const fIndex = new Map<string, number>();
  const steps: Step[] = [];
  const operand = new Map<number, Operand>(); // term id → where its value is
  const constant = (x: number): Operand => ({ kind: 'const', index: K.push(x) - 1 });
  const roots: Term[] = Array.isArray(t) ? [...(t as readonly Term[])] : [t as Term];
  // One walk over all roots: the entries of a gradient share most of their nodes.
  for (const n of postorderAll(roots)) operand.set(n.id, emit(n));

  function emit(n: Term): Operand {
    switch (n.kind) {
      case 'num':
        return constant(Q.toNumber(n));
      case 'sym': {
        const p = param.get(n.name);
        if (p !== undefined) return p;
        const c = options.constants?.get(n.name) ?? constants.get(n.name);
        if (c !== undefined) return constant(c);
        throw new BibunError(
          'unbound',
          `no value for symbol ${n.name}: it is not one of the variables`,
        );
      }
      case 'var':
        throw new BibunError('domain', `cannot compile pattern variable ?${n.name}`);
      case 'app': {
        const args = n.args.map((a) => operand.get(a.id)!);
        if (n.head === 'list') return { kind: 'list', items: args };
        if (n.head === '+' || n.head === '*') return fold(n.head, args);
        let step: Step;
        if (n.head === '^' && isIntegerNum(n.args[1], 2n))
          step = { op: 'square', fn: 0, args: [args[0]] };
        else if (n.head === '^' && isIntegerNum(n.args[1], -1n))
          step = { op: 'reciprocal', fn: 0, args: [args[0]] };
        else step = { op: 'call', fn: fn(n.head), args };
        return { kind: 'node', index: steps.push(step) - 1 };
      }
    }
  }

  // A sum or product of many operands is a left fold of steps of at most `maxOperands` each:
  // the same operations in the same order, so the same float, but no step (and so no chunk) is
  // longer than a few thousand characters. One step of 10^4 factors is bytecode V8 never
  // optimises.
  function fold(op: '+' | '*', args: readonly Operand[]): Operand {
    let acc: Operand = {
      kind: 'node',
      index: steps.push({ op, fn: 0, args: args.slice(0, maxOperands) }) - 1,
    };
    for (let i = maxOperands; i < args.length; i += maxOperands - 1) {
      const part: Operand[] = [acc, ...args.slice(i, i + maxOperands - 1)];
      acc = { kind: 'node', index: steps.push({ op, fn: 0, args: part }) - 1 };
    }
    return acc;
  }

  function fn(head: string): number {
    let k = fIndex.get(head);
    if (k === undefined) {
      const info = headInfo(head);
      if (info?.numeric === undefined) {
        if (info?.kind === 'form')
          throw new BibunError('domain', `cannot compile ${head === '==' ? 'an identity' : head}`);
        throw new BibunError('unknown-function', `no numeric value for function ${head}`);
      }
      k = F.length;
      F.push(info.numeric);
      fIndex.set(head, k);
    }
    return k;
  }

  const results = roots.map((r) => operand.get(r.id)!);
  const result: Operand = Array.isArray(t) ? { kind: 'list', items: results } : results[0];
  const show = (o: Operand): string =>
    o.kind === 'node' ? `t${o.index}` : o.kind === 'param' ? `p${o.index}` : shared(o, show);
  const lines = steps.map((s, i) => `const t${i} = ${expression(s, show)};`);
  const chunk = options.chunkSize ?? defaultChunkSize;
  const size = lines.reduce((n, l) => n + l.length + 1, 0);
  if (
    size <= (options.splitAbove ?? (options.chunkSize !== undefined ? chunk : defaultSplitAbove))
  ) {
    const paramList = vars.map((_, i) => `p${i}`).join(', ');
    const body = `"use strict";\nreturn function (${paramList}) {\n${lines.join('\n')}\nreturn ${show(result)};\n};`;
    return { body, K, F, S: (R) => R };
  }
  const { body, shape } = chunkedBody(steps, lines, result, chunk, vars.length);
  return { body, K, F, S: shape };
}

/** Where a value is: a parameter, a number of `K`, a computed node, or a list of operands. */
type Operand =
  | { readonly kind: 'param'; readonly index: number }
  | { readonly kind: 'const'; readonly index: number }
  | { readonly kind: 'node'; readonly index: number }
  | { readonly kind: 'list'; readonly items: readonly Operand[] };

/** One computed node: `fn` is the index in `F` of a `call`'s function. */
interface Step {
  readonly op: '+' | '*' | 'square' | 'reciprocal' | 'call';
  readonly fn: number;
  readonly args: readonly Operand[];
}

/** The text of a step, its operands written by `show`. */
function expression(s: Step, show: (o: Operand) => string): string {
  const a = s.args.map(show);
  switch (s.op) {
    case '+':
      return a.join(' + ');
    case '*':
      return a.join(' * ');
    case 'square':
      return `${a[0]} * ${a[0]}`;
    case 'reciprocal':
      return `1 / ${a[0]}`;
    case 'call':
      return `F[${s.fn}](${a.join(', ')})`;
  }
}

/** The text of a constant or a list operand (the same in both forms of the program). */
function shared(o: Operand, show: (o: Operand) => string): string {
  if (o.kind === 'const') return `K[${o.index}]`;
  if (o.kind === 'list') return `[${o.items.map(show).join(', ')}]`;
  return show(o);
}

/** How the entries of the flat result array `R` nest: an index of `R`, or a list of shapes. */
type Shape = number | readonly Shape[];

/**
 * The same program split into functions `c0, c1, …` of about `chunk` characters each, called in
 * order with the arguments `P` and a fresh result array `R`. The arguments are first copied into
 * the scratch Float64Array `P`: a rest parameter holds boxed numbers, and reading one costs a
 * type check and an unboxing each time (the product gradient at n = 10^4 ran 3× slower reading
 * them). A step whose value is used only in its own chunk stays a local `const tN` (a register
 * of the optimised chunk); one used by a later chunk goes to a slot of the scratch Float64Array
 * `T`. Sharing `P` and `T` between calls is safe: the generated code calls only the numeric
 * functions of the signature table, never back into user code. Every entry of the result is
 * written into `R` by the chunk that computes it, so no function of the program holds the whole
 * result: a gradient's return statement of 10^4 entries is bytecode V8 does not optimise. A
 * result that is not a flat list is rebuilt from `R` by `S` (`shape`'s function). Cost: linear
 * in the program, and only generated identifiers are written, so the program stays made of
 * identifiers, operators and integers.
 */
function chunkedBody(
  steps: readonly Step[],
  lines: readonly string[],
  result: Operand,
  chunk: number,
  arity: number,
): { body: string; shape: (R: number[]) => unknown } {
  // The leaves of the result in order, and where each lands in R.
  const leaves: Operand[] = [];
  const leafShape = (o: Operand): Shape =>
    o.kind === 'list' ? o.items.map(leafShape) : leaves.push(o) - 1;
  const top = leafShape(result);
  const leavesOf = new Map<number, number[]>(); // step → indices of R that are its value
  const early: number[] = []; // indices of R that are parameters or constants
  leaves.forEach((o, i) => {
    if (o.kind !== 'node') early.push(i);
    else if (leavesOf.has(o.index)) leavesOf.get(o.index)!.push(i);
    else leavesOf.set(o.index, [i]);
  });
  // Two orders of the steps, and of the two layouts the one with fewer values through memory.
  const cost = (i: number) => lines[i].length + 1 + (leavesOf.get(i)?.length ?? 0) * 16;
  const inPostorder = layout(
    steps,
    Int32Array.from(steps, (_, i) => i),
    cost,
    chunk,
    early.length,
  );
  const scheduled = layout(steps, schedule(steps), cost, chunk, early.length);
  const { order, ends, slot, slots } =
    scheduled.slots < inPostorder.slots ? scheduled : inPostorder;
  const show = (o: Operand): string =>
    o.kind === 'node'
      ? slot[o.index] >= 0
        ? `T[${slot[o.index]}]`
        : `t${o.index}`
      : o.kind === 'param'
        ? `P[${o.index}]`
        : shared(o, show);
  const parts: string[] = ['"use strict";'];
  const calls: string[] = [];
  let begin = 0;
  for (const end of ends) {
    const body: string[] = [];
    if (calls.length === 0) for (const i of early) body.push(`R[${i}] = ${show(leaves[i])};`);
    for (let k = begin; k < end; k++) {
      const i = order[k];
      const value = slot[i] >= 0 ? `T[${slot[i]}]` : `t${i}`;
      body.push(`${slot[i] >= 0 ? '' : 'const '}${value} = ${expression(steps[i], show)};`);
      for (const r of leavesOf.get(i) ?? []) body.push(`R[${r}] = ${value};`);
    }
    parts.push(`function c${calls.length}(P, R) {\n${body.join('\n')}\n}`);
    calls.push(`c${calls.length}(P, R);`);
    begin = end;
  }
  if (ends.length === 0) {
    parts.push(
      `function c0(P, R) {\n${early.map((i) => `R[${i}] = ${show(leaves[i])};`).join('\n')}\n}`,
    );
    calls.push('c0(P, R);');
  }
  parts.splice(
    1,
    0,
    `const P = new Float64Array(${arity});`,
    `const T = new Float64Array(${slots});`,
  );
  const flat = Array.isArray(top) && top.every((s, i) => s === i);
  const ret = typeof top === 'number' ? 'R[0]' : flat ? 'R' : 'S(R)';
  parts.push(
    `return function (...A) {\nfor (let i = 0; i < ${arity}; i++) P[i] = A[i];\nconst R = new Array(${leaves.length});\n${calls.join('\n')}\nreturn ${ret};\n};`,
  );
  const rebuild = (s: Shape, R: number[]): unknown =>
    typeof s === 'number' ? R[s] : s.map((x) => rebuild(x, R));
  return { body: parts.join('\n'), shape: (R) => rebuild(top, R) };
}

/** Steps in an order, cut into chunks, and the slots of T of the values that cross chunks. */
interface Layout {
  readonly order: Int32Array;
  /** One past the last position (in `order`) of each chunk. */
  readonly ends: readonly number[];
  /** The slot of T of each step, or −1 for a local of its chunk. */
  readonly slot: Int32Array;
  readonly slots: number;
}

/**
 * Chunks of about `chunk` characters (`cost` of a step: its text and its writes to R; the first
 * chunk also writes the `early` entries of R) along `order`, and a slot of T for every step
 * read by another chunk than its own; slots in the order of the steps, so a chunk writes a run
 * of neighbouring slots.
 */
function layout(
  steps: readonly Step[],
  order: Int32Array,
  cost: (step: number) => number,
  chunk: number,
  early: number,
): Layout {
  const chunkOf = new Int32Array(steps.length);
  const ends: number[] = [];
  let chars = early * 16;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    chunkOf[i] = ends.length;
    chars += cost(i);
    if (chars >= chunk || k === order.length - 1) {
      ends.push(k + 1);
      chars = 0;
    }
  }
  const slot = new Int32Array(steps.length).fill(-1);
  steps.forEach((s, i) => {
    for (const a of s.args)
      eachStep(a, (j) => {
        if (chunkOf[j] !== chunkOf[i]) slot[j] = 0;
      });
  });
  let slots = 0;
  for (const i of order) if (slot[i] === 0) slot[i] = slots++;
  return { order, ends, slot, slots };
}

/** Calls `f` with each step `o` reads (the steps in a list operand too). */
function eachStep(o: Operand, f: (step: number) => void): void {
  if (o.kind === 'node') f(o.index);
  else if (o.kind === 'list') for (const item of o.items) eachStep(item, f);
}

/**
 * An order of the steps, each after the steps it reads, in which a value is used soon after it
 * is computed: when a step is done, the steps it makes ready come next (Kahn's algorithm with a
 * stack of ready steps). Post-order, root after root, can compute a long chain long before the
 * steps that read it — the prefix products of a gradient, when the variables' order is not the
 * product's — and every such value then crosses a chunk boundary through memory; computed next
 * to its readers it stays in a register. Linear in the steps and their operands.
 */
function schedule(steps: readonly Step[]): Int32Array {
  const n = steps.length;
  const pending = new Int32Array(n); // operands not yet computed
  const start = new Int32Array(n + 1); // readers of step j: readers[start[j] .. start[j + 1])
  steps.forEach((s, i) => {
    for (const a of s.args)
      eachStep(a, (j) => {
        start[j + 1]++;
        pending[i]++;
      });
  });
  for (let j = 0; j < n; j++) start[j + 1] += start[j];
  const readers = new Int32Array(start[n]);
  const fill = start.slice(0, n);
  steps.forEach((s, i) => {
    for (const a of s.args) eachStep(a, (j) => (readers[fill[j]++] = i));
  });
  const order = new Int32Array(n);
  const ready: number[] = [];
  for (let i = n - 1; i >= 0; i--) if (pending[i] === 0) ready.push(i);
  let k = 0;
  while (ready.length > 0) {
    const i = ready.pop()!;
    order[k++] = i;
    // Of the steps i makes ready, those nobody reads (entries of the result) come first: they
    // end the lives of their operands, where a step with readers starts another.
    for (let r = start[i]; r < start[i + 1]; r++) {
      const u = readers[r];
      if (--pending[u] === 0 && start[u + 1] > start[u]) ready.push(u);
    }
    for (let r = start[i]; r < start[i + 1]; r++) {
      const u = readers[r];
      if (pending[u] === 0 && start[u + 1] === start[u]) {
        pending[u] = -1; // pushed once, although i may be its operand twice
        ready.push(u);
      }
    }
  }
  return order;
}

function isIntegerNum(t: Term, value: bigint): boolean {
  return t.kind === 'num' && t.num === value && t.den === 1n;
}

/** True when `t` can be compiled: no pattern variables, and every function has a numeric implementation. */
export function isCompilable(t: Term): boolean {
  for (const n of postorder(t)) {
    if (n.kind === 'var') return false;
    if (isApp(n) && n.head !== 'list' && headInfo(n.head)?.numeric === undefined) return false;
  }
  return true;
}
