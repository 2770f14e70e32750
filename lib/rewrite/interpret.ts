/**
 * The interpreter of compiled strategy expressions. A strategy written in a rule file —
 * `rec X(all(X) ; try(s ; X))`, `td(s) = s ; all(td(s))` — recurses once per level of the term
 * it walks. Run as nested JavaScript calls only, that recursion ends in a stack overflow
 * somewhere near 2,000 levels. So a compiled expression is a graph of {@link Node}s with two
 * ways to run it that compute the same:
 *
 * - closures (the combinators of combinators.ts and traversals.ts), fast, for the first
 *   {@link handOffDepth} levels of recursive calls;
 * - {@link interpret}, a loop over an explicit stack of continuations, where the recursion
 *   goes on from there: `;`, `<+`, `try`, `repeat`, `fixpoint`, `all`, `one`, `some`,
 *   congruences, match/build chains, `rec`, calls of strategies with parameters and named
 *   strategies that name themselves are steps of the loop, not calls, so the depth is bounded
 *   by the heap (a 10^5-deep numeral is fine).
 *
 * Everything else (rule sets, built-ins, the built-in traversals, `best`) is a {@link Strategy}
 * both call; those keep their own stacks. A recursive call is memoised per run (see
 * {@link memoOf}). A strategy that recurses forever on ever new terms stops with `time`, or with
 * `depth` at {@link maxStrategyDepth} pending calls, whichever comes first (the heap it fills is
 * bounded by that); one that comes back to a term it is still working on stops with `cycle`.
 */
import { BudgetExceeded } from '../base/budget.js';
import type { Run, Strategy } from './run.js';
import type { App, Term } from '../term/term.js';
import type { Memo } from './memo.js';
import { withArgs } from '../term/walk.js';
import {
  type ChainState,
  type CompiledStep,
  runChain,
  startChain,
  stepChain,
} from './match-build.js';
import { attempt, choice, congruence, fixpoint, repeat, seq } from './combinators.js';
import { all, one, some } from './traversals.js';

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

/**
 * Levels of recursive calls run as JavaScript calls before the rest of the recursion is handed
 * to the interpreter's loop: shallow recursion, the common case, runs as plain closures (a few
 * times faster than the loop), and deep recursion never nears the JavaScript stack's end.
 */
const handOffDepth = 200;

/** Recursive calls now running as JavaScript calls (see {@link handOffDepth}). */
let callDepth = 0;

const functions = new WeakMap<Node, Strategy>();

/**
 * A node as a strategy function: a prim's own function, else the node's closure, which hands
 * the recursion over to {@link interpret} once it runs {@link handOffDepth} calls deep. Both
 * compute the same, share the run's memo tables, and count the same steps.
 */
export function toStrategy(n: Node): Strategy {
  if (n.k === 'prim') return n.s;
  let f = functions.get(n);
  if (f === undefined) {
    f = closure(n);
    functions.set(n, f);
    nodes.set(f, n);
  }
  return f;
}

function closure(n: Node): Strategy {
  switch (n.k) {
    case 'prim':
      return n.s;
    case 'seq':
      return seq(toStrategy(n.a), toStrategy(n.b));
    case 'choice':
      return choice(toStrategy(n.a), toStrategy(n.b));
    case 'try':
      return attempt(toStrategy(n.a));
    case 'all':
      return all(toStrategy(n.a));
    case 'one':
      return one(toStrategy(n.a));
    case 'some':
      return some(toStrategy(n.a));
    case 'repeat':
      return repeat(toStrategy(n.a));
    case 'fixpoint':
      return fixpoint(toStrategy(n.a));
    case 'cong':
      return congruence(n.head, n.args.map(toStrategy));
    case 'chain': {
      const steps = n.steps.map(
        (st): CompiledStep =>
          st.kind === 'strategy' ? { ...st, strategy: toStrategy(st.strategy) } : st,
      );
      return runChain(steps);
    }
    case 'ref':
    case 'rec':
    case 'lazy': {
      let body: Strategy | undefined;
      let direct: Strategy | undefined;
      return (t, run) => {
        if (direct !== undefined) return direct(t, run);
        if (n.k === 'ref') {
          settle(n);
          if (!n.recursive) return (direct = toStrategy(n.target!))(t, run);
        }
        if (callDepth >= handOffDepth) return interpret(n, t, run);
        run.tick();
        const memo = memoOf(n, run);
        const hit = memo?.claim(t);
        if (hit !== undefined) return hit ?? undefined;
        body ??= toStrategy(bodyOf(n));
        callDepth++;
        let r: Term | undefined;
        try {
          r = body(t, run);
        } finally {
          callDepth--;
        }
        memo?.set(t.id, r ?? null);
        return r;
      };
    }
  }
}

type CallNode = Node & { k: 'rec' | 'lazy' | 'ref' };

/** Resolves a reference on its first run (see the `ref` node). */
function settle(e: Node & { k: 'ref' }): void {
  if (e.target !== undefined) return;
  const s = e.resolve();
  e.target = toNode(s);
  e.recursive = s !== e.early && e.target.k !== 'prim';
}

/**
 * The memo table of a recursive call. Strategies are deterministic functions of the term: what
 * a recursive strategy did to a node it does again, so it is remembered per run (a shared node
 * is handled once and stays shared), and meeting the node again while it is pending is a cycle.
 */
function memoOf(e: CallNode, run: Run): Memo | undefined {
  if (!run.memoize) return undefined;
  return run.memo(e.k === 'ref' ? e.target! : e, e.k === 'rec' ? `rec ${e.name}` : e.name);
}

function bodyOf(e: CallNode): Node {
  return e.k === 'rec' ? e.body! : e.k === 'ref' ? e.target! : (e.node ??= e.get());
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
          settle(e);
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
          // A recursive reference to a named strategy is a recursive call (see `settle`).
          case 'ref':
          case 'rec':
          case 'lazy': {
            run.tick();
            const memo = memoOf(e, run);
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
            node = bodyOf(e);
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
