import test from 'ava';
import fc from 'fast-check';
import { answer } from '../../lib/app/batch.js';
import { currentBudget } from '../../lib/base/budget.js';
import { operationTable, perform, plainContext } from '../../lib/app/dispatch.js';
import { commandTable, Session } from '../../lib/app/session.js';
import { bibun } from './run-cli.js';

/** One dispatch: the CLI, the REPL and batch reach every operation of one table. */

const session = () =>
  new Session({
    readFile: () => {
      throw new Error('no files here');
    },
    writeFile: () => {},
  });

const ask = (req: object) => JSON.parse(answer(JSON.stringify(req))) as Record<string, any>;

test('every operation of the table is a CLI command, a REPL command and a batch op', (t) => {
  t.true(operationTable.size >= 9);
  const help = bibun(['--help']).stdout;
  for (const [name, op] of operationTable) {
    t.true(commandTable.has(name), `:${name}`);
    t.is(commandTable.get(name)!.usage, `:${name} ${op.usage}`);
    const b = ask({ id: 1, op: name });
    t.false(/unknown op/.test(String(b.error?.message)), `batch ${name}`);
    const c = bibun([name]);
    t.is(c.status, 2, `bibun ${name}`);
    t.notRegex(c.stderr, /unknown command/, `bibun ${name}`);
    t.true(help.includes(`bibun ${name} `), `--help lists ${name}`);
  }
});

test('the same bad input is the same error in all three', (t) => {
  const cases: { cli: string[]; repl: string; batch: object; message: RegExp }[] = [
    {
      cli: ['diff', 'x^2', 'x+1'],
      repl: ':diff x^2 x+1',
      batch: { op: 'diff', expr: 'x^2', var: 'x+1' },
      message: /not a variable name: 'x\+1'/,
    },
    {
      cli: ['diff', 'x^2', 'x', '--method', 'magic'],
      repl: ':diff x^2 x --method magic',
      batch: { op: 'diff', expr: 'x^2', var: 'x', method: 'magic' },
      message: /unknown method 'magic'/,
    },
    {
      cli: ['diff', 'x^2', 'x', '--method', 'reverse'],
      repl: ':diff x^2 x --method reverse',
      batch: { op: 'diff', expr: 'x^2', var: 'x', method: 'reverse' },
      message: /gives numbers at a point/,
    },
  ];
  for (const c of cases) {
    const r = bibun(c.cli);
    t.is(r.status, 2, c.cli.join(' '));
    t.regex(r.stderr, c.message);
    t.regex(session().eval(c.repl), c.message, c.repl);
    const b = ask({ id: 1, ...c.batch });
    t.is(b.error.kind, 'usage');
    t.regex(b.error.message, c.message);
  }
});

test('grad at a point: CLI, REPL and batch give the same values (constants allowed)', (t) => {
  const f = 'x*y + log(x) - sin(y)';
  const cli = bibun(['grad', f, 'x', 'y', 'x=1', 'y=pi']);
  t.is(cli.status, 0);
  const expected = [Math.PI + 1, 1 - Math.cos(Math.PI)];
  t.deepEqual(JSON.parse(cli.stdout), expected);
  t.deepEqual(JSON.parse(session().eval(`:grad ${f} x y x=1 y=pi`)), expected);
  t.deepEqual(
    ask({ id: 1, op: 'grad', expr: f, vars: ['x', 'y'], at: { x: 1, y: 'pi' } }).result,
    expected,
  );
});

test('the REPL reaches every method, at a point', (t) => {
  const s = session();
  s.eval('f = x^3 + sin(x)');
  for (const m of ['tree', 'dag', 'graph', 'dstar', 'forward', 'reverse', 'numeric']) {
    const v = Number(s.eval(`:diff f x --method ${m} x=2`));
    t.true(Math.abs(v - (12 + Math.cos(2))) < 1e-6, m);
    const cli = Number(bibun(['diff', 'x^3 + sin(x)', 'x', '--method', m, 'x=2']).stdout);
    t.true(Math.abs(cli - v) < 1e-6, m);
  }
});

test('property: diff at random points agrees across batch and the REPL', (t) => {
  const s = session();
  fc.assert(
    fc.property(
      fc.double({ min: -3, max: 3, noNaN: true }),
      fc.constantFrom('dstar', 'reverse', 'forward'),
      (x, m) => {
        const repl = Number(s.eval(`:diff x^2*cos(x) x --method ${m} x=${x}`));
        const batch = ask({
          id: 1,
          op: 'diff',
          expr: 'x^2*cos(x)',
          var: 'x',
          method: m,
          at: { x },
        }).result;
        return Math.abs(repl - batch) <= 1e-9 * (1 + Math.abs(batch));
      },
    ),
    { seed: 42, numRuns: 40 },
  );
  t.pass();
});

test('batch "at" takes constant expressions like the CLI; not variables', (t) => {
  t.is(ask({ id: 1, op: 'eval', expr: 'sin(x)', at: { x: 'pi/2' } }).result, 1);
  t.is(ask({ id: 2, op: 'diff', expr: 'sin(x)', var: 'x', at: { x: 'pi' } }).result, -1);
  t.is(ask({ id: 3, op: 'eval', expr: 'x', at: { x: 'y' } }).error.kind, 'usage');
  t.is(Number(bibun(['eval', 'sin(x)', 'x=pi/2']).stdout), 1);
});

test('limit keys other than steps, time, size are refused, __proto__ and constructor too', (t) => {
  for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'bogus']) {
    const r = JSON.parse(
      answer(`{"id":1,"op":"simplify","expr":"x","limits":{"${key}":1}}`),
    ) as Record<string, any>;
    t.false(r.ok, key);
    t.regex(r.error.message, /unknown limit/, key);
  }
  t.true(ask({ id: 2, op: 'simplify', expr: 'x', limits: { steps: 5 } }).ok);
});

test("an operation runs, parse included, inside one budget of the request's limits", (t) => {
  const seen: (number | undefined)[] = [];
  const op = operationTable.get('parse')!;
  const ctx = plainContext({ maxTimeMs: 1234 });
  perform(
    op,
    { expr: 'x' },
    {
      ...ctx,
      term: (text) => {
        seen.push(currentBudget()?.limits.maxTimeMs);
        return ctx.term(text);
      },
    },
  );
  t.deepEqual(seen, [1234]);
  t.is(currentBudget(), undefined);
});

test('hessian, parse, rewrite and check-rules are new in the front ends that lacked them', (t) => {
  t.deepEqual(ask({ id: 1, op: 'hessian', expr: 'x^2*y', vars: ['x', 'y'] }).result, [
    ['2*y', '2*x'],
    ['2*x', '0'],
  ]);
  t.is(bibun(['hessian', 'x^2*y', 'x', 'y']).stdout.split('\n')[0], '[[2*y, 2*x], [2*x, 0]]');
  t.is(session().eval(':parse x*y/x'), bibun(['parse', 'x*y/x']).stdout.trimEnd());
  t.is(session().eval(':check x*x == x^2 --runs 10'), 'holds on 10 samples');
});
