/**
 * Templates: a right-hand side (or any term with pattern variables) compiled against the slots
 * of a pattern, so it can be instantiated from a match without looking names up.
 *
 * A template is kept two ways: as a small tree ({@link TemplateNode}), which the rule-set
 * normaliser walks to normalise a right side while it builds it, and as a closure
 * ({@link Template}) for everyone else.
 */
import type * as Immutable from '../base/immutable.js';
import { BibunError } from '../base/errors.js';
import { HEAD_VAR } from '../base/signature.js';
import { app, type HeadTheory, type Term, type TheoryLookup, theoryApp } from '../term/term.js';

/** What a variable is bound to: a term, or for a segment variable a sequence of terms. */
export type Binding = Term | readonly Term[];

/** Builds a term from bindings by slot. */
export type Template = (values: readonly (Binding | undefined)[]) => Term;

/**
 * A template as data: a ground term (`lit`), a variable's slot (`var`), a segment variable's
 * slot spliced into its argument list (`seg`), or a head over templates (`app`).
 */
export type TemplateNode =
  | { readonly k: 'lit'; readonly term: Term }
  | { readonly k: 'var'; readonly slot: number; readonly name: string }
  | { readonly k: 'seg'; readonly slot: number; readonly name: string }
  | {
      readonly k: 'app';
      readonly head: string;
      readonly args: readonly TemplateNode[];
      readonly hasSeg: boolean;
      /** The declared axioms of the head, whose canonical form the build puts it in. */
      readonly theory?: HeadTheory;
    };

/**
 * The tree of a template. Ground subterms stay whole (`lit`), so they are shared, not rebuilt.
 *
 * @throws Error on a variable without a slot (rule validation prevents that).
 */
export function templateNode(
  term: Term,
  slots: ReadonlyMap<string, number>,
  theories?: TheoryLookup,
): TemplateNode {
  if (!term.hasVars) return { k: 'lit', term };
  if (term.kind === 'var') {
    const slot = slots.get(term.name);
    if (slot === undefined)
      throw new Error(`unbound pattern variable ?${term.name}${term.segment ? '...' : ''}`);
    return { k: term.segment ? 'seg' : 'var', slot, name: term.name };
  }
  if (term.kind !== 'app') return { k: 'lit', term };
  const args = term.args.map((a) => templateNode(a, slots, theories));
  const hasSeg = args.some((a) => a.k === 'seg');
  const theory = theories?.(term.head);
  return theory === undefined
    ? { k: 'app', head: term.head, args, hasSeg }
    : { k: 'app', head: term.head, args, hasSeg, theory };
}

/** The closure of a template tree. */
export function templateClosure(node: TemplateNode): Template {
  switch (node.k) {
    case 'lit': {
      const t = node.term;
      return () => t;
    }
    case 'var':
    case 'seg': {
      const { slot, name } = node;
      return (vals) => {
        const v = vals[slot];
        if (v === undefined || Array.isArray(v))
          throw new Error(`?${name} is not bound to one term`);
        return v as Term;
      };
    }
    case 'app': {
      const head = node.head;
      if (head === HEAD_VAR) return headVarClosure(node);
      const th = node.theory;
      if (th !== undefined) {
        const parts = node.args.map((a) => (a.k === 'seg' ? a.slot : templateClosure(a)));
        return (vals) => {
          const args: Term[] = [];
          for (const p of parts) {
            if (typeof p === 'number')
              args.push(...((vals[p] as readonly Term[] | undefined) ?? []));
            else args.push(p(vals));
          }
          return theoryApp(head, args, th);
        };
      }
      if (!node.hasSeg) {
        const ts = node.args.map(templateClosure);
        if (ts.length === 1) return (vals) => app(head, [ts[0](vals)]);
        if (ts.length === 2) return (vals) => app(head, [ts[0](vals), ts[1](vals)]);
        return (vals) =>
          app(
            head,
            ts.map((t) => t(vals)),
          );
      }
      const parts = node.args.map((a) => (a.k === 'seg' ? a.slot : templateClosure(a)));
      return (vals) => {
        const args: Term[] = [];
        for (const p of parts) {
          if (typeof p === 'number') {
            // A loop, not a spread: a segment may hold 10^5 terms.
            for (const t of (vals[p] as readonly Term[] | undefined) ?? []) args.push(t);
          } else args.push(p(vals));
        }
        return app(head, args);
      };
    }
  }
}

/**
 * `?f(args)`: the application of the head ?f is bound to (a symbol: the head's name; any other
 * value is a right side undefined for the match, a `domain` error, so the rule does not apply).
 */
function headVarClosure(node: TemplateNode & { k: 'app' }): Template {
  const [f, ...rest] = node.args;
  const fc = templateClosure(f);
  const parts = rest.map((a) => (a.k === 'seg' ? a.slot : templateClosure(a)));
  return (vals) => {
    const h = fc(vals);
    if (h.kind !== 'sym')
      throw new BibunError('domain', `a head variable is bound to ${String(h)}, not a name`);
    const args: Term[] = [];
    for (const p of parts) {
      if (typeof p === 'number') args.push(...((vals[p] as readonly Term[] | undefined) ?? []));
      else args.push(p(vals));
    }
    return app(h.name, args);
  };
}

/**
 * Compiles a right-hand side (or any term with pattern variables) into a function of the slot
 * values; segment variables are spliced into the argument list they stand in. Ground subterms
 * are shared, not rebuilt. Throws on a variable without a slot (validation prevents that).
 */
export function compileTemplate(
  term: Term,
  slots: ReadonlyMap<string, number>,
  theories?: TheoryLookup,
): Template {
  return templateClosure(templateNode(term, slots, theories));
}

/**
 * Replaces the pattern variables of `term` by their bindings (segments spliced).
 *
 * @example instantiate(parsePattern('?a*f(?s...)'), Immutable.Map({ a: x, s: [y, z] })) // x*f(y, z)
 */
export function instantiate(
  term: Term,
  bindings: Immutable.Map<string, Binding> | ReadonlyMap<string, Binding>,
): Term {
  const slots = new Map<string, number>();
  const values: Binding[] = [];
  for (const [name, b] of bindings.entries()) {
    slots.set(name, values.length);
    values.push(b);
  }
  return compileTemplate(term, slots)(values);
}
