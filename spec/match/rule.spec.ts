import test from 'ava';
import { BibunError } from '../../lib/base/errors.js';
import fc from 'fast-check';
import { termArbitrary } from '../../lib/check/toolkit.js';
import { instantiate, matchAll } from '../../lib/match/pattern.js';
import { parse, parsePattern, parseRule } from '../../lib/syntax/parse.js';
import { makeRule } from '../../lib/match/rule.js';
import '../../lib/term/print.js';

const rule = (text: string) => makeRule(parseRule(text), { file: 'r.rules' });

function rejects(
  t: import('ava').ExecutionContext,
  text: string,
  message: RegExp,
  column?: number,
): void {
  const e = t.throws(() => rule(text), { instanceOf: BibunError })!;
  t.is((e as BibunError).kind, 'rule');
  t.regex(e.message, message);
  t.regex((e as BibunError).display(), /^r\.rules:1:\d+: rule \S+: /);
  if (column !== undefined) t.is((e as BibunError).position?.column, column);
}

test('validation names the rule, the file, the line and the column', (t) => {
  rejects(t, 'r1: f(?a) -> g(?b)', /unbound right-hand variable \?b/, 1);
  rejects(t, 'r2: f(?a) -> ?a if is_shiny(?a)', /unknown guard is_shiny/, 20);
  rejects(t, 'r3: f(?a) -> ?a if is_number(?a, ?a)', /takes 1 argument, got 2/);
  rejects(t, 'r4: f(?a) -> ?a if ?b > 0', /uses \?b, which the left side does not bind/);
  rejects(t, 'r5: f(?a) -> ?a if optional(?a)', /must be an argument of \+ or \*/);
  rejects(t, 'r6: ?a + 0 -> ?a', /does nothing/);
  rejects(t, 'r7: f(?a...) -> ?a...', /only in an argument list/);
  rejects(t, 'r8: f(?a..., ?a) -> ?a', /both as \?a and \?a\.\.\./);
});

test('a rule rewrites at the root, or returns undefined', (t) => {
  const r = rule('double: f(?x) -> g(?x, ?x)');
  t.is(r.apply(parse('f(y)')), parse('g(y, y)'));
  t.is(r.apply(parse('g(y)')), undefined);
  t.is(r.head, 'f');
});

test('a guard that rejects a match makes the matcher try the next one', (t) => {
  const r = rule('pick: h(?a*?x) -> g(?a, ?x) if is_symbol(?a), ?x != 2*y');
  // In order: ?a = 2 is not a symbol; ?a = x leaves ?x = 2*y, rejected; ?a = y is the one.
  t.is(r.apply(parse('h(2*x*y)')), parse('g(y, 2*x)'));
});

test('an extended match keeps the rest of the sum', (t) => {
  const r = rule('pythagoras: sin(?x)^2 + cos(?x)^2 -> 1');
  t.is(r.apply(parse('a + sin(t)^2 + cos(t)^2')), parse('a + 1'));
});

test('optional variables match identities; a right side undefined for a match is skipped', (t) => {
  const collect = rule(
    'collect: ?a*?x + ?b*?x -> (?a + ?b)*?x if optional(?a, ?b), is_number(?a), is_number(?b)',
  );
  t.is(collect.apply(parse('x + 2*x')), parse('3*x'));
  t.is(collect.head, '+');
  const inv = rule('inv: f(?x) -> ?x^(-1)');
  t.is(inv.apply(parse('f(0)')), undefined);
});

test('a guard on a segment variable must name it as one; then it receives list(...)', (t) => {
  // Written as ?a, the guard would get no one term: refused where the guard stands.
  rejects(
    t,
    'seg: ?a... + ?b -> g(?b) if is_sum(?a)',
    /guard is_sum uses \?a, but the left side binds \?a\.\.\. \(a sequence: write \?a\.\.\./,
    29,
  );
  rejects(
    t,
    'plain: f(?a, ?b) -> ?b if free_of(?a..., ?b)',
    /uses \?a\.\.\., but the left side binds \?a$/,
  );
  // Written as ?a..., the guard sees list(the arguments): here `free_of(list(...), ?b)`.
  const r = rule('alone: h(?a..., ?b) -> g(?b) if free_of(?a..., ?b)');
  t.is(r.apply(parse('h(x, y, z)')), parse('g(z)'));
  t.is(r.apply(parse('h(x, z, z)')), undefined);
  const sum = rule('sum: ?a... + ?b -> g(?b) if free_of(?a..., ?b), is_symbol(?b)');
  t.is(sum.apply(parse('x + y')), parse('g(x) + y'));
});

test('head variables: ?f(?x) matches an application of any head, and a template builds ?f(...)', (t) => {
  const apply = (r: string, input: string) => {
    const out = rule(r).apply(parse(input));
    return out === undefined ? undefined : String(out);
  };
  t.is(apply('h1: ?f(?x) -> g(?f, ?x)', 'sin(y)'), 'g(sin, y)');
  t.is(apply('h1: ?f(?x) -> g(?f, ?x)', 'myfun(2*y)'), 'g(myfun, 2*y)');
  t.is(apply('h1: ?f(?x) -> g(?f, ?x)', 'y'), undefined);
  t.is(apply('h1: ?f(?x) -> g(?f, ?x)', 'h(y, z)'), undefined, 'one argument');
  t.is(apply('h2: ?f(?a, ?b) -> ?f(?b, ?a)', 'h(y, z)'), 'h(z, y)');
  t.is(apply('h3: ?f(?xs...) -> count(?xs...)', 'h(1, 2, 3)'), 'count(1, 2, 3)');
  t.is(apply('h4: twice(?f, ?x) -> ?f(?f(?x))', 'twice(cos, y)'), 'cos(cos(y))');
  t.is(apply('h4: twice(?f, ?x) -> ?f(?f(?x))', 'twice(2, y)'), undefined, 'not a name');
  t.is(apply('h5: ?f(?x) -> ?x if is_function(?f)', 'exp(y)'), 'y');
  t.is(apply('h5: ?f(?x) -> ?x if is_function(?f)', 'myfun(y)'), undefined);
  t.is(apply('h6: ?f(-?x) -> -?f(?x) if is_odd_function(?f)', 'atan(-y)'), '-atan(y)');
  t.is(apply('h6: ?f(-?x) -> -?f(?x) if is_odd_function(?f)', 'cos(-y)'), undefined);
  t.is(String(rule('h2: ?f(?a, ?b) -> ?f(?b, ?a)').lhs), '?f(?a, ?b)');
});

test('a head variable is one head: ?f...(x) is refused at load', (t) => {
  rejects(t, 'h7: ?f...(?x) -> ?x', /a head variable stands for one head/);
  rejects(t, 'h8: ?f(?x) -> ?g(?x)', /unbound right-hand variable \?g/);
});

test('property: ?f(?xs...) matches every application, and ?f(?xs...) built from the match is the term', (t) => {
  const p = parsePattern('?f(?xs...)');
  fc.assert(
    fc.property(termArbitrary({ maxDepth: 3 }), (term) => {
      const ms = matchAll(p, term);
      if (term.kind !== 'app') return ms.length === 0;
      return ms.length === 1 && instantiate(p, ms[0]) === term;
    }),
    { seed: 1602, numRuns: 300 },
  );
  t.pass();
});
