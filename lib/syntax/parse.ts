/**
 * Text to terms: the entry points of the syntax layer.
 *
 * - {@link parse}: an expression or a let-form (`t1 = sin(x); t1*cos(t1)`) to one term; the
 *   let-bound names become shared nodes of the DAG.
 * - {@link parseStatement}: a REPL/CLI input (expression, identity `a == b`, binding `x = 2`,
 *   function definition `f(x) := x^2`).
 * - {@link parsePattern}, {@link parseRule}, {@link parseRuleFile}, {@link parseStrategy}: the
 *   rule language.
 *
 * Every text is read by the fast readers (reader.ts, rule-reader.ts), in time and memory linear
 * in its length and within the size and time budgets in force. Ohm (semantics.ts) is asked only
 * to word the syntax error of a small expression text, so that messages stay exactly those of
 * the grammar; a larger text gets the reader's own message at the same place. A syntax error of
 * the rule language (files, rules, strategies) is worded by rule-errors.ts from the reader's.
 *
 * Every failure is a BibunError of kind `syntax` (or `arity`, `limit`, `domain`) with the line,
 * the column, what was expected, and the source line for the caret display.
 */
import { BibunError, isStackOverflow } from '../base/errors.js';
import type { RuleDecl, RuleFile, Statement, StrategyExpr, Decl } from './ast.js';
import { SyntaxStop, TooDeep, readerMaxNesting } from './cursor.js';
import {
  checkNotEmpty,
  maxNesting,
  nestingError,
  positionAt,
  prepare,
  type Prepared,
  syntaxError,
} from './prescan.js';
import { readInput } from './reader.js';
import { RuleReader } from './rule-reader.js';
import { ruleSyntaxError } from './rule-errors.js';
import { rulesSemantics } from './rule-semantics.js';
import { exprSemantics, ohmGrammars, ohmSyntaxError, runOhm } from './semantics.js';
import { app, type Term } from '../term/term.js';

export { maxInputLength, maxNesting, needsMoreInput, openBrackets } from './prescan.js';
export type { OpenBracket } from './prescan.js';

/** Options of a parse. */
export interface ParseOptions {
  /** Most nodes the input may build (default: the size budget in force, if any). */
  readonly maxSize?: number;
}

/**
 * Longest text whose syntax error Ohm words (about 0.3 s and 50 MB at this size); a longer text
 * gets the reader's message, so an error costs time and memory linear in the text.
 */
const ohmExplainsUpTo = 20_000;

type Start = 'Input' | 'RuleFile' | 'RuleInput' | 'StrategyInput';

/**
 * The error to report for a syntax failure the reader found: Ohm's wording for a small text,
 * the reader's for a large or deep one.
 */
function explain(text: string, prep: Prepared, stop: SyntaxStop, start: Start): BibunError {
  if (text.length <= ohmExplainsUpTo && prep.depth <= maxNesting) {
    const g = ohmGrammars();
    const e = ohmSyntaxError(start === 'Input' ? g.expr : g.rules, text, prep, start);
    if (e !== undefined) return e;
  }
  return syntaxError(text, stop.offset, stop.expected);
}

/** Runs a reader, turning its failures into BibunErrors. */
function read<T>(text: string, prep: Prepared, start: Start, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof SyntaxStop)
      throw (
        (start !== 'Input' ? ruleSyntaxError(text, e.offset, e.expected, start) : undefined) ??
        explain(text, prep, e, start)
      );
    if (e instanceof TooDeep) throw nestingError(text, e.offset, readerMaxNesting);
    if (isStackOverflow(e)) throw nestingError(text, 0, readerMaxNesting);
    throw e;
  }
}

function readStatement(text: string, patterns: boolean, options: ParseOptions): Statement {
  checkNotEmpty(text);
  const prep = prepare(text);
  return read(text, prep, 'Input', () =>
    readInput(prep.prepared, text, { patterns, maxSize: options.maxSize }),
  );
}

/** Parses with Ohm only, bypassing the fast reader (for tests that compare the two). */
export function parseWithOhm(text: string, patterns = false): Term {
  checkNotEmpty(text);
  const s = runOhm<Statement>(
    ohmGrammars().expr,
    exprSemantics(),
    text,
    prepare(text),
    'Input',
    patterns,
    'input',
  );
  return statementTerm(s, text);
}

/** Parses a rule file with Ohm only, bypassing the fast reader (for tests that compare the two). */
export function parseRuleFileWithOhm(text: string): Decl[] {
  return runOhm<Decl[]>(
    ohmGrammars().rules,
    rulesSemantics(),
    text,
    prepare(text),
    'RuleFile',
    true,
    'decl',
  );
}

/**
 * Parses a REPL/CLI input: an expression, an identity `lhs == rhs`, a binding `name = expr` or a
 * function definition `f(x) := expr`. Bindings before the last statement are let-bindings.
 *
 * @example parseStatement('y = 2*x') // { kind: 'binding', name: 'y', term: 2*x }
 */
export function parseStatement(text: string, options: ParseOptions = {}): Statement {
  return readStatement(text, false, options);
}

/**
 * Parses an expression or let-form to a term. An identity `a == b` gives the term `==(a, b)`.
 *
 * @example parse('t1 = sin(x); t1*cos(t1)') === parse('sin(x)*cos(sin(x))')
 */
export function parse(text: string, options: ParseOptions = {}): Term {
  return statementTerm(parseStatement(text, options), text);
}

/** Like {@link parse}, with pattern variables `?a` and `?a...` allowed. */
export function parsePattern(text: string, options: ParseOptions = {}): Term {
  return statementTerm(readStatement(text, true, options), text);
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

function readRules<T>(text: string, start: Start, patterns: boolean, f: (r: RuleReader) => T): T {
  const prep = prepare(text);
  return read(text, prep, start, () => f(new RuleReader(prep.prepared, text, { patterns })));
}

/** Parses one rule `name: lhs -> rhs [if guard, ...]` (as typed at the REPL). */
export function parseRule(text: string): RuleDecl {
  checkNotEmpty(text);
  return readRules(text, 'RuleInput', true, (r) => r.ruleInput());
}

/** Parses a strategy expression (`fixpoint(bottomup(try(arith)))`, `a ; b <+ c`). */
export function parseStrategy(text: string): StrategyExpr {
  checkNotEmpty(text);
  return readRules(text, 'StrategyInput', true, (r) => r.strategyInput());
}

/**
 * Parses a rule file into its declarations (syntax only: names are resolved and validated when
 * the file is loaded). Errors carry `file` in their position when given.
 */
export function parseRuleFile(text: string, file?: string): RuleFile {
  try {
    return { file, decls: readRules(text, 'RuleFile', true, (r) => r.ruleFile()) };
  } catch (e) {
    if (e instanceof BibunError && e.position && file !== undefined) {
      throw new BibunError(e.kind, e.message, { ...e.position, file });
    }
    throw e;
  }
}
