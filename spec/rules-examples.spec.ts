import test from 'ava';
import { toInfix } from '../lib/term/print.js';
import { loadRuleFiles, runExample, shippedRulesDir } from '../lib/rewrite/library.js';

// Every `example` line of rules/ is a test of its own.
const lib = loadRuleFiles([shippedRulesDir()]);
const root = shippedRulesDir();

for (const ex of lib.examples) {
  const where = `${(ex.file ?? '').slice(root.length)}:${ex.line}`;
  test(`${where} ${ex.text}`, (t) => {
    const r = runExample(lib, ex);
    t.is(r.run.stop, 'normal', r.run.message);
    t.is(toInfix(r.actual), toInfix(ex.expected));
    t.is(r.actual, ex.expected);
  });
}
