/**
 * The REPL's `:commands`. Each takes the text after its name, the state and the I/O, and returns
 * a {@link Reply}; a command that fails throws a BibunError and `step` keeps the old state. The
 * argument syntax follows the shape `:cmd EXPR TRAILING...`: expressions may contain spaces, so
 * the trailing words (variables, `x=1`, options, a file) are taken from the right.
 */
import { BibunError } from '../base/errors.js';
import {
  derivativeAt,
  formatNumber,
  parseAssignments,
  checkMethod,
  traceLines,
} from './operations.js';
import { operationCommands, options, type Command } from './session-ops.js';

export type { Command } from './session-ops.js';
import { evaluate } from '../term/evaluate.js';
import { methods, symbolicJacobian, symbolicMethods, type SymbolicMethod } from '../diff/index.js';
import { showOperator } from '../match/operators.js';
import { parse } from '../syntax/parse.js';
import { toDot, toLatex, toLet } from '../term/print.js';
import { knownFunctionNames } from '../base/signature.js';
import { combinators, runStrategy, showStrategy } from '../rewrite/strategy.js';
import { editCommands } from './session-edit.js';
import { setCommand } from './session-settings.js';
import { freeSymbols } from '../term/walk.js';
import type { Term } from '../term/term.js';
import type { GuardCall } from '../syntax/ast.js';
import {
  evaluateInSession,
  applyDefinitions,
  sessionPartials,
  show,
  type Reply,
  type SessionState,
} from './session-state.js';

const name = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `EXPR w1 w2 ...`: the most trailing words matching `test` that leave a parseable expression. */
function trailing(
  args: string,
  test: (w: string) => boolean,
  min: number,
  usage: string,
): { expr: Term; words: string[] } {
  const words = args.split(/\s+/).filter((w) => w !== '');
  let k = 0;
  while (k < words.length - 1 && test(words[words.length - 1 - k])) k++;
  for (; k >= min; k--) {
    const text = words.slice(0, words.length - k).join(' ');
    try {
      return { expr: parse(text), words: words.slice(words.length - k) };
    } catch (e) {
      if (k === min) throw e;
    }
  }
  throw new BibunError('usage', `usage: ${usage}`);
}

function requireExpr(args: string, usage: string): Term {
  if (args === '') throw new BibunError('usage', `usage: ${usage}`);
  return parse(args);
}

/** The value of an expression as the REPL shows it, keeping the trace for `:trace`. */
function value(state: SessionState, t: Term): { term: Term; state: SessionState } {
  const r = evaluateInSession(state, t);
  return { term: r.term, state: { ...state, lastTrace: r.trace } };
}

const assignment = (w: string) => /^[A-Za-z_]\w*=\S+$/.test(w);

/** Splits `S EXPR` where S is a strategy expression: at the first top-level space not next to `;` or `<+`. */
function splitStrategy(args: string): [string, string] {
  let depth = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (/\s/.test(c) && depth === 0) {
      const before = args.slice(0, i).trimEnd();
      const after = args.slice(i).trimStart();
      if (
        before.endsWith(';') ||
        before.endsWith('<+') ||
        after.startsWith(';') ||
        after.startsWith('<+')
      )
        continue;
      return [before, after];
    }
  }
  throw new BibunError('usage', 'usage: :strategy S EXPR');
}

function bench(state: SessionState, f: Term, x: string, point: Map<string, number>): string {
  const vars = [...new Set([...freeSymbols(f), x])];
  for (const v of vars) if (!point.has(v)) point.set(v, 0.5);
  const at = vars.map((v) => `${v}=${point.get(v)}`).join(' ');
  const rows: string[][] = [['method', 'ms', 'tree size', 'DAG size', `value at ${at}`]];
  const table = sessionPartials(state.library);
  for (const m of methods) {
    const t0 = performance.now();
    if ((symbolicMethods as readonly string[]).includes(m)) {
      let d: Term;
      try {
        d = symbolicJacobian([f], [x], { method: m as SymbolicMethod, table })[0][0];
      } catch (e) {
        rows.push([m, '-', '-', '-', (e as Error).message]);
        continue;
      }
      const ms = performance.now() - t0;
      rows.push([
        m,
        ms.toFixed(2),
        String(d.treeSize),
        String(d.dagSize),
        formatNumber(evaluate(d, point)),
      ]);
    } else {
      const v = derivativeAt(f, [x], point, checkMethod(m))[0];
      rows.push([m, (performance.now() - t0).toFixed(2), '', '', formatNumber(v)]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n(symbolic sizes are of the raw derivative, before simplification)'
  );
}

const same = (state: SessionState, output: string): Reply => ({ state, output });

const help: Command = { usage: ':help', help: 'this list', run: (_a, s) => same(s, helpText()) };
const quit: Command = {
  usage: ':quit',
  help: 'leave (also :q, Ctrl-D)',
  run: (_a, s) => ({ state: s, output: '', quit: true }),
};

const own: [string, Command][] = [
  [
    'rules',
    {
      usage: ':rules',
      help: 'list the rules and strategies',
      run: (_a, s) => same(s, listRules(s)),
    },
  ],
  [
    'strategy',
    {
      usage: ':strategy S EXPR',
      help: 'run a strategy (rule sets, rules, combinators) on EXPR',
      run: (a, s) => {
        const [strategy, expr] = splitStrategy(a);
        const r = runStrategy(s.library.compile(strategy), applyDefinitions(s, parse(expr)), {
          limits: s.settings.limits,
          trace: true,
        });
        if (r.stop !== 'normal') throw new BibunError('limit', r.message!);
        return same(
          { ...s, lastTrace: r.trace },
          r.succeeded ? show(r.term) : `the strategy failed on ${show(r.term)}`,
        );
      },
    },
  ],
  [
    'trace',
    {
      usage: ':trace [EXPR]',
      help: 'the rewrite steps of EXPR (or of the last input)',
      run: (a, s) => {
        const next = a === '' ? s : value(s, parse(a)).state;
        const lines = traceLines(next.lastTrace);
        return same(next, lines.length === 0 ? 'no rewrite steps' : lines.join('\n'));
      },
    },
  ],
  [
    'size',
    {
      usage: ':size EXPR',
      help: 'tree size vs DAG size of EXPR as written',
      run: (a, s) => {
        const t = applyDefinitions(s, requireExpr(a, ':size EXPR'));
        return same(s, `tree size ${t.treeSize}, DAG size ${t.dagSize}`);
      },
    },
  ],
  [
    'let',
    {
      usage: ':let EXPR',
      help: 'let-form of the value',
      run: (a, s) => same(s, toLet(value(s, requireExpr(a, ':let EXPR')).term)),
    },
  ],
  [
    'latex',
    {
      usage: ':latex EXPR',
      help: 'LaTeX of the value',
      run: (a, s) => same(s, toLatex(value(s, requireExpr(a, ':latex EXPR')).term)),
    },
  ],
  [
    'dot',
    {
      usage: ':dot EXPR [FILE] [--force]',
      help: 'Graphviz DOT of the value (FILE.svg/.png renders with dot; --force overwrites FILE)',
      run: (a, s, io) => {
        const { rest, opts } = options(a, [], ['force']);
        const words = rest.split(/\s+/);
        const file =
          words.length > 1 && /\.(dot|gv|svg|png|pdf)$/.test(words[words.length - 1])
            ? words.pop()!
            : undefined;
        const dot = toDot(value(s, requireExpr(words.join(' '), ':dot EXPR [FILE]')).term);
        if (file === undefined) return same(s, dot);
        const force = opts.has('force');
        if (/\.(dot|gv)$/.test(file)) {
          io.writeFile(file, dot + '\n', force);
          return same(s, `wrote ${file}`);
        }
        if (io.renderDot === undefined || !io.renderDot(dot, file, force))
          throw new BibunError(
            'io',
            `Graphviz (dot) is not installed: cannot render ${file} (name a .dot file to write the DOT text)`,
          );
        return same(s, `rendered ${file}`);
      },
    },
  ],
  [
    'bench',
    {
      usage: ':bench EXPR VAR [x=...]',
      help: 'all seven derivative methods side by side',
      run: (a, s) => {
        const { expr, words } = trailing(
          a,
          (w) => assignment(w) || name.test(w),
          1,
          ':bench EXPR VAR [NAME=VALUE...]',
        );
        const vars = words.filter((w) => !assignment(w));
        if (vars.length !== 1)
          throw new BibunError('usage', 'usage: :bench EXPR VAR [NAME=VALUE...]');
        return same(
          s,
          bench(s, applyDefinitions(s, expr), vars[0], parseAssignments(words.filter(assignment))),
        );
      },
    },
  ],
  ['set', setCommand],
  [
    'env',
    {
      usage: ':env',
      help: 'the bindings and functions of this session',
      run: (_a, s) => {
        const lines = [
          ...s.functions
            .entrySeq()
            .map(([k, f]) => `${k}(${f.params.join(', ')}) := ${show(f.body)}`),
          ...s.env.entrySeq().map(([k, v]) => `${k} = ${show(v)}`),
        ];
        return same(s, lines.length === 0 ? 'no bindings' : lines.join('\n'));
      },
    },
  ],
];

/** Help and quit, the shared operations (app/dispatch.ts), then the session's own commands. */
const table: [string, Command][] = [
  ['help', help],
  ['quit', quit],
  ...operationCommands,
  ...own,
  ...editCommands,
];

/** The commands by name (with the aliases `:q` and `:h`). */
export const commandTable: ReadonlyMap<string, Command> = new Map([
  ...table,
  ['q', quit],
  ['h', help],
]);

function helpText(): string {
  // Usages longer than the column get a line of their own, so the list fits 80 columns.
  const w = 30;
  const row = (c: Command) =>
    c.usage.length <= w
      ? `  ${c.usage.padEnd(w)}  ${c.help}`
      : `  ${c.usage}\n  ${''.padEnd(w)}  ${c.help}`;
  return [
    'Type an expression to see it simplified; name = expr binds; f(x) := expr defines a function;',
    'lhs == rhs checks an identity; d(f, x) (or diff(f, x)), grad(f, [x, y]) differentiate inside',
    'expressions;',
    'ans (also %) is the last result.',
    ...table.map(([, c]) => row(c)),
    'Multi-line input: a line ending inside brackets or after an operator continues; an empty line,',
    'a :command or Ctrl-C ends it. Ctrl-C cancels a computation, Ctrl-D exits.',
  ].join('\n');
}

/** A guard or condition as written: `is_number(?a)`, `?n > 0`, `pair(?a, ?b) := ?p`, `otherwise`. */
function showGuard(g: GuardCall): string {
  if (g.args.length === 2 && /^[<>=!:]/.test(g.name))
    return `${toLet(g.args[0])} ${g.name} ${toLet(g.args[1])}`;
  return g.args.length === 0 && g.name === 'otherwise'
    ? g.name
    : `${g.name}(${g.args.map((a) => toLet(a)).join(', ')})`;
}

/** `twice(s)`, or `norm` for a strategy without parameters. */
function signature(d: { name: string; params: readonly string[] }): string {
  return d.params.length > 0 ? `${d.name}(${d.params.join(', ')})` : d.name;
}

function listRules(s: SessionState): string {
  const lines: string[] = [];
  const show1 = (r: { name: string; lhs: Term; rhs: Term; guards: readonly GuardCall[] }) =>
    `  ${r.name}: ${toLet(r.lhs)} -> ${toLet(r.rhs)}${r.guards.length > 0 ? ` if ${r.guards.map(showGuard).join(', ')}` : ''}`;
  for (const f of s.files) {
    lines.push(`${f.file}:`);
    for (const op of s.library.signature.operators.values())
      if (op.file === f.file) lines.push(`  ${showOperator(op, toLet)}`);
    for (const r of s.library.rulesOf(f.file)) lines.push(show1(r));
    for (const d of s.library.strategies.valueSeq())
      if (d.file === f.file)
        lines.push(`  strategy ${signature(d)} = ${showStrategy(d.body, toLet)}`);
  }
  const own = s.library.rulesets.get('session');
  if (own) {
    lines.push('session:');
    for (const r of own.rules) lines.push(show1(r));
  }
  const shipped = s.library.rulesets.filter(
    (rs) => rs.file !== '<session>' && !s.files.some((f) => f.file === rs.file),
  );
  lines.push(
    `shipped rule sets: ${shipped
      .map((rs, n) => `${n} (${rs.rules.size})`)
      .valueSeq()
      .join(', ')}`,
  );
  lines.push(
    `strategies: ${s.library.strategies.valueSeq().map(signature).join(', ')}; built-ins: ${s.library.builtins.keySeq().join(', ')}`,
  );
  return lines.join('\n');
}

/**
 * The names a session adds to completion: its functions and bindings, then (marked with a
 * leading `@`, offered only after `:strategy`) its rule sets, rules and strategies.
 */
export function sessionWords(state: SessionState): string[] {
  const lib = state.library;
  const strategies = [
    ...lib.rulesets.keys(),
    ...lib.rules.keys(),
    ...lib.strategies.keys(),
    ...lib.builtins.keys(),
  ];
  return [...state.functions.keys(), ...state.env.keys(), ...strategies.map((n) => '@' + n)];
}

/**
 * Tab completion: the candidates for the word before the cursor (`line` is the text up to it),
 * and that word. Commands after a leading `:`, otherwise the known functions, `pi`, the
 * derivative forms, and the session's `words` ({@link sessionWords}).
 *
 * @example complete(':di', []) // [[':diff'], ':di']
 */
export function complete(line: string, words: readonly string[]): [string[], string] {
  const cmd = /^:(\w*)$/.exec(line);
  if (cmd)
    return [
      [...commandTable.keys()]
        .filter((c) => c.length > 1)
        .map((c) => `:${c}`)
        .filter((c) => c.startsWith(line))
        .sort(),
      line,
    ];
  const strategy = line.startsWith(':strategy');
  const word = (strategy ? /[A-Za-z_][\w-]*$/ : /[A-Za-z_]\w*$/).exec(line)?.[0] ?? '';
  const pool = new Set<string>(
    strategy
      ? [...combinators.keys()]
      : [...knownFunctionNames, 'pi', 'd', 'grad', 'hessian', 'jacobian', 'jvp', 'vjp', 'hvp'],
  );
  for (const w of words) if (w.startsWith('@') === strategy) pool.add(strategy ? w.slice(1) : w);
  return [[...pool].filter((n) => n.startsWith(word)).sort(), word];
}
