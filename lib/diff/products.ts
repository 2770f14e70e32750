/**
 * Jacobian–vector, vector–Jacobian and Hessian–vector products as terms, without the dense
 * Jacobian: `jvp` pushes one tangent per node forward (d(n) = Σᵢ ∂n/∂aᵢ · d(aᵢ), seeded with
 * d(xₖ) = vₖ: this is J·v = d/dt f(x + t·v) at t = 0), `vjp` pulls one adjoint per node back
 * (seeded with wᵣ at output r), and `hvp` is the jvp of the gradient. Each is one sweep over
 * the DAG, where J·v through `jacobian` costs one column per variable.
 */
import { BibunError } from '../base/errors.js';
import { pollBudget } from '../base/budget.js';
import { add, ONE, ZERO, type Sym, type Term } from '../term/term.js';
import { force, sumOfProducts, type Lazy } from './lazy.js';
import type { PartialsTable } from './partials.js';

/**
 * The nodes reachable from `roots` through the differentiation graph's inputs
 * ({@link PartialsTable.inputs}), each after all its inputs. Iterative: chains run 10⁴ deep.
 */
export function inputOrder(roots: readonly Term[], table: PartialsTable): Term[] {
  const out: Term[] = [];
  const seen = new Set<number>();
  for (const r of roots) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const stack: [Term, number][] = [[r, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [t, i] = top;
      const ins = t.kind === 'app' ? table.inputs(t) : [];
      if (i < ins.length) {
        top[1] = i + 1;
        const c = ins[i];
        if (!seen.has(c.id)) {
          seen.add(c.id);
          stack.push([c, 0]);
        }
      } else {
        stack.pop();
        out.push(t);
      }
    }
  }
  return out;
}

/** J·v: for each root, Σₖ ∂root/∂xₖ · vₖ, by one forward sweep. */
export function jvpTerms(
  roots: readonly Term[],
  xs: readonly Sym[],
  v: readonly Term[],
  table: PartialsTable,
  head = 'jvp',
): Term[] {
  lengthCheck(head, 'v', v.length, xs.length, 'variables');
  const seed = new Map<number, Term>();
  xs.forEach((x, k) => seed.set(x.id, add(seed.get(x.id) ?? ZERO, v[k])));
  // Tangents are lazy products (lazy.ts): along a chain of one-input nodes a product of labels
  // grows without being rebuilt at every level, which with mul was quadratic in the depth.
  const d = new Map<number, Lazy>();
  for (const t of inputOrder(roots, table)) {
    pollBudget();
    const s = seed.get(t.id);
    if (s !== undefined) d.set(t.id, s);
    else if (t.kind !== 'app') d.set(t.id, ZERO);
    else {
      const pairs: [Term, Lazy][] = [];
      table.inputs(t).forEach((a, i) => {
        const da = d.get(a.id)!;
        if (da !== ZERO) pairs.push([table.inputPartial(t, i), da]);
      });
      d.set(t.id, sumOfProducts(pairs));
    }
  }
  return roots.map((r) => force(d.get(r.id)!));
}

/** wᵀJ: for each variable, Σᵣ wᵣ · ∂rootᵣ/∂xₖ, by one reverse sweep. */
export function vjpTerms(
  roots: readonly Term[],
  xs: readonly Sym[],
  w: readonly Term[],
  table: PartialsTable,
): Term[] {
  lengthCheck('vjp', 'w', w.length, roots.length, 'outputs');
  // Adjoints are sums of (label, lazy adjoint) pairs, as the tangents of jvp are.
  const adj = new Map<number, [Term, Lazy][]>();
  const push = (t: Term, label: Term, c: Lazy) => {
    if (c === ZERO || label === ZERO) return;
    const a = adj.get(t.id);
    if (a === undefined) adj.set(t.id, [[label, c]]);
    else a.push([label, c]);
  };
  roots.forEach((r, i) => push(r, ONE, w[i]));
  const order = inputOrder(roots, table);
  const xIds = new Set(xs.map((x) => x.id));
  const total = new Map<number, Lazy>();
  for (let k = order.length - 1; k >= 0; k--) {
    pollBudget();
    const t = order[k];
    const parts = adj.get(t.id);
    if (parts === undefined) continue;
    const a = sumOfProducts(parts);
    adj.delete(t.id);
    if (xIds.has(t.id)) total.set(t.id, a);
    // A variable is a leaf; an application passes its adjoint to its inputs.
    if (t.kind !== 'app' || a === ZERO) continue;
    table.inputs(t).forEach((c, i) => push(c, table.inputPartial(t, i), a));
  }
  return xs.map((x) => force(total.get(x.id) ?? ZERO));
}

function lengthCheck(head: string, name: string, got: number, want: number, what: string): void {
  if (got !== want)
    throw new BibunError(
      'usage',
      `${head}: ${name} has ${got} components; expected ${want} (one per ${what.replace(/s$/, '')})`,
    );
}
