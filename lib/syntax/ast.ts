/**
 * The shapes `parse.ts` produces for everything that is not a plain expression: statements typed
 * at the REPL, rule files, strategy expressions. Later layers (rule loading, strategies, the
 * differentiation table) consume these shapes; only `parse.ts` produces them.
 */
import type { Term } from '../term/term.js';

/** A place in the source text (1-based). */
export interface Located {
  readonly line: number;
  readonly column: number;
}

/** One input of the REPL or CLI. */
export type Statement =
  | { readonly kind: 'expr'; readonly term: Term }
  | { readonly kind: 'identity'; readonly lhs: Term; readonly rhs: Term }
  | { readonly kind: 'binding'; readonly name: string; readonly term: Term }
  | {
      readonly kind: 'function';
      readonly name: string;
      readonly params: readonly string[];
      readonly body: Term;
    };

/** A guard of a rule's `if` clause: `is_number(?a)`, `free_of(?a, ?x)`, `?n > 0`. */
export interface GuardCall extends Located {
  readonly name: string;
  readonly args: readonly Term[];
}

/** `name: lhs -> rhs if guard, guard`. */
export interface RuleDecl extends Located {
  readonly name: string;
  readonly lhs: Term;
  readonly rhs: Term;
  readonly guards: readonly GuardCall[];
}

/** `ruleset NAME` followed by its rules. */
export interface RulesetDecl extends Located {
  readonly kind: 'ruleset';
  readonly name: string;
  readonly rules: readonly RuleDecl[];
}

/**
 * A strategy expression. `ref` names a rule set, a single rule, a strategy, or a built-in
 * (`id`, `fail`, `fold`, ...); `call` is a combinator applied to strategies
 * (`try(s)`, `fixpoint(s)`, `bottomup(s)`), a parameterised strategy applied to its arguments
 * (`twice(simplify)`) or a congruence (`f(s1, s2)`: any other name); `seq` is `s1 ; s2`; `choice`
 * is `s1 <+ s2`; `rec` is `rec X(s)`, where `X` names the whole inside `s`; `match` is `?p`
 * (match the pattern `p`, binding its variables) and `build` is `!t` (the term `t` with them).
 */
export type StrategyExpr =
  | ({ readonly op: 'ref'; readonly name: string } & Located)
  | ({
      readonly op: 'call';
      readonly name: string;
      readonly args: readonly StrategyExpr[];
    } & Located)
  | ({ readonly op: 'seq'; readonly first: StrategyExpr; readonly second: StrategyExpr } & Located)
  | ({
      readonly op: 'choice';
      readonly first: StrategyExpr;
      readonly second: StrategyExpr;
    } & Located)
  | ({ readonly op: 'rec'; readonly name: string; readonly body: StrategyExpr } & Located)
  | ({ readonly op: 'match'; readonly pattern: Term } & Located)
  | ({ readonly op: 'build'; readonly template: Term } & Located);

/** `strategy NAME = S` or `strategy NAME(P1, ...) = S` (params empty for the first). */
export interface StrategyDecl extends Located {
  readonly kind: 'strategy';
  readonly name: string;
  readonly params: readonly string[];
  readonly body: StrategyExpr;
}

/** `example NAME: INPUT => EXPECTED`, where NAME is a rule set or strategy. */
export interface ExampleDecl extends Located {
  readonly kind: 'example';
  readonly target: string;
  readonly input: Term;
  readonly expected: Term;
  /** The source text of the example line, for test names. */
  readonly text: string;
}

/**
 * One line of a `derivatives` table: `sin(u) : cos(u)` or `u ^ v : v*u^(v-1), u^v*log(u)`.
 * `params` are the argument names (symbols in the partials); `partials[i]` is the partial
 * derivative with respect to `params[i]`. For the n-ary `+` and `*` the line is written for two
 * arguments (`u * v : v, u`) and read as the rule for every argument count.
 */
export interface DerivativeDecl extends Located {
  readonly head: string;
  readonly params: readonly string[];
  readonly partials: readonly Term[];
}

/** A `derivatives` block. */
export interface DerivativesDecl extends Located {
  readonly kind: 'derivatives';
  readonly entries: readonly DerivativeDecl[];
}

/** An attribute of an operator declaration: `assoc`, `comm` or `id(VALUE)`. */
export interface OpAttr extends Located {
  readonly name: 'assoc' | 'comm' | 'id';
  /** The identity element of `id(VALUE)`. */
  readonly value?: Term;
}

/**
 * `op NAME`, `op NAME/ARITY`, `op NAME : assoc comm id(VALUE)`: a user operator of the file
 * (it means the user's symbol there, even where a built-in has the name), with the axioms its
 * terms are matched modulo (Maude's operator attributes).
 */
export interface OpDecl extends Located {
  readonly kind: 'op';
  readonly name: string;
  /** The declared number of arguments; undefined when not given. */
  readonly arity: number | undefined;
  readonly attrs: readonly OpAttr[];
}

export type Decl = RulesetDecl | StrategyDecl | ExampleDecl | DerivativesDecl | OpDecl;

/** A parsed rule file, in source order. */
export interface RuleFile {
  readonly file: string | undefined;
  readonly decls: readonly Decl[];
}
