/**
 * Compiles terms to plain JavaScript functions with common-subexpression elimination: each
 * distinct node of the DAG is computed once, into its own local, in post-order.
 *
 * Safety: nothing a user writes reaches the generated source. Variables become positional
 * parameters `p0, p1, …`; intermediate values are `t0, t1, …`; numbers are read from a constant
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
  const params = new Map<string, string>();
  vars.forEach((v, i) => {
    if (params.has(v)) throw new BibunError('usage', `variable ${v} is listed twice`);
    params.set(v, `p${i}`);
  });
  const K: number[] = [];
  const F: ((...a: number[]) => number)[] = [];
  const fIndex = new Map<string, number>();
  const name = new Map<number, string>(); // term id → JS expression (an identifier or K[i])
  const lines: string[] = [];
  const constant = (x: number): string => {
    K.push(x);
    return `K[${K.length - 1}]`;
  };
  const roots: Term[] = Array.isArray(t) ? [...(t as readonly Term[])] : [t as Term];
  // One walk over all roots: the entries of a gradient share most of their nodes.
  for (const n of postorderAll(roots)) name.set(n.id, emit(n));

  function emit(n: Term): string {
    switch (n.kind) {
      case 'num':
        return constant(Q.toNumber(n));
      case 'sym': {
        const p = params.get(n.name);
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
        if (n.head === 'list') return `[${n.args.map((a) => name.get(a.id)).join(', ')}]`;
        const args = n.args.map((a) => name.get(a.id)!);
        let expr: string;
        if (n.head === '+') expr = args.join(' + ');
        else if (n.head === '*') expr = args.join(' * ');
        else if (n.head === '^' && isIntegerNum(n.args[1], 2n)) expr = `${args[0]} * ${args[0]}`;
        else if (n.head === '^' && isIntegerNum(n.args[1], -1n)) expr = `1 / ${args[0]}`;
        else expr = `${fn(n.head)}(${args.join(', ')})`;
        const local = `t${lines.length}`;
        lines.push(`const ${local} = ${expr};`);
        return local;
      }
    }
  }

  function fn(head: string): string {
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
    return `F[${k}]`;
  }

  const results = roots.map((r) => name.get(r.id)!);
  const ret = Array.isArray(t) ? `[${results.join(', ')}]` : results[0];
  const chunk = options.chunkSize ?? defaultChunkSize;
  const size = lines.reduce((n, l) => n + l.length + 1, 0);
  if (
    size <= (options.splitAbove ?? (options.chunkSize !== undefined ? chunk : defaultSplitAbove))
  ) {
    const paramList = vars.map((_, i) => `p${i}`).join(', ');
    const body = `"use strict";\nreturn function (${paramList}) {\n${lines.join('\n')}\nreturn ${ret};\n};`;
    return new Function('K', 'F', body)(Object.freeze(K), Object.freeze(F)) as
      | CompiledScalar
      | CompiledVector;
  }
  return new Function('K', 'F', chunkedBody(lines, ret, chunk))(
    Object.freeze(K),
    Object.freeze(F),
  ) as CompiledScalar | CompiledVector;
}

/**
 * The same program split into functions of about `chunk` characters each. Locals `tN` become slots
 * `T[N]` of one scratch Float64Array (safe to share between calls: the generated code calls
 * only the numeric functions of the signature table, never back into user code); parameters
 * `pN` become `P[N]` of the argument array. Only generated identifiers are rewritten, so the
 * program stays made of identifiers, operators and integers.
 */
function chunkedBody(lines: readonly string[], ret: string, chunk: number): string {
  const slot = (text: string) =>
    text.replace(/\bt(\d+)\b/g, 'T[$1]').replace(/\bp(\d+)\b/g, 'P[$1]');
  const parts: string[] = ['"use strict";', `const T = new Float64Array(${lines.length});`];
  const calls: string[] = [];
  let body: string[] = [];
  let chars = 0;
  const flush = () => {
    if (body.length === 0) return;
    parts.push(`function c${calls.length}(P) {\n${body.join('\n')}\n}`);
    calls.push(`c${calls.length}(P);`);
    body = [];
    chars = 0;
  };
  for (const line of lines) {
    body.push(slot(line).replace(/^const (T\[\d+\]) = /, '$1 = '));
    chars += line.length + 1;
    if (chars >= chunk) flush();
  }
  flush();
  parts.push(`return function (...P) {\n${calls.join('\n')}\nreturn ${slot(ret)};\n};`);
  return parts.join('\n');
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
