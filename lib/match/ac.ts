/**
 * The AC search: matching an argument list of `+` or `*` modulo associativity and
 * commutativity (semantics in pattern.ts). Fixed (non-variable) pattern arguments first, each
 * taking one subject argument; then the variables, bound ones first (they use up what their
 * value holds), the last unbound one absorbing what is left; then segment variables; then,
 * for an extended match at the top, the rest.
 *
 * It is the base class of the matcher (matcher.ts), which supplies the matching of one pattern
 * against one term and the binding of slots. Every attempt polls the budget of the computation
 * in progress (`pollBudget`), so a pathological pattern ends with the run's time budget.
 */
import { pollBudget } from '../base/budget.js';
import type { PApp, PNode } from './plan.js';
import { TheorySearch } from './theory.js';
import { app, type Term } from '../term/term.js';

/** AC argument lists at least this long are indexed (shorter ones are scanned). */
export const INDEX_MIN = 16;

/** Positions in an argument list of each term that is an argument there or an argument of one. */
type ArgIndex = Map<number, number[]>;

function indexArgs(sargs: readonly Term[]): ArgIndex {
  const index: ArgIndex = new Map();
  const add = (id: number, j: number) => {
    const at = index.get(id);
    if (at === undefined) index.set(id, [j]);
    else if (at[at.length - 1] !== j) at.push(j);
  };
  for (let j = 0; j < sargs.length; j++) {
    const s = sargs[j];
    add(s.id, j);
    if (s.kind === 'app') for (const a of s.args) add(a.id, j);
  }
  pollBudget();
  return index;
}

const NONE: readonly number[] = Object.freeze([]);

/**
 * What the search knows of a long argument list during one match. The index is built only once
 * plain scans of the list have cost twice its length: a match that finds what it needs right
 * away (`x + x + ...`) never pays for it, and one that scans and scans pays at most double.
 */
interface ListState {
  scanned: number;
  index: ArgIndex | undefined;
}

/** @internal The AC part of the backtracking matcher (matcher.ts extends it). */
export abstract class ACSearch extends TheorySearch {
  /** The long argument lists of the current match (dropped when the matcher resets). */
  protected readonly lists = new Map<readonly Term[], ListState>();

  /** AC matching (see the module comment). */
  protected matchAC(p: PApp, s: Term, ext: boolean, k: () => boolean): boolean {
    let sargs: readonly Term[];
    if (s.kind === 'app' && s.head === p.head) sargs = s.args;
    else if (p.mayVanish) sargs = [s];
    else return false;
    if (!ext && !p.hasSeg && !p.mayVanish) {
      // Each fixed argument takes one subject argument; variables take at least one between them.
      const need = p.fixed.length + (p.vars.length > 0 ? 1 : 0);
      if (need > sargs.length || (p.vars.length === 0 && need !== sargs.length)) return false;
    }
    const used = new Uint8Array(sargs.length);
    return this.acFixed(p, 0, sargs, used, ext, k);
  }

  private acFixed(
    p: PApp,
    i: number,
    sargs: readonly Term[],
    used: Uint8Array,
    ext: boolean,
    k: () => boolean,
  ): boolean {
    if (i === p.fixed.length) return this.acVar(p, 0, sargs, used, ext, k);
    const q = p.fixed[i];
    const list = sargs.length >= INDEX_MIN ? this.listState(sargs) : undefined;
    const only = list !== undefined ? this.candidates(q, list) : undefined;
    const scanning = list !== undefined && only === undefined;
    const n = only === undefined ? sargs.length : only.length;
    for (let c = 0; c < n; c++) {
      const j = only === undefined ? c : only[c];
      pollBudget();
      if (scanning) list.scanned++;
      if (used[j]) continue;
      const sj = sargs[j];
      // Equal arguments are adjacent (canonical order); trying the first unused one is enough.
      if (j > 0 && sargs[j - 1] === sj && !used[j - 1]) continue;
      if (q.k === 'lit') {
        if (q.term !== sj) continue;
      } else if (
        q.k === 'app' &&
        !q.mayVanish &&
        q.headSlot === undefined &&
        (sj.kind !== 'app' || sj.head !== q.head)
      )
        continue;
      used[j] = 1;
      if (this.m(q, sj, () => this.acFixed(p, i + 1, sargs, used, ext, k))) return true;
      used[j] = 0;
    }
    return false;
  }

  private listState(sargs: readonly Term[]): ListState {
    let st = this.lists.get(sargs);
    if (st === undefined) this.lists.set(sargs, (st = { scanned: 0, index: undefined }));
    if (st.index === undefined && st.scanned >= 2 * sargs.length) st.index = indexArgs(sargs);
    return st;
  }

  /**
   * The positions (ascending) of the arguments `q` may match, from the list's index, or
   * undefined when there is no index yet or `q` names no term a match needs (then every
   * argument is a candidate).
   */
  private candidates(q: PNode, list: ListState): readonly number[] | undefined {
    const index = list.index;
    if (index === undefined) return undefined;
    let best: readonly number[] | undefined;
    this.anchors(q, (t) => {
      const at = index.get(t.id) ?? NONE;
      if (best === undefined || at.length < best.length) best = at;
      return at.length <= 1;
    });
    return best;
  }

  /**
   * Offers `visit` terms that every subject argument `q` matches (under the current bindings)
   * is, or has as an argument, until it returns true:
   * - a literal is the argument itself;
   * - an AC pattern's literal arguments, and the elements of its bound variables' values, are
   *   arguments of the subject, or the subject itself when the pattern vanishes to one argument;
   * - an ordinary pattern's literal and bound-variable arguments are the subject's arguments,
   *   but of `?b^?n` with `?n` optional only the base counts (the subject may be the base).
   */
  private anchors(q: PNode, visit: (t: Term) => boolean): void {
    if (q.k === 'lit') {
      visit(q.term);
      return;
    }
    // Under declared axioms an argument need not stand where it is written: no anchors.
    if (q.k !== 'app' || q.theory !== undefined) return;
    if (q.ac) {
      for (const f of q.fixed) if (f.k === 'lit' && visit(f.term)) return;
      for (const v of q.vars) {
        const b = this.values[v.slot] as Term | undefined;
        if (b === undefined || (v.identity !== undefined && b === v.identity)) continue;
        const elems = b.kind === 'app' && b.head === q.head ? b.args : [b];
        for (const e of elems) if (visit(e)) return;
      }
      return;
    }
    const args = q.mayVanish ? q.args.slice(0, 1) : q.args;
    for (const a of args) {
      if (a.k === 'lit') {
        if (visit(a.term)) return;
      } else if (a.k === 'var') {
        const b = this.values[a.slot];
        if (b !== undefined && visit(b as Term)) return;
      }
    }
  }

  /**
   * Variables of an AC list, one per call: bound ones first (they use up fixed arguments), then
   * the unbound ones in order; `done` is the bit set of occurrences handled so far.
   */
  private acVar(
    p: PApp,
    done: number,
    sargs: readonly Term[],
    used: Uint8Array,
    ext: boolean,
    k: () => boolean,
  ): boolean {
    const vars = p.vars;
    let pick = -1;
    for (let w = 0; w < vars.length; w++) {
      if (done & (1 << w)) continue;
      if (this.values[vars[w].slot] !== undefined) {
        pick = w;
        break;
      }
      if (pick < 0) pick = w;
    }
    if (pick < 0) return this.acSeg(p, 0, sargs, used, ext, k);
    const q = vars[pick];
    const cur = this.values[q.slot];
    const nextDone = done | (1 << pick);
    const next = () => this.acVar(p, nextDone, sargs, used, ext, k);
    if (cur !== undefined) return this.consume(p, cur as Term, q.identity, sargs, used, next);
    if (!ext && p.segs.length === 0 && !q.multi && this.lastUnbound(p, nextDone, q.slot)) {
      // The absorber: everything not yet used.
      const rest: Term[] = [];
      const idx: number[] = [];
      for (let j = 0; j < sargs.length; j++) if (!used[j]) rest.push(sargs[j]), idx.push(j);
      if (rest.length === 0)
        return q.identity !== undefined && this.bindThen(q.slot, q.identity, next);
      const value = rest.length === 1 ? rest[0] : app(p.head, rest);
      for (const j of idx) used[j] = 1;
      if (this.bindThen(q.slot, value, next)) return true;
      for (const j of idx) used[j] = 0;
      return false;
    }
    for (let j = 0; j < sargs.length; j++) {
      if (used[j]) continue;
      if (j > 0 && sargs[j - 1] === sargs[j] && !used[j - 1]) continue;
      // Each candidate may cost a scan of the list (a segment beside it): poll per candidate.
      pollBudget();
      used[j] = 1;
      if (this.bindThen(q.slot, sargs[j], next)) return true;
      used[j] = 0;
    }
    return q.identity !== undefined && this.bindThen(q.slot, q.identity, next);
  }

  /** No occurrence not yet handled belongs to another, still unbound, variable. */
  private lastUnbound(p: PApp, done: number, slot: number): boolean {
    for (let w = 0; w < p.vars.length; w++) {
      if (done & (1 << w)) continue;
      const o = p.vars[w].slot;
      if (o !== slot && this.values[o] === undefined) return false;
    }
    return true;
  }

  /** A bound variable in an AC list uses up its value's arguments (or nothing, if the identity). */
  private consume(
    p: PApp,
    value: Term,
    identity: Term | undefined,
    sargs: readonly Term[],
    used: Uint8Array,
    k: () => boolean,
  ): boolean {
    if (identity !== undefined && value === identity) return k();
    const elems = value.kind === 'app' && value.head === p.head ? value.args : [value];
    return this.consumeAll(elems, sargs, used, k);
  }

  private acSeg(
    p: PApp,
    i: number,
    sargs: readonly Term[],
    used: Uint8Array,
    ext: boolean,
    k: () => boolean,
  ): boolean {
    if (i === p.segs.length) return this.acEnd(sargs, used, ext, k);
    const q = p.segs[i];
    const cur = this.values[q.slot];
    const next = () => this.acSeg(p, i + 1, sargs, used, ext, k);
    if (cur !== undefined) return this.consumeAll(cur as readonly Term[], sargs, used, next);
    const free: number[] = [];
    for (let j = 0; j < sargs.length; j++) if (!used[j]) free.push(j);
    let lastSeg = true;
    for (let w = i + 1; w < p.segs.length; w++)
      if (this.values[p.segs[w].slot] === undefined) lastSeg = false;
    if (lastSeg && !ext) {
      for (const j of free) used[j] = 1;
      const r = this.bindThen(
        q.slot,
        free.map((j) => sargs[j]),
        next,
      );
      for (const j of free) used[j] = 0;
      return r;
    }
    // Several segments (or a segment beside the extension): every subset, smallest first.
    if (free.length > 20) return false;
    const total = 1 << free.length;
    for (let mask = 0; mask < total; mask++) {
      pollBudget();
      const pick: Term[] = [];
      for (let b = 0; b < free.length; b++)
        if (mask & (1 << b)) pick.push(sargs[free[b]]), (used[free[b]] = 1);
      const r = this.bindThen(q.slot, pick, next);
      for (let b = 0; b < free.length; b++) if (mask & (1 << b)) used[free[b]] = 0;
      if (r) return true;
    }
    return false;
  }

  private acEnd(sargs: readonly Term[], used: Uint8Array, ext: boolean, k: () => boolean): boolean {
    if (ext) {
      const rest: Term[] = [];
      for (let j = 0; j < sargs.length; j++) if (!used[j]) rest.push(sargs[j]);
      this.rest = rest;
      return k();
    }
    for (let j = 0; j < sargs.length; j++) if (!used[j]) return false;
    return k();
  }
}
