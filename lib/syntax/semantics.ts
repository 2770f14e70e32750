/**
 * The Ohm semantics of grammar/bibun.ohm for expressions and statements (the `Bibun` grammar),
 * and the one place ohm-js is loaded. The fast readers (reader.ts, rule-reader.ts) build the
 * same results without Ohm; Ohm is the executable specification they are tested against, and it
 * explains syntax errors in small texts (see parse.ts). It is loaded, and the grammar compiled,
 * the first time it is needed, so an input the readers accept never loads it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as ohm from 'ohm-js';
import { BibunError, isStackOverflow } from '../base/errors.js';
import * as Q from '../base/rational.js';
import { HEAD_VAR, headInfo, reservedNames } from '../base/signature.js';
import type { Statement } from './ast.js';
import {
  ambiguousRoot,
  maxNesting,
  nestingError,
  positionAt,
  type Prepared,
  symbolName,
  syntaxError,
} from './prescan.js';
import { app, num, patternVar, pow, sym, type Term } from '../term/term.js';
import { LetSharing } from './cursor.js';

/** The two grammars of grammar/bibun.ohm. */
export interface Grammars {
  readonly expr: ohm.Grammar;
  readonly rules: ohm.Grammar;
}

let grammars: Grammars | undefined;

/** Loads ohm-js and compiles the grammar file, once. */
export function ohmGrammars(): Grammars {
  if (grammars === undefined) {
    // A synchronous load on first use keeps the parse API synchronous (ohm-js ships CommonJS).
    const load = createRequire(import.meta.url)('ohm-js') as typeof ohm;
    const source = readFileSync(new URL('../../../grammar/bibun.ohm', import.meta.url), 'utf8');
    const gs = load.grammars(source);
    grammars = { expr: gs['Bibun'], rules: gs['BibunRules'] };
  }
  return grammars;
}

/** State of one semantic evaluation: the original text, whether `?a` is allowed, let-bindings. */
interface Context {
  text: string;
  patterns: boolean;
  lets: Map<string, Term>;
  /** Operators a rule file declared so far (`op exp/2`): name to arity (undefined: any). */
  ops: Map<string, number | undefined>;
}

/** The context of the evaluation in progress (semantic actions cannot be handed one). */
let ctx: Context = {
  text: '',
  patterns: false,
  lets: new Map(),
  ops: new Map(),
};

/**
 * Declares a rule file's own operator for the rest of the evaluation in progress: calls of it
 * are the user's, whatever a built-in of the name takes (see {@link userCall}).
 */
export function declareOperator(name: string, arity: number | undefined): void {
  ctx.ops.set(name, arity);
}

/**
 * The check of a call of a declared operator: its declared arity, if it has one. Returns false
 * when `name` is not declared (the built-in checks apply).
 */
function userCall(name: string, args: number, node: ohm.Node): boolean {
  if (!ctx.ops.has(name)) return false;
  const n = ctx.ops.get(name);
  if (n !== undefined && n !== args)
    fail(
      'arity',
      `${name} is declared ${name}/${n} in this file, got ${args} argument${args === 1 ? '' : 's'}`,
      node,
    );
  return true;
}

/** Throws an error of `kind` at the start of `node`. */
export function fail(kind: 'syntax' | 'arity' | 'domain', message: string, node: ohm.Node): never {
  throw new BibunError(kind, message, positionAt(ctx.text, node.source.startIdx));
}

/** The line and column of a node, for declarations. */
export function loc(node: ohm.Node): { line: number; column: number } {
  const p = positionAt(ctx.text, node.source.startIdx);
  return { line: p.line, column: p.column };
}

function checkName(name: string, node: ohm.Node): void {
  if (reservedNames.has(name)) fail('syntax', `${name} is a constant and cannot be bound`, node);
}

function power(base: Term, exponent: Term, node: ohm.Node, baseNode: ohm.Node): Term {
  if (baseNode.sourceString.startsWith('√')) fail('syntax', ambiguousRoot, baseNode);
  if (base.kind === 'num' && base.num === 0n && exponent.kind === 'num' && exponent.num < 0n) {
    fail('domain', 'division by zero (0 to a negative power)', node);
  }
  return pow(base, exponent);
}

/** Whether an operand is a let-name of a sum or product (cursor.ts `LetSharing`). */
function isRef(node: ohm.Node, t: Term): boolean {
  return LetSharing.isRef(node.sourceString, t, ctx.lets);
}

const termActions: ohm.ActionDict<unknown> = {
  Expr(e) {
    return e.term();
  },
  AddExp(first, ops, rest) {
    const f: Term = first.term();
    const terms: Term[] = [f];
    const refs = [isRef(first, f)];
    for (let i = 0; i < rest.numChildren; i++) {
      const t: Term = rest.child(i).term();
      const minus = ops.child(i).sourceString === '-';
      terms.push(minus ? LetSharing.neg(t, isRef(rest.child(i), t)) : t);
      refs.push(!minus && isRef(rest.child(i), t));
    }
    return terms.length === 1 ? terms[0] : LetSharing.ac('+', terms, refs);
  },
  MulExp(first, ops, rest) {
    const f: Term = first.term();
    const terms: Term[] = [f];
    const refs = [isRef(first, f)];
    for (let i = 0; i < rest.numChildren; i++) {
      const t: Term = rest.child(i).term();
      if (ops.child(i).sourceString === '/') {
        if (t.kind === 'num' && t.num === 0n) fail('domain', 'division by zero', rest.child(i));
        terms.push(LetSharing.reciprocal(t, isRef(rest.child(i), t)));
        refs.push(false);
      } else {
        terms.push(t);
        refs.push(isRef(rest.child(i), t));
      }
    }
    return terms.length === 1 ? terms[0] : LetSharing.ac('*', terms, refs);
  },
  UnaryExp_neg(_minus, e) {
    const t: Term = e.term();
    return LetSharing.neg(t, isRef(e, t));
  },
  UnaryExp_pos(_plus, e) {
    return e.term();
  },
  ImplicitExp_times(n, factors) {
    const fs: Term[] = factors.children.map((f) => f.term() as Term);
    const refs = [false, ...factors.children.map((f, i) => isRef(f, fs[i]))];
    return LetSharing.ac('*', [n.term(), ...fs], refs);
  },
  PowExp_pow(base, _caret, exponent) {
    return power(base.term(), exponent.term(), this, base);
  },
  PowExp_sup(base, s) {
    return power(base.term(), s.term(), this, base);
  },
  NonNumPowExp_pow(base, _caret, exponent) {
    return power(base.term(), exponent.term(), this, base);
  },
  NonNumPowExp_sup(base, s) {
    return power(base.term(), s.term(), this, base);
  },
  superscript(s) {
    return num(s.sourceString === '²' ? 2 : 3);
  },
  PowRhs_neg(_minus, e) {
    const t: Term = e.term();
    return LetSharing.neg(t, isRef(e, t));
  },
  PowRhs_pos(_plus, e) {
    return e.term();
  },
  Arg_eq(l, _eq, r) {
    return app('==', [l.term(), r.term()]);
  },
  NonNumPrimary_paren(_open, e, _close) {
    return e.term();
  },
  NonNumPrimary_list(_open, items, _close) {
    return app(
      'list',
      items.asIteration().children.map((c) => c.term() as Term),
    );
  },
  NonNumPrimary_call(name, _open, args, _close) {
    const f = name.sourceString;
    const terms: Term[] = args.asIteration().children.map((c) => c.term() as Term);
    if (userCall(f, terms.length, this)) return app(f, terms);
    const info = headInfo(f);
    if (info && info.kind !== 'operator' && info.arity !== 'n' && info.arity !== terms.length) {
      const plural = info.arity === 1 ? '' : 's';
      fail('arity', `${f} takes ${info.arity} argument${plural}, got ${terms.length}`, this);
    }
    if (f === 'list') return app('list', terms);
    if (info && (info.kind === 'operator' || f === '=='))
      fail('syntax', `${f} is not a function name`, name);
    if (ctx.lets.has(f)) fail('syntax', `${f} is bound to an expression, not a function`, name);
    return app(f, terms);
  },
  NonNumPrimary_varcall(f, _open, args, _close) {
    const terms: Term[] = args.asIteration().children.map((c) => c.term() as Term);
    return app(HEAD_VAR, [f.term() as Term, ...terms]);
  },
  NonNumPrimary_sqrt(_root, e) {
    return app('sqrt', [e.term()]);
  },
  NonNumPrimary_symbol(name) {
    const s = symbolName(name.sourceString);
    return ctx.lets.get(s) ?? sym(s);
  },
  patternVar_segment(_q, name, _dots) {
    if (!ctx.patterns) fail('syntax', 'pattern variables (?a...) are only allowed in rules', this);
    return patternVar(name.sourceString, true);
  },
  patternVar_single(_q, name) {
    if (!ctx.patterns) fail('syntax', 'pattern variables (?a) are only allowed in rules', this);
    return patternVar(name.sourceString, false);
  },
  number(_) {
    return num(Q.parseDecimal(this.sourceString));
  },
};

const statementActions: ohm.ActionDict<unknown> = {
  Stmt(s) {
    return s.statement();
  },
  FunctionDef(name, _open, params, _close, _def, body) {
    const f = name.sourceString;
    checkName(f, name);
    if (headInfo(f)) fail('syntax', `${f} is a built-in function and cannot be redefined`, name);
    const ps = params.asIteration().children.map((p) => p.sourceString);
    const dup = ps.find((p, i) => ps.indexOf(p) !== i);
    if (dup !== undefined) fail('syntax', `parameter ${dup} appears twice`, params);
    // Parameters are plain symbols inside the body, even if a let-form bound the same name.
    const saved = ctx.lets;
    ctx.lets = new Map([...saved].filter(([k]) => !ps.includes(k)));
    const term: Term = body.term();
    ctx.lets = saved;
    return { kind: 'function', name: f, params: ps, body: term } satisfies Statement;
  },
  Binding(name, _eq, e) {
    const n = name.sourceString;
    checkName(n, name);
    return { kind: 'binding', name: n, term: e.term() } satisfies Statement;
  },
  Identity(l, _eq, r) {
    return { kind: 'identity', lhs: l.term(), rhs: r.term() } satisfies Statement;
  },
  Expr(e) {
    return { kind: 'expr', term: e.term() } satisfies Statement;
  },
};

/**
 * Runs the statements of an Input in order; bindings before the last statement are let-bindings
 * (their names stand for the bound terms in later statements, as shared nodes).
 */
const inputActions: ohm.ActionDict<unknown> = {
  Input(_s1, stmts, _s2) {
    const list = stmts.asIteration().children;
    let result: Statement | undefined;
    for (let i = 0; i < list.length; i++) {
      const s: Statement = list[i].statement();
      if (i < list.length - 1) {
        if (s.kind !== 'binding') {
          fail(
            'syntax',
            'only bindings (name = expr) may come before the last statement of a let-form',
            list[i],
          );
        }
        ctx.lets.set(s.name, s.term);
      } else result = s;
    }
    return result!;
  },
};

let exprSem: ohm.Semantics | undefined;

/** The semantics of the `Bibun` grammar: operations `term`, `statement`, `input`. */
export function exprSemantics(): ohm.Semantics {
  if (exprSem === undefined) {
    exprSem = ohmGrammars().expr.createSemantics();
    exprSem.addOperation('term', termActions);
    exprSem.addOperation('statement', statementActions);
    exprSem.addOperation('input', inputActions);
  }
  return exprSem;
}

/** Ohm's syntax error for a text (prepared), or undefined when it matches. */
export function ohmSyntaxError(
  grammar: ohm.Grammar,
  text: string,
  prep: Prepared,
  start: string,
): BibunError | undefined {
  const m = grammar.match(prep.prepared, start);
  if (!m.failed()) return undefined;
  return syntaxError(text, m.getRightmostFailurePosition(), m.getExpectedText());
}

/**
 * Matches `text` (prepared) from rule `start` and runs operation `op` of `semantics` on it.
 * Match failures become syntax errors naming what was expected; a text nested deeper than
 * {@link maxNesting} is refused before Ohm recurses into it.
 */
export function runOhm<T>(
  grammar: ohm.Grammar,
  semantics: ohm.Semantics,
  text: string,
  prep: Prepared,
  start: string,
  patterns: boolean,
  op: string,
): T {
  if (prep.depth > maxNesting) throw nestingError(text, prep.depthOffset);
  let m: ohm.MatchResult;
  try {
    m = grammar.match(prep.prepared, start);
  } catch (e) {
    if (isStackOverflow(e)) throw nestingError(text, 0);
    throw e;
  }
  if (m.failed()) throw syntaxError(text, m.getRightmostFailurePosition(), m.getExpectedText());
  const saved = ctx;
  ctx = { text, patterns, lets: new Map(), ops: new Map() };
  try {
    return semantics(m)[op]() as T;
  } catch (e) {
    if (isStackOverflow(e)) throw nestingError(text, 0);
    throw e;
  } finally {
    ctx = saved;
  }
}
