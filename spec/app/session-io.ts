/** Helpers the session specs share: an in-memory disk and transcripts. */
import { BibunError } from '../../lib/base/errors.js';
import type { Session, SessionIO } from '../../lib/app/session.js';

/**
 * In-memory files, so sessions are tested without a disk. With `refuseOverwrite`, writing an
 * existing file without `force` fails as the real one does (`:save`, `:dot`).
 */
export function memoryIO(
  files: Record<string, string> = {},
  refuseOverwrite = false,
): SessionIO & { files: Record<string, string> } {
  return {
    files,
    readFile: (p) => {
      if (!(p in files)) throw new BibunError('io', `cannot read ${p}: ENOENT`);
      return files[p];
    },
    writeFile: (p, text, force) => {
      if (refuseOverwrite && p in files && !force)
        throw new BibunError('io', `${p} exists (--force overwrites it)`);
      files[p] = text;
    },
  };
}

/** Runs inputs and returns `> input` / output lines, as a transcript. */
export function transcript(session: Session, inputs: readonly string[]): string {
  return inputs.map((i) => `> ${i}\n${session.eval(i)}`).join('\n');
}
