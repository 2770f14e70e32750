/**
 * Operator declarations of rule files: `op NAME`, `op NAME/ARITY`, `op NAME : assoc comm
 * id(VALUE)` (any subset of the attributes, as Maude's `[assoc comm id: VALUE]`).
 *
 * A {@link Signature} is what a library's files declared, validated: an attribute needs a binary
 * operator, `id(...)` a ground value, and two declarations of one name must agree (also across
 * files). Its {@link Signature.lookup} is the "theory of a head" that term.ts consults while the
 * declarations are in force ({@link Signature.scoped}), so terms of a declared head are
 * flattened, stripped of the identity and sorted as `+` and `*` are; the matcher (theory.ts)
 * matches them modulo exactly the declared axioms.
 */
import * as Immutable from '../base/immutable.js';
import { BibunError } from '../base/errors.js';
import type { Located, OpDecl } from '../syntax/ast.js';
import {
  currentTheories,
  type HeadTheory,
  setTheories,
  type Term,
  type TheoryLookup,
  theoryApp,
} from '../term/term.js';
import { mapBottomUp, withArgs } from '../term/walk.js';

/** A validated operator declaration. */
export interface Operator extends Located {
  readonly name: string;
  /** The number of arguments (2 for an operator with attributes); undefined: not declared. */
  readonly arity: number | undefined;
  /** The declared axioms; undefined for an operator without attributes. */
  readonly theory: HeadTheory | undefined;
  readonly file: string | undefined;
}

/** The text of a declaration, as written in a rule file (for `:rules`). */
export function showOperator(op: Operator, show: (t: Term) => string): string {
  const attrs: string[] = [];
  if (op.theory?.assoc) attrs.push('assoc');
  if (op.theory?.comm) attrs.push('comm');
  if (op.theory?.identity !== undefined) attrs.push(`id(${show(op.theory.identity)})`);
  const arity = op.arity !== undefined && op.theory === undefined ? `/${op.arity}` : '';
  return `op ${op.name}${arity}${attrs.length > 0 ? ` : ${attrs.join(' ')}` : ''}`;
}

function sameOperator(a: Operator, b: Operator): boolean {
  const x = a.theory;
  const y = b.theory;
  if (a.arity !== b.arity) return false;
  if (x === undefined || y === undefined) return x === y;
  return x.assoc === y.assoc && x.comm === y.comm && x.identity === y.identity;
}

function opError(message: string, at: Located, file: string | undefined): BibunError {
  return new BibunError('rule', message, {
    line: at.line,
    column: at.column,
    ...(file !== undefined ? { file } : {}),
  });
}

/** The operators a library's files declared. Immutable. */
export class Signature {
  /** Declarations by name, in load order. */
  readonly operators: Immutable.OrderedMap<string, Operator>;
  /** The theory of each declared head with attributes; undefined when there is none. */
  readonly lookup: TheoryLookup | undefined;

  private constructor(operators: Immutable.OrderedMap<string, Operator>) {
    this.operators = operators;
    const theories = new Map<string, HeadTheory>();
    for (const op of operators.values()) if (op.theory) theories.set(op.name, op.theory);
    this.lookup = theories.size === 0 ? undefined : (head) => theories.get(head);
  }

  /** The signature without declarations. */
  static readonly empty = new Signature(Immutable.OrderedMap());

  /**
   * The signature with the declarations of one file added.
   *
   * @throws BibunError `rule` (file:line:column) for an attribute on an operator that is not
   *   binary, a repeated attribute, a non-ground identity, or a declaration that disagrees with
   *   an earlier one of the same name.
   */
  declare(decls: readonly OpDecl[], file: string | undefined): Signature {
    if (decls.length === 0) return this;
    let ops = this.operators;
    for (const d of decls) {
      const seen = new Set<string>();
      let identity: Term | undefined;
      for (const a of d.attrs) {
        if (seen.has(a.name)) throw opError(`op ${d.name}: ${a.name} is given twice`, a, file);
        seen.add(a.name);
        if (d.arity !== undefined && d.arity !== 2)
          throw opError(
            `op ${d.name}: ${a.name} needs a binary operator, but ${d.name}/${d.arity} takes ${d.arity}`,
            a,
            file,
          );
        if (a.name === 'id') {
          identity = a.value!;
          if (identity.hasVars)
            throw opError(
              `op ${d.name}: the identity id(...) must be ground (no ?variables)`,
              a,
              file,
            );
        }
      }
      const theory: HeadTheory | undefined =
        d.attrs.length === 0
          ? undefined
          : { assoc: seen.has('assoc'), comm: seen.has('comm'), identity };
      const op: Operator = {
        name: d.name,
        arity: theory !== undefined ? 2 : d.arity,
        theory,
        file,
        line: d.line,
        column: d.column,
      };
      const prev = ops.get(d.name);
      if (prev !== undefined && !sameOperator(prev, op))
        throw opError(
          `op ${d.name}: conflicts with the declaration ${prev.file !== undefined ? `in ${prev.file} ` : ''}at line ${prev.line}`,
          d,
          file,
        );
      if (prev === undefined) ops = ops.set(d.name, op);
    }
    return new Signature(ops);
  }

  /** `t` in the canonical form of the declared axioms (every declared head rebuilt). */
  normalize(t: Term): Term {
    const lookup = this.lookup;
    if (lookup === undefined || t.kind !== 'app') return t;
    return mapBottomUp(t, (n, args) => {
      if (n.kind !== 'app') return n;
      const th = lookup(n.head);
      return th !== undefined ? theoryApp(n.head, args, th) : withArgs(n, args);
    });
  }

  /**
   * `f` with the declarations in force: terms are built canonically while it runs, and its input
   * is put in canonical form when it enters the scope (inside, terms are already canonical).
   */
  scoped<A extends unknown[], R>(f: (t: Term, ...rest: A) => R): (t: Term, ...rest: A) => R {
    const lookup = this.lookup;
    if (lookup === undefined) return f;
    return (t, ...rest) => {
      if (currentTheories() === lookup) return f(t, ...rest);
      const prev = setTheories(lookup);
      try {
        return f(this.normalize(t), ...rest);
      } finally {
        setTheories(prev);
      }
    };
  }
}
