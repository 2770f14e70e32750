/**
 * A fast reader for the expression language of grammar/bibun.ohm (the `Input` rule of the
 * `Bibun` grammar: expressions, identities, bindings, function definitions, let-form).
 *
 * The Ohm grammar is the specification; this hand-written recursive-descent reader mirrors it
 * rule by rule for speed (Ohm's packrat matcher reads about 60 KB/s and recurses deeply). The
 * contract is one-sided: whenever the reader accepts a text, it builds exactly the term the Ohm
 * semantics builds (a property test checks this on random inputs); whenever it is unsure or the
 * text is wrong, it gives up and `parse.ts` runs Ohm, which produces the result or the error
 * message. So the reader never needs error messages of its own beyond "not handled".
 *
 * Not handled here (Ohm takes over): non-ASCII names, any syntax error and any semantic error
 * (arity, division by zero, reserved names).
 */
import { isStackOverflow } from '../base/errors.js';
import * as Q from '../base/rational.js';
import { headInfo, reservedNames } from '../base/signature.js';
import type { Statement } from './ast.js';
import {
  add,
  app,
  list,
  mul,
  neg,
  num,
  patternVar,
  pow,
  reciprocal,
  sym,
  type Term,
} from '../term/term.js';

/** Thrown inside the reader when it gives up; never escapes {@link readInput}. */
class GiveUp {
  constructor(readonly offset: number) {}
}

/** Deepest nesting the reader follows (each level costs a few stack frames). */
export const readerMaxNesting = 1000;

/** Why the reader gave up: too deep, or anything else (at an offset). */
export type ReadResult =
  | { ok: true; statement: Statement }
  | { ok: false; offset: number; tooDeep: boolean };

/**
 * Reads a prepared text (newlines inside brackets already turned into spaces by parse.ts).
 * Returns the statement, with let-bindings applied, or where it gave up.
 */
export function readInput(text: string, patterns = false): ReadResult {
  const r = new Reader(text, patterns);
  try {
    return { ok: true, statement: r.input() };
  } catch (e) {
    if (e instanceof GiveUp) return { ok: false, offset: e.offset, tooDeep: false };
    if (e instanceof TooDeep) return { ok: false, offset: e.offset, tooDeep: true };
    if (isStackOverflow(e)) return { ok: false, offset: 0, tooDeep: true };
    // Semantic errors (exact arithmetic limits, division by zero) are left to Ohm's path, which
    // reports them with a position.
    return { ok: false, offset: r.pos, tooDeep: false };
  }
}

class TooDeep {
  constructor(readonly offset: number) {}
}

const C_0 = 48;
const C_9 = 57;

function isDigit(c: number): boolean {
  return c >= C_0 && c <= C_9;
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isIdentRest(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

class Reader {
  pos = 0;
  private depth = 0;
  private readonly lets = new Map<string, Term>();

  constructor(
    private readonly text: string,
    private readonly patterns: boolean,
  ) {}

  private fail(): never {
    throw new GiveUp(this.pos);
  }

  /** Skips spaces, tabs, carriage returns, no-break spaces and comments (not newlines). */
  private skip(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 13 || c === 0xa0) this.pos++;
      else if (c === 35) {
        while (this.pos < t.length && t.charCodeAt(this.pos) !== 10) this.pos++;
      } else return;
    }
  }

  /** The next significant character code (after skipping), or NaN at the end. */
  private peek(): number {
    this.skip();
    return this.text.charCodeAt(this.pos);
  }

  private eat(c: number): boolean {
    if (this.peek() === c) {
      this.pos++;
      return true;
    }
    return false;
  }

  private enter(): void {
    if (++this.depth > readerMaxNesting) throw new TooDeep(this.pos);
  }

  private leave(): void {
    this.depth--;
  }

  // Input = Seps? NonemptyListOf<Stmt, Seps> Seps?
  input(): Statement {
    this.seps();
    const stmts: Statement[] = [];
    for (;;) {
      const s = this.stmt();
      stmts.push(s);
      const hadSeps = this.seps();
      if (this.pos >= this.text.length) break;
      if (!hadSeps) this.fail();
      // A statement that is not the last must be a binding; its name is a let-name from now on.
      if (s.kind !== 'binding') this.fail();
      this.lets.set(s.name, s.term);
    }
    return stmts[stmts.length - 1];
  }

  private seps(): boolean {
    let any = false;
    for (;;) {
      const c = this.peek();
      if (c === 59 || c === 10) {
        this.pos++;
        any = true;
      } else return any;
    }
  }

  private ident(): string | undefined {
    this.skip();
    const t = this.text;
    const start = this.pos;
    if (!isIdentStart(t.charCodeAt(start))) return undefined;
    let i = start + 1;
    while (isIdentRest(t.charCodeAt(i))) i++;
    // Non-ASCII letters continue names in the grammar; leave such names to Ohm.
    if (i < t.length && t.charCodeAt(i) > 127) this.fail();
    this.pos = i;
    return t.slice(start, i);
  }

  // Stmt = FunctionDef | Binding | Identity | Expr
  private stmt(): Statement {
    const start = this.pos;
    const name = this.ident();
    if (name !== undefined) {
      const c = this.peek();
      if (c === 61 /* = */ && this.text.charCodeAt(this.pos + 1) !== 61) {
        this.pos++;
        if (reservedNames.has(name)) this.fail();
        return { kind: 'binding', name, term: this.expr() };
      }
      if (c === 40 /* ( */) {
        const def = this.functionDef(name);
        if (def) return def;
      }
      this.pos = start;
    }
    const lhs = this.expr();
    if (this.peek() === 61 && this.text.charCodeAt(this.pos + 1) === 61) {
      this.pos += 2;
      return { kind: 'identity', lhs, rhs: this.expr() };
    }
    return { kind: 'expr', term: lhs };
  }

  /** `f(x, y) := body`, or undefined (position restored) when the text is not a definition. */
  private functionDef(name: string): Statement | undefined {
    const save = this.pos;
    this.pos++; // (
    const params: string[] = [];
    if (this.peek() !== 41) {
      for (;;) {
        const p = this.ident();
        if (p === undefined) return this.restore(save);
        params.push(p);
        if (!this.eat(44)) break;
      }
    }
    if (!this.eat(41)) return this.restore(save);
    if (!(this.peek() === 58 && this.text.charCodeAt(this.pos + 1) === 61))
      return this.restore(save);
    // A definition: leave its checks (reserved names, duplicates, built-ins) to Ohm's path.
    if (reservedNames.has(name) || headInfo(name) || new Set(params).size !== params.length)
      this.fail();
    this.pos += 2;
    const saved = new Map(this.lets);
    for (const p of params) this.lets.delete(p);
    const body = this.expr();
    this.lets.clear();
    for (const [k, v] of saved) this.lets.set(k, v);
    return { kind: 'function', name, params, body };
  }

  private restore(pos: number): undefined {
    this.pos = pos;
    return undefined;
  }

  // Expr = AddExp = MulExp (AddOp MulExp)*
  private expr(): Term {
    this.enter();
    const first = this.mulExp();
    let terms: Term[] | undefined;
    for (;;) {
      const c = this.peek();
      if (c === 43) {
        this.pos++;
        (terms ??= [first]).push(this.mulExp());
      } else if (c === 45) {
        if (this.text.charCodeAt(this.pos + 1) === 62) this.fail(); // `->`
        this.pos++;
        (terms ??= [first]).push(neg(this.mulExp()));
      } else break;
    }
    this.leave();
    return terms ? add(...terms) : first;
  }

  // MulExp = UnaryExp (MulOp UnaryExp)*
  private mulExp(): Term {
    const first = this.unary();
    let terms: Term[] | undefined;
    for (;;) {
      const c = this.peek();
      if (c === 42) {
        if (this.text.charCodeAt(this.pos + 1) === 42) this.fail(); // `**`
        this.pos++;
        (terms ??= [first]).push(this.unary());
      } else if (c === 47) {
        this.pos++;
        const d = this.unary();
        if (d.kind === 'num' && d.num === 0n) this.fail();
        (terms ??= [first]).push(reciprocal(d));
      } else break;
    }
    return terms ? mul(...terms) : first;
  }

  // UnaryExp = "-" UnaryExp | "+" UnaryExp | ImplicitExp
  private unary(): Term {
    const c = this.peek();
    if (c === 45 || c === 43) {
      this.pos++;
      this.enter();
      const t = this.unary();
      this.leave();
      return c === 45 ? neg(t) : t;
    }
    return this.implicit();
  }

  // ImplicitExp = number ~"^" NonNumPowExp+ | PowExp
  private implicit(): Term {
    const c = this.peek();
    if (isDigit(c) || c === 46) {
      const n = this.number();
      const next = this.peek();
      if (next === 94) return this.powRest(n);
      if (!this.startsFactor(next)) return n;
      const factors: Term[] = [n];
      do {
        const base = this.nonNumPrimary();
        factors.push(this.peek() === 94 ? this.powRest(base) : base);
        const c2 = this.peek();
        if (!this.startsFactor(c2)) break;
      } while (true);
      return mul(...factors);
    }
    const base = this.nonNumPrimary();
    return this.peek() === 94 ? this.powRest(base) : base;
  }

  /** Whether a character can start a NonNumPrimary (a factor of implicit multiplication). */
  private startsFactor(c: number): boolean {
    return isIdentStart(c) || c === 40 || c === 91 || (c === 63 && this.patterns);
  }

  /** At `^`: the exponent (PowRhs) and the power. */
  private powRest(base: Term): Term {
    this.pos++; // ^
    this.enter();
    const e = this.powRhs();
    this.leave();
    if (base.kind === 'num' && base.num === 0n && e.kind === 'num' && e.num < 0n) this.fail();
    return pow(base, e);
  }

  // PowRhs = "-" PowRhs | "+" PowRhs | PowExp
  private powRhs(): Term {
    const c = this.peek();
    if (c === 45 || c === 43) {
      this.pos++;
      this.enter();
      const t = this.powRhs();
      this.leave();
      return c === 45 ? neg(t) : t;
    }
    // PowExp = Primary "^" PowRhs | Primary
    const base = isDigit(c) || c === 46 ? this.number() : this.nonNumPrimary();
    return this.peek() === 94 ? this.powRest(base) : base;
  }

  private nonNumPrimary(): Term {
    const c = this.peek();
    if (c === 40) {
      this.pos++;
      const e = this.expr();
      if (!this.eat(41)) this.fail();
      return e;
    }
    if (c === 91) {
      this.pos++;
      const items = this.args(93);
      return list(...items);
    }
    if (c === 63 /* ? */ && this.patterns) return this.patternVariable();
    const name = this.ident();
    if (name === undefined) this.fail();
    if (this.peek() === 40) {
      this.pos++;
      const args = this.args(41);
      const info = headInfo(name);
      if (info && info.kind !== 'operator' && info.arity !== 'n' && info.arity !== args.length)
        this.fail();
      if (name === 'list') return list(...args);
      if (info && (info.kind === 'operator' || name === '==')) this.fail();
      if (this.lets.has(name)) this.fail();
      return app(name, args);
    }
    return this.lets.get(name) ?? sym(name);
  }

  // patternVar = "?" ident "..." | "?" ident   (lexical: no spaces inside)
  private patternVariable(): Term {
    this.pos++;
    const t = this.text;
    if (!isIdentStart(t.charCodeAt(this.pos))) this.fail();
    const name = this.ident()!;
    if (t.startsWith('...', this.pos)) {
      this.pos += 3;
      return patternVar(name, true);
    }
    return patternVar(name, false);
  }

  /** ListOf<Expr, ","> followed by the closing character. */
  private args(close: number): Term[] {
    const out: Term[] = [];
    if (this.eat(close)) return out;
    for (;;) {
      out.push(this.expr());
      if (this.eat(44)) continue;
      if (this.eat(close)) return out;
      this.fail();
    }
  }

  // number = digit* "." digit+ exponent? | digit+ "."? exponent?
  private number(): Term {
    const t = this.text;
    const start = this.pos;
    let i = start;
    while (isDigit(t.charCodeAt(i))) i++;
    const intDigits = i - start;
    if (t.charCodeAt(i) === 46) {
      let j = i + 1;
      while (isDigit(t.charCodeAt(j))) j++;
      if (j === i + 1 && intDigits === 0) this.fail();
      i = j;
    }
    // exponent = ("e" | "E") ("+" | "-")? digit+
    const e = t.charCodeAt(i);
    if (e === 101 || e === 69) {
      let j = i + 1;
      const s = t.charCodeAt(j);
      if (s === 43 || s === 45) j++;
      const k = j;
      while (isDigit(t.charCodeAt(j))) j++;
      if (j > k) i = j;
    }
    this.pos = i;
    return num(Q.parseDecimal(t.slice(start, i)));
  }
}
