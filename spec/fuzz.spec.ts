import test from 'ava';
import { entries } from './fuzz/entries.js';
import { fuzz } from './fuzz/harness.js';

// A quick pass of the fuzz suite (`npm run fuzz` runs 10^4 cases per entry point).
for (const entry of entries) {
  test(`fuzz: ${entry.name} returns a value or a clear error`, (t) => {
    const r = fuzz(entry, 200, 7);
    t.is(r.failure, undefined);
    t.is(r.values + r.errors, r.cases);
  });
}
