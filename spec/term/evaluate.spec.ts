import test from 'ava';
import fc from 'fast-check';
import * as Immutable from 'immutable';
import { BibunError } from '../../lib/base/errors.js';
import { evaluate } from '../../lib/term/evaluate.js';
import { parse } from '../../lib/syntax/parse.js';
import * as Q from '../../lib/base/rational.js';
import { call, sym, type Term } from '../../lib/term/term.js';
import { pointArbitrary, termArbitrary } from '../../lib/check/toolkit.js';

/** The same value computed directly in JavaScript, by recursion over the tree. */
function direct(t: Term, env: Record<string, number>): number {
  switch (t.kind) {
    case 'num':
      return Number(t.num) / Number(t.den);
    case 'sym':
      return t.name === 'pi' ? Math.PI : t.name === 'e' ? Math.E : env[t.name];
    case 'var':
      return NaN;
    case 'app': {
      const a = t.args.map((c) => direct(c, env));
      const f: Record<string, (...v: number[]) => number> = {
        '+': (...v) => v.reduce((s, w) => s + w, 0),
        '*': (...v) => v.reduce((s, w) => s * w, 1),
        '^': Math.pow,
        sin: Math.sin,
        cos: Math.cos,
        exp: Math.exp,
        log: Math.log,
        sqrt: Math.sqrt,
        tanh: Math.tanh,
        atan: Math.atan,
      };
      return f[t.head](...a);
    }
  }
}

test('evaluation agrees with a direct JS computation on random expressions', (t) => {
  fc.assert(
    fc.property(termArbitrary(), pointArbitrary(['x', 'y', 'z']), (term, p) => {
      const a = evaluate(term, p);
      const b = direct(term, p);
      if (Number.isNaN(b)) t.true(Number.isNaN(a));
      // evaluate reads −0 as 0 (signed zero is not a number of mathematics); elsewhere the
      // sign of a zero only decides between infinities, which are not values either.
      else t.is(a, b + 0);
    }),
    { seed: 31, numRuns: 500 },
  );
});

test('negative zero is zero: atan2(-y, x) at y = 0, x = -1.5 is pi', (t) => {
  t.is(evaluate(parse('atan2(-y, x)'), { y: 0, x: -1.5 }), Math.PI);
  t.is(evaluate(parse('-x'), { x: 0 }), 0);
  t.true(Object.is(evaluate(parse('-x'), { x: 0 }), 0));
});

test('exact constant folding agrees with float evaluation', (t) => {
  const q = fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 50 }));
  fc.assert(
    fc.property(q, q, q, ([a, b], [c, d], [e, f]) => {
      const text = `${a}/${b} + ${c}/${d} * (${e}/${f})^2`;
      const folded = parse(text);
      t.is(folded.kind, 'num');
      const float = a / b + (c / d) * (e / f) ** 2;
      t.true(Math.abs(evaluate(folded) - float) <= 1e-12 * Math.max(1, Math.abs(float)));
      if (folded.kind === 'num') t.is(Q.toNumber(folded), evaluate(folded));
    }),
    { seed: 32, numRuns: 200 },
  );
});

test('founding examples', (t) => {
  t.is(
    evaluate(parse('(4 + sin(x)) * cos(sin(x))'), { x: Math.PI }),
    (4 + Math.sin(Math.PI)) * Math.cos(Math.sin(Math.PI)),
  );
  t.is(
    evaluate(parse('log(x) + x*y - sin(y)'), Immutable.Map({ x: 1, y: Math.PI })),
    Math.PI - Math.sin(Math.PI),
  );
});

test('clear errors for unbound symbols and unknown functions', (t) => {
  t.is(
    t.throws(() => evaluate(parse('x + y'), { x: 1 }), { instanceOf: BibunError })?.kind,
    'unbound',
  );
  t.is(
    t.throws(() => evaluate(parse('f(1)')), { instanceOf: BibunError })?.kind,
    'unknown-function',
  );
  t.regex(t.throws(() => evaluate(parse('myfun(2)')))!.message, /myfun/);
});

test('a 10^5-deep term evaluates without stack overflow', (t) => {
  let f: Term = sym('x');
  for (let i = 0; i < 100_000; i++) f = call(i % 2 ? 'sin' : 'cos', f);
  const v = evaluate(f, { x: 0.5 });
  t.true(Number.isFinite(v));
});

test('a DAG with tree size 2^1000 evaluates each shared node once', (t) => {
  let text = 'f0 = x';
  for (let i = 1; i <= 1000; i++) text += `; f${i} = sin(f${i - 1})*cos(f${i - 1})`;
  const f = parse(text + '; f1000');
  t.true(Number.isFinite(evaluate(f, { x: 0.3 })));
});
