import { rmSync } from 'node:fs';
import test from 'ava';
import { computeCases } from './attack-cases.js';
import { runAttack } from './attack-harness.js';
import { attackFiles } from './attack-inputs.js';
import { ioCases } from './attack-io.js';

// The smoke subset of `npm run attack`: a case or two per family through the real front ends.
// Each must end as its case expects, in one line, with the stream going on; how long it took
// is the attack runner's verdict, not this test's (no timed tests).
const files = attackFiles();
const smoke = [...computeCases(files), ...ioCases(files)].filter((c) => c.smoke);

test.after.always(() => rmSync(files.dir, { recursive: true, force: true }));

test('every family has a smoke case', (t) => {
  const all = new Set([...computeCases(files), ...ioCases(files)].map((c) => c.family));
  t.deepEqual(new Set(smoke.map((c) => c.family)), all);
});

for (const c of smoke) {
  test.serial(`attack: ${c.family}: ${c.name}`, async (t) => {
    const r = await runAttack(c);
    t.is(r.failure, undefined, r.said);
  });
}
