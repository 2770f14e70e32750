import test from 'ava';
import { soupTokens } from './tokens.js';
import fc from 'fast-check';
import { Budget, BudgetExceeded, withBudget } from '../../lib/base/budget.js';
import { BibunError } from '../../lib/base/errors.js';
import { SyntaxStop } from '../../lib/syntax/cursor.js';
import {
  parse,
  parsePattern,
  parseRuleFile,
  parseRuleFileWithOhm,
  parseStatement,
  parseWithOhm,
} from '../../lib/syntax/parse.js';
import { prepare } from '../../lib/syntax/prescan.js';
import { readInput } from '../../lib/syntax/reader.js';
import { RuleReader } from '../../lib/syntax/rule-reader.js';
import { toInfix } from '../../lib/term/print.js';
import { termArbitrary } from '../../lib/check/toolkit.js';

/** The offset of the reader's own syntax error, or undefined when it reads the text. */
function readerStop(text: string, rules: boolean): number | undefined {
  const p = prepare(text).prepared;
  try {
    if (rules) new RuleReader(p, text, { patterns: true }).ruleFile();
    else readInput(p, text, { patterns: true });
  } catch (e) {
    if (e instanceof SyntaxStop) return e.offset;
  }
  return undefined;
}

/** Ohm's error, as kind, line and column, or 'ok'. */
function ohmOutcome(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (!(e instanceof BibunError)) throw e;
    return `${e.kind} ${e.position?.line}:${e.position?.column}`;
  }
}

function offsetToLineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

// The soup of parse.spec.ts plus rule-language and Unicode tokens.
const exprTokens = [...soupTokens, '->', '**', '²', '√', 'π', '×', '−', '# c\n', 'if', '?'];

test('on random token soup the reader stops exactly where Ohm reports the syntax error', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...exprTokens), { minLength: 1, maxLength: 12 }),
      (parts) => {
        const text = parts.join('');
        if (/^[\s;]*(#[^\n]*)?$/.test(text)) return;
        const ohm = ohmOutcome(() => parseWithOhm(text, true));
        const stop = readerStop(text, false);
        // Where the reader reads the text, the whole outcome agrees (a semantic error included).
        if (stop === undefined)
          t.is(
            ohmOutcome(() => parsePattern(text)),
            ohm,
            JSON.stringify(text),
          );
        else t.is(`syntax ${offsetToLineColumn(text, stop)}`, ohm, JSON.stringify(text));
      },
    ),
    { seed: 21, numRuns: 3000 },
  );
});

// ----- Generated rule files.

const ruleNames = ['a', 'r1', 'add-zero', 'x_2', 'if', 'iffy', 'ruleset2', 'sin'];
const guards = [
  'is_number(?x)',
  '?x > 0',
  'free_of(?x, ?y)',
  'optional(?x, ?y)',
  '?x + 1 <= ?y',
  '?x != ?y',
  'is_odd( ?n )',
  '?a == 2',
  'f(?x, ?w) := g(?y)',
  'otherwise',
  'otherwise2(?x)',
];

/** Printed random terms with their symbols turned into pattern variables. */
const patternText = termArbitrary({ maxDepth: 3 }).map((term) =>
  toInfix(term)
    .replace(/\b([xyz])\b/g, (_m, v: string) => (v === 'z' ? '?z...' : `?${v}`))
    .replace(/\bcos\(/g, '?f('),
);
const exprText = termArbitrary({ maxDepth: 3 }).map((term) => toInfix(term));

const strategyText: fc.Arbitrary<string> = fc.letrec<{ s: string }>((tie) => ({
  s: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    fc.constantFrom(...ruleNames),
    fc.tuple(fc.constantFrom('try', 'repeat', 'bottomup'), tie('s')).map(([f, a]) => `${f}(${a})`),
    // Calls of any name (congruences, strategies with parameters), `rec X(s)`.
    fc
      .tuple(fc.constantFrom(...ruleNames), fc.array(tie('s'), { maxLength: 3 }))
      .map(([f, as]) => `${f}(${as.join(', ')})`),
    fc.tuple(fc.constantFrom('X', 'rec', 'Y'), tie('s')).map(([x, a]) => `rec ${x}(${a})`),
    // Match and build: a primary after `?` or `!`.
    fc
      .tuple(fc.constantFrom('?', '!'), fc.constantFrom('?x', 'f(?x, ?y)', '(?x + 1)', '2', 'u'))
      .map(([op, p]) => `${op}${p}`),
    fc.tuple(tie('s'), tie('s')).map(([a, b]) => `${a} ; ${b}`),
    fc.tuple(tie('s'), tie('s')).map(([a, b]) => `${a} <+ ${b}`),
    tie('s').map((a) => `(${a})`),
  ),
})).s;

const ruleLine = fc
  .tuple(
    fc.constantFrom(...ruleNames),
    patternText,
    patternText,
    fc.array(fc.constantFrom(...guards), { maxLength: 3 }),
  )
  .map(([n, l, r, gs]) => `  ${n}: ${l} -> ${r}${gs.length ? ` if ${gs.join(', ')}` : ''}`);

const decl = fc.oneof(
  fc
    .tuple(fc.constantFrom(...ruleNames), fc.array(ruleLine, { maxLength: 4 }))
    .map(([n, rs]) => [`ruleset ${n}`, ...rs].join('\n')),
  fc
    .tuple(
      fc.constantFrom(...ruleNames),
      fc.option(fc.array(fc.constantFrom('s', 't', 'rec'), { maxLength: 3 })),
      strategyText,
    )
    .map(([n, ps, s]) => `strategy ${n}${ps === null ? '' : `(${ps.join(', ')})`} = ${s}`),
  fc
    .tuple(fc.constantFrom(...ruleNames), exprText, exprText)
    .map(([n, a, b]) => `example ${n}: ${a} => ${b}`),
  fc
    .array(
      fc.tuple(
        fc.constantFrom('f(u)', 'g(u, v)', 'u ^ v', 'u * v', 'u + v', 'h()'),
        fc.array(exprText, { minLength: 1, maxLength: 2 }),
      ),
      { maxLength: 3 },
    )
    .map((ls) => ['derivatives', ...ls.map(([h, ps]) => `  ${h} : ${ps.join(', ')}`)].join('\n')),
  fc
    .tuple(
      fc.constantFrom('and', 'exp', 'f', 'assoc', 'e'),
      fc.constantFrom('', '/2', ' / 1', '/0'),
      fc.array(fc.constantFrom('assoc', 'comm', 'id(true)', 'id( 0 )', 'id(?x)', 'commute'), {
        maxLength: 3,
      }),
    )
    .map(([n, a, attrs]) => `op ${n}${a}${attrs.length > 0 ? ` : ${attrs.join(' ')}` : ''}`),
);

const ruleFile = fc
  .array(fc.tuple(decl, fc.constantFrom('\n', '\n\n', '\n# note\n', ' # c\n', '; ')), {
    maxLength: 5,
  })
  .map((ds) => ds.map(([d, sep]) => d + sep).join(''));

// A syntax error of a rule text is worded (and a bracket never closed placed) by rule-errors.ts,
// so only its kind is compared here; where the reader stops is compared with Ohm below.
const outcome = (e: unknown) =>
  e instanceof BibunError
    ? e.kind === 'syntax'
      ? 'syntax'
      : `${e.kind} ${e.position?.line}:${e.position?.column}`
    : e;

test('the rule-file reader and the Ohm grammar agree on generated rule files', (t) => {
  fc.assert(
    fc.property(ruleFile, (text) => {
      let fast: unknown;
      let slow: unknown;
      try {
        fast = parseRuleFile(text).decls;
      } catch (e) {
        fast = outcome(e);
      }
      try {
        slow = parseRuleFileWithOhm(text);
      } catch (e) {
        slow = outcome(e);
      }
      t.deepEqual(fast, slow, text);
    }),
    { seed: 22, numRuns: 400 },
  );
});

const ruleTokens = [
  'ruleset',
  'strategy',
  'example',
  'derivatives',
  ' r',
  ' a-b',
  ':',
  '->',
  '=>',
  '=',
  ' if ',
  '?x',
  '?y...',
  'f(',
  ')',
  ',',
  ' + ',
  '*',
  '^',
  '2',
  '\n',
  '\n  ',
  ';',
  '<+',
  ' > ',
  '<=',
  'u',
  '(',
  'try(',
  ' ',
  'op ',
  ' assoc',
  ' comm',
  'id(',
  '/2',
  '?f(',
  ':=',
  'otherwise',
  'rec ',
  ' X(',
  'strategy p(',
  '!',
  '?',
];

test('on random rule-file token soup the reader agrees with Ohm: result, or error position', (t) => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...ruleTokens), { maxLength: 14 }), (parts) => {
      const text = parts.join('');
      const ohm = ohmOutcome(() => parseRuleFileWithOhm(text));
      const stop = readerStop(text, true);
      if (stop === undefined)
        t.is(
          ohmOutcome(() => parseRuleFile(text)),
          ohm,
          JSON.stringify(text),
        );
      else t.is(`syntax ${offsetToLineColumn(text, stop)}`, ohm, JSON.stringify(text));
    }),
    { seed: 23, numRuns: 3000 },
  );
});

// ----- Large inputs: linear, and within the size budget.

/** Nodes a parse builds, counted by the budget's polls (one per node). */
function nodesBuilt(f: () => unknown): number {
  let ticks = 0;
  const budget = new Budget({ maxTimeMs: 1e9 });
  budget.tick = () => {
    ticks++;
  };
  try {
    withBudget(budget, f);
  } catch {
    // Only the count matters here.
  }
  return ticks;
}

test('a syntax error at the end of a long sum is found after work linear in its length', (t) => {
  const sum = (n: number) => 'x+'.repeat(n) + ')';
  const small = nodesBuilt(() => parse(sum(25_000)));
  const large = nodesBuilt(() => parse(sum(100_000)));
  t.true(small >= 25_000);
  t.true(large <= 4 * small + 10, `${small} then ${large}`);
  const e = t.throws(() => parse(sum(100_000)), { instanceOf: BibunError });
  t.is(e?.kind, 'syntax');
  t.is(e?.position?.column, 200_001);
  t.regex(e!.message, /^expected .*a name.*, found '\)'$/);
});

test('a 10,000-rule file is read, and work grows linearly with its length', (t) => {
  const file = (n: number) => {
    let text = 'ruleset big\n';
    for (let i = 0; i < n; i++)
      text += `  r${i}: f${i}(?x) + ?y*g(?x) -> ?x^2 + sin(?y) if is_number(?y)\n`;
    return text;
  };
  const small = nodesBuilt(() => parseRuleFile(file(2_500)));
  const large = nodesBuilt(() => parseRuleFile(file(10_000)));
  t.true(large <= 4 * small + 10, `${small} then ${large}`);
  const decls = parseRuleFile(file(10_000)).decls;
  t.is(decls[0].kind === 'ruleset' ? decls[0].rules.length : 0, 10_000);
  const e = t.throws(() => parseRuleFile(file(10_000) + '  bad: f(?x -> ?x\n', 'big.rules'), {
    instanceOf: BibunError,
  });
  t.deepEqual([e?.position?.file, e?.position?.line], ['big.rules', 10_002]);
});

test('a flat sum of 200,000 terms is accepted', (t) => {
  const text = Array.from({ length: 200_000 }, (_, i) => `x${i}`).join(' + ');
  const term = parse(text);
  t.is(term.kind === 'app' ? term.args.length : 0, 200_000);
});

test('an input that would build more nodes than the size budget is refused while it is read', (t) => {
  const text = 'x+'.repeat(5_000) + 'x';
  const e = t.throws(() => parse(text, { maxSize: 1_000 }), { instanceOf: BudgetExceeded });
  t.is(e?.budget, 'size');
  t.regex(e!.message, /more than 1000 nodes \(size budget; raise it with --size N/);
  const f = t.throws(() => withBudget(new Budget({ maxSize: 1_000 }), () => parse(text)), {
    instanceOf: BudgetExceeded,
  });
  t.is(f?.budget, 'size');
  t.is(
    nodesBuilt(() => parse(text, { maxSize: 1_000 })),
    1_000,
  );
  // A let-form builds few nodes however large its tree: within the budget.
  let chain = 'f0 = x';
  for (let i = 1; i <= 300; i++) chain += `; f${i} = sin(f${i - 1})*cos(f${i - 1})`;
  t.true(parse(chain + '; f300', { maxSize: 1_000 }).treeSize > 2n ** 300n);
});

test('exact arithmetic while reading is bounded by the time budget', (t) => {
  const text = Array.from({ length: 3_000 }, (_, i) => `1/${i + 1}`).join(' + ');
  const budget = new Budget({ maxTimeMs: 0 });
  const e = t.throws(() => withBudget(budget, () => parseStatement(text)), {
    instanceOf: BudgetExceeded,
  });
  t.is(e?.budget, 'time');
});
