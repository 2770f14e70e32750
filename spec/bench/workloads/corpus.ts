/**
 * The simplification corpus: expressions a user types, by category, in syntax that bibun,
 * mathjs and SymPy all read. Variables are the single letters a, b, c, x, y, z (renamed per run).
 */

/** One category of the corpus. */
export interface CorpusCategory {
  readonly name: string;
  readonly exprs: readonly string[];
}

const likeTerms = [
  'x + x',
  '2*x + 3*x',
  'x*y - y*x',
  '3*a + 2*b - a + b',
  'x + 2*x + 3*x + 4*x',
  'a*b + b*a + a*b',
  'x - x',
  '5*x - 2*x - 3*x',
  'x*y*z + z*y*x',
  '2*sin(x) + 3*sin(x)',
  'x^2 + 2*x^2 - x^2',
  'a + b + c - a - b - c',
  '7*x*y - 2*x*y + y',
  'x + y + x + y + x',
  '-x - x - x',
  '4*a*x - a*x + 2*b',
  'cos(y) + cos(y) + sin(x)',
  '(x + 1) + (x + 1)',
  'x*y + 2*y*x - 3*x*y + z',
  'a/2 + a/2',
];

const powers = [
  'x*x',
  'x^2*x^3',
  '(x^2)^3',
  'x*x*x*x',
  'x^a*x^b',
  'x*x^(-1)',
  'x^3/x',
  'x^5/x^2',
  '(x*y)^2/(x*y)',
  'y*y*x*x',
  'x^0',
  'x^1',
  '(x^3)^2*x',
  'a^2*b*a*b^2',
  'z^4*z^(-4)',
  '(2*x)^2',
  'x^2*y^2*x',
  '1/x^2*x^3',
  'x^(1/2)*x^(1/2)',
  '(a*b)^3*a^(-1)',
];

const rationals = [
  '1/2 + 1/3',
  '(2/4)*x',
  'x/2 + x/3',
  '3/(6*x)',
  '2/3*x - x/6',
  '1/4 + 1/4 + 1/2',
  '(1/3)*(3*x)',
  '6*x/3',
  '(3/4)^2',
  '2^(-2)*x',
  '0.5*x + 0.5*x',
  '1.25 + 0.75',
  '(x/4)*(8/x)',
  '10/4 - 1/2',
  'x/3 + x/3 + x/3',
  '(2/3)/(4/9)',
  '7*(x/7)',
  '1/(1/x)',
  '3*x/9 + 2*x/3',
  '5/10*y + y/2',
];

const trig = [
  'sin(x)^2 + cos(x)^2',
  'sin(-x)',
  'cos(-x)',
  'sin(0)',
  'cos(0)',
  'cos(pi)',
  'sin(pi)',
  'tan(-x)',
  'exp(0)',
  'log(1)',
  'log(exp(x))',
  'exp(a)*exp(b)',
  'cosh(x)^2 - sinh(x)^2',
  'sinh(-x)',
  'cosh(-x)',
  '2*sin(x)^2 + 2*cos(x)^2',
  'exp(x)*exp(-x)',
  'sin(x)^2 + cos(x)^2 + y',
  'tanh(-x)',
  'exp(log(2))',
];

const cancellation = [
  'x*y/x',
  '(x + 1)/(x + 1)',
  'a*b*c/(a*c)',
  'x*sin(y)/sin(y)',
  '(2*x)/(2*x)',
  'x^2*y/(x*y)',
  'exp(x)/exp(x)',
  '(a + b)*c/(a + b)',
  'x/x + y/y',
  '3*x*y/(3*y)',
];

const alreadySimple = [
  'x',
  'x + y',
  'sin(x)',
  'x^2 + 1',
  '2*x*y + z',
  'exp(x) + log(y)',
  'a*b + c',
  'x^3 - 2*x + 1',
  'sqrt(x) + 1',
  'cos(x)*sin(y)',
  'x/y',
  '1/(x + 1)',
  'atan(x) + 2',
  'x*y*z',
  'a^b',
  'tanh(x) + x',
  '3*x + 4*y + 5*z',
  'log(x + 1)',
  'sin(x + y)',
  'exp(-x^2)',
];

const mixed = [
  '(x + x)*(y + y)',
  'sin(x + x) + sin(2*x)',
  'x*1 + 0 + 2*x',
  '(x^2)^3/x^5 + x',
  'a*x + b*x + a*x - b*x',
  '2*(x + y) - 2*x',
  'exp(log(x))*x/x',
  '(sin(y)^2 + cos(y)^2)*x',
  '(1/2)*x + x/2 - x',
  'x^2*x^(-2) + y^0',
  '(a + b) - (b + a)',
  '3*x^2*y - x*y*x + 2*y*x^2',
  'cos(0)*x + sin(0)*y',
  'x*(y + 1) - x*y',
  '((x))*(((y)))',
];

/** All categories; at least 100 expressions together. */
export const CORPUS: readonly CorpusCategory[] = [
  { name: 'like terms', exprs: likeTerms },
  { name: 'powers', exprs: powers },
  { name: 'rationals', exprs: rationals },
  { name: 'trig/exp/log', exprs: trig },
  { name: 'cancellation', exprs: cancellation },
  { name: 'already simple', exprs: alreadySimple },
  { name: 'mixed', exprs: mixed },
];

/** Every expression of the corpus, with its category. */
export const CORPUS_ITEMS: ReadonlyArray<{ readonly category: string; readonly text: string }> =
  CORPUS.flatMap((c) => c.exprs.map((text) => ({ category: c.name, text })));

/** `sum_{i<n} c_i * v_{i mod 4}`: n like terms in four variables (the simplify scaling chart). */
export function likeTermSum(n: number): string {
  const vars = ['x', 'y', 'z', 'a'];
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(`${(i % 7) + 1}*${vars[i % 4]}${i % 3 === 0 ? '^2' : ''}`);
  return parts.join(' + ');
}
