import test from 'ava';
import { BibunError } from '../../lib/base/errors.js';
import { loadRulesCached, ruleCacheCounters, ruleCacheSize } from '../../lib/app/rule-cache.js';
import { rewriteBase, rewriteCommand } from '../../lib/app/operations.js';
import { parse } from '../../lib/syntax/parse.js';

const text = (k: number) => `ruleset r${k}\n  dbl${k}: twice${k}(?a) -> pair(?a, ?a)\n`;

test('the same rule text is read once and answers with the same library', (t) => {
  const before = { ...ruleCacheCounters };
  const a = loadRulesCached(rewriteBase(), text(1), '<rules>');
  const b = loadRulesCached(rewriteBase(), text(1), '<rules>');
  t.is(a, b);
  t.is(ruleCacheCounters.loads - before.loads, 1);
  t.is(ruleCacheCounters.hits - before.hits, 1);
  t.deepEqual(
    a.own.map((r) => r.name),
    ['dbl1'],
  );
});

test('a repeated rewrite request gives the same result from the cached rules', (t) => {
  const r1 = rewriteCommand(parse('twice2(x)'), text(2), { file: '<rules>' });
  const r2 = rewriteCommand(parse('twice2(x)'), text(2), { file: '<rules>' });
  t.is(r1.term, parse('pair(x, x)'));
  t.is(r2.term, r1.term);
});

test('the table is bounded: the least recently used text is read again', (t) => {
  loadRulesCached(rewriteBase(), text(100), 'f');
  for (let k = 0; k < ruleCacheSize; k++) loadRulesCached(rewriteBase(), text(200 + k), 'f');
  const before = ruleCacheCounters.loads;
  loadRulesCached(rewriteBase(), text(100), 'f');
  t.is(ruleCacheCounters.loads - before, 1);
});

test('a bad text is an error every time, and nothing is kept for it', (t) => {
  const bad = 'ruleset r\n  bad: f(?a) -> ?b\n';
  for (let i = 0; i < 2; i++) {
    const e = t.throws(() => loadRulesCached(rewriteBase(), bad, 'f'));
    t.true(e instanceof BibunError);
  }
});
