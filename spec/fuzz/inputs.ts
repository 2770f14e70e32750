/**
 * Hostile and accidental input for the fuzz suite: random unicode, token soup, mutations of
 * valid inputs, deep nesting, huge numbers, pasted LaTeX.
 */
import fc from 'fast-check';

/** Valid expressions to mutate. */
export const expressionCorpus: readonly string[] = [
  '(4 + sin(x)) * cos(sin(x))',
  'log(x) + x*y - sin(y)',
  't1 = sin(x); t2 = t1*cos(t1); t2 + t1',
  '2x^2 + 3(x+1) - 1/3',
  'f(x, y) == g(y, x)',
  'y = 2*x',
  'f(a, b) := a*b + 1',
  'sqrt(abs(x))^-1.5e3',
  '[x, y, atan2(y, x)]',
  'exp(-x^2/2)/sqrt(2*pi)',
];

/** Valid rule files to mutate. */
export const ruleFileCorpus: readonly string[] = [
  `# Peano arithmetic
ruleset peano
  add-z: add(z, ?y) -> ?y
  add-s: add(s(?x), ?y) -> s(add(?x, ?y))
strategy norm = innermost(peano)
example norm: add(s(z), s(z)) => s(s(z))
`,
  `ruleset arith
  collect: ?a*?x + ?b*?x -> (?a + ?b)*?x if is_number(?a), is_number(?b)
  pow-pow: (?a^?m)^?n -> ?a^(?m*?n) if is_integer(?n), ?n > 0
strategy s = fixpoint(bottomup(try(arith)))
derivatives
  myf(u) : 2*u
  u ^ v : v*u^(v-1), u^v*log(u)
`,
];

/** Valid strategy expressions to mutate. */
export const strategyCorpus: readonly string[] = [
  'fixpoint(bottomup(try(arith <+ fold)))',
  'collect ; pow-pow <+ id',
  'repeat(one(arith))',
  'innermost(arith)',
  's',
  'outermost(collect <+ pow-pow)',
  'some(all(fold))',
];

const pieces = [
  '(',
  ')',
  '[',
  ']',
  ',',
  ';',
  '\n',
  '+',
  '-',
  '*',
  '/',
  '^',
  '**',
  '=',
  '==',
  ':=',
  '->',
  '=>',
  '?',
  '?a',
  '?a...',
  '...',
  '.',
  '#',
  'x',
  'y',
  'sin',
  'log',
  'f',
  'if',
  'ruleset',
  'strategy',
  'example',
  'derivatives',
  ':',
  '0',
  '1',
  '2.5',
  '1e308',
  '1e-400',
  '99999999999999999999999999',
  '\\frac{1}{2}',
  '\\sin',
  '{',
  '}',
  '\u00a0',
  '\t',
  '\r',
  '\u0000',
  '\u202e',
  'π',
  '∂',
  '√',
  'é',
  '😀',
  ' ',
];

/** Random token soup from the pieces above. */
export function soup(): fc.Arbitrary<string> {
  return fc
    .array(fc.constantFrom(...pieces), { minLength: 0, maxLength: 30 })
    .map((p) => p.join(''));
}

/** A mutation of a valid input: characters inserted, deleted, replaced, segments repeated. */
export function mutated(corpus: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.tuple(
    fc.nat(),
    fc.nat({ max: 8 }),
    fc.constantFrom(...pieces),
    fc.integer({ min: 0, max: 3 }),
  );
  return fc
    .tuple(fc.constantFrom(...corpus), fc.array(edit, { minLength: 1, maxLength: 6 }))
    .map(([base, edits]) => {
      let s = base;
      for (const [at, len, piece, kind] of edits) {
        const i = s.length === 0 ? 0 : at % s.length;
        if (kind === 0) s = s.slice(0, i) + piece + s.slice(i);
        else if (kind === 1) s = s.slice(0, i) + s.slice(i + len);
        else if (kind === 2) s = s.slice(0, i) + piece + s.slice(i + len);
        else s = s.slice(0, i) + s.slice(i, i + len).repeat(3) + s.slice(i + len);
      }
      return s;
    });
}

/** Deeply nested or very long input. */
export function extreme(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.integer({ min: 1, max: 30000 }).map((d) => 'sin('.repeat(d) + 'x' + ')'.repeat(d)),
    fc.integer({ min: 1, max: 30000 }).map((d) => '('.repeat(d) + 'x'),
    fc.integer({ min: 1, max: 5000 }).map((d) => '-'.repeat(d) + 'x'),
    fc.integer({ min: 1, max: 5000 }).map((d) => Array(d).fill('x').join('^')),
    fc.integer({ min: 1, max: 20000 }).map((d) => Array(d).fill('x').join('+')),
    fc.integer({ min: 1, max: 400 }).map((d) => `10^(10^${d})`),
    fc.integer({ min: 1, max: 10000 }).map((d) => '9'.repeat(d) + '/7'),
    fc.integer({ min: 1, max: 300 }).map((d) => `2^${d}^${d}`),
  );
}

/** Any of the above for an entry point with the given corpus. */
export function hostile(corpus: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...corpus) },
    { weight: 3, arbitrary: mutated(corpus) },
    { weight: 2, arbitrary: soup() },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
    { weight: 1, arbitrary: extreme() },
  );
}

/** Hostile `bibun batch` lines: broken JSON, wrong types, missing fields, huge and deep values. */
export function batchLine(): fc.Arbitrary<string> {
  const value = fc.oneof(
    hostile(expressionCorpus),
    fc.constant(null),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 3 }),
  );
  const op = fc.oneof(
    fc.constantFrom('parse', 'eval', 'simplify', 'diff', 'grad', 'rewrite', 'check', 'PARSE', ''),
    fc.string({ maxLength: 5 }),
  );
  const request = fc.record(
    {
      id: fc.oneof(
        fc.integer(),
        fc.string({ maxLength: 5 }),
        fc.constant(null),
        fc.array(fc.integer(), { maxLength: 2 }),
      ),
      op,
      expr: value,
      var: value,
      vars: fc.oneof(
        value,
        fc.array(fc.constantFrom('x', 'y', '', '1', '__proto__'), { maxLength: 3 }),
      ),
      at: fc.oneof(
        value,
        fc.dictionary(
          fc.constantFrom('x', 'y', '__proto__', 'constructor'),
          fc.oneof(fc.double(), fc.string({ maxLength: 3 })),
          { maxKeys: 3 },
        ),
      ),
      rules: fc.oneof(value, hostile(ruleFileCorpus)),
      strategy: fc.oneof(value, hostile(strategyCorpus)),
      identity: value,
      method: fc.oneof(
        value,
        fc.constantFrom('tree', 'dag', 'graph', 'dstar', 'forward', 'reverse', 'numeric'),
      ),
      format: fc.oneof(value, fc.constantFrom('text', 'latex', 'let', 'dot', 'json')),
    },
    { requiredKeys: [] },
  );
  const deepJson = fc.integer({ min: 1, max: 100000 }).map((d) => '['.repeat(d) + ']'.repeat(d));
  return fc.oneof(
    { weight: 6, arbitrary: request.map((r) => JSON.stringify(r)) },
    { weight: 1, arbitrary: request.map((r) => JSON.stringify(r).slice(0, -3)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: deepJson },
  );
}

const replCommands = [
  ':help',
  ':diff',
  ':grad',
  ':hessian',
  ':simplify',
  ':eval',
  ':rule',
  ':load',
  ':load missing.rules',
  ':rules',
  ':strategy',
  ':trace',
  ':size',
  ':let',
  ':dot',
  ':latex',
  ':check',
  ':bench',
  ':set',
  ':env',
  ':',
  '::',
  ':set time=-1',
  ':set steps=abc',
];

/** REPL scripts: lines (joined by U+0001) of commands with hostile arguments and hostile input. */
export function replInputs(): fc.Arbitrary<string> {
  const line = fc.oneof(
    fc
      .tuple(fc.constantFrom(...replCommands), hostile(expressionCorpus))
      .map(([c, a]) => `${c} ${a}`),
    fc
      .tuple(
        fc.constantFrom(':rule', ':strategy'),
        hostile(ruleFileCorpus.flatMap((f) => f.split('\n'))),
      )
      .map(([c, a]) => `${c} ${a}`),
    hostile(expressionCorpus),
  );
  return fc.array(line, { minLength: 1, maxLength: 5 }).map((ls) => ls.join('\u0001'));
}
