/**
 * The table of functions that compute: the user-visible names `N`, `factorial`, `binomial`,
 * `floor`, `ceil`, `mod`, `subs`, each with its arities, a usage line, and its implementation.
 * The parser takes these names as uninterpreted functions (any name with any number of
 * arguments parses); {@link evaluateCalls} then computes every call in a term, innermost
 * first, so they work wherever a term does: REPL, CLI, batch, and (through {@link casStep}) as
 * a strategy.
 *
 * A call with the wrong number or kind of arguments is a one-line `usage` error naming the
 * function and what it needs; a call with nothing exact to compute (`factorial(x)`) stays as
 * it is.
 */
import { BibunError } from '../base/errors.js';
import { shown } from '../term/print.js';
import { isApp, list, type Num, type Term } from '../term/term.js';
import { mapBottomUp, postorder, withArgs } from '../term/walk.js';
import { approximate, decimalText } from './approximate.js';
import { binomial, ceil, factorial, floor, mod } from './integers.js';
import { solveLinear } from './linear.js';
import { nsolve } from './nsolve.js';
import { limit } from './limit.js';
import { series } from './series.js';
import { floatNumber, solveRoots } from './solve.js';
import { subs } from './subs.js';
import { polyFunctions } from '../poly/functions.js';
import { simplify } from '../simplify/simplify.js';

/** What a call computed. */
export interface CasResult {
  readonly term: Term;
  /** Notes for the user (digits that could not all be certified). */
  readonly notes: readonly string[];
  /** Numbers of `term` that stand for printed decimals (from `N`), with their texts. */
  readonly decimals: ReadonlyMap<Num, string>;
  /** `term` is a series in this (x, or x − a): shown by ascending power of it. */
  readonly ascendingIn?: Term;
}

/** A function that computes. */
export interface CasFunction {
  readonly name: string;
  /** The numbers of arguments it takes. */
  readonly arities: readonly number[];
  /** How it is called: `N(e) or N(e, digits)`. */
  readonly usage: string;
  /** One line for help texts. */
  readonly summary: string;
  /** The result, or undefined to leave the call unevaluated. Arity is checked before. */
  readonly apply: (args: readonly Term[]) => CasResult | undefined;
}

const none: ReadonlyMap<Num, string> = new Map();

function plain(t: Term | undefined): CasResult | undefined {
  return t === undefined ? undefined : { term: t, notes: [], decimals: none };
}

/** A usage error unless no argument is a list or an identity. */
function numbersOnly(name: string, args: readonly Term[]): void {
  for (const a of args) {
    if (isApp(a, 'list') || isApp(a, '==')) {
      throw new BibunError('usage', `${name}: needs numbers, got ${shown(a)}`);
    }
  }
}

function digitCount(t: Term): number {
  if (t.kind !== 'num' || t.den !== 1n || t.num < 1n) {
    throw new BibunError(
      'usage',
      `N: the number of digits must be a positive integer, got ${shown(t)}`,
    );
  }
  return t.num > 1_000_000_000n ? Infinity : Number(t.num);
}

const FUNCTIONS: readonly CasFunction[] = [
  {
    name: 'N',
    arities: [1, 2],
    usage: 'N(e) or N(e, digits)',
    summary: 'numeric value: a float, or digits significant digits, every one certified',
    apply: ([e, d]) => {
      const a = approximate(e, d === undefined ? undefined : digitCount(d));
      return { term: a.term, notes: a.notes, decimals: a.decimals };
    },
  },
  {
    name: 'factorial',
    arities: [1],
    usage: 'factorial(n)',
    summary: 'n! for an integer n ≥ 0',
    apply: (args) => (numbersOnly('factorial', args), plain(factorial(args[0]))),
  },
  {
    name: 'binomial',
    arities: [2],
    usage: 'binomial(n, k)',
    summary: 'the binomial coefficient for an integer k',
    apply: (args) => (numbersOnly('binomial', args), plain(binomial(args[0], args[1]))),
  },
  {
    name: 'floor',
    arities: [1],
    usage: 'floor(x)',
    summary: 'the largest integer ≤ x (exact numbers and constants such as pi)',
    apply: (args) => (numbersOnly('floor', args), plain(floor(args[0]))),
  },
  {
    name: 'ceil',
    arities: [1],
    usage: 'ceil(x)',
    summary: 'the smallest integer ≥ x',
    apply: (args) => (numbersOnly('ceil', args), plain(ceil(args[0]))),
  },
  {
    name: 'mod',
    arities: [2],
    usage: 'mod(a, b)',
    summary: 'a - b*floor(a/b), with the sign of b',
    apply: (args) => (numbersOnly('mod', args), plain(mod(args[0], args[1]))),
  },
  {
    name: 'simplify',
    arities: [1],
    usage: 'simplify(e)',
    summary: 'the simplified form (what every input gets anyway; written as in SymPy)',
    apply: ([e]) => plain(simplify(e)),
  },
  {
    name: 'subs',
    arities: [3],
    usage: 'subs(e, x, v) or subs(e, [x, y], [a, b])',
    summary: 'substitute values for variables (simultaneously)',
    apply: ([e, x, v]) => plain(subs(e, x, v)),
  },
  {
    name: 'solve',
    arities: [2],
    usage: 'solve(eq, x) or solve([eq1, eq2], [x, y])',
    summary: 'real roots of a polynomial equation (exact, then numeric); linear systems exactly',
    apply: ([eq, x]) => {
      if (isApp(eq, 'list') || isApp(x, 'list')) {
        if (!isApp(eq, 'list') || !isApp(x, 'list')) {
          throw new BibunError(
            'usage',
            'solve: a system needs a list of equations and a list of unknowns',
          );
        }
        return plain(solveLinear(eq.args, x.args));
      }
      const r = solveRoots(eq, x);
      const decimals = new Map<Num, string>();
      const numeric = r.numeric.map((v) => floatNumber(v, decimals));
      return { term: list(...r.exact, ...numeric), notes: [], decimals };
    },
  },
  {
    name: 'nsolve',
    arities: [3],
    usage: 'nsolve(f, x, x0)',
    summary: "a root near x0 by Newton's method (f or lhs == rhs)",
    apply: ([f, x, x0]) => {
      const decimals = new Map<Num, string>();
      return { term: floatNumber(nsolve(f, x, x0), decimals), notes: [], decimals };
    },
  },
  {
    name: 'series',
    arities: [4],
    usage: 'series(f, x, a, n)',
    summary: 'the Taylor polynomial of order n at x = a (Laurent at a pole), exact coefficients',
    apply: ([f, x, a, n]) => {
      const r = series(f, x, a, n);
      return {
        term: r.polynomial,
        notes: [`+ ${r.remainder}`],
        decimals: none,
        ascendingIn: r.variable,
      };
    },
  },
  {
    name: 'limit',
    arities: [3, 4],
    usage: 'limit(f, x, a) or limit(f, x, a, plus|minus)',
    summary: 'the limit as x -> a (a may be inf), decided by series expansion',
    apply: ([f, x, a, side]) => plain(limit(f, x, a, side)),
  },
];

/** How each polynomial function of lib/poly is called, for usage errors and help. */
const polyUsage: Record<string, [string, string]> = {
  expand: ['expand(e)', 'multiply out products and powers of sums'],
  factor: ['factor(e)', 'factor over the rationals (numerator and denominator)'],
  cancel: ['cancel(e)', 'a rational function in lowest terms'],
  together: ['together(e)', 'one fraction over a common denominator'],
  apart: ['apart(e) or apart(e, x)', 'partial fractions in x'],
  collect: ['collect(e, x)', 'collect the coefficients of the powers of x'],
  gcd: ['gcd(a, b)', 'greatest common divisor of polynomials'],
  lcm: ['lcm(a, b)', 'least common multiple of polynomials'],
  quo: ['quo(a, b) or quo(a, b, x)', 'quotient of polynomial division'],
  rem: ['rem(a, b) or rem(a, b, x)', 'remainder of polynomial division'],
  degree: ['degree(p) or degree(p, x)', 'degree in x (total degree without x)'],
  coeff: ['coeff(p, x, n)', 'the coefficient of x^n'],
};

/** The polynomial core's functions (lib/poly/functions.ts) as entries of the same table. */
const POLY_FUNCTIONS: readonly CasFunction[] = [...polyFunctions].map(([name, f]) => {
  const arities: number[] = [];
  for (let n = f.minArgs; n <= f.maxArgs; n++) arities.push(n);
  const [usage, summary] = polyUsage[name] ?? [`${name}(...)`, 'polynomial algebra'];
  return { name, arities, usage, summary, apply: (args) => plain(f.apply(args)) };
});

/** The functions that compute, by name. */
export const casFunctions: ReadonlyMap<string, CasFunction> = new Map(
  [...FUNCTIONS, ...POLY_FUNCTIONS].map((f) => [f.name, f]),
);

/**
 * Computes one call `t` at its root: the result, or undefined when `t` is not a call of a
 * function of the table or the call stays unevaluated.
 *
 * @throws BibunError `usage` for a wrong number or kind of arguments, e.g.
 * `subs takes (e, x, v) or (e, [x, y], [a, b]), got 2 arguments`.
 */
export function callFunction(t: Term): CasResult | undefined {
  if (t.kind !== 'app') return undefined;
  const f = casFunctions.get(t.head);
  if (!f) return undefined;
  if (!f.arities.includes(t.args.length)) {
    const n = t.args.length;
    throw new BibunError(
      'usage',
      `${f.name} takes ${f.usage.replaceAll(`${f.name}(`, '(')}, got ${n} argument${n === 1 ? '' : 's'}`,
    );
  }
  const r = f.apply(t.args);
  return r === undefined || r.term === t ? undefined : r;
}

/**
 * A term with every call computed, and how to print it (`text` has N's decimals;
 * `ascendingIn` when the whole term is the value of a series).
 */
export interface Evaluated extends CasResult {
  /** Infix text with N's numbers as their decimals (as `toInfix` where there are none). */
  readonly text: string;
}

/**
 * Computes every call of the table in `t`, innermost first, each distinct node once.
 *
 * @example evaluateCalls(parse('factorial(5) + subs(x^2, x, 3)')).term === num(129)
 */
export function evaluateCalls(t: Term, which: CallSelection = 'all'): Evaluated {
  const notes: string[] = [];
  const decimals = new Map<Num, string>();
  const selected = (head: string): boolean =>
    which === 'all' || (which === 'forms') === formFunctions.has(head);
  if (!hasCalls(t, selected)) return { term: t, notes, decimals, text: '' };
  const ascending = new Map<Term, Term>();
  const term = mapBottomUp(t, (node, args) => {
    const n = withArgs(node, args);
    const r = n.kind === 'app' && selected(n.head) ? callFunction(n) : undefined;
    if (!r) return n;
    notes.push(...r.notes);
    for (const [k, v] of r.decimals) decimals.set(k, v);
    if (r.ascendingIn !== undefined) ascending.set(r.term, r.ascendingIn);
    return r.term;
  });
  for (const [k, v] of decimals) shownDecimals.set(k, v);
  const h = ascending.get(term);
  return {
    term,
    notes,
    decimals,
    text: decimalText(term, decimals),
    ...(h !== undefined ? { ascendingIn: h } : {}),
  };
}

/**
 * The functions whose result is a *form* the user asked for (factored, expanded, partial
 * fractions, collected, a series): a front end shows their result as it is, after simplifying
 * their arguments, instead of simplifying it back (the simplifier would multiply `factor`'s
 * product out again when that is shorter).
 */
export const formFunctions: ReadonlySet<string> = new Set([
  'expand',
  'factor',
  'apart',
  'together',
  'collect',
  'series',
]);

/** Which calls {@link evaluateCalls} computes: all, only {@link formFunctions}, or all others. */
export type CallSelection = 'all' | 'forms' | 'values';

/** True when some node of `t` calls a selected function of the table. */
function hasCalls(t: Term, selected: (head: string) => boolean): boolean {
  for (const n of postorder(t)) {
    if (n.kind === 'app' && casFunctions.has(n.head) && selected(n.head)) return true;
  }
  return false;
}

/**
 * The decimals `N` printed for the numbers it computed (numbers are interned, so the key is
 * the number itself; an equal number typed by hand is the same value and prints the same way).
 */
const shownDecimals = new WeakMap<Num, string>();

/**
 * The infix text of `t` with the numbers that `N` computed written as their certified
 * decimals, or undefined when `t` has none (then the ordinary printer applies).
 */
export function textWithDecimals(t: Term): string | undefined {
  let found: Map<Num, string> | undefined;
  for (const n of postorder(t)) {
    if (n.kind !== 'num') continue;
    const d = shownDecimals.get(n);
    if (d !== undefined) (found ??= new Map()).set(n, d);
  }
  return found === undefined ? undefined : decimalText(t, found);
}

/**
 * The strategy contract at the root: the computed call, or undefined (failure) when `t` is not
 * a call that computes. Under a traversal (`innermost(... <+ calls)`) it evaluates calls
 * anywhere.
 */
export function casStep(t: Term): Term | undefined {
  return callFunction(t)?.term;
}
