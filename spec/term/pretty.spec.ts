import test from 'ava';
import fc from 'fast-check';
import { termArbitrary } from '../../lib/check/toolkit.js';
import { parse } from '../../lib/syntax/parse.js';
import { toInfix } from '../../lib/term/infix.js';
import { toPretty } from '../../lib/term/pretty.js';
import { format } from '../../lib/term/print.js';

const pictures: Array<[string, string[]]> = [
  ['x^2 + 2*x + (x+1)/3', [' 2         x + 1', 'x  + 2⋅x + ─────', '             3']],
  ['sqrt(x+1) + sqrt(y)', ['       _____', '√y + ╲╱ x + 1']],
  ['-(x+1)/y', [' x + 1', '-─────', '   y']],
  ['x - 1/3', ['    1', 'x - ─', '    3']],
  ['-(x+1)', ['-(x + 1)']],
  ['sin(x/y)^2', ['      2', '   ⎛x⎞', 'sin⎜─⎟', '   ⎝y⎠']],
  ['[[1, x], [y^2, 4]]', ['⎡1   x⎤', '⎢     ⎥', '⎢ 2   ⎥', '⎣y   4⎦']],
  ['f(x, y) == 2*pi*x', ['f(x, y) = 2⋅π⋅x']],
];

for (const [input, lines] of pictures) {
  test(`pretty: ${input}`, (t) => {
    t.is(toPretty(parse(input)), lines.join('\n'));
  });
}

test('a term wider than the width prints as text', (t) => {
  const wide = parse(Array.from({ length: 40 }, (_, i) => `x_${i}/${i + 2}`).join(' + '));
  t.is(toPretty(wide), toInfix(wide));
  t.is(toPretty(parse('x + 1/2'), 3), 'x + 1/2');
  t.is(format(parse('x/2'), 'pretty'), 'x\n─\n2');
});

test('pictures of random terms fit the width and keep their baseline row aligned', (t) => {
  fc.assert(
    fc.property(termArbitrary(), (term) => {
      const p = toPretty(term, 60);
      const lines = p.split('\n');
      t.true(lines.every((l) => [...l].length <= 60) || p === toInfix(term));
      // One-line pictures are the infix text with `⋅` and π (and roots as √).
      if (lines.length === 1 && !p.includes('√')) {
        t.is(p.replaceAll('⋅', '*').replaceAll('π', 'pi'), toInfix(term));
      }
    }),
    { seed: 25, numRuns: 300 },
  );
});
