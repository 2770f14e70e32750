/**
 * Which rule sets the rewriting machine (machine.ts) runs: first-order, syntactic, without
 * computed heads or declared axioms (the module comment of machine.ts says why), and the
 * syntactic test that a rule's right side is never its redex.
 */
import { HEAD_VAR, isAC } from '../base/signature.js';
import { EQUATION, MATCH, OTHERWISE } from '../match/conditions.js';
import type { Rule } from '../match/rule.js';
import { currentTheories, type Term } from '../term/term.js';
import { computedHead } from './store.js';

/** No computed head, head variable, segment variable or head with declared axioms in t. */
function usable(t: Term): boolean {
  const theories = currentTheories();
  const seen = new Set<number>();
  const stack = [t];
  while (stack.length > 0) {
    const u = stack.pop()!;
    if (u.kind === 'var' && u.segment) return false;
    if (u.kind !== 'app' || seen.has(u.id)) continue;
    seen.add(u.id);
    if (computedHead(u.head) || u.head === HEAD_VAR || theories?.(u.head) !== undefined)
      return false;
    for (const a of u.args) stack.push(a);
  }
  return true;
}

/** The rules of a rule set list, when the machine can run all of them (see the module comment). */
export function machineRules(lists: readonly (readonly Rule[])[]): readonly Rule[] | undefined {
  const out: Rule[] = [];
  for (const rules of lists)
    for (const r of rules) {
      if (r.lhs.kind !== 'app' || !usable(r.lhs) || !usable(r.rhs)) return undefined;
      // Conditions: `==`, `:=` and `otherwise` (the rule set's order puts those rules last).
      for (const g of r.guards) {
        if (g.name !== EQUATION && g.name !== MATCH && g.name !== OTHERWISE) return undefined;
        if (!g.args.every(usable)) return undefined;
      }
      // Only a syntactic pattern or a ground one (matched by identity).
      if (r.direct === undefined && r.lhs.hasVars && r.pattern.simpleMatch === undefined)
        if (r.conditional ? !syntacticPattern(r.lhs) : true) return undefined;
      out.push(r);
    }
  return out;
}

/** Variables and applications of heads without axioms only (usable() holds too). */
function syntacticPattern(t: Term): boolean {
  if (t.kind === 'var') return !t.segment;
  if (t.kind !== 'app') return true;
  return !isAC(t.head) && t.args.every(syntacticPattern);
}

/** v occurs in t strictly below its top. */
function properlyIn(v: Term, t: Term): boolean {
  return t.kind === 'app' && t.args.some((a) => a === v || properlyIn(v, a));
}

/** No instance of p equals the same instance of q (a sufficient, syntactic test). */
function differ(p: Term, q: Term): boolean {
  if (p.kind === 'var') return properlyIn(p, q);
  if (q.kind === 'var') return properlyIn(q, p);
  if (!p.hasVars && !q.hasVars) return p !== q;
  if (p.kind !== 'app' || q.kind !== 'app') return true;
  if (p.head !== q.head || p.args.length !== q.args.length) return true;
  return p.args.some((a, i) => differ(a, q.args[i]));
}

/**
 * A syntactic rule `lhs -> rhs` (neither side with computed heads) never rewrites a term to
 * itself: true when provable from the two sides, as for `le(s(?x), s(?y)) -> le(?x, ?y)`.
 */
export function neverRedex(lhs: Term, rhs: Term): boolean {
  if (rhs.kind === 'var') return properlyIn(rhs, lhs);
  return differ(lhs, rhs);
}
