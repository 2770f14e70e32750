/**
 * The state of a REPL session and what every input does with it: expanding functions and
 * bindings, simplifying with the session's rules, the session's rule library, snapshots.
 * Everything here is a function of immutable values.
 */
import * as Immutable from '../base/immutable.js';
import { BibunError } from '../base/errors.js';
import { checkMethod, dstarStrategy, shippedSimplify, simplifyTerm } from './operations.js';
import {
  defaultPartials,
  partialsTable,
  symbolicMethods,
  type PartialsTable,
  type SymbolicMethod,
} from '../diff/index.js';
import { parse, parseRule, parseRuleFile } from '../syntax/parse.js';
import { toInfix, toLet } from '../term/print.js';
import { maxPrettyTreeSize, toPretty } from '../term/pretty.js';
import { innermostRules, type RuleLibrary } from '../rewrite/library.js';
import { simplificationLibrary } from '../simplify/simplify.js';
import {
  attempt,
  defaultLimits,
  fixpoint,
  id,
  seq,
  type Limits,
  runStrategy,
  type Strategy,
  type TraceStep,
} from '../rewrite/strategy.js';
import type { RuleDecl } from '../syntax/ast.js';
import { sym, type Term, ZERO } from '../term/term.js';
import { textWithDecimals } from '../cas/functions.js';
import { freeSymbols, mapBottomUp, substitute, withArgs } from '../term/walk.js';

/** What the session needs from the outside world. */
export interface SessionIO {
  /** A file's text; refuses what is not a regular file within the input limit (app/files.ts). */
  readFile(path: string): string;
  /** Writes exactly `path`; an existing file only when `force`, never a directory. */
  writeFile(path: string, text: string, force?: boolean): void;
  /**
   * Renders DOT to `file` (format from its extension), with `writeFile`'s rules for the target;
   * false when Graphviz is not installed.
   */
  renderDot?(dot: string, file: string, force?: boolean): boolean;
  /** The terminal's width in columns, for `:set pretty=on` (80 when unknown). */
  readonly columns?: number;
}

/** Settings changed with `:set`. */
export interface Settings {
  readonly limits: Limits;
  /** The default symbolic differentiation method. */
  readonly method: SymbolicMethod;
  /** Sample points of `:check`. */
  readonly runs: number;
  readonly seed: number;
  /** Show tree and DAG sizes after an expression's value (`:set sizes=off` hides them). */
  readonly sizes: boolean;
  /** Run the shipped simplifier after the user's rules (`:set simplify=off` shows theirs alone). */
  readonly simplify: boolean;
  /** Two-dimensional output where it fits the terminal (`:set pretty=on`). */
  readonly pretty: boolean;
}

/** `f(x, y) := body`: applied by substituting the arguments for the parameters. */
export interface FunctionDef {
  readonly params: readonly string[];
  readonly body: Term;
}

/** The whole state of a session. Every field is immutable; {@link step} returns a new one. */
export interface SessionState {
  readonly env: Immutable.OrderedMap<string, Term>;
  readonly functions: Immutable.OrderedMap<string, FunctionDef>;
  /** Rule files loaded with `:load`, with their text (so a restore does not reread the disk). */
  readonly files: Immutable.List<{ readonly file: string; readonly text: string }>;
  /** Rules typed with `:rule`, as typed. */
  readonly rules: Immutable.List<string>;
  /** The shipped simplification rules plus the files and the session's rule set `session`. */
  readonly library: RuleLibrary;
  readonly settings: Settings;
  /** The steps of the last rewrite, for `:trace`. */
  readonly lastTrace: readonly TraceStep[] | undefined;
  /** The last result, `ans` (also `%`) in later inputs. */
  readonly ans: Term | undefined;
  /** The inputs that succeeded, oldest first, for `:history`. */
  readonly history: Immutable.List<string>;
  /** True once the session has said how `1/2x` reads (it says so once). */
  readonly notedImplicitDivisor?: true;
}

/** The outcome of one input. */
export interface Reply {
  readonly state: SessionState;
  /** What to show (may be empty; no trailing newline). */
  readonly output: string;
  /** True after `:quit`. */
  readonly quit?: boolean;
}

let baseLibrary: RuleLibrary | undefined;

/** The shipped simplification rules with the `dstar` built-in. */
function base(): RuleLibrary {
  baseLibrary ??= simplificationLibrary().withBuiltins(new Map([['dstar', dstarStrategy]]));
  return baseLibrary;
}

/** Session traces are capped lower than a batch run's: they are kept between inputs. */
const sessionLimits: Limits = { ...defaultLimits, maxTrace: 1000 };

/** A fresh session: no bindings, the shipped rules, default budgets. */
export function initialState(): SessionState {
  return {
    env: Immutable.OrderedMap(),
    functions: Immutable.OrderedMap(),
    files: Immutable.List(),
    rules: Immutable.List(),
    library: base(),
    settings: {
      limits: sessionLimits,
      method: 'dstar',
      runs: 200,
      seed: 42,
      sizes: true,
      simplify: true,
      pretty: false,
    },
    lastTrace: undefined,
    ans: undefined,
    history: Immutable.List(),
  };
}

/**
 * The library of loaded files plus the typed rules as rule set `session`. All or nothing: a bad
 * file or rule throws and the caller keeps its old state.
 */
export function buildLibrary(
  files: Immutable.List<{ file: string; text: string }>,
  rules: Immutable.List<string>,
): RuleLibrary {
  let lib = base();
  if (files.size > 0) lib = lib.loadAll(files.map((f) => parseRuleFile(f.text, f.file)).toArray());
  if (rules.size > 0) {
    const decls: RuleDecl[] = rules.map((r) => parseRule(r)).toArray();
    lib = lib.load({
      file: '<session>',
      decls: [{ kind: 'ruleset', name: 'session', rules: decls, line: 1, column: 1 }],
    });
  }
  return lib;
}

const simplifiers = new WeakMap<RuleLibrary, { on: Strategy; off: Strategy }>();
const tables = new WeakMap<RuleLibrary, PartialsTable>();

/**
 * The session's simplifier: the user's rules (files and typed, in order) to their innermost
 * normal form, then the shipped `simplify` strategy, until nothing changes. The user's rules
 * apply even where they make a term larger (the budgets bound them). With `simplify` off, the
 * user's rules alone; with no user rules, the shipped simplifier (or nothing).
 */
export function sessionSimplifier(lib: RuleLibrary, simplify = true): Strategy {
  let s = simplifiers.get(lib);
  if (s === undefined) {
    const own = lib.rules
      .filter((_, name) => !base().rules.has(name))
      .valueSeq()
      .toArray();
    const user = attempt(lib.inScope(innermostRules(own)));
    s =
      own.length === 0
        ? { on: shippedSimplify, off: id }
        : { on: fixpoint(seq(user, shippedSimplify)), off: user };
    simplifiers.set(lib, s);
  }
  return simplify ? s.on : s.off;
}

/**
 * The user's rules alone (loaded files and typed rules) to their innermost normal form, within
 * the session's budgets: what `:check` applies to both sides before sampling, so
 * `twice(x) == 2x` holds after `:rule dbl: twice(?a) -> 2*?a`. Undefined when there are none.
 */
export function sessionRewrite(state: SessionState): ((t: Term) => Term) | undefined {
  const own = state.library.rules
    .filter((_, name) => !base().rules.has(name))
    .valueSeq()
    .toArray();
  if (own.length === 0) return undefined;
  const s = attempt(state.library.inScope(innermostRules(own)));
  return (t) => {
    const r = runStrategy(s, t, { limits: state.settings.limits });
    if (r.stop !== 'normal') throw new BibunError('limit', `session rules ${r.message}`);
    return r.term;
  };
}

/** The partials table with the `derivatives` lines of the loaded files on top of the shipped one. */
export function sessionPartials(lib: RuleLibrary): PartialsTable {
  let t = tables.get(lib);
  if (t === undefined) {
    t =
      lib.derivatives.size === 0
        ? defaultPartials()
        : partialsTable(lib.derivatives, defaultPartials());
    tables.set(lib, t);
  }
  return t;
}

/**
 * Applies the session's functions (repeatedly: a body may call another function) and then its
 * bindings. A definition that keeps calling itself stops with a `limit` error.
 */
export function applyDefinitions(state: SessionState, t: Term): Term {
  let term = t;
  if (state.functions.size > 0) {
    // Round r expands the calls r levels deep; round 100 is the first that may find nothing to
    // do after 100 levels, so a 101st expanding round is the refusal.
    for (let round = 0; ; round++) {
      if (round === 101)
        throw new BibunError(
          'limit',
          'function definitions call each other more than 100 levels deep (a recursive definition?)',
        );
      let changed = false;
      term = mapBottomUp(term, (node, args) => {
        const n = node.kind === 'app' ? withArgs(node, args) : node;
        if (n.kind !== 'app') return n;
        const def = state.functions.get(n.head);
        if (def === undefined) return n;
        if (def.params.length !== n.args.length) {
          throw new BibunError(
            'arity',
            `${n.head} takes ${def.params.length} argument${def.params.length === 1 ? '' : 's'}, got ${n.args.length}`,
          );
        }
        changed = true;
        return substitute(def.body, new Map(def.params.map((p, i) => [sym(p) as Term, n.args[i]])));
      });
      if (!changed) break;
      if (term.dagSize > state.settings.limits.maxSize)
        throw new BibunError(
          'limit',
          `applying functions built a term of more than ${state.settings.limits.maxSize} nodes`,
        );
    }
  }
  const values = new Map(state.env.entrySeq().map(([k, v]) => [sym(k) as Term, v] as [Term, Term]));
  // `ans` is the last result unless the user bound the name themselves.
  if (!state.env.has('ans') && freeSymbols(term).includes('ans')) {
    if (state.ans === undefined)
      throw new BibunError('unbound', 'ans (also %) is the last result, and there is none yet');
    values.set(sym('ans'), state.ans);
  }
  return values.size === 0 ? term : substitute(term, values);
}

/** The value the REPL shows for a term: expanded and simplified with the session's rules. */
export function evaluateInSession(state: SessionState, t: Term): Shown {
  const r = simplifyTerm(applyDefinitions(state, t), {
    simplifier: sessionSimplifier(state.library, state.settings.simplify !== false),
    table: sessionPartials(state.library),
    limits: state.settings.limits,
    trace: true,
  });
  return { term: r.term, trace: r.run.trace, notes: r.notes, ascendingIn: r.ascendingIn };
}

/** A value to show: the term, the notes of the form functions, and its reading order. */
export interface Shown {
  readonly term: Term;
  readonly trace?: readonly TraceStep[] | undefined;
  /** The form functions' notes (a series' `+ O(x^6)`). */
  readonly notes: readonly string[];
  /** A series in this: shown by ascending power of it. */
  readonly ascendingIn?: Term | undefined;
}

/**
 * A value as the session shows it: {@link show}, or two-dimensional under `:set pretty=on` where
 * it fits the terminal, followed by the notes of the form functions (a series' `+ O(x^6)`:
 * shown, not part of the value, which stays the polynomial; a series reads by ascending power,
 * as SymPy prints it).
 */
export function showValue(state: SessionState, v: Shown, columns = 80): string {
  const t = v.term;
  // A series that is 0 through its order is its remainder alone, `O(x^4)`, as SymPy prints it.
  if (v.ascendingIn !== undefined && t === ZERO && v.notes.length === 1)
    return v.notes[0].replace(/^\+ /, '');
  const suffix = v.notes.map((n) => ` ${n}`).join('');
  if (state.settings.pretty && t.treeSize <= maxPrettyTreeSize && textWithDecimals(t) === undefined)
    return toPretty(t, columns, suffix, v.ascendingIn);
  return show(t, v.ascendingIn) + suffix;
}

/**
 * Infix (a sum by ascending power of `ascendingIn` when given), or let-form with a note when the
 * tree is too large to print.
 */
export function show(t: Term, ascendingIn?: Term): string {
  try {
    // Numbers that `N` computed show as the decimals it certified.
    return textWithDecimals(t) ?? toInfix(t, undefined, ascendingIn);
  } catch (e) {
    if (e instanceof BibunError && e.kind === 'limit')
      return `${toLet(t)}\n# let-form: the tree has ${t.treeSize} nodes (DAG ${t.dagSize})`;
    throw e;
  }
}

/** A session's state as plain JSON-able data (terms in let-form), to move it between threads. */
export interface SessionSnapshot {
  readonly env: readonly (readonly [string, string])[];
  readonly functions: readonly (readonly [string, readonly string[], string])[];
  readonly files: readonly { readonly file: string; readonly text: string }[];
  readonly rules: readonly string[];
  readonly settings: Settings;
  readonly ans?: string;
  readonly history?: readonly string[];
}

/** The state as data (the last trace is not kept). */
export function snapshot(state: SessionState): SessionSnapshot {
  return {
    env: state.env
      .entrySeq()
      .map(([k, v]) => [k, toLet(v)] as const)
      .toArray(),
    functions: state.functions
      .entrySeq()
      .map(([k, f]) => [k, f.params, toLet(f.body)] as const)
      .toArray(),
    files: state.files.toArray(),
    rules: state.rules.toArray(),
    settings: state.settings,
    ...(state.ans === undefined ? {} : { ans: toLet(state.ans) }),
    history: state.history.toArray(),
  };
}

/** The state a snapshot was taken of. */
export function restore(s: SessionSnapshot): SessionState {
  const files = Immutable.List(s.files);
  const rules = Immutable.List(s.rules);
  return {
    env: Immutable.OrderedMap(s.env.map(([k, v]) => [k, parse(v)] as [string, Term])),
    functions: Immutable.OrderedMap(
      s.functions.map(
        ([k, params, body]) => [k, { params, body: parse(body) }] as [string, FunctionDef],
      ),
    ),
    files,
    rules,
    library: buildLibrary(files, rules),
    settings: { ...initialState().settings, ...s.settings },
    lastTrace: undefined,
    ans: s.ans === undefined ? undefined : parse(s.ans),
    history: Immutable.List(s.history ?? []),
  };
}

/** Checks a symbolic method name. */
export function checkSymbolicMethod(name: string): SymbolicMethod {
  const m = checkMethod(name);
  if (!(symbolicMethods as readonly string[]).includes(m))
    throw new BibunError(
      'usage',
      `${m} gives numbers, not a term (use :bench to compare numeric methods)`,
    );
  return m as SymbolicMethod;
}
