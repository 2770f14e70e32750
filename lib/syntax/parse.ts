/**
 * Text to terms: the semantics of grammar/bibun.ohm. This is the only module that imports
 * ohm-js.
 *
 * - {@link parse}: an expression or a let-form (`t1 = sin(x); t1*cos(t1)`) to one term; the
 *   let-bound names become shared nodes of the DAG.
 * - {@link parseStatement}: a REPL/CLI input (expression, identity `a == b`, binding `x = 2`,
 *   function definition `f(x) := x^2`).
 * - {@link parsePattern}, {@link parseRule}, {@link parseRuleFile}, {@link parseStrategy}: the
 *   rule language.
 *
 * Every failure is a BibunError of kind `syntax` (or `arity`, `limit`, `domain`) with the line,
 * the column, what was expected, and the source line for the caret display.
 */
import { readFileSync } from 'node:fs';
import * as ohm from 'ohm-js';
import { BibunError, isStackOverflow } from '../base/errors.js';
import { readInput, readerMaxNesting } from './reader.js';
import * as Q from '../base/rational.js';
import { headInfo, reservedNames } from '../base/signature.js';
import type {
  Decl,
  DerivativeDecl,
  GuardCall,
  RuleDecl,
  RuleFile,
  Statement,
  StrategyExpr,
} from './ast.js';
import {
  add,
  app,
  list,
  mul,
  neg,
  num,
  patternVar,
  pow,
  reciprocal,
  sym,
  type Term,
} from '../term/term.js';

/** Longest input accepted, in characters. */
export const maxInputLength = 2_000_000;

/**
 * Deepest bracket or operator nesting the Ohm matcher is given. It is recursive and uses about a
 * thousand bytes of stack per level: with Node's default stack it fails somewhere past 150
 * levels. Expressions go through the fast reader first, which follows up to
 * `readerMaxNesting` (1000) levels; rule files and patterns are limited to this depth. Deeper
 * terms are written in let-form (`t1 = sin(x); t2 = sin(t1); ...`), which has no depth limit.
 */
export const maxNesting = 100;

const grammarSource = readFileSync(new URL('../../../grammar/bibun.ohm', import.meta.url), 'utf8');
const grammars = ohm.grammars(grammarSource);
const exprGrammar = grammars['Bibun'];
const rulesGrammar = grammars['BibunRules'];

// ---------------------------------------------------------------------------------------------
// Pre-scan: newline handling, nesting depth, size.

const joiningChars = new Set(['+', '-', '*', '/', '^', '=', ',', ':', '<', '>', '(', '[', '!']);

/**
 * Replaces the newlines that do not end a statement (inside brackets, or after a binary
 * operator) by spaces, checks the length, and measures the nesting depth (brackets plus runs of
 * prefix signs and `^`). The text keeps its length, so offsets into it are offsets into the
 * original.
 */
function prepare(text: string): { prepared: string; depth: number; depthOffset: number } {
  if (text.length > maxInputLength) {
    throw new BibunError(
      'limit',
      `input too long (${text.length} characters; the limit is ${maxInputLength})`,
    );
  }
  const out = text.split('');
  let depth = 0;
  let run = 0; // consecutive prefix operators / `^` at the current level, a nesting of its own
  let last = '';
  let deepest = 0;
  let deepestAt = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    if (c === '(' || c === '[') {
      depth++;
    } else if (c === ')' || c === ']') {
      depth = Math.max(0, depth - 1);
    } else if (c === '\n') {
      if (depth > 0 || joiningChars.has(last) || continuesLine(text, i + 1)) out[i] = ' ';
      run = 0;
    }
    if (c === '^' || ((c === '-' || c === '+') && (joiningChars.has(last) || last === ''))) {
      run++;
    } else if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n' && !/[\w.?]/.test(c)) {
      run = 0;
    }
    if (depth + run > deepest) {
      deepest = depth + run;
      deepestAt = i;
    }
    if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n') last = c;
  }
  return { prepared: out.join(''), depth: deepest, depthOffset: deepestAt };
}

/** A line that starts with `*`, `/`, `^`, `)` or `]` continues the previous one. */
function continuesLine(text: string, from: number): boolean {
  const m = /^[ \t\r]*([*/^)\]])/.exec(text.slice(from, from + 200));
  return m !== null;
}

function nestingError(text: string, offset: number, limit = maxNesting): BibunError {
  return new BibunError(
    'limit',
    `expression nested too deeply (more than ${limit} levels); write deep terms in let-form (t1 = ...; t2 = ...)`,
    positionAt(text, offset),
  );
}

/** True when `text` ends inside brackets or after a binary operator (the REPL keeps reading). */
export function needsMoreInput(text: string): boolean {
  let depth = 0;
  let last = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n') last = c;
  }
  return (
    depth > 0 ||
    (last !== '' && joiningChars.has(last) && last !== ')' && !text.trimEnd().endsWith('...'))
  );
}

/** Line, column and line text of an offset. */
function positionAt(
  text: string,
  offset: number,
): { line: number; column: number; sourceLine: string } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  return {
    line,
    column: offset - start + 1,
    sourceLine: text.slice(start, end).replace(/\r$/, ''),
  };
}

// ---------------------------------------------------------------------------------------------
// Matching.

function checkNotEmpty(text: string): void {
  if (/^[\s;]*(#[^\n]*)?$/.test(text)) {
    throw new BibunError('syntax', 'empty input: expected an expression', {
      line: 1,
      column: 1,
      sourceLine: text.split('\n')[0] ?? '',
    });
  }
}

function match(
  grammar: ohm.Grammar,
  text: string,
  start: string,
  prep = prepare(text),
): ohm.MatchResult {
  if (prep.depth > maxNesting) throw nestingError(text, prep.depthOffset);
  let m: ohm.MatchResult;
  try {
    m = grammar.match(prep.prepared, start);
  } catch (e) {
    if (isStackOverflow(e)) throw nestingError(text, 0);
    throw e;
  }
  if (m.failed()) {
    const offset = m.getRightmostFailurePosition();
    const found = offset >= text.length ? 'end of input' : describeChar(text[offset]);
    const hint = hintAt(text, offset);
    const message = hint ?? `expected ${m.getExpectedText()}, found ${found}`;
    throw new BibunError('syntax', message, positionAt(text, offset));
  }
  return m;
}

/** Messages for mistakes people make often, where Ohm's list of expectations would not help. */
function hintAt(text: string, offset: number): string | undefined {
  const around = text.slice(Math.max(0, offset - 1), offset + 2);
  if (around.includes('**')) return '** is not an operator: write powers with ^ (x^2)';
  if (around.includes('//')) return '// is not an operator: write division with /';
  if (text[offset] === '\\')
    return 'backslash commands (LaTeX) are not input syntax: write sin(x), x^2, (a)/(b)';
  return undefined;
}

function describeChar(c: string): string {
  if (c === '\n') return 'end of line';
  const code = c.codePointAt(0)!;
  if (code < 32 || code === 127)
    return `character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
  return `'${c}'`;
}

// ---------------------------------------------------------------------------------------------
// Semantics.

/** State of one parse: the original text, whether pattern variables are allowed, let-bindings. */
interface Context {
  text: string;
  patterns: boolean;
  lets: Map<string, Term>;
}

let ctx: Context = { text: '', patterns: false, lets: new Map() };

function fail(kind: 'syntax' | 'arity' | 'domain', message: string, node: ohm.Node): never {
  throw new BibunError(kind, message, positionAt(ctx.text, node.source.startIdx));
}

function checkName(name: string, node: ohm.Node): void {
  if (reservedNames.has(name)) fail('syntax', `${name} is a constant and cannot be bound`, node);
}

const exprSemantics = exprGrammar.createSemantics();

exprSemantics.addOperation('term', {
  Expr(e) {
    return e.term();
  },
  AddExp(first, _ops, rest) {
    const terms: Term[] = [first.term()];
    for (let i = 0; i < rest.numChildren; i++) {
      const t: Term = rest.child(i).term();
      terms.push(_ops.child(i).sourceString === '-' ? neg(t) : t);
    }
    return terms.length === 1 ? terms[0] : add(...terms);
  },
  MulExp(first, ops, rest) {
    const terms: Term[] = [first.term()];
    for (let i = 0; i < rest.numChildren; i++) {
      const t: Term = rest.child(i).term();
      if (ops.child(i).sourceString === '/') {
        if (t.kind === 'num' && t.num === 0n) fail('domain', 'division by zero', rest.child(i));
        terms.push(reciprocal(t));
      } else terms.push(t);
    }
    return terms.length === 1 ? terms[0] : mul(...terms);
  },
  UnaryExp_neg(_minus, e) {
    return neg(e.term());
  },
  UnaryExp_pos(_plus, e) {
    return e.term();
  },
  ImplicitExp_times(n, factors) {
    return mul(n.term(), ...factors.children.map((f) => f.term() as Term));
  },
  PowExp_pow(base, _caret, exponent) {
    return power(base.term(), exponent.term(), this);
  },
  NonNumPowExp_pow(base, _caret, exponent) {
    return power(base.term(), exponent.term(), this);
  },
  PowRhs_neg(_minus, e) {
    return neg(e.term());
  },
  PowRhs_pos(_plus, e) {
    return e.term();
  },
  NonNumPrimary_paren(_open, e, _close) {
    return e.term();
  },
  NonNumPrimary_list(_open, items, _close) {
    return list(...items.asIteration().children.map((c) => c.term() as Term));
  },
  NonNumPrimary_call(name, _open, args, _close) {
    const f = name.sourceString;
    const terms: Term[] = args.asIteration().children.map((c) => c.term() as Term);
    const info = headInfo(f);
    if (info && info.kind !== 'operator' && info.arity !== 'n' && info.arity !== terms.length) {
      const plural = info.arity === 1 ? '' : 's';
      fail('arity', `${f} takes ${info.arity} argument${plural}, got ${terms.length}`, this);
    }
    if (f === 'list') return list(...terms);
    if (info && (info.kind === 'operator' || f === '=='))
      fail('syntax', `${f} is not a function name`, name);
    if (ctx.lets.has(f)) fail('syntax', `${f} is bound to an expression, not a function`, name);
    return app(f, terms);
  },
  NonNumPrimary_symbol(name) {
    const s = name.sourceString;
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
});

function power(base: Term, exponent: Term, node: ohm.Node): Term {
  if (base.kind === 'num' && base.num === 0n && exponent.kind === 'num' && exponent.num < 0n) {
    fail('domain', 'division by zero (0 to a negative power)', node);
  }
  return pow(base, exponent);
}

exprSemantics.addOperation('statement', {
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
});

/**
 * Runs the statements of an Input in order; bindings before the last statement are let-bindings
 * (their names stand for the bound terms in later statements, as shared nodes).
 */
exprSemantics.addOperation('input', {
  Input(_s1, stmts, _s2) {
    const list = stmts.asIteration().children;
    let result: Statement | undefined;
    for (let i = 0; i < list.length; i++) {
      const s: Statement = list[i].statement();
      const isLast = i === list.length - 1;
      if (!isLast) {
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
});

const rulesSemantics = rulesGrammar.extendSemantics(exprSemantics);

rulesSemantics.addOperation('decl', {
  RuleFile(_s1, decls, _s2) {
    return decls.asIteration().children.map((d) => d.decl());
  },
  Decl(d) {
    return d.decl();
  },
  RulesetDecl(_kw, name, _seps, rules) {
    return {
      kind: 'ruleset',
      name: name.sourceString,
      rules: rules.children.map((r) => r.decl()),
      ...loc(this),
    };
  },
  RuleLine(name, _colon, lhs, _arrow, rhs, guards) {
    return {
      name: name.sourceString,
      lhs: lhs.term(),
      rhs: rhs.term(),
      guards: guards.children.length > 0 ? guards.child(0).decl() : [],
      ...loc(this),
    } satisfies RuleDecl;
  },
  IfClause(_if, guards) {
    return guards.asIteration().children.map((g) => g.decl());
  },
  Guard_compare(l, op, r) {
    return { name: op.sourceString, args: [l.term(), r.term()], ...loc(this) } satisfies GuardCall;
  },
  Guard_call(name, _open, args, _close) {
    return {
      name: name.sourceString,
      args: args.asIteration().children.map((a) => a.term() as Term),
      ...loc(this),
    } satisfies GuardCall;
  },
  StrategyDecl(_kw, name, _eq, body) {
    return { kind: 'strategy', name: name.sourceString, body: body.strategy(), ...loc(this) };
  },
  ExampleDecl(_kw, name, _colon, input, _arrow, expected) {
    return {
      kind: 'example',
      target: name.sourceString,
      input: input.term(),
      expected: expected.term(),
      text: this.sourceString,
      ...loc(this),
    };
  },
  DerivativesDecl(_kw, _seps, lines) {
    return { kind: 'derivatives', entries: lines.children.map((l) => l.decl()), ...loc(this) };
  },
  DerivativeLine(head, _colon, partials) {
    const h: { head: string; params: string[] } = head.decl();
    const ps: Term[] = partials.asIteration().children.map((p) => p.term() as Term);
    if (ps.length !== h.params.length) {
      fail(
        'arity',
        `${h.head} has ${h.params.length} argument(s) but ${ps.length} partial(s) are given`,
        partials,
      );
    }
    const dup = h.params.find((p, i) => h.params.indexOf(p) !== i);
    if (dup !== undefined) fail('syntax', `argument ${dup} appears twice`, head);
    return { head: h.head, params: h.params, partials: ps, ...loc(this) } satisfies DerivativeDecl;
  },
  DerivativeHead_call(name, _open, params, _close) {
    return {
      head: name.sourceString,
      params: params.asIteration().children.map((p) => p.sourceString),
    };
  },
  DerivativeHead_pow(u, _op, v) {
    return { head: '^', params: [u.sourceString, v.sourceString] };
  },
  DerivativeHead_times(u, _op, v) {
    return { head: '*', params: [u.sourceString, v.sourceString] };
  },
  DerivativeHead_plus(u, _op, v) {
    return { head: '+', params: [u.sourceString, v.sourceString] };
  },
  RuleInput(rule, _seps) {
    return rule.decl();
  },
});

rulesSemantics.addOperation('strategy', {
  Strategy(first, _ops, rest) {
    let s: StrategyExpr = first.strategy();
    for (const r of rest.children) s = { op: 'choice', first: s, second: r.strategy(), ...loc(r) };
    return s;
  },
  SeqStrategy(first, _ops, rest) {
    let s: StrategyExpr = first.strategy();
    for (const r of rest.children) s = { op: 'seq', first: s, second: r.strategy(), ...loc(r) };
    return s;
  },
  PrimStrategy_call(name, _open, args, _close) {
    return {
      op: 'call',
      name: name.sourceString,
      args: args.asIteration().children.map((a) => a.strategy() as StrategyExpr),
      ...loc(this),
    };
  },
  PrimStrategy_paren(_open, s, _close) {
    return s.strategy();
  },
  PrimStrategy_ref(name) {
    return { op: 'ref', name: name.sourceString, ...loc(this) };
  },
  StrategyInput(s, _seps) {
    return s.strategy();
  },
});

function loc(node: ohm.Node): { line: number; column: number } {
  const p = positionAt(ctx.text, node.source.startIdx);
  return { line: p.line, column: p.column };
}

function run<T>(
  grammar: ohm.Grammar,
  text: string,
  start: string,
  patterns: boolean,
  op: string,
  prep?: ReturnType<typeof prepare>,
): T {
  const m = match(grammar, text, start, prep);
  const saved = ctx;
  ctx = { text, patterns, lets: new Map() };
  try {
    const sem = grammar === exprGrammar ? exprSemantics : rulesSemantics;
    return sem(m)[op]() as T;
  } catch (e) {
    if (isStackOverflow(e)) throw nestingError(text, 0);
    throw e;
  } finally {
    ctx = saved;
  }
}

/**
 * An expression-language input: the fast reader first; Ohm when the reader gives up (for the
 * result or, usually, the error message).
 */
function readStatement(text: string, patterns: boolean): Statement {
  checkNotEmpty(text);
  const prep = prepare(text);
  const r = readInput(prep.prepared, patterns);
  if (r.ok) return r.statement;
  if (r.tooDeep) throw nestingError(text, r.offset, readerMaxNesting);
  if (prep.depth > maxNesting) {
    // Too deep for Ohm to explain: report where the reader stopped.
    throw new BibunError('syntax', 'unexpected input', positionAt(text, r.offset));
  }
  return run<Statement>(exprGrammar, text, 'Input', patterns, 'input', prep);
}

/** Parses with Ohm only, bypassing the fast reader (for tests that compare the two). */
export function parseWithOhm(text: string, patterns = false): Term {
  checkNotEmpty(text);
  return statementTerm(run<Statement>(exprGrammar, text, 'Input', patterns, 'input'), text);
}

// ---------------------------------------------------------------------------------------------
// Public entry points.

/**
 * Parses a REPL/CLI input: an expression, an identity `lhs == rhs`, a binding `name = expr` or a
 * function definition `f(x) := expr`. Bindings before the last statement are let-bindings.
 *
 * @example parseStatement('y = 2*x') // { kind: 'binding', name: 'y', term: 2*x }
 */
export function parseStatement(text: string): Statement {
  return readStatement(text, false);
}

/**
 * Parses an expression or let-form to a term. An identity `a == b` gives the term `==(a, b)`.
 *
 * @example parse('t1 = sin(x); t1*cos(t1)') === parse('sin(x)*cos(sin(x))')
 */
export function parse(text: string): Term {
  return statementTerm(parseStatement(text), text);
}

/** Like {@link parse}, with pattern variables `?a` and `?a...` allowed. */
export function parsePattern(text: string): Term {
  return statementTerm(readStatement(text, true), text);
}

function statementTerm(s: Statement, text: string): Term {
  switch (s.kind) {
    case 'expr':
      return s.term;
    case 'identity':
      return app('==', [s.lhs, s.rhs]);
    default:
      throw new BibunError(
        'syntax',
        `expected an expression, found a ${s.kind === 'binding' ? 'binding' : 'definition'} (${s.name} = ...)`,
        positionAt(text, 0),
      );
  }
}

/** Parses one rule `name: lhs -> rhs [if guard, ...]` (as typed at the REPL). */
export function parseRule(text: string): RuleDecl {
  checkNotEmpty(text);
  return run<RuleDecl>(rulesGrammar, text, 'RuleInput', true, 'decl');
}

/** Parses a strategy expression (`fixpoint(bottomup(try(arith)))`, `a ; b <+ c`). */
export function parseStrategy(text: string): StrategyExpr {
  checkNotEmpty(text);
  return run<StrategyExpr>(rulesGrammar, text, 'StrategyInput', false, 'strategy');
}

/**
 * Parses a rule file into its declarations (syntax only: names are resolved and validated when
 * the file is loaded). Errors carry `file` in their position when given.
 */
export function parseRuleFile(text: string, file?: string): RuleFile {
  try {
    if (text.trim() === '' || /^(?:[^\S\n]*(?:#[^\n]*)?\n)*[^\S\n]*(?:#[^\n]*)?$/.test(text))
      return { file, decls: [] };
    const decls = run<Decl[]>(rulesGrammar, text, 'RuleFile', true, 'decl');
    return { file, decls };
  } catch (e) {
    if (e instanceof BibunError && e.position && file !== undefined) {
      throw new BibunError(e.kind, e.message, { ...e.position, file });
    }
    throw e;
  }
}
