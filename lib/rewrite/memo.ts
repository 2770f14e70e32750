/**
 * The memo tables of the DAG-aware traversals, and the one way they fill a node's arguments.
 *
 * Strategies are deterministic functions of the term, so a traversal remembers, per run, what
 * it did to each node: a term, `null` for failure, or {@link PENDING} while the node is being
 * handled. Meeting a pending node again means the rewriting came back to a term it is still
 * working on: a cycle, which ends the run ({@link Memo.claim}).
 */
import type { Term } from '../term/term.js';

/** @internal Marks a node whose result is being computed (re-entering it is a cycle). */
export const PENDING = Symbol('pending');
/** @internal A memo entry: the result, `null` for failure, or {@link PENDING}. */
export type MemoEntry = Term | null | typeof PENDING;

/**
 * A table keyed by term id. Ids are dense in allocation order and nearly every node a run
 * memoises is created during that run, so those live in an array indexed by `id - base`; the
 * few older ids go to a Map. The base moves forward (older entries move to the Map) if ids jump
 * too far ahead of the array, so the array never holds a long run of holes.
 */
export class IdMemo<V> {
  private base = -1;
  private dense: (V | undefined)[] = [];
  private readonly old = new Map<number, V>();

  get(id: number): V | undefined {
    const i = id - this.base;
    return i >= 0 && this.base >= 0 ? this.dense[i] : this.old.get(id);
  }

  set(id: number, v: V): void {
    if (this.base < 0) this.base = id;
    let i = id - this.base;
    if (i < 0) {
      this.old.set(id, v);
      return;
    }
    const d = this.dense;
    if (i > d.length + 4096) {
      for (let k = 0; k < d.length; k++) if (d[k] !== undefined) this.old.set(this.base + k, d[k]!);
      this.dense = [];
      this.base = id;
      i = 0;
    }
    const e = this.dense;
    while (e.length < i) e.push(undefined);
    e[i] = v;
  }
}

/** @internal One traversal's memo table in one run (see the module comment). */
export class Memo extends IdMemo<MemoEntry> {
  /** `cycle(t)` ends the run: `t` was met again while pending. */
  constructor(private readonly cycle: (t: Term) => never) {
    super();
  }

  /**
   * The known result of `t` (a term, or `null` for failure); or, when there is none yet,
   * undefined, with `t` now marked pending. A pending `t` is a cycle.
   */
  claim(t: Term): Term | null | undefined {
    const hit = this.get(t.id);
    if (hit === PENDING) this.cycle(t);
    if (hit !== undefined) return hit;
    this.set(t.id, PENDING);
    return undefined;
  }
}

/** @internal A node whose arguments are being visited: the next one, and the results so far. */
export interface ArgFrame {
  /** The index of the argument whose result comes next. */
  i: number;
  /** The arguments with the results so far; undefined while every result equalled its argument. */
  args: Term[] | undefined;
}

/**
 * @internal Stores the result of argument `f.i` of the argument list `from` and moves on.
 * The list is copied only when a result differs, so an unchanged node is rebuilt never.
 */
export function deliver(f: ArgFrame, from: readonly Term[], value: Term): void {
  if (f.args === undefined) {
    if (value === from[f.i]) {
      f.i++;
      return;
    }
    f.args = from.slice();
  }
  f.args[f.i++] = value;
}
