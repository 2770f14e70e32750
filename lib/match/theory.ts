/**
 * Matching modulo declared axioms: the argument lists of heads a rule file declared with
 * `op NAME : assoc comm id(VALUE)` (any subset; operators.ts). Unlike the search for `+` and
 * `*` (ac.ts), which trades completeness for speed on the idioms of algebraic rules, this search
 * is complete: it enumerates every substitution σ with σ(pattern) equal to the subject modulo
 * exactly the declared axioms (as Maude does), lazily, so a guard that rejects one match makes
 * it try the next.
 *
 * - `assoc comm` (AC, ACU): each pattern argument takes a sub-multiset of the subject's
 *   (flattened) arguments: a non-variable one element, a variable one or more (two or more as
 *   `f(...)`), a segment variable any number; with an identity, any argument may also take the
 *   identity and use up nothing, and a subject of another head is `f(subject, identity)` —
 *   except for a pattern with a segment variable (bibun's, not Maude's): a segment stands for
 *   the arguments of an application, so such a pattern matches only applications of its head
 *   (`not(or(?a, ?b...))` does not take a lone `not(p)` for `not(or(p, false))`).
 * - `assoc` (A, AU): the same with contiguous runs, in order.
 * - `comm` and/or `id` without `assoc`: binary; the arguments in both orders (C), and with an
 *   identity one argument taking the identity while the other matches the whole subject.
 * - Extension at the top of a rule (as for `+` and `*`): an `assoc comm` pattern may match part of
 *   the subject's arguments, the rest returned in `rest`; an `assoc` one a contiguous run, the
 *   arguments before it in `before` and after it in `rest`.
 *
 * It is the base class of the AC search (ac.ts) and so of the matcher (matcher.ts), which
 * supplies the matching of one pattern against one term and the binding of slots.
 */
import { pollBudget } from '../base/budget.js';
import type { PApp, PNode } from './plan.js';
import type { Binding } from './template.js';
import { type HeadTheory, type Term, theoryApp } from '../term/term.js';

/** The arguments of `s` as a list of the head's theory: flattened, without the identity. */
function elementsOf(head: string, args: readonly Term[], th: HeadTheory): readonly Term[] {
  let ok = true;
  for (const a of args) if (a === th.identity || (a.kind === 'app' && a.head === head)) ok = false;
  if (ok) return args;
  const out: Term[] = [];
  for (const a of args) {
    if (a === th.identity) continue;
    if (th.assoc && a.kind === 'app' && a.head === head) out.push(...elementsOf(head, a.args, th));
    else out.push(a);
  }
  return out;
}

/** The pattern arguments of an AC list in search order: literals, other terms, variables, segments. */
const searchOrder = new WeakMap<PApp, readonly PNode[]>();

function orderOf(p: PApp): readonly PNode[] {
  let o = searchOrder.get(p);
  if (o === undefined) {
    const rank = (q: PNode) => (q.k === 'lit' ? 0 : q.k === 'app' ? 1 : q.k === 'var' ? 2 : 3);
    o = p.args.slice().sort((a, b) => rank(a) - rank(b));
    searchOrder.set(p, o);
  }
  return o;
}

/** A pattern argument whose instances may collapse to several elements of the list. */
function mayCollapse(q: PNode): boolean {
  return q.k === 'app' && q.theory?.identity !== undefined && !q.hasSeg;
}

/** @internal The search modulo declared axioms (see the module comment). */
export abstract class TheorySearch {
  /** Values by slot; undefined for unbound slots. */
  abstract readonly values: (Binding | undefined)[];
  /** Arguments left over by an extended AC match at the top (for `assoc`: those after it). */
  rest: readonly Term[] | undefined = undefined;
  /** For an extended match of an `assoc` (not `comm`) head: the arguments before the part. */
  before: readonly Term[] | undefined = undefined;

  /** Matches `p` against `s`, then `k`; undoes its bindings when that fails. */
  protected abstract m(p: PNode, s: Term, k: () => boolean): boolean;

  /** Binds (or checks a bound) slot, then `k`; undoes the binding when that fails. */
  protected abstract bindThen(slot: number, value: Binding, k: () => boolean): boolean;

  /** Matches the application `p` of a head with declared axioms against `s`, then `k`. */
  protected matchTheory(p: PApp, s: Term, ext: boolean, k: () => boolean): boolean {
    const th = p.theory!;
    const id = th.identity;
    let elems: readonly Term[];
    if (s.kind === 'app' && s.head === p.head) elems = elementsOf(p.head, s.args, th);
    else if (id !== undefined && !p.hasSeg) elems = s === id ? [] : [s];
    else return false;
    if (th.assoc && th.comm) {
      const used = new Uint8Array(elems.length);
      return this.thAC(p, orderOf(p), 0, elems, used, ext, k);
    }
    if (th.assoc && ext) {
      // Extension: every contiguous run of the arguments, the whole list first.
      for (let len = elems.length; len >= 1; len--) {
        for (let start = 0; start + len <= elems.length; start++) {
          this.before = elems.slice(0, start);
          this.rest = elems.slice(start + len);
          if (this.thA(p, 0, elems.slice(start, start + len), 0, k)) return true;
        }
      }
      return false;
    }
    if (th.assoc) return this.thA(p, 0, elems, 0, k);
    return this.thBinary(p, s, k);
  }

  /** A value for a variable of the list: one element, or the head over several. */
  private thValue(p: PApp, picked: readonly Term[]): Term {
    return picked.length === 1 ? picked[0] : theoryApp(p.head, picked, p.theory!);
  }

  /** The elements a bound value stands for in the list of `p` (none for the identity). */
  private thFlat(p: PApp, v: Term): readonly Term[] {
    if (v === p.theory!.identity) return [];
    return v.kind === 'app' && v.head === p.head ? elementsOf(p.head, v.args, p.theory!) : [v];
  }

  private thBinary(p: PApp, s: Term, k: () => boolean): boolean {
    if (p.args.length !== 2) return false;
    const [p1, p2] = p.args;
    const th = p.theory!;
    if (s.kind === 'app' && s.head === p.head && s.args.length === 2) {
      const [a, b] = s.args;
      if (this.m(p1, a, () => this.m(p2, b, k))) return true;
      if (th.comm && a !== b && this.m(p1, b, () => this.m(p2, a, k))) return true;
    }
    const id = th.identity;
    if (id === undefined) return false;
    if (this.m(p1, id, () => this.m(p2, s, k))) return true;
    return s !== id && this.m(p1, s, () => this.m(p2, id, k));
  }

  // ---- assoc comm: sub-multisets ---------------------------------------------------------

  private thAC(
    p: PApp,
    ps: readonly PNode[],
    i: number,
    elems: readonly Term[],
    used: Uint8Array,
    ext: boolean,
    k: () => boolean,
  ): boolean {
    if (i === ps.length) {
      if (ext) {
        const rest: Term[] = [];
        for (let j = 0; j < elems.length; j++) if (!used[j]) rest.push(elems[j]);
        this.rest = rest;
        return k();
      }
      for (let j = 0; j < elems.length; j++) if (!used[j]) return false;
      return k();
    }
    const q = ps[i];
    const next = () => this.thAC(p, ps, i + 1, elems, used, ext, k);
    const id = p.theory!.identity;
    const last = i === ps.length - 1 && !ext;
    if (q.k === 'seg' || q.k === 'var') {
      const cur = this.values[q.slot];
      if (cur !== undefined) {
        const vs = Array.isArray(cur) ? (cur as readonly Term[]) : this.thFlat(p, cur as Term);
        return this.consumeAll(vs, elems, used, next);
      }
      if (last) {
        // The last argument takes exactly what is left.
        const picked: Term[] = [];
        const idx: number[] = [];
        for (let j = 0; j < elems.length; j++) if (!used[j]) picked.push(elems[j]), idx.push(j);
        if (q.k === 'var' && picked.length === 0)
          return id !== undefined && this.bindThen(q.slot, id, next);
        for (const j of idx) used[j] = 1;
        const r = this.bindThen(q.slot, q.k === 'seg' ? picked : this.thValue(p, picked), next);
        for (const j of idx) used[j] = 0;
        return r;
      }
      if (q.k === 'seg')
        return this.thSubsets(elems, used, 0, (s) => this.bindThen(q.slot, s, next));
      if (this.thSubsets(elems, used, 1, (s) => this.bindThen(q.slot, this.thValue(p, s), next)))
        return true;
      return id !== undefined && this.bindThen(q.slot, id, next);
    }
    // A literal or an application takes one element.
    for (let j = 0; j < elems.length; j++) {
      pollBudget();
      if (used[j]) continue;
      if (j > 0 && elems[j - 1] === elems[j] && !used[j - 1]) continue;
      const e = elems[j];
      if (q.k === 'lit' && q.term !== e) continue;
      used[j] = 1;
      const r = this.m(q, e, next);
      used[j] = 0;
      if (r) return true;
    }
    if (
      mayCollapse(q) &&
      this.thSubsets(elems, used, 2, (s) => this.m(q, this.thValue(p, s), next))
    )
      return true;
    return id !== undefined && this.m(q, id, next);
  }

  /**
   * Uses up the elements `vs` among the unused ones, then `k` (undone afterwards). Shared with
   * the AC search, whose bound multiset variables consume their elements the same way.
   */
  protected consumeAll(
    vs: readonly Term[],
    elems: readonly Term[],
    used: Uint8Array,
    k: () => boolean,
  ): boolean {
    pollBudget();
    const taken: number[] = [];
    let ok = true;
    for (const v of vs) {
      let found = -1;
      for (let j = 0; j < elems.length; j++) {
        if (!used[j] && elems[j] === v) {
          found = j;
          break;
        }
      }
      if (found < 0) {
        ok = false;
        break;
      }
      used[found] = 1;
      taken.push(found);
    }
    const r = ok && k();
    for (const j of taken) used[j] = 0;
    return r;
  }

  /**
   * Calls `f` with each sub-multiset (at least `min` elements) of the unused elements, marked
   * used during the call, until it returns true. Equal elements are counted, not chosen, so
   * each sub-multiset comes once when equal elements are adjacent (canonical order).
   */
  private thSubsets(
    elems: readonly Term[],
    used: Uint8Array,
    min: number,
    f: (picked: Term[]) => boolean,
  ): boolean {
    const groups: number[][] = [];
    for (let j = 0; j < elems.length; j++) {
      if (used[j]) continue;
      const g = groups[groups.length - 1];
      if (g !== undefined && elems[g[0]] === elems[j]) g.push(j);
      else groups.push([j]);
    }
    const counts = new Array<number>(groups.length).fill(0);
    const go = (g: number, size: number): boolean => {
      if (g === groups.length) {
        if (size < min) return false;
        pollBudget();
        const picked: Term[] = [];
        const idx: number[] = [];
        for (let h = 0; h < groups.length; h++)
          for (let c = 0; c < counts[h]; c++)
            idx.push(groups[h][c]), picked.push(elems[groups[h][c]]);
        for (const j of idx) used[j] = 1;
        const r = f(picked);
        for (const j of idx) used[j] = 0;
        return r;
      }
      for (let c = 0; c <= groups[g].length; c++) {
        counts[g] = c;
        if (go(g + 1, size + c)) return true;
      }
      counts[g] = 0;
      return false;
    };
    return go(0, 0);
  }

  // ---- assoc: contiguous runs ------------------------------------------------------------

  private thA(p: PApp, i: number, elems: readonly Term[], j: number, k: () => boolean): boolean {
    const ps = p.args;
    if (i === ps.length) return j === elems.length && k();
    const q = ps[i];
    const after = (j2: number) => () => this.thA(p, i + 1, elems, j2, k);
    const id = p.theory!.identity;
    const left = elems.length - j;
    if (q.k === 'seg' || q.k === 'var') {
      const cur = this.values[q.slot];
      if (cur !== undefined) {
        const vs = Array.isArray(cur) ? (cur as readonly Term[]) : this.thFlat(p, cur as Term);
        if (vs.length > left) return false;
        for (let c = 0; c < vs.length; c++) if (elems[j + c] !== vs[c]) return false;
        return after(j + vs.length)();
      }
      if (i === ps.length - 1) {
        if (q.k === 'seg') return this.bindThen(q.slot, elems.slice(j), after(elems.length));
        if (left === 0) return id !== undefined && this.bindThen(q.slot, id, after(j));
        return this.bindThen(q.slot, this.thValue(p, elems.slice(j)), after(elems.length));
      }
      for (let len = q.k === 'seg' ? 0 : 1; len <= left; len++) {
        pollBudget();
        const run = elems.slice(j, j + len);
        if (this.bindThen(q.slot, q.k === 'seg' ? run : this.thValue(p, run), after(j + len)))
          return true;
      }
      return q.k === 'var' && id !== undefined && this.bindThen(q.slot, id, after(j));
    }
    if (left > 0 && this.m(q, elems[j], after(j + 1))) return true;
    if (mayCollapse(q)) {
      for (let len = 2; len <= left; len++) {
        pollBudget();
        if (this.m(q, this.thValue(p, elems.slice(j, j + len)), after(j + len))) return true;
      }
    }
    return id !== undefined && this.m(q, id, after(j));
  }
}
