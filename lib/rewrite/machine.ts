/**
 * The rewriting machine: innermost normalisation of first-order syntactic rule sets on a term
 * store of typed arrays, behind the rule-set normaliser (rule-sets.ts).
 *
 * ## Why
 *
 * Interned {@link Term} objects are what everyone holds, and they must stay canonical and
 * identical (`===`) when equal. But a rewriting run of a constructor system (Peano arithmetic,
 * lists, the Rewrite Engines Competition's programs) creates hundreds of thousands of
 * intermediate terms that nobody outside the run ever sees, and on V8 each one costs an object,
 * an argument array, a slot of the interning table, and then the garbage collector copying it
 * between generations (the profile of `fib(27)` on Term objects: 40% garbage collection, 13%
 * interning, at about 0.15 M rewrites/s). The machine keeps a run's terms in a store of its own:
 * a cell is a symbol number and its argument cells in `Int32Array`s, hash-consed through an
 * open-addressing table of cell numbers (and a nursery of short lists, for the cells that cannot
 * be in the table: see {@link Machine.intern}), with the normal form of each cell memoised in
 * another array. Nothing on the hot path allocates a JavaScript object. Only the input (once) and the
 * result (once) cross between the store and interned Terms, so every term anyone holds is still
 * an interned Term.
 *
 * ## What it computes
 *
 * Exactly what {@link normalizeWithRules} computes (the same normal form, the same rewrite
 * count, cycles reported the same way): innermost, arguments left to right, the first rule of
 * the set in order whose left side matches, the right side built bottom-up and each built part
 * normalised as soon as it is built (its arguments are normal already). With the memo switched
 * off (`RunOptions.memo: false`) a built cell is rewritten again every time it is built, as an
 * engine without a normal-form cache does (Maude's count of rewrites: a subterm that occurs
 * twice in a right side is built, and rewritten, once, as Maude builds a right side as a DAG),
 * and cycles are not
 * detected (the step budget ends a loop).
 *
 * ## When it applies
 *
 * {@link machineRules} accepts a list of rule sets whose every rule has a syntactic left side
 * with an application at the top (or a ground one, matched by identity), no guard, and only the
 * conditions `L == R`, `P := E` and `otherwise` (README "Rule files"), and whose terms use no
 * `+`, `*`, `^`, head variable, segment variable or head with declared axioms (their
 * constructors compute canonical forms, which the store does not); the input term must satisfy
 * the same (else {@link Machine.normalize} answers undefined, and the Term normaliser runs).
 * Conditions are normalised by the machine itself, which is what "normalised under the running
 * strategy" means when the running strategy is this innermost (rule-sets.ts checks that); a rule
 * whose right side has its left side's head and may come out equal to the redex is built as it
 * is first, and does not apply when it does (as `Rule.apply` decides).
 */
import { pollBudget } from '../base/budget.js';
import { HEAD_VAR, isAC } from '../base/signature.js';
import { EQUATION, MATCH, OTHERWISE } from '../match/conditions.js';
import type { Rule } from '../match/rule.js';
import type { Run } from './run.js';
import { appOwned, currentTheories, reserveTerms, type Term } from '../term/term.js';

const UNKNOWN = -1;
const PENDING = -2;

/** A compiled pattern, in pre-order: parent node, argument index, kind, value per node. */
interface MatchProg {
  readonly parent: Int32Array;
  readonly argi: Int32Array;
  /** 0: application (value: symbol), 1: literal (value: cell), 2: new variable, 3: repeated variable (value: slot). */
  readonly kind: Int8Array;
  readonly value: Int32Array;
}

/** A condition: `a == b` (build programs a, b), or `pat := a`. */
interface MCondition {
  readonly a: number;
  readonly b: number;
  readonly pat: MatchProg | undefined;
}

/** A rule as the machine runs it. */
interface MRule {
  readonly name: string;
  readonly lhs: MatchProg;
  /** Slots: the left side's variables, then those the matching conditions bind. */
  readonly slots: number;
  readonly conditions: readonly MCondition[] | undefined;
  /** The right side's build program. */
  readonly rhs: number;
  /** The right side's slot when it is a bare variable, else -1. */
  readonly rhsVar: number;
  /**
   * The right side may come out equal to the redex (same head, not provably different): it is
   * then built as it is first, and a result equal to the redex means the rule does not apply.
   */
  readonly self: boolean;
}

const B_VAR = 0; // push binding [slot]
const B_LIT = 1; // push the normal form of cell
const B_APP = 2; // pop arity(sym) values, intern sym(values), push its normal form
const B_APPV = 3; // the same, its operands all variables of the left side (subterms of the redex)
const B_KEEP = 4; // binding [slot] = the value on top (a repeated subterm of a right side, built once)

/** Heads whose constructors compute a canonical form: the store cannot build them. */
function computedHead(head: string): boolean {
  return head === '+' || head === '*' || head === '^';
}

/** No computed head, head variable, segment variable or head with declared axioms in t. */
function usable(t: Term): boolean {
  const theories = currentTheories();
  const seen = new Set<number>();
  const stack = [t];
  while (stack.length > 0) {
    const u = stack.pop()!;
    if (u.kind === 'var' && u.segment) return false;
    if (u.kind !== 'app' || seen.has(u.id)) continue;
    seen.add(u.id);
    if (computedHead(u.head) || u.head === HEAD_VAR || theories?.(u.head) !== undefined)
      return false;
    for (const a of u.args) stack.push(a);
  }
  return true;
}

/** The rules of a rule set list, when the machine can run all of them (see the module comment). */
export function machineRules(lists: readonly (readonly Rule[])[]): readonly Rule[] | undefined {
  const out: Rule[] = [];
  for (const rules of lists)
    for (const r of rules) {
      if (r.lhs.kind !== 'app' || !usable(r.lhs) || !usable(r.rhs)) return undefined;
      // Conditions: `==`, `:=` and `otherwise` (the rule set's order puts those rules last).
      for (const g of r.guards) {
        if (g.name !== EQUATION && g.name !== MATCH && g.name !== OTHERWISE) return undefined;
        if (!g.args.every(usable)) return undefined;
      }
      // Only a syntactic pattern or a ground one (matched by identity).
      if (r.direct === undefined && r.lhs.hasVars && r.pattern.simpleMatch === undefined)
        if (r.conditional ? !syntacticPattern(r.lhs) : true) return undefined;
      out.push(r);
    }
  return out;
}

/** Variables and applications of heads without axioms only (usable() holds too). */
function syntacticPattern(t: Term): boolean {
  if (t.kind === 'var') return !t.segment;
  if (t.kind !== 'app') return true;
  return !isAC(t.head) && t.args.every(syntacticPattern);
}

/** v occurs in t strictly below its top. */
function properlyIn(v: Term, t: Term): boolean {
  return t.kind === 'app' && t.args.some((a) => a === v || properlyIn(v, a));
}

/** No instance of p equals the same instance of q (a sufficient, syntactic test). */
function differ(p: Term, q: Term): boolean {
  if (p.kind === 'var') return properlyIn(p, q);
  if (q.kind === 'var') return properlyIn(q, p);
  if (!p.hasVars && !q.hasVars) return p !== q;
  if (p.kind !== 'app' || q.kind !== 'app') return true;
  if (p.head !== q.head || p.args.length !== q.args.length) return true;
  return p.args.some((a, i) => differ(a, q.args[i]));
}

/**
 * A syntactic rule `lhs -> rhs` (neither side with computed heads) never rewrites a term to
 * itself: true when provable from the two sides, as for `le(s(?x), s(?y)) -> le(?x, ?y)`.
 */
function neverRedex(lhs: Term, rhs: Term): boolean {
  if (rhs.kind === 'var') return properlyIn(rhs, lhs);
  return differ(lhs, rhs);
}

function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  h ^= k;
  return (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
}

function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** The hash of `s(a[at], ..., a[at + arity - 1])`. */
function hashCell(s: number, a: Int32Array, at: number, arity: number): number {
  let h = mix(0x9747b28c, s);
  for (let i = 0; i < arity; i++) h = mix(h, a[at + i]);
  return fmix(h ^ arity);
}

/** The longest nursery list (see Machine.intern): longer ones move into the table. */
const NURSERY_MAX = 8;

function grow32(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  let n = a.length * 2;
  while (n < need) n *= 2;
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/** The machine of one run: the term store, the compiled rules, and the normaliser. */
export class Machine {
  // Symbols: an application symbol per head and arity, a leaf symbol per leaf term.
  private readonly symOf = new Map<string, number>();
  private readonly leafSym = new Map<number, number>();
  private symHead: string[] = [];
  private symArity: number[] = [];
  private symLeaf: (Term | undefined)[] = [];
  /** Rules by the symbol of their left side's top, in order. */
  private byRoot: (MRule[] | undefined)[] = [];
  /** Build programs (right sides and condition sides) in post-order: op, operand pairs. */
  private readonly programs: Int32Array[] = [];

  // Cells. A cell is an offset into `heap`, where it occupies 3 + arity integers:
  //   heap[c] = symbol, heap[c + 1] = normal form (a cell, UNKNOWN or PENDING),
  //   heap[c + 2] = the cell's number (0, 1, 2, ... in creation order), heap[c + 3 ...] = arguments.
  // Keeping a cell's fields together makes a probe of the table touch one cache line of it.
  private count = 0;
  private heap = new Int32Array(1 << 14);
  private heapTop = 0;
  /** By cell number: tree size. */
  private size = new Float64Array(1 << 12);
  /** By cell number: TREE (no sharing below: DAG size = tree size), WITHIN (DAG ≤ maxSize). */
  private marks = new Uint8Array(1 << 12);
  /** By cell number: the last walk that counted it (see cellsBelow). */
  private visited = new Int32Array(0);
  private walks = 0;
  /** Pairs (hash, 1 + cell), open addressing; 0 marks an empty slot. */
  private table = new Int32Array(2 << 13);
  private shift = 32 - 13;
  /** The cells in the table; the others are in the nursery (see intern). */
  private tabled = 0;
  /** By cell number: its first nursery parent (1 + cell; 0: none). */
  private nurseryHead = new Int32Array(1 << 12);
  /** By cell number, of a nursery cell: the next nursery parent of the same argument (1 + cell). */
  private nurseryNext = new Int32Array(1 << 12);
  /** By cell number: the length of its list of nursery parents. */
  private nurseryLen = new Uint8Array(1 << 12);
  /** By cell number: the interned term, once converted. */
  private terms: (Term | undefined)[] = [];
  private readonly cellOf = new Map<number, number>();

  // Stacks of the normaliser (reused across calls).
  private vs = new Int32Array(1 << 10);
  private cs = new Int32Array(1 << 12);
  private binds = new Int32Array(1 << 10);
  private regs = new Int32Array(64);

  constructor(
    rules: readonly Rule[],
    private readonly run: Run,
    private readonly memo: boolean,
  ) {
    for (const r of rules) this.addRule(r);
  }

  private appSym(head: string, arity: number): number {
    const key = `${arity}/${head}`;
    let s = this.symOf.get(key);
    if (s === undefined) {
      s = this.symHead.length;
      this.symOf.set(key, s);
      this.symHead.push(head);
      this.symArity.push(arity);
      this.symLeaf.push(undefined);
      this.byRoot.push(undefined);
    }
    return s;
  }

  private leafSymbol(t: Term): number {
    let s = this.leafSym.get(t.id);
    if (s === undefined) {
      s = this.symHead.length;
      this.leafSym.set(t.id, s);
      this.symHead.push('');
      this.symArity.push(0);
      this.symLeaf.push(t);
      this.byRoot.push(undefined);
    }
    return s;
  }

  /** Compiles a pattern; its new variables get the next slots of `slotOf`. */
  private compileMatch(pat: Term, slotOf: Map<string, number>, top: boolean): MatchProg {
    const parent: number[] = [];
    const argi: number[] = [];
    const kind: number[] = [];
    const value: number[] = [];
    const visit = (t: Term, p: number, i: number): void => {
      parent.push(p);
      argi.push(i);
      if (t.kind === 'var') {
        const s = slotOf.get(t.name);
        if (s === undefined) {
          slotOf.set(t.name, slotOf.size);
          kind.push(2);
          value.push(slotOf.size - 1);
        } else {
          kind.push(3);
          value.push(s);
        }
      } else if (t.kind !== 'app' || (!t.hasVars && !(top && p < 0))) {
        kind.push(1);
        value.push(this.fromTerm(t));
      } else {
        const me = parent.length - 1;
        kind.push(0);
        value.push(this.appSym(t.head, t.args.length));
        t.args.forEach((a, j) => visit(a, me, j));
      }
    };
    visit(pat, -1, 0);
    if (parent.length > this.regs.length) this.regs = new Int32Array(parent.length);
    return {
      parent: Int32Array.from(parent),
      argi: Int32Array.from(argi),
      kind: Int8Array.from(kind),
      value: Int32Array.from(value),
    };
  }

  /**
   * Compiles a build program (post-order) and returns its number. With `temps` (the next free
   * slot), a subterm with variables that occurs more than once is built once: its value is kept
   * in a slot of its own (B_KEEP) and pushed from there where it occurs again, as Maude builds
   * a right side as a DAG, so with the memo off it is rewritten once, not once per occurrence
   * (with the memo on it is the same cell either way). `temps.next` ends past the slots used.
   */
  private compileBuild(
    t: Term,
    slotOf: ReadonlyMap<string, number>,
    lhsSlots: number,
    temps?: { next: number },
  ): number {
    const build: number[] = [];
    const lhsVar = (a: Term) => a.kind === 'var' && slotOf.get(a.name)! < lhsSlots;
    const occurs = new Map<Term, number>();
    if (temps !== undefined) {
      const count = (u: Term): void => {
        if (u.kind !== 'app' || !u.hasVars) return;
        const k = (occurs.get(u) ?? 0) + 1;
        occurs.set(u, k);
        if (k === 1) for (const a of u.args) count(a);
      };
      count(t);
    }
    const kept = new Map<Term, number>();
    const emit = (u: Term): void => {
      if (u.kind === 'var') build.push(B_VAR, slotOf.get(u.name)!);
      else if (!u.hasVars) build.push(B_LIT, this.fromTerm(u));
      else if (u.kind === 'app') {
        const slot = kept.get(u);
        if (slot !== undefined) {
          build.push(B_VAR, slot);
          return;
        }
        for (const a of u.args) emit(a);
        build.push(u.args.every(lhsVar) ? B_APPV : B_APP, this.appSym(u.head, u.args.length));
        if (temps !== undefined && occurs.get(u)! > 1) {
          kept.set(u, temps.next);
          build.push(B_KEEP, temps.next++);
        }
      }
    };
    emit(t);
    this.programs.push(Int32Array.from(build));
    return this.programs.length - 1;
  }

  private addRule(r: Rule): void {
    const lhs = r.lhs;
    if (lhs.kind !== 'app') throw new Error('machine: a rule without an application at the top');
    const slotOf = new Map<string, number>();
    const match = this.compileMatch(lhs, slotOf, true);
    const lhsSlots = slotOf.size;
    const conditions: MCondition[] = [];
    for (const g of r.guards) {
      if (g.name === EQUATION) {
        const a = this.compileBuild(g.args[0], slotOf, lhsSlots);
        conditions.push({ a, b: this.compileBuild(g.args[1], slotOf, lhsSlots), pat: undefined });
      } else if (g.name === MATCH) {
        const a = this.compileBuild(g.args[1], slotOf, lhsSlots);
        conditions.push({ a, b: -1, pat: this.compileMatch(g.args[0], slotOf, false) });
      }
    }
    const rhs = r.rhs;
    const mayBeSelf =
      rhs.kind === 'app' &&
      rhs.head === lhs.head &&
      rhs.args.length === lhs.args.length &&
      (lhs.hasVars ? !neverRedex(lhs, rhs) : rhs === lhs);
    const temps = { next: slotOf.size };
    const build = this.compileBuild(rhs, slotOf, lhsSlots, temps);
    const rule: MRule = {
      name: r.name,
      lhs: match,
      slots: temps.next,
      conditions: conditions.length > 0 ? conditions : undefined,
      rhs: build,
      rhsVar: rhs.kind === 'var' ? slotOf.get(rhs.name)! : -1,
      self: mayBeSelf,
    };
    const root = match.value[0];
    (this.byRoot[root] ??= []).push(rule);
  }

  /**
   * The cell of `sym(vs[at], ..., vs[at + arity - 1])`, made if new: hash-consed, every cell
   * made once. Most cells a run builds are new, and the probe of a large table that finds so is
   * a cache miss; so a cell with an argument that is no argument of a cell in the table (not
   * marked PARENT: an argument made moments ago, such as the list under construction) is kept
   * out of the table, in the nursery: a short list of such parents that the argument keeps.
   * Only an unmarked cell has such a list (marking a cell moves its list into the table), so a
   * lookup with an unmarked argument searches the lists of its unmarked arguments and not the
   * table, and one whose arguments are all marked probes the table alone. A list longer than
   * NURSERY_MAX moves into the table.
   */
  private intern(s: number, at: number, arity: number): number {
    const vs = this.vs;
    const heap = this.heap;
    const marks = this.marks;
    let free = -1;
    for (let i = 0; i < arity; i++) {
      const a = vs[at + i];
      const na = heap[a + 2];
      if ((marks[na] & PARENT) !== 0) continue;
      for (let u1 = this.nurseryHead[na]; u1 !== 0; ) {
        const u = u1 - 1;
        if (heap[u] === s && this.argsAre(u, at, arity)) return u;
        u1 = this.nurseryNext[heap[u + 2]];
      }
      if (free < 0) free = a;
    }
    if (free >= 0) return this.makeNursery(s, at, arity, free);
    const h = hashCell(s, vs, at, arity);
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    let j = h >>> this.shift;
    for (let c1 = table[2 * j + 1]; c1 !== 0; c1 = table[2 * j + 1]) {
      if (table[2 * j] === h) {
        const c = c1 - 1;
        if (heap[c] === s) {
          let same = true;
          for (let i = 0; i < arity; i++)
            if (heap[c + 3 + i] !== vs[at + i]) {
              same = false;
              break;
            }
          if (same) return c;
        }
      }
      j = (j + 1) & mask;
    }
    const c = this.make(s, at, arity);
    this.tableAt(c, h, j);
    return c;
  }

  /** Cell u's arguments are vs[at .. at + arity). */
  private argsAre(u: number, at: number, arity: number): boolean {
    const heap = this.heap;
    const vs = this.vs;
    for (let i = 0; i < arity; i++) if (heap[u + 3 + i] !== vs[at + i]) return false;
    return true;
  }

  /** A new cell in the nursery list of its unmarked argument `free`. */
  private makeNursery(s: number, at: number, arity: number, free: number): number {
    const c = this.make(s, at, arity);
    const heap = this.heap;
    const nf = heap[free + 2];
    this.nurseryNext[heap[c + 2]] = this.nurseryHead[nf];
    this.nurseryHead[nf] = c + 1;
    if (++this.nurseryLen[nf] > NURSERY_MAX) {
      this.marks[nf] |= PARENT;
      this.promote(nf);
    }
    return c;
  }

  /**
   * Moves the nursery list of cell number `num` (just marked) into the table, and the lists of
   * the arguments that this marks in turn (iteratively).
   */
  private promote(num: number): void {
    const heap = this.heap;
    const work = [num];
    while (work.length > 0) {
      const n = work.pop()!;
      let u1 = this.nurseryHead[n];
      this.nurseryHead[n] = 0;
      this.nurseryLen[n] = 0;
      while (u1 !== 0) {
        const u = u1 - 1;
        u1 = this.nurseryNext[heap[u + 2]];
        const s = heap[u];
        const h = hashCell(s, heap, u + 3, this.symArity[s]);
        const table = this.table;
        const mask = (table.length >> 1) - 1;
        let j = h >>> this.shift;
        while (table[2 * j + 1] !== 0) j = (j + 1) & mask;
        this.tableAt(u, h, j, work);
      }
    }
  }

  /**
   * Puts cell c (hash h) in the table's empty slot j and marks its arguments; one that was
   * unmarked with a nursery list has its number pushed on `work` (else its list is moved now).
   */
  private tableAt(c: number, h: number, j: number, work?: number[]): void {
    // In the slot first: moving a list (below) fills slots and may grow the table.
    this.table[2 * j] = h;
    this.table[2 * j + 1] = c + 1;
    if (++this.tabled * 2 > this.table.length >> 1) this.rehash();
    const heap = this.heap;
    const marks = this.marks;
    const arity = this.symArity[heap[c]];
    for (let i = 0; i < arity; i++) {
      const na = heap[heap[c + 3 + i] + 2];
      if ((marks[na] & PARENT) !== 0) continue;
      marks[na] |= PARENT;
      if (this.nurseryHead[na] !== 0) {
        if (work !== undefined) work.push(na);
        else this.promote(na);
      }
    }
  }

  /** A new cell (in neither the table nor the nursery yet). */
  private make(s: number, at: number, arity: number): number {
    const num = this.count++;
    if (num >= this.size.length) {
      const n = this.size.length * 2;
      const sz = new Float64Array(n);
      sz.set(this.size);
      this.size = sz;
      const mk = new Uint8Array(n);
      mk.set(this.marks);
      this.marks = mk;
      this.nurseryHead = grow32(this.nurseryHead, n);
      this.nurseryNext = grow32(this.nurseryNext, n);
      const len = new Uint8Array(n);
      len.set(this.nurseryLen);
      this.nurseryLen = len;
    }
    const c = this.heapTop;
    if (c + 3 + arity > this.heap.length) this.heap = grow32(this.heap, c + 3 + arity);
    const heap = this.heap;
    const vs = this.vs;
    const size = this.size;
    let ts = 1;
    for (let i = 0; i < arity; i++) {
      const a = vs[at + i];
      heap[c + 3 + i] = a;
      ts += size[heap[a + 2]];
    }
    heap[c] = s;
    heap[c + 1] = arity === 0 ? c : UNKNOWN;
    heap[c + 2] = num;
    size[num] = ts;
    // A leaf, or one argument that is a tree: a tree (its DAG size is its tree size).
    if (arity === 0 || (arity === 1 && (this.marks[heap[vs[at] + 2]] & TREE) !== 0))
      this.marks[num] = TREE;
    this.heapTop = c + 3 + arity;
    return c;
  }

  private rehash(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    this.shift--;
    const mask = (table.length >> 1) - 1;
    for (let k = 0; k < old.length; k += 2) {
      if (old[k + 1] === 0) continue;
      let j = old[k] >>> this.shift;
      while (table[2 * j + 1] !== 0) j = (j + 1) & mask;
      table[2 * j] = old[k];
      table[2 * j + 1] = old[k + 1];
    }
    this.table = table;
  }

  /** The cell of an interned term; -1 when it uses a head the store cannot build. */
  fromTerm(root: Term): number {
    const known = this.cellOf.get(root.id);
    if (known !== undefined) return known;
    const theories = currentTheories();
    const stack: Term[] = [root];
    while (stack.length > 0) {
      const t = stack[stack.length - 1];
      if (this.cellOf.has(t.id)) {
        stack.pop();
        continue;
      }
      if (t.kind !== 'app') {
        this.vs = grow32(this.vs, 1);
        const c = this.intern(this.leafSymbol(t), 0, 0);
        this.setTerm(this.heap[c + 2], t);
        this.cellOf.set(t.id, c);
        stack.pop();
        continue;
      }
      if (computedHead(t.head) || theories?.(t.head) !== undefined) return -1;
      let ready = true;
      for (let i = t.args.length - 1; i >= 0; i--)
        if (!this.cellOf.has(t.args[i].id)) {
          stack.push(t.args[i]);
          ready = false;
        }
      if (!ready) continue;
      stack.pop();
      const n = t.args.length;
      this.vs = grow32(this.vs, n);
      for (let i = 0; i < n; i++) this.vs[i] = this.cellOf.get(t.args[i].id)!;
      const c = this.intern(this.appSym(t.head, n), 0, n);
      this.setTerm(this.heap[c + 2], t);
      this.cellOf.set(t.id, c);
    }
    return this.cellOf.get(root.id)!;
  }

  /**
   * Records the term of cell number `num`. `terms` has an entry for every cell up to the last
   * converted one (undefined for the others), so it stays a dense array; a run that converts
   * nothing never grows it.
   */
  private setTerm(num: number, t: Term): void {
    const terms = this.terms;
    while (terms.length <= num) terms.push(undefined);
    terms[num] = t;
  }

  /**
   * The number of distinct cells below `root` (itself included), counted up to `max + 1` (a walk
   * that stops there), not descending into cells whose term is made when `unconverted` (those
   * are not counted either, except the root). Marks cells with a walk number, so a walk
   * allocates nothing once the mark array has grown to the store.
   */
  private cellsBelow(root: number, unconverted: boolean, max = Infinity): number {
    const heap = this.heap;
    const terms = this.terms;
    if (this.visited.length < this.count) {
      const v = new Int32Array(Math.max(this.count, 2 * this.visited.length));
      v.set(this.visited);
      this.visited = v;
    }
    const visited = this.visited;
    const walk = ++this.walks;
    const stack = [root];
    visited[heap[root + 2]] = walk;
    let n = 0;
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (++n > max) return n;
      const arity = this.symArity[heap[c]];
      for (let i = 0; i < arity; i++) {
        const a = heap[c + 3 + i];
        const num = heap[a + 2];
        if (visited[num] !== walk && !(unconverted && terms[num] !== undefined)) {
          visited[num] = walk;
          stack.push(a);
        }
      }
    }
    return n;
  }

  /** The interned term of a cell (each cell converted once). */
  toTerm(root: number): Term {
    const terms = this.terms;
    const heap = this.heap;
    if (terms[heap[root + 2]] !== undefined) return terms[heap[root + 2]]!;
    while (terms.length < this.count) terms.push(undefined);
    reserveTerms(this.cellsBelow(root, true));
    const stack = [root];
    while (stack.length > 0) {
      const c = stack[stack.length - 1];
      const num = heap[c + 2];
      if (terms[num] !== undefined) {
        stack.pop();
        continue;
      }
      const s = heap[c];
      const n = this.symArity[s];
      let ready = true;
      for (let i = n - 1; i >= 0; i--) {
        const a = heap[c + 3 + i];
        if (terms[heap[a + 2]] === undefined) {
          stack.push(a);
          ready = false;
        }
      }
      if (!ready) continue;
      stack.pop();
      if (n === 0) {
        terms[num] = this.symLeaf[s]!;
        continue;
      }
      const args = new Array<Term>(n);
      for (let i = 0; i < n; i++) args[i] = terms[heap[heap[c + 3 + i] + 2]]!;
      terms[num] = appOwned(this.symHead[s], args);
    }
    return terms[heap[root + 2]]!;
  }

  /** The innermost normal form of `t`; undefined when the store cannot hold `t`. */
  normalize(t: Term): Term | undefined {
    const c = this.fromTerm(t);
    if (c < 0) return undefined;
    return this.toTerm(this.eval(c));
  }

  /**
   * The innermost normal form of `t` left in the store (converted to a Term when asked);
   * undefined when the store cannot hold `t`.
   */
  normalizeStored(t: Term): StoredResult | undefined {
    const c = this.fromTerm(t);
    if (c < 0) return undefined;
    return new StoredResult(this, this.eval(c));
  }

  /** @internal The tree size of a cell (a float: exact up to 2^53). */
  treeSizeOf(c: number): number {
    return this.size[this.heap[c + 2]];
  }

  /** @internal The number of distinct cells below `root`, itself included. */
  dagSizeOf(root: number): number {
    return this.cellsBelow(root, false);
  }

  /**
   * @internal The text of a cell as the infix printer writes it, read from the store: every
   * application in the store is a plain call `head(a, ...)` (the store holds no `+`, `*`, `^`),
   * except `==` and `list`, for which this answers undefined, as it does when `leaf` answers
   * undefined for a leaf. Iterative (any depth); polls the budget.
   */
  textOf(root: number, leaf: (t: Term) => string | undefined): string | undefined {
    const heap = this.heap;
    const texts = new Map<number, string>();
    const opens: (string | undefined)[] = [];
    for (let s = 0; s < this.symHead.length; s++) {
      const h = this.symHead[s];
      opens.push(this.symArity[s] === 0 || h === '==' || h === 'list' ? undefined : `${h}(`);
    }
    const out: string[] = [];
    // Entries: a cell (>= 0), COMMA, or k closing brackets (CLOSE - k + 1).
    let stack = new Int32Array(1024);
    let top = 0;
    stack[top++] = root;
    while (top > 0) {
      let c = stack[--top];
      if (c === COMMA) out.push(', ');
      else if (c < 0) out.push(c === CLOSE ? ')' : ')'.repeat(CLOSE - c + 1));
      else {
        const s = heap[c];
        const n = this.symArity[s];
        if (n === 1 && heap[heap[c + 3]] === s) {
          // A chain s(s(...s(u)...)) (a numeral): its brackets in two strings.
          let k = 0;
          while (heap[c] === s) {
            c = heap[c + 3];
            k++;
          }
          const open = opens[s];
          if (open === undefined) return undefined;
          out.push(open.repeat(k));
          if (top + 2 > stack.length) stack = grow32(stack, top + 2);
          stack[top++] = CLOSE - k + 1;
          stack[top++] = c;
          continue;
        }
        if (n === 0) {
          let text = texts.get(s);
          if (text === undefined) {
            text = leaf(this.symLeaf[s]!);
            if (text === undefined) return undefined;
            texts.set(s, text);
          }
          out.push(text);
          continue;
        }
        const open = opens[s];
        if (open === undefined) return undefined;
        out.push(open);
        if (top + 2 * n + 1 > stack.length) stack = grow32(stack, top + 2 * n + 1);
        stack[top++] = CLOSE;
        for (let i = n - 1; i >= 0; i--) {
          stack[top++] = heap[c + 3 + i];
          if (i > 0) stack[top++] = COMMA;
        }
      }
      if ((out.length & 4095) === 0) pollBudget();
    }
    return out.join('');
  }

  private cycle(c: number): never {
    return this.run.cycle(this.toTerm(c), 'innermost');
  }

  private tooBig(c: number): void {
    this.run.checkSize(this.toTerm(c));
  }

  /**
   * The size budget for a built cell `u` whose tree size is over it: the run stops when its DAG
   * is over it too (as Run.checkSize decides for a term), found without walking the DAG where
   * possible. A tree's DAG is its tree size. A cell whose arguments are all variables of the
   * left side (`redex` >= 0) has a DAG no larger than the redex's — its nodes are the redex's,
   * less the redex, plus itself — so a redex within budget answers. Else the DAG is counted
   * once, stopping past the budget, and remembered.
   */
  private checkBig(u: number, redex: number): void {
    const num = this.heap[u + 2];
    const mark = this.marks[num];
    if ((mark & WITHIN) !== 0) return;
    if ((mark & TREE) !== 0) return this.tooBig(u);
    const max = this.run.limits.maxSize;
    if (redex >= 0) {
      const r = this.heap[redex + 2];
      if (this.size[r] <= max || (this.marks[r] & WITHIN) !== 0) {
        this.marks[num] |= WITHIN;
        return;
      }
    }
    if (this.cellsBelow(u, false, max) <= max) this.marks[num] |= WITHIN;
    else this.tooBig(u);
  }

  // The normaliser's state between its methods.
  private csTop = 0;
  private vsTop = 0;
  private bindTop = 0;

  private push(op: number, a: number, b: number, d: number): void {
    let cs = this.cs;
    const top = this.csTop;
    if (top + 4 > cs.length) this.cs = cs = grow32(cs, top + 4);
    cs[top] = op;
    cs[top + 1] = a;
    cs[top + 2] = b;
    cs[top + 3] = d;
    this.csTop = top + 4;
  }

  private pushValue(v: number): void {
    if (this.vsTop >= this.vs.length) this.vs = grow32(this.vs, this.vsTop + 1);
    this.vs[this.vsTop++] = v;
  }

  /** Matches `m` against `cell` from node `from` (1: the top's symbol is known to match). */
  private matches(m: MatchProg, cell: number, base: number, from: number): boolean {
    const heap = this.heap;
    const regs = this.regs;
    const binds = this.binds;
    const { parent, argi, kind, value } = m;
    regs[0] = cell;
    for (let j = from; j < parent.length; j++) {
      const c = j === 0 ? cell : heap[regs[parent[j]] + 3 + argi[j]];
      regs[j] = c;
      const kd = kind[j];
      if (kd === 0) {
        if (heap[c] !== value[j]) return false;
      } else if (kd === 1) {
        if (c !== value[j]) return false;
      } else if (kd === 2) binds[base + value[j]] = c;
      else if (binds[base + value[j]] !== c) return false;
    }
    return true;
  }

  /**
   * The normal form of what build program `prog` builds from the bindings at `base`: a nested
   * run of the loop (for conditions, and the arguments of a right side that may give the redex
   * back).
   */
  private nested(prog: number, base: number): number {
    const stop = this.csTop;
    this.push(RUNC, prog, 0, base);
    this.loop(stop);
    return this.vs[--this.vsTop];
  }

  /** What build program `prog` builds from the bindings at `base`, nothing normalised. */
  private raw(prog: number, base: number): number {
    const b = this.programs[prog];
    const at = this.vsTop;
    for (let pc = 0; pc < b.length; pc += 2) {
      const x = b[pc + 1];
      if (b[pc] === B_VAR) this.pushValue(this.binds[base + x]);
      else if (b[pc] === B_LIT) this.pushValue(x);
      else if (b[pc] === B_KEEP) this.binds[base + x] = this.vs[this.vsTop - 1];
      else {
        const n = this.symArity[x];
        const c = this.intern(x, this.vsTop - n, n);
        this.vsTop -= n;
        this.pushValue(c);
      }
    }
    const c = this.vs[at];
    this.vsTop = at;
    return c;
  }

  /** Checks a rule's conditions with its bindings at `base` (reserved above the stack's). */
  private holds(r: MRule, base: number): boolean {
    for (const c of r.conditions!) {
      const a = this.nested(c.a, base);
      if (c.pat === undefined) {
        if (this.nested(c.b, base) !== a) return false;
      } else if (!this.matches(c.pat, a, base, 0)) return false;
    }
    return true;
  }

  /**
   * Rewrites cell u (arguments normal) at its root by the first rule that applies: pushes a
   * RUN frame for its right side, or u's value when no rule applies, or the binding when the
   * right side is a variable (a binding is normal).
   */
  private rewrite(u: number): void {
    const list: MRule[] | undefined = this.byRoot[this.heap[u]];
    if (list !== undefined) {
      // binds[top] is the redex (see checkBig), its rule's bindings follow.
      const top = this.bindTop;
      const bindTop = top + 1;
      for (let k = 0; k < list.length; k++) {
        const r: MRule = list[k];
        if (bindTop + r.slots > this.binds.length)
          this.binds = grow32(this.binds, bindTop + r.slots);
        this.binds[top] = u;
        // Node 0 is the top, whose symbol selected the list.
        if (!this.matches(r.lhs, u, bindTop, 1)) continue;
        if (r.conditions !== undefined || r.self) {
          this.bindTop = bindTop + r.slots;
          let ok = r.conditions === undefined || this.holds(r, bindTop);
          // A right side built as it is (nothing normalised) equal to the redex: no rewrite.
          if (ok && r.self) ok = this.raw(r.rhs, bindTop) !== u;
          this.bindTop = top;
          if (!ok) continue;
        }
        const run = this.run;
        if (++run.steps > this.maxSteps) {
          run.steps--;
          run.count(this.toTerm(u));
        }
        this.budget.tick();
        if (r.rhsVar >= 0) {
          this.pushValue(this.binds[bindTop + r.rhsVar]);
          return;
        }
        this.push(RUN, r.rhs, 0, bindTop);
        this.bindTop = bindTop + r.slots;
        return;
      }
    }
    this.pushValue(u);
  }

  private get budget() {
    return this.run.budget;
  }

  private get maxSteps(): number {
    return this.run.limits.maxSteps;
  }

  /** The normal form of cell `root`. */
  private eval(root: number): number {
    this.csTop = 0;
    this.vsTop = 0;
    this.bindTop = 0;
    this.push(EVAL, root, 0, 0);
    this.loop(0);
    return this.vs[this.vsTop - 1];
  }

  /**
   * Runs control frames until the stack is back at `stop`. Frames are four integers: op, a, b, d.
   *   EVAL c            the normal form of c onto the value stack
   *   ARGS c i at       arguments of c from i on are being normalised (their values from `at`)
   *   DONE c            nf[c] = the value on top
   *   RUN prog pc base  a right side's build program from pc, bindings from base (released at its end)
   *   RUNC prog pc base the same for a condition's side (the bindings stay)
   */
  private loop(stop: number): void {
    const budget = this.run.budget;
    const maxSize = this.run.limits.maxSize;
    const memo = this.memo;
    while (this.csTop > stop) {
      const top = (this.csTop -= 4);
      const cs = this.cs;
      const op = cs[top];
      if (op === EVAL) {
        const c = cs[top + 1];
        const v = this.heap[c + 1];
        if (v >= 0) {
          this.pushValue(v);
          continue;
        }
        if (v === PENDING) this.cycle(c);
        this.heap[c + 1] = PENDING;
        budget.tick();
        this.push(DONE, c, 0, 0);
        this.push(ARGS, c, 0, this.vsTop);
        continue;
      }
      if (op === ARGS) {
        const c = cs[top + 1];
        let i = cs[top + 2];
        const at = cs[top + 3];
        const n = this.symArity[this.heap[c]];
        const base = c + 3;
        let waiting = false;
        while (i < n) {
          const a = this.heap[base + i];
          const v = this.heap[a + 1];
          i++;
          if (v >= 0) this.pushValue(v);
          else {
            this.push(ARGS, c, i, at);
            this.push(EVAL, a, 0, 0);
            waiting = true;
            break;
          }
        }
        if (waiting) continue;
        // All arguments normal: the values are vs[at .. at + n).
        let same = true;
        for (let k = 0; k < n; k++)
          if (this.vs[at + k] !== this.heap[base + k]) {
            same = false;
            break;
          }
        const sym = this.heap[c];
        const u = same ? c : this.intern(sym, at, n);
        this.vsTop = at;
        if (this.byRoot[sym] === undefined) {
          // A constructor with normal arguments is normal: no rule to try, no frame to run.
          // The frame below is DONE c (an ARGS frame sits on its own DONE): done here.
          this.heap[u + 1] = u;
          this.heap[c + 1] = u;
          this.csTop -= 4;
          this.pushValue(u);
          continue;
        }
        if (u !== c) {
          const v = this.heap[u + 1];
          if (v >= 0) {
            this.pushValue(v);
            continue;
          }
          if (v === PENDING) this.cycle(u);
          this.heap[u + 1] = PENDING;
          this.push(DONE, u, 0, 0);
        }
        this.rewrite(u);
        continue;
      }
      if (op === DONE) {
        this.heap[cs[top + 1] + 1] = this.vs[this.vsTop - 1];
        continue;
      }
      // RUN, RUNC: continue a build program.
      const prog = cs[top + 1];
      let pc = cs[top + 2];
      const base = cs[top + 3];
      const b = this.programs[prog];
      let suspended = false;
      while (pc < b.length) {
        const bop = b[pc];
        const x = b[pc + 1];
        pc += 2;
        if (bop === B_VAR) this.pushValue(this.binds[base + x]);
        else if (bop === B_KEEP) this.binds[base + x] = this.vs[this.vsTop - 1];
        else if (bop === B_LIT) {
          const v = this.heap[x + 1];
          if (v >= 0) this.pushValue(v);
          else {
            this.push(op, prog, pc, base);
            this.push(EVAL, x, 0, 0);
            suspended = true;
            break;
          }
        } else {
          const n = this.symArity[x];
          const at = this.vsTop - n;
          const u = this.intern(x, at, n);
          this.vsTop = at;
          if (this.size[this.heap[u + 2]] > maxSize)
            this.checkBig(u, bop === B_APPV ? this.binds[base - 1] : -1);
          const v = this.heap[u + 1];
          if (memo && v >= 0) {
            this.pushValue(v);
            continue;
          }
          if (n === 0 || (!memo && v === u)) {
            this.pushValue(u);
            continue;
          }
          if (this.byRoot[x] === undefined) {
            // A constructor over normal values is normal.
            this.heap[u + 1] = u;
            this.pushValue(u);
            continue;
          }
          // The root of a right side (its last instruction) leaves its frame nothing to do: the
          // frame ends now, its bindings released, instead of waiting for the root's normal
          // form (a tail call: a chain f -> g -> h -> f ... holds no frame per rewrite).
          if (op === RUN && pc === b.length) this.bindTop = base - 1;
          else this.push(op, prog, pc, base);
          if (memo) {
            if (v === PENDING) this.cycle(u);
            this.heap[u + 1] = PENDING;
            this.push(DONE, u, 0, 0);
          }
          this.rewrite(u);
          suspended = true;
          break;
        }
      }
      if (!suspended && op === RUN) this.bindTop = base - 1;
    }
  }
}

/**
 * A normal form left in the machine's store: the Term is made on first use, and the sizes and
 * the text can be read without it (`bibun rewrite` prints a result of 10^6 nodes from the store,
 * where converting it would cost as much as the run).
 */
export class StoredResult {
  private converted: Term | undefined;
  private machine: Machine | undefined;

  constructor(
    machine: Machine,
    private readonly cell: number,
  ) {
    this.machine = machine;
  }

  /** The interned term (made once; the store is let go of then). */
  term(): Term {
    if (this.converted === undefined) {
      this.converted = this.machine!.toTerm(this.cell);
      this.machine = undefined;
    }
    return this.converted;
  }

  /** The tree size, exact. */
  treeSize(): bigint {
    const m = this.machine;
    if (m === undefined) return this.term().treeSize;
    const n = m.treeSizeOf(this.cell);
    return n <= Number.MAX_SAFE_INTEGER ? BigInt(n) : this.term().treeSize;
  }

  dagSize(): number {
    return this.machine?.dagSizeOf(this.cell) ?? this.term().dagSize;
  }

  /** The infix text, read from the store when it can be (see Machine.textOf); else undefined. */
  text(leaf: (t: Term) => string | undefined): string | undefined {
    return this.machine?.textOf(this.cell, leaf);
  }
}

const TREE = 1;
const WITHIN = 2;
/** The cell is an argument of a cell in the table. */
const PARENT = 4;

const COMMA = -1;
const CLOSE = -2;

const EVAL = 0;
const ARGS = 1;
const DONE = 2;
const RUN = 3;
const RUNC = 4;
