/**
 * `npm run fuzz`: 10^4 cases per entry point (or `--runs N`), prints the counts, exits 1 on any
 * failure.
 */
import { entries } from './entries.js';
import { fuzz } from './harness.js';

const argv = process.argv.slice(2);
const runsAt = argv.indexOf('--runs');
const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 10_000;
const only = argv.indexOf('--only') >= 0 ? argv[argv.indexOf('--only') + 1] : undefined;

let failed = 0;
console.log(`fuzzing ${runs} cases per entry point (seed 2026)\n`);
console.log(
  'entry point'.padEnd(32) +
    'cases'.padStart(8) +
    'values'.padStart(9) +
    'errors'.padStart(9) +
    'slowest'.padStart(11) +
    '  result',
);
for (const entry of entries) {
  if (only && !entry.name.includes(only)) continue;
  const r = fuzz(entry, runs, 2026);
  if (r.failure) failed++;
  console.log(
    r.name.padEnd(32) +
      String(r.cases).padStart(8) +
      String(r.values).padStart(9) +
      String(r.errors).padStart(9) +
      `${r.slowest.toFixed(0)} ms`.padStart(11) +
      '  ' +
      (r.failure ? `FAIL: ${r.failure}` : 'ok'),
  );
}
console.log(failed === 0 ? '\nno failures' : `\n${failed} entry point(s) failed`);
process.exitCode = failed === 0 ? 0 : 1;
