/**
 * The front ends' file access: reads that cannot hang or exhaust memory, writes that never
 * overwrite by surprise. A read stats the file first (through the descriptor it reads from, so
 * the file cannot be swapped for a FIFO in between), refuses anything but a regular file
 * (`/dev/zero`, a FIFO, a directory) and reads at most the input limit, so `--rules /dev/zero`
 * or `:load` of a 3 GB file is a one-line error at once.
 */
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { BibunError, ioError } from '../base/errors.js';
import { maxInputLength } from '../syntax/parse.js';

/** The most bytes a front end reads from one file: the input limit. */
export const maxFileBytes = maxInputLength;

function refuse(path: string, st: Stats, limit: number): void {
  if (st.isDirectory()) throw new BibunError('io', `cannot read ${path}: it is a directory`);
  if (!st.isFile())
    throw new BibunError('io', `cannot read ${path}: not a regular file (a device or a pipe)`);
  if (st.size > limit)
    throw new BibunError(
      'io',
      `cannot read ${path}: ${st.size} bytes is more than the input limit (${limit} bytes)`,
    );
}

/**
 * Reads a regular file of at most `limit` bytes as UTF-8.
 *
 * @throws BibunError `io` for a missing file, a directory, a device or FIFO, or a file over the limit.
 */
export function readInputFile(path: string, limit: number = maxFileBytes): string {
  let fd: number;
  try {
    // Non-blocking, so that opening a FIFO with no writer returns at once instead of waiting.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw ioError('read', path, e);
  }
  try {
    refuse(path, fstatSync(fd), limit);
    // The file may grow after the stat: read one byte past the limit to notice.
    const buf = Buffer.allocUnsafe(Math.min(fstatSync(fd).size, limit) + 1);
    let n = 0;
    for (;;) {
      if (n === buf.length) break;
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > limit)
      throw new BibunError('io', `cannot read ${path}: more than the input limit (${limit} bytes)`);
    return buf.toString('utf8', 0, n);
  } catch (e) {
    if (e instanceof BibunError) throw e;
    throw ioError('read', path, e);
  } finally {
    closeSync(fd);
  }
}

/** Checks a path given as a rule file or folder (`check-rules`): it exists and is no device. */
export function checkReadablePath(path: string, limit: number = maxFileBytes): void {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    throw ioError('read', path, e);
  }
  if (!st.isDirectory()) refuse(path, st, limit);
}

/**
 * Writes `text` to exactly `path`. An existing file is kept unless `force`; a directory (or any
 * non-regular file) is never a target.
 *
 * @throws BibunError `io` when the path exists (without `force`), is a directory, or cannot be written.
 */
export function writeNewFile(path: string, text: string, force = false): void {
  checkTarget(path, force);
  try {
    // 'wx' fails if the file appeared since the check: never overwrite by a race either.
    writeFileSync(path, text, { flag: force ? 'w' : 'wx' });
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST')
      throw new BibunError('io', `${path} exists: add --force to overwrite it`);
    throw ioError('write', path, e);
  }
}

/**
 * Checks that `path` may be written: not a directory or device, and not an existing file
 * unless `force`.
 *
 * @throws BibunError `io` otherwise.
 */
export function checkTarget(path: string, force = false): void {
  let st: Stats | undefined;
  try {
    st = statSync(path);
  } catch {
    st = undefined;
  }
  if (st?.isDirectory()) throw new BibunError('io', `cannot write ${path}: it is a directory`);
  if (st !== undefined && !st.isFile())
    throw new BibunError('io', `cannot write ${path}: not a regular file`);
  if (st !== undefined && !force)
    throw new BibunError('io', `${path} exists: add --force to overwrite it`);
}
