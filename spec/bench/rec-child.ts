/**
 * The bibun side of the REC-style suite (workloads/rec.ts), as its own small process so the
 * measured wall time is what a user of the library waits for: start Node, load the library and
 * the rule file, parse the input, rewrite innermost, print the normal form (as `bibun rewrite` does). Prints one JSON line
 * (rewrites, normal form, peak resident memory, the time of loading the rules and rewriting,
 * and of the rewriting alone). With `--warm` it rewrites twice more after that, in the same
 * process (a fresh machine each time: nothing carried over but the compiled code), and prints
 * only the faster of the two as `warmMs`: the first run includes V8's warm-up of the engine's
 * code, which a REPL or batch session pays once. (A separate process, so that the whole-process
 * time of the plain run is the user's.) Usage: node rec-child.js NAME SIZE [--warm]
 */
import { rewriteStrategy } from '../../lib/rewrite/library.js';
import { parse } from '../../lib/syntax/parse.js';
import { resultText, runStrategy } from '../../lib/rewrite/run.js';
import { peakRssKB } from './peak.js';
import { recInput, recPrograms, type ChildOut } from './workloads/rec.js';

const [name, size, warm] = process.argv.slice(2);
const p = recPrograms().find((q) => q.name === name);
if (!p) throw new Error(`no REC program ${name}`);
const input = parse(recInput(p, Number(size)));
const limits = { maxSteps: 1e10, maxTimeMs: 240_000, maxSize: 1e10 };
const t0 = performance.now();
const strategy = rewriteStrategy(p.text, { file: p.file });
const t1 = performance.now();
// The time budget stops the run (with a reason) before the suite's 300 s process timeout.
const r = runStrategy(strategy, input, { limits });
const t2 = performance.now();
if (warm === '--warm') {
  let warmMs = Infinity;
  for (let i = 0; i < 2 && r.stop === 'normal'; i++) {
    const t3 = performance.now();
    const again = runStrategy(strategy, input, { limits });
    warmMs = Math.min(warmMs, performance.now() - t3);
    if (again.steps !== r.steps) throw new Error('rec-child: a second run counted differently');
  }
  process.stdout.write(JSON.stringify({ warmMs }) + '\n');
} else {
  // Printed as `bibun rewrite` prints it (a result left in the rewriting machine's store is
  // written from there).
  const form = r.stop === 'normal' ? resultText(r, 10n ** 12n) : `stopped: ${r.stop}`;
  const out: ChildOut = {
    steps: r.steps,
    form,
    rssMB: peakRssKB() / 1024,
    rewriteMs: t2 - t0,
    runMs: t2 - t1,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}
