/**
 * The table of local partial derivatives that every differentiation method reads.
 *
 * The table is data: `derivatives` blocks of rule files (rules/derivatives.rules ships with
 * bibun; a user's own file can add lines such as `myf(u) : 2*u`). A line
 * `f(u, v) : p, q` says ∂f/∂u = p and ∂f/∂v = q, written over the parameter symbols. For the
 * n-ary `+` and `*` the binary line stands for every arity: the partial with respect to one
 * argument is the first partial with `u` := that argument and `v` := the sum (product) of the
 * other arguments, which gives 1 for a sum and "the product of the others" for a product.
 */
import { readFileSync } from 'node:fs';
import { BibunError } from '../base/errors.js';
import { parseRuleFile } from '../syntax/parse.js';
import { headInfo, isAC } from '../base/signature.js';
import type { DerivativeDecl } from '../syntax/ast.js';
import {
  app,
  compareTerms,
  isApp,
  mulShared,
  num,
  ONE,
  sym,
  type App,
  type Num,
  type Sym,
  type Term,
} from '../term/term.js';
import * as Q from '../base/rational.js';
import { freeSymbols, occurs, substitute } from '../term/walk.js';

/** One function's partials, over its parameter symbols. */
export interface PartialsEntry {
  readonly head: string;
  readonly params: readonly Sym[];
  readonly partials: readonly Term[];
}

/**
 * An immutable table of partial derivatives, keyed by head. Build one with
 * {@link partialsTable}; {@link defaultPartials} is the shipped table.
 */
export class PartialsTable {
  private readonly entries: ReadonlyMap<string, PartialsEntry>;

  /** @internal use {@link partialsTable}. */
  constructor(entries: ReadonlyMap<string, PartialsEntry>) {
    this.entries = entries;
  }

  /** True when the table knows the partials of `head`. */
  has(head: string): boolean {
    return this.entries.has(head);
  }

  /** The entry of `head`, if any. */
  entry(head: string): PartialsEntry | undefined {
    return this.entries.get(head);
  }

  /** The heads the table knows, in insertion order. */
  heads(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * ∂node/∂(node.args[i]) as a term over the node's arguments: the local partial on the edge
   * from argument `i` to `node` in the differentiation graph.
   *
   * @throws BibunError `unknown-function` when the table has no line for the node's head.
   * @example partial(table, sin(x), 0) // cos(x)
   */
  partial(node: App, i: number): Term {
    const e = this.entries.get(node.head);
    if (e === undefined) throw noPartials(node.head);
    if (isAC(node.head)) {
      const p = e.partials[0];
      const map = new Map<Term, Term>([[e.params[0], node.args[i]]]);
      // The "others" term costs O(arity) to build; a sum's partial 1 never needs it. A long
      // product's others are a prefix times a suffix product, shared by all its partials.
      if (p === e.params[1] && node.head === '*' && node.args.length >= PREFIX_MIN)
        return othersOf(node.args, i);
      if (occurs(e.params[1], p)) {
        const others = node.args.slice(0, i).concat(node.args.slice(i + 1));
        map.set(e.params[1], app(node.head, others));
      }
      return substitute(p, map);
    }
    if (e.params.length !== node.args.length) {
      throw new BibunError(
        'arity',
        `${node.head} has ${node.args.length} arguments but its derivatives line has ${e.params.length}`,
      );
    }
    const map = new Map<Term, Term>();
    e.params.forEach((p, k) => map.set(p, node.args[k]));
    return substitute(e.partials[i], map);
  }

  /**
   * The inputs of `node` in the differentiation graph: its arguments, except for a product that
   * contains an earlier product (see {@link splitProduct}), whose inputs are that product and
   * the remaining factors. {@link inputPartial} gives the partial along each input.
   */
  inputs(node: App): readonly Term[] {
    if (node.head === '*') {
      const s = splitProduct(node);
      if (s !== undefined) return s.inputs;
    }
    return node.args;
  }

  /**
   * ∂node/∂(inputs(node)[i]). For a split product P = c·Q·R₁⋯Rₘ (c = coef) this is the table's
   * `*` line applied to the argument list [c, Q, R₁, …, Rₘ]: ∂P/∂Q = c·R₁⋯Rₘ and
   * ∂P/∂Rⱼ = c·Q·Π_{k≠j} Rₖ. Otherwise it is {@link partial}.
   */
  inputPartial(node: App, i: number): Term {
    if (node.head === '*') {
      const s = splitProduct(node);
      if (s !== undefined) return this.acPartial('*', s.args, s.args.length - s.inputs.length + i);
    }
    return this.partial(node, i);
  }

  private acPartial(head: string, args: readonly Term[], i: number): Term {
    const e = this.entries.get(head);
    if (e === undefined) throw noPartials(head);
    const p = e.partials[0];
    if (p === e.params[1] && head === '*' && args.length >= PREFIX_MIN) return othersOf(args, i);
    const map = new Map<Term, Term>([[e.params[0], args[i]]]);
    if (occurs(e.params[1], p))
      map.set(e.params[1], app(head, args.slice(0, i).concat(args.slice(i + 1))));
    return substitute(p, map);
  }
}

/** Products of at least this many factors get their partials from prefix and suffix products. */
const PREFIX_MIN = 4;

interface PrefixSuffix {
  /** `prefix[k]` = args[0]⋯args[k]. */
  readonly prefix: Term[];
  /** `suffix[k]` = args[k]⋯args[n−1]. */
  readonly suffix: Term[];
}

const prefixSuffix = new WeakMap<readonly Term[], PrefixSuffix>();

/**
 * The product of all factors but `args[i]`, as prefix(i − 1) · suffix(i + 1) (DSTAR.md, n-ary
 * products): the prefix and suffix products of an argument list are built once, as chains of
 * binary products kept as nodes (mulShared), so the n partials of an n-factor product cost about
 * 3n multiplications in all instead of n(n − 2). Cached per argument list (a node's args, or a
 * split's).
 */
function othersOf(args: readonly Term[], i: number): Term {
  let ps = prefixSuffix.get(args);
  if (ps === undefined) {
    const n = args.length;
    const prefix: Term[] = new Array(n);
    const suffix: Term[] = new Array(n);
    prefix[0] = args[0];
    for (let k = 1; k < n; k++) prefix[k] = mulShared(prefix[k - 1], args[k]);
    suffix[n - 1] = args[n - 1];
    for (let k = n - 2; k >= 0; k--) suffix[k] = mulShared(args[k], suffix[k + 1]);
    ps = { prefix, suffix };
    prefixSuffix.set(args, ps);
  }
  const n = args.length;
  if (i === 0) return ps.suffix[1];
  if (i === n - 1) return ps.prefix[n - 2];
  return mulShared(ps.prefix[i - 1], ps.suffix[i + 1]);
}

/**
 * A product P written as `coef · q · rest₁ ⋯ restₘ`, where q is a product already in P's DAG
 * whose non-numeric factors are a sub-multiset of P's.
 */
export interface ProductSplit {
  /** The number c_P / c_Q. */
  readonly coef: Num;
  /** The reused product Q. */
  readonly q: App;
  /** The factors of P left over after Q's (at least one). */
  readonly rest: readonly Term[];
  /** `[q, ...rest]`: P's inputs in the differentiation graph. */
  readonly inputs: readonly Term[];
  /** `[coef, q, ...rest]` (without coef when it is 1). */
  readonly args: readonly Term[];
}

const splits = new WeakMap<App, ProductSplit | null>();

/** At most this many candidate products are examined per product. */
const MAX_CHECKS = 8;

/**
 * Products flatten, so a product built from another one, like the logistic map's
 * l_{n+1} = 4·l_n·(1 − l_n) = 4^{n+1}·x·s₀⋯s_n, never has it as a node: differentiating it
 * factor by factor gives each of its n factors a partial of n − 1 factors, O(n²) new nodes per
 * level. This finds the largest product Q among P's grandchildren (the arguments of P's
 * factors, e.g. the −l_n inside s_n = 1 − l_n) with at least two non-numeric factors, all of
 * them among P's (as a multiset). Then P = (c_P/c_Q)·Q·R, and the differentiation graph gives
 * P the inputs Q and R, so Q's derivative is reused and each level costs O(1) new nodes.
 *
 * Only grandchildren are searched (a product cannot be a factor of a product, so they are the
 * nearest place one can sit), at most 64 + 4·arity of them, and at most MAX_CHECKS candidates
 * are merged against P. The result depends only on P's structure, so it is the same in every
 * run; it is cached per term (it does not depend on the table).
 */
export function splitProduct(p: App): ProductSplit | undefined {
  const cached = splits.get(p);
  if (cached !== undefined) return cached ?? undefined;
  const s = findSplit(p);
  splits.set(p, s ?? null);
  return s;
}

function nonNumeric(p: App): number {
  return p.args[0].kind === 'num' ? p.args.length - 1 : p.args.length;
}

function findSplit(p: App): ProductSplit | undefined {
  const k = nonNumeric(p);
  if (k < 3) return undefined;
  // Candidates: the MAX_CHECKS largest products among the arguments of P's factors with
  // 2 ≤ non-numeric factors < k, largest first. Factors are scanned from the last (the highest:
  // the order compares heights first), where the largest products usually are, and a product
  // of k − 1 factors that fits ends the search at once (the logistic map's case).
  const cands: App[] = [];
  const sizes: number[] = [];
  let budget = 64 + 4 * p.args.length;
  scan: for (let ia = p.args.length - 1; ia >= 0; ia--) {
    const a = p.args[ia];
    if (a.kind !== 'app') continue;
    for (const b of a.args) {
      if (--budget < 0) break scan;
      if (!isApp(b, '*')) continue;
      const m = nonNumeric(b);
      if (m < 2 || m >= k) continue;
      if (m === k - 1) {
        const s = fitTo(p, b);
        if (s !== undefined) return s;
        continue;
      }
      if (cands.length === MAX_CHECKS && m <= sizes[MAX_CHECKS - 1]) continue;
      if (cands.includes(b)) continue;
      let at = cands.length;
      while (at > 0 && sizes[at - 1] < m) at--;
      cands.splice(at, 0, b);
      sizes.splice(at, 0, m);
      if (cands.length > MAX_CHECKS) {
        cands.pop();
        sizes.pop();
      }
    }
  }
  for (const q of cands) {
    const s = fitTo(p, q);
    if (s !== undefined) return s;
  }
  return undefined;
}

/** P as c·Q·R when Q's non-numeric factors are a sub-multiset of P's. */
function fitTo(p: App, q: App): ProductSplit | undefined {
  // Both argument lists are sorted by compareTerms: Q fits when a merge of the two uses up
  // Q's factors; P's factors it passes over are the rest.
  const rest: Term[] = [];
  let i = p.args[0].kind === 'num' ? 1 : 0;
  let j = q.args[0].kind === 'num' ? 1 : 0;
  while (j < q.args.length && i < p.args.length) {
    const a = p.args[i];
    const b = q.args[j];
    if (a === b) {
      i++;
      j++;
    } else if (compareTerms(a, b) < 0) {
      rest.push(a);
      i++;
    } else return undefined;
  }
  if (j < q.args.length) return undefined;
  while (i < p.args.length) rest.push(p.args[i++]);
  const cp = p.args[0].kind === 'num' ? (p.args[0] as Num) : (ONE as Num);
  const cq = q.args[0].kind === 'num' ? (q.args[0] as Num) : (ONE as Num);
  const coef = num(Q.div(cp, cq));
  const inputs = [q as Term, ...rest];
  const args = coef === ONE ? inputs : [coef, ...inputs];
  return { coef, q, rest, inputs, args };
}

function noPartials(head: string): BibunError {
  return new BibunError(
    'unknown-function',
    `no partial derivatives known for function ${head}; add a line such as \`${head}(u) : ...\` to a derivatives table`,
  );
}

/**
 * A table from `derivatives` lines, on top of `base` (later lines win, so a user can both add
 * functions and override shipped ones).
 *
 * @throws BibunError `rule` when a line's partials do not match its parameters, mention a symbol
 * that is not a parameter, or give a known function the wrong arity.
 */
export function partialsTable(
  entries: Iterable<DerivativeDecl>,
  base?: PartialsTable,
): PartialsTable {
  const map = new Map<string, PartialsEntry>();
  if (base) for (const h of base.heads()) map.set(h, base.entry(h)!);
  for (const d of entries) map.set(d.head, checkEntry(d));
  return new PartialsTable(map);
}

function checkEntry(d: DerivativeDecl): PartialsEntry {
  const where = { line: d.line, column: d.column };
  const fail = (msg: string) => new BibunError('rule', `derivatives of ${d.head}: ${msg}`, where);
  if (d.params.length !== d.partials.length) {
    throw fail(`${d.params.length} parameters but ${d.partials.length} partials`);
  }
  if (new Set(d.params).size !== d.params.length) throw fail('repeated parameter name');
  const info = headInfo(d.head);
  if (isAC(d.head)) {
    if (d.params.length !== 2) throw fail('write + and * with two parameters, as `u * v : v, u`');
  } else if (info && typeof info.arity === 'number' && info.arity !== d.params.length) {
    throw fail(`it takes ${info.arity} argument(s), the line has ${d.params.length}`);
  } else if (info?.kind === 'form') {
    throw fail('it is not a numeric function');
  }
  for (const p of d.partials) {
    for (const s of freeSymbols(p)) {
      if (!d.params.includes(s)) throw fail(`partial mentions ${s}, which is not a parameter`);
    }
    if (p.hasVars)
      throw fail('partials are written with plain parameter names, not pattern variables');
  }
  return { head: d.head, params: d.params.map((p) => sym(p)), partials: d.partials };
}

/** Every `derivatives` line of a rule file's text. */
export function derivativeDecls(text: string, file?: string): DerivativeDecl[] {
  const out: DerivativeDecl[] = [];
  for (const decl of parseRuleFile(text, file).decls)
    if (decl.kind === 'derivatives') out.push(...decl.entries);
  return out;
}

/**
 * A table made of the shipped one plus the `derivatives` blocks of `text` (a user's rule file).
 *
 * @example partialsFromText('derivatives\n  myf(u) : 2*u\n').has('myf') // true
 */
export function partialsFromText(
  text: string,
  file?: string,
  base: PartialsTable = defaultPartials(),
): PartialsTable {
  return partialsTable(derivativeDecls(text, file), base);
}

let shipped: PartialsTable | undefined;

/**
 * The shipped table, rules/derivatives.rules, read once. The file is located relative to this
 * module (dist/lib/diff/ → ../../../rules), so it works from an installed package too.
 */
export function defaultPartials(): PartialsTable {
  if (shipped === undefined) {
    const url = new URL('../../../rules/derivatives.rules', import.meta.url);
    let text: string;
    try {
      text = readFileSync(url, 'utf8');
    } catch (e) {
      throw new BibunError(
        'io',
        `cannot read the derivatives table ${url.pathname}: ${(e as Error).message}`,
      );
    }
    shipped = partialsTable(derivativeDecls(text, 'rules/derivatives.rules'));
  }
  return shipped;
}
