/**
 * The built-in strategies of arithmetic: `fold`, exact constant arithmetic beyond what the term
 * constructors do, and `combine`, like terms and equal bases of a long sum or product in one pass.
 */
import * as Q from '../base/rational.js';
import type { Strategy } from './run.js';
import { app, mul, num, ONE, pow, type Term } from '../term/term.js';

/**
 * `fold`: exact constant arithmetic at the root, beyond what the constructors already do:
 * rational powers with exact roots (`4^(1/2)` = 2, `(8/27)^(-2/3)` = 9/4), `sqrt` and `abs` of
 * numbers. Fails when there is nothing to fold. Results that would need the reals beyond the
 * rationals (`2^(1/2)`, `(-8)^(1/3)`) are left alone. The values of functions at special points
 * (`sin(0)`, `log(e)`) are rules (rules/simplify/values.rules), not arithmetic.
 */
export const fold: Strategy = (t, run) => {
  if (t.kind !== 'app') return undefined;
  const r = foldNode(t.head, t.args);
  if (r !== undefined && r !== t) run.step('fold', t, r);
  return r === t ? undefined : r;
};

function foldNode(head: string, args: readonly Term[]): Term | undefined {
  if (args.length === 2 && head === '^') {
    const [b, e] = args;
    if (b.kind !== 'num' || e.kind !== 'num' || e.den === 1n || b.num < 0n) return undefined;
    if (b.num === 0n) return e.num > 0n ? b : undefined;
    // A k-th root of an integer x >= 2 with 2^k > x lies strictly between 1 and 2: never exact.
    // Checked first, since a root of a huge degree is out of the arithmetic's reach.
    if (BigInt(Math.max(Q.bitLength(b.num), Q.bitLength(b.den))) <= e.den) return undefined;
    const root = Q.exactRoot(b, e.den);
    return root === undefined ? undefined : num(Q.powInt(root, e.num));
  }
  if (args.length !== 1) return undefined;
  const a = args[0];
  if (a.kind !== 'num') return undefined;
  if (head === 'abs') return num({ num: Q.bigAbs(a.num), den: a.den });
  if (head === 'sqrt') {
    const root = a.num >= 0n ? Q.exactRoot(a, 2n) : undefined;
    return root === undefined ? undefined : num(root);
  }
  return undefined;
}

/** Sums and products with fewer arguments are left to the pairwise rules (see {@link combine}). */
export const COMBINE_MIN = 8;

/**
 * `combine`: in a sum, adds up the coefficients of like terms (`x + 2*x*y + 3*y*x + x` is
 * `2*x + 5*x*y`); in a product, the exponents of equal bases (`x*y*x^2*y^n` is `x^3*y^(1 + n)`).
 * Fails when nothing combines, and on lists of fewer than {@link COMBINE_MIN} arguments.
 *
 * It does at once what the rules `collect` and `mul-pow` (rules/simplify/) do a pair at a time:
 * on a sum of n like terms they take n steps, each rebuilding a sum of up to n arguments, where
 * this is one O(n log n) pass. Short lists are left to them because their steps read better in
 * a trace. Its merges are theirs (a coefficient is the one number factor of a term, a base that
 * of a power, or the factor itself), so when it fails on a sum `collect` fails too; `mul-pow`
 * may still pair `x^2` with `(x^2)^(1/2)`, which this keeps apart, and powers of numbers, which
 * this leaves alone.
 */
export const combine: Strategy = (t, run) => {
  if (t.kind !== 'app' || t.args.length < COMBINE_MIN) return undefined;
  let r: Term | undefined;
  if (t.head === '+')
    r = combineArgs(
      t.args,
      splitTerm,
      (key, ws) => mul(app('+', ws), key),
      (ts) => app('+', ts),
    );
  else if (t.head === '*')
    r = combineArgs(
      t.args,
      splitFactor,
      (key, ws) => pow(key, app('+', ws)),
      (ts) => app('*', ts),
    );
  if (r === undefined || r === t) return undefined;
  run.step('combine', t, r);
  return r;
};

/** What an argument is a multiple (or power) of, and how many times; undefined to keep it. */
type Split = (a: Term) => readonly [key: Term, weight: Term] | undefined;

/** A term of a sum as coefficient times the rest (a number stays by itself: numbers are added up already). */
const splitTerm: Split = (a) => {
  if (a.kind === 'num') return undefined;
  if (a.kind !== 'app' || a.head !== '*') return [a, ONE];
  const c = a.args.findIndex((f) => f.kind === 'num');
  if (c < 0) return [a, ONE];
  const rest = a.args.filter((_, i) => i !== c);
  return [rest.length === 1 ? rest[0] : app('*', rest), a.args[c]];
};

/**
 * A factor of a product as base and exponent. Numbers and their powers are kept: which of them
 * `mul-pow` pairs depends on the order it meets them (`2*3^(1/2)*3^(1/2)` gives `6`, which no
 * longer pairs with another `3^(1/2)`), and a product has few of them.
 */
const splitFactor: Split = (a) => {
  const [base, exponent] = a.kind === 'app' && a.head === '^' ? a.args : [a, ONE];
  return base.kind === 'num' ? undefined : [base, exponent];
};

interface Group {
  readonly key: Term;
  readonly first: Term;
  readonly weights: Term[];
}

/** Groups `args` by key and merges each group of two or more; undefined when none has two. */
function combineArgs(
  args: readonly Term[],
  split: Split,
  merge: (key: Term, weights: Term[]) => Term,
  build: (ts: Term[]) => Term,
): Term | undefined {
  const groups = new Map<number, Group>();
  const kept: Term[] = [];
  let merges = 0;
  for (const a of args) {
    const kw = split(a);
    if (kw === undefined) {
      kept.push(a);
      continue;
    }
    const [key, weight] = kw;
    const g = groups.get(key.id);
    if (g === undefined) groups.set(key.id, { key, first: a, weights: [weight] });
    else {
      g.weights.push(weight);
      merges++;
    }
  }
  if (merges === 0) return undefined;
  for (const g of groups.values())
    kept.push(g.weights.length === 1 ? g.first : merge(g.key, g.weights));
  // Arrays, never spread arguments: a flat sum of 10^5 terms would overflow the stack.
  return build(kept);
}
