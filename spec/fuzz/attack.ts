/**
 * `npm run attack`: issue 15's attack suite. Every case runs through a real front end (a CLI
 * process, `bibun batch`, the REPL on a pipe) with its budget given explicitly, one at a time;
 * the verdict is attack-harness.ts's: it ended, in one line, the stream went on, and within its
 * budget plus a second. Prints each case and then the slowest case per family (the table in
 * README's "Limits and safety"); exits 1 on any failure.
 *
 * `--only TEXT` runs the cases whose family or name contains TEXT; `--smoke` the smoke subset.
 */
import { rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { computeCases } from './attack-cases.js';
import { marginMs, runAttack, startUp, type AttackResult } from './attack-harness.js';
import { attackFiles } from './attack-inputs.js';
import { ioCases } from './attack-io.js';

const argv = process.argv.slice(2);
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? argv[onlyAt + 1] : undefined;
const smoke = argv.includes('--smoke');

const files = attackFiles();
try {
  const cases = [...computeCases(files), ...ioCases(files)].filter(
    (c) =>
      (!smoke || c.smoke) &&
      (only === undefined || c.family.includes(only) || c.name.includes(only)),
  );
  const started = await startUp();
  console.log(
    `attacking with ${cases.length} cases on ${cpus()[0]?.model ?? '?'}, ${cpus().length} cores, node ${process.version}`,
  );
  console.log(
    `each allowed its budget + ${marginMs} ms + the start-up of its front end (cli ${started.cli} ms, batch ${started.batch} ms, repl ${started.repl} ms)\n`,
  );
  const results: AttackResult[] = [];
  for (const c of cases) {
    const r = await runAttack(c, started);
    results.push(r);
    const verdict = r.failure ? `FAIL: ${r.failure}` : 'ok';
    console.log(
      `${`${r.ms.toFixed(0)} ms`.padStart(9)}  ${c.family.padEnd(24)} ${c.name.slice(0, 60).padEnd(61)} ${verdict}  — ${r.said.slice(0, 110)}`,
    );
  }
  console.log('\nslowest case per family (wall time of the whole process, start-up included):\n');
  console.log('| family | cases | slowest case | budget | wall time |');
  console.log('|---|---|---|---|---|');
  const families = [...new Set(results.map((r) => r.case.family))];
  for (const f of families) {
    const rs = results.filter((r) => r.case.family === f);
    const worst = rs.reduce((a, b) => (b.ms > a.ms ? b : a));
    console.log(
      `| ${f} | ${rs.length} | ${worst.case.name.replace(/\|/g, '\\|')} | ${worst.case.budgetMs} ms | ${worst.ms.toFixed(0)} ms |`,
    );
  }
  const failed = results.filter((r) => r.failure);
  console.log(failed.length === 0 ? '\nno failures' : `\n${failed.length} case(s) failed`);
  process.exitCode = failed.length === 0 ? 0 : 1;
} finally {
  rmSync(files.dir, { recursive: true, force: true });
}
