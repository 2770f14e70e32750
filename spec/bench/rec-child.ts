/**
 * The bibun side of the REC-style suite (workloads/rec.ts), as its own small process so the
 * measured wall time is what a user of the library waits for: start Node, load the library and
 * the rule file, parse the input, rewrite innermost, print the normal form. Prints one JSON line
 * (rewrites, normal form, peak resident memory). Usage: node rec-child.js NAME SIZE
 */
import { resourceUsage } from 'node:process';
import { rewriteWithRules } from '../../lib/rewrite/library.js';
import { parse } from '../../lib/syntax/parse.js';
import { format } from '../../lib/term/print.js';
import { recInput, recPrograms, type ChildOut } from './workloads/rec.js';

const [name, size] = process.argv.slice(2);
const p = recPrograms().find((q) => q.name === name);
if (!p) throw new Error(`no REC program ${name}`);
const r = rewriteWithRules(parse(recInput(p, Number(size))), p.text, {
  file: p.file,
  limits: { maxSteps: 1e10, maxTimeMs: 600_000, maxSize: 1e10 },
});
const form = r.stop === 'normal' ? format(r.term, 'text', 10n ** 12n) : `stopped: ${r.stop}`;
const out: ChildOut = { steps: r.steps, form, rssMB: resourceUsage().maxRSS / 1024 };
process.stdout.write(JSON.stringify(out) + '\n');
