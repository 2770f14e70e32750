/**
 * The interpreter of compiled strategy expressions. A strategy written in a rule file —
 * `rec X(all(X) ; try(s ; X))`, `td(s) = s ; all(td(s))` — recurses once per level of the term
 * it walks. Run as nested JavaScript calls, that recursion ends in a stack overflow somewhere
 * near 2,000 levels; here it runs on an explicit stack of continuations instead, so it goes as
 * deep as the heap allows (a 10^5-deep numeral is fine): `;`, `<+`, `try`, `repeat`,
 * `fixpoint`, `all`, `one`, `some`, congruences, `rec`, calls of strategies with parameters and
 * match/build chains are steps of the loop below, not calls. Everything else (rule sets,
 * built-ins, the built-in traversals, `best`) is a {@link Strategy} the loop calls; those keep
 * their own stacks.
 *
 * A strategy that recurses forever on ever new terms stops with `time`, or with `depth` at
 * {@link maxStrategyDepth} pending calls, whichever comes first (the heap it fills is bounded by
 * that); one that comes back to a term it is still working on stops with `cycle`.
 */
import { BudgetExceeded } from '../base/budget.js';
import type { Run, Strategy } from './run.js';
import type { App, Term } from '../term/term.js';
import type { Memo } from './memo.js';
import { withArgs } from '../term/walk.js';
import { type ChainState, type CompiledStep, startChain, stepChain } from './match-build.js';

/** A compiled strategy expression. Recursion (`rec`, calls) makes the graph cyclic. */
export type Node =
  | { readonly k: 'prim'; readonly s: Strategy }
  | { readonly k: 'seq'; readonly a: Node; readonly b: Node }
  | { readonly k: 'choice'; readonly a: Node; readonly b: Node }
  | { readonly k: 'try' | 'all' | 'one' | 'some'; readonly a: Node }
  | { readonly k: 'repeat' | 'fixpoint'; readonly a: Node }
  | { readonly k: 'cong'; readonly head: string; readonly args: readonly Node[] }
  | { readonly k: 'rec'; readonly name: string; body: Node | undefined }
  | { readonly k: 'lazy'; readonly name: string; readonly get: () => Node; node: Node | undefined }
  | {
      readonly k: 'ref';
      readonly name: string;
      /** What the name stood for when the reference was compiled. */
      readonly early: Strategy;
      readonly resolve: () => Strategy;
      target: Node | undefined;
      /** Whether the name stood for a strategy still being compiled: a recursive reference. */
      recursive: boolean;
    }
  | { readonly k: 'chain'; readonly steps: readonly CompiledStep<Node>[] };

/**
 * Most calls of recursive strategies (`rec` unfoldings, calls of strategies with parameters)
 * pending at once: a 10^6-deep term, with a few hundred bytes of frames and memo per call.
 */
export const maxStrategyDepth = 1_000_000;

const nodes = new WeakMap<Strategy, Node>();

/** The node a strategy function runs, when it is an interpreted one (so it can be inlined). */
export function nodeOf(s: Strategy): Node | undefined {
  return nodes.get(s);
}

/** A node as a strategy function: a prim's own function, else one that runs the interpreter. */
export function toStrategy(n: Node): Strategy {
  if (n.k === 'prim') return n.s;
  const s: Strategy = (t, run) => interpret(n, t, run);
  nodes.set(s, n);
  return s;
}

/** A strategy function as a node: the interpreted node behind it, or a prim. */
export function toNode(s: Strategy): Node {
  return nodes.get(s) ?? { k: 'prim', s };
}

type Frame =
  | { readonly k: 'seq'; readonly b: Node }
  | { readonly k: 'choice'; readonly b: Node; readonly t: Term }
  | { readonly k: 'try'; readonly t: Term }
  | {
      readonly k: 'iterate';
      readonly a: Node;
      readonly name: 'repeat' | 'fixpoint';
      t: Term;
      readonly seen: Set<number>;
    }
  | {
      readonly k: 'args';
      readonly mode: 'all' | 'one' | 'some' | 'cong';
      readonly nodes: readonly Node[] | undefined;
      readonly a: Node | undefined;
      readonly t: App;
      i: number;
      args: Term[] | undefined;
      any: boolean;
    }
  | { readonly k: 'chain'; readonly steps: readonly CompiledStep<Node>[]; state: ChainState }
  | { readonly k: 'level'; readonly memo: Memo | undefined; readonly t: Term };

/** Runs node `n` on `t`: the result, or undefined for failure. */
export function interpret(n: Node, t: Term, run: Run): Term | undefined {
  const stack: Frame[] = [];
  const pathDepth = run.path.length;
  const tracing = run.tracing;
  // Either a node to run on `term` (node !== undefined) or a result to return (`value`).
  let node: Node | undefined = n;
  let term: Term = t;
  let value: Term | undefined;
  let levels = 0;
  try {
    for (;;) {
      if (node !== undefined) {
        const e: Node = node;
        node = undefined;
        if (e.k === 'ref') {
          if (e.target === undefined) {
            const s = e.resolve();
            e.target = toNode(s);
            e.recursive = s !== e.early && e.target.k !== 'prim';
          }
          if (!e.recursive) {
            node = e.target;
            continue;
          }
        }
        switch (e.k) {
          case 'prim':
            value = e.s(term, run);
            break;
          case 'seq':
            stack.push({ k: 'seq', b: e.b });
            node = e.a;
            break;
          case 'choice':
            stack.push({ k: 'choice', b: e.b, t: term });
            node = e.a;
            break;
          case 'try':
            stack.push({ k: 'try', t: term });
            node = e.a;
            break;
          case 'repeat':
          case 'fixpoint':
            run.tick();
            stack.push({ k: 'iterate', a: e.a, name: e.k, t: term, seen: new Set([term.id]) });
            node = e.a;
            break;
          // A recursive reference to a named strategy is a recursive call (see below).
          case 'ref':
          case 'rec':
          case 'lazy': {
            run.tick();
            // Strategies are deterministic functions of the term: what a recursive strategy
            // did to a node it does again, so it is remembered per run (a shared node is handled
            // once and stays shared) and meeting the node again while it is pending is a cycle.
            const key = e.k === 'ref' ? e.target! : e;
            const memo = run.memoize
              ? run.memo(key, e.k === 'rec' ? `rec ${e.name}` : e.name)
              : undefined;
            const hit = memo?.claim(term);
            if (hit !== undefined) {
              value = hit ?? undefined;
              break;
            }
            if (++levels > maxStrategyDepth)
              throw new BudgetExceeded(
                'depth',
                `stopped: recursive strategies nested more than ${maxStrategyDepth} calls deep`,
              );
            stack.push({ k: 'level', memo, t: term });
            node = e.k === 'rec' ? e.body! : e.k === 'ref' ? e.target! : (e.node ??= e.get());
            break;
          }
          case 'chain': {
            const state = startChain(term);
            stack.push({ k: 'chain', steps: e.steps, state });
            value = term;
            break;
          }
          case 'all':
          case 'one':
          case 'some':
          case 'cong': {
            const argNodes: readonly Node[] | undefined = e.k === 'cong' ? e.args : undefined;
            const each: Node | undefined = e.k === 'cong' ? undefined : e.a;
            const cong = argNodes !== undefined;
            if (
              term.kind !== 'app' ||
              (e.k === 'cong' && (term.head !== e.head || term.args.length !== e.args.length))
            ) {
              value = e.k === 'all' && term.kind !== 'app' ? term : undefined;
              break;
            }
            if (term.args.length === 0) {
              value = e.k === 'all' || cong ? term : undefined;
              break;
            }
            stack.push({
              k: 'args',
              mode: e.k,
              nodes: argNodes,
              a: each,
              t: term,
              i: 0,
              args: undefined,
              any: false,
            });
            if (tracing) run.path.push(0);
            node = argNodes !== undefined ? argNodes[0] : each;
            term = term.args[0];
            break;
          }
        }
        if (node !== undefined) continue;
      }
      // Return `value` to the innermost frame.
      const f = stack.pop();
      if (f === undefined) return value;
      switch (f.k) {
        case 'seq':
          if (value !== undefined) {
            node = f.b;
            term = value;
          }
          break;
        case 'choice':
          if (value === undefined) {
            node = f.b;
            term = f.t;
          }
          break;
        case 'try':
          value ??= f.t;
          break;
        case 'level':
          levels--;
          f.memo?.set(f.t.id, value ?? null);
          break;
        case 'iterate': {
          // Strategies are deterministic: a step that changes nothing would repeat forever.
          if (value === undefined || value === f.t) {
            value = f.t;
            break;
          }
          if (f.seen.has(value.id)) run.cycle(value, f.name);
          f.seen.add(value.id);
          f.t = value;
          run.tick();
          stack.push(f);
          node = f.a;
          term = value;
          break;
        }
        case 'chain': {
          if (value === undefined) break;
          const next = stepChain(f.steps, f.state, value);
          if (next === undefined) value = undefined;
          else if (next === 'done') value = f.state.cur;
          else {
            stack.push(f);
            node = next;
            term = f.state.cur;
          }
          break;
        }
        case 'args': {
          if (tracing) run.path.pop();
          const args = f.t.args;
          const i = f.i;
          if (f.mode === 'all' || f.mode === 'cong') {
            if (value === undefined) break;
            if (f.args !== undefined) f.args[i] = value;
            else if (value !== args[i]) {
              f.args = args.slice();
              f.args[i] = value;
            }
          } else if (value !== undefined) {
            if (f.mode === 'one') {
              const out = args.slice();
              out[i] = value;
              value = withArgs(f.t, out);
              break;
            }
            f.any = true;
            f.args ??= args.slice();
            f.args[i] = value;
          }
          // The next argument; `all` rewrites a repeated argument once.
          let j = i + 1;
          if (f.mode === 'all')
            while (j < args.length && args.indexOf(args[j]) < j) {
              const k = args.indexOf(args[j]);
              if (f.args !== undefined) f.args[j] = f.args[k];
              j++;
            }
          if (j < args.length) {
            f.i = j;
            stack.push(f);
            if (tracing) run.path.push(j);
            node = f.nodes !== undefined ? f.nodes[j] : f.a;
            term = args[j];
            break;
          }
          if (f.mode === 'one') value = undefined;
          else if (f.mode === 'some' && !f.any) value = undefined;
          else value = f.args === undefined ? f.t : withArgs(f.t, f.args);
          break;
        }
      }
    }
  } finally {
    if (tracing) run.path.length = pathDepth;
  }
}
