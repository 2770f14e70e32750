/**
 * Terms: immutable, hash-consed expression nodes.
 *
 * Kinds: `num` (exact rational), `sym` (a name; `pi` and `e` are symbols with known values),
 * `app` (a head name applied to arguments) and `var` (a pattern variable `?a` or segment
 * variable `?a...`, used only in rules).
 *
 * ## Invariants
 *
 * 1. Every term is built through the interning table below, so structurally equal terms are the
 *    same object: equality is `===`, and `equals`/`hashCode` make terms usable as keys of
 *    Immutable.js maps and sets.
 * 2. `+` and `*` are n-ary, flattened (except for arguments deliberately kept as shared nodes by
 *    {@link acKeep}: a sum inside a sum or a product inside a product is always such a node),
 *    and their arguments are sorted by {@link compareTerms}.
 *    Their numeric arguments are combined into one exact number (at most one per sum or product,
 *    placed first); the identities 0 (of `+`) and 1 (of `*`) are dropped; a product with factor
 *    0 is 0; a sum or product of one argument is that argument. `a - b` is `a + (-1)*b`, `a / b`
 *    is `a * b^(-1)`, `-a` is `(-1)*a`. A power of two numbers with an integer exponent is
 *    computed exactly; `a^1` is `a`, `a^0` is `1`. Nothing else is simplified when a term is
 *    built — that is the rule engine's job.
 * 3. Each term has a dense integer `id` (allocation order), a cached structural `hash`, a cached
 *    exact `treeSize` (bigint past 2^53, never saturated), a cached `height`, and a lazily
 *    cached `dagSize`.
 *
 * ## Memory
 *
 * The interning table holds a job's new terms strongly (a nursery) and, from the next quiescent
 * point on, through `WeakRef`s; entries of collected terms are swept out as the table grows (see
 * the table's comment for the generations and why there is no FinalizationRegistry). A
 * term stays canonical for exactly as long as anyone can still reach it, so a long REPL session
 * does not accumulate every intermediate term. (V8 keeps every object a WeakRef was created for
 * alive until the current synchronous job ends, so memory is reclaimed between REPL inputs and
 * batch requests, not in the middle of one computation.) Weak references
 * were chosen over an explicit scope because a scope that outlives a term's users would make
 * equal terms non-identical, silently breaking `===` equality.
 */
import * as Q from '../base/rational.js';
import type { Rational } from '../base/rational.js';

export type Term = Num | Sym | App | Var;

const HAS_SYMBOL = 1; // contains a symbol other than the constants pi and e
const HAS_VAR = 2; // contains a pattern variable

let nextId = 0;

/** Cached sizes of the terms they were asked of (see TermBase.dagSize, treeSize). */
const dagSizes = new WeakMap<object, number>();
const bigTreeSizes = new WeakMap<object, bigint>();

abstract class TermBase {
  /** Dense integer id in allocation order; unique among live terms. */
  readonly id: number;
  /** Structural hash (32-bit integer). */
  readonly hash: number;
  /** Nodes on the longest path to a leaf (a leaf has height 1). */
  readonly height: number;
  /** @internal bit set of HAS_SYMBOL, HAS_VAR. */
  readonly flags: number;
  /**
   * @internal tree size while it is a safe integer, else -1 (computed exactly on request: a
   * bigint per node would cost memory quadratic in the DAG for iterated maps, whose tree sizes
   * grow exponentially — 10^5 levels of the logistic map are numbers of 10^5 bits each).
   */
  readonly ts: number;

  constructor(hash: number, height: number, flags: number, ts: number) {
    this.id = nextId++;
    this.hash = hash;
    this.height = height;
    this.flags = flags;
    this.ts = ts;
  }

  /** Number of nodes if every shared node were copied (the expression swell). Exact. */
  get treeSize(): bigint {
    if (this.ts >= 0) return BigInt(this.ts);
    let big = bigTreeSizes.get(this);
    if (big === undefined) bigTreeSizes.set(this, (big = bigTreeSize(this as unknown as Term)));
    return big;
  }

  /** True when {@link treeSize} exceeds `limit`, without computing a large tree size exactly. */
  treeSizeAbove(limit: bigint | number): boolean {
    if (this.ts < 0)
      return BigInt(limit) < BigInt(Number.MAX_SAFE_INTEGER) || this.treeSize > BigInt(limit);
    return this.ts > limit;
  }

  /** Number of distinct nodes (each shared node counted once). Computed once, then cached. */
  get dagSize(): number {
    // Kept beside the term, not in it: few terms are ever asked, and every field of a term is
    // paid for by each of the millions a computation may create.
    let n = dagSizes.get(this);
    if (n === undefined) dagSizes.set(this, (n = countDistinct(this as unknown as Term)));
    return n;
  }

  /** True when the term contains no symbol other than the constants `pi` and `e`. */
  get isConstant(): boolean {
    return (this.flags & HAS_SYMBOL) === 0 && (this.flags & HAS_VAR) === 0;
  }

  /** True when the term contains a pattern variable. */
  get hasVars(): boolean {
    return (this.flags & HAS_VAR) !== 0;
  }

  /** Immutable.js value equality: interned terms are equal exactly when identical. */
  equals(other: unknown): boolean {
    return this === other;
  }

  /** Immutable.js hash, consistent with `equals`. */
  hashCode(): number {
    return this.hash;
  }

  /**
   * The term's infix text (`String(parse('1 + x*y'))` is `x*y + 1`), as printed by the
   * registered printer: print.ts registers its infix printer when it is loaded, which every entry
   * point does). Without one, a short structural description.
   */
  toString(): string {
    const self = this as unknown as Term;
    if (termPrinter !== undefined) return termPrinter(self);
    return self.kind === 'app' ? `${self.head}(…${self.args.length} arguments)` : `term ${self.id}`;
  }
}

let termPrinter: ((t: Term) => string) | undefined;

/**
 * Registers how `String(term)` prints a term. The printers live above this module (they import
 * it), so they register themselves here instead of being imported: no import cycle.
 */
export function setTermPrinter(print: (t: Term) => string): void {
  termPrinter = print;
}

/** An exact rational number. */
export class Num extends TermBase implements Rational {
  readonly kind = 'num' as const;
  readonly num: bigint;
  readonly den: bigint;
  constructor(q: Rational) {
    super(hashString('n' + Q.toString(q)), 1, 0, 1);
    this.num = q.num;
    this.den = q.den;
  }
}

/** A symbol (a variable of the expression, or the constants `pi`, `e`). */
export class Sym extends TermBase {
  readonly kind = 'sym' as const;
  readonly name: string;
  constructor(name: string) {
    super(hashString('s' + name), 1, name === 'pi' || name === 'e' ? 0 : HAS_SYMBOL, 1);
    this.name = name;
  }
}

/** A pattern variable `?name`, or a segment variable `?name...` matching a run of arguments. */
export class Var extends TermBase {
  readonly kind = 'var' as const;
  readonly name: string;
  readonly segment: boolean;
  constructor(name: string, segment: boolean) {
    super(hashString((segment ? 'S' : 'v') + name), 1, HAS_VAR, 1);
    this.name = name;
    this.segment = segment;
  }
}

/** A head applied to arguments: `sin(x)`, `x + y` (head `+`), `f(a, b)`. */
export class App extends TermBase {
  readonly kind = 'app' as const;
  readonly head: string;
  readonly args: readonly Term[];
  constructor(head: string, args: readonly Term[], hash: number) {
    let height = 0;
    let flags = 0;
    let ts = 1;
    for (const a of args) {
      if (a.height > height) height = a.height;
      flags |= a.flags;
      ts = addSize(ts, a.ts);
    }
    super(hash, height + 1, flags, ts);
    this.head = head;
    this.args = args;
  }
}

const headHashes = new Map<string, number>();

/** The structural hash of `head(args)`, from the head's name and the arguments' hashes. */
function appHash(head: string, args: readonly Term[]): number {
  let h = headHashes.get(head);
  if (h === undefined) {
    h = hashString('a' + head);
    headHashes.set(head, h);
  }
  // MurmurHash3's block step per argument and its finaliser: the stored hash must be well mixed
  // in its high bits, which pick the nursery's slot. (A plain FNV-style step made iterated
  // shapes — add(add(…, t), t) beside s(s(…)) — collide in runs of hundreds of slots.)
  for (let i = 0; i < args.length; i++) {
    let k = Math.imul(args[i].hash, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  h ^= args.length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

function addSize(a: number, b: number): number {
  if (a < 0 || b < 0) return -1;
  const s = a + b;
  return s <= Number.MAX_SAFE_INTEGER ? s : -1;
}

/**
 * The exact tree size of a term whose size is past 2^53: one pass over the nodes with large
 * sizes, children first, each value dropped once its last user in the DAG has read it.
 */
function bigTreeSize(root: Term): bigint {
  const order: Term[] = [];
  const uses = new Map<number, number>();
  const stack: Term[] = [root];
  uses.set(root.id, 0);
  // Count, for each node with a large size (a small one's size is its `ts`), its users.
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (t.kind !== 'app') continue;
    for (const a of t.args) {
      if (a.ts >= 0) continue;
      const u = uses.get(a.id);
      uses.set(a.id, (u ?? 0) + 1);
      if (u === undefined) stack.push(a);
    }
  }
  // A topological order of the large nodes (Kahn's algorithm on the use counts).
  const pending = new Map(uses);
  const ready: Term[] = [root];
  while (ready.length > 0) {
    const t = ready.pop()!;
    order.push(t);
    if (t.kind !== 'app') continue;
    for (const a of t.args) {
      if (a.ts >= 0) continue;
      const left = pending.get(a.id)! - 1;
      pending.set(a.id, left);
      if (left === 0) ready.push(a);
    }
  }
  const size = new Map<number, bigint>();
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i];
    let s = 1n;
    if (t.kind === 'app') {
      for (const a of t.args) {
        if (a.ts >= 0) {
          s += BigInt(a.ts);
          continue;
        }
        s += size.get(a.id)!;
        const left = uses.get(a.id)! - 1;
        uses.set(a.id, left);
        if (left === 0) size.delete(a.id);
      }
    }
    size.set(t.id, s);
  }
  return size.get(root.id)!;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

function countDistinct(root: Term): number {
  const seen = new Set<number>();
  const stack: Term[] = [root];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    if (t.kind === 'app') for (const a of t.args) if (!seen.has(a.id)) stack.push(a);
  }
  return seen.size;
}

// ---------------------------------------------------------------------------------------------
// The interning table.
//
// Two generations. New applications go to the nursery: a strong open-addressing table keyed by
// the structural hash (linear probing, the hash kept beside the term so a probe rarely touches
// a term that does not match). Nothing weak is created on the rewriting hot path. At the next
// quiescent point — a macrotask after the current job, so between REPL inputs and batch
// requests — the nursery is promoted: each of its terms gets a WeakRef in the old generation's
// table, and the nursery is emptied, so terms nobody holds can be collected from then on. That
// keeps the memory promise exactly as before: V8 keeps every WeakRef target alive until the
// current job ends anyway, so a term made during a job was never reclaimable before the job's
// end; now it is not even registered weakly until then. A process that exits after one job (the
// CLI) never pays for the weak references (the promotion timer does not keep it alive).
//
// Leaves are keyed by a string (`n1/3`, `sx`) and held weakly at once (they are few). The old
// generation's applications are keyed by their structural hash, with a bucket of candidates
// compared by head and argument identity. Instead of a FinalizationRegistry (which roughly
// doubles the cost of creating a term), dead entries are swept whenever the number of
// insertions since the last sweep exceeds the number of entries that survived it: amortised
// O(1) per term, and the table stays within a constant factor of the live terms.

type Bucket = WeakRef<App> | WeakRef<App>[];

const leaves = new Map<string, WeakRef<Term>>();
const apps = new Map<number, Bucket>();
let entries = 0;
let insertsSinceSweep = 0;
let sweepThreshold = 1 << 16;

const nurseryBits = 12;
const nurseryMin = 1 << nurseryBits;
let nurseryMask = nurseryMin - 1;
// The slot is taken from the high bits of the structural hash (finalised by appHash).
let nurseryShift = 32 - nurseryBits;
// Slot → hash, and slot → 1 + the term's index in `nurseryList` (0: empty). The table holds
// integers only, so filling it costs no write barrier; the terms themselves are appended to a
// list in creation order.
let nurseryHashes = new Int32Array(nurseryMin);
let nurseryIdx = new Int32Array(nurseryMin);
let nurseryList: App[] = [];
/** The hashes of nurseryList's terms, in its order (a rehash reads no term). */
let nurseryListHashes = new Int32Array(nurseryMin);
let nurseryCount = 0;
let promotionScheduled = false;
// Long enough that a process which ends after its one job (the CLI) exits before promoting,
// short beside the pause between two REPL inputs; a batch stream promotes between requests.
const promotionDelayMs = 20;

function internLeaf<T extends Term>(key: string, make: () => T): T {
  const ref = leaves.get(key);
  if (ref !== undefined) {
    const t = ref.deref();
    if (t !== undefined) return t as T;
  } else entries++;
  const t = make();
  leaves.set(key, new WeakRef(t));
  inserted();
  return t;
}

function sameApp(t: App, head: string, args: readonly Term[]): boolean {
  if (t.head !== head || t.args.length !== args.length) return false;
  for (let i = 0; i < args.length; i++) if (t.args[i] !== args[i]) return false;
  return true;
}

function internApp(head: string, args: readonly Term[], owned = false): App {
  const h = appHash(head, args);
  const mask = nurseryMask;
  const hashes = nurseryHashes;
  const idx = nurseryIdx;
  const list = nurseryList;
  let i = h >>> nurseryShift;
  for (let k = idx[i]; k !== 0; k = idx[i]) {
    if (hashes[i] === h) {
      const t = list[k - 1];
      if (sameApp(t, head, args)) return t;
    }
    i = (i + 1) & mask;
  }
  if (promoting !== undefined) {
    const found = probe(promoting, h, head, args);
    if (found !== undefined) return found;
  }
  if (apps.size > 0) {
    const bucket = apps.get(h);
    if (bucket !== undefined) {
      if (Array.isArray(bucket)) {
        for (const ref of bucket) {
          const t = ref.deref();
          if (t !== undefined && sameApp(t, head, args)) return t;
        }
      } else {
        const t = bucket.deref();
        if (t !== undefined && sameApp(t, head, args)) return t;
      }
    }
  }
  const t = new App(head, Object.freeze(owned ? args : args.slice()), h);
  const at = nurseryList.length;
  if (at >= nurseryListHashes.length) {
    const grown = new Int32Array(at * 2);
    grown.set(nurseryListHashes);
    nurseryListHashes = grown;
  }
  nurseryListHashes[at] = h;
  nurseryList.push(t);
  idx[i] = nurseryList.length;
  hashes[i] = h;
  entries++;
  if (++nurseryCount * 2 > mask) growNursery();
  if (!promotionScheduled) schedulePromotion();
  return t;
}

/** Doubles the nursery (load factor at most 1/2). */
function growNursery(): void {
  resizeNursery((nurseryMask + 1) * 2);
}

/**
 * @internal Makes room in the nursery for `n` more terms at once (one rehash instead of one per
 * doubling), for a caller about to create many: the rewriting machine converting its result.
 */
export function reserveTerms(n: number): void {
  let cap = nurseryMask + 1;
  while ((nurseryCount + n) * 2 > cap - 1) cap *= 2;
  if (cap > nurseryMask + 1) resizeNursery(cap);
}

function resizeNursery(cap: number): void {
  nurseryShift -= Math.log2(cap / (nurseryMask + 1));
  nurseryMask = cap - 1;
  nurseryHashes = new Int32Array(cap);
  nurseryIdx = new Int32Array(cap);
  const list = nurseryList;
  const listHashes = nurseryListHashes;
  for (let k = 0; k < list.length; k++) {
    const h = listHashes[k];
    let i = h >>> nurseryShift;
    while (nurseryIdx[i] !== 0) i = (i + 1) & nurseryMask;
    nurseryIdx[i] = k + 1;
    nurseryHashes[i] = h;
  }
}

/** A nursery being promoted: its table (read-only now), and how far promotion has come. */
interface Promoting {
  readonly list: readonly App[];
  readonly idx: Int32Array;
  readonly hashes: Int32Array;
  readonly shift: number;
  /** Terms of the list below this are promoted (the table still finds them until all are). */
  next: number;
  /** Terms not yet promoted. */
  left: number;
}

let promoting: Promoting | undefined;

/** Slots promoted per macrotask: a process that is ending exits after at most one chunk. */
const promotionChunk = 1 << 14;

function probe(p: Promoting, h: number, head: string, args: readonly Term[]): App | undefined {
  const mask = p.idx.length - 1;
  let i = h >>> p.shift;
  for (let k = p.idx[i]; k !== 0; k = p.idx[i]) {
    if (p.hashes[i] === h) {
      const t = p.list[k - 1];
      if (sameApp(t, head, args)) return t;
    }
    i = (i + 1) & mask;
  }
  return undefined;
}

function schedulePromotion(): void {
  promotionScheduled = true;
  const timer = setTimeout(() => {
    promotionScheduled = false;
    startPromotion();
    promoteChunk();
  }, promotionDelayMs) as unknown as { unref?: () => void };
  timer.unref?.();
}

/** Sets the nursery aside for promotion (finishing an earlier one first) and empties it. */
function startPromotion(): void {
  if (promoting !== undefined) finishPromotion();
  if (nurseryCount === 0) return;
  promoting = {
    list: nurseryList,
    idx: nurseryIdx,
    hashes: nurseryHashes,
    shift: nurseryShift,
    next: 0,
    left: nurseryCount,
  };
  nurseryMask = nurseryMin - 1;
  nurseryShift = 32 - nurseryBits;
  nurseryHashes = new Int32Array(nurseryMin);
  nurseryIdx = new Int32Array(nurseryMin);
  nurseryList = [];
  nurseryListHashes = new Int32Array(nurseryMin);
  nurseryCount = 0;
}

/** Promotes one chunk and schedules the next (unreferenced: it never keeps a process alive). */
function promoteChunk(): void {
  const p = promoting;
  if (p === undefined) return;
  promoteSlots(p, Math.min(p.list.length, p.next + promotionChunk));
  if (p.next >= p.list.length) promoting = undefined;
  else later(promoteChunk);
}

/** The next macrotask, never keeping a process alive (setImmediate in Node; a browser's worker has only timers). */
function later(f: () => void): void {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  const handle = (g.setImmediate ? g.setImmediate(f) : setTimeout(f, 0)) as { unref?: () => void };
  handle.unref?.();
}

function finishPromotion(): void {
  if (promoting !== undefined) promoteSlots(promoting, promoting.list.length);
  promoting = undefined;
}

/** Gives the terms [p.next, end) of the list a WeakRef in the old generation's table. */
function promoteSlots(p: Promoting, end: number): void {
  for (let j = p.next; j < end; j++) {
    const t = p.list[j];
    p.left--;
    const ref = new WeakRef(t);
    const bucket = apps.get(t.hash);
    if (bucket === undefined) apps.set(t.hash, ref);
    else if (Array.isArray(bucket)) bucket.push(ref);
    else apps.set(t.hash, [bucket, ref]);
    inserted();
  }
  p.next = end;
}

/** Promotes the whole nursery now (normally done in chunks after the current job). */
function promote(): void {
  startPromotion();
  finishPromotion();
}

function inserted(): void {
  if (++insertsSinceSweep > sweepThreshold) sweep();
}

/** Drops the weak table's entries of collected terms (the nursery's are all alive). */
function sweep(): void {
  let live = 0;
  for (const [key, ref] of leaves) {
    if (ref.deref() === undefined) leaves.delete(key);
    else live++;
  }
  for (const [h, bucket] of apps) {
    if (Array.isArray(bucket)) {
      const kept = bucket.filter((r) => r.deref() !== undefined);
      if (kept.length === 0) apps.delete(h);
      else apps.set(h, kept.length === 1 ? kept[0] : kept);
      live += kept.length;
    } else if (bucket.deref() === undefined) apps.delete(h);
    else live++;
  }
  entries = live + nurseryCount + (promoting?.left ?? 0);
  insertsSinceSweep = 0;
  sweepThreshold = Math.max(1 << 16, live);
}

/**
 * Number of entries in the interning table. After {@link sweepInternTable} (and a garbage
 * collection) this is the number of live terms.
 */
export function internTableSize(): number {
  return entries;
}

/**
 * Promotes the nursery (normally done at the next quiescent point) and drops the entries of
 * terms the garbage collector has reclaimed (normally automatic).
 */
export function sweepInternTable(): void {
  promote();
  sweep();
}

// ---------------------------------------------------------------------------------------------
// Constructors.

/** The exact number num/den (lowest terms are taken care of). */
export function num(value: bigint | number | Rational, den?: bigint): Num {
  let q: Rational;
  if (typeof value === 'bigint') q = Q.rational(value, den ?? 1n);
  else if (typeof value === 'number') {
    q =
      Number.isInteger(value) && den === undefined
        ? Q.rational(BigInt(value))
        : Q.fromNumber(value);
  } else q = value;
  return internLeaf('n' + Q.toString(q), () => new Num(q));
}

/** The symbol with this name. */
export function sym(name: string): Sym {
  return internLeaf('s' + name, () => new Sym(name));
}

/** The pattern variable `?name` (or segment variable `?name...`). */
export function patternVar(name: string, segment = false): Var {
  return internLeaf((segment ? 'S' : 'v') + name, () => new Var(name, segment));
}

function makeApp(head: string, args: readonly Term[]): App {
  return internApp(head, args);
}

export const ZERO = num(0n);
export const ONE = num(1n);
export const MINUS_ONE = num(-1n);

/**
 * @internal `head(args)` for a head without a computed canonical form (not `+`, `*`, `^`, nor a
 * head with declared axioms in force), taking ownership of `args`: the caller never touches the
 * array again (it is frozen and may become the term's own). For the rewriting machine's results.
 */
export function appOwned(head: string, args: Term[]): Term {
  return internApp(head, args, true);
}

/**
 * `head(args...)`. `+`, `*` and `^` go through {@link add}, {@link mul} and {@link pow}, so
 * their canonical form holds however a term is built; every other head is taken as it is.
 */
export function app(head: string, args: readonly Term[]): Term {
  // The arrays are passed on, never spread: a flat sum of 10^5 or more arguments would overflow
  // the stack as spread call arguments.
  if (head === '+' || head === '*') return acBuild(head, args);
  if (head === '^' && args.length === 2) return pow(args[0], args[1]);
  if (theories !== undefined) {
    const th = theories(head);
    if (th !== undefined) return theoryApp(head, args, th);
  }
  return makeApp(head, args);
}

// ---------------------------------------------------------------------------------------------
// Heads with declared axioms (rule files' `op NAME : assoc comm id(VALUE)`).

/** The axioms a user-declared head satisfies (Maude's `assoc`, `comm`, `id:`). */
export interface HeadTheory {
  readonly assoc: boolean;
  readonly comm: boolean;
  /** The identity element, a ground term; undefined when there is none. */
  readonly identity: Term | undefined;
}

/** Which heads have declared axioms, for the code that loaded them; undefined: none. */
export type TheoryLookup = (head: string) => HeadTheory | undefined;

let theories: TheoryLookup | undefined;

/**
 * Makes {@link app} build the heads `lookup` knows in their canonical form (see
 * {@link theoryApp}) until the next call, and returns the lookup it replaces. The rule library
 * sets it around the runs of strategies whose rule files declared axioms, so the declarations
 * hold where the files are in use and nowhere else.
 */
export function setTheories(lookup: TheoryLookup | undefined): TheoryLookup | undefined {
  const prev = theories;
  theories = lookup;
  return prev;
}

/** The lookup in force (see {@link setTheories}). */
export function currentTheories(): TheoryLookup | undefined {
  return theories;
}

/**
 * `head(args)` in the canonical form of its axioms, as `+` and `*` are: with `assoc`, nested
 * applications of the head are flattened; with an identity, its occurrences are dropped (no
 * argument left: the identity; one left: that argument, unless it is a segment variable); with
 * `comm`, the arguments are sorted
 * by {@link compareTerms}; an associative head of one argument is that argument.
 */
export function theoryApp(head: string, args: readonly Term[], th: HeadTheory): Term {
  let out: Term[] | undefined;
  const id = th.identity;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const flat = th.assoc && a.kind === 'app' && a.head === head;
    if (flat || a === id) {
      out ??= args.slice(0, i);
      if (flat) for (const b of a.args) if (b !== id) out.push(b);
    } else if (out !== undefined) out.push(a);
  }
  const list = out ?? args.slice();
  if (id !== undefined && list.length === 0) return id;
  const one = list.length === 1 && !(list[0].kind === 'var' && list[0].segment); // `f(?s...)` stays
  if (one && (th.assoc || (id !== undefined && args.length === 2))) return list[0];
  if (th.comm) sortTerms(list);
  return makeApp(head, list);
}

/** A flattened, sorted sum with its numbers added up. */
export function add(...terms: Term[]): Term {
  return acBuild('+', terms);
}

/** A flattened, sorted product with its numbers multiplied. */
export function mul(...terms: Term[]): Term {
  return acBuild('*', terms);
}

/**
 * `head(args)` for `+` or `*` that keeps the sharing it is given: an argument with the same head
 * for which `kept` holds (by default every one) stays one node of the result instead of being
 * flattened into it. Numbers are still combined, identities dropped and arguments sorted, so the
 * result is canonical apart from those kept nodes. This is how let-form names, the prefix and
 * suffix products of differentiation and iterated maps keep their cost linear: flattening
 * `r*x1*(1 - x1)` with a named product `x1` would copy x1's factors into every later level.
 * {@link add} and {@link mul} (and so rewriting and simplify) flatten; see README, "The term
 * model".
 *
 * @example acKeep('*', [x, mul(y, z)]) // *(x, *(y, z)), where mul(x, mul(y, z)) is *(x, y, z)
 */
export function acKeep(
  head: '+' | '*',
  args: readonly Term[],
  kept: (t: Term) => boolean = keepAll,
): Term {
  return acBuild(head, args, kept);
}

const keepAll = () => true;

/** A product keeping its product arguments as nodes ({@link acKeep}). */
export function mulShared(...terms: Term[]): Term {
  return acBuild('*', terms, keepAll);
}

/** A sum keeping its sum arguments as nodes ({@link acKeep}). */
export function addShared(...terms: Term[]): Term {
  return acBuild('+', terms, keepAll);
}

/** `-t` keeping a product `t` as one node: `(-1)*t` with `t` unflattened. */
export function negShared(t: Term): Term {
  return acBuild('*', [MINUS_ONE, t], keepAll);
}

/** `a - b` keeping `a`, `b` and the product `-b` as nodes. */
export function subShared(a: Term, b: Term): Term {
  return acBuild('+', [a, negShared(b)], keepAll);
}

function acBuild(head: '+' | '*', terms: readonly Term[], kept?: (t: Term) => boolean): Term {
  const isSum = head === '+';
  let c: Rational = isSum ? Q.rational(0n) : Q.rational(1n);
  const rest: Term[] = [];
  const pushArg = (t: Term) => {
    if (t.kind === 'num') {
      c = isSum ? Q.add(c, t) : Q.mul(c, t);
    } else rest.push(t);
  };
  for (const t of terms) {
    if (t.kind === 'app' && t.head === head && (kept === undefined || !kept(t)))
      for (const a of t.args) pushArg(a);
    else pushArg(t);
  }
  if (!isSum && c.num === 0n) return ZERO;
  const identity = isSum ? c.num === 0n : c.num === 1n && c.den === 1n;
  if (!identity) rest.push(num(c));
  if (rest.length === 0) return isSum ? ZERO : ONE;
  if (rest.length === 1) return rest[0];
  if (rest.length > 1) sortTerms(rest);
  return makeApp(head, rest);
}

/** `base ^ exponent`, with a power of numbers to an integer computed exactly. */
export function pow(base: Term, exponent: Term): Term {
  if (exponent.kind === 'num') {
    if (exponent.num === 1n && exponent.den === 1n) return base;
    if (exponent.num === 0n) return ONE;
    if (base.kind === 'num' && exponent.den === 1n) return num(Q.powInt(base, exponent.num));
  }
  if (base.kind === 'num' && base.num === 1n && base.den === 1n) return ONE;
  return makeApp('^', [base, exponent]);
}

/** `-t`, that is `(-1)*t`. */
export function neg(t: Term): Term {
  return mul(MINUS_ONE, t);
}

/** `a - b`, that is `a + (-1)*b`. */
export function sub(a: Term, b: Term): Term {
  return add(a, neg(b));
}

/**
 * `1 / t`: a number is inverted exactly, a product becomes the product of the reciprocals of its
 * factors, `b^k` becomes `b^(-k)`, anything else `t^(-1)`. All of these hold wherever both sides
 * are defined, and they make `a / b` print and parse back to the same term (`x/y^2` is
 * `x*y^(-2)`, `1/(2*x)` is `(1/2)*x^(-1)`).
 */
export function reciprocal(t: Term): Term {
  if (t.kind === 'num') return num(Q.inv(t));
  // A product kept inside this one (see acKeep) is a shared node: its reciprocal is its power,
  // not a copy of its factors.
  if (t.kind === 'app' && t.head === '*')
    return acBuild(
      '*',
      t.args.map((a) => (isApp(a, '*') ? pow(a, MINUS_ONE) : reciprocal(a))),
    );
  if (t.kind === 'app' && t.head === '^') return pow(t.args[0], neg(t.args[1]));
  return pow(t, MINUS_ONE);
}

/** `a / b`, that is `a * (1/b)` (see {@link reciprocal}). */
export function div(a: Term, b: Term): Term {
  return mul(a, reciprocal(b));
}

/** `name(args...)` for a known or uninterpreted function. */
export function call(name: string, ...args: Term[]): Term {
  return app(name, args);
}

/** A list `[a, b, ...]` (used for gradients, Jacobians and vector-valued input). */
export function list(...items: Term[]): Term {
  return makeApp('list', items);
}

// ---------------------------------------------------------------------------------------------
// The total order of arguments of + and *.

const kindRank = { num: 0, sym: 1, app: 2, var: 3 } as const;

/**
 * The total order used to sort the arguments of `+` and `*`: numbers (by value) before symbols
 * (by name, in code-unit order) before applications before pattern variables. Applications
 * compare by height, then head name, then number of arguments, then arguments left to right. Pattern
 * variables compare by name, plain before segment. The order depends only on structure (never on
 * ids), so canonical forms and printed output are the same in every run.
 *
 * Runs in a loop rather than by recursion, descending only into the first differing pair of
 * arguments, so it is safe on arbitrarily deep terms.
 */
export function compareTerms(a: Term, b: Term): number {
  for (;;) {
    if (a === b) return 0;
    if (a.kind !== b.kind) return kindRank[a.kind] - kindRank[b.kind];
    switch (a.kind) {
      case 'num':
        return Q.compare(a, b as Num);
      case 'sym':
        return a.name < (b as Sym).name ? -1 : 1;
      case 'var': {
        const bv = b as Var;
        if (a.name !== bv.name) return a.name < bv.name ? -1 : 1;
        return a.segment ? 1 : -1;
      }
      case 'app': {
        const ba = b as App;
        // Height first: comparing two deep terms of different heights is O(1).
        if (a.height !== ba.height) return a.height - ba.height;
        if (a.head !== ba.head) return a.head < ba.head ? -1 : 1;
        if (a.args.length !== ba.args.length) return a.args.length - ba.args.length;
        let i = 0;
        while (a.args[i] === ba.args[i]) i++;
        const nextA = a.args[i];
        b = ba.args[i];
        a = nextA;
      }
    }
  }
}

function sortTerms(ts: Term[]): void {
  ts.sort(compareTerms);
}

// ---------------------------------------------------------------------------------------------
// Small helpers used everywhere.

/** True when t is an application, optionally with the given head. */
export function isApp(t: Term, head?: string): t is App {
  return t.kind === 'app' && (head === undefined || t.head === head);
}

/** True when t is a number term (optionally equal to the given integer). */
export function isNum(t: Term, value?: bigint): t is Num {
  return t.kind === 'num' && (value === undefined || (t.num === value && t.den === 1n));
}

/** The children of a term (empty for leaves). */
export function children(t: Term): readonly Term[] {
  return t.kind === 'app' ? t.args : EMPTY;
}

const EMPTY: readonly Term[] = Object.freeze([]);
