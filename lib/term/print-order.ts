/**
 * The order in which the printers show the arguments of `+` and `*`. It is a reading order only:
 * terms keep their canonical order ({@link compareTerms}), and printed text parses back to the
 * same term whatever order its arguments are shown in.
 *
 * **Sums** read by descending degree, as in SymPy and Mathematica (`x^2 + 2*x + 1`):
 *
 * 1. terms that contain a symbol (other than `pi`, `e`) come before constant terms, and numbers
 *    come last (`x + pi + 1`);
 * 2. higher total degree in the symbols first (`x^2*y + x*y + y`; `x^(1/2)` has degree 1/2,
 *    `1/x` degree −1; a coefficient does not count);
 * 3. at equal total degree, lexicographically: symbols in alphabetical order, the higher degree
 *    in the first symbol where two terms differ goes first (`x^2 + x*y + y^2`);
 * 4. then by the degree in the other factors (applications such as `sin(x)`, powers of them,
 *    sums), higher first (`sin(x)^2 + sin(x) + 1`);
 * 5. ties keep the canonical order (`cos(x) + sin(x)`);
 * 6. but a sum of a negative term and a positive constant reads constant first, `1 - x` and
 *    `pi - acos(x)` (not `-x + 1`), as SymPy prints `1 - x`, `1 - x**2` and `pi - x`.
 *
 * This is SymPy's `grlex` order (total degree, then lexicographic) extended to non-polynomial
 * factors; SymPy's default printing order is plain `lex`, which differs only between terms of
 * different total degree (SymPy `x + y**3`, bibun `y^3 + x`).
 *
 * **Series** (the value of `series(f, x, a, n)`, where the REPL shows it) read the other way, by
 * ascending power of x − a as SymPy and Mathematica print them (`x - x^3/6 + x^5/120`):
 * {@link ascendingPrintOrder}.
 *
 * **Products** read coefficient first (`2*x^2*y`): the number, then constant factors (`pi`,
 * `sqrt(2)`), then powers of symbols in alphabetical order of the symbol, then every other factor
 * in canonical order (`3*x*exp(y)*sin(x)`, `y*sin(x)`).
 */
import { compareTerms, type Term } from './term.js';

interface SumKey {
  readonly term: Term;
  /** 0: contains a symbol; 1: a constant that is not a number; 2: a number. */
  readonly rank: number;
  readonly total: number;
  /** Symbol degrees, sorted by name. */
  readonly names: readonly string[];
  readonly degrees: readonly number[];
  readonly other: number;
}

/** The value of a numeric exponent as a float, or undefined for a non-numeric one. */
function exponentValue(e: Term): number | undefined {
  return e.kind === 'num' ? Number(e.num) / Number(e.den) : undefined;
}

function isSymbol(t: Term): boolean {
  return t.kind === 'sym' && t.name !== 'pi' && t.name !== 'e';
}

function sumKey(t: Term): SumKey {
  if (t.kind === 'num') return { term: t, rank: 2, total: 0, names: [], degrees: [], other: 0 };
  if (t.isConstant) return { term: t, rank: 1, total: 0, names: [], degrees: [], other: 0 };
  const factors = t.kind === 'app' && t.head === '*' ? t.args : [t];
  const byName = new Map<string, number>();
  let total = 0;
  let other = 0;
  for (const f of factors) {
    if (f.kind === 'num' || f.isConstant) continue;
    let base: Term = f;
    let degree = 1;
    if (f.kind === 'app' && f.head === '^') {
      const v = exponentValue(f.args[1]);
      if (v !== undefined) {
        base = f.args[0];
        degree = v;
      }
    }
    if (base.kind === 'sym' && isSymbol(base)) {
      byName.set(base.name, (byName.get(base.name) ?? 0) + degree);
      total += degree;
    } else other += degree;
  }
  const names = [...byName.keys()].sort();
  return { term: t, rank: 0, total, names, degrees: names.map((n) => byName.get(n)!), other };
}

function compareSumKeys(a: SumKey, b: SumKey): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.total !== b.total) return b.total - a.total;
  // Lexicographic: walk both name lists in alphabetical order; a missing name has degree 0.
  let i = 0;
  let j = 0;
  while (i < a.names.length || j < b.names.length) {
    const na = a.names[i];
    const nb = b.names[j];
    let da: number;
    let db: number;
    if (nb === undefined || (na !== undefined && na < nb)) {
      da = a.degrees[i++];
      db = 0;
    } else if (na === undefined || nb < na) {
      da = 0;
      db = b.degrees[j++];
    } else {
      da = a.degrees[i++];
      db = b.degrees[j++];
    }
    if (da !== db) return db - da;
  }
  if (a.other !== b.other) return b.other - a.other;
  return compareTerms(a.term, b.term);
}

/**
 * A negative number, or a product whose coefficient is negative: a term of a sum that prints
 * with a minus sign, an exponent that makes a divisor.
 */
export function negativeCoefficient(t: Term): boolean {
  if (t.kind === 'num') return t.num < 0n;
  return t.kind === 'app' && t.head === '*' && t.args[0].kind === 'num' && t.args[0].num < 0n;
}

/** The arguments of a sum in printing order (see the module comment). */
export function sumPrintOrder(args: readonly Term[]): Term[] {
  const keys = args.map(sumKey).sort(compareSumKeys);
  // 6. A negative term and a positive constant read constant first: 1 - x, pi - acos(x).
  if (
    keys.length === 2 &&
    keys[1].rank > 0 &&
    negativeCoefficient(keys[0].term) &&
    !negativeCoefficient(keys[1].term)
  )
    return [keys[1].term, keys[0].term];
  return keys.map((k) => k.term);
}

/** The exponent of h in a term of a sum: 1 for h, k for h^k or a product with the factor h^k; else 0. */
function exponentIn(t: Term, h: Term): number {
  if (t === h) return 1;
  if (t.kind === 'app' && t.head === '^' && t.args[0] === h) return exponentValue(t.args[1]) ?? 0;
  if (t.kind === 'app' && t.head === '*') {
    let k = 0;
    for (const f of t.args)
      if (f === h || (f.kind === 'app' && f.head === '^')) k += exponentIn(f, h);
    return k;
  }
  return 0;
}

/**
 * The arguments of a sum that is a series in h (x, or x − a): by ascending exponent of h, terms
 * of equal exponent in {@link sumPrintOrder} (`x^2 + 1/x` reads `1/x + x^2`; log's Taylor
 * polynomial at 1, whose sum holds `x` and `-1` apart, reads `x - 1 - (x - 1)^2/2`).
 */
export function ascendingPrintOrder(args: readonly Term[], h: Term): Term[] {
  return sumPrintOrder(args)
    .map((term, i) => ({ term, i, k: exponentIn(term, h) }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((e) => e.term);
}

/** The symbol a factor is a power of, or undefined. */
function symbolBase(f: Term): string | undefined {
  const base = f.kind === 'app' && f.head === '^' ? f.args[0] : f;
  return base.kind === 'sym' && isSymbol(base) ? base.name : undefined;
}

function productRank(f: Term): number {
  if (f.kind === 'num') return 0;
  if (f.isConstant) return 1;
  return symbolBase(f) !== undefined ? 2 : 3;
}

/** The factors of a product in printing order (see the module comment). */
export function productPrintOrder(args: readonly Term[]): Term[] {
  return [...args].sort((a, b) => {
    const ra = productRank(a);
    const rb = productRank(b);
    if (ra !== rb) return ra - rb;
    if (ra === 2) {
      const na = symbolBase(a)!;
      const nb = symbolBase(b)!;
      if (na !== nb) return na < nb ? -1 : 1;
    }
    return compareTerms(a, b);
  });
}
