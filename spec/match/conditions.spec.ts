import test from 'ava';
import { BibunError } from '../../lib/base/errors.js';
import { RuleLibrary, runExample } from '../../lib/rewrite/library.js';
import { parse } from '../../lib/syntax/parse.js';
import { toInfix } from '../../lib/term/print.js';

const nat = RuleLibrary.empty().loadText(
  [
    'ruleset nat',
    '  lt-z:  lt(z, s(?n)) -> true',
    '  lt-zz: lt(?n, z) -> false',
    '  lt-s:  lt(s(?m), s(?n)) -> lt(?m, ?n)',
    '  max-r: max(?m, ?n) -> ?n          if lt(?m, ?n) == true',
    '  max-l: max(?m, ?n) -> ?m          if otherwise',
    '  dm-lt: divmod(?m, ?n) -> pair(z, ?m)  if lt(?m, ?n) == true',
    '  dm-ge: divmod(?m, ?n) -> pair(s(?q), ?r)  if pair(?q, ?r) := divmod(minus(?m, ?n), ?n), lt(?m, ?n) == false',
    '  mi-z:  minus(?m, z) -> ?m',
    '  mi-s:  minus(s(?m), s(?n)) -> minus(?m, ?n)',
    '  half:  half(?n) -> ?q             if pair(?q, ?r) := divmod(?n, s(s(z)))',
    'strategy norm = innermost(nat)',
    'example norm: max(s(z), s(s(z))) => s(s(z))',
    'example norm: max(s(s(z)), s(z)) => s(s(z))',
    'example norm: half(s(s(s(s(s(z)))))) => s(s(z))',
  ].join('\n'),
  'nat.rules',
);

const norm = (text: string) => toInfix(nat.run('norm', parse(text)).term);

test('an equational condition normalises both sides under the running strategy', (t) => {
  t.is(norm('max(s(z), s(s(z)))'), 's(s(z))');
  t.is(norm('max(z, z)'), 'z', 'lt(z, z) is false: the otherwise rule');
  for (const ex of nat.examples) t.true(runExample(nat, ex).ok, ex.text);
});

test('a matching condition binds the variables of its pattern for the right side', (t) => {
  t.is(norm('divmod(s(s(s(s(s(z))))), s(s(z)))'), 'pair(s(s(z)), s(z))');
  t.is(norm('half(s(s(s(z))))'), 's(z)');
});

test('otherwise: the rule fires only when no other rule of its set applies', (t) => {
  const lib = RuleLibrary.empty().loadText(
    [
      'ruleset kind',
      '  other: kind(?x) -> thing      if otherwise',
      '  zero:  kind(0) -> zero',
      '  num:   kind(?x) -> number     if is_number(?x)',
    ].join('\n'),
  );
  const k = (x: string) => toInfix(lib.run('innermost(kind)', parse(`kind(${x})`)).term);
  t.deepEqual([k('0'), k('3'), k('y')], ['zero', 'number', 'thing']);
});

test('a matching condition tries every match of its pattern', (t) => {
  const lib = RuleLibrary.empty().loadText(
    [
      'op set : assoc comm',
      'ruleset pick',
      '  big: biggest(?s) -> ?x   if set(?x, ?rest...) := ?s, is_number(?x), ?x > 5',
    ].join('\n'),
  );
  t.is(toInfix(lib.run('pick', parse('biggest(set(1, 7, 3))')).term), '7');
});

function loadError(text: string): string {
  try {
    RuleLibrary.empty().loadText(text, 'c.rules');
  } catch (e) {
    if (e instanceof BibunError) return e.display();
    throw e;
  }
  return 'loaded';
}

test('misused conditions are file:line:column errors, and nothing is loaded', (t) => {
  t.regex(
    loadError('ruleset r\n  a: f(?x) -> ?x if g(?y) == ?x'),
    /^c\.rules:2:21: rule a: condition == uses \?y, which the left side does not bind/,
  );
  t.regex(
    loadError('ruleset r\n  a: f(?x) -> ?y if ?y := h(?z)'),
    /^c\.rules:2:21: rule a: condition := uses \?z/,
  );
  t.regex(
    loadError('ruleset r\n  a: f(?x) -> ?x if is_number(?x), otherwise'),
    /^c\.rules:2:36: rule a: an otherwise rule has no other condition/,
  );
  t.regex(
    loadError('ruleset r\n  a: f(?x) -> ?y if g(?y...) := ?x'),
    /unbound right-hand variable \?y|\?y is \?y\.\.\./,
  );
  // A variable a matching condition binds can be used by the conditions after it.
  t.is(loadError('ruleset r\n  a: f(?x) -> ?y if g(?y) := ?x, is_number(?y)'), 'loaded');
});
