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
  type Template,
  type TemplateNode,
} from './template.js';
import type { GuardCall, RuleDecl } from '../syntax/ast.js';
import { Signature } from './operators.js';
import { app, list, type Term, type TheoryLookup, theoryApp } from '../term/term.js';
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
  /** @internal Set when the rule can be applied by the rule-set normaliser (rule-sets.ts). */
  readonly direct: DirectRule | undefined;
  /**
   * Rewrites `t` at its root: the first match (in the matcher's order) whose guards hold and
   * whose result differs from `t`. Undefined when there is none.
   */
  apply(t: Term): Term | undefined;
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

/** Pattern variables of a term: name → segment?, in first-seen order. */
function variables(t: Term): Map<string, boolean> {
  const out = new Map<string, boolean>();
  if (!t.hasVars) return out;
  for (const n of postorder(t)) if (n.kind === 'var') out.set(n.name, n.segment);
  return out;
}

function showVar(name: string, segment: boolean): string {
  return `?${name}${segment ? '...' : ''}`;
}

/** True when a segment variable stands somewhere other than in an argument list. */
function bareSegment(t: Term): boolean {
  if (t.kind === 'var') return t.segment;
  return false;
}

/** A guard compiled against the rule's slots. */
type CompiledGuard = (values: readonly (Binding | undefined)[]) => boolean;

function guardArg(
  t: Term,
  slots: ReadonlyMap<string, number>,
  theories: TheoryLookup | undefined,
): Template {
  if (t.kind === 'var' && t.segment) {
    const slot = slots.get(t.name)!;
    return (vals) => list(...((vals[slot] as readonly Term[] | undefined) ?? []));
  }
  return compileTemplate(t, slots, theories);
}

/** A head variable is a plain `?f`: a segment `?f...` cannot bind one head. */
function checkHeadVars(t: Term, fail: (m: string) => BibunError): void {
  if (!t.hasVars) return;
  for (const n of postorder(t)) {
    if (n.kind !== 'app' || n.head !== HEAD_VAR) continue;
    const f = n.args[0];
    if (f?.kind === 'var' && f.segment)
      throw fail(
        `?${f.name}...(...): a head variable stands for one head, so it is ?${f.name}, not a segment`,
      );
  }
}

/** A head declared with attributes but not `assoc` is binary, and takes no segment variable. */
function checkTheoryArgs(t: Term, theories: TheoryLookup, fail: (m: string) => BibunError): void {
  if (!t.hasVars) return;
  for (const n of postorder(t)) {
    if (n.kind !== 'app') continue;
    const th = theories(n.head);
    if (th === undefined || th.assoc) continue;
    if (n.args.length !== 2)
      throw fail(
        `${n.head} is a binary operator (declared with op), got ${n.args.length} arguments`,
      );
    const seg = n.args.find((a) => a.kind === 'var' && a.segment);
    if (seg !== undefined && seg.kind === 'var')
      throw fail(
        `?${seg.name}... in ${n.head}(...): a segment variable needs an operator declared assoc`,
      );
  }
}

/** The rule with its terms in the canonical form of the declared axioms. */
function normalizeDecl(d: RuleDecl, sig: Signature): RuleDecl {
  if (sig.lookup === undefined) return d;
  const n = (t: Term) => sig.normalize(t);
  return {
    ...d,
    lhs: n(d.lhs),
    rhs: n(d.rhs),
    guards: d.guards.map((g) => ({ ...g, args: g.args.map(n) })),
  };
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
  for (const [name, seg] of variables(decl.rhs)) {
    const bound = lhsVars.get(name);
    if (bound === undefined)
      throw fail(
        `unbound right-hand variable ${showVar(name, seg)} (the left side does not bind it)`,
      );
    if (bound !== seg)
      throw fail(`${showVar(name, seg)} is ${showVar(name, bound)} on the left side`);
  }

  const optional: string[] = [];
  const tests: { call: GuardCall; guard: Guard }[] = [];
  for (const g of decl.guards) {
    const at = { line: g.line, column: g.column };
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
    const guard = registry.get(g.name);
    if (guard === undefined) {
      const known = [...registry.keys(), OPTIONAL].join(', ');
      throw fail(`unknown guard ${g.name} (known: ${known})`, at);
    }
    if (guard.arity !== g.args.length) {
      throw fail(
        `guard ${g.name} takes ${guard.arity} argument${guard.arity === 1 ? '' : 's'}, got ${g.args.length}`,
        at,
      );
    }
    for (const a of g.args) {
      for (const [name, seg] of variables(a)) {
        const bound = lhsVars.get(name);
        if (bound === undefined)
          throw fail(
            `guard ${g.name} uses ${showVar(name, seg)}, which the left side does not bind`,
            at,
          );
        // A guard sees a segment as list(...): it must say so, or it would get no one term.
        if (bound !== seg)
          throw fail(
            `guard ${g.name} uses ${showVar(name, seg)}, but the left side binds ${showVar(name, bound)}${bound ? ` (a sequence: write ${showVar(name, true)} to pass it as list(...))` : ''}`,
            at,
          );
      }
    }
    tests.push({ call: g, guard });
  }
  if (decl.lhs === decl.rhs) {
    throw fail(
      'the two sides are the same term, so the rule does nothing (note that ?a + 0 is ?a and ?a*1 is ?a in canonical form)',
    );
  }

  // Guards on one plain variable become binding checks, run during matching.
  const perVar = new Map<string, BindingCheck[]>();
  const late: { call: GuardCall; guard: Guard }[] = [];
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
    } else late.push(t);
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
  const slots = pattern.slots;
  const compiled: CompiledGuard[] = late.map(({ call, guard }) => {
    const args = call.args.map((a) => guardArg(a, slots, theories));
    return (vals) => guard.test(args.map((f) => f(vals)));
  });
  const rhsNode = templateNode(decl.rhs, slots, theories);
  const rhs = templateClosure(rhsNode);
  const topHead = pattern.extended && decl.lhs.kind === 'app' ? decl.lhs.head : undefined;
  const topTheory = topHead !== undefined ? theories?.(topHead) : undefined;
  const direct = directRule(pattern, rhsNode, compiled.length);
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

  // A syntactic rule without late guards has at most one match: no search, no callback.
  const simple = compiled.length === 0 ? pattern.simpleMatch : undefined;
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

  const apply = (t: Term): Term | undefined => {
    let result: Term | undefined;
    pattern.match(t, (m) => {
      const vals = m.values;
      for (const g of compiled) if (!g(vals)) return false;
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
    direct,
    apply: simple !== undefined ? applySimple : apply,
  });
}
