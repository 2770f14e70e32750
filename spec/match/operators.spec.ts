import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BibunError } from '../../lib/base/errors.js';
import { Session, type SessionIO } from '../../lib/app/session.js';
import { matchAll } from '../../lib/match/pattern.js';
import { RuleLibrary, runExample, shippedRulesDir } from '../../lib/rewrite/library.js';
import { parse, parsePattern, parseRuleFile } from '../../lib/syntax/parse.js';
import { toInfix } from '../../lib/term/print.js';

const booleanText = readFileSync(join(shippedRulesDir(), 'examples', 'boolean.rules'), 'utf8');
const boolean = RuleLibrary.empty().loadText(booleanText, 'boolean.rules');

const rewrite = (lib: RuleLibrary, strategy: string, text: string) =>
  toInfix(lib.run(strategy, parse(text)).term);

test('the issue: and(or(b, a), a) matches and(?a, or(?a, ?b)) when and, or are declared assoc comm', (t) => {
  const ms = matchAll(parsePattern('and(?a, or(?a, ?b))'), parse('and(or(b, a), a)'), {
    theories: boolean.signature.lookup,
  });
  t.deepEqual(
    ms.map((m) => `${toInfix(m.get('a') as never)} ${toInfix(m.get('b') as never)}`),
    ['a b'],
  );
  t.is(rewrite(boolean, 'innermost(boolean)', 'and(or(b, a), a)'), 'a');
});

test('declared heads are flattened, ordered and stripped of the identity inside the scope only', (t) => {
  t.is(rewrite(boolean, 'innermost(boolean)', 'and(q, and(p, true), r)'), 'and(p, q, r)');
  t.is(rewrite(boolean, 'innermost(boolean)', 'or(false, false)'), 'false');
  // Outside the library's runs the head is an ordinary one.
  t.is(toInfix(parse('and(q, and(p, true))')), 'and(q, and(p, true))');
});

test('one De Morgan rule covers not(or(p, q, r)), whatever the grouping', (t) => {
  for (const input of ['not(or(p, q, r))', 'not(or(or(r, p), q))', 'not(or(p, or(q, r)))'])
    t.is(rewrite(boolean, 'innermost(boolean)', input), 'and(not(p), not(q), not(r))', input);
});

test('every example of the boolean rule file holds', (t) => {
  t.true(boolean.examples.size >= 5);
  for (const ex of boolean.examples) t.true(runExample(boolean, ex).ok, ex.text);
});

test('assoc alone keeps the order; comm alone is binary; an AC rule at the top is extended', (t) => {
  const lib = RuleLibrary.empty().loadText(
    [
      'op cat : assoc id(nil)',
      'op pair : comm',
      'op max : assoc comm',
      'ruleset lists',
      '  swap: cat(b, a) -> cat(a, b)',
      '  diag: pair(?x, ?x) -> diagonal(?x)',
      '  big: max(?x, top) -> top',
      'example lists: cat(c, cat(b, a), nil) => cat(c, a, b)',
      'example lists: pair(y, x) => pair(x, y)',
      'example lists: pair(z, z) => diagonal(z)',
      'example lists: max(u, top, v) => top',
    ].join('\n'),
    'lists.rules',
  );
  for (const ex of lib.examples) {
    const r = runExample(lib, ex);
    t.true(r.ok, `${ex.text}: got ${toInfix(r.actual)}`);
  }
});

function loadError(files: Record<string, string>): string {
  const e = t0(() =>
    RuleLibrary.empty().loadAll(Object.entries(files).map(([f, text]) => parseRuleFile(text, f))),
  );
  const p = e.position!;
  return `${p.file}:${p.line}:${p.column}: ${e.message}`;
}

function t0(f: () => unknown): BibunError {
  try {
    f();
  } catch (e) {
    if (e instanceof BibunError) return e;
    throw e;
  }
  throw new Error('no error');
}

test('bad declarations are file:line:column errors, and nothing is loaded', (t) => {
  t.is(
    loadError({ 'a.rules': 'op f/1 : comm' }),
    'a.rules:1:10: op f: comm needs a binary operator, but f/1 takes 1',
  );
  t.is(
    loadError({ 'a.rules': '\nop f : assoc id(?x)' }),
    'a.rules:2:14: op f: the identity id(...) must be ground (no ?variables)',
  );
  t.is(loadError({ 'a.rules': 'op f : comm comm' }), 'a.rules:1:13: op f: comm is given twice');
  t.regex(
    loadError({ 'a.rules': 'op f : assoc comm', 'b.rules': '# b\nop f : assoc' }),
    /^b\.rules:2:1: op f: conflicts with the declaration in a\.rules at line 1$/,
  );
  t.regex(
    loadError({ 'a.rules': 'op h : comm\nruleset r\n  three: h(?x, ?y, ?z) -> ?x' }),
    /^a\.rules:3:10: h is declared h\/2 in this file, got 3 arguments$/,
  );
  t.regex(
    loadError({ 'a.rules': 'op h : comm\nruleset r\n  seg: h(?x, ?y...) -> ?x' }),
    /segment variable needs an operator declared assoc/,
  );
  // The same declaration twice is no conflict.
  t.notThrows(() =>
    RuleLibrary.empty().loadAll([
      parseRuleFile('op f : assoc comm', 'a.rules'),
      parseRuleFile('op f : comm assoc', 'b.rules'),
    ]),
  );
});

test('a session shows the declarations in :rules, and uses them for the inputs', (t) => {
  const files: Record<string, string> = { 'bool.rules': booleanText };
  const io: SessionIO = {
    readFile: (p) => files[p],
    writeFile: () => undefined,
  };
  const s = new Session(io);
  s.eval(':set sizes=off');
  t.regex(s.eval(':load bool.rules'), /^loaded bool\.rules: 13 rules/);
  t.regex(
    s.eval(':rules'),
    /bool\.rules:\n {2}op and : assoc comm id\(true\)\n {2}op or : assoc comm id\(false\)\n {2}op not\/1\n/,
  );
  t.is(s.eval('and(or(b, a), a)'), 'a');
  t.is(s.eval('not(or(p, q, r))'), 'and(not(p), not(q), not(r))');
});

test('a rule file may declare its own operators: op exp/2 means the user’s exp in that file', (t) => {
  const lib = RuleLibrary.empty().loadText(
    [
      'op exp/2',
      'op e',
      'ruleset pw',
      '  pw-z: exp(?x, z) -> s(z)',
      '  pw-s: exp(?x, s(?n)) -> times(?x, exp(?x, ?n))',
      '  len-e: len(e) -> z',
      '  len-c: len(c(?x, ?l)) -> s(len(?l))',
      'example pw: exp(a, s(s(z))) => times(a, times(a, s(z)))',
      'example pw: len(c(a, c(b, e))) => s(s(z))',
    ].join('\n'),
    'pw.rules',
  );
  for (const ex of lib.examples) t.true(runExample(lib, ex).ok, ex.text);
  const e = t0(() => parseRuleFile('op exp/2\nruleset r\n  a: exp(?x) -> ?x', 'x.rules'));
  t.is(
    e.display().split('\n')[0],
    'x.rules:3:6: exp is declared exp/2 in this file, got 1 argument',
  );
  // Without the declaration the built-in's arity holds.
  t.regex(
    t0(() => parseRuleFile('ruleset r\n  a: exp(?x, ?y) -> ?x')).message,
    /exp takes 1 argument/,
  );
});

test('a pattern with a segment variable matches only applications of its head', (t) => {
  const theories = boolean.signature.lookup;
  const n = (pattern: string, subject: string) =>
    matchAll(parsePattern(pattern), boolean.signature.normalize(parse(subject)), { theories })
      .length;
  t.is(n('or(?a, ?b...)', 'p'), 0);
  t.is(n('or(?a, ?b)', 'p'), 2, '?a = p, ?b = false, and the other way round');
  t.true(n('or(?a, ?b...)', 'or(p, q)') > 0);
});
