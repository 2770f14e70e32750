/**
 * bibun's public API: a table of contents, re-exports only. `bibun/testing` (lib/testing.ts) is
 * the property-testing toolkit and the soundness checks of rules, kept apart so that
 * `import 'bibun'` does not load fast-check (spec/app/startup.spec.ts checks the import graph).
 */

// Errors: the one error type, with a kind and a source position.
export { BibunError, isBibunError, type ErrorKind, type SourcePosition } from './base/errors.js';

// Budgets: one object bounds a computation (steps, time, size, depth); loops below poll it.
export {
  Budget,
  BudgetExceeded,
  budgetMessage,
  withBudget,
  type BudgetName,
} from './base/budget.js';

// Exact numbers and the table of known functions.
export type { Rational } from './base/rational.js';
export { headInfo, knownFunctionNames, constants, type HeadInfo } from './base/signature.js';

// Terms: hash-consed, immutable; constructors in canonical form; sizes.
export {
  add,
  call,
  div,
  list,
  mul,
  neg,
  num,
  pow,
  sub,
  sym,
  compareTerms,
  isApp,
  isNum,
  type Term,
  type Num,
  type Sym,
  type App,
} from './term/term.js';

// Walking terms: post-order over the DAG, bottom-up rebuilding, substitution.
export { postorder, mapBottomUp, substitute, freeSymbols, occurs } from './term/walk.js';

// Text to terms, and the rule language.
export {
  parse,
  parseStatement,
  parsePattern,
  parseRule,
  parseRuleFile,
  parseStrategy,
  needsMoreInput,
} from './syntax/parse.js';

// Terms to text: infix, LaTeX, let-form, Graphviz DOT, JSON, two-dimensional (pretty).
export { format, toInfix, toLatex, toLet, toDot, toJSON, type Format } from './term/print.js';
export { toPretty } from './term/pretty.js';

// Numbers: float evaluation and compilation to JS functions.
export { evaluate, evaluator, type Environment } from './term/evaluate.js';
export { compile, type CompiledScalar, type CompiledVector } from './term/compile.js';

// Rewriting: rules, strategies with budgets and traces, rule libraries.
export { makeRule, type Rule } from './match/rule.js';
export { resultText } from './rewrite/run.js';
export {
  runStrategy,
  applyStrategy,
  defaultLimits,
  type Strategy,
  type Limits,
  type RunResult,
  type RunOptions,
  type TraceStep,
  type StopReason,
} from './rewrite/strategy.js';
export {
  RuleLibrary,
  loadRuleFiles,
  rewriteWithRules,
  shippedRulesDir,
} from './rewrite/library.js';

// Simplification with the shipped rules.
export { simplify, simplifyRun, simplificationLibrary } from './simplify/simplify.js';

// Differentiation: seven methods over one table of partials.
export {
  diff,
  gradient,
  jacobian,
  hessian,
  jvp,
  vjp,
  hvp,
  sparsity,
  type SparsityPattern,
  nthDerivative,
  derivativeValues,
  methods,
  type Method,
  type DiffOptions,
} from './diff/index.js';

// Functions that compute, on terms (each is also a function name in every input:
// `factor(x^4 + 4)`, `series(sin(x), x, 0, 5)`): polynomial forms, substitution, series,
// limits, equations, certified numbers; `evaluateCalls` computes every such call in a term.
export {
  expandTerm as expand,
  factorTerm as factor,
  cancelTerm as cancel,
  togetherTerm as together,
  apartTerm as apart,
  collectTerm as collect,
} from './poly/functions.js';
export { subs } from './cas/subs.js';
export { series, type Expansion } from './cas/series.js';
export { limit } from './cas/limit.js';
export { solveRoots, type Roots } from './cas/solve.js';
export { solveLinear } from './cas/linear.js';
export { nsolve } from './cas/nsolve.js';
export { approximate, type Approximation } from './cas/approximate.js';
export { evaluateCalls, type Evaluated } from './cas/functions.js';

// The operations of the command line, batch and REPL, and the REPL's session core.
export {
  simplifyTerm,
  diffTerm,
  gradTerm,
  hessianTerm,
  rewriteCommand,
  checkCommand,
} from './app/operations.js';
export { Session, step, initialState, type SessionState, type SessionIO } from './app/session.js';
