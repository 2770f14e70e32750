/**
 * The attack suite's computational families: huge exact numbers, pathological AC patterns,
 * segment-variable backtracking, deep let-forms and nestings, and the algebra functions' loops.
 * Each case runs through a real front end with its budget given explicitly (`--time 1000`,
 * `"limits": {"time": 1000}`); the input families (limits, files, batch, REPL) are in
 * attack-io.ts. The verdict is attack-harness.ts's.
 */
import type { AttackCase, Front } from './attack-harness.js';
import {
  letChain,
  nested,
  primes,
  printedSharedChain,
  printedUnsharedChain,
  request,
  sum,
  type AttackFiles,
} from './attack-inputs.js';

/** The time budget every case gives explicitly (ms). */
export const budget = 1000;

/** `bibun OP EXPR --time 1000 ...`. */
export function cli(op: string, expr: string, ...more: string[]): Front {
  return cliWith(budget, op, expr, ...more);
}

/** `bibun OP EXPR --time MS ...`. */
export function cliWith(ms: number, op: string, expr: string, ...more: string[]): Front {
  return { kind: 'cli', args: [op, expr, '--time', String(ms), ...more] };
}

/** `bibun batch` with one request per expression. */
export function batch(op: string, ...exprs: string[]): Front {
  return batchWith(budget, op, ...exprs);
}

/** `bibun batch` with one request per expression, each with a time budget of `ms`. */
export function batchWith(ms: number, op: string, ...exprs: string[]): Front {
  return {
    kind: 'batch',
    lines: () => exprs.map((expr, i) => request(i, { op, expr, limits: { time: ms } })),
  };
}

function exact(): AttackCase[] {
  const family = 'exact numbers';
  const reciprocals = primes(17, 360).map((p) => `1/${p}`);
  const big = ['1/13^12500', '1/14^12500', ...reciprocals].join(' + ');
  const c = (name: string, front: Front, expect?: AttackCase['expect'], smoke?: boolean) => ({
    family,
    name,
    budgetMs: budget,
    front,
    expect,
    smoke,
  });
  return [
    c('1/13^12500 + 1/14^12500 + 1/17 + ... + 1/359', cli('simplify', big), { outcome: 'either' }),
    c('the same, parsed', cli('parse', big)),
    c('2^33334 (under the bit limit)', cli('simplify', '2^33334'), { outcome: 'value' }),
    c('2^99999 (the largest power of 2)', cli('simplify', '2^99999'), { outcome: 'value' }),
    c('2^100000 (one bit over)', cli('simplify', '2^100000'), { outcome: 'error' }, true),
    c('(2^33333)^3', cli('simplify', '(2^33333)^3'), { outcome: 'value' }),
    c('(2^33333)*(2^33333)*(2^33333)', cli('simplify', '(2^33333)*(2^33333)*(2^33333)'), {
      outcome: 'value',
    }),
    c('(2^33334)*(2^33334)*(2^33334) (over)', cli('simplify', '(2^33334)*(2^33334)*(2^33334)'), {
      outcome: 'error',
    }),
    c('10^(10^10)', cli('simplify', '10^(10^10)'), { outcome: 'either' }),
    c(
      '1/1 + ... + 1/10000, parsed',
      cli(
        'parse',
        sum(10_000, (i) => `1/${i}`),
      ),
      undefined,
      true,
    ),
    c(
      '1/1 + ... + 1/10000, simplified',
      cli(
        'simplify',
        sum(10_000, (i) => `1/${i}`),
      ),
    ),
    c(
      'x/1 + ... + x/10000, parsed',
      cli(
        'parse',
        sum(10_000, (i) => `x/${i}`),
      ),
    ),
    c(
      'x/1 + ... + x/10000, simplified',
      cli(
        'simplify',
        sum(10_000, (i) => `x/${i}`),
      ),
    ),
    c(
      'x^1/1 + ... + x^2000/2000, simplified',
      cli(
        'simplify',
        sum(2000, (i) => `x^${i}/${i}`),
      ),
    ),
    c(
      '3^k/7^k products, k = 1..400',
      cli(
        'simplify',
        sum(400, (k) => `3^${k * 5}/7^${k * 3}`, '*'),
      ),
    ),
    c(
      '(3/7)^k sums, k = 1..600',
      cli(
        'simplify',
        sum(600, (k) => `(3/7)^${k * 40}`),
      ),
    ),
    c('sqrt(2*3^60000)', cli('simplify', 'sqrt(2*3^60000)')),
    c('(10^30000 + 1)^(1/3)', cli('simplify', '(10^30000 + 1)^(1/3)')),
    c('(2^99998)^(1/2) * 3^(1/7)', cli('simplify', '(2^99998)^(1/2) * 3^(1/7)')),
    c('factorial(30000)', cli('simplify', 'factorial(30000)'), { outcome: 'error' }),
    c('factorial(6000)', cli('simplify', 'factorial(6000)')),
    c('binomial(20000, 10000)', cli('simplify', 'binomial(20000, 10000)')),
    c('N(pi, 30100) (over the digits exact numbers hold)', cli('simplify', 'N(pi, 30100)'), {
      outcome: 'error',
      message: /at most \d+ digits/,
    }),
    c('a literal of 1,900,000 digits', batch('parse', '7'.repeat(1_900_000)), { outcome: 'error' }),
    c('a decimal of 1,900,000 digits', batch('parse', `0.${'3'.repeat(1_899_998)}`), {
      outcome: 'error',
    }),
    c('N(1/13^12500 + 1/7, 1000)', cli('simplify', 'N(1/13^12500 + 1/7, 1000)')),
    c('eval 13^12500/14^12000', {
      kind: 'cli',
      args: ['eval', '13^12500/14^12000 + x', 'x=1', '--time', String(budget)],
    }),
    c('the 12,500-digit sum in batch, then the next request', batch('simplify', big)),
  ];
}

function ac(files: AttackFiles): AttackCase[] {
  const family = 'AC patterns';
  const sum30 = sum(30, (i) => `x${i}`);
  const prod30 = sum(30, (i) => `x${i}`, '*');
  const terms30 = sum(30, (i) => `${i + 1}*x${i}*y${i}`);
  const rule = (name: string, lhs: string, guards: string) =>
    files.rules(
      `${name}.rules`,
      `ruleset bad\n  r: ${lhs} -> g(?a) if ${guards}\nstrategy s = innermost(bad)\n`,
    );
  const five = rule('five', '?a + ?b + ?c + ?d + ?e', 'is_number(?e)');
  const fiveProd = rule('fiveprod', '?a * ?b * ?c * ?d * ?e', 'is_sum(?e)');
  const coef = rule('coef', '?a*?p + ?b*?q + ?c*?r + ?d*?s + ?e*?t', 'is_number(?e), ?a == ?t');
  const eq = rule('eq', '?a + ?b + ?c + ?d + ?e', '?e == ?a, is_number(?b)');
  const opt = rule(
    'opt',
    '?a*?p + ?b*?q + ?c*?r + ?d*?s + ?e*?t',
    'optional(?a, ?b, ?c, ?d, ?e), ?a > 10^9',
  );
  const nestedAc = rule('nested', '(?a + ?b)*(?c + ?d) + ?e', '?e == ?a, is_number(?a)');
  const c = (name: string, expr: string, file: string, smoke?: boolean): AttackCase => ({
    family,
    name,
    budgetMs: budget,
    front: cli('rewrite', expr, '--rules', file, '--strategy', 's'),
    smoke,
  });
  return [
    c('five variables, guard on the absorber, 30-term sum', sum30, five, true),
    c('five variables, guard on the absorber, 30-factor product', prod30, fiveProd),
    c('five coefficient pairs, guards never hold, 30-term sum', terms30, coef),
    c('five variables, equality guards, 30-term sum', sum30, eq),
    c('five optional coefficients, 30-term sum', terms30, opt),
    c(
      'nested AC: (?a+?b)*(?c+?d) + ?e',
      `${sum(15, (i) => `(x${i} + y${i})*(z${i} + w${i})`)}`,
      nestedAc,
    ),
    c(
      'five variables against every subterm of a 30-deep tower',
      sum(30, (i) => `(${sum30})^${i}`),
      five,
    ),
  ];
}

function segments(files: AttackFiles): AttackCase[] {
  const family = 'segment variables';
  const rule = (name: string, text: string) =>
    files.rules(`${name}.rules`, `ruleset bad\n${text}\nstrategy s = innermost(bad)\n`);
  const three = rule(
    'three',
    '  r: f(?a..., g(?x), ?b..., g(?y), ?c..., g(?z), ?d...) -> h(?x) if ?x == ?y, ?y == ?z',
  );
  const acSegs = rule('acsegs', '  r: ?a... + ?b... + ?c... + z -> h(?a...) if is_number(?b...)');
  const many = rule('many', '  r: f(?a..., ?b..., ?c..., ?d..., ?e..., 0) -> h(?a...)');
  const guarded = '  r: ?a... + ?b -> g(?b) if is_sum(?a)\n';
  const g200 = `f(${sum(200, (i) => `g(x${i})`, ', ')})`;
  const c = (name: string, front: Front, expect?: AttackCase['expect'], smoke?: boolean) => ({
    family,
    name,
    budgetMs: budget,
    front,
    expect,
    smoke,
  });
  return [
    c(
      'three g(?x) among 200 arguments, guards never hold',
      cli('rewrite', g200, '--rules', three, '--strategy', 's'),
      undefined,
      true,
    ),
    c(
      'three AC segments, 19 free terms',
      cli('rewrite', `${sum(19, (i) => `x${i}`)} + z`, '--rules', acSegs, '--strategy', 's'),
    ),
    c(
      'three AC segments, 40 free terms',
      cli('rewrite', `${sum(40, (i) => `x${i}`)} + z`, '--rules', acSegs, '--strategy', 's'),
    ),
    c(
      'five segments, 300 arguments, no 0',
      cli('rewrite', `f(${sum(300, (i) => `x${i}`, ', ')})`, '--rules', many, '--strategy', 's'),
    ),
    c(
      'a guard on a segment written as ?a is refused at load',
      cli('rewrite', 'x + y', '--rules', rule('guarded', guarded)),
      { outcome: 'error', message: /segment|\?a\.\.\./ },
    ),
    c(
      'the same rule text in batch, then the next request',
      {
        kind: 'batch',
        lines: () => [
          request(1, {
            op: 'rewrite',
            expr: 'x + y + z',
            rules: `ruleset bad\n${guarded}`,
            limits: { time: budget },
          }),
        ],
      },
      { outcome: 'error' },
    ),
  ];
}

function lets(): AttackCase[] {
  const family = 'deep let-forms';
  const unshared = printedUnsharedChain(2500);
  const shared = printedSharedChain(5000);
  // A let-form this long is no command-line argument (E2BIG): batch, and compare the result.
  const letBack = (text: string): Front => ({
    kind: 'batch',
    lines: () => [request(1, { op: 'parse', expr: text, format: 'let', limits: { time: budget } })],
  });
  const same = (text: string) => (results: string) =>
    results === JSON.stringify(text)
      ? undefined
      : 'the printed let-form does not parse back to itself';
  const c = (name: string, front: Front, expect?: AttackCase['expect'], smoke?: boolean) => ({
    family,
    name,
    budgetMs: budget,
    front,
    expect,
    smoke,
  });
  return [
    c('sin(...) 999 calls deep (1000 levels, the limit)', cli('parse', nested(999)), {
      outcome: 'value',
    }),
    c(
      'sin(...) 1000 calls deep (one over)',
      cli('parse', nested(1000)),
      { outcome: 'error', message: /nested too deeply|depth/ },
      true,
    ),
    c('nesting 50,000 deep', batch('parse', nested(50_000)), { outcome: 'error' }),
    c(
      'x^x^...^x, 1000 levels',
      cli(
        'parse',
        sum(1000, () => 'x', '^'),
      ),
      { outcome: 'value' },
    ),
    c(
      'x^x^...^x, 1001 levels',
      cli(
        'parse',
        sum(1001, () => 'x', '^'),
      ),
      { outcome: 'error' },
    ),
    c('-(-(-...x)), 1001 levels', cli('parse', `${'-('.repeat(500)}x${')'.repeat(500)}`), {
      outcome: 'error',
    }),
    c('((((x)))), 999 brackets', cli('parse', `${'('.repeat(999)}x${')'.repeat(999)}`), {
      outcome: 'value',
    }),
    c('let chain 5,000 deep, parsed', cli('parse', letChain(5000)), { outcome: 'value' }),
    c('let chain 5,000 deep, simplified', cli('simplify', letChain(5000))),
    c('let chain 5,000 deep, differentiated', cli('diff', letChain(5000), 'x')),
    c('let chain 5,000 deep, printed as text', cli('parse', letChain(5000), '--format', 'text')),
    c('let chain 5,000 deep, as LaTeX', cli('parse', letChain(5000), '--format', 'latex')),
    c('let chain 5,000 deep, in batch as JSON', {
      kind: 'batch',
      lines: () => [
        request(1, { op: 'parse', expr: letChain(5000), format: 'json', limits: { time: budget } }),
      ],
    }),
    c(
      'printed let-form of a 5,000-deep shared chain parses back',
      letBack(shared),
      { outcome: 'value', check: same(shared) },
      true,
    ),
    c('printed let-form of an unshared 5,000-deep chain parses back', letBack(unshared), {
      outcome: 'value',
      check: same(unshared),
    }),
    c(
      'a chain whose tree has 2^60 nodes, as text',
      cli(
        'parse',
        `t0 = x + y; ${sum(60, (i) => `t${i} = t${i - 1}*t${i - 1} + ${i}`, '; ')}; t60`,
      ),
      { outcome: 'error', message: /let/ },
    ),
    c(
      'the same, simplified',
      cli(
        'simplify',
        `t0 = x + y; ${sum(60, (i) => `t${i} = t${i - 1}*t${i - 1} + ${i}`, '; ')}; t60`,
        '--format',
        'let',
      ),
    ),
  ];
}

function algebra(): AttackCase[] {
  const family = 'algebra loops';
  const c = (name: string, expr: string, smoke?: boolean): AttackCase => ({
    family,
    name,
    budgetMs: budget,
    front: cli('simplify', expr),
    expect: { outcome: 'either' },
    smoke,
  });
  return [
    c('expand((x + y + z + 1)^40)', 'expand((x + y + z + 1)^40)'),
    c('60 symbols over a sum, simplified', `(${sum(60, (i) => `x${i}`)})/(x1 + x2)`),
    c('(x1 + ... + x30)^2/(x1 + x2), simplified', `(${sum(30, (i) => `x${i}`)})^2/(x1 + x2)`),
    c('expand of a sum of 60 symbols', `expand(${sum(60, (i) => `x${i}`)})`),
    c('expand((x + 3^1000)^300)', 'expand((x + 3^1000)^300)'),
    c('factor(x^360 - 1)', 'factor(x^360 - 1)', true),
    c(
      'factor of a product of 30 quadratics',
      `factor(expand(${sum(30, (i) => `(x^2 + ${i}*x + ${i * i + 1})`, '*')}))`,
    ),
    c(
      'gcd of two degree-400 polynomials',
      'gcd(expand((x+1)^200*(x-2)^200), expand((x+1)^150*(x+3)^250))',
    ),
    c('cancel of a degree-300 fraction', 'cancel(expand((x+1)^300)/expand((x+1)^299*(x+2)))'),
    c('apart of 1/((x+1)...(x+40))', `apart(1/(${sum(40, (i) => `(x + ${i})`, '*')}), x)`),
    c('series(exp(sin(x)), x, 0, 300)', 'series(exp(sin(x)), x, 0, 300)'),
    c('series(tan(x), x, 0, 200)', 'series(tan(x), x, 0, 200)'),
    c(
      'limit of a high-order cancellation',
      'limit((sin(x) - x + x^3/6 - x^5/120 + x^7/5040)/x^40, x, 0)',
    ),
    c(
      'solve of a degree-200 polynomial',
      `solve(${sum(200, (i) => `${(i % 7) - 3}*x^${i}`)} - 1, x)`,
    ),
    c(
      'solve a 60x60 linear system',
      `solve([${sum(60, (i) => `${sum(60, (j) => `${((i * j) % 11) + (i === j ? 50 : 0)}*v${j}`)} == ${i}`, ', ')}], [${sum(60, (j) => `v${j}`, ', ')}])`,
    ),
    c('N(pi, 100000)', 'N(pi, 100000)'),
    c('N(exp(exp(exp(10))))', 'N(exp(exp(exp(10))))'),
    c('nsolve of a flat function', 'nsolve(x^200, x, 1)'),
  ];
}

/** The computational families. */
export function computeCases(files: AttackFiles): AttackCase[] {
  return [...exact(), ...ac(files), ...segments(files), ...lets(), ...algebra()];
}
