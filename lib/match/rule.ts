/**
 * Rules: `name: lhs -> rhs if guard, ...`, validated and compiled.
 *
 * {@link makeRule} turns a parsed {@link RuleDecl} into a {@link Rule} or throws a BibunError of
 * kind `rule` naming file:line:column and the rule, for: a right-hand variable the left side does
 * not bind, an unknown guard, a guard with the wrong number of arguments, a guard variable the
 * left side does not bind, a variable used both as `?a` and `?a...` (also a guard naming a segment
 * as `?a`: a guard receives a segment as `list(...)` only when it writes `?a...`), a misplaced
 * `optional`, and
 * a rule whose two sides are the same term (usually because the canonical form already removed
 * what the rule meant to remove: `?a + 0` *is* `?a`).
 *
 * ## `optional(?a, ...)`
 *
 * A pseudo-guard: it names variables that may match the identity of their position (0 in a sum,
 * 1 in a product or as an exponent; see pattern.ts). `collect: ?a*?x + ?b*?x -> (?a+?b)*?x if
 * optional(?a, ?b), is_number(?a), is_number(?b)` then collects `x + 2*x` as well as `2*x + 3*x`.
 * It is a matching directive, not a test, and is kept out of the guard registry.
 *
 * Guards that mention a single variable are checked the moment that variable is bound, which
 * prunes AC search early; the others are checked once the whole left side has matched. A
 * rejected match makes the matcher try the next one.
 */
import { BibunError } from '../base/errors.js';
import { type Guard, type GuardRegistry, standardGuards } from './guards.js';
import type { SimpleMatch } from './matcher.js';
import { headOf } from './plan.js';
import { compilePattern, type BindingCheck, type Pattern } from './pattern.js';
import { HEAD_VAR, isAC } from '../base/signature.js';
import {
  compileTemplate,
  templateClosure,
  templateNode,
  type Binding,
  type TemplateNode,
} from './template.js';
import type { GuardCall, Located, RuleDecl } from '../syntax/ast.js';
import {
  compileConditions,
  type ConditionStep,
  EQUATION,
  type Env,
  MATCH,
  type Normalizer,
  OTHERWISE,
} from './conditions.js';
import { Signature } from './operators.js';
import {
  bareSegment,
  checkHeadVars,
  checkTheoryArgs,
  normalizeDecl,
  showVar,
  variables,
} from './rule-checks.js';
import { app, type Term, theoryApp } from '../term/term.js';
import { postorder } from '../term/walk.js';

/** The name of the matching directive (see the module comment). */
export const OPTIONAL = 'optional';

/** A validated, compiled rewrite rule. */
export interface Rule {
  readonly name: string;
  readonly lhs: Term;
  readonly rhs: Term;
  readonly guards: readonly GuardCall[];
  /** Variables that may match an identity (from `optional(...)`). */
  readonly optional: readonly string[];
  readonly file: string | undefined;
  readonly line: number;
  readonly column: number;
  readonly pattern: Pattern;
  /** The head every term this rule can rewrite has; undefined when it can match any head. */
  readonly head: string | undefined;
  /**
   * The head the first argument of every term this rule can rewrite has (`''` for a leaf);
   * undefined when there is no such constraint. For indexing.
   */
  readonly firstArgHead: string | undefined;
  /** An `if otherwise` rule: tried only after every other rule of its rule set (rule-sets.ts). */
  readonly otherwise: boolean;
  /** The rule has conditions beyond per-variable guards (`==`, `:=`, guards over several variables). */
  readonly conditional: boolean;
  /** @internal Set when the rule can be applied by the rule-set normaliser (rule-sets.ts). */
  readonly direct: DirectRule | undefined;
  /**
   * Rewrites `t` at its root: the first match (in the matcher's order) whose conditions hold
   * and whose result differs from `t`. Undefined when there is none. `ctx` normalises the sides
   * of equational and matching conditions (the running strategy; see conditions.ts).
   */
  apply(t: Term, ctx?: Normalizer): Term | undefined;
}

/**
 * @internal A rule the normaliser applies without building its right side as a whole: the left
 * side is syntactic with an application at the top and has no guard beyond per-variable ones
 * (checked by `match`); the right side has no segment variable and no `+`, `*` or `^` (whose
 * constructors may rearrange, compute or fail), and its top is a variable, a leaf, or another
 * head than the left side's, so the result can never be the redex itself.
 */
export interface DirectRule {
  readonly match: SimpleMatch;
  readonly rhs: TemplateNode;
  /** Slots of the pattern. */
  readonly slots: number;
}

function buildsPlainly(n: TemplateNode): boolean {
  if (n.k === 'seg') return false;
  if (n.k === 'app')
    return (
      !isAC(n.head) &&
      n.head !== '^' &&
      n.head !== HEAD_VAR &&
      n.theory === undefined &&
      n.args.every(buildsPlainly)
    );
  if (n.k === 'lit' && n.term.kind === 'app') return !isAC(n.term.head) && n.term.head !== '^';
  return true;
}

function directRule(
  pattern: Pattern,
  rhs: TemplateNode,
  lateGuards: number,
): DirectRule | undefined {
  const match = pattern.simpleMatch;
  const root = pattern.root;
  if (match === undefined || root.k !== 'app' || lateGuards > 0 || !buildsPlainly(rhs))
    return undefined;
  const top =
    rhs.k === 'app'
      ? rhs.head
      : rhs.k === 'lit' && rhs.term.kind === 'app'
        ? rhs.term.head
        : undefined;
  if (top === root.head) return undefined;
  return { match, rhs, slots: pattern.names.length };
}

/** Where a rule comes from, and which guards it may use. */
export interface RuleOptions {
  readonly file?: string;
  readonly guards?: GuardRegistry;
  /** The operators declared where the rule is loaded (its terms are taken modulo their axioms). */
  readonly signature?: Signature;
}

function ruleError(
  decl: RuleDecl,
  file: string | undefined,
  message: string,
  at?: { line: number; column: number },
): BibunError {
  const p = at ?? decl;
  return new BibunError('rule', `rule ${decl.name}: ${message}`, {
    line: p.line,
    column: p.column,
    ...(file !== undefined ? { file } : {}),
  });
}

/**
 * Validates and compiles a rule.
 *
 * @throws BibunError of kind `rule`, positioned at the rule (or at the offending guard).
 */
export function makeRule(written: RuleDecl, options: RuleOptions = {}): Rule {
  const file = options.file;
  const sig = options.signature ?? Signature.empty;
  const theories = sig.lookup;
  const decl = normalizeDecl(written, sig);
  const registry = options.guards ?? standardGuards;
  const fail = (message: string, at?: { line: number; column: number }) =>
    ruleError(decl, file, message, at);

  const lhsVars = variables(decl.lhs);
  const kinds = new Map<string, boolean>();
  for (const n of decl.lhs.hasVars ? postorder(decl.lhs) : []) {
    if (n.kind !== 'var') continue;
    if (kinds.get(n.name) === !n.segment)
      throw fail(`?${n.name} is used both as ?${n.name} and ?${n.name}...`);
    kinds.set(n.name, n.segment);
  }
  if (bareSegment(decl.lhs)) throw fail('a left side cannot be a lone segment variable');
  for (const side of [decl.lhs, decl.rhs]) checkHeadVars(side, fail);
  if (theories !== undefined)
    for (const side of [decl.lhs, decl.rhs]) checkTheoryArgs(side, theories, fail);
  if (bareSegment(decl.rhs)) throw fail('a segment variable can stand only in an argument list');
  const optional: string[] = [];
  const tests: { call: GuardCall; guard: Guard }[] = [];
  const steps: ConditionStep[] = [];
  // Variables bound so far: the left side's, then those of matching conditions, in order.
  const bound = new Map(lhsVars);
  const condBound: string[] = [];
  const useVars = (what: string, t: Term, at: Located) => {
    for (const [name, seg] of variables(t)) {
      const b = bound.get(name);
      if (b === undefined)
        throw fail(
          `${what} uses ${showVar(name, seg)}, which the left side does not bind${condBound.length > 0 ? ' (nor an earlier condition)' : ''}`,
          at,
        );
      // A guard sees a segment as list(...): it must say so, or it would get no one term.
      if (b !== seg)
        throw fail(
          `${what} uses ${showVar(name, seg)}, but the left side binds ${showVar(name, b)}${b ? ` (a sequence: write ${showVar(name, true)} to pass it as list(...))` : ''}`,
          at,
        );
    }
  };
  let otherwise = false;
  for (const g of decl.guards) {
    const at = { line: g.line, column: g.column };
    if (g.name === OTHERWISE) {
      if (decl.guards.length > 1)
        throw fail(
          'an otherwise rule has no other condition (it fires when no other rule of its rule set applies)',
          at,
        );
      otherwise = true;
      continue;
    }
    if (g.name === OPTIONAL) {
      for (const a of g.args) {
        if (a.kind !== 'var' || a.segment)
          throw fail('optional(...) takes plain pattern variables', at);
        if (!lhsVars.has(a.name))
          throw fail(`optional(?${a.name}): the left side has no ?${a.name}`, at);
        optional.push(a.name);
      }
      continue;
    }
    if (g.name === EQUATION) {
      for (const a of g.args) useVars('condition ==', a, at);
      steps.push({ k: 'equation', call: g });
      continue;
    }
    if (g.name === MATCH) {
      const [pat, expr] = g.args;
      useVars('condition :=', expr, at);
      if (bareSegment(pat)) throw fail('the pattern of := cannot be a lone segment variable', at);
      checkHeadVars(pat, fail);
      for (const [name, seg] of variables(pat)) {
        const b = bound.get(name);
        if (b !== undefined && b !== seg)
          throw fail(`${showVar(name, seg)} is ${showVar(name, b)} where it is first bound`, at);
        if (b === undefined) {
          bound.set(name, seg);
          condBound.push(name);
        }
      }
      steps.push({ k: 'match', call: g });
      continue;
    }
    const guard = registry.get(g.name);
    if (guard === undefined) {
      const known = [...registry.keys(), OPTIONAL, OTHERWISE, MATCH].join(', ');
      throw fail(`unknown guard ${g.name} (known: ${known})`, at);
    }
    if (guard.arity !== g.args.length) {
      throw fail(
        `guard ${g.name} takes ${guard.arity} argument${guard.arity === 1 ? '' : 's'}, got ${g.args.length}`,
        at,
      );
    }
    for (const a of g.args) useVars(`guard ${g.name}`, a, at);
    // A guard on the left side's variables alone may be checked early; others in order.
    if (g.args.every((a) => [...variables(a).keys()].every((n) => lhsVars.has(n))))
      tests.push({ call: g, guard });
    else steps.push({ k: 'guard', call: g, guard });
  }
  for (const [name, seg] of variables(decl.rhs)) {
    const b = bound.get(name);
    if (b === undefined)
      throw fail(
        `unbound right-hand variable ${showVar(name, seg)} (the left side does not bind it)`,
      );
    if (b !== seg) throw fail(`${showVar(name, seg)} is ${showVar(name, b)} on the left side`);
  }
  if (decl.lhs === decl.rhs) {
    throw fail(
      'the two sides are the same term, so the rule does nothing (note that ?a + 0 is ?a and ?a*1 is ?a in canonical form)',
    );
  }

  // Guards on one plain variable become binding checks, run during matching.
  const perVar = new Map<string, BindingCheck[]>();
  const late: ConditionStep[] = [];
  for (const t of tests) {
    const vs = new Map<string, boolean>();
    for (const a of t.call.args) for (const [n, s] of variables(a)) vs.set(n, s);
    const [only] = vs.keys();
    if (vs.size === 1 && vs.get(only) === false) {
      const one = new Map([[only, 0]]);
      const args = t.call.args.map((a) => compileTemplate(a, one, theories));
      const test = t.guard.test;
      const check: BindingCheck = (b) => test(args.map((f) => f([b])));
      perVar.set(only, [...(perVar.get(only) ?? []), check]);
    } else late.push({ k: 'guard', ...t });
  }
  const checks = new Map<string, BindingCheck>();
  for (const [name, cs] of perVar)
    checks.set(name, cs.length === 1 ? cs[0] : (b) => cs.every((c) => c(b)));

  const pattern = compilePattern(decl.lhs, { optional, extend: true, checks, theories });
  if (pattern.misplacedOptional.length > 0) {
    const v = pattern.misplacedOptional[0];
    throw fail(
      `optional(?${v}): ?${v} must be an argument of + or *, or an exponent, to have an identity`,
    );
  }
  // The slots of the conditions and the right side: the left side's, then the conditions'.
  const slots = new Map(pattern.slots);
  for (const n of condBound) slots.set(n, slots.size);
  const lhsSlots = pattern.names.length;
  const conditions = compileConditions([...late, ...steps], slots, theories);
  const rhsNode = templateNode(decl.rhs, slots, theories);
  const rhs = templateClosure(rhsNode);
  const topHead = pattern.extended && decl.lhs.kind === 'app' ? decl.lhs.head : undefined;
  const topTheory = topHead !== undefined ? theories?.(topHead) : undefined;
  const direct = directRule(pattern, rhsNode, conditions === undefined ? 0 : 1);
  const root = pattern.root;
  const firstArg =
    root.k === 'app' && !root.ac && !root.theory && !root.mayVanish && root.args.length > 0
      ? root.args[0]
      : undefined;
  const firstArgHead =
    firstArg === undefined
      ? undefined
      : firstArg.k === 'lit'
        ? firstArg.term.kind === 'app'
          ? firstArg.term.head
          : ''
        : firstArg.k === 'app'
          ? headOf(firstArg)
          : undefined;

  // A syntactic rule without late conditions has at most one match: no search, no callback.
  const simple = conditions === undefined ? pattern.simpleMatch : undefined;
  const scratch: (Binding | undefined)[] = new Array(pattern.names.length).fill(undefined);
  const applySimple = (t: Term): Term | undefined => {
    if (!simple!(t, scratch)) return undefined;
    let r: Term;
    try {
      r = rhs(scratch);
    } catch (e) {
      if (e instanceof BibunError && e.kind === 'domain') return undefined;
      throw e;
    }
    return r === t ? undefined : r;
  };

  const apply = (t: Term, ctx?: Normalizer): Term | undefined => {
    let result: Term | undefined;
    pattern.match(t, (m) => {
      const build = (vals: readonly (Binding | undefined)[]): boolean => {
        let r: Term;
        try {
          r = rhs(vals);
          if (topHead !== undefined && m.rest !== undefined && m.rest.length > 0)
            r =
              topTheory === undefined
                ? app(topHead, [r, ...m.rest])
                : theoryApp(topHead, [...(m.before ?? []), r, ...m.rest], topTheory);
          else if (topTheory !== undefined && (m.before?.length ?? 0) > 0)
            r = theoryApp(topHead!, [...m.before!, r], topTheory);
        } catch (e) {
          // A right side undefined for this match (0^(-1)) is no rewrite; try the next match.
          if (e instanceof BibunError && e.kind === 'domain') return false;
          throw e;
        }
        if (r === t) return false;
        result = r;
        return true;
      };
      if (conditions === undefined) return build(m.values);
      const env: Env = slots.size === lhsSlots ? (m.values as Env) : m.values.slice();
      env.length = slots.size;
      return conditions(env, ctx, () => build(env));
    });
    return result;
  };

  return Object.freeze({
    name: decl.name,
    lhs: decl.lhs,
    rhs: decl.rhs,
    guards: decl.guards,
    optional,
    file,
    line: decl.line,
    column: decl.column,
    pattern,
    head: pattern.indexHead,
    firstArgHead,
    conditional: conditions !== undefined,
    direct,
    otherwise,
    apply: simple !== undefined ? applySimple : apply,
  });
}
