/**
 * The fast reader for the expression language of grammar/bibun.ohm (the `Input` rule of the
 * `Bibun` grammar: expressions, identities, bindings, function definitions, let-form).
 *
 * The Ohm grammar is the specification; this hand-written recursive-descent reader mirrors it
 * rule by rule, in time and memory linear in the text (Ohm's packrat matcher reads about 60 KB/s
 * and keeps kilobytes per character). Whenever Ohm's semantics build a statement, the reader
 * builds exactly the same one, and whenever they throw, the reader throws the same error at
 * the same place (property tests check both on random inputs). A syntax error is a
 * {@link SyntaxStop} at the rightmost place where something expected was not found, the place
 * Ohm reports; parse.ts turns it into the message.
 */
import * as Q from '../base/rational.js';
import { HEAD_VAR, headInfo, reservedNames } from '../base/signature.js';
import type { Statement } from './ast.js';
import {
  Cursor,
  identRestAt,
  identStartAt,
  isDigit,
  LetSharing,
  operandExpected,
  type ReadOptions,
} from './cursor.js';
import { ambiguousRoot, symbolName } from './prescan.js';
import { app, isApp, num, patternVar, pow, sym, type Term } from '../term/term.js';

/** Stands for a term whose construction failed, so that reading can go on to the end. */
const broken = sym('\u0000');

/**
 * Reads a prepared text (see prescan.ts) as an `Input`: the statement, with let-bindings
 * applied. Throws a BibunError for a semantic error, a {@link SyntaxStop} or a `TooDeep`.
 */
export function readInput(prepared: string, source: string, options: ReadOptions): Statement {
  const r = new ExprReader(prepared, source, options);
  const s = r.input();
  if (r.pending) throw r.pending;
  return s;
}

/** The expression part of the grammar, shared with the rule-file reader. */
export class ExprReader extends Cursor {
  protected readonly lets = new Map<string, Term>();
  /** Operators a rule file declared so far (`op exp/2`): name to arity (undefined: any). */
  protected readonly ops = new Map<string, number | undefined>();
  private readonly patterns: boolean;

  constructor(text: string, source: string, options: ReadOptions) {
    super(text, source, options);
    this.patterns = options.patterns;
  }

  // Input = Seps? NonemptyListOf<Stmt, Seps> Seps?
  input(): Statement {
    this.seps();
    let last: Statement;
    for (;;) {
      const start = this.at();
      const s = this.stmt();
      last = s;
      const hadSeps = this.seps();
      if (this.at() >= this.text.length) break;
      if (!hadSeps) this.stop(this.at(), 'end of input');
      // A statement that is not the last must be a binding; its name is a let-name from now on.
      if (s.kind !== 'binding') {
        this.semantic(
          'syntax',
          'only bindings (name = expr) may come before the last statement of a let-form',
          start,
        );
      } else {
        this.lets.set(s.name, s.term);
      }
    }
    return last;
  }

  /** Seps = sep+; whether any was read. */
  seps(): boolean {
    let any = false;
    for (;;) {
      const i = this.at();
      const c = this.text.charCodeAt(i);
      if (c === 59 || c === 10) {
        this.pos = i + 1;
        any = true;
      } else return any;
    }
  }

  /** A name at the next significant position (read), or undefined (nothing read). */
  ident(): string | undefined {
    const t = this.text;
    const start = this.at();
    let i = start + identStartAt(t, start);
    if (i === start) return undefined;
    for (let n = identRestAt(t, i); n > 0; n = identRestAt(t, i)) i += n;
    const name = t.slice(start, i);
    if (this.isKeyword(name)) return undefined;
    this.pos = i;
    return name;
  }

  /** Whether a name is reserved by the grammar (`if` in rule files). */
  protected isKeyword(_name: string): boolean {
    return false;
  }

  // Stmt = FunctionDef | Binding | Identity | Expr
  private stmt(): Statement {
    const start = this.pos;
    const nameAt = this.at();
    const name = this.ident();
    if (name !== undefined) {
      const i = this.at();
      const t = this.text;
      if (t.charCodeAt(i) === 61 /* = */ && t.charCodeAt(i + 1) !== 61) {
        this.pos = i + 1;
        if (reservedNames.has(name))
          this.semantic('syntax', `${name} is a constant and cannot be bound`, nameAt);
        return { kind: 'binding', name, term: this.arg() };
      }
      if (t.charCodeAt(i) === 40 /* ( */) {
        const def = this.functionDef(name, nameAt);
        if (def) return def;
      }
      this.pos = start;
    }
    const lhs = this.expr();
    if (this.eat('==')) return { kind: 'identity', lhs, rhs: this.expr() };
    return { kind: 'expr', term: lhs };
  }

  /** `f(x, y) := body`, or undefined (position restored) when the text is not a definition. */
  private functionDef(name: string, nameAt: number): Statement | undefined {
    const save = this.pos;
    this.eat('(');
    const params: string[] = [];
    const paramsAt = this.at();
    if (this.peek() !== 41) {
      for (;;) {
        const p = this.ident();
        if (p === undefined) return this.restore(save);
        params.push(p);
        if (!this.eat(',')) break;
      }
    }
    if (!this.eat(')') || !this.eat(':=')) return this.restore(save);
    if (reservedNames.has(name))
      this.semantic('syntax', `${name} is a constant and cannot be bound`, nameAt);
    if (headInfo(name))
      this.semantic('syntax', `${name} is a built-in function and cannot be redefined`, nameAt);
    const dup = params.find((p, i) => params.indexOf(p) !== i);
    if (dup !== undefined) this.semantic('syntax', `parameter ${dup} appears twice`, paramsAt);
    // Parameters are plain symbols inside the body, even if a let-form bound the same name.
    const saved = new Map(this.lets);
    for (const p of params) this.lets.delete(p);
    const body = this.expr();
    this.lets.clear();
    for (const [k, v] of saved) this.lets.set(k, v);
    return { kind: 'function', name, params, body };
  }

  /** Whether the operand read from `at` to here is a let-name of a sum or product (LetSharing). */
  private isRef(at: number, t: Term): boolean {
    if (this.lets.size === 0 || (!isApp(t, '+') && !isApp(t, '*'))) return false;
    return LetSharing.isRef(this.text.slice(at, this.pos), t, this.lets);
  }

  private restore(pos: number): undefined {
    this.pos = pos;
    return undefined;
  }

  /** Builds a term; an error a constructor throws is held back and reading goes on. */
  protected build(make: () => Term, nodes = 1): Term {
    this.count(nodes);
    try {
      return make();
    } catch (e) {
      this.held(e);
      return broken;
    }
  }

  // Expr = AddExp = MulExp (AddOp MulExp)*
  expr(): Term {
    this.enter();
    const firstAt = this.at();
    const first = this.mulExp();
    const firstRef = this.isRef(firstAt, first);
    let terms: Term[] | undefined;
    let refs: boolean[] | undefined;
    for (;;) {
      const i = this.at();
      const c = this.text.charCodeAt(i);
      if (c === 43) {
        this.pos = i + 1;
        refs ??= [firstRef];
        const at = this.at();
        const t = this.mulExp();
        (terms ??= [first]).push(t);
        refs.push(this.isRef(at, t));
      } else if (c === 45) {
        // AddOp_minus = "-" ~">": `->` ends the expression (a rule's arrow).
        // The lookahead skips white space, as every syntactic rule does: `- >` is an arrow too.
        if (this.text.charCodeAt(this.at(i + 1)) === 62) {
          this.miss(i + 1, 'not ">"');
          break;
        }
        this.pos = i + 1;
        refs ??= [firstRef];
        const at = this.at();
        const t = this.mulExp();
        const ref = this.isRef(at, t);
        (terms ??= [first]).push(this.build(() => LetSharing.neg(t, ref)));
        refs.push(false);
      } else break;
    }
    this.leave();
    if (terms === undefined) return first;
    const ts = terms;
    const rs = refs!;
    return this.build(() => LetSharing.ac('+', ts, rs));
  }

  // MulExp = UnaryExp (MulOp UnaryExp)*
  private mulExp(): Term {
    const firstAt = this.at();
    // unary() only for a sign: one frame less a nesting level (the JavaScript stack holds the
    // reader's 1,000 levels with room to spare).
    const first = this.signed() ? this.unary() : this.implicit();
    const firstRef = this.isRef(firstAt, first);
    let terms: Term[] | undefined;
    let refs: boolean[] | undefined;
    for (;;) {
      const i = this.at();
      const c = this.text.charCodeAt(i);
      if (c === 42) {
        // MulOp_times = "*" ~"*"
        if (this.text.charCodeAt(this.at(i + 1)) === 42) {
          this.miss(i + 1, 'not "*"');
          break;
        }
        this.pos = i + 1;
        refs ??= [firstRef];
        const at = this.at();
        const t = this.signed() ? this.unary() : this.implicit();
        (terms ??= [first]).push(t);
        refs.push(this.isRef(at, t));
      } else if (c === 47) {
        this.pos = i + 1;
        refs ??= [firstRef];
        const at = this.at();
        const d = this.signed() ? this.unary() : this.implicit();
        if (d.kind === 'num' && d.num === 0n) this.semantic('domain', 'division by zero', at);
        const ref = this.isRef(at, d);
        (terms ??= [first]).push(this.build(() => LetSharing.reciprocal(d, ref)));
        refs.push(false);
      } else break;
    }
    if (terms === undefined) return first;
    const ts = terms;
    const rs = refs!;
    return this.build(() => LetSharing.ac('*', ts, rs));
  }

  /** Whether a sign (a UnaryExp's `-` or `+`) comes next. */
  private signed(): boolean {
    const c = this.text.charCodeAt(this.at());
    return c === 45 || c === 43;
  }

  // UnaryExp = "-" UnaryExp | "+" UnaryExp | ImplicitExp
  private unary(): Term {
    const i = this.at();
    const c = this.text.charCodeAt(i);
    if (c === 45 || c === 43) {
      this.pos = i + 1;
      this.enter();
      const at = this.at();
      const t = this.unary();
      this.leave();
      const ref = this.isRef(at, t);
      return c === 45 ? this.build(() => LetSharing.neg(t, ref)) : t;
    }
    return this.implicit();
  }

  // ImplicitExp = number ~"^" NonNumPowExp+ | PowExp
  private implicit(): Term {
    const start = this.at();
    const c = this.text.charCodeAt(start);
    if (isDigit(c) || c === 46) {
      const n = this.number();
      if (this.startsPower()) return this.powRest(n, start);
      if (!this.startsFactor()) return n;
      const factors: Term[] = [n];
      const refs = [false];
      do {
        const at = this.at();
        const base = this.nonNumPrimary();
        const f = this.startsPower() ? this.powRest(base, at) : base;
        factors.push(f);
        refs.push(this.isRef(at, f));
      } while (this.startsFactor());
      return this.build(() => LetSharing.ac('*', factors, refs));
    }
    const base = this.nonNumPrimary();
    return this.startsPower() ? this.powRest(base, start) : base;
  }

  /** Whether a NonNumPrimary (a factor of implicit multiplication) starts next. */
  private startsFactor(): boolean {
    const i = this.at();
    const c = this.text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 63 || c === 0x221a) return true;
    if (identStartAt(this.text, i) === 0) return false;
    // A keyword (`if` in rule files) is not a name, so it ends the product.
    const save = this.pos;
    const name = this.ident();
    this.pos = save;
    return name !== undefined;
  }

  /** Whether `^`, `²` or `³` comes next. */
  private startsPower(): boolean {
    const c = this.peek();
    return c === 94 || c === 0xb2 || c === 0xb3;
  }

  /** At `^` (or a superscript): the exponent (PowRhs) and the power of the base read at `at`. */
  private powRest(base: Term, at: number): Term {
    const i = this.at();
    this.pos = i + 1;
    let e: Term;
    const c = this.text.charCodeAt(i);
    if (c === 94) {
      this.enter();
      e = this.powRhs();
      this.leave();
    } else e = num(c === 0xb2 ? 2 : 3);
    if (this.text.charCodeAt(at) === 0x221a) this.semantic('syntax', ambiguousRoot, at);
    if (base.kind === 'num' && base.num === 0n && e.kind === 'num' && e.num < 0n)
      this.semantic('domain', 'division by zero (0 to a negative power)', at);
    return this.build(() => pow(base, e));
  }

  // PowRhs = "-" PowRhs | "+" PowRhs | PowExp
  private powRhs(): Term {
    const i = this.at();
    const c = this.text.charCodeAt(i);
    if (c === 45 || c === 43) {
      this.pos = i + 1;
      this.enter();
      const at = this.at();
      const t = this.powRhs();
      this.leave();
      const ref = this.isRef(at, t);
      return c === 45 ? this.build(() => LetSharing.neg(t, ref)) : t;
    }
    // PowExp = Primary "^" PowRhs | Primary superscript | Primary
    const base = this.primary();
    return this.startsPower() ? this.powRest(base, i) : base;
  }

  // Primary = number | NonNumPrimary
  protected primary(): Term {
    const c = this.peek();
    return isDigit(c) || c === 46 ? this.number() : this.nonNumPrimary();
  }

  private nonNumPrimary(): Term {
    const at = this.at();
    const c = this.text.charCodeAt(at);
    if (c === 40) {
      this.pos = at + 1;
      const e = this.arg();
      if (!this.eat(')')) this.stop(this.at(), '")"');
      return e;
    }
    if (c === 91) {
      this.pos = at + 1;
      const items = this.args(']');
      return this.build(() => app('list', items));
    }
    if (c === 0x221a) {
      this.pos = at + 1;
      this.enter();
      const e = this.primary();
      this.leave();
      return this.build(() => app('sqrt', [e]));
    }
    if (c === 63 /* ? */) {
      const v = this.patternVariable(at);
      if (this.peek() !== 40) return v;
      // A head variable: `?f(x, y)`.
      this.pos = this.at() + 1;
      const args = this.args(')');
      return this.build(() => app(HEAD_VAR, [v, ...args]));
    }
    const name = this.ident();
    if (name === undefined) this.stop(at, operandExpected);
    if (this.peek() === 40) {
      this.pos = this.at() + 1;
      const args = this.args(')');
      if (this.ops.has(name)) {
        // A rule file's own operator: the user's symbol, whatever a built-in of the name takes.
        const n = this.ops.get(name);
        if (n !== undefined && n !== args.length)
          this.semantic(
            'arity',
            `${name} is declared ${name}/${n} in this file, got ${args.length} argument${args.length === 1 ? '' : 's'}`,
            at,
          );
        return this.build(() => app(name, args));
      }
      const info = headInfo(name);
      if (info && info.kind !== 'operator' && info.arity !== 'n' && info.arity !== args.length) {
        const plural = info.arity === 1 ? '' : 's';
        this.semantic(
          'arity',
          `${name} takes ${info.arity} argument${plural}, got ${args.length}`,
          at,
        );
      }
      if (name === 'list') return this.build(() => app('list', args));
      if (info && (info.kind === 'operator' || name === '=='))
        this.semantic('syntax', `${name} is not a function name`, at);
      if (this.lets.has(name))
        this.semantic('syntax', `${name} is bound to an expression, not a function`, at);
      return this.build(() => app(name, args));
    }
    const s = symbolName(name);
    const bound = this.lets.get(s);
    if (bound !== undefined) return bound;
    return this.build(() => sym(s));
  }

  // patternVar = "?" ident "..." | "?" ident   (lexical: no spaces inside)
  private patternVariable(at: number): Term {
    const t = this.text;
    const n = identStartAt(t, at + 1);
    if (n === 0) this.stop(at, operandExpected);
    let i = at + 1 + n;
    for (let k = identRestAt(t, i); k > 0; k = identRestAt(t, i)) i += k;
    const name = t.slice(at + 1, i);
    const segment = t.startsWith('...', i);
    this.pos = segment ? i + 3 : i;
    if (!this.patterns) {
      const shown = segment ? '?a...' : '?a';
      this.semantic('syntax', `pattern variables (${shown}) are only allowed in rules`, at);
    }
    return this.build(() => patternVar(name, segment));
  }

  // Arg = Expr "==" Expr | Expr
  private arg(): Term {
    const lhs = this.expr();
    if (!this.eat('==')) return lhs;
    const rhs = this.expr();
    return this.build(() => app('==', [lhs, rhs]));
  }

  /**
   * ListOf<Arg, ","> followed by the closing bracket; ListOf<Expr, ","> when `equations` is
   * false (the arguments of a rule's guard).
   */
  protected args(close: string, equations = true): Term[] {
    const out: Term[] = [];
    if (this.eat(close)) return out;
    for (;;) {
      // Arg, written out here: one frame less a nesting level.
      const lhs = this.expr();
      if (equations && this.eat('==')) {
        const rhs = this.expr();
        out.push(this.build(() => app('==', [lhs, rhs])));
      } else out.push(lhs);
      if (this.eat(',')) continue;
      if (this.eat(close)) return out;
      this.stop(this.at(), `"${close}"`);
    }
  }

  // number = digit* "." digit+ exponent? | digit+ "."? exponent?
  private number(): Term {
    const t = this.text;
    const start = this.at();
    let i = start;
    while (isDigit(t.charCodeAt(i))) i++;
    const intDigits = i - start;
    if (t.charCodeAt(i) === 46) {
      let j = i + 1;
      while (isDigit(t.charCodeAt(j))) j++;
      if (j === i + 1 && intDigits === 0) this.stop(start, operandExpected);
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
    return this.build(() => num(Q.parseDecimal(t.slice(start, i))));
  }
}
