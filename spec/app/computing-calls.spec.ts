import test from 'ava';
import { diffTerm, gradTerm, simplifyTerm } from '../../lib/app/operations.js';
import { step, initialState } from '../../lib/app/session.js';
import { parse } from '../../lib/syntax/parse.js';
import { evaluate } from '../../lib/term/evaluate.js';
import { toInfix } from '../../lib/term/print.js';
import { bibun } from './run-cli.js';

// The functions that compute (lib/cas, lib/poly) work wherever a term does: every front end
// simplifies through simplifyTerm, which computes the calls. Results are compared as terms
// where the printed form is not the point.
const same = (input: string, expected: string) => (t: import('ava').ExecutionContext) =>
  t.is(simplifyTerm(parse(input)).term, simplifyTerm(parse(expected)).term, input);

test('polynomial functions compute inside simplify', (t) => {
  same('expand((x + 1)^3)', 'x^3 + 3*x^2 + 3*x + 1')(t);
  same('cancel((x^2 - 1)/(x - 1))', 'x + 1')(t);
  same('gcd(x^2 - 1, x^2 + 2*x + 1)', 'x + 1')(t);
  same('degree(x^3*y + x, x)', '3')(t);
  same('coeff(x^2 + 5*x + 1, x, 1)', '5')(t);
  same('rem(x^3 + 1, x + 2, x)', '-7')(t);
});

test('factor, apart and series keep the form asked for', (t) => {
  t.is(toInfix(simplifyTerm(parse('factor(x^2 - 1)')).term), '(x - 1)*(x + 1)');
  t.is(toInfix(simplifyTerm(parse('factor(x^4 + 4)')).term), '(x^2 - 2*x + 2)*(x^2 + 2*x + 2)');
  const a = simplifyTerm(parse('apart(1/(x^2 - 1), x)')).term;
  t.is(a.kind, 'app');
  t.is(evaluate(a, new Map([['x', 3]])), 1 / 8);
  const s = simplifyTerm(parse('series(sin(x), x, 0, 5)')).term;
  t.is(s, simplifyTerm(parse('x - x^3/6 + x^5/120')).term);
});

test('a form that is differentiated is computed first (series has no partials of its own)', (t) => {
  same('d(series(sin(x), x, 0, 5), x)', '1 - x^2/2 + x^4/24')(t);
  same('d(factor(x^2 - 1), x)', '2*x')(t);
  t.is(diffTerm(parse('series(exp(x), x, 0, 3)'), 'x'), simplifyTerm(parse('1 + x + x^2/2')).term);
  t.is(
    toInfix(gradTerm(parse('factor(x^2 - y^2)'), ['x', 'y'])),
    toInfix(gradTerm(parse('x^2 - y^2'), ['x', 'y'])),
  );
});

test('simplify cancels rational functions without being asked', (t) => {
  same('(x^2 - 1)/(x - 1)', 'x + 1')(t);
  same('1/x + 1/y - (x + y)/(x*y)', '0')(t);
});

test('the founding derivative at pi is exactly -1, through subs', (t) => {
  same('subs(d((4 + sin(x))*cos(sin(x)), x), x, pi)', '-1')(t);
});

test('exact integer functions, solve and limit compute', (t) => {
  same('factorial(5) + binomial(5, 2)', '130')(t);
  same('solve(x^2 - 4, x)', '[-2, 2]')(t);
  same('limit(sin(x)/x, x, 0)', '1')(t);
});

test('the CLI prints N with its certified digits and computes calls in eval', (t) => {
  const n = bibun(['simplify', 'N(pi, 30)']);
  t.is(n.status, 0);
  t.is(n.stdout.split('\n')[0], '3.14159265358979323846264338328');
  const e = bibun(['eval', 'factorial(5) + x', 'x=1']);
  t.is(e.stdout.trim(), '121');
});

test('batch and the REPL compute the same calls', (t) => {
  const b = bibun(['batch'], '{"id":1,"op":"simplify","expr":"factor(x^2 - 1)"}\n');
  t.is(JSON.parse(b.stdout).result, '(x - 1)*(x + 1)');
  const io = { readFile: () => '', writeFile: () => undefined };
  const r = step(initialState(), 'expand((y + 1)^2)', io);
  t.regex(r.output, /y\^2 \+ 2\*y \+ 1/);
});

test('a wrong call is a one-line usage error', (t) => {
  const r = bibun(['simplify', 'series(sin(x), 2, 0, 5)']);
  t.is(r.status, 2);
  t.is(r.stderr.trim().split('\n').length, 1);
});
