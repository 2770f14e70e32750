/**
 * Printers: infix and LaTeX (in infix.ts), let-form (shared subterms bound once), Graphviz DOT
 * (each DAG node drawn once) and JSON (the DAG as a node list), and {@link format}, which picks
 * one by name.
 */
import * as Q from '../base/rational.js';
import { maxPrintTreeSize, Printer, toInfix, toLatex } from './infix.js';
import { toPretty } from './pretty.js';
import { setTermPrinter, type Term } from './term.js';
import { postorder, useCounts } from './walk.js';

export { maxPrintTreeSize, toInfix, toLatex } from './infix.js';

/** Largest tree size that error messages print a term of. */
const shownTreeSize = 1000n;

/** Text of a term for error messages, cut to one line (a large term is described by its sizes). */
export function shown(t: Term): string {
  if (t.treeSize > shownTreeSize)
    return `a term of tree size ${t.treeSize} (DAG size ${t.dagSize})`;
  const s = toInfix(t, shownTreeSize);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

// `String(term)` is the term's infix text, or its let-form when that would be too large.
setTermPrinter((t) => (!t.treeSizeAbove(maxPrintTreeSize) ? toInfix(t) : toLet(t)));

/** The output formats of the CLI and of `bibun batch`. */
export type Format = 'text' | 'latex' | 'let' | 'dot' | 'json' | 'pretty';

/**
 * Deepest nesting of applications in one binding of let-form. The reader follows 1,000 levels of
 * brackets and operators (the Ohm grammar 100), and one application adds at most three (a bracket,
 * a sign, a `^`), so a binding of this depth always reads back.
 */
export const letMaxDepth = 30;

/**
 * Let-form: every compound subterm used more than once is bound once (`t1 = sin(x); t1*cos(t1)`),
 * and so is every node that would otherwise make a binding nest deeper than {@link letMaxDepth}
 * applications, and every sum or product kept as one node inside another (term.ts `acKeep`), so
 * the output parses back to the same term at any depth. Bindings are separated
 * by `; ` when the whole fits in 100 characters, by newlines otherwise.
 */
export function toLet(t: Term): string {
  const counts = useCounts(t);
  const order = postorder(t);
  // A sum inside a sum or a product inside a product is a node kept on purpose (term.ts
  // acKeep); the readers keep exactly the let-bound ones, so each is bound to a name.
  const kept = new Set<number>();
  for (const n of order)
    if (n.kind === 'app' && (n.head === '+' || n.head === '*'))
      for (const a of n.args) if (a.kind === 'app' && a.head === n.head) kept.add(a.id);
  const taken = new Set<string>();
  for (const n of order) if (n.kind === 'sym') taken.add(n.name);
  const names = new Map<number, string>();
  const printer = new Printer({ latex: false, names });
  // Nesting of a node's text within its binding: 1 for a leaf or a bound name.
  const depth = new Map<number, number>();
  const lines: string[] = [];
  let k = 0;
  // Post-order: every node is rendered after its arguments, which are names where bound.
  for (const n of order) {
    let d = 1;
    if (n.kind === 'app') for (const a of n.args) d = Math.max(d, (depth.get(a.id) ?? 1) + 1);
    const bind =
      n.kind === 'app' && ((counts.get(n.id) ?? 0) >= 2 || d >= letMaxDepth || kept.has(n.id));
    if (n === t || !bind) {
      depth.set(n.id, d);
      continue;
    }
    let name: string;
    do name = `t${++k}`;
    while (taken.has(name));
    // Printed before it is named: a binding's own node is written out, its arguments by name.
    lines.push(`${name} = ${printer.text(n)}`);
    names.set(n.id, name);
    depth.set(n.id, 1);
  }
  lines.push(printer.text(t));
  const oneLine = lines.join('; ');
  return oneLine.length <= 100 ? oneLine : lines.join('\n');
}

/** Graphviz DOT of the DAG: one node per distinct subterm, edges to arguments in order. */
export function toDot(t: Term): string {
  const order = postorder(t);
  const index = new Map<number, number>();
  order.forEach((n, i) => index.set(n.id, i));
  const out = ['digraph term {', '  node [fontname="Helvetica"];'];
  for (const n of order) {
    const label =
      n.kind === 'num'
        ? Q.toString(n)
        : n.kind === 'sym'
          ? n.name
          : n.kind === 'var'
            ? `?${n.name}${n.segment ? '...' : ''}`
            : n.head;
    const shape = n.kind === 'app' ? 'ellipse' : 'box';
    out.push(`  n${index.get(n.id)} [label=${JSON.stringify(label)}, shape=${shape}];`);
  }
  for (const n of order) {
    if (n.kind !== 'app') continue;
    const ordered = !(n.head === '+' || n.head === '*');
    n.args.forEach((a, i) => {
      const label = ordered && n.args.length > 1 ? ` [label="${i + 1}"]` : '';
      out.push(`  n${index.get(n.id)} -> n${index.get(a.id)}${label};`);
    });
  }
  out.push('}');
  return out.join('\n');
}

/** One node of {@link toJSON}'s output; `args` are indices into `nodes`. */
export type JsonNode =
  | { readonly type: 'num'; readonly value: string }
  | { readonly type: 'sym'; readonly name: string }
  | { readonly type: 'var'; readonly name: string; readonly segment: boolean }
  | { readonly type: 'app'; readonly head: string; readonly args: readonly number[] };

/**
 * The DAG as JSON: `{ root, nodes }`, nodes in post-order (arguments before their users), each
 * shared node listed once. Numbers are exact strings (`"-1/3"`).
 */
export function toJSON(t: Term): { root: number; nodes: JsonNode[] } {
  const order = postorder(t);
  const index = new Map<number, number>();
  const nodes: JsonNode[] = order.map((n, i) => {
    index.set(n.id, i);
    switch (n.kind) {
      case 'num':
        return { type: 'num', value: Q.toString(n) };
      case 'sym':
        return { type: 'sym', name: n.name };
      case 'var':
        return { type: 'var', name: n.name, segment: n.segment };
      case 'app':
        return { type: 'app', head: n.head, args: n.args.map((a) => index.get(a.id)!) };
    }
  });
  return { root: index.get(t.id)!, nodes };
}

/**
 * Formats a term in one of the output formats (JSON as a compact string; `pretty` is the
 * two-dimensional picture of pretty.ts for 80 columns, or text where it does not fit).
 */
export function format(t: Term, f: Format, budget: bigint = maxPrintTreeSize): string {
  switch (f) {
    case 'text':
      return toInfix(t, budget);
    case 'latex':
      return toLatex(t, budget);
    case 'let':
      return toLet(t);
    case 'dot':
      return toDot(t);
    case 'json':
      return JSON.stringify(toJSON(t));
    case 'pretty':
      return t.treeSizeAbove(budget) ? toLet(t) : toPretty(t);
  }
}
