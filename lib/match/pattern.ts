/**
 * Pattern matching: a pattern is a term with pattern variables (`?a`, `?a...`); matching a
 * subject finds bindings of the variables that make the pattern equal to the subject.
 *
 * ## Semantics
 *
 * - Ground parts of a pattern match by identity (terms are interned: `===`).
 * - `?a` matches one term; a variable that occurs twice must match the same term twice
 *   (non-linear patterns, checked by `===`).
 * - Ordinary heads match argument by argument; a segment variable `?s...` matches a run of
 *   consecutive arguments (possibly empty).
 * - `+` and `*` match modulo associativity and commutativity. In an AC argument list each
 *   non-variable pattern argument matches one subject argument; a segment variable matches any
 *   (possibly empty) sub-multiset. When the list has no segment variable (and is not extended,
 *   below), the last unbound variable that occurs once in the list absorbs every argument left
 *   over, as `h(rest)`: `?a*?x` matches `2*x*y` with `?a = 2, ?x = x*y`. Every other variable
 *   takes one argument. This keeps enumeration polynomial (n^k for k variables) while still
 *   covering the idioms of algebraic rules.
 * - Extension (Maude's AC extension): when the top of a rule's left side is `+` or `*`, the
 *   pattern may match a part of the subject's arguments; the rest is returned in
 *   {@link MatchState.rest} and kept beside the rewritten part (`sin(x)^2 + cos(x)^2 + y`
 *   rewrites to `1 + y`).
 * - Identities, on request (Maude's `id:`): a variable named in `optional` may also match the
 *   identity of the position it stands in, with nothing consumed: `0` as an argument of `+`,
 *   `1` as an argument of `*`, `1` as the exponent of `^`. So `?a*?x` with `?a` optional matches
 *   a bare `x` with `?a = 1`, and `?x^?n` with `?n` optional matches `x` with `?n = 1`. Rules ask
 *   for it with the pseudo-guard `optional(?a)` (see rule.ts); it is never on by default, because
 *   a pattern that matches everything makes rule sets loop.
 *
 * Every match is enumerated, lazily: {@link Pattern.match} calls `onMatch` for each one until
 * it returns true, so a guard that rejects a match makes the matcher try the next.
 *
 * The search itself is in matcher.ts and ac.ts (over the compiled nodes of plan.ts); right-hand
 * sides (templates) are in template.ts.
 */
import * as Immutable from '../base/immutable.js';
import { compileSimple, Matcher, type SimpleMatch } from './matcher.js';
import {
  headOf,
  pnodeApp,
  type BindingCheck,
  type MatchPlan,
  type MatchState,
  type PNode,
  type PVar,
} from './plan.js';
import { HEAD_VAR, isAC } from '../base/signature.js';
import type { Binding } from './template.js';
import { ONE, ZERO, type Term, type TheoryLookup } from '../term/term.js';

export type { SimpleMatch } from './matcher.js';
export type { BindingCheck, MatchState } from './plan.js';
export { compileTemplate, instantiate, type Binding, type Template } from './template.js';

/** How to compile a pattern. */
export interface PatternOptions {
  /** Variables that may match the identity of their position (see the module comment). */
  readonly optional?: Iterable<string>;
  /** Allow a top-level `+`/`*` pattern to match part of the subject's arguments. */
  readonly extend?: boolean;
  /** Checks run as soon as the named variable is bound. */
  readonly checks?: ReadonlyMap<string, BindingCheck>;
  /** Heads with declared axioms (operators.ts), matched modulo them (theory.ts). */
  readonly theories?: TheoryLookup;
}

/** A compiled pattern. Build with {@link compilePattern}. */
export class Pattern implements MatchPlan {
  /** The pattern as a term. */
  readonly term: Term;
  /** Slot number of each variable, in order of first occurrence. */
  readonly slots: ReadonlyMap<string, number>;
  /** Variable names by slot. */
  readonly names: readonly string[];
  /** Which slots belong to segment variables. */
  readonly segment: readonly boolean[];
  /** Optional variables that stand in no identity position (a rule error). */
  readonly misplacedOptional: readonly string[];
  /** True when the top is an AC pattern matched with extension. */
  readonly extended: boolean;
  /** The head every subject must have, or undefined when the pattern can match any head. */
  readonly indexHead: string | undefined;
  /** @internal */
  readonly root: PNode;
  /** @internal */
  readonly checks: readonly (BindingCheck | undefined)[];
  /** The straight-line matcher, when the pattern is purely syntactic (see matcher.ts). */
  readonly simpleMatch: SimpleMatch | undefined;
  private idle: Matcher | undefined;

  /** @internal use {@link compilePattern}. */
  constructor(term: Term, options: PatternOptions) {
    this.term = term;
    const slots = new Map<string, number>();
    const names: string[] = [];
    const segment: boolean[] = [];
    const optional = new Set(options.optional ?? []);
    const placed = new Set<string>();
    const top = options.extend === true && term.kind === 'app' ? term : undefined;
    const build = (t: Term, identity: Term | undefined): PNode => {
      // A ground top of an `assoc` head still matches part of a subject (extension).
      const extendsGround = t === top && options.theories?.(top.head)?.assoc === true;
      if (!t.hasVars && !extendsGround) return { k: 'lit', term: t };
      if (t.kind === 'var') {
        let slot = slots.get(t.name);
        if (slot === undefined) {
          slot = names.length;
          slots.set(t.name, slot);
          names.push(t.name);
          segment.push(t.segment);
        }
        if (t.segment) return { k: 'seg', slot };
        const opt = optional.has(t.name) ? identity : undefined;
        if (opt !== undefined) placed.add(t.name);
        return { k: 'var', slot, identity: opt, multi: false };
      }
      if (t.kind !== 'app') return { k: 'lit', term: t };
      const f0 = t.args[0];
      if (t.head === HEAD_VAR && f0?.kind === 'var' && !f0.segment) {
        const f = build(t.args[0], undefined) as PVar;
        const args = t.args.slice(1).map((a) => build(a, undefined));
        return pnodeApp(HEAD_VAR, args, false, undefined, f.slot);
      }
      const theory = isAC(t.head) ? undefined : options.theories?.(t.head);
      if (theory !== undefined)
        return pnodeApp(
          t.head,
          t.args.map((a) => build(a, undefined)),
          false,
          theory,
        );
      const ac = isAC(t.head);
      const id = t.head === '+' ? ZERO : t.head === '*' ? ONE : undefined;
      const args = t.args.map((a, i) =>
        build(a, ac ? id : t.head === '^' && i === 1 ? ONE : undefined),
      );
      return pnodeApp(t.head, args, ac);
    };
    this.root = build(term, undefined);
    this.slots = slots;
    this.names = names;
    this.segment = segment;
    this.misplacedOptional = [...optional].filter((n) => slots.has(n) && !placed.has(n));
    const r = this.root;
    this.extended = options.extend === true && r.k === 'app' && (r.ac || r.theory?.assoc === true);
    this.checks = names.map((n) => options.checks?.get(n));
    this.indexHead = headOf(this.root);
    this.simpleMatch = this.extended ? undefined : compileSimple(this.root, this.checks);
  }

  /**
   * Calls `onMatch` for each match of the pattern against `subject` until it returns true.
   * Returns true when some call returned true.
   */
  match(subject: Term, onMatch: (m: MatchState) => boolean): boolean {
    // Re-entrant use (a callback that matches the same pattern again) gets a fresh matcher.
    const m = this.idle ?? new Matcher(this);
    this.idle = undefined;
    try {
      return m.run(subject, onMatch);
    } finally {
      m.reset();
      this.idle = m;
    }
  }
}

/** Compiles a pattern term (see the module comment for the options). */
export function compilePattern(term: Term, options: PatternOptions = {}): Pattern {
  return new Pattern(term, options);
}

/**
 * Every match of `pattern` against `subject`, as Immutable maps from variable names to
 * bindings (for tests, the REPL and tools; rules use {@link Pattern.match} directly). With
 * `extend`, the leftover arguments are under the key `'...'`.
 */
export function matchAll(
  pattern: Term | Pattern,
  subject: Term,
  options: PatternOptions = {},
  limit = 10_000,
): Immutable.Map<string, Binding>[] {
  const p = pattern instanceof Pattern ? pattern : compilePattern(pattern, options);
  const out: Immutable.Map<string, Binding>[] = [];
  p.match(subject, (m) => {
    let b = Immutable.Map<string, Binding>();
    p.names.forEach((n, i) => {
      const v = m.values[i];
      if (v !== undefined) b = b.set(n, Array.isArray(v) ? Object.freeze(v.slice()) : v);
    });
    if (m.rest !== undefined) b = b.set('...', Object.freeze(m.rest.slice()));
    out.push(b);
    return out.length >= limit;
  });
  return out;
}

/** The first match, or undefined (see {@link matchAll}). */
export function matchFirst(
  pattern: Term | Pattern,
  subject: Term,
  options: PatternOptions = {},
): Immutable.Map<string, Binding> | undefined {
  return matchAll(pattern, subject, options, 1)[0];
}
