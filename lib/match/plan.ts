/**
 * Compiled patterns: the nodes the matcher walks, and the plan of each application node (for
 * `+` and `*`, the argument list sorted for the AC search). Built by pattern.ts; read by the
 * matcher (matcher.ts) and the AC search (ac.ts).
 */
import type { Binding } from './template.js';
import type { HeadTheory, Term } from '../term/term.js';

/** A predicate checked as soon as a variable is bound (a unary guard, for early pruning). */
export type BindingCheck = (b: Binding) => boolean;

/** The state of a match, as seen by the `onMatch` callback. Valid only during the callback. */
export interface MatchState {
  /** Values by slot (see {@link Pattern.slots}); undefined for unbound slots. */
  readonly values: readonly (Binding | undefined)[];
  /** Arguments left over by an extended AC match at the top; undefined otherwise. */
  readonly rest: readonly Term[] | undefined;
  /** For an extended match of an `assoc` (not `comm`) head: the arguments before the part. */
  readonly before: readonly Term[] | undefined;
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
  /** For a head variable's application `?f(...)`: the slot of `?f` (the head is any). */
  readonly headSlot: number | undefined;
  /** The declared axioms of a user head (matched by theory.ts); undefined for other heads. */
  readonly theory: HeadTheory | undefined;
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
export function pnodeApp(
  head: string,
  args: PNode[],
  ac: boolean,
  theory: HeadTheory | undefined = undefined,
  headSlot: number | undefined = undefined,
): PApp {
  const hasSeg = args.some((a) => a.k === 'seg');
  // A list of an identity may match a subject of another head, unless a segment asks for a list.
  const mayVanish =
    (theory?.identity !== undefined && !hasSeg) ||
    args.some((a) => a.k === 'var' && a.identity !== undefined);
  const simple =
    !ac &&
    theory === undefined &&
    headSlot === undefined &&
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
  return {
    k: 'app',
    head,
    args,
    ac,
    headSlot,
    theory,
    simple,
    hasSeg,
    mayVanish,
    fixed,
    vars,
    segs,
  };
}

/** @internal The head every subject of `p` must have, if there is one. */
export function headOf(p: PNode): string | undefined {
  if (p.k !== 'app') return undefined;
  if (p.mayVanish || p.headSlot !== undefined) return undefined;
  return p.head;
}
