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
 * be in the table), with the normal form of each cell memoised in it (store.ts). Nothing on
 * the hot path allocates a JavaScript object. Only the input (once) and the result (once) cross
 * between the store and interned Terms, so every term anyone holds is still an interned Term.
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
 * and cycles are not detected (the step budget ends a loop).
 *
 * ## When it applies
 *
 * `machineRules` (machine-rules.ts) accepts a list of rule sets whose every rule has a
 * syntactic left side with an application at the top (or a ground one, matched by identity), no
 * guard, and only the conditions `L == R`, `P := E` and `otherwise` (README "Rule files"), and
 * whose terms use no `+`, `*`, `^`, head variable, segment variable or head with declared
 * axioms (their constructors compute canonical forms, which the store does not); the input term
 * must satisfy the same (else {@link Machine.normalize} answers undefined, and the Term
 * normaliser runs).
 * Conditions are normalised by the machine itself, which is what "normalised under the running
 * strategy" means when the running strategy is this innermost (rule-sets.ts checks that); a rule
 * whose right side has its left side's head and may come out equal to the redex is built as it
 * is first, and does not apply when it does (as `Rule.apply` decides).
 */
import { EQUATION, MATCH } from '../match/conditions.js';
import type { Rule } from '../match/rule.js';
import type { Run } from './run.js';
import type { Term } from '../term/term.js';
import { neverRedex } from './machine-rules.js';
import { grow32, PENDING, Store, StoredResult, TREE, WITHIN } from './store.js';

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

/** The machine of one run: the term store, the compiled rules, and the normaliser. */
export class Machine extends Store {
  /** Rules by the symbol of their left side's top, in order. */
  private byRoot: (MRule[] | undefined)[] = [];
  /** Build programs (right sides and condition sides) in post-order: op, operand pairs. */
  private readonly programs: Int32Array[] = [];

  // Stacks of the normaliser (reused across calls).
  private cs = new Int32Array(0);
  private binds = new Int32Array(0);
  private regs = new Int32Array(0);

  constructor(
    rules: readonly Rule[],
    private readonly run: Run,
    private readonly memo: boolean,
  ) {
    super();
    // Assigned twice, to start small and as plain fields (see Store's constructor).
    this.cs = new Int32Array(16);
    this.binds = new Int32Array(16);
    this.regs = new Int32Array(64);
    for (const r of rules) this.addRule(r);
  }

  protected override symbolAdded(): void {
    this.byRoot.push(undefined);
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

const EVAL = 0;
const ARGS = 1;
const DONE = 2;
const RUN = 3;
const RUNC = 4;
