/**
 * The backtracking matcher behind patterns (semantics in pattern.ts): a slot array with a trail
 * of bindings to undo, and a continuation-passing search, so every match is enumerated lazily.
 * Ordinary argument lists and segment variables are matched here, AC argument lists by the
 * search it extends (ac.ts); purely syntactic patterns get a straight-line matcher
 * ({@link compileSimple}) that needs no search at all.
 */
import { pollBudget } from '../base/budget.js';
import { ACSearch } from './ac.js';
import type { BindingCheck, MatchPlan, MatchState, PApp, PNode, PVar } from './plan.js';
import type { Binding } from './template.js';
import { sym, type Term } from '../term/term.js';

function sameBinding(a: Binding, b: Binding): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b)) return false;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** @internal The backtracking matcher: slot array, trail, continuation-passing search. */
export class Matcher extends ACSearch implements MatchState {
  readonly values: (Binding | undefined)[];
  private readonly trail: number[] = [];
  private readonly p: MatchPlan;

  constructor(p: MatchPlan) {
    super();
    this.p = p;
    this.values = new Array(p.names.length).fill(undefined);
  }

  get(name: string): Binding | undefined {
    const s = this.p.slots.get(name);
    return s === undefined ? undefined : this.values[s];
  }

  reset(): void {
    this.undo(0);
    this.rest = undefined;
    this.lists.clear();
  }

  run(subject: Term, onMatch: (m: MatchState) => boolean): boolean {
    const root = this.p.root;
    const k = () => onMatch(this);
    if (root.k === 'app' && this.p.extended)
      return root.ac
        ? this.matchAC(root, subject, true, k)
        : this.matchTheory(root, subject, true, k);
    return this.m(root, subject, k);
  }

  private undo(mark: number): void {
    const t = this.trail;
    while (t.length > mark) this.values[t.pop()!] = undefined;
  }

  /** Binds (or checks a bound) slot; on success the binding is on the trail. */
  private bind(slot: number, value: Binding): boolean {
    const cur = this.values[slot];
    if (cur !== undefined) return sameBinding(cur, value);
    const check = this.p.checks[slot];
    if (check !== undefined && !check(value)) return false;
    this.values[slot] = value;
    this.trail.push(slot);
    return true;
  }

  protected bindThen(slot: number, value: Binding, k: () => boolean): boolean {
    const mark = this.trail.length;
    if (this.bind(slot, value) && k()) return true;
    this.undo(mark);
    return false;
  }

  /** Deterministic matching of a simple pattern (one match at most). */
  private simple(p: PNode, s: Term): boolean {
    switch (p.k) {
      case 'lit':
        return p.term === s;
      case 'var':
        return this.bind(p.slot, s);
      case 'seg':
        return false;
      case 'app': {
        if (s.kind !== 'app' || s.head !== p.head || s.args.length !== p.args.length) return false;
        const pa = p.args;
        const sa = s.args;
        for (let i = 0; i < pa.length; i++) if (!this.simple(pa[i], sa[i])) return false;
        return true;
      }
    }
  }

  protected m(p: PNode, s: Term, k: () => boolean): boolean {
    switch (p.k) {
      case 'lit':
        return p.term === s && k();
      case 'var':
        return this.bindThen(p.slot, s, k);
      case 'seg':
        return false;
      case 'app': {
        if (p.simple) {
          const mark = this.trail.length;
          if (this.simple(p, s) && k()) return true;
          this.undo(mark);
          return false;
        }
        if (p.ac) return this.matchAC(p, s, false, k);
        if (p.theory !== undefined) return this.matchTheory(p, s, false, k);
        if (p.headSlot !== undefined) {
          // `?f(...)`: any head, its name bound to ?f as a symbol; the arguments in order.
          if (s.kind !== 'app') return false;
          if (!p.hasSeg && s.args.length !== p.args.length) return false;
          return this.bindThen(p.headSlot, sym(s.head), () => this.seq(p.args, 0, s.args, 0, k));
        }
        if (p.mayVanish) return this.matchPow(p, s, k);
        if (s.kind !== 'app' || s.head !== p.head) return false;
        if (!p.hasSeg && s.args.length !== p.args.length) return false;
        return this.seq(p.args, 0, s.args, 0, k);
      }
    }
  }

  /** `?b^?n` with `?n` optional: the structural match first, then `?n = 1` on the whole subject. */
  private matchPow(p: PApp, s: Term, k: () => boolean): boolean {
    const [base, exp] = p.args;
    if (
      s.kind === 'app' &&
      s.head === '^' &&
      this.m(base, s.args[0], () => this.m(exp, s.args[1], k))
    )
      return true;
    const e = exp as PVar;
    return this.m(base, s, () => this.bindThen(e.slot, e.identity!, k));
  }

  /** Sequence matching of ordinary argument lists, with segment variables. */
  private seq(
    ps: readonly PNode[],
    i: number,
    ss: readonly Term[],
    j: number,
    k: () => boolean,
  ): boolean {
    if (i === ps.length) return j === ss.length && k();
    const p = ps[i];
    if (p.k !== 'seg') {
      if (j >= ss.length) return false;
      return this.m(p, ss[j], () => this.seq(ps, i + 1, ss, j + 1, k));
    }
    let fixedAfter = 0;
    let segAfter = false;
    for (let q = i + 1; q < ps.length; q++) {
      if (ps[q].k !== 'seg') fixedAfter++;
      else segAfter = true;
    }
    if (!segAfter) {
      // The last segment: every later pattern takes one argument, so its length is forced (the
      // loop below would try each length, copying the rest each time: n² on 10^5 arguments).
      const len = ss.length - j - fixedAfter;
      if (len < 0) return false;
      return this.bindThen(p.slot, ss.slice(j, j + len), () => this.seq(ps, i + 1, ss, j + len, k));
    }
    for (let len = 0; j + len + fixedAfter <= ss.length; len++) {
      pollBudget();
      if (this.bindThen(p.slot, ss.slice(j, j + len), () => this.seq(ps, i + 1, ss, j + len, k)))
        return true;
    }
    return false;
  }
}

/**
 * A straight-line matcher of a purely syntactic pattern: writes the bindings into `values` by
 * slot and says whether the subject matches. There is at most one match, so nothing is undone on
 * failure: slots hold garbage then, and the first occurrence of each variable (in left-to-right
 * order, the order the closure tests) always writes its slot before a later occurrence reads it.
 */
export type SimpleMatch = (subject: Term, values: (Binding | undefined)[]) => boolean;

/** @internal The straight-line matcher of `root`, or undefined when it needs the search. */
export function compileSimple(
  root: PNode,
  checks: readonly (BindingCheck | undefined)[],
): SimpleMatch | undefined {
  if (!(root.k === 'var' || (root.k === 'app' && root.simple))) return undefined;
  const seen = new Set<number>();
  const go = (p: PNode): SimpleMatch => {
    switch (p.k) {
      case 'lit': {
        const t = p.term;
        return (s) => s === t;
      }
      case 'seg':
        return () => false;
      case 'var': {
        const slot = p.slot;
        if (seen.has(slot)) return (s, v) => v[slot] === s;
        seen.add(slot);
        const check = checks[slot];
        if (check !== undefined) {
          return (s, v) => {
            if (!check(s)) return false;
            v[slot] = s;
            return true;
          };
        }
        return (s, v) => {
          v[slot] = s;
          return true;
        };
      }
      case 'app': {
        const head = p.head;
        const n = p.args.length;
        const cs = p.args.map(go);
        if (n === 1) {
          const [c0] = cs;
          return (s, v) =>
            s.kind === 'app' && s.head === head && s.args.length === 1 && c0(s.args[0], v);
        }
        if (n === 2) {
          const [c0, c1] = cs;
          return (s, v) =>
            s.kind === 'app' &&
            s.head === head &&
            s.args.length === 2 &&
            c0(s.args[0], v) &&
            c1(s.args[1], v);
        }
        return (s, v) => {
          if (s.kind !== 'app' || s.head !== head || s.args.length !== n) return false;
          for (let i = 0; i < n; i++) if (!cs[i](s.args[i], v)) return false;
          return true;
        };
      }
    }
  };
  return go(root);
}
