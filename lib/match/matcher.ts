import type { Binding } from './template.js';
import { app, type Term } from '../term/term.js';

/** A predicate checked as soon as a variable is bound (a unary guard, for early pruning). */
export type BindingCheck = (b: Binding) => boolean;

/** The state of a match, as seen by the `onMatch` callback. Valid only during the callback. */
export interface MatchState {
  /** Values by slot (see {@link Pattern.slots}); undefined for unbound slots. */
  readonly values: readonly (Binding | undefined)[];
  /** Arguments left over by an extended AC match at the top; undefined otherwise. */
  readonly rest: readonly Term[] | undefined;
  /** The value of a variable by name. */
  get(name: string): Binding | undefined;
}

/** @internal A compiled pattern node. */
export type PNode = PLit | PVar | PSeg | PApp;
/** @internal */
export interface PLit {
  readonly k: 'lit';
  readonly term: Term;
}
/** @internal */
export interface PVar {
  readonly k: 'var';
  readonly slot: number;
  /** The identity this occurrence may take (optional variables at identity positions). */
  readonly identity: Term | undefined;
  /** Occurs more than once in its AC argument list (never an absorber). */
  multi: boolean;
}
/** @internal */
export interface PSeg {
  readonly k: 'seg';
  readonly slot: number;
}
/** @internal */
export interface PApp {
  readonly k: 'app';
  readonly head: string;
  readonly args: readonly PNode[];
  readonly ac: boolean;
  /** Purely syntactic below: no AC, no segment, no identity; matched without backtracking. */
  readonly simple: boolean;
  readonly hasSeg: boolean;
  /** Has an argument that may take the identity, so it may match a subject of another head. */
  readonly mayVanish: boolean;
  /** AC only: non-variable arguments (literals first), variable occurrences, segments. */
  readonly fixed: readonly PNode[];
  readonly vars: readonly PVar[];
  readonly segs: readonly PSeg[];
}

/** @internal What the matcher needs of a compiled pattern. */
export interface MatchPlan {
  readonly root: PNode;
  readonly slots: ReadonlyMap<string, number>;
  readonly names: readonly string[];
  readonly checks: readonly (BindingCheck | undefined)[];
  readonly extended: boolean;
}

/** @internal An application node, with its matching plan (AC lists sorted for the search). */
export function pnodeApp(head: string, args: PNode[], ac: boolean): PApp {
  const hasSeg = args.some((a) => a.k === 'seg');
  const mayVanish = args.some((a) => a.k === 'var' && a.identity !== undefined);
  const simple =
    !ac &&
    !hasSeg &&
    !mayVanish &&
    args.every((a) => a.k === 'lit' || a.k === 'var' || (a.k === 'app' && a.simple));
  const fixed: PNode[] = [];
  const vars: PVar[] = [];
  const segs: PSeg[] = [];
  if (ac) {
    for (const a of args) {
      if (a.k === 'var') vars.push(a);
      else if (a.k === 'seg') segs.push(a);
      else fixed.push(a);
    }
    // Literals are deterministic and cheap: try them before patterns that may backtrack.
    fixed.sort((a, b) => (a.k === 'lit' ? 0 : 1) - (b.k === 'lit' ? 0 : 1));
    // Occurrences are tracked in a 32-bit set (acVar); real rules have a handful.
    if (vars.length > 30)
      throw new RangeError('too many pattern variables in one argument list of + or *');
    for (const v of vars) v.multi = vars.some((w) => w !== v && w.slot === v.slot);
    // Variables with an identity come first, so the absorber (the last unbound one) is an
    // ordinary variable whenever the pattern has one: `?a*?x` gives `?a` one factor, `?x` the rest.
    vars.sort((a, b) => (a.identity ? 0 : 1) - (b.identity ? 0 : 1));
  }
  return { k: 'app', head, args, ac, simple, hasSeg, mayVanish, fixed, vars, segs };
}

/** @internal The head every subject of `p` must have, if there is one. */
export function headOf(p: PNode): string | undefined {
  if (p.k !== 'app') return undefined;
  if (p.mayVanish) return undefined;
  return p.head;
}

/** Attempts between two polls of the clock (a poll is a `performance.now()`). */
export const ATTEMPTS_PER_POLL = 4096;

/** AC argument lists at least this long are indexed (shorter ones are scanned). */
export const INDEX_MIN = 16;

/** Checks a budget; throws to end the search (and the run it belongs to). */
export type MatchClock = () => void;

// The clock of the run in progress. Rules match through `Rule.apply(t)`, which knows no run, so
// the run installs its clock here for its duration (run.ts); matching outside a run polls none.
let clock: MatchClock | undefined;
let attempts = 0;

/**
 * @internal Calls `f` with `c` as the clock every match polls (restoring the previous one after,
 * so runs may nest).
 */
export function withMatchClock<T>(c: MatchClock, f: () => T): T {
  const outer = clock;
  clock = c;
  try {
    return f();
  } finally {
    clock = outer;
  }
}

/** Counts `n` attempts, polling the clock when enough have piled up. */
function spend(n: number): void {
  attempts += n;
  if (attempts >= ATTEMPTS_PER_POLL) {
    attempts = 0;
    clock?.();
  }
}

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
  spend(sargs.length);
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

function sameBinding(a: Binding, b: Binding): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b)) return false;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** @internal The backtracking matcher: slot array, trail, continuation-passing search. */
export class Matcher implements MatchState {
  readonly values: (Binding | undefined)[];
  rest: readonly Term[] | undefined = undefined;
  private readonly trail: number[] = [];
  private readonly p: MatchPlan;
  /** The long argument lists of the current match (dropped by {@link reset}). */
  private readonly lists = new Map<readonly Term[], ListState>();

  constructor(p: MatchPlan) {
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
    if (root.k === 'app' && root.ac && this.p.extended) return this.matchAC(root, subject, true, k);
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

  private bindThen(slot: number, value: Binding, k: () => boolean): boolean {
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

  private m(p: PNode, s: Term, k: () => boolean): boolean {
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
    for (let q = i + 1; q < ps.length; q++) if (ps[q].k !== 'seg') fixedAfter++;
    for (let len = 0; j + len + fixedAfter <= ss.length; len++) {
      spend(1);
      if (this.bindThen(p.slot, ss.slice(j, j + len), () => this.seq(ps, i + 1, ss, j + len, k)))
        return true;
    }
    return false;
  }

  /** AC matching (see the module comment). */
  private matchAC(p: PApp, s: Term, ext: boolean, k: () => boolean): boolean {
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
      spend(1);
      if (scanning) list.scanned++;
      if (used[j]) continue;
      const sj = sargs[j];
      // Equal arguments are adjacent (canonical order); trying the first unused one is enough.
      if (j > 0 && sargs[j - 1] === sj && !used[j - 1]) continue;
      if (q.k === 'lit') {
        if (q.term !== sj) continue;
      } else if (q.k === 'app' && !q.mayVanish && (sj.kind !== 'app' || sj.head !== q.head))
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
    if (q.k !== 'app') return;
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
    spend(sargs.length);
    for (let j = 0; j < sargs.length; j++) {
      if (used[j]) continue;
      if (j > 0 && sargs[j - 1] === sargs[j] && !used[j - 1]) continue;
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

  private consumeAll(
    elems: readonly Term[],
    sargs: readonly Term[],
    used: Uint8Array,
    k: () => boolean,
  ): boolean {
    spend(sargs.length);
    const taken: number[] = [];
    let ok = true;
    for (const e of elems) {
      let found = -1;
      for (let j = 0; j < sargs.length; j++) {
        if (!used[j] && sargs[j] === e) {
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
      spend(free.length);
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
