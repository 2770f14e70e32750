/**
 * The term store of the rewriting machine (machine.ts): a run's terms as cells in typed arrays,
 * hash-consed, converted from and to interned {@link Term}s once each, their sizes and text read
 * from the store.
 *
 * A cell is a symbol number and its argument cells: an application symbol per head and arity,
 * a leaf symbol per leaf term. Every cell is made once (hash-consing), through an open-addressing
 * table of cell numbers, and the nursery of short lists for the new cells that cannot be in the
 * table (see {@link Store.intern}). Nothing on the hot path allocates a JavaScript object.
 */
import { pollBudget } from '../base/budget.js';
import { appOwned, currentTheories, reserveTerms, type Term } from '../term/term.js';

/** heap[c + 1] of a cell whose normal form is not known yet. */
export const UNKNOWN = -1;
/** heap[c + 1] of a cell whose normal form is being computed (met again: a cycle). */
export const PENDING = -2;

/** Marks by cell number: no sharing below (DAG size = tree size). */
export const TREE = 1;
/** Marks: the DAG is known to be within the size budget. */
export const WITHIN = 2;
/** Marks: the cell is an argument of a cell in the table. */
const PARENT = 4;

const COMMA = -1;
const CLOSE = -2;

/** Heads whose constructors compute a canonical form: the store cannot build them. */
export function computedHead(head: string): boolean {
  return head === '+' || head === '*' || head === '^';
}

function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  h ^= k;
  return (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
}

function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** The hash of `s(a[at], ..., a[at + arity - 1])`. */
function hashCell(s: number, a: Int32Array, at: number, arity: number): number {
  let h = mix(0x9747b28c, s);
  for (let i = 0; i < arity; i++) h = mix(h, a[at + i]);
  return fmix(h ^ arity);
}

/** The first capacity of the arrays by cell number (a power of 2; they double). */
const FIRST_CELLS = 16;

/** Cells of at most this tree size have their text made once (see Store.textOf). */
const SMALL_TEXT = 16;

/** The longest nursery list (see Store.intern): longer ones move into the table. */
const NURSERY_MAX = 8;

/** `a`, or a copy at least `need` long (lengths double). */
export function grow32(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  let n = a.length * 2;
  while (n < need) n *= 2;
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/** The term store of one run (the machine extends it with its rules and normaliser). */
export class Store {
  // Symbols: an application symbol per head and arity, a leaf symbol per leaf term.
  private readonly symOf = new Map<string, number>();
  private readonly leafSym = new Map<number, number>();
  private symHead: string[] = [];
  protected symArity: number[] = [];
  private symLeaf: (Term | undefined)[] = [];

  // Cells. A cell is an offset into `heap`, where it occupies 3 + arity integers:
  //   heap[c] = symbol, heap[c + 1] = normal form (a cell, UNKNOWN or PENDING),
  //   heap[c + 2] = the cell's number (0, 1, 2, ... in creation order), heap[c + 3 ...] = arguments.
  // Keeping a cell's fields together makes a probe of the table touch one cache line of it.
  private count = 0;
  protected heap = new Int32Array(0);
  private heapTop = 0;
  /** By cell number: tree size. */
  protected size = new Float64Array(0);
  /** By cell number: TREE (no sharing below: DAG size = tree size), WITHIN (DAG ≤ maxSize). */
  protected marks = new Uint8Array(0);
  /** By cell number: the last walk that counted it (see cellsBelow). */
  private visited = new Int32Array(0);
  private walks = 0;
  /** Pairs (hash, 1 + cell), open addressing; 0 marks an empty slot. */
  private table = new Int32Array(0);
  private shift = 0;
  /** The cells in the table; the others are in the nursery (see intern). */
  private tabled = 0;
  /** By cell number: its first nursery parent (1 + cell; 0: none). */
  private nurseryHead = new Int32Array(0);
  /** By cell number, of a nursery cell: the next nursery parent of the same argument (1 + cell). */
  private nurseryNext = new Int32Array(0);
  /** By cell number: the length of its list of nursery parents. */
  private nurseryLen = new Uint8Array(0);
  /** By cell number: the interned term, once converted. */
  private terms: (Term | undefined)[] = [];
  private readonly cellOf = new Map<number, number>();

  /** The normaliser's value stack; {@link intern} reads a cell's arguments from it. */
  protected vs = new Int32Array(0);

  /**
   * Every array above is replaced when it grows, in the middle of a run. V8 compiles a field
   * that has only ever held one value as a constant of the code that reads it, and discards
   * that code when the field is assigned again: so the first growth of each array used to
   * deoptimise the normaliser's loop, three or four times in a run's first second. Assigning
   * every such field a second time here makes them plain fields before any code is compiled.
   * The arrays start small, so that their growth runs, and gives V8 its type feedback, before
   * the code that contains it is optimised. (Measured on the REC suite's first runs in a fresh
   * process: revnat(1000) 215 → 184 ms, bintree(16) 78 → 62 ms, evalexp(16) 98 → 67 ms.)
   */
  constructor() {
    this.heap = new Int32Array(1 << 6);
    this.size = new Float64Array(FIRST_CELLS);
    this.marks = new Uint8Array(FIRST_CELLS);
    this.table = new Int32Array(2 * FIRST_CELLS);
    this.shift = 32 - Math.log2(FIRST_CELLS);
    this.nurseryHead = new Int32Array(FIRST_CELLS);
    this.nurseryNext = new Int32Array(FIRST_CELLS);
    this.nurseryLen = new Uint8Array(FIRST_CELLS);
    this.vs = new Int32Array(FIRST_CELLS);
    this.visited = new Int32Array(FIRST_CELLS);
  }

  /** Called when a symbol is added (its number is the last one). */
  protected symbolAdded(): void {}

  protected appSym(head: string, arity: number): number {
    const key = `${arity}/${head}`;
    let s = this.symOf.get(key);
    if (s === undefined) {
      s = this.symHead.length;
      this.symOf.set(key, s);
      this.symHead.push(head);
      this.symArity.push(arity);
      this.symLeaf.push(undefined);
      this.symbolAdded();
    }
    return s;
  }

  protected leafSymbol(t: Term): number {
    let s = this.leafSym.get(t.id);
    if (s === undefined) {
      s = this.symHead.length;
      this.leafSym.set(t.id, s);
      this.symHead.push('');
      this.symArity.push(0);
      this.symLeaf.push(t);
      this.symbolAdded();
    }
    return s;
  }

  /**
   * The cell of `sym(vs[at], ..., vs[at + arity - 1])`, made if new: hash-consed, every cell
   * made once. Most cells a run builds are new, and the probe of a large table that finds so is
   * a cache miss; so a cell with an argument that is no argument of a cell in the table (not
   * marked PARENT: an argument made moments ago, such as the list under construction) is kept
   * out of the table, in the nursery: a short list of such parents that the argument keeps.
   * Only an unmarked cell has such a list (marking a cell moves its list into the table), so a
   * lookup with an unmarked argument searches the lists of its unmarked arguments and not the
   * table, and one whose arguments are all marked probes the table alone. A list longer than
   * NURSERY_MAX moves into the table.
   */
  protected intern(s: number, at: number, arity: number): number {
    const vs = this.vs;
    const heap = this.heap;
    const marks = this.marks;
    let free = -1;
    for (let i = 0; i < arity; i++) {
      const a = vs[at + i];
      const na = heap[a + 2];
      if ((marks[na] & PARENT) !== 0) continue;
      for (let u1 = this.nurseryHead[na]; u1 !== 0; ) {
        const u = u1 - 1;
        if (heap[u] === s && this.argsAre(u, at, arity)) return u;
        u1 = this.nurseryNext[heap[u + 2]];
      }
      if (free < 0) free = a;
    }
    if (free >= 0) return this.makeNursery(s, at, arity, free);
    const h = hashCell(s, vs, at, arity);
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    let j = h >>> this.shift;
    for (let c1 = table[2 * j + 1]; c1 !== 0; c1 = table[2 * j + 1]) {
      if (table[2 * j] === h) {
        const c = c1 - 1;
        if (heap[c] === s) {
          let same = true;
          for (let i = 0; i < arity; i++)
            if (heap[c + 3 + i] !== vs[at + i]) {
              same = false;
              break;
            }
          if (same) return c;
        }
      }
      j = (j + 1) & mask;
    }
    // Every argument is marked here (an unmarked one sent the cell to the nursery above).
    const c = this.make(s, at, arity);
    this.tableAt(c, h, j);
    return c;
  }

  /** Cell u's arguments are vs[at .. at + arity). */
  private argsAre(u: number, at: number, arity: number): boolean {
    const heap = this.heap;
    const vs = this.vs;
    for (let i = 0; i < arity; i++) if (heap[u + 3 + i] !== vs[at + i]) return false;
    return true;
  }

  /** A new cell in the nursery list of its unmarked argument `free`. */
  private makeNursery(s: number, at: number, arity: number, free: number): number {
    const c = this.make(s, at, arity);
    const heap = this.heap;
    const nf = heap[free + 2];
    this.nurseryNext[heap[c + 2]] = this.nurseryHead[nf];
    this.nurseryHead[nf] = c + 1;
    if (++this.nurseryLen[nf] > NURSERY_MAX) {
      this.marks[nf] |= PARENT;
      this.promote(nf);
    }
    return c;
  }

  /**
   * Moves the nursery list of cell number `num` (just marked) into the table, and the lists of
   * the arguments that this marks in turn (iteratively).
   */
  private promote(num: number): void {
    const heap = this.heap;
    const marks = this.marks;
    const work = [num];
    while (work.length > 0) {
      const n = work.pop()!;
      let u1 = this.nurseryHead[n];
      this.nurseryHead[n] = 0;
      this.nurseryLen[n] = 0;
      while (u1 !== 0) {
        const u = u1 - 1;
        u1 = this.nurseryNext[heap[u + 2]];
        const s = heap[u];
        const arity = this.symArity[s];
        const h = hashCell(s, heap, u + 3, arity);
        const table = this.table;
        const mask = (table.length >> 1) - 1;
        let j = h >>> this.shift;
        while (table[2 * j + 1] !== 0) j = (j + 1) & mask;
        this.tableAt(u, h, j);
        // u's arguments now have a parent in the table: an unmarked one's list follows.
        for (let i = 0; i < arity; i++) {
          const na = heap[heap[u + 3 + i] + 2];
          if ((marks[na] & PARENT) !== 0) continue;
          marks[na] |= PARENT;
          if (this.nurseryHead[na] !== 0) work.push(na);
        }
      }
    }
  }

  /**
   * Puts cell c (hash h) in the table's empty slot j. Its arguments must be marked PARENT: they
   * are (intern), or the caller marks them (promote).
   */
  private tableAt(c: number, h: number, j: number): void {
    this.table[2 * j] = h;
    this.table[2 * j + 1] = c + 1;
    if (++this.tabled * 2 > this.table.length >> 1) this.rehash();
  }

  /** A new cell (in neither the table nor the nursery yet). */
  private make(s: number, at: number, arity: number): number {
    const num = this.count++;
    if (num >= this.size.length) {
      const n = this.size.length * 2;
      const sz = new Float64Array(n);
      sz.set(this.size);
      this.size = sz;
      const mk = new Uint8Array(n);
      mk.set(this.marks);
      this.marks = mk;
      this.nurseryHead = grow32(this.nurseryHead, n);
      this.nurseryNext = grow32(this.nurseryNext, n);
      const len = new Uint8Array(n);
      len.set(this.nurseryLen);
      this.nurseryLen = len;
    }
    const c = this.heapTop;
    if (c + 3 + arity > this.heap.length) this.heap = grow32(this.heap, c + 3 + arity);
    const heap = this.heap;
    const vs = this.vs;
    const size = this.size;
    let ts = 1;
    for (let i = 0; i < arity; i++) {
      const a = vs[at + i];
      heap[c + 3 + i] = a;
      ts += size[heap[a + 2]];
    }
    heap[c] = s;
    heap[c + 1] = arity === 0 ? c : UNKNOWN;
    heap[c + 2] = num;
    size[num] = ts;
    // A leaf, or one argument that is a tree: a tree (its DAG size is its tree size).
    if (arity === 0 || (arity === 1 && (this.marks[heap[vs[at] + 2]] & TREE) !== 0))
      this.marks[num] = TREE;
    this.heapTop = c + 3 + arity;
    return c;
  }

  private rehash(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    this.shift--;
    const mask = (table.length >> 1) - 1;
    for (let k = 0; k < old.length; k += 2) {
      if (old[k + 1] === 0) continue;
      let j = old[k] >>> this.shift;
      while (table[2 * j + 1] !== 0) j = (j + 1) & mask;
      table[2 * j] = old[k];
      table[2 * j + 1] = old[k + 1];
    }
    this.table = table;
  }

  /** The cell of an interned term; -1 when it uses a head the store cannot build. */
  fromTerm(root: Term): number {
    const known = this.cellOf.get(root.id);
    if (known !== undefined) return known;
    const theories = currentTheories();
    const stack: Term[] = [root];
    while (stack.length > 0) {
      const t = stack[stack.length - 1];
      if (this.cellOf.has(t.id)) {
        stack.pop();
        continue;
      }
      if (t.kind !== 'app') {
        this.vs = grow32(this.vs, 1);
        const c = this.intern(this.leafSymbol(t), 0, 0);
        this.setTerm(this.heap[c + 2], t);
        this.cellOf.set(t.id, c);
        stack.pop();
        continue;
      }
      if (computedHead(t.head) || theories?.(t.head) !== undefined) return -1;
      let ready = true;
      for (let i = t.args.length - 1; i >= 0; i--)
        if (!this.cellOf.has(t.args[i].id)) {
          stack.push(t.args[i]);
          ready = false;
        }
      if (!ready) continue;
      stack.pop();
      const n = t.args.length;
      this.vs = grow32(this.vs, n);
      for (let i = 0; i < n; i++) this.vs[i] = this.cellOf.get(t.args[i].id)!;
      const c = this.intern(this.appSym(t.head, n), 0, n);
      this.setTerm(this.heap[c + 2], t);
      this.cellOf.set(t.id, c);
    }
    return this.cellOf.get(root.id)!;
  }

  /**
   * Records the term of cell number `num`. `terms` has an entry for every cell up to the last
   * converted one (undefined for the others), so it stays a dense array; a run that converts
   * nothing never grows it.
   */
  private setTerm(num: number, t: Term): void {
    const terms = this.terms;
    while (terms.length <= num) terms.push(undefined);
    terms[num] = t;
  }

  /**
   * The number of distinct cells below `root` (itself included), counted up to `max + 1` (a walk
   * that stops there), not descending into cells whose term is made when `unconverted` (those
   * are not counted either, except the root). Marks cells with a walk number, so a walk
   * allocates nothing once the mark array has grown to the store.
   */
  protected cellsBelow(root: number, unconverted: boolean, max = Infinity): number {
    const heap = this.heap;
    const terms = this.terms;
    if (this.visited.length < this.count) {
      const v = new Int32Array(Math.max(this.count, 2 * this.visited.length));
      v.set(this.visited);
      this.visited = v;
    }
    const visited = this.visited;
    const walk = ++this.walks;
    const stack = [root];
    visited[heap[root + 2]] = walk;
    let n = 0;
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (++n > max) return n;
      const arity = this.symArity[heap[c]];
      for (let i = 0; i < arity; i++) {
        const a = heap[c + 3 + i];
        const num = heap[a + 2];
        if (visited[num] !== walk && !(unconverted && terms[num] !== undefined)) {
          visited[num] = walk;
          stack.push(a);
        }
      }
    }
    return n;
  }

  /** The interned term of a cell (each cell converted once). */
  toTerm(root: number): Term {
    const terms = this.terms;
    const heap = this.heap;
    if (terms[heap[root + 2]] !== undefined) return terms[heap[root + 2]]!;
    while (terms.length < this.count) terms.push(undefined);
    reserveTerms(this.cellsBelow(root, true));
    const stack = [root];
    while (stack.length > 0) {
      const c = stack[stack.length - 1];
      const num = heap[c + 2];
      if (terms[num] !== undefined) {
        stack.pop();
        continue;
      }
      const s = heap[c];
      const n = this.symArity[s];
      let ready = true;
      for (let i = n - 1; i >= 0; i--) {
        const a = heap[c + 3 + i];
        if (terms[heap[a + 2]] === undefined) {
          stack.push(a);
          ready = false;
        }
      }
      if (!ready) continue;
      stack.pop();
      if (n === 0) {
        terms[num] = this.symLeaf[s]!;
        continue;
      }
      const args = new Array<Term>(n);
      for (let i = 0; i < n; i++) args[i] = terms[heap[heap[c + 3 + i] + 2]]!;
      terms[num] = appOwned(this.symHead[s], args);
    }
    return terms[heap[root + 2]]!;
  }

  /** @internal The tree size of a cell (a float: exact up to 2^53). */
  treeSizeOf(c: number): number {
    return this.size[this.heap[c + 2]];
  }

  /** @internal The number of distinct cells below `root`, itself included. */
  dagSizeOf(root: number): number {
    return this.cellsBelow(root, false);
  }

  /**
   * @internal The text of a cell as the infix printer writes it, read from the store: every
   * application in the store is a plain call `head(a, ...)` (the store holds no `+`, `*`, `^`),
   * except `==` and `list`, for which this answers undefined, as it does when `leaf` answers
   * undefined for a leaf. Iterative (any depth); polls the budget.
   */
  textOf(root: number, leaf: (t: Term) => string | undefined): string | undefined {
    const heap = this.heap;
    const texts = new Map<number, string>();
    const opens: (string | undefined)[] = [];
    for (let s = 0; s < this.symHead.length; s++) {
      const h = this.symHead[s];
      opens.push(this.symArity[s] === 0 || h === '==' || h === 'list' ? undefined : `${h}(`);
    }
    const out: string[] = [];
    // The texts of small cells, by cell: a list of moves repeats a handful of them.
    const smallTexts = new Map<number, string>();
    // Entries: a cell (>= 0), COMMA, or k closing brackets (CLOSE - k + 1).
    let stack = new Int32Array(1024);
    let top = 0;
    stack[top++] = root;
    while (top > 0) {
      let c = stack[--top];
      if (c === COMMA) out.push(', ');
      else if (c < 0) out.push(c === CLOSE ? ')' : ')'.repeat(CLOSE - c + 1));
      else {
        const s = heap[c];
        const n = this.symArity[s];
        if (n > 0 && this.size[heap[c + 2]] <= SMALL_TEXT) {
          let text = smallTexts.get(c);
          if (text === undefined) {
            text = this.smallText(c, opens, texts, leaf);
            if (text === undefined) return undefined;
            smallTexts.set(c, text);
          }
          out.push(text);
          continue;
        }
        if (n === 1 && heap[heap[c + 3]] === s) {
          // A chain s(s(...s(u)...)) (a numeral): its brackets in two strings.
          let k = 0;
          while (heap[c] === s) {
            c = heap[c + 3];
            k++;
          }
          const open = opens[s];
          if (open === undefined) return undefined;
          out.push(open.repeat(k));
          if (top + 2 > stack.length) stack = grow32(stack, top + 2);
          stack[top++] = CLOSE - k + 1;
          stack[top++] = c;
          continue;
        }
        if (n === 0) {
          const text = this.leafText(s, texts, leaf);
          if (text === undefined) return undefined;
          out.push(text);
          continue;
        }
        const open = opens[s];
        if (open === undefined) return undefined;
        out.push(open);
        if (top + 2 * n + 1 > stack.length) stack = grow32(stack, top + 2 * n + 1);
        // A last argument's closing bracket joins its parent's (a right-nested list's n
        // brackets are one string).
        if (top > 0 && stack[top - 1] <= CLOSE) stack[top - 1]--;
        else stack[top++] = CLOSE;
        for (let i = n - 1; i >= 0; i--) {
          stack[top++] = heap[c + 3 + i];
          if (i > 0) stack[top++] = COMMA;
        }
      }
      if ((out.length & 4095) === 0) pollBudget();
    }
    return out.join('');
  }

  /** The text of leaf symbol s, made once (in `texts`). */
  private leafText(
    s: number,
    texts: Map<number, string>,
    leaf: (t: Term) => string | undefined,
  ): string | undefined {
    let text = texts.get(s);
    if (text === undefined) {
      text = leaf(this.symLeaf[s]!);
      if (text !== undefined) texts.set(s, text);
    }
    return text;
  }

  /** textOf of a cell of small tree size (recursive: its depth is below its size). */
  private smallText(
    c: number,
    opens: readonly (string | undefined)[],
    texts: Map<number, string>,
    leaf: (t: Term) => string | undefined,
  ): string | undefined {
    const heap = this.heap;
    const s = heap[c];
    const n = this.symArity[s];
    if (n === 0) return this.leafText(s, texts, leaf);
    let text = opens[s];
    if (text === undefined) return undefined;
    for (let i = 0; i < n; i++) {
      const a = this.smallText(heap[c + 3 + i], opens, texts, leaf);
      if (a === undefined) return undefined;
      text += i === 0 ? a : `, ${a}`;
    }
    return `${text})`;
  }
}

/**
 * A normal form left in the machine's store: the Term is made on first use, and the sizes and
 * the text can be read without it (`bibun rewrite` prints a result of 10^6 nodes from the store,
 * where converting it would cost as much as the run).
 */
export class StoredResult {
  private converted: Term | undefined;
  private machine: Store | undefined;

  constructor(
    machine: Store,
    private readonly cell: number,
  ) {
    this.machine = machine;
  }

  /** The interned term (made once; the store is let go of then). */
  term(): Term {
    if (this.converted === undefined) {
      this.converted = this.machine!.toTerm(this.cell);
      this.machine = undefined;
    }
    return this.converted;
  }

  /** The tree size, exact. */
  treeSize(): bigint {
    const m = this.machine;
    if (m === undefined) return this.term().treeSize;
    const n = m.treeSizeOf(this.cell);
    return n <= Number.MAX_SAFE_INTEGER ? BigInt(n) : this.term().treeSize;
  }

  dagSize(): number {
    return this.machine?.dagSizeOf(this.cell) ?? this.term().dagSize;
  }

  /** The infix text, read from the store when it can be (see Store.textOf); else undefined. */
  text(leaf: (t: Term) => string | undefined): string | undefined {
    return this.machine?.textOf(this.cell, leaf);
  }
}
