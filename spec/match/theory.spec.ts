import test from 'ava';
import fc from 'fast-check';
import { Signature } from '../../lib/match/operators.js';
import { instantiate, matchAll } from '../../lib/match/pattern.js';
import { parseRuleFile } from '../../lib/syntax/parse.js';
import type { OpDecl } from '../../lib/syntax/ast.js';
import '../../lib/term/print.js';
import { app, patternVar, sym, type Term, theoryApp } from '../../lib/term/term.js';
import { postorder } from '../../lib/term/walk.js';

const sig = Signature.empty.declare(
  parseRuleFile(
    [
      'op f : assoc comm',
      'op u : assoc comm id(z)',
      'op g : assoc',
      'op w : assoc id(z)',
      'op h : comm',
      'op c : comm id(z)',
      'op r : id(z)',
    ].join('\n'),
  ).decls as OpDecl[],
  'ops.rules',
);
const theoryOf = sig.lookup!;
const heads = ['f', 'u', 'g', 'w', 'h', 'c', 'r', 'k'];

/** Random small terms over a, b, z (the identity) and the heads above (k is free, unary). */
function termOf(leaves: fc.Arbitrary<Term>): fc.Arbitrary<Term> {
  const t = fc.letrec<{ t: Term }>((tie) => ({
    t: fc.oneof(
      { depthSize: 'small', maxDepth: 3 },
      leaves,
      fc
        .tuple(fc.constantFrom(...heads), fc.array(tie('t'), { minLength: 2, maxLength: 3 }))
        .map(([h, args]) => {
          if (h === 'k') return app('k', [args[0]]);
          const th = theoryOf(h)!;
          return app(h, th.assoc ? args : args.slice(0, 2));
        }),
    ),
  })).t;
  return t.map((x) => sig.normalize(x));
}

const subjects = termOf(fc.constantFrom(sym('a'), sym('b'), sym('z')));
const patterns = termOf(
  fc.constantFrom(sym('a'), sym('z'), patternVar('x'), patternVar('y'), patternVar('x')),
).filter((p) => p.hasVars);

/** Every value a variable can take in a match against s (see the test's comment). */
function candidates(s: Term): Term[] {
  const out = new Set<Term>([sym('z')]);
  for (const n of postorder(s)) {
    out.add(n);
    if (n.kind !== 'app') continue;
    const th = theoryOf(n.head);
    if (th === undefined || !th.assoc) continue;
    const xs = n.args;
    if (th.comm) {
      for (let mask = 1; mask < 1 << xs.length; mask++) {
        const pick = xs.filter((_, i) => mask & (1 << i));
        if (pick.length >= 2) out.add(theoryApp(n.head, pick, th));
      }
    } else {
      for (let i = 0; i < xs.length; i++)
        for (let j = i + 2; j <= xs.length; j++) out.add(theoryApp(n.head, xs.slice(i, j), th));
    }
  }
  return [...out];
}

function vars(p: Term): string[] {
  return [...new Set(postorder(p).flatMap((n) => (n.kind === 'var' ? [n.name] : [])))].sort();
}

const show = (names: string[], value: (n: string) => Term) =>
  names.map((n) => `${n}=${String(value(n))}`).join('; ');

/** Brute force: every assignment of candidates whose instance is the subject modulo the axioms. */
function bruteForce(p: Term, s: Term): Set<string> {
  const names = vars(p);
  const cs = candidates(s);
  const out = new Set<string>();
  const go = (i: number, env: Map<string, Term>) => {
    if (i === names.length) {
      if (sig.normalize(instantiate(p, env)) === s) out.add(show(names, (n) => env.get(n)!));
      return;
    }
    for (const c of cs) go(i + 1, new Map(env).set(names[i], c));
  };
  go(0, new Map());
  return out;
}

function matcher(p: Term, s: Term): Set<string> {
  const names = vars(p);
  return new Set(
    matchAll(p, s, { theories: theoryOf }).map((m) => show(names, (n) => m.get(n) as Term)),
  );
}

test('matching modulo A, C, AC, with and without identity, finds exactly the matches brute force finds', (t) => {
  // A variable's value, put in canonical form, either vanishes (an identity), or is a subterm
  // of the subject, or is flattened into an associative list of the subject: the head over a
  // sub-multiset (assoc comm) or a run (assoc) of that list. So enumerating those values for
  // each variable finds every match.
  fc.assert(
    fc.property(patterns, subjects, (p, s) => {
      const expected = [...bruteForce(p, s)].sort();
      const found = [...matcher(p, s)].sort();
      t.deepEqual(found, expected, `${String(p)} against ${String(s)}`);
    }),
    { seed: 1616, numRuns: 400 },
  );
});

test('patterns matched against instances of themselves always match', (t) => {
  fc.assert(
    fc.property(patterns, subjects, subjects, (p, a, b) => {
      const env = new Map([
        ['x', a],
        ['y', b],
      ]);
      const s = sig.normalize(instantiate(p, env));
      t.true(matcher(p, s).size > 0, `${String(p)} against ${String(s)}`);
    }),
    { seed: 1617, numRuns: 300 },
  );
});
