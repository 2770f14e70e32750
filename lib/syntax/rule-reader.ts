/**
 * The fast reader for the rule language of grammar/bibun.ohm (the `BibunRules` grammar: rule
 * files, single rules, strategy expressions). Like the expression reader it extends, it builds
 * exactly what the Ohm semantics (rule-semantics.ts) build, in time linear in the text, and
 * reports a syntax error at the rightmost place where something expected was not found. PEG
 * alternatives and iterations that fail part-way are undone with {@link Cursor.attempt}.
 */
import type {
  Decl,
  DerivativeDecl,
  DerivativesDecl,
  ExampleDecl,
  GuardCall,
  OpAttr,
  OpDecl,
  RuleDecl,
  RulesetDecl,
  StrategyDecl,
  StrategyExpr,
} from './ast.js';
import { identRestAt, identStartAt, isDigit, type ReadOptions } from './cursor.js';
import { ExprReader } from './reader.js';

/**
 * How many arguments the calls of a declared operator take: any number for an `assoc` one
 * (flattened), two for one with other attributes, else the declared arity (if any).
 */
export function callArity(arity: number | undefined, attrs: readonly OpAttr[]): number | undefined {
  if (attrs.some((a) => a.name === 'assoc')) return undefined;
  return attrs.length > 0 ? 2 : arity;
}

/** The comparison operators of guards, and the matching condition's `:=`. */
const binaryConditions = ['<=', '>=', '!=', '==', '<', '>', ':='];

/** The rule-language reader; the entry points are `ruleFile`, `ruleInput`, `strategyInput`. */
export class RuleReader extends ExprReader {
  constructor(text: string, source: string, options: ReadOptions) {
    super(text, source, options);
  }

  // ident := ~("if" ~identRest) identStart identRest*
  protected override isKeyword(name: string): boolean {
    return name === 'if';
  }

  /** Throws the rightmost failure unless the whole text has been read. */
  private end<T>(result: T): T {
    if (this.at() < this.text.length) this.stop(this.at(), 'end of input');
    if (this.pending) throw this.pending;
    return result;
  }

  // RuleFile = Seps? ListOf<Decl, Seps> Seps?
  ruleFile(): Decl[] {
    this.seps();
    const decls: Decl[] = [];
    const first = this.attempt(() => this.decl());
    if (first !== undefined) {
      decls.push(first);
      for (;;) {
        const d = this.attempt(() => (this.seps() ? this.decl() : this.stop(this.at(), '"\\n"')));
        if (d === undefined) break;
        decls.push(d);
      }
    }
    this.seps();
    return this.end(decls);
  }

  // RuleInput = RuleLine Seps?
  ruleInput(): RuleDecl {
    const r = this.ruleLine();
    this.seps();
    return this.end(r);
  }

  // StrategyInput = Strategy Seps?
  strategyInput(): StrategyExpr {
    const s = this.strategy();
    this.seps();
    return this.end(s);
  }

  private keyword(word: string): boolean {
    return this.eat(word);
  }

  private name(): string {
    const n = this.ident();
    if (n === undefined) this.stop(this.at(), 'a name');
    return n;
  }

  // ruleName = identStart (alnum | "_" | "-" ~">")*   (lexical)
  private ruleName(): string {
    const t = this.text;
    const start = this.at();
    let i = start + identStartAt(t, start);
    if (i === start) this.stop(start, 'a name');
    for (;;) {
      const n = identRestAt(t, i);
      if (n > 0) i += n;
      else if (t.charCodeAt(i) === 45 && t.charCodeAt(i + 1) !== 62) i++;
      else break;
    }
    this.pos = i;
    return t.slice(start, i);
  }

  private expect(s: string): void {
    if (!this.eat(s)) this.stop(this.at(), JSON.stringify(s));
  }

  // Decl = RulesetDecl | StrategyDecl | ExampleDecl | DerivativesDecl
  private decl(): Decl {
    const at = this.at();
    const where = this.locAt(at);
    if (this.keyword('ruleset')) return this.rulesetDecl(where);
    if (this.keyword('strategy')) return this.strategyDecl(where);
    if (this.keyword('example')) return this.exampleDecl(at, where);
    if (this.keyword('derivatives')) return this.derivativesDecl(where);
    if (this.keyword('op')) return this.opDecl(where);
    return this.stop(at, '"ruleset", "strategy", "example", "derivatives", or "op"');
  }

  // OpDecl = "op" ident OpArity? OpAttrs?;  OpArity = "/" arity;  OpAttrs = ":" OpAttr+
  private opDecl(where: { line: number; column: number }): OpDecl {
    const name = this.name();
    const arity = this.attempt(() => {
      this.expect('/');
      const start = this.at();
      let i = start;
      while (isDigit(this.text.charCodeAt(i))) i++;
      if (i === start) this.stop(start, 'a number of arguments');
      this.pos = i;
      return Number(this.text.slice(start, i));
    });
    const attrs =
      this.attempt(() => {
        this.expect(':');
        const out = [this.opAttr()];
        for (;;) {
          const a = this.attempt(() => this.opAttr());
          if (a === undefined) return out;
          out.push(a);
        }
      }) ?? [];
    // The calls after the declaration are the user's (see callArity).
    this.ops.set(name, callArity(arity, attrs));
    return { kind: 'op', name, arity, attrs, ...where };
  }

  // OpAttr = "assoc" ~identRest | "comm" ~identRest | "id" "(" Expr ")"
  private opAttr(): OpAttr {
    const at = this.at();
    const where = this.locAt(at);
    for (const word of ['assoc', 'comm'] as const) {
      if (this.text.startsWith(word, at) && identRestAt(this.text, at + word.length) === 0) {
        this.pos = at + word.length;
        return { name: word, ...where };
      }
    }
    if (this.eat('id')) {
      this.expect('(');
      const value = this.expr();
      this.expect(')');
      return { name: 'id', value, ...where };
    }
    return this.stop(at, '"assoc", "comm", or "id"');
  }

  // RulesetDecl = "ruleset" ident (Seps RuleLine)*
  private rulesetDecl(where: { line: number; column: number }): RulesetDecl {
    const name = this.name();
    const rules: RuleDecl[] = [];
    for (;;) {
      const r = this.attempt(() => (this.seps() ? this.ruleLine() : this.stop(this.at(), '"\\n"')));
      if (r === undefined) break;
      rules.push(r);
    }
    return { kind: 'ruleset', name, rules, ...where };
  }

  // RuleLine = ruleName ":" Expr "->" Expr IfClause?
  private ruleLine(): RuleDecl {
    const where = this.locAt(this.at());
    const name = this.ruleName();
    this.expect(':');
    const lhs = this.expr();
    this.expect('->');
    const rhs = this.expr();
    const guards = this.attempt(() => this.ifClause()) ?? [];
    return { name, lhs, rhs, guards, ...where };
  }

  // IfClause = "if" NonemptyListOf<Guard, ",">
  private ifClause(): GuardCall[] {
    this.expect('if');
    const guards = [this.guard()];
    for (;;) {
      const g = this.attempt(() => {
        this.expect(',');
        return this.guard();
      });
      if (g === undefined) return guards;
      guards.push(g);
    }
  }

  // Guard = Expr CmpOp Expr -- compare | Expr ":=" Expr -- match
  //       | ident "(" ListOf<Expr, ","> ")" -- call | otherwiseKw -- otherwise
  private guard(): GuardCall {
    const at = this.at();
    const where = this.locAt(at);
    const compare = this.attempt(() => {
      const l = this.expr();
      const op = binaryConditions.find((o) => this.eat(o));
      if (op === undefined)
        this.stop(this.at(), binaryConditions.map((o) => JSON.stringify(o)).join(', '));
      return { name: op, args: [l, this.expr()], ...where };
    });
    if (compare !== undefined) return compare;
    const call = this.attempt(() => {
      const name = this.name();
      this.expect('(');
      return { name, args: this.args(')', false), ...where };
    });
    if (call !== undefined) return call;
    // otherwiseKw = "otherwise" ~identRest
    if (this.text.startsWith('otherwise', at) && identRestAt(this.text, at + 9) === 0) {
      this.pos = at + 9;
      return { name: 'otherwise', args: [], ...where };
    }
    return this.stop(at, 'a guard');
  }

  // StrategyDecl = "strategy" ident StrategyParams? "=" Strategy
  // StrategyParams = "(" ListOf<ident, ","> ")"
  private strategyDecl(where: { line: number; column: number }): StrategyDecl {
    const name = this.name();
    const params =
      this.attempt(() => {
        this.expect('(');
        const ps: string[] = [];
        if (this.eat(')')) return ps;
        for (;;) {
          ps.push(this.name());
          if (this.eat(',')) continue;
          this.expect(')');
          return ps;
        }
      }) ?? [];
    this.expect('=');
    return { kind: 'strategy', name, params, body: this.strategy(), ...where };
  }

  // ExampleDecl = "example" ruleName ":" Expr "=>" Expr
  private exampleDecl(at: number, where: { line: number; column: number }): ExampleDecl {
    const target = this.ruleName();
    this.expect(':');
    const input = this.expr();
    this.expect('=>');
    const expected = this.expr();
    const text = this.text.slice(at, this.pos);
    return { kind: 'example', target, input, expected, text, ...where };
  }

  // DerivativesDecl = "derivatives" (Seps DerivativeLine)*
  private derivativesDecl(where: { line: number; column: number }): DerivativesDecl {
    const entries: DerivativeDecl[] = [];
    for (;;) {
      const d = this.attempt(() =>
        this.seps() ? this.derivativeLine() : this.stop(this.at(), '"\\n"'),
      );
      if (d === undefined) break;
      entries.push(d);
    }
    return { kind: 'derivatives', entries, ...where };
  }

  // DerivativeLine = DerivativeHead ":" NonemptyListOf<Expr, ",">
  private derivativeLine(): DerivativeDecl {
    const headAt = this.at();
    const where = this.locAt(headAt);
    const { head, params } = this.derivativeHead();
    this.expect(':');
    const partialsAt = this.at();
    const partials = [this.expr()];
    for (;;) {
      const p = this.attempt(() => {
        this.expect(',');
        return this.expr();
      });
      if (p === undefined) break;
      partials.push(p);
    }
    if (partials.length !== params.length) {
      this.semantic(
        'arity',
        `${head} has ${params.length} argument(s) but ${partials.length} partial(s) are given`,
        partialsAt,
      );
    }
    const dup = params.find((p, i) => params.indexOf(p) !== i);
    if (dup !== undefined) this.semantic('syntax', `argument ${dup} appears twice`, headAt);
    return { head, params, partials, ...where };
  }

  // DerivativeHead = ident "(" ListOf<ident, ","> ")" | ident "^" ident | ident "*" ident | ...
  private derivativeHead(): { head: string; params: string[] } {
    const u = this.name();
    if (this.eat('(')) {
      const params: string[] = [];
      if (!this.eat(')')) {
        for (;;) {
          params.push(this.name());
          if (this.eat(',')) continue;
          this.expect(')');
          break;
        }
      }
      return { head: u, params };
    }
    for (const op of ['^', '*', '+']) {
      if (this.eat(op)) return { head: op, params: [u, this.name()] };
    }
    return this.stop(this.at(), '"(", "^", "*", or "+"');
  }

  // Strategy = SeqStrategy ("<+" SeqStrategy)*
  private strategy(): StrategyExpr {
    this.enter();
    let s = this.seqStrategy();
    for (;;) {
      const next = this.attempt(() => {
        this.expect('<+');
        const where = this.locAt(this.at());
        return { where, second: this.seqStrategy() };
      });
      if (next === undefined) break;
      s = { op: 'choice', first: s, second: next.second, ...next.where };
    }
    this.leave();
    return s;
  }

  // SeqStrategy = PrimStrategy (";" PrimStrategy)*
  private seqStrategy(): StrategyExpr {
    let s = this.primStrategy();
    for (;;) {
      const next = this.attempt(() => {
        this.expect(';');
        const where = this.locAt(this.at());
        return { where, second: this.primStrategy() };
      });
      if (next === undefined) break;
      s = { op: 'seq', first: s, second: next.second, ...next.where };
    }
    return s;
  }

  // PrimStrategy = recKw ident "(" Strategy ")" | ruleName "(" ListOf<Strategy, ","> ")"
  //              | "?" Primary | "!" Primary | "(" Strategy ")" | ruleName
  private primStrategy(): StrategyExpr {
    const at = this.at();
    const where = this.locAt(at);
    if (this.eat('?')) return { op: 'match', pattern: this.primary(), ...where };
    if (this.eat('!')) return { op: 'build', template: this.primary(), ...where };
    const rec = this.attempt((): StrategyExpr => {
      // recKw = "rec" ~identRest
      if (!this.text.startsWith('rec', at) || identRestAt(this.text, at + 3) > 0)
        this.stop(at, '"rec"');
      this.pos = at + 3;
      const name = this.name();
      this.expect('(');
      const body = this.strategy();
      this.expect(')');
      return { op: 'rec', name, body, ...where };
    });
    if (rec !== undefined) return rec;
    const call = this.attempt((): StrategyExpr => {
      const name = this.ruleName();
      this.expect('(');
      const args: StrategyExpr[] = [];
      if (!this.eat(')')) {
        for (;;) {
          args.push(this.strategy());
          if (this.eat(',')) continue;
          this.expect(')');
          break;
        }
      }
      return { op: 'call', name, args, ...where };
    });
    if (call !== undefined) return call;
    if (this.eat('(')) {
      const s = this.strategy();
      this.expect(')');
      return s;
    }
    return { op: 'ref', name: this.ruleName(), ...where };
  }
}
