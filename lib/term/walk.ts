/**
 * DAG walks. Every walk here visits each distinct node once (cost ∝ dagSize, not treeSize) and
 * uses an explicit stack, so terms 10^5 levels deep are fine.
 */
import { app, type App, children, isApp, type Term } from './term.js';

/**
 * The distinct nodes of `root` in post-order: every node after all of its arguments, the root
 * last.
 */
export function postorder(root: Term): Term[] {
  return postorderAll([root]);
}

/**
 * The distinct nodes of all `roots` in post-order, each once although several roots share it:
 * the nodes of `roots[0]` as {@link postorder} gives them, then those of `roots[1]` not seen
 * yet, and so on. One walk for all, so its cost is the DAG size of the whole list (a root-by-root
 * walk costs the sum of the roots' DAG sizes: n² for a gradient of n prefix·suffix products).
 */
export function postorderAll(roots: readonly Term[]): Term[] {
  const out: Term[] = [];
  const done = new Set<number>();
  // Stack of [node, next child index].
  const nodes: Term[] = [];
  const index: number[] = [];
  for (const root of roots) {
    if (done.has(root.id)) continue;
    done.add(root.id);
    nodes.push(root);
    index.push(0);
    while (nodes.length > 0) {
      const top = nodes.length - 1;
      const t = nodes[top];
      const cs = children(t);
      const i = index[top];
      if (i < cs.length) {
        index[top] = i + 1;
        const c = cs[i];
        if (!done.has(c.id)) {
          done.add(c.id);
          nodes.push(c);
          index.push(0);
        }
      } else {
        nodes.pop();
        index.pop();
        out.push(t);
      }
    }
  }
  return out;
}

/**
 * Rebuilds a term bottom-up: `f(node, newArgs)` is called once per distinct node, after its
 * arguments, with the already-rebuilt arguments. Returning `node` itself keeps it. Sharing is
 * preserved: a node used twice is rebuilt once.
 */
export function mapBottomUp(root: Term, f: (node: Term, args: readonly Term[]) => Term): Term {
  const memo = new Map<number, Term>();
  for (const t of postorder(root)) {
    let args: readonly Term[] = [];
    if (t.kind === 'app') {
      let changed = false;
      const next = t.args.map((a) => {
        const r = memo.get(a.id)!;
        if (r !== a) changed = true;
        return r;
      });
      args = changed ? next : t.args;
    }
    memo.set(t.id, f(t, args));
  }
  return memo.get(root.id)!;
}

/** Rebuilds `t` with new arguments (through the canonical constructors); `t` if unchanged. */
export function withArgs(t: Term, args: readonly Term[]): Term {
  if (t.kind !== 'app') return t;
  if (args === t.args) return t;
  let same = args.length === t.args.length;
  for (let i = 0; same && i < args.length; i++) same = args[i] === t.args[i];
  return same ? t : app(t.head, args);
}

/**
 * Replaces subterms: every node found in `replacements` is swapped for its image (the image is
 * not searched again). Sharing is preserved.
 */
export function substitute(root: Term, replacements: ReadonlyMap<Term, Term>): Term {
  if (replacements.size === 0) return root;
  return mapBottomUp(root, (t, args) => replacements.get(t) ?? withArgs(t, args));
}

/** The names of the symbols in `t`, except the constants `pi` and `e`, in first-seen order. */
export function freeSymbols(t: Term): string[] {
  if (t.isConstant) return [];
  const names: string[] = [];
  for (const n of postorder(t)) {
    if (n.kind === 'sym' && n.name !== 'pi' && n.name !== 'e') names.push(n.name);
  }
  return names;
}

/** True when `sub` occurs in `t`. */
export function occurs(sub: Term, t: Term): boolean {
  if (sub === t) return true;
  if (t.kind !== 'app' || sub.height >= t.height) return false;
  for (const n of postorder(t)) if (n === sub) return true;
  return false;
}

/**
 * For every distinct node of `root`, how many argument slots of distinct nodes point at it (the
 * root gets 0). A node with a count above 1 is shared.
 */
export function useCounts(root: Term): Map<number, number> {
  const counts = new Map<number, number>();
  for (const t of postorder(root)) {
    if (!counts.has(t.id)) counts.set(t.id, 0);
    for (const c of children(t)) counts.set(c.id, (counts.get(c.id) ?? 0) + 1);
  }
  return counts;
}

/**
 * The flat canonical form of a term: every sum or product kept as one node inside another
 * (term.ts `acKeep`: let-form names, prefix and suffix products of derivatives) is merged into
 * its parent, as `add` and `mul` build terms. Simplify and rewriting with rules start from it,
 * so matching modulo AC sees every argument. On an iterated map this can be quadratically
 * larger than its input: the copies are what the kept nodes avoided.
 */
export function flatten(root: Term): Term {
  if (!hasKept(root)) return root;
  const order = postorder(root);
  // A sum or product used exactly once, as an argument of its own head, is merged into that
  // parent and never built by itself: a chain of 10^4 nested suffix products becomes one
  // product of 10^4 factors, not 10^4 products of 1, 2, ..., 10^4 factors. One used more than
  // once is built once (flat) and merged by `app` into each parent that has its head.
  const uses = new Map<number, number>();
  const inOwnHead = new Set<number>();
  for (const t of order)
    if (t.kind === 'app')
      for (const a of t.args) {
        uses.set(a.id, (uses.get(a.id) ?? 0) + 1);
        if (isSumOrProduct(a) && a.head === t.head) inOwnHead.add(a.id);
      }
  const merged = (a: Term): boolean => a !== root && uses.get(a.id) === 1 && inOwnHead.has(a.id);
  const memo = new Map<number, Term>();
  for (const t of order) {
    if (merged(t)) continue;
    if (t.kind !== 'app') {
      memo.set(t.id, t);
      continue;
    }
    const args: Term[] = [];
    const stack: Term[] = [...t.args].reverse();
    while (stack.length > 0) {
      const a = stack.pop()!;
      if (merged(a)) {
        const inner = (a as App).args;
        for (let i = inner.length - 1; i >= 0; i--) stack.push(inner[i]);
      } else args.push(memo.get(a.id)!);
    }
    // Same-head arguments left (built by themselves) are merged by app, as add and mul do.
    memo.set(
      t.id,
      isSumOrProduct(t) && args.some((a) => isApp(a, t.head))
        ? app(t.head, args)
        : withArgs(t, args),
    );
  }
  return memo.get(root.id)!;
}

/** A sum or a product (the heads `flatten` merges). */
function isSumOrProduct(t: Term): t is App {
  return t.kind === 'app' && (t.head === '+' || t.head === '*');
}

/** True when some sum or product of `root` has an argument with its own head. */
export function hasKept(root: Term): boolean {
  for (const t of postorder(root))
    if (isSumOrProduct(t)) for (const a of t.args) if (isApp(a, t.head)) return true;
  return false;
}
