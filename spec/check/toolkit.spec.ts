import test from 'ava';
import fc from 'fast-check';
import { evaluate } from '../../lib/term/evaluate.js';
import { shippedRulesDir } from '../../lib/rewrite/library.js';
import {
  checkIdentity,
  dagArbitrary,
  identity,
  pointArbitrary,
  rewritesTo,
  ruleSoundness,
  termArbitrary,
} from '../../lib/check/toolkit.js';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

test('identity finds sin(2x) == 2sin(x) false and passes sin(2x) == 2sin(x)cos(x)', (t) => {
  const e = t.throws(() =>
    fc.assert(identity('sin(2x) == 2sin(x)'), { seed: 42, includeErrorInReport: true }),
  );
  t.regex(e!.message, /Counterexample: \[\{"x":-?[0-9.e+-]+\}\]/);
  t.regex(e!.message, /at x = -?[0-9.e+-]+: sin\(2\*x\) = .* but 2\*sin\(x\) = /);
  t.notThrows(() => fc.assert(identity('sin(2x) == 2sin(x)cos(x)'), { seed: 42 }));
  const r = checkIdentity('sin(2x) == 2sin(x)');
  t.false(r.holds);
  t.is(r.counterexample!.point.x, 1, 'a special point is tried first');
  t.true(checkIdentity('sin(2x) == 2sin(x)cos(x)').holds);
});

test('domains: compared where both sides are defined, strict for equal domains', (t) => {
  t.true(checkIdentity('sqrt(x)^2 == x').holds);
  const one = checkIdentity('sqrt(x)^2 == x', { strict: true });
  t.false(one.holds, 'strict: undefined on one side only is a counterexample');
  t.is(one.counterexample!.lhs, undefined);
  t.true(checkIdentity('sqrt(x)^2 == x', { positive: true, strict: true }).holds);
  t.true(checkIdentity('log(x^2) == 2log(x)', { domain: [0.5, 5] }).holds);
  t.true(checkIdentity('f(x) + f(x) == 2f(x)').holds, 'uninterpreted functions: by simplification');
  t.true(checkIdentity('d(x^3, x) == 3x^2').holds, 'derivative forms are differentiated first');
});

test('arbitraries: positive terms are defined and positive at positive points; DAGs share', (t) => {
  fc.assert(
    fc.property(
      termArbitrary({ positive: true, variables: ['x', 'y'] }),
      pointArbitrary(['x', 'y'], 0.01, 5),
      (term, p) => {
        const v = evaluate(term, p);
        return Number.isNaN(v) || v > 0 || !Number.isFinite(v) || v === 0;
      },
    ),
    { seed: 7, numRuns: 300 },
  );
  let shared = 0;
  fc.assert(
    fc.property(termArbitrary({ sharing: true }), (term) => {
      if (term.dagSize < Number(term.treeSize)) shared++;
    }),
    { seed: 7, numRuns: 100 },
  );
  t.true(shared > 30);
  t.truthy(dagArbitrary({ steps: 3 }));
});

test('ruleSoundness: the shipped rules are sound; a wrong rule is caught', (t) => {
  t.true(ruleSoundness(join(shippedRulesDir(), 'simplify'), { numRuns: 50 }).sound);
  const file = join(mkdtempSync(join(tmpdir(), 'bibun-')), 'wrong.rules');
  writeFileSync(file, 'ruleset w\n  wrong: sin(2*?a) -> 2*sin(?a)\n');
  const r = ruleSoundness(file);
  t.false(r.sound);
  t.regex(r.failures[0], /rule wrong is unsound/);
});

test('rewritesTo reads as an equation', (t) => {
  t.true(rewritesTo(t, 'simplify', 'x*1 + 0 + 2*x', '3*x'));
  t.true(
    rewritesTo(t, 'innermost(dbl)', 'twice(twice(x))', '4*x', {
      rules: 'ruleset mine\n  dbl: twice(?a) -> 2*?a\n',
    }),
  );
  const seen: unknown[] = [];
  t.false(rewritesTo({ is: (a, b) => seen.push(a, b) }, 'simplify', 'x + x', 'x'));
  t.deepEqual(seen, ['2*x', 'x']);
});
