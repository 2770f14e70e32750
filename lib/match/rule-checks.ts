/**
 * The checks of rule validation that look at terms (rule.ts runs them): variables and their
 * kinds, head variables, the arguments of declared operators; and the canonical form of a
 * rule's terms under the declared axioms.
 */
import type { BibunError } from '../base/errors.js';
import { HEAD_VAR } from '../base/signature.js';
import type { Signature } from './operators.js';
import type { RuleDecl } from '../syntax/ast.js';
import type { Term, TheoryLookup } from '../term/term.js';
import { postorder } from '../term/walk.js';

/** Pattern variables of a term: name → segment?, in first-seen order. */
export function variables(t: Term): Map<string, boolean> {
  const out = new Map<string, boolean>();
  if (!t.hasVars) return out;
  for (const n of postorder(t)) if (n.kind === 'var') out.set(n.name, n.segment);
  return out;
}

export function showVar(name: string, segment: boolean): string {
  return `?${name}${segment ? '...' : ''}`;
}

/** True when a segment variable stands somewhere other than in an argument list. */
export function bareSegment(t: Term): boolean {
  if (t.kind === 'var') return t.segment;
  return false;
}

/** A head variable is a plain `?f`: a segment `?f...` cannot bind one head. */
export function checkHeadVars(t: Term, fail: (m: string) => BibunError): void {
  if (!t.hasVars) return;
  for (const n of postorder(t)) {
    if (n.kind !== 'app' || n.head !== HEAD_VAR) continue;
    const f = n.args[0];
    if (f?.kind === 'var' && f.segment)
      throw fail(
        `?${f.name}...(...): a head variable stands for one head, so it is ?${f.name}, not a segment`,
      );
  }
}

/** A head declared with attributes but not `assoc` is binary, and takes no segment variable. */
export function checkTheoryArgs(
  t: Term,
  theories: TheoryLookup,
  fail: (m: string) => BibunError,
): void {
  if (!t.hasVars) return;
  for (const n of postorder(t)) {
    if (n.kind !== 'app') continue;
    const th = theories(n.head);
    if (th === undefined || th.assoc) continue;
    if (n.args.length !== 2)
      throw fail(
        `${n.head} is a binary operator (declared with op), got ${n.args.length} arguments`,
      );
    const seg = n.args.find((a) => a.kind === 'var' && a.segment);
    if (seg !== undefined && seg.kind === 'var')
      throw fail(
        `?${seg.name}... in ${n.head}(...): a segment variable needs an operator declared assoc`,
      );
  }
}

/** The rule with its terms in the canonical form of the declared axioms. */
export function normalizeDecl(d: RuleDecl, sig: Signature): RuleDecl {
  if (sig.lookup === undefined) return d;
  const n = (t: Term) => sig.normalize(t);
  return {
    ...d,
    lhs: n(d.lhs),
    rhs: n(d.rhs),
    guards: d.guards.map((g) => ({ ...g, args: g.args.map(n) })),
  };
}
