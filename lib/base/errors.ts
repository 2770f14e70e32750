/**
 * The one error type bibun throws for anything a user can cause: bad syntax, wrong arity, an
 * unbound symbol, a budget that ran out. Front ends (CLI, REPL, batch) print `message` and, for
 * syntax errors, the caret line; they never print a stack trace. Anything else that escapes is a
 * bug in bibun.
 */

/** What went wrong, as a machine-readable tag (used by `bibun batch` error objects). */
export type ErrorKind =
  | 'syntax'
  | 'arity'
  | 'unbound'
  | 'unknown-function'
  | 'domain'
  | 'limit'
  | 'rule'
  | 'usage'
  | 'io'
  /** A bug in bibun (anything not a BibunError escaped): not the user's input. */
  | 'internal';

/** Where in a text an error was found (1-based line and column). */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
  /** The source line itself, for the caret display. */
  readonly sourceLine?: string;
  /** A file name, when the text came from a file. */
  readonly file?: string;
}

/** An error caused by the user's input or by a budget; safe to show as one line. */
export class BibunError extends Error {
  readonly kind: ErrorKind;
  readonly position: SourcePosition | undefined;

  constructor(kind: ErrorKind, message: string, position?: SourcePosition) {
    super(message);
    this.name = 'BibunError';
    this.kind = kind;
    this.position = position;
  }

  /**
   * The message as a user sees it: `file:line:column: message`, followed (for errors with a
   * source line) by the line and a caret under the column.
   */
  display(): string {
    const p = this.position;
    if (!p) return this.message;
    const where = `${p.file ? p.file + ':' : ''}${p.line}:${p.column}`;
    let out = `${where}: ${this.message}`;
    if (p.sourceLine !== undefined) {
      const shown = clipLine(p.sourceLine, p.column);
      out += `\n  ${shown.text}\n  ${' '.repeat(shown.caret)}^`;
    }
    return out;
  }
}

/** Shows at most ~80 characters of a long line around the column. */
function clipLine(line: string, column: number): { text: string; caret: number } {
  const width = 80;
  if (line.length <= width) return { text: line, caret: Math.max(0, column - 1) };
  const start = Math.max(0, Math.min(column - 1 - width / 2, line.length - width));
  const prefix = start > 0 ? '…' : '';
  const body = line.slice(start, start + width);
  const suffix = start + width < line.length ? '…' : '';
  return { text: prefix + body + suffix, caret: prefix.length + (column - 1 - start) };
}

/** True for errors a front end should print as a clear one-line message. */
export function isBibunError(e: unknown): e is BibunError {
  return e instanceof BibunError;
}

/** True when `e` is the engine's stack overflow (a recursion too deep for the JS stack). */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/**
 * Turns anything thrown into a BibunError. A JavaScript RangeError from a too-deep recursion
 * becomes a `limit` error rather than a crash; anything else unknown is reported as an internal
 * error (kind `internal`, so front ends do not blame the user's input) with its message on one
 * line, no stack.
 */
export function asBibunError(e: unknown): BibunError {
  if (e instanceof BibunError) return e;
  if (isStackOverflow(e)) {
    return new BibunError('limit', 'expression is nested too deeply for this operation');
  }
  if (
    e instanceof RangeError &&
    /(Invalid array length|Invalid string length|Maximum BigInt size)/i.test(e.message)
  ) {
    return new BibunError('limit', `result too large: ${e.message}`);
  }
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  return new BibunError('internal', `internal error: ${message}`);
}

const ioReasons: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EMFILE: 'too many open files',
};

/** A file that could not be read or written, as a one-line `io` error (`cannot read x: no such file`). */
export function ioError(verb: 'read' | 'write', path: string, e: unknown): BibunError {
  const code = (e as { code?: unknown } | undefined)?.code;
  const reason =
    typeof code === 'string'
      ? (ioReasons[code] ?? code)
      : e instanceof Error
        ? e.message
        : String(e);
  return new BibunError('io', `cannot ${verb} ${path}: ${reason}`);
}
