/**
 * The Ohm semantics of the `BibunRules` grammar: rule files, single rules and strategy
 * expressions (operations `decl` and `strategy`), extending the expression semantics.
 */
import type * as ohm from 'ohm-js';
import type { DerivativeDecl, GuardCall, OpAttr, OpDecl, RuleDecl, StrategyExpr } from './ast.js';
import { callArity } from './rule-reader.js';
import { declareOperator, exprSemantics, fail, loc, ohmGrammars } from './semantics.js';
import type { Term } from '../term/term.js';

const declActions: ohm.ActionDict<unknown> = {
  RuleFile(_s1, decls, _s2) {
    return decls.asIteration().children.map((d) => d.decl());
  },
  Decl(d) {
    return d.decl();
  },
  RulesetDecl(_kw, name, _seps, rules) {
    return {
      kind: 'ruleset',
      name: name.sourceString,
      rules: rules.children.map((r) => r.decl()),
      ...loc(this),
    };
  },
  RuleLine(name, _colon, lhs, _arrow, rhs, guards) {
    return {
      name: name.sourceString,
      lhs: lhs.term(),
      rhs: rhs.term(),
      guards: guards.children.length > 0 ? guards.child(0).decl() : [],
      ...loc(this),
    } satisfies RuleDecl;
  },
  IfClause(_if, guards) {
    return guards.asIteration().children.map((g) => g.decl());
  },
  Guard_compare(l, op, r) {
    return { name: op.sourceString, args: [l.term(), r.term()], ...loc(this) } satisfies GuardCall;
  },
  Guard_match(l, _op, r) {
    return { name: ':=', args: [l.term(), r.term()], ...loc(this) } satisfies GuardCall;
  },
  Guard_otherwise(_kw) {
    return { name: 'otherwise', args: [], ...loc(this) } satisfies GuardCall;
  },
  Guard_call(name, _open, args, _close) {
    return {
      name: name.sourceString,
      args: args.asIteration().children.map((a) => a.term() as Term),
      ...loc(this),
    } satisfies GuardCall;
  },
  StrategyDecl(_kw, name, params, _eq, body) {
    const ps = params.children.flatMap((p) =>
      p.children[1]!.asIteration().children.map((n) => n.sourceString),
    );
    return {
      kind: 'strategy',
      name: name.sourceString,
      params: ps,
      body: body.strategy(),
      ...loc(this),
    };
  },
  ExampleDecl(_kw, name, _colon, input, _arrow, expected) {
    return {
      kind: 'example',
      target: name.sourceString,
      input: input.term(),
      expected: expected.term(),
      text: this.sourceString,
      ...loc(this),
    };
  },
  DerivativesDecl(_kw, _seps, lines) {
    return { kind: 'derivatives', entries: lines.children.map((l) => l.decl()), ...loc(this) };
  },
  DerivativeLine(head, _colon, partials) {
    const h: { head: string; params: string[] } = head.decl();
    const ps: Term[] = partials.asIteration().children.map((p) => p.term() as Term);
    if (ps.length !== h.params.length) {
      fail(
        'arity',
        `${h.head} has ${h.params.length} argument(s) but ${ps.length} partial(s) are given`,
        partials,
      );
    }
    const dup = h.params.find((p, i) => h.params.indexOf(p) !== i);
    if (dup !== undefined) fail('syntax', `argument ${dup} appears twice`, head);
    return { head: h.head, params: h.params, partials: ps, ...loc(this) } satisfies DerivativeDecl;
  },
  DerivativeHead_call(name, _open, params, _close) {
    return {
      head: name.sourceString,
      params: params.asIteration().children.map((p) => p.sourceString),
    };
  },
  DerivativeHead_pow(u, _op, v) {
    return { head: '^', params: [u.sourceString, v.sourceString] };
  },
  DerivativeHead_times(u, _op, v) {
    return { head: '*', params: [u.sourceString, v.sourceString] };
  },
  DerivativeHead_plus(u, _op, v) {
    return { head: '+', params: [u.sourceString, v.sourceString] };
  },
  OpDecl(_kw, name, arity, attrs) {
    const n: number | undefined = arity.children.length > 0 ? arity.child(0).decl() : undefined;
    const as: OpAttr[] = attrs.children.length > 0 ? attrs.child(0).decl() : [];
    // The calls after the declaration are the user's (see callArity).
    declareOperator(name.sourceString, callArity(n, as));
    return {
      kind: 'op',
      name: name.sourceString,
      arity: n,
      attrs: as,
      ...loc(this),
    } satisfies OpDecl;
  },
  OpArity(_slash, n) {
    return Number(n.sourceString);
  },
  OpAttrs(_colon, attrs) {
    return attrs.children.map((a) => a.decl());
  },
  OpAttr_assoc(_kw) {
    return { name: 'assoc', ...loc(this) } satisfies OpAttr;
  },
  OpAttr_comm(_kw) {
    return { name: 'comm', ...loc(this) } satisfies OpAttr;
  },
  OpAttr_id(_kw, _open, value, _close) {
    return { name: 'id', value: value.term() as Term, ...loc(this) } satisfies OpAttr;
  },
  RuleInput(rule, _seps) {
    return rule.decl();
  },
};

const strategyActions: ohm.ActionDict<unknown> = {
  Strategy(first, _ops, rest) {
    let s: StrategyExpr = first.strategy();
    for (const r of rest.children) s = { op: 'choice', first: s, second: r.strategy(), ...loc(r) };
    return s;
  },
  SeqStrategy(first, _ops, rest) {
    let s: StrategyExpr = first.strategy();
    for (const r of rest.children) s = { op: 'seq', first: s, second: r.strategy(), ...loc(r) };
    return s;
  },
  PrimStrategy_rec(_kw, name, _open, body, _close) {
    return { op: 'rec', name: name.sourceString, body: body.strategy(), ...loc(this) };
  },
  PrimStrategy_match(_q, p) {
    return { op: 'match', pattern: p.term() as Term, ...loc(this) };
  },
  PrimStrategy_build(_bang, t) {
    return { op: 'build', template: t.term() as Term, ...loc(this) };
  },
  PrimStrategy_call(name, _open, args, _close) {
    return {
      op: 'call',
      name: name.sourceString,
      args: args.asIteration().children.map((a) => a.strategy() as StrategyExpr),
      ...loc(this),
    };
  },
  PrimStrategy_paren(_open, s, _close) {
    return s.strategy();
  },
  PrimStrategy_ref(name) {
    return { op: 'ref', name: name.sourceString, ...loc(this) };
  },
  StrategyInput(s, _seps) {
    return s.strategy();
  },
};

let rulesSem: ohm.Semantics | undefined;

/** The semantics of the `BibunRules` grammar (created on first use, with Ohm). */
export function rulesSemantics(): ohm.Semantics {
  if (rulesSem === undefined) {
    rulesSem = ohmGrammars().rules.extendSemantics(exprSemantics());
    rulesSem.addOperation('decl', declActions);
    rulesSem.addOperation('strategy', strategyActions);
  }
  return rulesSem;
}
