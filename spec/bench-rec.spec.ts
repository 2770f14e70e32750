import test from 'ava';
import {
  maudeModule,
  predictMs,
  recInput,
  recPrograms,
  ruleTexts,
  type RecProgram,
} from './bench/workloads/rec.js';
import { rewriteWithRules } from '../lib/rewrite/library.js';
import { parse } from '../lib/syntax/parse.js';

/** The REC-style suite's translation and bookkeeping (the suite itself runs with `npm run bench`). */

const program = (text: string, input = 'f(#n)'): RecProgram => ({
  name: 'demo',
  file: 'demo.rules',
  text,
  input,
  sizes: [1],
  large: [],
});

test('conditions become ceq with = and :=, otherwise becomes [owise]', (t) => {
  const text = `ruleset demo
  lt-z: lt(z, s(?n)) -> tt
  mx-r: mx(?m, ?n) -> ?n if lt(?m, ?n) == tt
  mx-l: mx(?m, ?n) -> ?m if otherwise
  fst: fst(?p) -> ?a if pr(?a, ?b) := ?p, lt(?a, ?b) == tt
  mif: mif(tt, ?x) -> ?x
`;
  t.deepEqual(
    ruleTexts(text).map((r) => r.conditions),
    [[], ['lt(?m, ?n) == tt'], ['otherwise'], ['pr(?a, ?b) := ?p', 'lt(?a, ?b) == tt'], []],
  );
  const eqs = maudeModule(program(text))
    .split('\n')
    .filter((l) => /^ {2}c?eq /.test(l));
  t.deepEqual(eqs, [
    '  eq lt(z, s(Vn:T)) = tt .',
    '  ceq mx(Vm:T, Vn:T) = Vn:T if lt(Vm:T, Vn:T) = tt .',
    '  eq mx(Vm:T, Vn:T) = Vm:T [owise] .',
    '  ceq fst(Vp:T) = Va:T if pr(Va:T, Vb:T) := Vp:T /\\ lt(Va:T, Vb:T) = tt .',
    '  eq mif(tt, Vx:T) = Vx:T .',
  ]);
  const m = maudeModule(program(text));
  t.regex(m, /op pr : T T -> T \./);
  t.notRegex(m, /op otherwise/);
});

test('an operator used at two arities is refused by the translation', (t) => {
  t.throws(() => maudeModule(program('ruleset demo\n  a: f(?x) -> f(?x, ?x)\n')), {
    message: /f is used with 1 and 2 arguments/,
  });
});

test('inputs write numerals for the size, its multiples and constants', (t) => {
  const p = program('ruleset demo\n', 'g(#n, #n*2/3, #n/10, #2)');
  t.is(recInput(p, 3), 'g(s(s(s(z))), s(s(z)), z, s(s(z)))');
  t.is(recInput(p, 30).split('s(').length - 1, 30 + 20 + 3 + 2);
});

test('every program has ascending sizes, and its rules bring the smallest input to normal form', (t) => {
  const programs = recPrograms();
  t.true(programs.length >= 18);
  for (const p of programs) {
    t.deepEqual(
      [...p.sizes].sort((a, b) => a - b),
      [...p.sizes],
      p.name,
    );
    t.true(
      p.large.every((n) => p.sizes.includes(n)),
      p.name,
    );
    t.true(ruleTexts(p.text).length > 0, p.name);
    t.regex(maudeModule(p), /^fmod [A-Z]+ is\n/, p.name);
    const r = rewriteWithRules(parse(recInput(p, p.sizes[0])), p.text, { file: p.file });
    t.is(r.stop, 'normal', p.name);
  }
  const conditional = programs.filter((p) => ruleTexts(p.text).some((r) => r.conditions.length));
  t.true(conditional.length >= 5);
});

test('a large size is predicted from the smaller ones, the lesser of two growths', (t) => {
  const side = (ms: number, rewriteMs: number, rewrites?: number) => ({ ms, rewriteMs, rewrites });
  const done = [
    { n: 1, b: side(300, 100), m: side(10, 0, 1000) },
    { n: 2, b: side(600, 400), m: side(10, 0, 2000) },
  ];
  // Geometric: 400 · 4^1 = 1600; Maude's rewrites grew 3×: 1200; plus the 200 ms start-up.
  t.is(predictMs(done, 3, side(10, 0, 6000)), 1400);
  t.is(predictMs(done, 3, undefined), 1800);
  t.is(predictMs([], 3, undefined), undefined);
});
