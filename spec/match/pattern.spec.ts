import test from 'ava';
import fc from 'fast-check';
import * as Immutable from 'immutable';
import { parse, parsePattern } from '../../lib/syntax/parse.js';
import {
  compilePattern,
  instantiate,
  matchAll,
  matchFirst,
  type Binding,
} from '../../lib/match/pattern.js';
import { toInfix } from '../../lib/term/print.js';
import { add, mul, num, sym, type Term } from '../../lib/term/term.js';

/** Matches as plain objects of printed bindings, for readable assertions. */
function shown(pattern: string, subject: string, options = {}): Record<string, string>[] {
  return matchAll(parsePattern(pattern), parse(subject), options).map((m) =>
    Object.fromEntries(
      [...m.entries()].map(([k, v]) => [
        k,
        Array.isArray(v) ? `[${v.map((t: Term) => toInfix(t)).join(', ')}]` : toInfix(v as Term),
      ]),
    ),
  );
}

test('syntactic matching binds variables, non-linear variables must agree', (t) => {
  t.deepEqual(shown('f(?a, g(?b))', 'f(x + 1, g(y))'), [{ a: 'x + 1', b: 'y' }]);
  t.deepEqual(shown('f(?a, ?a)', 'f(sin(x), sin(x))'), [{ a: 'sin(x)' }]);
  t.deepEqual(shown('f(?a, ?a)', 'f(sin(x), cos(x))'), []);
  t.deepEqual(shown('f(?a)', 'g(x)'), []);
});

test('segment variables match runs of arguments, every split enumerated', (t) => {
  t.deepEqual(shown('f(?a..., x, ?b...)', 'f(1, x, 2, x)'), [
    { a: '[1]', b: '[2, x]' },
    { a: '[1, x, 2]', b: '[]' },
  ]);
  t.deepEqual(shown('f(?s...)', 'f()'), [{ s: '[]' }]);
});

test('AC: a summand pattern finds its match anywhere, in every order', (t) => {
  t.deepEqual(shown('sin(?x)^2 + cos(?x)^2', 'cos(y)^2 + sin(y)^2'), [{ x: 'y' }]);
  // All matches are produced (so a guard can reject one and get the next).
  t.deepEqual(shown('?a*?x', '2*x*y'), [
    { a: '2', x: 'x*y' },
    { a: 'x', x: '2*y' },
    { a: 'y', x: '2*x' },
  ]);
});

test('AC: non-linear variables use up what they are bound to', (t) => {
  t.deepEqual(shown('?a*?x + ?b*?x', '2*x*y + 3*x*y', { optional: ['a', 'b'] })[0], {
    a: '2',
    x: 'x*y',
    b: '3',
  });
  t.deepEqual(shown('?x + ?x', 'y + y'), [{ x: 'y' }]);
});

test('identities on request: a missing coefficient or exponent matches as 1, a summand as 0', (t) => {
  t.deepEqual(shown('?a*?x', 'x', { optional: ['a'] }), [{ a: '1', x: 'x' }]);
  t.deepEqual(shown('?a*?x', 'x'), []);
  t.deepEqual(shown('?x^?n', 'y', { optional: ['n'] }), [{ x: 'y', n: '1' }]);
  t.deepEqual(shown('?a + ?b', 'x', { optional: ['b'] }), [{ a: 'x', b: '0' }]);
  t.deepEqual(shown('?a*?x + ?b*?x', 'x + 2*x', { optional: ['a', 'b'] })[0], {
    a: '1',
    x: 'x',
    b: '2',
  });
});

test('extension: a top-level AC pattern matches part of the arguments and returns the rest', (t) => {
  const m = matchFirst(
    parsePattern('sin(?x)^2 + cos(?x)^2'),
    parse('a + sin(y)^2 + b + cos(y)^2'),
    { extend: true },
  )!;
  t.is(m.get('x'), sym('y'));
  t.deepEqual(
    (m.get('...') as readonly Term[]).map((u) => toInfix(u)),
    ['a', 'b'],
  );
});

test('AC matching finds a pair of like terms among twenty, whatever the names and order', (t) => {
  const pattern = compilePattern(parsePattern('?a*?x + ?b*?x'), {
    extend: true,
    checks: new Map([
      ['a', (b: Binding) => (b as Term).kind === 'num'],
      ['b', (b: Binding) => (b as Term).kind === 'num'],
    ]),
  });
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 0, max: 999 }), { minLength: 19, maxLength: 19 }),
      fc.integer({ min: 2, max: 9 }),
      fc.integer({ min: 2, max: 9 }),
      (ids, a, b) => {
        const target = sym(`v${ids[0]}`);
        const fillers = ids.slice(1).map((i) => mul(sym(`w${i}`), sym(`u${i}`)));
        const subject = add(
          ...fc.sample(
            fc.shuffledSubarray([mul(num(a), target), mul(num(b), target), ...fillers], {
              minLength: 20,
            }),
            { numRuns: 1, seed: ids[1] },
          )[0],
        );
        const found = matchFirst(pattern, subject);
        return (
          found !== undefined &&
          found.get('x') === target &&
          new Set([found.get('a'), found.get('b')]).size <= 2
        );
      },
    ),
    { seed: 42, numRuns: 100 },
  );
  t.pass();
});

test('long argument lists: the index finds exactly the matches a plain scan finds', (t) => {
  // The second pattern of each pair names a fresh variable where the first repeats one, so it
  // gives the index nothing to look up; filtered by equality, its matches are the first's (with
  // numeric coefficients, as in the rules: a coefficient that absorbed factors would differ).
  const pairs: [string, string, string, string][] = [
    ['?a*?x + ?b*?x', '?a*?x + ?b*?y', 'x', 'y'],
    ['?x^?m * ?x^?n', '?x^?m * ?y^?n', 'x', 'y'],
    ['sin(?x)^2 + ?a*cos(?x)^2', 'sin(?x)^2 + ?a*cos(?y)^2', 'x', 'y'],
    ['f(?x, 2) + g(?x)', 'f(?x, 2) + g(?y)', 'x', 'y'],
  ];
  const pool = [
    'x',
    'y',
    '2*x',
    '-x*y',
    '3*y*x',
    'sin(x)^2',
    '2*cos(x)^2',
    'cos(y)^2',
    'f(x, 2)',
    'g(x)',
    'g(y)',
    'x^2',
    'x^n',
    '(x^2)^(1/2)',
    '5',
  ].map((u) => parse(u));
  const optional = ['a', 'b', 'm', 'n'];
  const key = (m: Immutable.Map<string, Binding>, rename: (k: string) => string) =>
    [...m.entries()]
      .map(
        ([k, v]) =>
          `${rename(k)}=${Array.isArray(v) ? v.map((u: Term) => toInfix(u)).join(',') : toInfix(v as Term)}`,
      )
      .sort()
      .join(' ');
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...pool), { minLength: 16, maxLength: 40 }),
      fc.boolean(),
      (ts, product) => {
        const subject = product ? mul(...ts) : add(...ts);
        for (const [indexed, plain, x, y] of pairs) {
          const isNum = (b: Binding) => (b as Term).kind === 'num';
          const options = {
            extend: true,
            optional,
            checks: new Map([
              ['a', isNum],
              ['b', isNum],
            ]),
          };
          const want = matchAll(parsePattern(plain), subject, options)
            .filter((m) => m.get(x) === m.get(y))
            .map((m) => key(m.delete(y), (k) => k))
            .sort();
          const got = matchAll(parsePattern(indexed), subject, options)
            .map((m) => key(m, (k) => k))
            .sort();
          if (JSON.stringify(got) !== JSON.stringify(want)) return false;
        }
        return true;
      },
    ),
    { seed: 42, numRuns: 60 },
  );
  t.pass();
});

test('instantiate splices segments and rebuilds canonically', (t) => {
  const r = instantiate(
    parsePattern('?a*f(?s...) + ?a'),
    Immutable.Map<string, Binding>({ a: sym('x'), s: [sym('y'), num(2)] }),
  );
  t.is(r, parse('x*f(y, 2) + x'));
});
