/**
 * Rule texts loaded once: `bibun batch` (and the CLI, the REPL) may send the same rule file with
 * every request, and reading a file of a hundred rules costs far more than most rewrites. A
 * loaded library is immutable, so a bounded table keyed by the text's content (and file name,
 * which messages cite) answers a repeated text with the library loaded the first time.
 */
import type { Rule } from '../match/rule.js';
import type { RuleLibrary } from '../rewrite/library.js';

/** A rule text loaded on a base: the library, and the rules the text itself added, in order. */
export interface LoadedRules {
  readonly lib: RuleLibrary;
  readonly own: readonly Rule[];
}

/** How many distinct rule texts are kept (least recently used dropped first). */
export const ruleCacheSize = 16;

const cache = new Map<string, LoadedRules>();
const bases = new WeakMap<RuleLibrary, number>();
let nextBase = 0;

/** Counts for tests and the benchmark: texts read, and texts answered from the table. */
export const ruleCacheCounters = { loads: 0, hits: 0 };

/**
 * `text` loaded on `base` (as `base.loadText(text, file)`), from the table when the same text was
 * loaded on the same base before.
 *
 * @throws BibunError `rule` for a bad file (nothing is kept for it).
 */
export function loadRulesCached(base: RuleLibrary, text: string, file?: string): LoadedRules {
  let b = bases.get(base);
  if (b === undefined) bases.set(base, (b = nextBase++));
  const key = `${b}\u0000${file ?? ''}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) {
    ruleCacheCounters.hits++;
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  ruleCacheCounters.loads++;
  const lib = base.loadText(text, file);
  const own = lib.rules
    .filter((_, n) => !base.rules.has(n))
    .valueSeq()
    .toArray();
  const loaded: LoadedRules = { lib, own };
  cache.set(key, loaded);
  if (cache.size > ruleCacheSize) cache.delete(cache.keys().next().value as string);
  return loaded;
}
