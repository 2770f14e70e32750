/**
 * Rule sets as strategies, and the rule-set normaliser behind `innermost`.
 *
 * {@link rulesStrategy} applies the first rule of a list that rewrites the root, with the rules
 * indexed by the head of the term and the head of its first argument ({@link RuleIndex}).
 *
 * The fast path is chosen when a strategy expression is compiled, not at run time: the compiler
 * sees a rule set as a {@link CompiledStrategy} whose alternatives are its index, a left choice
 * `a <+ b` as the alternatives of both, and compiles `innermost(...)` of anything with rule-set
 * alternatives to {@link innermostOver}, which runs {@link normalizeWithRules}.
 *
 * ## The normaliser
 *
 * It computes exactly what the generic `innermost` computes (the same normal form, memoised per
 * node, cycles detected the same way) but builds fewer terms. The generic loop instantiates a
 * right side as a whole (`add(s(x), y) -> s(add(x, y))` builds `add(x, y)` and `s(add(x, y))`)
 * and then walks it. The normaliser builds a right side bottom-up and normalises each part as
 * soon as it is built, so `s(add(x, y))` is never made: only `add(x, y)`, which is a redex and
 * must exist to be memoised, and `s(n)` for its normal form `n`. This is sound because, in
 * innermost order, the redex's arguments are already normal and a variable of a syntactic
 * pattern below the root is bound to a subterm of them, hence normal too.
 *
 * Rules qualify for this ("direct" rules, see rule.ts) when the left side is syntactic with an
 * application at the top and no guard beyond per-variable ones, and the right side cannot come
 * out equal to the redex or fail to build. Other rules, and strategies in the choice that are
 * not rule sets (`fold`), are applied as they are and their result is normalised as a whole.
 *
 * A traced run uses the generic loop, so that each step's `after` is the right side as written.
 */
import { type ArgFrame, deliver, type Memo } from './memo.js';
import { deferredRun, type Run, type Strategy } from './run.js';
import type { Rule } from '../match/rule.js';
import type { Binding, TemplateNode } from '../match/template.js';
import { app, type App, currentTheories, type Term } from '../term/term.js';
import { Machine } from './machine.js';
import { machineRules } from './machine-rules.js';
import { withArgs } from '../term/walk.js';
import { innermost } from './traversals.js';

/** The rules for one head, and the same narrowed by the head of the first argument. */
interface HeadIndex {
  readonly all: readonly Rule[];
  /** By the first argument's head; `''` for a leaf first argument. */
  readonly byArg: Map<string, readonly Rule[]>;
  /** Some rule of `all` constrains the first argument. */
  readonly narrows: boolean;
}

/** Rules in order, indexed by the head they match and the head of their first argument. */
export class RuleIndex {
  readonly rules: readonly Rule[];
  /** The number of slots of the largest pattern. */
  readonly slots: number;
  private readonly anyHead: readonly Rule[];
  private readonly heads = new Map<string, HeadIndex>();

  constructor(rules: readonly Rule[]) {
    // `if otherwise` rules come after every other rule: they fire when none of those applies.
    this.rules = rules.some((r) => r.otherwise)
      ? [...rules.filter((r) => !r.otherwise), ...rules.filter((r) => r.otherwise)]
      : rules;
    this.anyHead = this.rules.filter((r) => r.head === undefined);
    this.slots = Math.max(0, ...this.rules.map((r) => r.pattern.names.length));
  }

  /** The rules that may rewrite `t` at its root, in order. */
  candidates(t: Term): readonly Rule[] {
    if (t.kind !== 'app') return this.anyHead;
    let h = this.heads.get(t.head);
    if (h === undefined) {
      const all = this.rules.filter((r) => r.head === undefined || r.head === t.head);
      h = { all, byArg: new Map(), narrows: all.some((r) => r.firstArgHead !== undefined) };
      this.heads.set(t.head, h);
    }
    if (!h.narrows || t.args.length === 0) return h.all;
    const a = t.args[0];
    const key = a.kind === 'app' ? a.head : '';
    let list = h.byArg.get(key);
    if (list === undefined) {
      list = h.all.filter((r) => r.firstArgHead === undefined || r.firstArgHead === key);
      h.byArg.set(key, list);
    }
    return list;
  }
}

/** What the normaliser tries at a root, in order: rule indexes, and other strategies. */
export type RootStep = RuleIndex | Strategy;

/**
 * A strategy as the strategy compiler sees it: the strategy, and, when it is a left choice that
 * involves rule sets (`arith <+ fold <+ trig`), the alternatives it tries in order, so that
 * `innermost` over it can be compiled to {@link innermostOver}.
 */
export interface CompiledStrategy {
  readonly strategy: Strategy;
  readonly alternatives: readonly RootStep[] | undefined;
}

/** The strategy that applies the first rule of `index` that rewrites the root. */
function indexStrategy(index: RuleIndex): Strategy {
  return (t, run) => {
    const list = index.candidates(t);
    for (let i = 0; i < list.length; i++) {
      const r = list[i].apply(t, run);
      if (r !== undefined) {
        run.step(list[i].name, t, r);
        return r;
      }
    }
    return undefined;
  };
}

/**
 * A strategy applying the first of `rules` (in order) that rewrites the root. Fails when none
 * applies.
 */
export function rulesStrategy(rules: readonly Rule[]): Strategy {
  return indexStrategy(new RuleIndex(rules));
}

/** A rule set as the strategy compiler sees it (see {@link CompiledStrategy}). */
export function ruleSet(rules: readonly Rule[]): CompiledStrategy {
  const index = new RuleIndex(rules);
  return { strategy: indexStrategy(index), alternatives: [index] };
}

/**
 * `innermost(a1 <+ a2 <+ ...)` for alternatives that include rule indexes: the rule-set
 * normaliser (see the module comment), which computes what the generic `innermost` computes;
 * a traced run takes the generic loop, so that each step's `after` is the right side as written.
 */
export function innermostOver(alternatives: readonly RootStep[]): Strategy {
  const steps = Object.freeze(alternatives.slice());
  const parts = steps.map((a) => (a instanceof RuleIndex ? indexStrategy(a) : a));
  const traced = innermost((t, run) => {
    for (const p of parts) {
      const r = p(t, run);
      if (r !== undefined) return r;
    }
    return undefined;
  });
  const self: Strategy = (t, run) =>
    run.tracing
      ? traced(t, run)
      : normalizeWithRules(steps, t, run, run.memo(self, 'innermost'), self);
  // Run by itself, the machine's result stays in its store until someone needs the term.
  deferredRun(self, (t, run) =>
    machineFor(steps, run, run.memo(self, 'innermost'), self)?.normalizeStored(t),
  );
  return self;
}

/** The innermost normal form under one list of rules (`innermost` of the rule set). */
export function innermostRules(rules: readonly Rule[]): Strategy {
  return innermostOver([new RuleIndex(rules)]);
}

/** The rules the machine can run for a list of steps (and whether any has conditions), or null. */
const machineRulesOf = new WeakMap<
  readonly RootStep[],
  { readonly rules: readonly Rule[]; readonly conditional: boolean } | null
>();
/** The machine of a run's memo table (one per run and normaliser). */
const machines = new WeakMap<Memo, Machine>();

let machineOn = true;

/**
 * @internal Turns the rewriting machine off or on (for specs and benchmarks comparing it with
 * the Term normaliser); returns the previous setting.
 */
export function useMachine(on: boolean): boolean {
  const was = machineOn;
  machineOn = on;
  return was;
}

/** The rewriting machine for `steps` in this run, when every step is a rule set it can run. */
function machineFor(
  steps: readonly RootStep[],
  run: Run,
  memo: Memo,
  self: Strategy | undefined,
): Machine | undefined {
  if (!machineOn) return undefined;
  let found = machineRulesOf.get(steps);
  if (found === undefined) {
    const rules = steps.every((s) => s instanceof RuleIndex)
      ? machineRules(steps.map((s) => (s as RuleIndex).rules))
      : undefined;
    found =
      rules === undefined
        ? null
        : {
            rules,
            conditional: rules.some((r) => r.guards.some((g) => g.args.length > 0)),
          };
    // Declared axioms are in force per run (setTheories), so only a list without any is cached.
    if (found === null || currentTheories() === undefined) machineRulesOf.set(steps, found);
  }
  if (found === null) return undefined;
  // Conditions are normalised under the running strategy: the machine does that itself only
  // when the running strategy is this very innermost.
  if (found.conditional && (self === undefined || run.root !== self)) return undefined;
  let m = machines.get(memo);
  if (m === undefined) {
    m = new Machine(found.rules, run, run.memoize);
    machines.set(memo, m);
  }
  return m;
}

/** A frame of the normaliser (one class, so the hot loop sees one shape). */
class Frame implements ArgFrame {
  /** 0: normalise the arguments of `t`; 1: build `node` from `vals`. */
  kind: 0 | 1 = 0;
  t: Term;
  node: TemplateNode & { k: 'app' } = undefined!;
  vals: (Binding | undefined)[] = undefined!;
  i = 0;
  args: Term[] | undefined = undefined;
  /** Terms whose normal form this frame computes. */
  readonly owners: Term[];

  constructor(t: Term, owners: Term[]) {
    this.t = t;
    this.owners = owners;
  }
}

/**
 * The innermost normal form of `root` under `steps` (see the module comment), memoised in
 * `memo`. Runs on an explicit stack: any depth is fine.
 */
export function normalizeWithRules(
  steps: readonly RootStep[],
  root: Term,
  run: Run,
  memo: Memo,
  self?: Strategy,
): Term {
  const machine = machineFor(steps, run, memo, self);
  if (machine !== undefined) {
    const r = machine.normalize(root);
    if (r !== undefined) return r;
  }
  const first = memo.claim(root);
  if (first !== undefined) return first!;
  const nslots = Math.max(0, ...steps.map((s) => (s instanceof RuleIndex ? s.slots : 0)));
  const scratch: (Binding | undefined)[] = new Array(nslots).fill(undefined);
  const stack: Frame[] = [new Frame(root, [root])];

  /** Turns frame f into the normalisation of the existing term r; the value if known now. */
  const restart = (f: Frame, r: Term): Term | undefined => {
    const again = memo.claim(r);
    if (again !== undefined) return again!;
    f.owners.push(r);
    f.kind = 0;
    f.t = r;
    f.i = 0;
    f.args = undefined;
    return undefined;
  };

  /**
   * One root step on u (its arguments normal): the value if u is done, else f is reset. A
   * `fresh` u is not yet an owner of f (an unchanged `f.t` is, and is pending already).
   */
  const reduce = (f: Frame, u: Term, fresh: boolean): Term | undefined => {
    if (fresh) {
      const hit = memo.claim(u);
      if (hit !== undefined) return hit!;
      f.owners.push(u);
    }
    for (let k = 0; k < steps.length; k++) {
      const step = steps[k];
      if (!(step instanceof RuleIndex)) {
        const r = step(u, run);
        if (r !== undefined && r !== u) return restart(f, r);
        continue;
      }
      const list = step.candidates(u);
      for (let j = 0; j < list.length; j++) {
        const rule = list[j];
        const direct = rule.direct;
        if (direct === undefined) {
          const r = rule.apply(u, run);
          if (r === undefined) continue;
          run.step(rule.name, u, r);
          return restart(f, r);
        }
        if (!direct.match(u, scratch)) continue;
        run.count(u);
        const rhs = direct.rhs;
        if (rhs.k === 'var') return scratch[rhs.slot] as Term;
        if (rhs.k === 'lit') return restart(f, rhs.term);
        if (rhs.k !== 'app') throw new Error('segment variable at the top of a right side');
        f.kind = 1;
        f.node = rhs;
        f.vals = scratch.slice(0, direct.slots);
        f.i = 0;
        f.args = new Array(rhs.args.length);
        return undefined;
      }
    }
    return u;
  };

  let value: Term | undefined;
  for (;;) {
    const f = stack[stack.length - 1];
    if (value === undefined) {
      if (f.kind === 0) {
        const t = f.t;
        if (t.kind === 'app' && f.i < t.args.length) {
          const c = t.args[f.i];
          const hit = memo.claim(c);
          if (hit !== undefined) {
            deliver(f, t.args, hit!);
            continue;
          }
          run.tick();
          stack.push(new Frame(c, [c]));
          continue;
        }
        const u = f.args === undefined ? t : withArgs(t, f.args);
        value = reduce(f, u, u !== t);
        if (value === undefined) continue;
      } else {
        const node = f.node;
        if (f.i < node.args.length) {
          const a = node.args[f.i];
          if (a.k === 'var') f.args![f.i++] = f.vals[a.slot] as Term;
          else if (a.k === 'lit') {
            const hit = memo.claim(a.term);
            if (hit !== undefined) f.args![f.i++] = hit!;
            else stack.push(new Frame(a.term, [a.term]));
          } else if (a.k === 'app') {
            const b = new Frame(f.t, []);
            b.kind = 1;
            b.node = a;
            b.vals = f.vals;
            b.args = new Array(a.args.length);
            stack.push(b);
          } else throw new Error('segment variable in a direct rule');
          continue;
        }
        const u = app(node.head, f.args!);
        run.checkSize(u);
        value = reduce(f, u, true);
        if (value === undefined) continue;
      }
    }
    // Frame f is done with `value`.
    for (const o of f.owners) memo.set(o.id, value);
    stack.pop();
    if (stack.length === 0) return value;
    const p = stack[stack.length - 1];
    if (p.kind === 0) deliver(p, (p.t as App).args, value);
    else p.args![p.i++] = value;
    value = undefined;
  }
}
