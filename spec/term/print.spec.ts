import test from 'ava';
import fc from 'fast-check';
import { BibunError } from '../../lib/base/errors.js';
import { parse } from '../../lib/syntax/parse.js';
import { printCounters } from '../../lib/term/infix.js';
import { letMaxDepth, toDot, toInfix, toJSON, toLatex, toLet } from '../../lib/term/print.js';
import { add, call, div, list, mul, neg, num, pow, sym, type Term } from '../../lib/term/term.js';
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
  ['-x + y', '-x + y'],
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

// The reading order (lib/term/print-order.ts): sums by descending degree, numbers last (but a
// positive constant before one negative term, 3 - x^2, as SymPy prints it);
// products coefficient first, then constants, then powers of symbols alphabetically.
const readable: Array<[string, string]> = [
  ['1 + 2*x + x^2', 'x^2 + 2*x + 1'],
  ['2*y*x^2', '2*x^2*y'],
  ['3 - x^2', '3 - x^2'],
  ['-x^2 - 3', '-x^2 - 3'],
  ['x - 3', 'x - 3'],
  ['pi - acos(x)', 'pi - acos(x)'],
  ['3 - x - y', '-x - y + 3'],
  ['sin(x)*y', 'y*sin(x)'],
  ['y^2 + x*y + x^2', 'x^2 + x*y + y^2'],
  ['1 + x*y^3 + x^3*y + x^2*y^2', 'x^3*y + x^2*y^2 + x*y^3 + 1'],
  ['x + y^3', 'y^3 + x'],
  ['1 + sin(x) + x^2', 'x^2 + sin(x) + 1'],
  ['1 + sin(x) + sin(x)^2', 'sin(x)^2 + sin(x) + 1'],
  ['cos(x) + x*sin(x)', 'x*sin(x) + cos(x)'],
  ['sin(x) + cos(x)', 'cos(x) + sin(x)'],
  ['exp(y)*sin(x)*x*3', '3*x*exp(y)*sin(x)'],
  ['x*pi*2', '2*pi*x'],
  ['1 + pi + x', 'x + pi + 1'],
  ['1/x + y', 'y + 1/x'],
  ['x^(1/2) + x', 'x + x^(1/2)'],
  ['3 + x/2', 'x/2 + 3'],
  ['b*a/(d*c)', 'a*b/(c*d)'],
];

for (const [input, expected] of readable) {
  test(`reading order: ${input} prints as ${expected}`, (t) => {
    t.is(toInfix(parse(input)), expected);
    t.is(parse(expected), parse(input));
  });
}

test('LaTeX follows the reading order', (t) => {
  t.is(toLatex(parse('1 + 2*x + x^2')), 'x^{2} + 2 \\cdot x + 1');
  t.is(toLatex(parse('y*x^2*2')), '2 \\cdot x^{2} \\cdot y');
});

/** Random polynomials in x, y, z with small integer coefficients and exponents. */
const polynomial = fc
  .array(
    fc.tuple(
      fc.integer({ min: -5, max: 5 }),
      fc.integer({ min: 0, max: 4 }),
      fc.integer({ min: 0, max: 4 }),
      fc.integer({ min: 0, max: 4 }),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((ms) => ms.map(([c, i, j, k]) => `${c}*x^${i}*y^${j}*z^${k}`).join(' + '));

test('printed polynomials parse back and read by non-increasing total degree', (t) => {
  fc.assert(
    fc.property(polynomial, (text) => {
      const term = parse(text);
      const printed = toInfix(term);
      t.is(parse(printed), term);
      // Split the top-level sum at ` + ` / ` - ` (no brackets occur in these polynomials).
      const degrees = printed
        .replace(/^-/, '')
        .split(/ [+-] /)
        .map((m) => m.split('*').reduce((d, f) => d + degreeOf(f), 0));
      // A positive constant and one negative term read constant first (4 - 5*x^4).
      if (degrees.length === 2 && degrees[0] === 0 && /^[^-][^ ]* - /.test(printed))
        degrees.reverse();
      for (let i = 1; i < degrees.length; i++) t.true(degrees[i - 1] >= degrees[i], printed);
    }),
    { seed: 23, numRuns: 300 },
  );
});

/** Random polynomials in x (with a y in some coefficients), or in x - 1 where `shifted`. */
const seriesLike = fc.tuple(
  fc.array(
    fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: -2, max: 6 }), fc.boolean()),
    { minLength: 1, maxLength: 7 },
  ),
  fc.boolean(),
);

test('a series prints by ascending power of its variable and parses back', (t) => {
  fc.assert(
    fc.property(seriesLike, ([ms, shifted]) => {
      const h = shifted ? '(x - 1)' : 'x';
      const text = ms.map(([c, k, y]) => `${c}*${y ? 'y*' : ''}${h}^(${k})`).join(' + ');
      const term = parse(text);
      const printed = toInfix(term, undefined, parse(h));
      t.is(parse(printed), term);
      if (term.kind !== 'app' || term.head !== '+') return;
      // The exponents of h, term by term, in the printed order (no other brackets occur).
      const hs = shifted ? 'x - 1' : 'x';
      const powers = printed
        .replace(/^-/, '')
        .split(/ [+-] (?![^(]*\))/)
        .map((m) => {
          const f = m.split(/\*|\//);
          const e = new RegExp(`^\\(?${hs.replace(/[()]/g, '')}\\)?(?:\\^\\(?(-?\\d+)\\)?)?$`);
          for (const part of f) {
            const r = e.exec(part);
            if (r) return (m.includes(`/${part}`) ? -1 : 1) * Number(r[1] ?? 1);
          }
          return 0;
        });
      for (let i = 1; i < powers.length; i++) t.true(powers[i - 1] <= powers[i], printed);
    }),
    { seed: 1208, numRuns: 300 },
  );
  t.is(toInfix(parse('x^5/120 - x^3/6 + x'), undefined, sym('x')), 'x - x^3/6 + x^5/120');
  t.is(toInfix(parse('7*x^3/360 + x/6 + 1/x'), undefined, sym('x')), '1/x + x/6 + 7*x^3/360');
  t.is(toLatex(parse('x^2 + x'), undefined, sym('x')), 'x + x^{2}');
  t.is(toInfix(parse('x - x^3/6 + x^5/120')), 'x^5/120 - x^3/6 + x');
});

function degreeOf(factor: string): number {
  const m = /^([xyz])(?:\^(\d+))?$/.exec(factor);
  return m ? Number(m[2] ?? 1) : 0;
}

test('let-form binds each shared compound subterm once', (t) => {
  t.is(toLet(parse('sin(x)*cos(sin(x))')), 't1 = sin(x); t1*cos(t1)');
  t.is(toLet(parse('x + y')), 'x + y');
  // A user symbol named t1 is not shadowed.
  t.is(toLet(parse('t1*sin(x) + sin(x)')), 't2 = sin(x); t1*t2 + t2');
});

test('a 1000-level chain prints as let-form, parses back, and refuses infix', (t) => {
  let text = 'f0 = x';
  for (let i = 1; i <= 1000; i++) text += `; f${i} = sin(f${i - 1})*cos(f${i - 1})`;
  const f = parse(text + '; f1000');
  t.is(parse(toLet(f)), f);
  const e = t.throws(() => toInfix(f), { instanceOf: BibunError });
  t.regex(e!.message, /too large.*--format let/);
});

/**
 * A random term `depth` levels deep: each level applies one of a few operations to the level
 * below (functions, powers, signs, quotients, lists, sums and products with a symbol); with
 * `share`, some levels also use a random earlier level, so the result is a DAG.
 */
function deepTerm(seed: number, depth: number, share: boolean): Term {
  let state = seed >>> 0 || 1;
  const next = (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
  const x = sym('x');
  const levels: Term[] = [x];
  let t: Term = x;
  for (let i = 0; i < depth; i++) {
    const other = share && next(4) === 0 ? levels[next(levels.length)] : x;
    switch (next(10)) {
      case 0:
        t = call('sin', t);
        break;
      case 1:
        t = call('f', t, other);
        break;
      case 2:
        t = pow(call('cos', t), num(next(2) === 0 ? -2 : 3));
        break;
      case 3:
        t = neg(call('exp', t));
        break;
      case 4:
        t = div(other, call('g', t));
        break;
      case 5:
        t = list(t, other);
        break;
      case 6:
        t = call('h', add(t, other, num(1)));
        break;
      case 7:
        t = call('h', mul(num(2), t, other));
        break;
      case 8:
        t = pow(x, call('log', t));
        break;
      default:
        t = pow(add(t, num(-1)), neg(other));
    }
    if (share) levels.push(t);
  }
  return t;
}

for (const depth of [5_000, 100_000]) {
  for (const share of [false, true]) {
    test(`let-form of random ${share ? 'DAGs' : 'chains'} ${depth} levels deep parses back`, (t) => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 31 }), (seed) => {
          const term = deepTerm(seed, depth, share);
          t.true(term.height > depth / 2);
          const text = toLet(term);
          t.is(parse(text), term);
          for (const line of text.split('\n')) t.true(deepestNesting(line) <= 3 * letMaxDepth);
        }),
        { seed: 24, numRuns: depth > 10_000 ? 2 : 10 },
      );
    });
  }
}

test('let-form names unshared nodes only where the depth needs it', (t) => {
  let chain = parse('x');
  for (let i = 0; i < 100; i++) chain = call(i % 2 ? 'sin' : 'cos', chain);
  const lines = toLet(chain).split('\n');
  t.is(lines.length, Math.ceil(100 / (letMaxDepth - 1)));
  t.is(toLet(parse('sin(cos(sin(x)))')), 'sin(cos(sin(x)))');
});

/** Deepest bracket nesting of a line of text. */
function deepestNesting(line: string): number {
  let d = 0;
  let max = 0;
  for (const c of line) {
    if (c === '(' || c === '[') max = Math.max(max, ++d);
    else if (c === ')' || c === ']') d--;
  }
  return max;
}

test('printing is linear: a right-nested list of 65,535 moves prints, each node laid out once', (t) => {
  const pegs = [sym('a'), sym('b'), sym('c')];
  let moves: Term = sym('nil');
  const n = 65_535;
  for (let i = 0; i < n; i++)
    moves = call('cons', call('mv', pegs[i % 3], pegs[(i + 2) % 3]), moves);
  for (const print of [toInfix, toLatex]) {
    const before = { ...printCounters };
    const text = print(moves);
    t.true(
      text.startsWith(print === toInfix ? 'cons(mv(c, b), cons(mv(b, a), ' : '\\operatorname'),
    );
    // At most one layout per distinct node (text calls need none), a few characters each (a
    // string per subterm would hold about 10 * n^2 / 2 characters); every character emitted once.
    t.true(printCounters.layouts - before.layouts <= moves.dagSize);
    t.true(printCounters.stored - before.stored <= 40 * moves.dagSize);
    t.is(printCounters.characters - before.characters, text.length);
  }
  t.is(parse(toLet(moves)), moves);
});

test('a shared node is laid out once however often it is written out', (t) => {
  let f = parse('x');
  for (let i = 0; i < 14; i++) f = mul(call('sin', f), call('cos', f));
  t.true(f.treeSize > 100n * BigInt(f.dagSize));
  const before = { ...printCounters };
  const text = toInfix(f);
  t.true(printCounters.layouts - before.layouts <= f.dagSize);
  t.is(printCounters.characters - before.characters, text.length);
  t.is(text.match(/x/g)!.length, 2 ** 14);
});

test('LaTeX', (t) => {
  t.is(toLatex(parse('x/y')), '\\frac{x}{y}');
  t.is(toLatex(parse('sqrt(x) + sin(theta)^2')), '\\sin\\left(\\theta\\right)^{2} + \\sqrt{x}');
  t.is(toLatex(parse('-1/2*alpha_1')), '-\\frac{\\alpha_{1}}{2}');
});

test('LaTeX of a list of lists of one length is a pmatrix', (t) => {
  t.is(
    toLatex(parse('[[1, x], [y^2, 4]]')),
    '\\begin{pmatrix} 1 & x \\\\ y^{2} & 4 \\end{pmatrix}',
  );
  t.is(toLatex(parse('[[1, x], [y]]')), '\\left[\\left[1, x\\right], \\left[y\\right]\\right]');
});

test('String(term) is its infix text', (t) => {
  t.is(String(parse('1 + x*y')), 'x*y + 1');
  t.is(`${parse('x/2')}`, 'x/2');
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
