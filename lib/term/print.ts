/**
 * Printers: infix (re-parseable, minimal parentheses), LaTeX, let-form (shared subterms bound
 * once), Graphviz DOT (each DAG node drawn once) and JSON (the DAG as a node list).
 *
 * The infix and LaTeX printers work bottom-up over the DAG (each distinct node is rendered once,
 * no recursion), so deep terms print without stack overflow; their output length is the tree
 * size, so callers check {@link maxPrintTreeSize} and use let-form for larger terms.
 */
import { BibunError } from '../base/errors.js';
import * as Q from '../base/rational.js';
import { headInfo } from '../base/signature.js';
import { neg, type App, type Term } from './term.js';
import { productPrintOrder, sumPrintOrder } from './print-order.js';
import { postorder, useCounts } from './walk.js';

/** The output formats of the CLI and of `bibun batch`. */
export type Format = 'text' | 'latex' | 'let' | 'dot' | 'json';

/** Largest tree size that infix or LaTeX output is produced for by default. */
export const maxPrintTreeSize = 1_000_000n;

// Precedence of a rendered node: what it may appear inside without parentheses.
const SUM = 1;
const NEG = 2; // a leading unary minus
const MUL = 3; // products and quotients, rationals like 1/3
const POW = 4;
const ATOM = 5;

interface Rendered {
  readonly text: string;
  readonly prec: number;
  /** For NEG nodes: the text without the leading minus (what follows ` - ` in a sum). */
  readonly abs?: string;
  readonly absPrec?: number;
}

interface Style {
  readonly latex: boolean;
}

/**
 * Infix text that bibun (and common calculators) parse back to the same term: explicit `*` and
 * `^`, `a - b`, `a/b`, `-a`, rationals as `1/3`, named functions, `pi`, `e`.
 *
 * @throws BibunError `limit` when the tree size exceeds `budget` (use {@link toLet}).
 * @example toInfix(parse('x + (-1)*y')) // 'x - y'
 */
export function toInfix(t: Term, budget: bigint = maxPrintTreeSize): string {
  checkBudget(t, budget);
  return render(t, { latex: false }).text;
}

/** LaTeX for the term (`\frac`, `\sin`, `\sqrt`, Greek letters for Greek names). */
export function toLatex(t: Term, budget: bigint = maxPrintTreeSize): string {
  checkBudget(t, budget);
  return render(t, { latex: true }).text;
}

function checkBudget(t: Term, budget: bigint): void {
  if (t.treeSize > budget) {
    throw new BibunError(
      'limit',
      `result too large to print as text (tree size ${t.treeSize} > ${budget}, DAG size ${t.dagSize}); use --format let`,
    );
  }
}

/**
 * Deepest nesting of applications in one binding of let-form. The reader follows 1,000 levels of
 * brackets and operators (the Ohm grammar 100), and one application adds at most three (a bracket,
 * a sign, a `^`), so a binding of this depth always reads back.
 */
export const letMaxDepth = 30;

/**
 * Let-form: every compound subterm used more than once is bound once (`t1 = sin(x); t1*cos(t1)`),
 * and so is every node that would otherwise make a binding nest deeper than {@link letMaxDepth}
 * applications, so the output parses back to the same term at any depth. Bindings are separated
 * by `; ` when the whole fits in 100 characters, by newlines otherwise.
 */
export function toLet(t: Term): string {
  const counts = useCounts(t);
  const order = postorder(t);
  const taken = new Set<string>();
  for (const n of order) if (n.kind === 'sym') taken.add(n.name);
  const style: Style = { latex: false };
  const memo = new Map<number, Rendered>();
  // Nesting of a node's text within its binding: 1 for a leaf or a bound name.
  const depth = new Map<number, number>();
  const lines: string[] = [];
  let k = 0;
  // Post-order: every node is rendered after its arguments, which are names where bound.
  for (const n of order) {
    const r = renderNode(n, style, memo);
    let d = 1;
    if (n.kind === 'app') for (const a of n.args) d = Math.max(d, (depth.get(a.id) ?? 1) + 1);
    const bind = n.kind === 'app' && ((counts.get(n.id) ?? 0) >= 2 || d >= letMaxDepth);
    if (n === t || !bind) {
      memo.set(n.id, r);
      depth.set(n.id, d);
      continue;
    }
    let name: string;
    do name = `t${++k}`;
    while (taken.has(name));
    lines.push(`${name} = ${r.text}`);
    memo.set(n.id, { text: name, prec: ATOM });
    depth.set(n.id, 1);
  }
  lines.push(memo.get(t.id)!.text);
  const oneLine = lines.join('; ');
  return oneLine.length <= 100 ? oneLine : lines.join('\n');
}

/** Graphviz DOT of the DAG: one node per distinct subterm, edges to arguments in order. */
export function toDot(t: Term): string {
  const order = postorder(t);
  const index = new Map<number, number>();
  order.forEach((n, i) => index.set(n.id, i));
  const out = ['digraph term {', '  node [fontname="Helvetica"];'];
  for (const n of order) {
    const label =
      n.kind === 'num'
        ? Q.toString(n)
        : n.kind === 'sym'
          ? n.name
          : n.kind === 'var'
            ? `?${n.name}${n.segment ? '...' : ''}`
            : n.head;
    const shape = n.kind === 'app' ? 'ellipse' : 'box';
    out.push(`  n${index.get(n.id)} [label=${JSON.stringify(label)}, shape=${shape}];`);
  }
  for (const n of order) {
    if (n.kind !== 'app') continue;
    const ordered = !(n.head === '+' || n.head === '*');
    n.args.forEach((a, i) => {
      const label = ordered && n.args.length > 1 ? ` [label="${i + 1}"]` : '';
      out.push(`  n${index.get(n.id)} -> n${index.get(a.id)}${label};`);
    });
  }
  out.push('}');
  return out.join('\n');
}

/** One node of {@link toJSON}'s output; `args` are indices into `nodes`. */
export type JsonNode =
  | { readonly type: 'num'; readonly value: string }
  | { readonly type: 'sym'; readonly name: string }
  | { readonly type: 'var'; readonly name: string; readonly segment: boolean }
  | { readonly type: 'app'; readonly head: string; readonly args: readonly number[] };

/**
 * The DAG as JSON: `{ root, nodes }`, nodes in post-order (arguments before their users), each
 * shared node listed once. Numbers are exact strings (`"-1/3"`).
 */
export function toJSON(t: Term): { root: number; nodes: JsonNode[] } {
  const order = postorder(t);
  const index = new Map<number, number>();
  const nodes: JsonNode[] = order.map((n, i) => {
    index.set(n.id, i);
    switch (n.kind) {
      case 'num':
        return { type: 'num', value: Q.toString(n) };
      case 'sym':
        return { type: 'sym', name: n.name };
      case 'var':
        return { type: 'var', name: n.name, segment: n.segment };
      case 'app':
        return { type: 'app', head: n.head, args: n.args.map((a) => index.get(a.id)!) };
    }
  });
  return { root: index.get(t.id)!, nodes };
}

/** Formats a term in one of the output formats (JSON as a compact string). */
export function format(t: Term, f: Format, budget: bigint = maxPrintTreeSize): string {
  switch (f) {
    case 'text':
      return toInfix(t, budget);
    case 'latex':
      return toLatex(t, budget);
    case 'let':
      return toLet(t);
    case 'dot':
      return toDot(t);
    case 'json':
      return JSON.stringify(toJSON(t));
  }
}

// ---------------------------------------------------------------------------------------------
// Rendering.

function render(t: Term, style: Style): Rendered {
  return renderWith(t, style, new Map());
}

function renderWith(t: Term, style: Style, memo: Map<number, Rendered>): Rendered {
  const done = memo.get(t.id);
  if (done) return done;
  for (const n of postorder(t)) {
    if (memo.has(n.id)) continue;
    memo.set(n.id, renderNode(n, style, memo));
  }
  return memo.get(t.id)!;
}

function renderNode(n: Term, style: Style, memo: Map<number, Rendered>): Rendered {
  switch (n.kind) {
    case 'num':
      return renderNumber(n, style);
    case 'sym':
      return { text: style.latex ? latexSymbol(n.name) : n.name, prec: ATOM };
    case 'var':
      return { text: `?${n.name}${n.segment ? '...' : ''}`, prec: ATOM };
    case 'app': {
      const sub = (a: Term) => renderWith(a, style, memo);
      switch (n.head) {
        case '+':
          return renderSum(n, sub);
        case '*':
          return renderProduct(n.args, sub, style);
        case '^':
          if (isDivisor(n)) return renderProduct([n], sub, style);
          return renderPower(sub(n.args[0]), sub(n.args[1]), style);
        case '==': {
          const [l, r] = n.args.map(sub);
          return { text: `${l.text} ${style.latex ? '=' : '=='} ${r.text}`, prec: 0 };
        }
        case 'list': {
          const items = n.args.map((a) => sub(a).text).join(', ');
          return { text: style.latex ? `\\left[${items}\\right]` : `[${items}]`, prec: ATOM };
        }
        default:
          return renderCall(n, sub, style);
      }
    }
  }
}

function renderNumber(q: Q.Rational, style: Style): Rendered {
  const a = Q.sign(q) < 0 ? Q.neg(q) : q;
  let abs: string;
  let absPrec: number;
  if (a.den === 1n) {
    abs = a.num.toString();
    absPrec = ATOM;
  } else {
    abs = style.latex ? `\\frac{${a.num}}{${a.den}}` : `${a.num}/${a.den}`;
    absPrec = MUL;
  }
  if (Q.sign(q) < 0) return { text: '-' + abs, prec: NEG, abs, absPrec };
  return { text: abs, prec: absPrec };
}

function wrap(r: Rendered, min: number, style: Style): string {
  if (r.prec >= min) return r.text;
  return style.latex ? `\\left(${r.text}\\right)` : `(${r.text})`;
}

function renderSum(n: App, sub: (a: Term) => Rendered): Rendered {
  const args = sumPrintOrder(n.args);
  let text = '';
  args.forEach((a, i) => {
    const r = sub(a);
    if (i === 0) text = r.prec === SUM ? `(${r.text})` : r.text;
    else if (r.prec === NEG) text += ` - ${r.absPrec! > SUM ? r.abs! : `(${r.abs!})`}`;
    else text += ` + ${r.prec > SUM ? r.text : `(${r.text})`}`;
  });
  return { text, prec: SUM };
}

/** True when the exponent is a negative number or a product with a negative coefficient. */
function negativeExponent(e: Term): boolean {
  if (e.kind === 'num') return e.num < 0n;
  return e.kind === 'app' && e.head === '*' && e.args[0].kind === 'num' && e.args[0].num < 0n;
}

/**
 * `x^(-k)` is shown as a divisor `1/x^k`, unless x is itself a product or a power: `1/(a*b)`
 * parses back as the product of the reciprocals and `1/a^b` as `a^(-b)`, different terms.
 */
function isDivisor(f: Term): boolean {
  if (f.kind !== 'app' || f.head !== '^' || !negativeExponent(f.args[1])) return false;
  const base = f.args[0];
  return !(base.kind === 'app' && (base.head === '*' || base.head === '^'));
}

/** Renders the product of `factors` (the arguments of a `*` node, or one divisor power). */
function renderProduct(
  factors: readonly Term[],
  sub: (a: Term) => Rendered,
  style: Style,
): Rendered {
  let coefficient: Q.Rational = { num: 1n, den: 1n };
  const numer: string[] = [];
  const denom: string[] = [];
  for (const f of factors.length > 1 ? productPrintOrder(factors) : factors) {
    if (f.kind === 'num') {
      coefficient = f;
      continue;
    }
    if (isDivisor(f)) {
      const [base, exponent] = (f as App).args;
      const e = neg(exponent);
      // The negated exponent is usually not a node of the term; `sub` renders it on demand.
      const r =
        e.kind === 'num' && e.num === 1n && e.den === 1n
          ? sub(base)
          : renderPower(sub(base), sub(e), style);
      denom.push(style.latex ? r.text : wrap(r, POW, style));
      continue;
    }
    numer.push(wrap(sub(f), POW, style));
  }
  const negative = coefficient.num < 0n;
  const c = negative ? Q.neg(coefficient) : coefficient;
  if (c.num !== 1n || numer.length === 0) numer.unshift(c.num.toString());
  if (c.den !== 1n) denom.unshift(c.den.toString());
  let abs: string;
  if (style.latex) {
    const top = numer.join(' \\cdot ');
    abs = denom.length === 0 ? top : `\\frac{${top}}{${denom.join(' \\cdot ')}}`;
  } else {
    abs = numer.join('*');
    if (denom.length === 1) abs += '/' + denom[0];
    else if (denom.length > 1) abs += `/(${denom.join('*')})`;
  }
  if (negative) return { text: '-' + abs, prec: NEG, abs, absPrec: MUL };
  return { text: abs, prec: MUL };
}

function renderPower(base: Rendered, exponent: Rendered, style: Style): Rendered {
  if (style.latex) {
    const b = base.prec === ATOM ? base.text : `\\left(${base.text}\\right)`;
    return { text: `${b}^{${exponent.text}}`, prec: POW };
  }
  const b = base.prec === ATOM ? base.text : `(${base.text})`;
  const e = exponent.prec >= POW ? exponent.text : `(${exponent.text})`;
  return { text: `${b}^${e}`, prec: POW };
}

function renderCall(n: App, sub: (a: Term) => Rendered, style: Style): Rendered {
  const args = n.args.map((a) => sub(a).text);
  if (!style.latex) return { text: `${n.head}(${args.join(', ')})`, prec: ATOM };
  if (n.head === 'sqrt') return { text: `\\sqrt{${args[0]}}`, prec: ATOM };
  if (n.head === 'abs') return { text: `\\left|${args[0]}\\right|`, prec: ATOM };
  const info = headInfo(n.head);
  const name = info?.latex ?? `\\operatorname{${n.head.replace(/_/g, '\\_')}}`;
  return { text: `${name}\\left(${args.join(', ')}\\right)`, prec: ATOM };
}

const greek = new Set([
  'alpha',
  'beta',
  'gamma',
  'delta',
  'epsilon',
  'zeta',
  'eta',
  'theta',
  'iota',
  'kappa',
  'lambda',
  'mu',
  'nu',
  'xi',
  'pi',
  'rho',
  'sigma',
  'tau',
  'upsilon',
  'phi',
  'chi',
  'psi',
  'omega',
  'Gamma',
  'Delta',
  'Theta',
  'Lambda',
  'Xi',
  'Pi',
  'Sigma',
  'Upsilon',
  'Phi',
  'Psi',
  'Omega',
]);

function latexSymbol(name: string): string {
  if (name === 'e') return 'e';
  const m = /^([A-Za-z]+)_?(\d*)$/.exec(name);
  if (m && greek.has(m[1])) return `\\${m[1]}${m[2] ? `_{${m[2]}}` : ''}`;
  const parts = name.split('_');
  if (parts.length === 2 && parts[0] && parts[1])
    return `${latexName(parts[0])}_{${latexName(parts[1])}}`;
  return latexName(name);
}

function latexName(s: string): string {
  if (greek.has(s)) return `\\${s}`;
  return s.length === 1 ? s : `\\mathrm{${s.replace(/_/g, '\\_')}}`;
}
