import test from 'ava';
import fc from 'fast-check';
import { termArbitrary } from '../../lib/check/toolkit.js';
import { defaultPartials, symbolicJacobian } from '../../lib/diff/index.js';
import { parse } from '../../lib/syntax/parse.js';
import { evaluate } from '../../lib/term/evaluate.js';
import { show } from '../../lib/app/session-state.js';
import { Session } from '../../lib/app/session.js';
import { occurs } from '../../lib/term/walk.js';
import { sym } from '../../lib/term/term.js';
import { answerOf, benchRows } from '../../lib/web/answer.js';
import {
  dagPicture,
  diffPicture,
  dstarPicture,
  maxTreeNodes,
  sizeText,
  treePicture,
  valuesPicture,
} from '../../lib/web/pictures.js';

/** The page's pictures and answers, without a browser. */
const nodesIn = (dot: string): number => (dot.match(/^ {2}n\d+ \[/gm) ?? []).length;
const edgesIn = (dot: string): number => (dot.match(/^ {2}n\d+ -> n\d+/gm) ?? []).length;
const table = defaultPartials();
const io = { readFile: (): string => '', writeFile: (): void => {} };

test('the DAG picture draws dagSize nodes; the tree picture treeSize (or refuses)', (t) => {
  fc.assert(
    fc.property(termArbitrary({ maxDepth: 5, sharing: true }), (f) => {
      const dag = dagPicture(f);
      if (nodesIn(dag.dot) !== f.dagSize) return false;
      if (f.treeSize > BigInt(maxTreeNodes)) {
        try {
          treePicture(f);
          return false;
        } catch (e) {
          return /too many to draw as a tree/.test((e as Error).message);
        }
      }
      const tree = treePicture(f);
      return nodesIn(tree.dot) === Number(f.treeSize) && edgesIn(tree.dot) === tree.nodes - 1;
    }),
    { seed: 14, numRuns: 200 },
  );
  t.pass();
});

test('the values picture reports the derivative the dstar method computes', (t) => {
  fc.assert(
    fc.property(
      termArbitrary({ maxDepth: 4, variables: ['x', 'y'] }),
      fc.double({ min: -2, max: 2, noNaN: true }),
      (f, x) => {
        fc.pre(occurs(sym('x'), f));
        const point = new Map([
          ['x', x],
          ['y', 0.75],
        ]);
        let p: ReturnType<typeof valuesPicture>;
        try {
          p = valuesPicture(f, 'x', point, table);
        } catch (e) {
          // A derivative that does not depend on x after all (x*0 folded away) is a usage error.
          return /does not depend on x/.test((e as Error).message);
        }
        const d = symbolicJacobian([f], ['x'], { method: 'dstar', table })[0][0];
        const v = evaluate(d, { x, y: 0.75 });
        const shown = /d\/dx = (\S+)/.exec(p.note)![1];
        return Number.isFinite(v)
          ? Math.abs(Number(shown) - v) <= 1e-5 * Math.max(1, Math.abs(v))
          : shown === String(v);
      },
    ),
    { seed: 14, numRuns: 200 },
  );
  t.pass();
});

test('the founding example: DAG 6 nodes, differentiation graph 5 nodes and 5 edges, -1 at pi', (t) => {
  const f = parse('(4 + sin(x))*cos(sin(x))');
  t.is(dagPicture(f).nodes, 6);
  const g = diffPicture(f, 'x', table);
  t.is(nodesIn(g.dot), 5);
  t.is(edgesIn(g.dot), 5);
  t.regex(valuesPicture(f, 'x', new Map([['x', Math.PI]]), table).note, /d\/dx = -1 /);
  t.throws(() => diffPicture(parse('y^2'), 'x', table), { message: /does not depend on x/ });
  // D*: sin(x) is the one inner vertex every path passes; above it, a region of two paths.
  const d = dstarPicture(f, 'x', table);
  t.regex(
    d.note,
    /^multiplications: 3 by path sums \(graph\), 2 factored \(dstar\)\. 1 inner vertex /,
  );
  t.regex(d.note, /with 2 paths/);
  t.is((d.dot.match(/subgraph cluster_/g) ?? []).length, 1);
});

test('sizes in notes: exact up to 15 digits', (t) => {
  t.is(sizeText(123n), '123');
  t.is(sizeText(10n ** 301n * 4n), '4.00e301');
});

test("answers: a term answer's let-form and text read back as the term the REPL showed", (t) => {
  fc.assert(
    fc.property(termArbitrary({ maxDepth: 4, sharing: true }), (f) => {
      const a = answerOf(show(f), show(f));
      return a.kind === 'term' && parse(a.letForm!) === parse(show(f)) && a.latex !== undefined;
    }),
    { seed: 14, numRuns: 200 },
  );
  t.pass();
});

test('answers from a real session: bindings, errors, :bench rows, :dot', (t) => {
  const s = new Session(io);
  const bind = 'f = (4 + sin(x))*cos(sin(x))';
  const a = answerOf(bind, s.eval(bind));
  t.is(a.kind, 'term');
  t.is(a.prefix, 'f = ');
  t.is(a.sizes, 'tree size 8, DAG size 6');
  // A series: the remainder is a note after the value, not part of it.
  const series = 'series(sin(x), x, 0, 5)';
  const sa = answerOf(series, s.eval(series));
  t.is(sa.text, 'x - x^3/6 + x^5/120 + O(x^6)');
  t.is(sa.letForm, 'x^5/120 - x^3/6 + x');
  t.is(
    sa.latex,
    'x - \\frac{x^{3}}{6} + \\frac{x^{5}}{120} + \\operatorname{O}\\left(x^{6}\\right)',
  );
  const shifted = answerOf('series(log(x), x, 1, 2)', s.eval('series(log(x), x, 1, 2)'));
  t.is(shifted.text, 'x - 1 - (x - 1)^2/2 + O((x - 1)^3)');
  t.is(
    shifted.latex,
    'x - 1 - \\frac{\\left(x - 1\\right)^{2}}{2} + \\operatorname{O}\\left(\\left(x - 1\\right)^{3}\\right)',
  );
  t.is(answerOf('(x + 1', s.eval('(x + 1')).kind, 'error');
  t.is(answerOf('nope(', s.eval('nope(')).kind, 'error');
  t.is(answerOf(':diff f', s.eval(':diff f')).kind, 'error');
  t.is(answerOf('sin(x)^2 + cos(x)^2 == 1', s.eval('sin(x)^2 + cos(x)^2 == 1')).kind, 'text');
  const bench = s.eval(':bench f x x=pi');
  const rows = benchRows(bench)!;
  t.deepEqual(
    rows.map((r) => r.method),
    ['tree', 'dag', 'graph', 'dstar', 'forward', 'reverse', 'numeric'],
  );
  for (const r of rows) {
    t.true(r.ms !== undefined && r.ms >= 0, r.method);
    t.true(Math.abs(Number(r.value) + 1) < 1e-6, `${r.method}: ${r.value}`);
  }
  t.is(rows[0].dag, '11');
  t.is(rows[4].dag, '');
  const dot = answerOf(':dot f', s.eval(':dot f'));
  t.is(dot.kind, 'dot');
  t.is(nodesIn(dot.dot!), 6);
});
