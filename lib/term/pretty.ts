/**
 * Two-dimensional output in the manner of isympy: stacked fractions, raised exponents, `√`,
 * tall brackets, matrices for lists of lists. For reading only (it does not parse back); a term
 * that does not fit the width, or is too large to lay out, prints as infix text instead.
 *
 * ```
 *  2         x + 1
 * x  + 2⋅x + ─────
 *              3
 * ```
 *
 * Sums and products follow the reading order of print-order.ts, as the text printer does.
 */
import * as Q from '../base/rational.js';
import { toInfix } from './infix.js';
import {
  ascendingPrintOrder,
  negativeCoefficient,
  productPrintOrder,
  sumPrintOrder,
} from './print-order.js';
import { neg, num, pow, type App, type Term } from './term.js';

/** A block of text lines of one width, with the line the block sits on (its baseline). */
interface Box {
  readonly lines: readonly string[];
  readonly baseline: number;
  readonly width: number;
  /** How it binds: 1 sum, 2 leading minus, 3 product or fraction, 4 power, 5 atom. */
  readonly prec: number;
}

/** Largest tree size laid out in two dimensions (larger terms print as text). */
export const maxPrettyTreeSize = 2_000n;

/**
 * The term as a two-dimensional picture no wider than `width` columns, or its infix text when
 * the picture does not fit (or the term has more than {@link maxPrettyTreeSize} nodes). A
 * `suffix` (the REPL's ` + O(x^6)` after a series) is written on the picture's baseline; with
 * `ascendingIn` a sum at the top reads by ascending power of it (a series' value).
 */
export function toPretty(t: Term, width = 80, suffix = '', ascendingIn?: Term): string {
  const flat = () => toInfix(t, undefined, ascendingIn) + suffix;
  if (t.treeSizeAbove(maxPrettyTreeSize)) return flat();
  const top =
    ascendingIn !== undefined && t.kind === 'app' && t.head === '+'
      ? sumBox(t, ascendingPrintOrder(t.args, ascendingIn))
      : box(t);
  const b = suffix === '' ? top : hcat([top, text(suffix)], 1);
  if (b.width > width) return flat();
  return b.lines.map((l) => l.trimEnd()).join('\n');
}

function text(s: string, prec = 5): Box {
  return { lines: [s], baseline: 0, width: [...s].length, prec };
}

function widthOf(s: string): number {
  return [...s].length;
}

function padRight(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - widthOf(s)));
}

/** Boxes side by side, aligned on their baselines. */
function hcat(boxes: readonly Box[], prec: number): Box {
  const above = Math.max(...boxes.map((b) => b.baseline));
  const below = Math.max(...boxes.map((b) => b.lines.length - b.baseline - 1));
  const lines: string[] = [];
  for (let row = 0; row < above + below + 1; row++) {
    let line = '';
    for (const b of boxes) {
      const i = row - (above - b.baseline);
      line += padRight(i >= 0 && i < b.lines.length ? b.lines[i] : '', b.width);
    }
    lines.push(line);
  }
  return { lines, baseline: above, width: boxes.reduce((w, b) => w + b.width, 0), prec };
}

function center(s: string, w: number): string {
  const left = Math.floor((w - widthOf(s)) / 2);
  return padRight(' '.repeat(left) + s, w);
}

function fraction(top: Box, bottom: Box): Box {
  const w = Math.max(top.width, bottom.width);
  const lines = [
    ...top.lines.map((l) => center(l.trimEnd(), w)),
    '─'.repeat(w),
    ...bottom.lines.map((l) => center(l.trimEnd(), w)),
  ];
  return { lines, baseline: top.lines.length, width: w, prec: 3 };
}

/** Brackets around a box: one character each on one line, tall ones (⎛⎜⎝) around more. */
function bracket(b: Box, kind: '(' | '['): Box {
  const h = b.lines.length;
  if (h === 1) return hcat([text(kind), b, text(kind === '(' ? ')' : ']')], 5);
  const [lt, lm, lb, rt, rm, rb] = kind === '(' ? '⎛⎜⎝⎞⎟⎠' : '⎡⎢⎣⎤⎥⎦';
  const side = (t: string, m: string, e: string) =>
    Array.from({ length: h }, (_, i) => (i === 0 ? t : i === h - 1 ? e : m));
  const left = side(lt, lm, lb);
  const right = side(rt, rm, rb);
  const lines = b.lines.map((l, i) => left[i] + padRight(l, b.width) + right[i]);
  return { lines, baseline: b.baseline, width: b.width + 2, prec: 5 };
}

function wrap(b: Box, min: number): Box {
  return b.prec < min ? bracket(b, '(') : b;
}

function superscript(base: Box, exponent: Box): Box {
  const lines = [
    ...exponent.lines.map((l) => ' '.repeat(base.width) + padRight(l, exponent.width)),
    ...base.lines.map((l) => padRight(l, base.width) + ' '.repeat(exponent.width)),
  ];
  return {
    lines,
    baseline: exponent.lines.length + base.baseline,
    width: base.width + exponent.width,
    prec: 4,
  };
}

function squareRoot(b: Box): Box {
  if (b.lines.length > 1) return hcat([text('sqrt'), bracket(b, '(')], 5);
  if (b.prec === 5 && b.width === 1) return text('√' + b.lines[0]);
  return {
    lines: [`  ${'_'.repeat(b.width)}`, `╲╱ ${b.lines[0]}`],
    baseline: 1,
    width: b.width + 3,
    prec: 5,
  };
}

function joinBoxes(items: readonly Box[], separator: string, prec: number): Box {
  const parts: Box[] = [];
  items.forEach((b, i) => {
    if (i > 0) parts.push(text(separator));
    parts.push(b);
  });
  return hcat(parts, prec);
}

function box(t: Term): Box {
  switch (t.kind) {
    case 'num':
      return numberBox(t);
    case 'sym':
      return text(t.name === 'pi' ? 'π' : t.name);
    case 'var':
      return text(`?${t.name}${t.segment ? '...' : ''}`);
    case 'app':
      switch (t.head) {
        case '+':
          return sumBox(t);
        case '*':
          return productBox(t.args.length > 1 ? productPrintOrder(t.args) : t.args);
        case '^':
          if (isDivisor(t)) return productBox([t]);
          return powerBox(t.args[0], t.args[1]);
        case '==':
          return joinBoxes(t.args.map(box), ' = ', 0);
        case 'list':
          return listBox(t);
        case 'sqrt':
          if (t.args.length === 1) return squareRoot(box(t.args[0]));
          return callBox(t);
        default:
          return callBox(t);
      }
  }
}

function numberBox(q: Q.Rational): Box {
  const negative = q.num < 0n;
  const a = negative ? Q.neg(q) : q;
  const abs = a.den === 1n ? text(a.num.toString()) : fraction(text(`${a.num}`), text(`${a.den}`));
  return negative ? hcat([text('-'), abs], 2) : abs;
}

/** Splits a leading minus off a box made by {@link box} (for ` - ` in sums). */
function absolute(t: Term): Box | undefined {
  if (t.kind === 'num' && t.num < 0n) return numberBox(Q.neg(t));
  if (t.kind === 'app' && t.head === '*' && t.args[0].kind === 'num' && t.args[0].num < 0n) {
    const c = Q.neg(t.args[0]);
    const rest = t.args.slice(1);
    return productBox(productPrintOrder(c.num === 1n && c.den === 1n ? rest : [...rest, num(c)]));
  }
  return undefined;
}

function sumBox(n: App, args = sumPrintOrder(n.args)): Box {
  const parts: Box[] = [wrap(box(args[0]), 2)];
  for (const a of args.slice(1)) {
    const abs = absolute(a);
    if (abs) parts.push(text(' - '), wrap(abs, 2));
    else parts.push(text(' + '), wrap(box(a), 2));
  }
  return hcat(parts, 1);
}

function isDivisor(f: Term): boolean {
  if (f.kind !== 'app' || f.head !== '^' || !negativeCoefficient(f.args[1])) return false;
  const base = f.args[0];
  return !(base.kind === 'app' && (base.head === '*' || base.head === '^'));
}

function productBox(factors: readonly Term[]): Box {
  let coefficient: Q.Rational = { num: 1n, den: 1n };
  const numer: Box[] = [];
  const denom: Box[] = [];
  for (const f of factors) {
    if (f.kind === 'num') coefficient = f;
    else if (isDivisor(f)) {
      const [base, exponent] = (f as App).args;
      denom.push(box(pow(base, neg(exponent))));
    } else numer.push(box(f));
  }
  const negative = coefficient.num < 0n;
  const c = negative ? Q.neg(coefficient) : coefficient;
  if (c.num !== 1n || numer.length === 0) numer.unshift(text(c.num.toString()));
  if (c.den !== 1n) denom.unshift(text(c.den.toString()));
  // A sum is bracketed among factors, not alone above or below a fraction line.
  const factorsOf = (bs: Box[], alone: boolean) =>
    joinBoxes(alone && bs.length === 1 ? bs : bs.map((b) => wrap(b, 3)), '⋅', 3);
  let b = factorsOf(numer, denom.length > 0);
  if (denom.length > 0) b = fraction(b, factorsOf(denom, true));
  return negative ? hcat([text('-'), b], 2) : b;
}

function powerBox(base: Term, exponent: Term): Box {
  if (exponent.kind === 'num' && exponent.num === 1n && exponent.den === 2n)
    return squareRoot(box(base));
  return superscript(wrap(box(base), 5), box(exponent));
}

function callBox(n: App): Box {
  return hcat([text(n.head), bracket(joinBoxes(n.args.map(box), ', ', 5), '(')], 5);
}

function listBox(n: App): Box {
  const rows = n.args;
  const width = rows[0]?.kind === 'app' && rows[0].head === 'list' ? rows[0].args.length : 0;
  const matrix =
    width > 0 &&
    rows.every((r) => r.kind === 'app' && r.head === 'list' && r.args.length === width);
  if (!matrix) return bracket(joinBoxes(rows.map(box), ', ', 5), '[');
  // A matrix: cells centred in their columns, rows stacked, tall brackets around.
  const cells = rows.map((r) => (r as App).args.map(box));
  const colWidth = Array.from({ length: width }, (_, j) =>
    Math.max(...cells.map((r) => r[j].width)),
  );
  const lines: string[] = [];
  cells.forEach((r, i) => {
    if (i > 0) lines.push('');
    const padded = r.map((c, j) => ({
      ...c,
      lines: c.lines.map((l) => center(l.trimEnd(), colWidth[j])),
      width: colWidth[j],
    }));
    lines.push(...joinBoxes(padded, '  ', 5).lines);
  });
  const w = Math.max(...lines.map(widthOf));
  const body: Box = { lines: lines.map((l) => padRight(l, w)), baseline: 0, width: w, prec: 5 };
  const b = bracket(body, '[');
  return { ...b, baseline: Math.floor((b.lines.length - 1) / 2) };
}
