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
import { BibunError } from '../errors.js';
import { parseRuleFile } from '../parse.js';
import { headInfo, isAC } from '../signature.js';
import type { DerivativeDecl } from '../syntax.js';
import { app, sym, type App, type Sym, type Term } from '../term.js';
import { freeSymbols, occurs, substitute } from '../traverse.js';

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
      // The "others" term costs O(arity) to build; a sum's partial 1 never needs it.
      if (occurs(e.params[1], p)) {
        const others = node.args.slice(0, i).concat(node.args.slice(i + 1));
        map.set(e.params[1], app(node.head, others));
      }
      return substitute(p, map);
    }
    if (e.params.length !== node.args.length) {
      throw new BibunError('arity', `${node.head} has ${node.args.length} arguments but its derivatives line has ${e.params.length}`);
    }
    const map = new Map<Term, Term>();
    e.params.forEach((p, k) => map.set(p, node.args[k]));
    return substitute(e.partials[i], map);
  }
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
export function partialsTable(entries: Iterable<DerivativeDecl>, base?: PartialsTable): PartialsTable {
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
    if (p.hasVars) throw fail('partials are written with plain parameter names, not pattern variables');
  }
  return { head: d.head, params: d.params.map((p) => sym(p)), partials: d.partials };
}

/** Every `derivatives` line of a rule file's text. */
export function derivativeDecls(text: string, file?: string): DerivativeDecl[] {
  const out: DerivativeDecl[] = [];
  for (const decl of parseRuleFile(text, file).decls) if (decl.kind === 'derivatives') out.push(...decl.entries);
  return out;
}

/**
 * A table made of the shipped one plus the `derivatives` blocks of `text` (a user's rule file).
 *
 * @example partialsFromText('derivatives\n  myf(u) : 2*u\n').has('myf') // true
 */
export function partialsFromText(text: string, file?: string, base: PartialsTable = defaultPartials()): PartialsTable {
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
      throw new BibunError('io', `cannot read the derivatives table ${url.pathname}: ${(e as Error).message}`);
    }
    shipped = partialsTable(derivativeDecls(text, 'rules/derivatives.rules'));
  }
  return shipped;
}
