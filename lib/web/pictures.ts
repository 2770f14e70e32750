/**
 * The page's pictures as Graphviz DOT, for an expression and a variable: the expression tree,
 * its DAG, the differentiation graph (a partial on each edge), the computation graph at a point
 * (values on nodes and edges) and the D* view (dominator and post-dominator regions, with the
 * multiplications before and after factoring). Every node carries its subterm as a tooltip, so
 * the SVG shows it on hover. Pure functions of terms: the worker lays them out.
 */
import { BibunError } from '../base/errors.js';
import * as Q from '../base/rational.js';
import { buildGraph, type DiffGraph } from '../diff/graph.js';
import { dominatorTree, postDominatorTree } from '../diff/dominators.js';
import { countOps, symbolicJacobian, type PartialsTable } from '../diff/index.js';
import { evaluate } from '../term/evaluate.js';
import { toInfix } from '../term/print.js';
import { sym, type Sym, type Term } from '../term/term.js';
import { postorder } from '../term/walk.js';

/** The views the page draws. */
export const views = ['tree', 'dag', 'diff', 'values', 'dstar'] as const;
/** One of {@link views}. */
export type View = (typeof views)[number];

/** Trees larger than this many nodes are not drawn (the DAG view draws them shared). */
export const maxTreeNodes = 300;
/** Graphs with more nodes than this are not laid out: Graphviz would take minutes. */
export const maxLayoutNodes = 4000;

/** A picture: DOT text and a note shown above it. */
export interface Picture {
  readonly dot: string;
  readonly note: string;
  readonly nodes: number;
}

/** A size for a note: exact up to 15 digits, then as 4.29e301 (a swollen tree's size). */
export function sizeText(n: bigint | number): string {
  const d = String(n);
  return d.length <= 15 ? d : `${d[0]}.${d.slice(1, 3)}e${d.length - 1}`;
}

const clip = (s: string, n = 160): string => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The subterm as text for a tooltip (short: a tooltip is not a printer). */
function subterm(t: Term): string {
  if (t.treeSize > 2000n) return `(tree size ${sizeText(t.treeSize)}, DAG size ${t.dagSize})`;
  return clip(toInfix(t));
}

function label(t: Term): string {
  switch (t.kind) {
    case 'num':
      return Q.toString(t);
    case 'sym':
      return t.name;
    case 'var':
      return `?${t.name}`;
    case 'app':
      return t.head;
  }
}

const q = (s: string): string => JSON.stringify(s);

function node(id: string, t: Term, extra = ''): string {
  const shape = t.kind === 'app' ? 'ellipse' : 'box';
  return `  ${id} [label=${q(label(t))}, shape=${shape}, tooltip=${q(subterm(t))}${extra}];`;
}

function tooLarge(n: number): void {
  if (n > maxLayoutNodes)
    throw new BibunError(
      'limit',
      `${n} nodes: too many to lay out in the page (at most ${maxLayoutNodes}); :size and :let show the term`,
    );
}

const header = (name: string): string[] => [
  `digraph ${name} {`,
  '  node [fontname="Helvetica", fontsize=12]; edge [fontname="Helvetica", fontsize=10];',
];

/** The expression tree: every occurrence drawn, refused past {@link maxTreeNodes}. */
export function treePicture(t: Term): Picture {
  if (t.treeSize > BigInt(maxTreeNodes))
    throw new BibunError(
      'limit',
      `the tree has ${sizeText(t.treeSize)} nodes (DAG ${t.dagSize}): too many to draw as a tree (at most ${maxTreeNodes}); the DAG view draws each shared node once`,
    );
  const out = header('tree');
  let next = 0;
  const stack: { t: Term; id: string }[] = [{ t, id: `n${next++}` }];
  out.push(node(stack[0].id, t));
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.t.kind !== 'app') continue;
    for (const a of top.t.args) {
      const id = `n${next++}`;
      out.push(node(id, a), `  ${top.id} -> ${id};`);
      stack.push({ t: a, id });
    }
  }
  out.push('}');
  return {
    dot: out.join('\n'),
    note: `tree size ${t.treeSize}, DAG size ${t.dagSize}`,
    nodes: next,
  };
}

/** The DAG: each distinct node once (the same drawing as `:dot`, with tooltips). */
export function dagPicture(t: Term): Picture {
  const order = postorder(t);
  tooLarge(order.length);
  const index = new Map<number, number>();
  order.forEach((n, i) => index.set(n.id, i));
  const out = header('dag');
  for (const n of order) out.push(node(`n${index.get(n.id)}`, n));
  for (const n of order) {
    if (n.kind !== 'app') continue;
    const ordered = !(n.head === '+' || n.head === '*') && n.args.length > 1;
    n.args.forEach((a, i) => {
      const l = ordered ? ` [label="${i + 1}"]` : '';
      out.push(`  n${index.get(n.id)} -> n${index.get(a.id)}${l};`);
    });
  }
  out.push('}');
  return {
    dot: out.join('\n'),
    note: `DAG size ${t.dagSize} (tree size ${sizeText(t.treeSize)}): each shared node drawn once`,
    nodes: order.length,
  };
}

/** The differentiation graph of `f` for `x`, with the live nodes' indices. */
function graphOf(f: Term, x: string, table: PartialsTable): { g: DiffGraph; live: number[] } {
  const g = buildGraph([f], [sym(x) as Sym], table);
  if (g.sources[0] < 0 || g.sinks[0] < 0)
    throw new BibunError('usage', `the expression does not depend on ${x}: its derivative is 0`);
  const live = [...g.terms.keys()].filter((i) => g.alive[i] === 1);
  tooLarge(live.length);
  return { g, live };
}

/** Past this many edges the labels are left off the drawing (hover still shows them). */
export const maxLabelledEdges = 1000;

/**
 * Edges child → parent with one label each (parallel edges kept apart, as the graph has them).
 * Graphviz lays out each edge label as a node of its own and runs out of stack on thousands of
 * them in the browser, so a large graph keeps its labels in the tooltips only.
 */
function edges(
  g: DiffGraph,
  live: number[],
): { list: [number, number, Term][]; labelled: boolean } {
  const list: [number, number, Term][] = [];
  for (const u of live)
    for (const [v, labels] of g.out[u]) for (const l of labels) list.push([u, v, l]);
  return { list, labelled: list.length <= maxLabelledEdges };
}

function edgeLine(u: number, v: number, label: string, tip: string, labelled: boolean): string {
  return `  n${u} -> n${v} [${labelled ? `label=${q(clip(label, 40))}, ` : ''}tooltip=${q(tip)}];`;
}

const unlabelled = (e: { list: unknown[]; labelled: boolean }): string =>
  e.labelled ? '' : ` (edge labels left off above ${maxLabelledEdges} edges: hover an edge)`;

/** The differentiation graph: edges child → parent labelled with ∂parent/∂child. */
export function diffPicture(f: Term, x: string, table: PartialsTable): Picture {
  const { g, live } = graphOf(f, x, table);
  const out = [...header('diff'), '  rankdir=BT;'];
  for (const i of live) out.push(node(`n${i}`, g.terms[i]));
  const e = edges(g, live);
  for (const [u, v, l] of e.list) out.push(edgeLine(u, v, subterm(l), subterm(l), e.labelled));
  out.push('}');
  return {
    dot: out.join('\n'),
    note: `${live.length} nodes, ${e.list.length} edges; d/d${x} is the sum over paths from ${x} to the root of the products of the edge labels${unlabelled(e)}`,
    nodes: live.length,
  };
}

function fmt(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  if (!Number.isFinite(v)) return String(v);
  // Trailing zeros of the mantissa go, never those of an exponent (1.00000e-200 is 1e-200).
  const [mantissa, exponent] = v.toPrecision(6).split('e');
  const m = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  return exponent === undefined ? m : `${m}e${exponent}`;
}

/** The computation graph at a point: values on the nodes, partial values on the edges. */
export function valuesPicture(
  f: Term,
  x: string,
  point: ReadonlyMap<string, number>,
  table: PartialsTable,
): Picture {
  const { g, live } = graphOf(f, x, table);
  const env = Object.fromEntries(point);
  const out = [...header('values'), '  rankdir=BT;'];
  for (const i of live) {
    const t = g.terms[i];
    out.push(
      `  n${i} [label=${q(`${label(t)}\n${fmt(evaluate(t, env))}`)}, shape=${t.kind === 'app' ? 'ellipse' : 'box'}, tooltip=${q(subterm(t))}];`,
    );
  }
  const e = edges(g, live);
  for (const [u, v, l] of e.list) {
    const value = fmt(evaluate(l, env));
    out.push(edgeLine(u, v, value, `${subterm(l)} = ${value}`, e.labelled));
  }
  out.push('}');
  const d = symbolicJacobian([f], [x], { method: 'dstar', table })[0][0];
  const at = [...point].map(([k, v]) => `${k} = ${fmt(v)}`).join(', ');
  return {
    dot: out.join('\n'),
    note: `at ${at}: f = ${fmt(evaluate(f, env))}, d/d${x} = ${fmt(evaluate(d, env))} (the sum over paths of the products of the edge values)${unlabelled(e)}`,
    nodes: live.length,
  };
}

/**
 * The D* view. With one variable and one root, the vertices that dominate the root (every path
 * from x to the root passes them) are exactly those that post-dominate x: they are drawn
 * filled, and they cut the graph into regions, each drawn as a box with its number of paths. The
 * path sum is the product of the regions' path sums, each computed once, which is where
 * factoring saves multiplications (dstar factors inside the regions too, at the dominators of
 * their subgraphs). The note gives the multiplications of the plain path sum (`graph`) and of
 * the factored one (`dstar`).
 */
export function dstarPicture(f: Term, x: string, table: PartialsTable): Picture {
  const { g, live } = graphOf(f, x, table);
  const succ = g.out.map((m, i) => (g.alive[i] === 1 ? [...m.keys()] : []));
  const source = g.sources[0];
  const sink = g.sinks[0];
  const dom = dominatorTree(succ, source);
  const pdom = postDominatorTree(succ, sink);
  // Node indices are topological, so the cut vertices in index order are the order on every path.
  const cuts = live.filter((i) => dom.dominates(i, sink) && pdom.dominates(i, source));
  const out = [...header('dstar'), '  rankdir=BT;'];
  for (const i of cuts) {
    const extra =
      i === source || i === sink ? ', penwidth=2' : ', style=filled, fillcolor="#f6c77a"';
    out.push(node(`n${i}`, g.terms[i], extra));
  }
  // paths[v]: paths from the region's lower cut vertex to v (parallel edges are paths of their own).
  const paths = new Map<number, bigint>();
  const regions: string[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const [lo, hi] = [cuts[k], cuts[k + 1]];
    const inside = live.filter((i) => i > lo && i < hi);
    paths.set(lo, 1n);
    for (const v of [...inside, hi]) {
      let n = 0n;
      for (const [u, labels] of g.inp[v]) n += (paths.get(u) ?? 0n) * BigInt(labels.length);
      paths.set(v, n);
    }
    const count = paths.get(hi)!;
    for (const i of [lo, ...inside]) if (i !== lo) paths.delete(i);
    if (inside.length === 0 && count === 1n) continue;
    regions.push(sizeText(count));
    // Parallel edges alone (x*x) make a region with no vertex inside: counted, not boxed.
    if (inside.length > 0)
      out.push(
        `  subgraph cluster_${k} {`,
        `    label=${q(`${sizeText(count)} path${count === 1n ? '' : 's'}`)}; labeljust=l; style="rounded,filled"; fillcolor="#eef4fb"; color="#9fb8d8"; fontname="Helvetica"; fontsize=10;`,
        ...inside.map((i) => `  ${node(`n${i}`, g.terms[i])}`),
        '  }',
      );
  }
  const e = edges(g, live);
  for (const [u, v, l] of e.list) out.push(edgeLine(u, v, subterm(l), subterm(l), e.labelled));
  out.push('}');
  const plain = countOps(symbolicJacobian([f], [x], { method: 'graph', table })[0][0]);
  const factored = countOps(symbolicJacobian([f], [x], { method: 'dstar', table })[0][0]);
  const inner = cuts.length - 2;
  const regionText =
    regions.length === 0
      ? 'no region between them has more than one path'
      : `regions between them (boxes) with ${regionCounts(regions)} paths, each summed once`;
  return {
    dot: out.join('\n'),
    note: `multiplications: ${plain.mul} by path sums (graph), ${factored.mul} factored (dstar). ${inner} inner ${inner === 1 ? 'vertex' : 'vertices'} every path from ${x} passes (filled: each dominates the root and post-dominates ${x}); ${regionText}${unlabelled(e)}`,
    nodes: live.length,
  };
}

/** `2, 3` for a few regions; `999 × 2, 1 × 3` for many. */
function regionCounts(regions: readonly string[]): string {
  if (regions.length <= 6) return regions.join(', ');
  const by = new Map<string, number>();
  for (const r of regions) by.set(r, (by.get(r) ?? 0) + 1);
  return [...by].map(([paths, n]) => `${n} × ${paths}`).join(', ');
}

/** The picture `view` of `f` (for `x` and `point` where the view needs them). */
export function picture(
  view: View,
  f: Term,
  x: string,
  point: ReadonlyMap<string, number>,
  table: PartialsTable,
): Picture {
  switch (view) {
    case 'tree':
      return treePicture(f);
    case 'dag':
      return dagPicture(f);
    case 'diff':
      return diffPicture(f, x, table);
    case 'values':
      return valuesPicture(f, x, point, table);
    case 'dstar':
      return dstarPicture(f, x, table);
  }
}
