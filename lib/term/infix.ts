/**
 * The infix and LaTeX printers, in time and memory linear in the output.
 *
 * Each distinct node gets a {@link Layout} once: its precedence and a short list of parts, which
 * are literal strings or references to argument terms (with the precedence below which the
 * argument is parenthesised). No node keeps the text of its subterms, so a right-nested list of
 * 65,535 elements costs what its output costs, not the sum of the lengths of all its suffixes.
 * Text is then emitted from an explicit stack into an array of chunks, joined once: no recursion,
 * so deep terms print without stack overflow. The output length is the tree size (shared nodes
 * are written out each time), so callers check {@link maxPrintTreeSize}.
 */
import { pollBudget } from '../base/budget.js';
import { BibunError } from '../base/errors.js';
import * as Q from '../base/rational.js';
import { HEAD_VAR, headInfo } from '../base/signature.js';
import { latexSymbol } from './latex-names.js';
import {
  ascendingPrintOrder,
  negativeCoefficient,
  productPrintOrder,
  sumPrintOrder,
} from './print-order.js';
import { neg, pow, type App, type Term } from './term.js';

/** Largest tree size that infix or LaTeX output is produced for by default. */
export const maxPrintTreeSize = 1_000_000n;

// Precedence of a rendered node: what it may appear inside without parentheses.
const EQ = 0;
const SUM = 1;
const NEG = 2; // a leading unary minus
const MUL = 3; // products and quotients, rationals like 1/3
const POW = 4;
const ATOM = 5;

/** A reference to an argument: parenthesised when its precedence is below `min`. */
interface Ref {
  readonly t: Term;
  readonly min: number;
  /** A term of a sum after the first: ` + t`, or ` - |t|` when t prints with a leading minus. */
  readonly sumTerm?: boolean;
}

type Part = string | Ref;

/**
 * How one node prints. A node with precedence NEG starts with the part `'-'`; the rest of its
 * parts are its absolute value, of precedence `absPrec` (what follows ` - ` in a sum).
 */
export interface Layout {
  readonly prec: number;
  readonly parts: readonly Part[];
  readonly absPrec?: number;
}

/** Printer options: LaTeX or text, and (for let-form) the nodes that are printed as names. */
export interface PrintStyle {
  readonly latex: boolean;
  /** Bound names of nodes (let-form); such nodes print as their name. */
  readonly names?: ReadonlyMap<number, string>;
  /** A sum at the top reads by ascending power of this term (a series' value). */
  readonly ascendingIn?: Term;
}

/**
 * Counts of the work of the printers, for tests: layouts made (one per distinct node printed),
 * characters held in layouts (a few per node, never a subterm's text) and characters emitted
 * (each output character once).
 */
export const printCounters = { layouts: 0, stored: 0, characters: 0 };

/**
 * Infix text that bibun (and common calculators) parse back to the same term: explicit `*` and
 * `^`, `a - b`, `a/b`, `-a`, rationals as `1/3`, named functions, `pi`, `e`. With `ascendingIn`
 * (h: the value of a series in h) a sum at the top reads by ascending power of h, as SymPy
 * prints a series (print-order.ts {@link ascendingPrintOrder}); it parses back the same.
 *
 * @throws BibunError `limit` when the tree size exceeds `budget` (use let-form).
 * @example toInfix(parse('x + (-1)*y')) // 'x - y'
 */
export function toInfix(t: Term, budget: bigint = maxPrintTreeSize, ascendingIn?: Term): string {
  checkBudget(t, budget);
  return new Printer({ latex: false, ...(ascendingIn ? { ascendingIn } : {}) }).text(t);
}

/**
 * LaTeX for the term (`\frac`, `\sin`, `\sqrt`, Greek letters for Greek names); `ascendingIn`
 * as for {@link toInfix}.
 */
export function toLatex(t: Term, budget: bigint = maxPrintTreeSize, ascendingIn?: Term): string {
  checkBudget(t, budget);
  return new Printer({ latex: true, ...(ascendingIn ? { ascendingIn } : {}) }).text(t);
}

function checkBudget(t: Term, budget: bigint): void {
  if (t.treeSizeAbove(budget)) throw tooLargeToPrint(t.treeSize, t.dagSize, budget);
}

/** The error for a result of this tree size over the print budget (use let-form). */
export function tooLargeToPrint(treeSize: bigint, dagSize: number, budget: bigint): BibunError {
  return new BibunError(
    'limit',
    `result too large to print as text (tree size ${treeSize} > ${budget}, DAG size ${dagSize}); use --format let`,
  );
}

/**
 * Layouts memoised per node, and the emitter. One printer serves one output (a let-form's
 * bindings share one, with names added as they are bound).
 */
export class Printer {
  private readonly layouts = new Map<number, Layout>();

  constructor(private readonly style: PrintStyle) {}

  /** The text of `t` (itself never replaced by its name; its arguments are, where bound). */
  text(t: Term): string {
    const out: string[] = [];
    // Parts to emit; a bare term is an argument of a call (a Ref with min EQ).
    const stack: (Part | Term)[] = [];
    const { open, close } = this.parens();
    const names = this.style.names;
    const plain = !this.style.latex;
    const pushParts = (l: Layout, from: number) => {
      for (let i = l.parts.length - 1; i >= from; i--) stack.push(l.parts[i]);
    };
    const h = this.style.ascendingIn;
    const top =
      h !== undefined && t.kind === 'app' && t.head === '+'
        ? sumLayout(t, ascendingPrintOrder(t.args, h))
        : this.layout(t);
    pushParts(top, 0);
    while (stack.length > 0) {
      const p = stack.pop()!;
      // And one a part emitted: x + x + ... has two distinct nodes and 10^6 parts.
      pollBudget();
      if (typeof p === 'string') {
        out.push(p);
        continue;
      }
      const u = 'kind' in p ? p : p.t;
      const sumTerm = 'kind' in p ? false : p.sumTerm === true;
      const min = 'kind' in p ? EQ : p.min;
      const name = names?.get(u.id);
      if (name !== undefined) {
        out.push(sumTerm ? ` + ${name}` : name);
        continue;
      }
      if (plain && u.kind === 'app' && plainCall(u)) {
        // `head(a, b)` as text needs no layout (it is an atom, never parenthesised): emitted
        // straight from the term, so a numeral of 10^5 levels costs its characters only.
        if (sumTerm) out.push(' + ');
        out.push(callOpen(u.head));
        stack.push(')');
        const args = u.args;
        for (let i = args.length - 1; i >= 0; i--) {
          stack.push(args[i]);
          if (i > 0) stack.push(', ');
        }
        continue;
      }
      const l = this.layout(u);
      let from = 0;
      let prec = l.prec;
      if (sumTerm) {
        if (l.prec === NEG) {
          out.push(' - ');
          from = 1;
          prec = l.absPrec!;
        } else out.push(' + ');
      }
      if (prec < min) {
        out.push(open);
        stack.push(close);
      }
      pushParts(l, from);
    }
    for (const s of out) printCounters.characters += s.length;
    return out.join('');
  }

  /** The precedence `t` prints with (a bound name is an atom). */
  precedence(t: Term): number {
    return this.style.names?.has(t.id) ? ATOM : this.layout(t).prec;
  }

  private parens(): { open: string; close: string } {
    return this.style.latex ? { open: '\\left(', close: '\\right)' } : { open: '(', close: ')' };
  }

  layout(t: Term): Layout {
    let l = this.layouts.get(t.id);
    if (l === undefined) {
      // One poll a distinct node: printing runs under the request's time budget.
      pollBudget();
      l = this.makeLayout(t);
      this.layouts.set(t.id, l);
      printCounters.layouts++;
      for (const p of l.parts) if (typeof p === 'string') printCounters.stored += p.length;
    }
    return l;
  }

  private makeLayout(n: Term): Layout {
    const latex = this.style.latex;
    switch (n.kind) {
      case 'num':
        return numberLayout(n, latex);
      case 'sym':
        return { prec: ATOM, parts: [latex ? latexSymbol(n.name) : n.name] };
      case 'var':
        return { prec: ATOM, parts: [`?${n.name}${n.segment ? '...' : ''}`] };
      case 'app':
        switch (n.head) {
          case '+':
            return sumLayout(n);
          case '*':
            return this.productLayout(n.args.length > 1 ? productPrintOrder(n.args) : n.args);
          case '^':
            if (this.isDivisor(n)) return this.productLayout([n]);
            return powerLayout(n.args[0], n.args[1], latex);
          case '==':
            return {
              prec: EQ,
              parts: [ref(n.args[0], SUM), latex ? ' = ' : ' == ', ref(n.args[1], SUM)],
            };
          case 'list':
            return listLayout(n, latex);
          default:
            return callLayout(n, latex);
        }
    }
  }

  /**
   * `x^(-k)` is shown as a divisor `1/x^k`, unless x is itself a product or a power (`1/(a*b)`
   * parses back as the product of the reciprocals and `1/a^b` as `a^(-b)`, different terms), or
   * the power is a bound name of let-form.
   */
  private isDivisor(f: Term): boolean {
    if (f.kind !== 'app' || f.head !== '^' || !negativeCoefficient(f.args[1])) return false;
    if (this.style.names?.has(f.id)) return false;
    const base = f.args[0];
    return !(base.kind === 'app' && (base.head === '*' || base.head === '^'));
  }

  /** The product of `factors` (the arguments of a `*` node, or one divisor power). */
  private productLayout(factors: readonly Term[]): Layout {
    const latex = this.style.latex;
    let coefficient: Q.Rational = { num: 1n, den: 1n };
    const numer: Part[] = [];
    const denom: Part[] = [];
    for (const f of factors) {
      if (f.kind === 'num') coefficient = f;
      else if (this.isDivisor(f)) {
        // `base^k` for `base^(-k)`: usually not a node of the term, it gets a layout of its own.
        const [base, exponent] = (f as App).args;
        denom.push(ref(pow(base, neg(exponent)), latex ? EQ : POW));
      } else numer.push(ref(f, POW));
    }
    const negative = coefficient.num < 0n;
    const c = negative ? Q.neg(coefficient) : coefficient;
    if (c.num !== 1n || numer.length === 0) numer.unshift(c.num.toString());
    if (c.den !== 1n) denom.unshift(c.den.toString());
    const times = latex ? ' \\cdot ' : '*';
    const parts: Part[] = negative ? ['-'] : [];
    if (latex && denom.length > 0) parts.push('\\frac{');
    joinInto(parts, numer, times);
    if (latex) {
      if (denom.length > 0) {
        parts.push('}{');
        joinInto(parts, denom, times);
        parts.push('}');
      }
    } else if (denom.length === 1) parts.push('/', denom[0]);
    else if (denom.length > 1) {
      parts.push('/(');
      joinInto(parts, denom, times);
      parts.push(')');
    }
    return negative ? { prec: NEG, parts, absPrec: MUL } : { prec: MUL, parts };
  }
}

function ref(t: Term, min: number): Ref {
  return { t, min };
}

function joinInto(parts: Part[], items: readonly Part[], separator: string): void {
  items.forEach((p, i) => {
    if (i > 0) parts.push(separator);
    parts.push(p);
  });
}

function numberLayout(q: Q.Rational, latex: boolean): Layout {
  const a = Q.sign(q) < 0 ? Q.neg(q) : q;
  let abs: string;
  let absPrec: number;
  if (a.den === 1n) {
    abs = a.num.toString();
    absPrec = ATOM;
  } else {
    abs = latex ? `\\frac{${a.num}}{${a.den}}` : `${a.num}/${a.den}`;
    absPrec = MUL;
  }
  if (Q.sign(q) < 0) return { prec: NEG, parts: ['-', abs], absPrec };
  return { prec: absPrec, parts: [abs] };
}

function sumLayout(n: App, args = sumPrintOrder(n.args)): Layout {
  const parts: Part[] = [ref(args[0], NEG)];
  for (let i = 1; i < args.length; i++) parts.push({ t: args[i], min: NEG, sumTerm: true });
  return { prec: SUM, parts };
}

function powerLayout(base: Term, exponent: Term, latex: boolean): Layout {
  if (latex) return { prec: POW, parts: [ref(base, ATOM), '^{', ref(exponent, EQ), '}'] };
  return { prec: POW, parts: [ref(base, ATOM), '^', ref(exponent, POW)] };
}

function listLayout(n: App, latex: boolean): Layout {
  const rows = n.args;
  const width = rows[0]?.kind === 'app' && rows[0].head === 'list' ? rows[0].args.length : 0;
  const matrix =
    latex &&
    width > 0 &&
    rows.every((r) => r.kind === 'app' && r.head === 'list' && r.args.length === width);
  if (matrix) {
    // A list of lists of one length is a matrix, as in SymPy's LaTeX.
    const parts: Part[] = ['\\begin{pmatrix}'];
    rows.forEach((r, i) => {
      parts.push(i === 0 ? ' ' : ' \\\\ ');
      joinInto(
        parts,
        (r as App).args.map((a) => ref(a, EQ)),
        ' & ',
      );
    });
    parts.push(' \\end{pmatrix}');
    return { prec: ATOM, parts };
  }
  const parts: Part[] = [latex ? '\\left[' : '['];
  joinInto(
    parts,
    rows.map((a) => ref(a, EQ)),
    ', ',
  );
  parts.push(latex ? '\\right]' : ']');
  return { prec: ATOM, parts };
}

/** Applications that print as `head(args)` (callLayout's plain text case). */
function plainCall(n: App): boolean {
  const h = n.head;
  return h !== '+' && h !== '*' && h !== '^' && h !== '==' && h !== 'list' && h !== HEAD_VAR;
}

const opens = new Map<string, string>();

/** `head(`, one string per head. */
function callOpen(head: string): string {
  let s = opens.get(head);
  if (s === undefined) opens.set(head, (s = `${head}(`));
  return s;
}

function callLayout(n: App, latex: boolean): Layout {
  const args = n.args.map((a) => ref(a, EQ));
  const parts: Part[] = [];
  const f = n.args[0];
  if (n.head === HEAD_VAR && f?.kind === 'var') {
    // A head variable's application, in patterns: `?f(x)`.
    parts.push(`?${f.name}(`);
    joinInto(parts, args.slice(1), ', ');
    parts.push(')');
    return { prec: ATOM, parts };
  }
  if (!latex) parts.push(`${n.head}(`);
  else if (n.head === 'sqrt' && args.length === 1) parts.push('\\sqrt{');
  else if (n.head === 'abs' && args.length === 1) parts.push('\\left|');
  else {
    const name = headInfo(n.head)?.latex ?? `\\operatorname{${n.head.replace(/_/g, '\\_')}}`;
    parts.push(`${name}\\left(`);
  }
  joinInto(parts, args, ', ');
  if (!latex) parts.push(')');
  else if (n.head === 'sqrt' && args.length === 1) parts.push('}');
  else if (n.head === 'abs' && args.length === 1) parts.push('\\right|');
  else parts.push('\\right)');
  return { prec: ATOM, parts };
}
