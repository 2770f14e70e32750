/**
 * Guards: the named predicates a rule's `if` clause may use. Rule files never contain
 * JavaScript; they name a guard from this registry, and loading rejects unknown names and wrong
 * argument counts.
 *
 * A guard receives its arguments already instantiated (a segment variable arrives as
 * `list(...)`). Numeric guards look at exact numbers, and at the constants `pi` and `e` where
 * the answer is certain; for anything else they answer false, so a rule guarded by
 * `is_positive(?x)` never fires on a symbol whose sign is unknown.
 */
import * as Q from '../base/rational.js';
import { headInfo } from '../base/signature.js';
import type { Num, Term } from '../term/term.js';
import { occurs } from '../term/walk.js';

/** A named predicate on terms. */
export interface Guard {
  readonly name: string;
  readonly arity: number;
  /** One line for `:help` and error messages. */
  readonly doc: string;
  readonly test: (args: readonly Term[]) => boolean;
}

/** A guard registry: name to guard. */
export type GuardRegistry = ReadonlyMap<string, Guard>;

/** The sign of a term when it is certain: exact numbers and the constants `pi`, `e`. */
export function knownSign(t: Term): number | undefined {
  if (t.kind === 'num') return Q.sign(t);
  if (t.kind === 'sym' && (t.name === 'pi' || t.name === 'e')) return 1;
  return undefined;
}

const isNum = (t: Term): t is Num => t.kind === 'num';
const isInt = (t: Term): t is Num => t.kind === 'num' && t.den === 1n;

function unary(name: string, doc: string, test: (t: Term) => boolean): Guard {
  return { name, arity: 1, doc, test: (a) => test(a[0]) };
}

function comparison(name: string, ok: (c: number) => boolean): Guard {
  return {
    name,
    arity: 2,
    doc: `?a ${name} ?b: both exact numbers and the comparison holds`,
    test: ([a, b]) => isNum(a) && isNum(b) && ok(Q.compare(a, b)),
  };
}

/** The known functions f with f(-x) = -f(x), and those with f(-x) = f(x), wherever defined. */
const oddFunctions = new Set([
  'sin',
  'tan',
  'cot',
  'csc',
  'sinh',
  'tanh',
  'asin',
  'atan',
  'asinh',
  'atanh',
]);
const evenFunctions = new Set(['cos', 'sec', 'cosh']);

/** A name (as a head variable binds it) in a set of function names. */
const named = (names: ReadonlySet<string>) => (t: Term) => t.kind === 'sym' && names.has(t.name);

const guards: Guard[] = [
  unary('is_number', 'an exact number', isNum),
  unary('is_nonnumber', 'anything but an exact number', (t) => !isNum(t)),
  unary('is_rational', 'an exact rational number (every exact number is one)', isNum),
  unary('is_integer', 'an exact integer', isInt),
  unary('is_noninteger', 'an exact number that is not an integer', (t) => isNum(t) && t.den !== 1n),
  unary('is_even', 'an even integer', (t) => isInt(t) && t.num % 2n === 0n),
  unary('is_odd', 'an odd integer', (t) => isInt(t) && t.num % 2n !== 0n),
  unary('is_positive', 'certainly > 0 (a positive number, pi, e)', (t) => knownSign(t) === 1),
  unary('is_negative', 'certainly < 0 (a negative number)', (t) => knownSign(t) === -1),
  unary('is_nonnegative', 'certainly >= 0', (t) => (knownSign(t) ?? -1) >= 0),
  unary('is_nonzero', 'certainly not 0', (t) => (knownSign(t) ?? 0) !== 0),
  unary(
    'is_symbol',
    'a symbol other than the constants pi and e',
    (t) => t.kind === 'sym' && t.isConstant === false,
  ),
  unary('is_atom', 'a number or a symbol', (t) => t.kind === 'num' || t.kind === 'sym'),
  unary('is_const', 'no free symbols (numbers, pi, e and functions of them)', (t) => t.isConstant),
  unary('is_sum', 'a sum', (t) => t.kind === 'app' && t.head === '+'),
  unary('is_nonsum', 'anything but a sum', (t) => !(t.kind === 'app' && t.head === '+')),
  unary('is_product', 'a product', (t) => t.kind === 'app' && t.head === '*'),
  unary('is_power', 'a power', (t) => t.kind === 'app' && t.head === '^'),
  unary(
    'is_function',
    'the name of a known function (sin, exp, ...), as a head variable ?f binds it',
    (t) => t.kind === 'sym' && headInfo(t.name)?.kind === 'function',
  ),
  unary(
    'is_odd_function',
    'a known function with f(-x) = -f(x): sin, tan, sinh, asin, ...',
    named(oddFunctions),
  ),
  unary(
    'is_even_function',
    'a known function with f(-x) = f(x): cos, sec, cosh',
    named(evenFunctions),
  ),
  {
    name: 'free_of',
    arity: 2,
    doc: 'free_of(?a, ?x): ?x does not occur in ?a',
    test: ([a, x]) => !occurs(x, a),
  },
  comparison('<', (c) => c < 0),
  comparison('<=', (c) => c <= 0),
  comparison('>', (c) => c > 0),
  comparison('>=', (c) => c >= 0),
  {
    name: '==',
    arity: 2,
    doc: '?a == ?b: the same term (canonical forms are compared)',
    test: ([a, b]) => a === b,
  },
  { name: '!=', arity: 2, doc: '?a != ?b: different terms', test: ([a, b]) => a !== b },
];

/** The standard guards. */
export const standardGuards: GuardRegistry = new Map(guards.map((g) => [g.name, g]));

/**
 * A registry with more guards (for embedders; rule files cannot define guards). A guard of the
 * same name replaces the standard one.
 */
export function withGuards(base: GuardRegistry, extra: readonly Guard[]): GuardRegistry {
  const m = new Map(base);
  for (const g of extra) m.set(g.name, g);
  return m;
}
