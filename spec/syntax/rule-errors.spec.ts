import test from 'ava';
import { BibunError } from '../../lib/base/errors.js';
import { parseRule, parseRuleFile, parseStrategy } from '../../lib/syntax/parse.js';

/** `line:column: message` of the error reading `text` as the rule file t.rules. */
function fileError(text: string): string {
  try {
    parseRuleFile(text, 't.rules');
  } catch (e) {
    if (!(e instanceof BibunError) || e.position === undefined) throw e;
    return `${e.position.line}:${e.position.column}: ${e.message}`;
  }
  return 'read';
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (!(e instanceof BibunError) || e.position === undefined) throw e;
    return `${e.position.line}:${e.position.column}: ${e.message}`;
  }
  return 'read';
}

// Malformed rule files, each with the exact error a person gets (file:line:column is the
// position shown; `bibun check-rules` and `:load` prefix it with the file).
const files: [string, string][] = [
  ['ruleset r\n  a: f(?a -> ?a', '2:7: "(" is never closed'],
  ['ruleset r\n  a: f(?a -> ?a)', '2:11: expected ")" to close the "(" at 2:7, found "->"'],
  ['ruleset r\n  a: f(?a) ?a', '2:12: rule a: expected "->", found \'?\''],
  [
    'ruleset r\n  a: f(?a)',
    '2:11: rule a: expected "->" and the right side (a: LHS -> RHS), found end of input',
  ],
  [
    'ruleset r\n  a: f(?a) -> ?a if bogus',
    '2:21: rule a: bogus is not a condition: write a guard call (is_number(?a)), a comparison (?n > 0), L == R, P := E, or otherwise',
  ],
  [
    'ruleset r\n  a: f(?a) -> ?a if ?a',
    '2:21: rule a: ?a is not a condition: write a guard call (is_number(?a)), a comparison (?n > 0), L == R, P := E, or otherwise',
  ],
  [
    'ruleset r\n  a: f(?a) -> ?a if ?a + 1',
    '2:21: rule a: ?a + 1 is not a condition: write a guard call (is_number(?a)), a comparison (?n > 0), L == R, P := E, or otherwise',
  ],
  [
    'ruleset r\n  a: f(?a) -> ?a if',
    '2:20: rule a: expected a condition after "if", found end of input',
  ],
  [
    'ruleset r\n  a: f(?a) -> ?a if is_number(?a),',
    '2:35: rule a: expected a condition after ",", found end of input',
  ],
  [
    'ruleset r\n  a: f(?a) -> ?a if is_number(?a), bogus',
    '2:36: rule a: bogus is not a condition: write a guard call (is_number(?a)), a comparison (?n > 0), L == R, P := E, or otherwise',
  ],
  [
    'ruleset r\n  a: f(?a) -> ?a if is_number(?a), ?a >',
    '2:40: rule a: expected an expression after ">", found end of input',
  ],
  [
    'ruleset r\n  a: f(?a) -> ',
    '2:15: rule a: expected the right side after "->", found end of input',
  ],
  [
    'ruleset r\n  a: f(?a) -> \n  b: g(?a) -> ?a\n',
    '2:14: rule a: expected the right side after "->", found end of line',
  ],
  [
    'ruleset r\n  a: f(?a) ->',
    '2:14: rule a: expected the right side after "->", found end of input',
  ],
  [
    'ruleset r\n  a f(?a) -> ?a',
    '2:5: expected ":" after the rule name a (a: LHS -> RHS), found \'f\'',
  ],
  [
    'ruleset r\n  : f(?a) -> ?a',
    "2:3: expected a declaration (ruleset, strategy, example, derivatives or op) or a rule (NAME: LHS -> RHS), found ':'",
  ],
  ['ruleset r\n  a:', '2:5: rule a: expected the left side after ":", found end of input'],
  ['ruleset r\n  a: -> ?a', '2:6: rule a: expected the left side after ":", found "->"'],
  ['ruleset r\n  a: f([?a) -> ?a', '2:11: expected "]" to close the "[" at 2:8, found ")"'],
  ['ruleset r\n  a: f(?a)) -> ?a', '2:11: unmatched ")": no bracket is open here'],
  [
    'ruleset r\n  a: f(?a) => ?a',
    '2:12: rule a: expected "->" between the left and right sides, found "=>"',
  ],
  [
    'ruleset r\n  a: f(?a) = ?a',
    '2:12: rule a: expected "->" between the left and right sides, found \'=\'',
  ],
  [
    'ruleset r\n  a: f(?a) -> ?a ?b',
    '2:18: rule a: expected "if" and conditions, or the end of the rule, after the right side, found \'?\'',
  ],
  [
    'ruleset r\n  a: f(?a) -> ?a + ',
    '2:20: rule a: expected an expression after "+", found end of input',
  ],
  [
    'ruleset r\n  a: f(?a) -> ?a +\n',
    '2:19: rule a: expected an expression after "+", found end of line',
  ],
  ['ruleset r\n  a: f(?a, ) -> ?a', '2:12: rule a: expected an expression after ",", found \')\''],
  ['ruleset r\n  a: f(?a) -> ?a**2', '2:18: ** is not an operator: write powers with ^ (x^2)'],
  ['ruleset\n  a: f(?a) -> ?a', '1:8: expected a name after "ruleset", found end of line'],
  [
    'rulset r\n  a: f(?a) -> ?a',
    "1:1: expected a declaration (ruleset, strategy, example, derivatives or op), found 'rulset'",
  ],
  ['ruleset r x', "1:11: ruleset r: expected its rules on the lines below it, found 'x'"],
  ['ruleset r\n  a: f(?a) -> ?a if is_number(?a', '2:30: "(" is never closed'],
  ['ruleset r\n  a: f(?a) -> g(?a', '2:16: "(" is never closed'],
  ['ruleset r\n  a: f(?a) -> ?a\n  b: g(?a -> ?a\n  c: h(?a) -> ?a\n', '3:7: "(" is never closed'],
  [
    'ruleset r\n  a: f(?a) -> ?a\n  b: g(?a) -> ?a)',
    '3:17: unmatched ")": no bracket is open here',
  ],
  ['strategy s = try(r', '1:17: "(" is never closed'],
  ['strategy s = r <+', '1:18: strategy s: expected a strategy after "<+", found end of input'],
  ['strategy s = r ; ; r', '1:20: strategy s: expected a strategy after ";", found \'r\''],
  ['strategy s =', '1:13: strategy s: expected a strategy after "=", found end of input'],
  ['strategy s r', '1:12: strategy s: expected "=" and its body (strategy s = ...), found \'r\''],
  ['strategy', '1:9: expected a name after "strategy", found end of input'],
  ['strategy s(x = x', '1:11: "(" is never closed'],
  ['strategy s(x) x', '1:15: strategy s: expected "=", found \'x\''],
  ['strategy s = try(r,)', '1:20: strategy s: expected a strategy after ",", found \')\''],
  ['strategy s = ?', '1:15: strategy s: expected a pattern after "?", found end of input'],
  [
    'example r: f(1) -> 1',
    '1:17: example r: expected "=>" between the input and the expected result, found "->"',
  ],
  [
    'example r f(1) => 1',
    '1:11: example r: expected ":" after the name (example r: INPUT => EXPECTED), found \'f\'',
  ],
  [
    'example r: f(1) =>',
    '1:19: example r: expected the expected result after "=>", found end of input',
  ],
  ['example r: f(1 => 1', '1:13: "(" is never closed'],
  [
    'example r: f(1) = 1',
    '1:17: example r: expected "=>" between the input and the expected result, found \'=\'',
  ],
  ['op and : assoc comm id(true', '1:23: "(" is never closed'],
  ['op and : asoc', "1:10: op and: expected an attribute (assoc, comm or id(VALUE)), found 'asoc'"],
  [
    'op and assoc',
    '1:8: op and: expected "/ARITY" or ": ATTRIBUTES" (op and : assoc comm), found \'assoc\'',
  ],
  ['derivatives\n  myf(u) 2*u', '2:10: expected ":", found \'2\''],
  ['derivatives\n  myf(u) : ', '2:12: expected an expression after ":", found end of input'],
  [
    'ruleset r\n  a: f(?a) -> ?a\nstrategy s = r\nexampel s: f(1) => 1',
    "4:1: expected a declaration (ruleset, strategy, example, derivatives or op), found 'exampel'",
  ],
  ['ruleset r\r\n  a: f(?a -> ?a\r\n  b: g(?b) -> ?b\r\n', '2:7: "(" is never closed'],
  [
    'ruleset r\r\n  a: f(?a) -> \r\n  b: g(?b) -> ?b\r\n',
    '2:14: rule a: expected the right side after "->", found end of line',
  ],
  [
    'ruleset r\n\ta: f(?a) -> ?a if ?a = 2',
    '2:23: rule a: "=" is not a condition: write == (both sides normalise to the same term) or := (a match)',
  ],
  [
    'ruleset r\n  a: f(?a) -> ?a if is_number ?a, ?a > 1',
    '2:31: rule a: a guard takes its arguments in brackets: write is_number(?a)',
  ],
  [
    'ruleset r\n  a: f(?a) → ?a',
    `2:12: rule a: expected "->" between the left and right sides, found '→'`,
  ],
  [
    'ruleset r\n  a->b: f(?a) -> ?a',
    '2:4: expected ":" after the rule name a (a: LHS -> RHS), found "->"',
  ],
  ['ruleset r\n  a: f(?a) -> ?a if ?a > 0 if ?a < 3', `2:28: rule a: expected ",", found 'if'`],
];

for (const [text, message] of files) {
  test(`rule file ${JSON.stringify(text)}: ${message}`, (t) => {
    t.is(fileError(text), message);
  });
}

test('a strategy line ending in ";" says how to continue it', (t) => {
  t.is(
    fileError('strategy s = a ;\n  b\n'),
    '1:17: strategy s: expected a strategy after ";", found end of line (a strategy goes on to the next line inside brackets only: write (s1 ;\n s2))',
  );
  t.is(
    fileError('ruleset a\n  x: x -> y\nruleset b\n  y: y -> z\nstrategy s = (a ;\n  b)\n'),
    'read',
  );
});

const rules: [string, string][] = [
  ['a: f(?a -> ?a', '1:5: "(" is never closed'],
  ['a: f(?a) ?a', `1:10: rule a: expected "->", found '?'`],
  ['f(?a) -> ?a', `1:2: expected ":" after the rule name f (f: LHS -> RHS), found '('`],
  [
    'a: f(?a) -> ?a if x',
    '1:19: rule a: x is not a condition: write a guard call (is_number(?a)), a comparison (?n > 0), L == R, P := E, or otherwise',
  ],
];

for (const [text, message] of rules) {
  test(`rule ${JSON.stringify(text)}: ${message}`, (t) => {
    t.is(
      errorOf(() => parseRule(text)),
      message,
    );
  });
}

const strategies: [string, string][] = [
  ['try(r', '1:4: "(" is never closed'],
  ['r <+', '1:5: expected a strategy after "<+", found end of input'],
  ['r ; ; s', `1:7: expected a strategy after ";", found 's'`],
  ['a b', `1:3: expected "<+" or ";", found 'b'`],
  ['?', '1:2: expected a pattern after "?", found end of input'],
  ['all(s))', '1:7: unmatched ")": no bracket is open here'],
];

for (const [text, message] of strategies) {
  test(`strategy ${JSON.stringify(text)}: ${message}`, (t) => {
    t.is(
      errorOf(() => parseStrategy(text)),
      message,
    );
  });
}

test('an unclosed bracket in a long file is reported where it opens, with the file and a caret', (t) => {
  const body = Array.from({ length: 2000 }, (_, i) => `  r${i}: f${i}(?x) -> ?x`).join('\n');
  const e = t.throws(
    () =>
      parseRuleFile(`ruleset big\n${body}\n  bad: g(?x -> ?x\n  ok: h(?x) -> ?x\n`, 'big.rules'),
    {
      instanceOf: BibunError,
    },
  );
  t.is(e!.display(), 'big.rules:2002:9: "(" is never closed\n    bad: g(?x -> ?x\n          ^');
});

test('the message of an error in a very long rule line costs time linear in its length', (t) => {
  const long = `ruleset r\n  a: f(?x) -> ${'x + '.repeat(100_000)}?x if ${'?x > 0, '.repeat(20_000)}?x ?y\n`;
  const e = t.throws(() => parseRuleFile(long, 'long.rules'), { instanceOf: BibunError });
  t.regex(e!.message, /^rule a: expected .*, found '\?'$/);
  t.is(e!.position?.line, 2);
});
