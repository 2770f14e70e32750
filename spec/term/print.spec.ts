import test from 'ava';
import fc from 'fast-check';
import { BibunError } from '../../lib/base/errors.js';
import { parse } from '../../lib/syntax/parse.js';
import { toDot, toInfix, toJSON, toLatex, toLet } from '../../lib/term/print.js';
import { dagArbitrary, termArbitrary } from '../../lib/check/toolkit.js';

test('parse ∘ infix is the identity on random terms', (t) => {
  fc.assert(
    fc.property(termArbitrary(), (term) => {
      t.is(parse(toInfix(term)), term);
    }),
    { seed: 21, numRuns: 500 },
  );
});

test('parse ∘ let-form is the identity on random DAGs', (t) => {
  fc.assert(
    fc.property(dagArbitrary({ steps: 10 }), (term) => {
      t.is(parse(toLet(term)), term);
    }),
    { seed: 22, numRuns: 300 },
  );
});

const infix: Array<[string, string]> = [
  ['x + (-1)*y', 'x - y'],
  ['-x + y', 'y - x'],
  ['x*y^(-1)', 'x/y'],
  ['x/y^2', 'x/y^2'],
  ['1/(2*x)', '1/(2*x)'],
  ['(-1)*x', '-x'],
  ['-x^2', '-x^2'],
  ['(-x)^2', '(-x)^2'],
  ['x^(1/2)', 'x^(1/2)'],
  ['1/3', '1/3'],
  ['0.5*x', 'x/2'],
  ['a^b^c', 'a^b^c'],
  ['(a^b)^c', '(a^b)^c'],
  ['x - (y - z)', 'x - (y - z)'],
  ['2*x + 3', '2*x + 3'],
  ['sin(x)^2', 'sin(x)^2'],
  ['(x^2)^(-1)', '(x^2)^(-1)'],
];

for (const [input, expected] of infix) {
  test(`infix: ${input} prints as ${expected}`, (t) => {
    t.is(toInfix(parse(input)), expected);
  });
}

test('let-form binds each shared compound subterm once', (t) => {
  t.is(toLet(parse('sin(x)*cos(sin(x))')), 't1 = sin(x); t1*cos(t1)');
  t.is(toLet(parse('x + y')), 'x + y');
  // A user symbol named t1 is not shadowed.
  t.is(toLet(parse('t1*sin(x) + sin(x)')), 't2 = sin(x); t2 + t1*t2');
});

test('a 1000-level chain prints as let-form, parses back, and refuses infix', (t) => {
  let text = 'f0 = x';
  for (let i = 1; i <= 1000; i++) text += `; f${i} = sin(f${i - 1})*cos(f${i - 1})`;
  const f = parse(text + '; f1000');
  t.is(parse(toLet(f)), f);
  const e = t.throws(() => toInfix(f), { instanceOf: BibunError });
  t.regex(e!.message, /too large.*--format let/);
});

test('LaTeX', (t) => {
  t.is(toLatex(parse('x/y')), '\\frac{x}{y}');
  t.is(toLatex(parse('sqrt(x) + sin(theta)^2')), '\\sqrt{x} + \\sin\\left(\\theta\\right)^{2}');
  t.is(toLatex(parse('-1/2*alpha_1')), '-\\frac{\\alpha_{1}}{2}');
});

test('DOT draws a shared node once', (t) => {
  const dot = toDot(parse('(4 + sin(x)) * cos(sin(x))'));
  t.is(dot.match(/label="sin"/g)?.length, 1);
  t.is(dot.match(/->/g)?.length, 6);
});

test('JSON lists DAG nodes in post-order with exact numbers', (t) => {
  const j = toJSON(parse('x/3 + sin(x)'));
  t.is(j.root, j.nodes.length - 1);
  t.true(j.nodes.some((n) => n.type === 'num' && n.value === '1/3'));
  t.is(j.nodes.filter((n) => n.type === 'sym').length, 1);
});
