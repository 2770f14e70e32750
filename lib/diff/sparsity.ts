/**
 * Sparsity patterns of a Jacobian or a Hessian without differentiating: dependency sets are
 * propagated once through the DAG (children first, each shared node once). For the Jacobian, an
 * output's row is the set of variables it depends on. For the Hessian, a node carries the set
 * of variable pairs that interact nonlinearly in it: a sum passes its arguments' pairs up, a
 * product adds every pair across two different factors, and any other head (a power, sin, a
 * user's function) adds every pair of the variables below it. The patterns are supersets of
 * the nonzero entries (an entry that cancels stays in), never missing one.
 */
import { pollBudget } from '../base/budget.js';
import { BibunError } from '../base/errors.js';
import { call, isApp, list, num, ONE, ZERO, type Sym, type Term } from '../term/term.js';
import { postorder, postorderAll } from '../term/walk.js';

/** The structurally nonzero entries of a rows × cols matrix, 0-based, row-major, no duplicates. */
export interface SparsityPattern {
  readonly rows: number;
  readonly cols: number;
  readonly entries: readonly (readonly [number, number])[];
}

function dependencies(roots: readonly Term[], xs: readonly Sym[]): Map<number, Set<number>> {
  const index = new Map<number, number>();
  xs.forEach((x, k) => {
    if (index.has(x.id)) throw new BibunError('usage', `sparsity: ${x.name} is listed twice`);
    index.set(x.id, k);
  });
  const deps = new Map<number, Set<number>>();
  for (const t of postorderAll(roots)) {
    pollBudget();
    if (deps.has(t.id)) continue;
    const s = new Set<number>();
    const k = index.get(t.id);
    if (k !== undefined) s.add(k);
    if (t.kind === 'app') for (const a of t.args) for (const j of deps.get(a.id)!) s.add(j);
    deps.set(t.id, s);
  }
  return deps;
}

function checkFlat(roots: readonly Term[]): void {
  for (const f of roots)
    if (isApp(f, 'list'))
      throw new BibunError('usage', 'sparsity takes a flat list of outputs, not nested lists');
}

/** The pattern of the Jacobian ∂roots[r]/∂xs[k]: (r, k) when roots[r] depends on xs[k]. */
export function jacobianSparsity(roots: readonly Term[], xs: readonly Sym[]): SparsityPattern {
  checkFlat(roots);
  const deps = dependencies(roots, xs);
  const entries: [number, number][] = [];
  roots.forEach((r, i) => {
    for (const k of [...deps.get(r.id)!].sort((a, b) => a - b)) entries.push([i, k]);
  });
  return { rows: roots.length, cols: xs.length, entries };
}

/** The pattern of the Hessian ∂²f/∂xᵢ∂xⱼ (symmetric): the pairs that interact nonlinearly. */
export function hessianSparsity(f: Term, xs: readonly Sym[]): SparsityPattern {
  checkFlat([f]);
  const deps = dependencies([f], xs);
  const n = xs.length;
  const pairs = new Map<number, Set<number>>();
  const cross = (s: Set<number>, a: Iterable<number>, b: Iterable<number>) => {
    const bs = [...b];
    for (const i of a) for (const j of bs) s.add(Math.min(i, j) * n + Math.max(i, j));
  };
  for (const t of postorder(f)) {
    pollBudget();
    if (pairs.has(t.id)) continue;
    const s = new Set<number>();
    if (t.kind === 'app') {
      for (const a of t.args) for (const p of pairs.get(a.id)!) s.add(p);
      if (t.head === '*') {
        const seen = new Set<number>();
        for (const a of t.args) {
          const d = deps.get(a.id)!;
          cross(s, seen, d);
          for (const j of d) seen.add(j);
        }
      } else if (t.head !== '+') {
        const d = deps.get(t.id)!;
        cross(s, d, d);
      }
    }
    pairs.set(t.id, s);
  }
  const entries: [number, number][] = [];
  for (const p of pairs.get(f.id)!) {
    const [i, j] = [Math.floor(p / n), p % n];
    entries.push([i, j]);
    if (i !== j) entries.push([j, i]);
  }
  entries.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { rows: n, cols: n, entries };
}

/** Patterns up to this many entries (rows × cols) print as a 0/1 matrix. */
export const denseLimit = 400;

/**
 * A pattern as a term: the 0/1 matrix `[[1, 0], [1, 1]]` up to {@link denseLimit} entries,
 * past that `sparse(rows, cols, [[r, c], ...])` with 1-based (row, column) pairs, so a big
 * pattern costs its nonzeros and never its zeros.
 */
export function patternTerm(p: SparsityPattern): Term {
  if (p.rows * p.cols <= denseLimit) {
    const m = Array.from({ length: p.rows }, () => new Array<Term>(p.cols).fill(ZERO));
    for (const [i, j] of p.entries) m[i][j] = ONE;
    return list(...m.map((row) => list(...row)));
  }
  return call(
    'sparse',
    num(p.rows),
    num(p.cols),
    list(...p.entries.map(([i, j]) => list(num(i + 1), num(j + 1)))),
  );
}
