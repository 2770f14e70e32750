import test from 'ava';
import { soupTokens } from './tokens.js';
import fc from 'fast-check';
import { BibunError, type ErrorKind } from '../../lib/base/errors.js';
import {
  maxInputLength,
  needsMoreInput,
  openBrackets,
  parse,
  parsePattern,
  parseRule,
  parseRuleFile,
  parseStatement,
  parseStrategy,
  parseWithOhm,
} from '../../lib/syntax/parse.js';
import { toInfix, toLet } from '../../lib/term/print.js';
import {
  add,
  app,
  call,
  div,
  list,
  mul,
  neg,
  num,
  patternVar,
  pow,
  sym,
  type Term,
} from '../../lib/term/term.js';
import { termArbitrary } from '../../lib/check/toolkit.js';

const x = sym('x');
const y = sym('y');

/** `parses(t, text, expected)`: the text parses to the term built by hand. */
const cases: Array<[string, ReturnType<typeof parse>]> = [
  ['2x', mul(num(2), x)],
  ['3(x+1)', mul(num(3), add(x, num(1)))],
  ['2 sin(x)', mul(num(2), call('sin', x))],
  ['2x^2', mul(num(2), pow(x, num(2)))],
  ['-x^2', neg(pow(x, num(2)))],
  ['2^-1', num(1n, 2n)],
  ['x^-y', pow(x, neg(y))],
  ['a^b^c', pow(sym('a'), pow(sym('b'), sym('c')))],
  ['x - y', add(x, neg(y))],
  ['x / y', div(x, y)],
  ['3.25', num(13n, 4n)],
  ['1e-3', num(1n, 1000n)],
  ['1/3 + 1/6', num(1n, 2n)],
  ['2e', mul(num(2), sym('e'))],
  ['f(x, y)', call('f', x, y)],
  ['[x, 2]', list(x, num(2))],
  ['sin (x)', call('sin', x)],
  ['x # a comment', x],
  ['(x +\n y)', add(x, y)],
  ['x +\n y', add(x, y)],
  ['x\n * y', mul(x, y)],
];

for (const [text, expected] of cases) {
  test(`parses ${JSON.stringify(text)}`, (t) => {
    t.is(parse(text), expected);
    t.is(parseWithOhm(text), expected);
  });
}

test('let-form parses to the shared DAG', (t) => {
  const f = parse('t1 = sin(x); t2 = t1*cos(t1); t2 + t1');
  const s = call('sin', x);
  t.is(f, add(mul(s, call('cos', s)), s));
  t.is(f.dagSize, 5);
  t.is(parse('t1 = sin(x)\nt2 = t1*cos(t1)\nt2 + t1'), f);
});

test('statements: binding, identity, function definition', (t) => {
  t.deepEqual(parseStatement('y = 2x'), { kind: 'binding', name: 'y', term: mul(num(2), x) });
  t.deepEqual(parseStatement('sin(2x) == 2sin(x)cos(x)').kind, 'identity');
  const f = parseStatement('f(a, b) := a*b + 1');
  t.is(f.kind, 'function');
  if (f.kind === 'function') t.deepEqual(f.params, ['a', 'b']);
});

test('patterns, rules and strategies', (t) => {
  t.is(parsePattern('?a * ?x'), mul(patternVar('a'), patternVar('x')));
  t.is(parsePattern('f(?xs...)'), call('f', patternVar('xs', true)));
  const r = parseRule('collect: ?a*?x + ?b*?x -> (?a + ?b)*?x if is_number(?a), ?b > 0');
  t.is(r.name, 'collect');
  t.deepEqual(
    r.guards.map((g) => g.name),
    ['is_number', '>'],
  );
  t.deepEqual(parseStrategy('a ; b <+ c').op, 'choice');
  const file = parseRuleFile(
    'ruleset r\n  one: f(?x) -> ?x\nstrategy s = repeat(r)\nexample s: f(f(x)) => x\nderivatives\n  g(u) : 2*u\n',
    'my.rules',
  );
  t.deepEqual(
    file.decls.map((d) => d.kind),
    ['ruleset', 'strategy', 'example', 'derivatives'],
  );
});

const eq = (l: Term, r: Term) => app('==', [l, r]);

test('equations inside brackets are ==-headed terms; == binds most loosely', (t) => {
  // [input, term, printed]
  const expected: Array<[string, Term, string]> = [
    ['solve(x^2 == 2, x)', call('solve', eq(pow(x, num(2)), num(2)), x), 'solve(x^2 == 2, x)'],
    [
      '[x + y == 1, x - y == 3]',
      list(eq(add(x, y), num(1)), eq(add(x, neg(y)), num(3))),
      '[x + y == 1, x - y == 3]',
    ],
    ['(x == 1)', eq(x, num(1)), 'x == 1'],
    ['(x == 1) == y', eq(eq(x, num(1)), y), '(x == 1) == y'],
    ['(x == 1) + 1', add(eq(x, num(1)), num(1)), '(x == 1) + 1'],
    [
      'f(-x == 2x^2 + 1)',
      call('f', eq(neg(x), add(mul(num(2), pow(x, num(2))), num(1)))),
      'f(-x == 2*x^2 + 1)',
    ],
  ];
  for (const [text, term, printed] of expected) {
    t.is(parse(text), term, text);
    t.is(parseWithOhm(text), term, text);
    t.is(toInfix(term), printed, text);
  }
  // At the top level an equation is still a statement, an identity.
  t.is(parseStatement('x^2 == 2').kind, 'identity');
  t.is(parseStatement('(x^2 == 2)').kind, 'expr');
  t.deepEqual(parseStatement('e1 = x^2 == 2'), {
    kind: 'binding',
    name: 'e1',
    term: eq(pow(x, num(2)), num(2)),
  });
});

test('print then parse is the identity on terms with equations anywhere', (t) => {
  const term = termArbitrary({ maxDepth: 3 });
  const withEquations = fc.letrec<{ t: Term }>((tie) => ({
    t: fc.oneof(
      { depthSize: 'small', maxDepth: 3 },
      term,
      fc.tuple(tie('t'), tie('t')).map(([a, b]) => eq(a, b)),
      fc.array(tie('t'), { maxLength: 3 }).map((items) => list(...items)),
      fc.tuple(tie('t'), tie('t')).map(([a, b]) => call('solve', a, b)),
      fc.tuple(tie('t'), tie('t')).map(([a, b]) => add(a, b)),
      fc.tuple(tie('t'), tie('t')).map(([a, b]) => mul(a, b)),
    ),
  })).t;
  fc.assert(
    fc.property(withEquations, (term) => {
      const text = toInfix(term);
      t.is(parse(text), term, text);
      t.is(parseWithOhm(text), term, text);
      // Shared equations become let-bindings, `t1 = x == 1; [t1, t1]`.
      const shared = toLet(list(term, term));
      t.is(parse(shared), list(term, term), shared);
      t.is(parseWithOhm(shared), list(term, term), shared);
    }),
    { seed: 13, numRuns: 300 },
  );
});

const bad: Array<[string, ErrorKind]> = [
  ['a == b == c', 'syntax'],
  ['f(a == b == c)', 'syntax'],
  ['[x = 1]', 'syntax'],
  ['(x + 1', 'syntax'],
  ['x + 1)', 'syntax'],
  ['2**x', 'syntax'],
  ['sin()', 'arity'],
  ['sin(x, y)', 'arity'],
  ['x +', 'syntax'],
  ['', 'syntax'],
  ['   ', 'syntax'],
  ['∂x/∂y', 'syntax'],
  ['\u0000', 'syntax'],
  ['x ?y', 'syntax'],
  ['?a + 1', 'syntax'],
  ['1/0', 'domain'],
  ['0^-1', 'domain'],
  ['pi = 3', 'syntax'],
  ['\\frac{1}{2}', 'syntax'],
  ['10^(10^10)', 'limit'],
  ['1e999999999999', 'limit'],
];

for (const [text, kind] of bad) {
  test(`rejects ${JSON.stringify(text)} with a ${kind} error`, (t) => {
    const e = t.throws(() => parse(text), { instanceOf: BibunError });
    t.is(e?.kind, kind);
  });
}

test('syntax errors name line and column, what was expected, and show a caret', (t) => {
  const e = t.throws(() => parse('t1 = sin(x)\nt1 + * 2'), { instanceOf: BibunError });
  t.is(e?.position?.line, 2);
  t.is(e?.position?.column, 6);
  t.regex(e!.message, /expected/);
  t.is(e!.display(), '2:6: ' + e!.message + '\n  t1 + * 2\n       ^');
});

test('text nested 20,000 deep is refused with a clear error naming the supported depth', (t) => {
  const deep = 'sin('.repeat(20000) + 'x' + ')'.repeat(20000);
  const e = t.throws(() => parse(deep), { instanceOf: BibunError });
  t.is(e?.kind, 'limit');
  t.regex(e!.message, /nested too deeply \(more than 1000 levels\).*let-form/);
  // 500 levels are fine.
  t.is(parse('sin('.repeat(500) + 'x' + ')'.repeat(500)).height, 501);
});

test('a line over the input limit (64 Mi characters) is refused before it is read', (t) => {
  t.is(maxInputLength, 64 * 1024 * 1024);
  const e = t.throws(() => parse('x+'.repeat(maxInputLength / 2) + 'x'), {
    instanceOf: BibunError,
  });
  t.is(e?.kind, 'limit');
  t.regex(e!.message, /input too long/);
});

test('a let-form chain of 1000 levels (tree size about 2^1000) parses', (t) => {
  let text = 'f0 = x';
  for (let i = 1; i <= 1000; i++) text += `; f${i} = sin(f${i - 1})*cos(f${i - 1})`;
  const f = parse(text + '; f1000');
  t.is(f.dagSize, 3001);
  t.true(f.treeSize > 2n ** 1000n);
});

test('the fast reader and the Ohm grammar agree on printed random terms', (t) => {
  fc.assert(
    fc.property(termArbitrary(), (term) => {
      const text = toInfix(term);
      t.is(parse(text), parseWithOhm(text));
    }),
    { seed: 11, numRuns: 300 },
  );
});

const tokens = soupTokens;

test('the fast reader and the Ohm grammar agree on random token soup (result or error)', (t) => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...tokens), { minLength: 1, maxLength: 12 }), (parts) => {
      const text = parts.join('');
      let fast: unknown;
      let slow: unknown;
      for (const patterns of [false, true]) {
        try {
          fast = patterns ? parsePattern(text) : parse(text);
        } catch (e) {
          fast = e instanceof BibunError ? `${e.kind}: ${e.message}` : e;
        }
        try {
          slow = parseWithOhm(text, patterns);
        } catch (e) {
          slow = e instanceof BibunError ? `${e.kind}: ${e.message}` : e;
        }
        t.is(fast, slow, JSON.stringify(text));
      }
    }),
    { seed: 12, numRuns: 2000 },
  );
});

test('needsMoreInput: open brackets and trailing operators', (t) => {
  t.true(needsMoreInput('sin(x'));
  t.true(needsMoreInput('x +'));
  t.false(needsMoreInput('x + 1'));
  t.false(needsMoreInput('f(x)'));
});

const unicode: Array<[string, string]> = [
  ['π', 'pi'],
  ['2π', '2*pi'],
  ['x − y', 'x - y'],
  ['a × b', 'a*b'],
  ['a·b', 'a*b'],
  ['a ÷ b', 'a/b'],
  ['x² + y³', 'x^2 + y^3'],
  ['2x²', '2*x^2'],
  ['√x', 'sqrt(x)'],
  ['√(x + 1)', 'sqrt(x + 1)'],
  ['2√x', '2*sqrt(x)'],
  ['−x²', '-x^2'],
];

for (const [text, ascii] of unicode) {
  test(`reads Unicode ${JSON.stringify(text)} as ${ascii}`, (t) => {
    t.is(parse(text), parse(ascii));
    t.is(parseWithOhm(text), parse(ascii));
  });
}

test('ambiguous Unicode and factorials get a one-line hint', (t) => {
  const hint = (text: string) => t.throws(() => parse(text), { instanceOf: BibunError })!.message;
  t.regex(hint('√x^2'), /ambiguous: write sqrt\(x\)\^2 or sqrt\(x\^2\)/);
  t.regex(hint('√x²'), /ambiguous/);
  t.regex(hint('√2x'), /ambiguous: write sqrt\(2\)\*x… or sqrt\(2x…\)/);
  t.is(hint('5!'), '! is not an operator: write factorial(5)');
  t.is(hint('(n+1)!'), '! is not an operator: write factorial(n+1)');
  t.false(needsMoreInput('100!'));
});

test('a = that cannot bind a name gets a hint about == and :=', (t) => {
  for (const text of ['solve(x^2 = 2, x)', 'f(x) = x^2', 'x + 1 = 2', '[a = 1]', 'y = x = 1']) {
    const e = t.throws(() => parse(text), { instanceOf: BibunError });
    t.regex(e!.message, /^= only binds a name \(y = 2x\): write == for an equation/, text);
    t.is(e!.position?.column, text.lastIndexOf('=') + 1, text);
  }
  // Not for `===`, where the third = is the surprise.
  t.regex(t.throws(() => parse('a === b'))!.message, /^expected/);
});

test('openBrackets: the brackets still open, outermost first, with their positions', (t) => {
  t.deepEqual(openBrackets('f(x, [1,\n 2'), [
    { bracket: '(', offset: 1, line: 1, column: 2 },
    { bracket: '[', offset: 5, line: 1, column: 6 },
  ]);
  t.deepEqual(openBrackets('sin(x) # (comment'), []);
  t.deepEqual(openBrackets('(a) + (b'), [{ bracket: '(', offset: 6, line: 1, column: 7 }]);
});
