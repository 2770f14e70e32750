/**
 * Soundness checks of rules: does every rewrite a rule makes keep the value of the term?
 *
 * For a rule `lhs -> rhs if guards`, fast-check draws terms for the pattern variables (numbers
 * for variables a numeric guard constrains, small expressions in x, y, z otherwise), builds the
 * instance of the left side, and lets the rule itself rewrite it — so the rule's own matcher and
 * guards decide whether it applies. Where it does, both sides are compared at a point of the
 * grid (lib/check/grid.ts; every free symbol of the rule gets a value, not only x, y, z) with the
 * one numeric comparison (lib/check/numeric.ts) in its `left` mode: wherever the left side is
 * defined the right side must be defined and equal (a rule may extend the domain, as simplify
 * may), and a difference is confirmed exactly or by intervals. A failure is shrunk to a small
 * counterexample.
 *
 * Rules over heads with no numeric meaning (Peano `s`, `add`) have no value to preserve; they are
 * reported as skipped. This is what `bibun check-rules FILE...` runs.
 */
import fc from 'fast-check';
import * as Immutable from '../base/immutable.js';
import { instantiate, type Binding } from '../match/pattern.js';
import { toInfix } from '../term/print.js';
import type { Rule } from '../match/rule.js';
import type { RuleLibrary } from '../rewrite/library.js';
import { HEAD_VAR, headInfo, knownFunctionNames } from '../base/signature.js';
import { add, call, mul, num, pow, sym, type Term } from '../term/term.js';
import { freeSymbols, postorder } from '../term/walk.js';
import { gridPoints } from './grid.js';
import { compareAt, valueAt } from './numeric.js';

export { agree as agrees, valueAt } from './numeric.js';

/** A shrunk failure of a rule. */
export interface Counterexample {
  /** The pattern variables' values, printed. */
  readonly bindings: Readonly<Record<string, string>>;
  /** The point (values of x, y, z). */
  readonly point: Readonly<Record<string, number>>;
  readonly before: Term;
  readonly after: Term;
  readonly beforeValue: number;
  readonly afterValue: number;
}

/** The verdict on one rule. */
export interface RuleCheck {
  readonly rule: Rule;
  readonly status: 'sound' | 'unsound' | 'skipped';
  /** Why a rule was skipped, or a note (e.g. the rule never applied to a random instance). */
  readonly note: string | undefined;
  /** Random instances the rule rewrote. */
  readonly applied: number;
  readonly counterexample: Counterexample | undefined;
}

/** Options of {@link checkRule}. */
export interface CheckOptions {
  readonly seed?: number;
  readonly numRuns?: number;
}

const symbols = ['x', 'y', 'z'] as const;

const smallInt = fc.integer({ min: -4, max: 4 }).map((n) => num(BigInt(n)));
const rational = fc
  .tuple(fc.integer({ min: -6, max: 6 }), fc.integer({ min: 1, max: 4 }))
  .map(([n, d]) => num(BigInt(n), BigInt(d)));
const symbol = fc.constantFrom(...symbols).map(sym);

/** `a^n`, or `a` itself where the power is undefined (0^(-1)). */
function safePow(a: Term, n: number): Term {
  try {
    return pow(a, num(BigInt(n)));
  } catch {
    return a;
  }
}

/** Small expressions in x, y, z that evaluate to numbers. */
const expression: fc.Arbitrary<Term> = fc.letrec<{ t: Term }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: symbol, weight: 4 },
    { arbitrary: smallInt, weight: 2 },
    { arbitrary: rational, weight: 1 },
    { arbitrary: fc.tuple(tie('t'), tie('t')).map(([a, b]) => add(a, b)), weight: 2 },
    { arbitrary: fc.tuple(tie('t'), tie('t')).map(([a, b]) => mul(a, b)), weight: 2 },
    {
      arbitrary: fc.tuple(tie('t'), fc.integer({ min: -2, max: 3 })).map(([a, n]) => safePow(a, n)),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(fc.constantFrom('sin', 'cos', 'exp', 'log', 'sqrt'), tie('t'))
        .map(([f, a]) => call(f, a)),
      weight: 1,
    },
  ),
})).t;

const numericGuards = new Set([
  'is_number',
  'is_rational',
  'is_integer',
  'is_even',
  'is_odd',
  'is_positive',
  'is_negative',
  'is_nonnegative',
  'is_nonzero',
  '<',
  '<=',
  '>',
  '>=',
]);

/** What to draw for one pattern variable, from the guards that mention it alone. */
function arbitraryFor(rule: Rule, name: string, segment: boolean): fc.Arbitrary<Binding> {
  // A head variable ?f(...) takes the name of a known function (its guards pick among them).
  if (headVariables(rule.lhs).has(name))
    return fc.constantFrom(...knownFunctionNames.filter((f) => headInfo(f)?.arity === 1)).map(sym);
  let kind: 'int' | 'number' | 'symbol' | 'atom' | 'any' = 'any';
  for (const g of rule.guards) {
    if (!g.args.some((a) => a.kind === 'var' && a.name === name)) continue;
    if (g.name === 'is_integer' || g.name === 'is_even' || g.name === 'is_odd') kind = 'int';
    else if (numericGuards.has(g.name) && kind !== 'int') kind = 'number';
    else if (g.name === 'is_symbol') kind = 'symbol';
    else if (g.name === 'is_atom') kind = 'atom';
  }
  const one: fc.Arbitrary<Term> =
    kind === 'int'
      ? smallInt
      : kind === 'number'
        ? fc.oneof(smallInt, rational)
        : kind === 'symbol'
          ? symbol
          : kind === 'atom'
            ? fc.oneof(symbol, smallInt)
            : fc.oneof({ arbitrary: expression, weight: 4 }, { arbitrary: smallInt, weight: 1 });
  return segment ? fc.array(one, { maxLength: 3 }) : one;
}

/** The names of the head variables of `t` (`?f` of `?f(?x)`). */
function headVariables(t: Term): Set<string> {
  const out = new Set<string>();
  if (t.hasVars)
    for (const n of postorder(t))
      if (n.kind === 'app' && n.head === HEAD_VAR && n.args[0]?.kind === 'var')
        out.add(n.args[0].name);
  return out;
}

/**
 * The first head of `t` without a numeric meaning, if any: not a known function, or one applied
 * to another number of arguments (a rule file's own `op exp/2`). A head variable's application
 * has the meaning of the function it is bound to.
 */
function nonNumericHead(t: Term): string | undefined {
  for (const n of postorder(t)) {
    if (n.kind !== 'app' || n.head === HEAD_VAR) continue;
    const info = headInfo(n.head);
    if (info?.numeric === undefined) return n.head;
    if (typeof info.arity === 'number' && info.arity !== n.args.length)
      return `${n.head}/${n.args.length}`;
  }
  return undefined;
}

function tryEvaluate(t: Term, point: Record<string, number>): number {
  return valueAt(t, point)?.value ?? NaN;
}

/**
 * Property-tests one rule (see the module comment).
 *
 * @example checkRule(lib.rules.get('collect')!).status // 'sound'
 */
export function checkRule(rule: Rule, options: CheckOptions = {}): RuleCheck {
  const bad = nonNumericHead(rule.lhs) ?? nonNumericHead(rule.rhs);
  const base = { rule, applied: 0, counterexample: undefined };
  if (bad !== undefined)
    return { ...base, status: 'skipped', note: `${bad} has no numeric meaning` };
  const names = rule.pattern.names;
  const bindingArb = fc.tuple(
    ...names.map((n, i) => arbitraryFor(rule, n, rule.pattern.segment[i])),
  );
  // Every free symbol of the rule gets a value (a rule `k*?a -> ?a` is tested at k ≠ 1 too).
  const ruleSymbols = [...freeSymbols(rule.lhs), ...freeSymbols(rule.rhs)];
  const pointArb = gridPoints([...new Set([...symbols, ...ruleSymbols])].sort());
  let applied = 0;
  let compared = 0;
  const instance = (values: readonly Binding[]) => {
    const bindings = Immutable.Map<string, Binding>(
      names.map((n, i) => [n, values[i]] as [string, Binding]),
    );
    let before: Term;
    try {
      before = instantiate(rule.lhs, bindings);
    } catch {
      return undefined; // an instance outside exact arithmetic (0^(-1)): no test
    }
    const after = rule.apply(before);
    return after === undefined ? undefined : { before, after };
  };
  const prop = fc.property(bindingArb, pointArb, (values, point) => {
    const inst = instance(values);
    if (inst === undefined) return true;
    applied++;
    const c = compareAt(inst.before, inst.after, point, 'left');
    if (c.kind === 'skip') return true;
    compared++;
    return c.kind === 'agree';
  });
  const details = fc.check(prop, { seed: options.seed ?? 42, numRuns: options.numRuns ?? 200 });
  if (!details.failed || details.counterexample === null) {
    const note =
      applied === 0
        ? 'no random instance was rewritten by the rule (not exercised)'
        : compared === 0
          ? 'no rewritten instance was defined at a sampled point (not exercised)'
          : undefined;
    return { rule, applied, counterexample: undefined, status: 'sound', note };
  }
  const [values, point] = details.counterexample;
  const inst = instance(values)!;
  const printed: Record<string, string> = {};
  names.forEach((n, i) => {
    const v = values[i];
    printed[n] = Array.isArray(v) ? v.map((t) => toInfix(t)).join(', ') : toInfix(v as Term);
  });
  return {
    rule,
    applied,
    status: 'unsound',
    note: undefined,
    counterexample: {
      bindings: printed,
      point,
      before: inst.before,
      after: inst.after,
      beforeValue: tryEvaluate(inst.before, point),
      afterValue: tryEvaluate(inst.after, point),
    },
  };
}

/** Checks every rule of a library (or of one of its files). */
export function checkLibrary(
  lib: RuleLibrary,
  options: CheckOptions & { file?: string } = {},
): RuleCheck[] {
  return lib.rulesOf(options.file).map((r) => checkRule(r, options));
}

/** One line per unsound rule (what `bibun check-rules` prints), e.g. for a wrong rule. */
export function describeCheck(c: RuleCheck): string {
  const where = `${c.rule.file ?? '<input>'}:${c.rule.line}:${c.rule.column}`;
  if (c.status !== 'unsound')
    return `${where}: rule ${c.rule.name}: ${c.status}${c.note ? ` (${c.note})` : ''}`;
  const ce = c.counterexample!;
  const vars = Object.entries(ce.bindings)
    .map(([k, v]) => `?${k} = ${v}`)
    .join(', ');
  const at = Object.entries(ce.point)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ');
  return `${where}: rule ${c.rule.name} is unsound: with ${vars}, ${toInfix(ce.before)} became ${toInfix(ce.after)}; at ${at} they are ${ce.beforeValue} and ${ce.afterValue}`;
}
