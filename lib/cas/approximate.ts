/**
 * `N(e)` and `N(e, digits)`: numeric values of terms. Every maximal constant part of `e` (a
 * subterm built from numbers, `pi`, `e` and known functions) becomes one decimal number; the
 * rest stays symbolic, as in Mathematica (`N(x + pi)` is `x + 3.141592653589793`). The numeric
 * arguments of one sum or product are evaluated together, so `N(2*pi*x, 5)` is `6.2832*x` with
 * all five digits correct (rather than twice a rounded pi).
 *
 * With `digits`, every printed digit is certified (lib/cas/decimal.ts). Without, the value is
 * the float64 nearest to a certified 20-digit value, printed in JavaScript's shortest form.
 */
import { isInteger } from '../base/rational.js';
import { toInfix } from '../term/print.js';
import { app, neg, num, type Num, sym, type Term } from '../term/term.js';
import { mapBottomUp, substitute, withArgs } from '../term/walk.js';
import { certify, type Decimal, signedDecimal } from './decimal.js';
import { isNumericConstant } from './numeric.js';

/** The result of N: a term whose numbers are the printed decimals, and its text. */
export interface Approximation {
  /** `e` with each constant part replaced by the exact value of its printed decimal. */
  readonly term: Term;
  /** The term's infix text with those numbers written as decimals (`x + 3.14159`). */
  readonly text: string;
  /** Notes on values whose digits could not all be certified (see {@link Decimal.note}). */
  readonly notes: readonly string[];
  /** The numbers of `term` that stand for decimals, with their texts (see {@link decimalText}). */
  readonly decimals: ReadonlyMap<Num, string>;
}

/** The float64 nearest a certified 20-digit value, as a decimal (`0.1`, `1e-7`, `-2.5`). */
export function floatDecimal(t: Term): Decimal {
  const d = certify(t, 20);
  const x = Number(d.text);
  const text = String(x).replace('e+', 'e');
  return { value: signedDecimal(text), text, ...(d.note ? { note: d.note } : {}) };
}

/**
 * The numeric value of `e`: to `digits` significant digits (certified), or as a float64 when
 * `digits` is undefined.
 *
 * @throws BibunError `usage` for a bad digit count, `limit` over `mostDigits()` digits or a budget,
 * `domain` for a value outside a function's domain.
 * @example approximate(parse('pi'), 10).text === '3.141592654'
 */
export function approximate(e: Term, digits?: number): Approximation {
  const decimals = new Map<Num, string>();
  const notes: string[] = [];
  const memo = new Map<number, Term>();
  const convert = (t: Term): Term => {
    const done = memo.get(t.id);
    if (done) return done;
    const d = digits === undefined ? floatDecimal(t) : certify(t, digits);
    if (d.note) notes.push(d.note);
    const n = num(d.value);
    decimals.set(n, d.text);
    memo.set(t.id, n);
    return n;
  };
  const constant = new Map<number, boolean>();
  const isConst = (t: Term): boolean => {
    let c = constant.get(t.id);
    if (c === undefined) {
      c = isNumericConstant(t);
      constant.set(t.id, c);
    }
    return c;
  };
  // A non-integer number alone is approximated; integers and exact exponents stay (x^2, 3*x).
  const approximable = (t: Term): boolean => isConst(t) && !(t.kind === 'num' && isInteger(t));
  const result = mapBottomUp(e, (node, args) => {
    if (node.kind !== 'app' || isConst(node)) return node;
    if (node.head === '+' || node.head === '*') {
      const numeric = args.filter(isConst);
      const rest = args.filter((a) => !isConst(a));
      if (numeric.length === 0) return withArgs(node, args);
      const together = app(node.head, numeric);
      return app(node.head, [approximable(together) ? convert(together) : together, ...rest]);
    }
    return withArgs(
      node,
      args.map((a, i) =>
        (node.head === '^' && i === 1 && a.kind === 'num') || !approximable(a) ? a : convert(a),
      ),
    );
  });
  const term = isConst(result) ? convert(result) : result;
  return { term, text: decimalText(term, decimals), notes, decimals };
}

/** Infix text of `t` with the given numbers written as their decimals. */
export function decimalText(t: Term, decimals: ReadonlyMap<Num, string>): string {
  if (t.kind === 'num' && decimals.has(t)) return decimals.get(t)!;
  const names = new Map<Term, Term>();
  for (const [n, text] of decimals) {
    // A symbol named by the digits prints as them; a negative one as a negated symbol, so
    // `x - 2.5` prints as a difference.
    names.set(n, text.startsWith('-') ? neg(sym(text.slice(1))) : sym(text));
  }
  return toInfix(substitute(t, names));
}
