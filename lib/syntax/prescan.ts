/**
 * What is known about a text before it is parsed, and how a position in it is shown: the
 * length limit, newline joining, nesting depth, the brackets still open at its end, the
 * source positions of errors, and the hints for mistakes people make often.
 */
import { BibunError } from '../base/errors.js';

/**
 * Longest input accepted, in characters: 64 Mi. Let-form is the exchange format of big DAGs (a
 * 10^5-binding iterated map is about 3 MB), and every stage of reading is linear in the length
 * with a few bytes per character, so the limit is about memory, not time. The size budget
 * (nodes built) still applies while reading.
 */
export const maxInputLength = 64 * 1024 * 1024;

/**
 * Deepest bracket or operator nesting the Ohm matcher is given. It is recursive and uses about a
 * thousand bytes of stack per level: with Node's default stack it fails somewhere past 150
 * levels. The fast readers follow up to `readerMaxNesting` (1000) levels; Ohm is only asked to
 * explain errors in small texts of at most this depth. Deeper terms are written in let-form
 * (`t1 = sin(x); t2 = sin(t1); ...`), which has no depth limit.
 */
export const maxNesting = 100;

const joiningChars = new Set(['+', '-', '*', '/', '^', '=', ',', ':', '<', '>', '(', '[', '!']);

/**
 * Operators typed as Unicode, each replaced by its one-character ASCII equivalent (the text
 * keeps its length, so positions stay exact): the minus sign, the multiplication sign and dot,
 * the division sign.
 */
const unicodeOperators: Record<string, string> = {
  '\u2212': '-',
  '\u00d7': '*',
  '\u00b7': '*',
  '\u22c5': '*',
  '\u00f7': '/',
};

/** A text made ready for the readers and the grammar (same length as the original). */
export interface Prepared {
  readonly prepared: string;
  /** Deepest nesting (brackets plus runs of prefix signs and `^`). */
  readonly depth: number;
  /** Where that depth is first reached. */
  readonly depthOffset: number;
}

/**
 * Replaces the newlines that do not end a statement (inside brackets, or after a binary
 * operator) by spaces and Unicode operators by ASCII ones, checks the length, and measures the
 * nesting depth. The text keeps its length, so offsets into it are offsets into the original.
 */
export function prepare(text: string): Prepared {
  if (text.length > maxInputLength) {
    throw new BibunError(
      'limit',
      `input too long (${text.length} characters; the limit is ${maxInputLength})`,
    );
  }
  // The output is the text with a few characters replaced: kept as slices between them, not as
  // an array of one string per character (64 MB of input would need gigabytes).
  const out: string[] = [];
  let copied = 0;
  const replace = (i: number, c: string) => {
    out.push(text.slice(copied, i), c);
    copied = i + 1;
  };
  let depth = 0;
  let run = 0; // consecutive prefix operators / `^` at the current level, a nesting of its own
  let last = '';
  let deepest = 0;
  let deepestAt = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text[i];
    if (c === '#') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    const ascii = unicodeOperators[c];
    if (ascii !== undefined) replace(i, (c = ascii));
    if (c === '(' || c === '[') {
      depth++;
    } else if (c === ')' || c === ']') {
      depth = Math.max(0, depth - 1);
    } else if (c === '\n') {
      if (depth > 0 || joiningChars.has(last) || continuesLine(text, i + 1)) replace(i, ' ');
      run = 0;
    }
    if (c === '^' || ((c === '-' || c === '+') && (joiningChars.has(last) || last === ''))) {
      run++;
    } else if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n' && !isWordChar(c)) {
      run = 0;
    }
    if (depth + run > deepest) {
      deepest = depth + run;
      deepestAt = i;
    }
    if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n') last = c;
  }
  out.push(text.slice(copied));
  return { prepared: out.join(''), depth: deepest, depthOffset: deepestAt };
}

/** `/[\w.?]/` for one character, without a regular expression per character. */
function isWordChar(c: string): boolean {
  const k = c.charCodeAt(0);
  return (
    (k >= 48 && k <= 57) ||
    (k >= 65 && k <= 90) ||
    (k >= 97 && k <= 122) ||
    k === 95 ||
    k === 46 ||
    k === 63
  );
}

/** A line that starts with `*`, `/`, `^`, `)` or `]` continues the previous one. */
function continuesLine(text: string, from: number): boolean {
  const m = /^[ \t\r]*([*/^)\]])/.exec(text.slice(from, from + 200));
  return m !== null;
}

/** The error for a text nested deeper than `limit` levels, at the offset where it got there. */
export function nestingError(text: string, offset: number, limit = maxNesting): BibunError {
  return new BibunError(
    'limit',
    `expression nested too deeply (more than ${limit} levels); write deep terms in let-form (t1 = ...; t2 = ...)`,
    positionAt(text, offset),
  );
}

/** A bracket not yet closed: `(` or `[`, where it is (0-based offset, 1-based line and column). */
export interface OpenBracket {
  readonly bracket: '(' | '[';
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/**
 * The brackets still open at the end of `text`, outermost first (comments are skipped; a closing
 * bracket closes the innermost open one, whatever its kind). The REPL shows them in its
 * continuation prompt and points an error at the innermost one.
 *
 * @example openBrackets('f(x, [1,\n 2') // [{ bracket: '(', line: 1, column: 2, ... }, { bracket: '[', line: 1, column: 6, ... }]
 */
export function openBrackets(text: string): OpenBracket[] {
  const open: OpenBracket[] = [];
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (c === '\n') {
      line++;
      lineStart = i + 1;
    } else if (c === '(' || c === '[') {
      open.push({ bracket: c, offset: i, line, column: i - lineStart + 1 });
    } else if (c === ')' || c === ']') {
      open.pop();
    }
  }
  return open;
}

/**
 * True when `text` ends inside brackets or after a binary operator (the REPL keeps reading). A
 * trailing `!` is not an operator (`5!` is complete, and wrong: see the hint for it).
 */
export function needsMoreInput(text: string): boolean {
  if (openBrackets(text).length > 0) return true;
  let last = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n') last = c;
  }
  return (
    last !== '' &&
    joiningChars.has(last) &&
    last !== ')' &&
    last !== '!' &&
    !text.trimEnd().endsWith('...')
  );
}

/** Line, column and line text of an offset. */
export function positionAt(
  text: string,
  offset: number,
): { line: number; column: number; sourceLine: string } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  return {
    line,
    column: offset - start + 1,
    sourceLine: text.slice(start, end).replace(/\r$/, ''),
  };
}

/** Throws the error for an input with nothing to parse in it. */
export function checkNotEmpty(text: string): void {
  if (/^[\s;]*(#[^\n]*)?$/.test(text)) {
    throw new BibunError('syntax', 'empty input: expected an expression', {
      line: 1,
      column: 1,
      sourceLine: text.split('\n')[0] ?? '',
    });
  }
}

/** The name a symbol is read as (`π` is `pi`). */
export function symbolName(name: string): string {
  return name === 'π' ? 'pi' : name;
}

/** The hint for `√x^2`: which of the two readings is meant cannot be guessed. */
export const ambiguousRoot = 'a power of √ is ambiguous: write sqrt(x)^2 or sqrt(x^2)';

/** The hint for a `=` that cannot be a binding. */
export const equalsHint =
  '= only binds a name (y = 2x): write == for an equation (solve(x^2 == 2, x)) and := to define a function (f(x) := x^2)';

/** A syntax error at an offset: a hint when one applies, else what was expected and found. */
export function syntaxError(text: string, offset: number, expected: string): BibunError {
  const found = offset >= text.length ? 'end of input' : describeChar(text, offset);
  const message = hintAt(text, offset) ?? `expected ${expected}, found ${found}`;
  return new BibunError('syntax', message, positionAt(text, offset));
}

/** Messages for mistakes people make often, where a list of expectations would not help. */
export function hintAt(text: string, offset: number): string | undefined {
  const around = text.slice(Math.max(0, offset - 1), offset + 2);
  if (around.includes('**')) return '** is not an operator: write powers with ^ (x^2)';
  if (around.includes('//')) return '// is not an operator: write division with /';
  const c = text[offset];
  if (c === '\\')
    return 'backslash commands (LaTeX) are not input syntax: write sin(x), x^2, (a)/(b)';
  if (c === '!' && text[offset + 1] !== '=') {
    const operand = /([\p{L}\w.]+|\([^()]*\))\s*$/u.exec(
      text.slice(Math.max(0, offset - 60), offset),
    );
    const arg = operand ? operand[1].replace(/^\((.*)\)$/, '$1') : 'n';
    return `! is not an operator: write factorial(${arg})`;
  }
  // A lone `=` anywhere but after the name that starts a binding.
  if (c === '=' && text[offset + 1] !== '=' && text[offset - 1] !== '=') return equalsHint;
  const before = text.slice(Math.max(0, offset - 40), offset);
  const root = /√\s*([\w.]+)\s*$/.exec(before);
  if (root && c !== undefined && /[\p{L}(]/u.test(c)) {
    return `√${root[1]}${c}… is ambiguous: write sqrt(${root[1]})*${c}… or sqrt(${root[1]}${c}…)`;
  }
  return undefined;
}

/** How a character appears in "found ...": quoted, or by its code point when unprintable. */
function describeChar(text: string, offset: number): string {
  const c = String.fromCodePoint(text.codePointAt(offset)!);
  if (c === '\n') return 'end of line';
  const code = c.codePointAt(0)!;
  if (code < 32 || code === 127)
    return `character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
  return `'${c}'`;
}
