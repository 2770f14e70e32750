/**
 * What the hand-written readers share: character classes of the grammar's lexical rules, the
 * position in a prepared text, white space and comments, the rightmost failure (where a syntax
 * error is reported, as Ohm reports it), semantic errors held back until the whole text has
 * been read (Ohm checks them only after a successful match), and the size and time budgets of
 * what is built.
 */
import { BudgetExceeded, currentBudget, pollBudget } from '../base/budget.js';
import { BibunError } from '../base/errors.js';
import { positionAt, symbolName } from './prescan.js';
import {
  acKeep,
  app,
  isApp,
  MINUS_ONE,
  neg,
  negShared,
  pow,
  reciprocal,
  type Term,
} from '../term/term.js';

/** A syntax failure inside a reader: where, and what was expected there. */
export class SyntaxStop {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {}
}

/** Nesting deeper than the readers follow. */
export class TooDeep {
  constructor(readonly offset: number) {}
}

/** Deepest nesting the readers follow (each level costs a few stack frames). */
export const readerMaxNesting = 1000;

/** What a reader is asked to read. */
export interface ReadOptions {
  /** Whether pattern variables are allowed (they are always read, and refused afterwards). */
  readonly patterns: boolean;
  /** Most nodes the text may build (default: the size budget in force, if any). */
  readonly maxSize?: number;
}

/** The description of an operand, as Ohm lists it in "expected ...". */
export const operandExpected = 'a name, a pattern variable, "√", "[", "(", a number, "+", or "-"';

const letter = /\p{L}/u;

/** `digit` of the grammar: ASCII digits only. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  if (c < 128 || Number.isNaN(c)) return false;
  return letter.test(String.fromCodePoint(text.codePointAt(i)!));
}

/** Length in code units of the character at `i` (2 for a surrogate pair). */
function charLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff ? 2 : 1;
}

/** `identStart = letter | "_"`: the length of the character at `i` if it starts a name, else 0. */
export function identStartAt(text: string, i: number): number {
  if (text.charCodeAt(i) === 95) return 1;
  return isLetterAt(text, i) ? charLength(text, i) : 0;
}

/** `identRest = alnum | "_"`: the length of the character at `i` if it continues a name, else 0. */
export function identRestAt(text: string, i: number): number {
  return isDigit(text.charCodeAt(i)) ? 1 : identStartAt(text, i);
}

/** Position, failures, held-back errors and budgets of one read. */
export class Cursor {
  /** End of the last token read (white space after it is not yet skipped). */
  pos = 0;
  /** The rightmost position where something expected was not found. */
  far = -1;
  private farExpected = '';
  /** The first semantic error, thrown once the text is known to be syntactically right. */
  pending: BibunError | undefined;
  protected depth = 0;
  private built = 0;
  private readonly maxSize: number;

  constructor(
    readonly text: string,
    readonly source: string,
    options: ReadOptions,
  ) {
    this.maxSize = options.maxSize ?? currentBudget()?.limits.maxSize ?? Number.POSITIVE_INFINITY;
  }

  /** The position after white space and comments from `pos` (newlines are not white space). */
  at(from = this.pos): number {
    const t = this.text;
    let i = from;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13 || c === 0xa0) i++;
      else if (c === 35) {
        while (i < t.length && t.charCodeAt(i) !== 10) i++;
      } else return i;
    }
  }

  /** The character code at the next significant position (NaN at the end). */
  peek(): number {
    return this.text.charCodeAt(this.at());
  }

  /** Whether the next significant text starts with `s`; if so, reads it. */
  eat(s: string): boolean {
    const i = this.at();
    if (this.text.startsWith(s, i)) {
      this.pos = i + s.length;
      return true;
    }
    return false;
  }

  /** Notes that `expected` was not found at offset `at` (the rightmost such place is reported). */
  miss(at: number, expected: string): void {
    if (at > this.far) {
      this.far = at;
      this.farExpected = expected;
    } else if (at === this.far && !this.farExpected.includes(expected)) {
      this.farExpected = this.farExpected === '' ? expected : `${expected}, ${this.farExpected}`;
    }
  }

  /** A syntax failure: `expected` was not found at `at`. */
  stop(at: number, expected: string): never {
    this.miss(at, expected);
    throw new SyntaxStop(this.far, this.farExpected);
  }

  /** The failure to report at the end: the rightmost one. */
  farthest(): SyntaxStop {
    return new SyntaxStop(this.far, this.farExpected);
  }

  private lineStarts: number[] | undefined;

  /** The line and column of an offset (1-based), in time logarithmic in the text. */
  locAt(offset: number): { line: number; column: number } {
    if (this.lineStarts === undefined) {
      const starts = [0];
      const t = this.source;
      for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }

  /** The state a failed alternative returns to. */
  save(): { pos: number; depth: number; pending: BibunError | undefined } {
    return { pos: this.pos, depth: this.depth, pending: this.pending };
  }

  /**
   * Tries an alternative of the grammar: its result, or undefined with the state restored when
   * it fails with a syntax error (as a PEG alternative fails; the failure's position still
   * counts for the rightmost one).
   */
  attempt<T>(f: () => T): T | undefined {
    const s = this.save();
    try {
      return f();
    } catch (e) {
      if (!(e instanceof SyntaxStop)) throw e;
      this.pos = s.pos;
      this.depth = s.depth;
      this.pending = s.pending;
      return undefined;
    }
  }

  /** Holds back a semantic error at `offset` (only the first one is kept). */
  semantic(kind: 'syntax' | 'arity' | 'domain', message: string, offset: number): void {
    this.pending ??= new BibunError(kind, message, positionAt(this.source, offset));
  }

  /** Holds back an error a term constructor threw (an exact-arithmetic limit). */
  held(e: unknown): void {
    if (!(e instanceof BibunError) || e instanceof BudgetExceeded) throw e;
    this.pending ??= e;
  }

  enter(): void {
    if (++this.depth > readerMaxNesting) throw new TooDeep(this.pos);
  }

  leave(): void {
    this.depth--;
  }

  /**
   * Counts `n` nodes built; refuses the text once it would build more than the size budget, and
   * lets the time budget in force look at its clock.
   */
  count(n = 1): void {
    this.built += n;
    if (this.built > this.maxSize) {
      throw new BudgetExceeded(
        'size',
        `stopped: the input would build more than ${this.maxSize} nodes`,
      );
    }
    pollBudget();
  }
}

/**
 * Let-form keeps the sharing it names (README, "The term model"): an operand of `+`, `*`, unary
 * or binary `-` and `/` that is a let-name bound to a sum or product stays one node instead of
 * being flattened into the sum or product around it (term.ts `acKeep`). So
 * `x1 = r*x0*(1 - x0); x2 = r*x1*(1 - x1); ...` has a constant number of factors per level, and
 * the let printer, which names every such kept node, reads back to the same DAG. What counts is
 * the operand's text (exactly a bound name), not its value: `-x*y` after `t1 = -x` is still the
 * flat `-x*y`. Both readers (the fast one and Ohm's semantics) decide through this, so they agree.
 */
const maxRefLength = 1000;

export const LetSharing = {
  /** Whether an operand whose source text is `source` and whose term is `t` is a kept name. */
  isRef(source: string, t: Term, lets: ReadonlyMap<string, Term>): boolean {
    if ((!isApp(t, '+') && !isApp(t, '*')) || source.length > maxRefLength) return false;
    return lets.get(symbolName(source.trim())) === t;
  },

  /** `head(operands)` for `+`/`*`, keeping the operands marked as let-names as nodes. */
  ac(head: '+' | '*', operands: readonly Term[], refs: readonly boolean[]): Term {
    if (!refs.includes(true)) return app(head, operands);
    // Splice the other operands one level (as `app` does; their own kept arguments stay kept).
    const args: Term[] = [];
    operands.forEach((t, i) => {
      if (!refs[i] && isApp(t, head)) args.push(...t.args);
      else args.push(t);
    });
    return acKeep(head, args);
  },

  /** `-t`, keeping a let-named product as one node. */
  neg(t: Term, ref: boolean): Term {
    return ref && isApp(t, '*') ? negShared(t) : neg(t);
  },

  /** `1/t`: a let-named product is raised to −1 instead of being split into its factors. */
  reciprocal(t: Term, ref: boolean): Term {
    return ref && isApp(t, '*') ? pow(t, MINUS_ONE) : reciprocal(t);
  },
};
