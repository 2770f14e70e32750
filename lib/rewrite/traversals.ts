/**
 * Traversals: `all`, `one`, `some` (one level, Stratego's primitives), and the recursive ones
 * `topdown`, `bottomup`, `oncetd`, `outermost`, `innermost`, each with its Stratego definition
 * in its TSDoc. The recursive ones are implemented as walks rather than by that definition, for
 * the two properties below; they compute what the definition computes.
 *
 * The recursive traversals are DAG-aware: strategies are deterministic functions of the term,
 * so a traversal remembers what it did to each node; a node shared many times is handled once
 * per run and its result stays shared (a term of dagSize 3k and treeSize 2^k costs O(k)).
 * Re-entering a node while it is being handled is a cycle (`a -> b, b -> a`, `?x -> s(?x)`).
 *
 * They run on explicit stacks rather than by recursion, so a term a million levels deep (Peano
 * `s(s(...))`) is fine; only the strategy they apply at each node may recurse on its own.
 * With tracing, `run.path` follows the position of the node being handled.
 */
import { repeat } from './combinators.js';
import { type ArgFrame, deliver } from './memo.js';
import type { Run, Strategy } from './run.js';
import type { App, Term } from '../term/term.js';
import { withArgs } from '../term/walk.js';

/** Applies s to argument i of t, with the position kept for the trace. */
function atChild(s: Strategy, t: App, i: number, run: Run): Term | undefined {
  if (!run.tracing) return s(t.args[i], run);
  run.path.push(i);
  try {
    return s(t.args[i], run);
  } finally {
    run.path.pop();
  }
}

/** `all(s)`: s on every argument; fails if s fails on one. Succeeds on leaves (a primitive). */
export function all(s: Strategy): Strategy {
  return (t, run) => {
    if (t.kind !== 'app') return t;
    const args: Term[] = new Array(t.args.length);
    for (let i = 0; i < t.args.length; i++) {
      // A repeated argument is the same term: rewrite it once.
      const prev = i > 0 ? t.args.indexOf(t.args[i]) : i;
      if (prev < i) args[i] = args[prev];
      else {
        const r = atChild(s, t, i, run);
        if (r === undefined) return undefined;
        args[i] = r;
      }
    }
    return withArgs(t, args);
  };
}

/** `one(s)`: s on the first argument where it succeeds; fails if there is none (a primitive). */
export function one(s: Strategy): Strategy {
  return (t, run) => {
    if (t.kind !== 'app') return undefined;
    for (let i = 0; i < t.args.length; i++) {
      const r = atChild(s, t, i, run);
      if (r !== undefined) return replaceArg(t, i, r);
    }
    return undefined;
  };
}

/** `some(s)`: s on every argument where it succeeds; fails if it succeeds on none (a primitive). */
export function some(s: Strategy): Strategy {
  return (t, run) => {
    if (t.kind !== 'app') return undefined;
    let any = false;
    const args = t.args.map((a, i) => {
      const r = atChild(s, t, i, run);
      if (r === undefined) return a;
      any = true;
      return r;
    });
    return any ? withArgs(t, args) : undefined;
  };
}

function replaceArg(t: App, i: number, r: Term): Term {
  const args = t.args.slice();
  args[i] = r;
  return withArgs(t, args);
}

/** A node being handled by a traversal: `t` the input, `r` the node whose arguments are visited. */
interface Frame extends ArgFrame {
  readonly t: Term;
  readonly r: App;
}

/** The frame's node with the delivered arguments. */
function rebuilt(f: Frame): Term {
  return f.args === undefined ? f.r : withArgs(f.r, f.args);
}

/**
 * The skeleton shared by the recursive traversals: an explicit stack of frames, the memo (a
 * pending node met again is a cycle), and the trace path.
 *
 * `enter(t)` handles a node not seen before: it returns the node's result (a term, or null for
 * failure) or a frame whose arguments are to be visited. `exit(f)` gives a frame's result once
 * every argument is visited; `child(f, v)` is told the result of the current argument and says
 * whether the frame ends now with some result (`done`), or goes on to the next argument.
 */
interface Walk {
  readonly name: string;
  enter(t: Term, run: Run): Term | null | Frame;
  child(f: Frame, v: Term | null): Term | null | 'next';
  exit(f: Frame, run: Run): Term | null;
}

function walk(key: object, w: Walk, root: Term, run: Run): Term | undefined {
  const memo = run.memo(key, w.name);
  const stack: Frame[] = [];
  const tracing = run.tracing;
  /** The result of a node, or undefined when a frame was pushed for it. */
  const visit = (t: Term): Term | null | undefined => {
    const hit = memo.claim(t);
    if (hit !== undefined) return hit;
    run.tick();
    const e = w.enter(t, run);
    // Every term has a `kind`; a frame has none.
    if (e === null || 'kind' in e) {
      memo.set(t.id, e);
      return e;
    }
    stack.push(e);
    return undefined;
  };
  let carry = visit(root);
  if (carry !== undefined) return carry ?? undefined;
  for (;;) {
    const f = stack[stack.length - 1];
    let out: Term | null | 'next';
    if (carry !== undefined) {
      out = w.child(f, carry);
      carry = undefined;
    } else if (f.i < f.r.args.length) {
      if (tracing) run.path.push(f.i);
      const v = visit(f.r.args[f.i]);
      if (v === undefined) continue;
      if (tracing) run.path.pop();
      out = w.child(f, v);
    } else out = w.exit(f, run);
    if (out === 'next') continue;
    memo.set(f.t.id, out);
    stack.pop();
    if (stack.length === 0) return out ?? undefined;
    if (tracing) run.path.pop();
    carry = out;
  }
}

/** `topdown(s) = s; all(topdown(s))`: s at the root, then on every argument of the result. */
export function topdown(s: Strategy): Strategy {
  const w: Walk = {
    name: 'topdown',
    enter: (t, run) => {
      const r = s(t, run);
      if (r === undefined) return null;
      return r.kind === 'app' && r.args.length > 0 ? { t, r, i: 0, args: undefined } : r;
    },
    child: (f, v) => {
      if (v === null) return null;
      deliver(f, f.r.args, v);
      return 'next';
    },
    exit: rebuilt,
  };
  const self: Strategy = (t, run) => walk(self, w, t, run);
  return self;
}

/** `bottomup(s) = all(bottomup(s)); s`: every argument first, then s at the root. */
export function bottomup(s: Strategy): Strategy {
  const w: Walk = {
    name: 'bottomup',
    enter: (t, run) =>
      t.kind === 'app' && t.args.length > 0
        ? { t, r: t, i: 0, args: undefined }
        : (s(t, run) ?? null),
    child: (f, v) => {
      if (v === null) return null;
      deliver(f, f.r.args, v);
      return 'next';
    },
    exit: (f, run) => s(rebuilt(f), run) ?? null,
  };
  const self: Strategy = (t, run) => walk(self, w, t, run);
  return self;
}

/** `oncetd(s) = s <+ one(oncetd(s))`: s at the first position, in pre-order, where it succeeds. */
export function oncetd(s: Strategy): Strategy {
  const w: Walk = {
    name: 'oncetd',
    enter: (t, run) =>
      s(t, run) ??
      (t.kind === 'app' && t.args.length > 0 ? { t, r: t, i: 0, args: undefined } : null),
    child: (f, v) => {
      if (v === null) {
        f.i++;
        return 'next';
      }
      return replaceArg(f.r, f.i, v);
    },
    exit: () => null,
  };
  const self: Strategy = (t, run) => walk(self, w, t, run);
  return self;
}

/**
 * `outermost(s) = repeat(oncetd(s))`: the leftmost-outermost normal form. The `oncetd` keeps its
 * memo across the repetitions (it is one strategy in one run), so a subterm shared by
 * successive terms is searched once.
 */
export function outermost(s: Strategy): Strategy {
  return repeat(oncetd(s));
}

interface InnerFrame extends ArgFrame {
  /** The term being normalised (after root rewrites, the latest one). */
  t: Term;
  /** Terms whose normal form this frame computes (t and the terms it was rewritten from). */
  readonly from: Term[];
}

/**
 * `innermost(s) = bottomup(try(s; innermost(s)))`: arguments first, then s at the root, until s
 * fails everywhere — the normal form of s, memoized per node. Over a choice of rule sets, the
 * strategy compiler picks the rule-set normaliser instead (rule-sets.ts, `innermostOver`),
 * which computes the same faster.
 */
export function innermost(s: Strategy): Strategy {
  const self: Strategy = (root, run) => {
    const memo = run.memo(self, 'innermost');
    // innermost never fails, so its memo holds no null.
    const done = memo.claim(root);
    if (done !== undefined) return done!;
    const stack: InnerFrame[] = [{ t: root, from: [root], i: 0, args: undefined }];
    let result: Term = root;
    while (stack.length > 0) {
      const f = stack[stack.length - 1];
      const t = f.t;
      if (t.kind === 'app' && f.i < t.args.length) {
        const c = t.args[f.i];
        const hit = memo.claim(c);
        if (hit !== undefined) {
          deliver(f, t.args, hit!);
          continue;
        }
        run.tick();
        stack.push({ t: c, from: [c], i: 0, args: undefined });
        if (run.tracing) run.path.push(f.i);
        continue;
      }
      const u = f.args === undefined ? t : withArgs(t, f.args);
      const r = s(u, run);
      if (r !== undefined && r !== u) {
        // Normalise the rewritten term in the same frame (same position).
        const again = memo.claim(r);
        if (again === undefined) {
          if (u !== t) f.from.push(u);
          f.from.push(r);
          f.t = r;
          f.i = 0;
          f.args = undefined;
          continue;
        }
        result = again!;
      } else result = u;
      for (const x of f.from) memo.set(x.id, result);
      memo.set(u.id, result);
      stack.pop();
      if (stack.length > 0) {
        if (run.tracing) run.path.pop();
        const p = stack[stack.length - 1];
        deliver(p, (p.t as App).args, result);
      }
    }
    return result;
  };
  return self;
}
