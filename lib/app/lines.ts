/**
 * Lines of a byte stream, each checked against a length limit while it is read: a line longer
 * than the limit is skipped to its end and reported by its length, never buffered whole (a
 * 512 MB line would otherwise end the process with `Invalid string length`). Only `\n` ends a
 * line; a `\r` just before it is dropped (CRLF input), a lone `\r` is part of the line.
 */

/** One line of input, or the report of a line that was too long. */
export type InputLine =
  | { readonly kind: 'line'; readonly text: string }
  | { readonly kind: 'too-long'; readonly bytes: number };

/** Splits `input` into lines of at most `limit` bytes (see the module comment). */
export async function* boundedLines(
  input: AsyncIterable<Buffer | string>,
  limit: number,
): AsyncGenerator<InputLine> {
  let parts: Buffer[] = [];
  let length = 0;
  let overflow = false;
  const finish = (): InputLine => {
    const line: InputLine = overflow
      ? { kind: 'too-long', bytes: length }
      : { kind: 'line', text: decode(parts) };
    parts = [];
    length = 0;
    overflow = false;
    return line;
  };
  const add = (piece: Buffer) => {
    length += piece.length;
    if (overflow) return;
    if (length > limit) {
      overflow = true;
      parts = [];
    } else parts.push(piece);
  };
  for await (const chunk of input) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, start);
      if (nl < 0) break;
      add(buf.subarray(start, nl));
      yield finish();
      start = nl + 1;
    }
    if (start < buf.length) add(Buffer.from(buf.subarray(start)));
  }
  if (length > 0 || overflow) yield finish();
}

function decode(parts: readonly Buffer[]): string {
  const text = Buffer.concat(parts).toString('utf8');
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
