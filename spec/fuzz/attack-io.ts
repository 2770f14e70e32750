/**
 * The attack suite's input families: inputs just under (and just over) every limit, files that
 * are not what they seem, hostile batch streams and REPL sessions (issue 15's reproductions).
 */
import type { AttackCase, Front } from './attack-harness.js';
import { batch, batchWith, budget, cli, cliWith } from './attack-cases.js';
import { maxInputLength } from '../../lib/syntax/prescan.js';
import { manyRules, nested, request, sum, xSum, type AttackFiles } from './attack-inputs.js';

const limits = { time: budget };

/** Flat inputs get the default time budget: they must be answered, not stopped. */
const flatBudget = 10_000;

/** What cases that must finish (big files, syntax errors in 1.9 MB) get: the default budget. */
const bigBudget = 10_000;

/** A batch stream of these lines. */
function lines(...ls: (string | Buffer)[]): Front {
  return { kind: 'batch', lines: () => ls };
}

/** A batch request line of exactly `bytes` bytes (and a newline), padded in a spare field. */
function paddedLine(bytes: number): string {
  const head = request('pad', { op: 'parse', expr: 'x', limits, pad: '' });
  return head.replace('"pad":""', `"pad":"${'p'.repeat(bytes + 1 - head.length)}"`);
}

/** A line of `mb` megabytes (no newline until the end), written in 1 MB pieces. */
function* hugeLine(mb: number): Iterable<Buffer> {
  const piece = Buffer.alloc(1 << 20, 'x'.charCodeAt(0));
  yield Buffer.from('{"id":"huge","op":"parse","expr":"');
  for (let i = 0; i < mb; i++) yield piece;
  yield Buffer.from('"}\n');
}

/** The REPL, its time budget set first. */
function repl(inputs: readonly string[], env?: Record<string, string>): Front {
  return { kind: 'repl', inputs: [`:set time=${budget}`, ...inputs], env };
}

type Expect = AttackCase['expect'];

function family(name: string) {
  return (title: string, front: Front, expect?: Expect, smoke?: boolean, budgetMs = budget) => ({
    family: name,
    name: title,
    budgetMs,
    front,
    expect,
    smoke,
  });
}

function underLimits(files: AttackFiles): AttackCase[] {
  const c = family('just under the limits');
  const distinct = (n: number) => sum(n, (i) => `x${i}`);
  return [
    c(
      '1,999,999 characters of abcdefghi+... (200,000 terms)',
      batch('parse', `${'abcdefghi+'.repeat(199_999)}abcdefghi`),
      { outcome: 'value' },
    ),
    c(
      'x+x+...+x of 999,999 terms (1,000,000 nodes)',
      batchWith(bigBudget, 'parse', xSum(1_999_997)),
      { outcome: 'value' },
      false,
      bigBudget,
    ),
    c('x+x+...+x of 1,000,000 terms', batch('parse', xSum(1_999_999)), {
      outcome: 'error',
      message: /size budget|time budget/,
    }),
    c('one character over the input limit', batch('parse', 'x'.repeat(maxInputLength + 1)), {
      outcome: 'error',
      message: /characters|too long|length/,
    }),
    c('100,000 distinct symbols, --time 1000', batch('parse', distinct(100_000)), {
      outcome: 'either',
    }),
    c(
      '100,000 distinct symbols',
      batchWith(bigBudget, 'parse', distinct(100_000)),
      { outcome: 'value' },
      false,
      bigBudget,
    ),
    c('--size 1000: 1000 nodes', cli('parse', distinct(999), '--size', '1000'), {
      outcome: 'value',
    }),
    c(
      '--size 1000: 1001 nodes',
      cli('parse', distinct(1000), '--size', '1000'),
      { outcome: 'error', message: /size budget/ },
      true,
    ),
    c('3^63000 (99,852 bits)', cli('simplify', '3^63000'), { outcome: 'value' }),
    c('1/2^99999 + 1/3', cli('simplify', '1/2^99999 + 1/3'), { outcome: 'error' }),
    c('nesting 1000 levels in batch', batch('parse', nested(999)), { outcome: 'value' }),
    // Lines up to 256 MiB are read (let-form exchange, issue 13); the 600 MB line is over it.
    c('a batch line of 8,000,000 bytes', lines(paddedLine(8_000_000)), { outcome: 'value' }),
    c(
      'a batch line of 600 MB, streamed',
      { kind: 'batch', lines: () => hugeLine(600) },
      { outcome: 'error', message: /line|bytes/ },
      false,
      5000,
    ),
    c('--steps 1', cli('simplify', 'x + x + x*1 + 0', '--steps', '1'), { outcome: 'either' }),
    c(
      '--time 1 on a heavy simplify',
      { kind: 'cli', args: ['simplify', sum(3000, (i) => `x/${i}`), '--time', '1'] },
      { outcome: 'either' },
      false,
      1,
    ),
    c(
      'a text result of 999,999 tree nodes',
      cli('parse', `t0 = x + y; ${sum(17, (i) => `t${i} = t${i - 1}*t${i - 1}`, '; ')}; t17`),
      { outcome: 'either' },
    ),
    c('a rule file of 2,000,000 bytes', cli('rewrite', 'x', '--rules', files.under), {
      outcome: 'value',
    }),
  ];
}

function fileCases(files: AttackFiles): AttackCase[] {
  const c = family('files');
  const rw = (file: string) => cli('rewrite', 'f1(x, y)', '--rules', file);
  // Loading 10^4 rules takes about a second here: these get the default budget, and must load.
  const big = (file: string) => cliWith(bigBudget, 'rewrite', 'f1(x, y)', '--rules', file);
  return [
    c('--rules /dev/zero', rw('/dev/zero'), { outcome: 'error', message: /regular file/ }, true),
    c('--rules a FIFO', rw(files.fifo), { outcome: 'error', message: /regular file/ }),
    c('--rules a directory', rw(files.folder), { outcome: 'error' }),
    c('--rules a sparse 3 GB file', rw(files.giant), {
      outcome: 'error',
      message: /bytes|large|limit/,
    }),
    c('--rules a file one byte over the file limit', rw(files.over), { outcome: 'error' }),
    c('--rules a file of 2,000,000 bytes', rw(files.under), { outcome: 'value' }),
    c('--rules a missing file', rw(`${files.dir}/missing.rules`), { outcome: 'error' }),
    c('a rule file of 10,000 rules, --time 1000', rw(files.rules10k), { outcome: 'either' }),
    c(
      'a rule file of 10,000 rules',
      big(files.rules10k),
      { outcome: 'value', output: /g1\(y, x\)/ },
      false,
      bigBudget,
    ),
    c('a rule file of 20,000 rules', big(files.rules20k), { outcome: 'value' }, false, bigBudget),
    c(
      'a 1.9 MB rule file with a syntax error at its end',
      big(files.rulesBroken),
      { outcome: 'error', message: /:33002:\d+/ },
      false,
      bigBudget,
    ),
    c(
      'check-rules of a 10,000-rule file',
      {
        kind: 'cli',
        args: ['check-rules', files.rules10k, '--runs', '5', '--time', String(budget)],
      },
      { outcome: 'either' },
    ),
    c('diff --rules /dev/zero', cli('diff', 'x^2', 'x', '--rules', '/dev/zero'), {
      outcome: 'error',
    }),
    c('BIBUN_HISTORY=/dev/zero', repl(['1 + 1'], { BIBUN_HISTORY: '/dev/zero' })),
    c('BIBUN_HISTORY=a FIFO', repl(['1 + 1'], { BIBUN_HISTORY: files.fifo })),
    c(':load /dev/zero', repl([':load /dev/zero']), { message: /regular file/ }),
    c(':load a FIFO', repl([`:load ${files.fifo}`]), { message: /regular file/ }),
    c(':load a sparse 3 GB file', repl([`:load ${files.giant}`])),
    c(
      ':load a 20,000-rule file',
      { kind: 'repl', inputs: [`:set time=${bigBudget}`, `:load ${files.rules20k}`, 'f7(a, b)'] },
      { message: /g7\(b, a\)/ },
      false,
      bigBudget,
    ),
  ];
}

function batchCases(): AttackCase[] {
  const c = family('batch streams');
  const brokenExpr = xSum(1_900_001, '+)');
  const syntax = { outcome: 'error', message: /expected/ } as const;
  const big = (title: string, front: Front, expect: Expect, smoke?: boolean) =>
    c(title, front, expect, smoke, bigBudget);
  const parse = (expr: string) => batchWith(bigBudget, 'parse', expr);
  const rulesText = (rules: string, expr = 'x'): Front => ({
    kind: 'batch',
    lines: () => [request(1, { op: 'rewrite', expr, rules, limits: { time: bigBudget } })],
  });
  return [
    big('a syntax error at the end of 1.9 MB', parse(brokenExpr), syntax, true),
    big('a syntax error at the start of 1.9 MB', parse(`)${xSum(1_899_999)}`), syntax),
    big(
      'a syntax error in the middle of 1.9 MB',
      parse(`${xSum(999_999)}+*${xSum(899_999)}`),
      syntax,
    ),
    big('an unclosed bracket before 1.9 MB', parse(`(${xSum(1_899_999)}`), syntax),
    c('the same, --time 1000', batch('parse', `(${xSum(1_899_999)}`), { outcome: 'error' }),
    big(
      '1.9 MB rule text with a syntax error',
      rulesText(manyRules(33_000, '  bad: f(?a -> ?a\n')),
      { outcome: 'error', message: /"\(" is never closed/ },
    ),
    big('20,000 rules as rule text', rulesText(manyRules(20_000), 'f3(a, b)'), {
      outcome: 'value',
    }),
    c('a lone \\r inside a request line', lines('{"id":1,"op":"parse",\r"expr":"x+x"}\n'), {
      outcome: 'value',
    }),
    c(
      '\\r\\n line ends',
      lines('{"id":1,"op":"parse","expr":"x+x"}\r\n{"id":2,"op":"parse","expr":"y"}\r\n'),
      { outcome: 'value' },
    ),
    c('a \\r inside the expression', lines('{"id":1,"op":"parse","expr":"x +\\r y"}\n'), {
      outcome: 'either',
    }),
    c(
      'limit key __proto__',
      lines('{"id":1,"op":"simplify","expr":"x","limits":{"__proto__":{"time":1}}}\n'),
      { outcome: 'error', message: /unknown limit/ },
    ),
    c(
      'limit key constructor',
      lines('{"id":1,"op":"simplify","expr":"x","limits":{"constructor":5}}\n'),
      { outcome: 'error', message: /unknown limit/ },
    ),
    c(
      'limit key toString',
      lines('{"id":1,"op":"simplify","expr":"x","limits":{"toString":5}}\n'),
      { outcome: 'error', message: /unknown limit/ },
    ),
    c(
      'limits of 1e308, -1, NaN text',
      lines(
        request(1, { op: 'simplify', expr: 'x', limits: { time: 1e308 } }),
        request(2, { op: 'simplify', expr: 'x', limits: { steps: -1 } }),
        request(3, { op: 'simplify', expr: 'x', limits: { size: 'NaN' } }),
      ),
      { outcome: 'either' },
    ),
    c('JSON nested 100,000 deep', lines(`${'['.repeat(100_000)}${']'.repeat(100_000)}\n`), {
      outcome: 'error',
    }),
    c(
      'an expr of JSON nested 100,000 deep',
      lines(`{"id":1,"op":"parse","expr":${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`),
      { outcome: 'error' },
    ),
    c(
      '10,000 empty and garbage lines',
      lines(...Array.from({ length: 10_000 }, (_, i) => (i % 3 ? 'garbage\n' : '\n'))),
      { outcome: 'error' },
    ),
    c('a NUL byte and invalid UTF-8', lines(Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x0a])), {
      outcome: 'error',
    }),
    c(
      '10,000 rules as rule text in 3 requests, --time 1000 each',
      {
        kind: 'batch',
        lines: () =>
          Array.from({ length: 3 }, (_, i) =>
            request(i, { op: 'rewrite', expr: 'f1(a, b)', rules: manyRules(10_000), limits }),
          ),
      },
      { outcome: 'either' },
      false,
      3 * budget,
    ),
    c('a 5,000-deep let chain as JSON output', {
      kind: 'batch',
      lines: () => [
        request(1, {
          op: 'parse',
          expr: `t1 = sin(x); ${sum(4999, (i) => `t${i + 1} = cos(t${i})`, '; ')}; t5000`,
          format: 'json',
          limits,
        }),
      ],
    }),
  ];
}

function flatCases(files: AttackFiles): AttackCase[] {
  const c = family('flat inputs');
  const ask = (op: string, fields: Record<string, unknown>): Front => ({
    kind: 'batch',
    lines: () => [request(1, { op, ...fields, limits: { time: flatBudget } })],
  });
  const n = 200_000;
  const xs = xSum(2 * n - 1);
  const distinct = sum(n / 2, (i) => `x${i}`);
  const seg = files.rules(
    'seg.rules',
    'ruleset r\n  swap: ?a... + ?b -> g(?b) + ?a... if is_symbol(?b)\n',
  );
  const value = { outcome: 'value' } as const;
  const flat = (title: string, front: Front, expect: Expect = value, smoke?: boolean) =>
    c(title, front, expect, smoke, flatBudget);
  return [
    flat(
      'f(x1, ..., x150000) rewritten by f(?a..., ?b) -> g(?b, ?a...)',
      ask('rewrite', {
        expr: `f(${sum(150_000, (i) => `x${i}`, ',')})`,
        rules: 'ruleset r\n  wrap: f(?a..., ?b) -> g(?b, ?a...)\n',
        strategy: 'r',
      }),
      { outcome: 'value', output: /^"g\(x150000, x1, x2/ },
    ),
    flat(
      'x+x+...+x, 200,000 terms, simplified',
      ask('simplify', { expr: xs }),
      { outcome: 'value', output: /200000\*x/ },
      true,
    ),
    flat('x+x+...+x, 950,001 terms, simplified', ask('simplify', { expr: xSum(1_900_001) }), {
      outcome: 'value',
      output: /950001\*x/,
    }),
    flat(
      'x*x*...*x, 200,000 factors, simplified',
      ask('simplify', { expr: sum(n, () => 'x', '*') }),
      { outcome: 'value', output: /x\^200000/ },
    ),
    flat('x1+...+x100000, simplified', ask('simplify', { expr: distinct })),
    flat('x1+...+x100000, expanded', ask('simplify', { expr: `expand(${distinct})` }), {
      outcome: 'error',
      message: /at most 52 generators/,
    }),
    flat('(x1+...+x100000)*y, expanded', ask('simplify', { expr: `expand((${distinct})*y)` }), {
      outcome: 'either',
    }),
    flat('x+x+...+x, 200,000 terms, differentiated', ask('diff', { expr: xs, var: 'x' }), {
      outcome: 'value',
      output: /200000/,
    }),
    flat('x1+...+x100000, differentiated', ask('diff', { expr: distinct, var: 'x7' })),
    flat(
      'x1*...*x100000, differentiated',
      ask('diff', { expr: sum(n / 2, (i) => `x${i}`, '*'), var: 'x7' }),
    ),
    flat(
      'x1+...+x100000, rewritten with a segment rule',
      ask('rewrite', {
        expr: distinct,
        rules: `ruleset r\n  swap: ?a... + ?b -> g(?b) + ?a... if is_symbol(?b)\n`,
        strategy: 'r',
      }),
      { outcome: 'either' },
    ),
    flat('x1+...+x100000, evaluated', ask('eval', { expr: distinct, at: { x1: 1 } }), {
      outcome: 'either',
    }),
    flat('x1+...+x100000, checked', ask('check', { identity: `${distinct} == ${distinct}` }), {
      outcome: 'either',
    }),
    flat('x1+...+x100000 as LaTeX', ask('parse', { expr: distinct, format: 'latex' })),
    flat('x1+...+x100000 as let-form', ask('parse', { expr: distinct, format: 'let' })),
    flat('x1+...+x100000 as JSON', ask('parse', { expr: distinct, format: 'json' })),
    flat(
      'f(x1, ..., x100000), simplified',
      ask('simplify', { expr: `f(${sum(n / 2, (i) => `x${i}`, ', ')})` }),
    ),
    flat(
      '[x1, ..., x100000], simplified',
      ask('simplify', { expr: `[${sum(n / 2, (i) => `x${i}`, ', ')}]` }),
    ),
    flat('x1+...+x50000 in the REPL', repl([sum(50_000, (i) => `x${i}`)]), {}),
    flat(
      'a segment rule over 50,000 terms, from a file',
      {
        kind: 'cli',
        args: [
          'rewrite',
          `f(${sum(10_000, (i) => `x${i}`, ',')})`,
          '--rules',
          seg,
          '--time',
          String(flatBudget),
        ],
      },
      { outcome: 'either' },
    ),
  ];
}

function replCases(): AttackCase[] {
  const c = family('REPL sessions');
  const g = 'g(t) := sin(cos(t))';
  return [
    c('x+x+...+x of 1.9 MB in one line', repl([xSum(1_900_001)]), undefined, true),
    c('the same with a syntax error at its end', repl([xSum(1_900_001, '+)')]), {
      message: /expected|time budget/,
    }),
    c(
      'a binding 1,100 levels deep, then more inputs',
      repl([g, `c = ${'g('.repeat(550)}x${')'.repeat(550)}`, 'c2 = c + 1']),
    ),
    c(
      'a guard on a segment, then every later sum',
      repl([':rule bad: ?a... + ?b -> g(?b) if is_sum(?a)', 'x + y', 'x + y + z']),
    ),
    c(
      '100 nested function definitions',
      repl([
        ...Array.from({ length: 100 }, (_, i) =>
          i === 0 ? 'f0(x) := x + 1' : `f${i}(x) := f${i - 1}(x) + 1`,
        ),
        'f99(0)',
      ]),
      { message: /\n(bibun> )+100\n/ },
    ),
    c(
      '101 nested function definitions',
      repl([
        ...Array.from({ length: 101 }, (_, i) =>
          i === 0 ? 'f0(x) := x + 1' : `f${i}(x) := f${i - 1}(x) + 1`,
        ),
        'f100(0)',
      ]),
      { message: /more than 100 levels/ },
    ),
    c('a self-recursive function', repl(['f(x) := f(x + 1)', 'f(0)'])),
    c('mutually recursive functions', repl(['a1(x) := a2(x)', 'a2(x) := a1(x)', 'a1(1)'])),
    c('1/1 + ... + 1/10000 in the REPL', repl([sum(10_000, (i) => `1/${i}`)])),
    c('x/1 + ... + x/10000 in the REPL', repl([sum(10_000, (i) => `x/${i}`)])),
  ];
}

/** The input families. */
export function ioCases(files: AttackFiles): AttackCase[] {
  return [
    ...underLimits(files),
    ...fileCases(files),
    ...batchCases(),
    ...flatCases(files),
    ...replCases(),
  ];
}
