/**
 * The REPL's core: a session is a value (bindings, functions, rules, settings in Immutable
 * structures) and {@link step} maps a state and one input to the next state and the text to
 * show. No terminal, no process: the readline front end (app/repl.ts) drives it, tests call it
 * directly, the fuzzer feeds it garbage. `step` never throws; an input that fails leaves the
 * state exactly as it was (the error is the output).
 *
 * Files are read and written through a {@link SessionIO} the front end provides, so the core
 * stays free of the file system and of Graphviz.
 */
import { checkCommand, describeIdentity } from './operations.js';
import { asBibunError, BibunError } from '../base/errors.js';
import { Budget, withBudget } from '../base/budget.js';
import { openBrackets, parseStatement } from '../syntax/parse.js';
import { headInfo } from '../base/signature.js';
import { commandTable } from './session-commands.js';
import {
  evaluateInSession,
  applyDefinitions,
  sessionRewrite,
  initialState,
  show,
  showValue,
  type FunctionDef,
  type Reply,
  type SessionIO,
  type SessionState,
} from './session-state.js';

export * from './session-state.js';
export { commandTable, complete, sessionWords, type Command } from './session-commands.js';

/**
 * Answers one input: an expression (shown simplified), `name = expr`, `f(x) := expr`,
 * `lhs == rhs` (checked), or a `:command`. Never throws; on an error the state is unchanged.
 */
export function step(state: SessionState, input: string, io: SessionIO): Reply {
  const text = input.trim();
  if (text === '' || text.startsWith('#')) return { state, output: '' };
  try {
    const r = answer(state, text, io);
    // The history is kept with the state (and in every snapshot): its last entries only.
    const history = state.history.push(text).takeLast(maxHistory);
    return { ...r, state: { ...r.state, history } };
  } catch (e) {
    const err = asBibunError(e).display();
    const hint = err.includes(':unbind')
      ? undefined
      : (bindingHint(state, text, io, e) ?? ruleHint(state, e));
    return { state, output: hint === undefined ? err : `${err}\n(${hint})` };
  }
}

/** Inputs `:history` keeps. */
const maxHistory = 1000;

/** The commands whose input is a file name or that write files: never tried twice. */
const effects = new Set(['load', 'save', 'dot', 'quit', 'q', 'rule', 'unrule', 'unbind', 'reset']);

/** Commands that take no expression (`%` stays what it is there). */
const noExpression = new Set(['set', 'history', 'env', 'rules', 'help', 'h', 'check-rules']);

/**
 * `%` (outside `:load`, `:save`, `:set` ...) is `ans`, the last result: a word of its own, so
 * `2%` is `2*ans` and `x%` is an error rather than the name `xans`.
 */
function withAns(text: string): string {
  if (!text.includes('%')) return text;
  const cmd = /^:(\S*)/.exec(text)?.[1];
  if (cmd !== undefined && (effects.has(cmd) || noExpression.has(cmd))) return text;
  if (text.includes('%%'))
    throw new BibunError(
      'usage',
      '% is the last result (ans); there is no %% (bind a name to keep a result)',
    );
  return text.replaceAll('%', ' ans ');
}

/** One input, or a BibunError (the caller keeps the old state). */
function answer(state: SessionState, raw: string, io: SessionIO): Reply {
  const text = withAns(raw);
  // One budget over reading and computing: exact arithmetic while parsing is bounded too.
  return withBudget(new Budget(state.settings.limits), () => {
    if (text.startsWith(':')) {
      const m = /^:(\S*)\s*([\s\S]*)$/.exec(text)!;
      const cmd = commandTable.get(m[1]);
      if (cmd === undefined) throw new BibunError('usage', `unknown command :${m[1]} (type :help)`);
      return cmd.run(m[2].trim(), state, io);
    }
    return statement(state, text, io);
  });
}

/**
 * When an input failed and would have worked without some of the session's bindings of names it
 * mentions (`x = 1`, then `solve(x^2 - 4, x)`), which bindings to remove: `x is bound to 1;
 * :unbind x`. Tried only for inputs without effects and errors that are not syntax errors.
 */
function bindingHint(
  state: SessionState,
  text: string,
  io: SessionIO,
  e: unknown,
): string | undefined {
  if (!(e instanceof BibunError) || e.kind === 'syntax' || e.kind === 'io') return undefined;
  const cmd = /^:(\S*)/.exec(text)?.[1];
  if (cmd !== undefined && effects.has(cmd)) return undefined;
  const mentioned = new Set(text.match(/[A-Za-z_]\w*/g) ?? []);
  const bound = [...state.env.keys()].filter((k) => mentioned.has(k));
  if (bound.length === 0) return undefined;
  try {
    answer({ ...state, env: state.env.deleteAll(bound) }, text, io);
  } catch {
    return undefined;
  }
  const shown = bound.map((k) => `${k} is bound to ${show(state.env.get(k)!)}`).join(', ');
  return `${shown}; :unbind ${bound.join(' ')}`;
}

/**
 * When a budget stopped an input and the session has rules of its own, how to remove them: the
 * rules of a cycle by name, or the way to find them.
 */
function ruleHint(state: SessionState, e: unknown): string | undefined {
  if (!(e instanceof BibunError) || e.kind !== 'limit') return undefined;
  if (state.rules.size === 0 && state.files.size === 0) return undefined;
  const own = new Set(state.library.rulesets.get('session')?.rules.map((r) => r.name) ?? []);
  const named = /\(rules ([^)]*)\)/.exec(e.message)?.[1].split(', ') ?? [];
  const typed = named.filter((n) => own.has(n));
  if (typed.length > 0)
    return typed.map((n) => `:unrule ${n}`).join(' or ') + ' removes a rule of the cycle';
  return 'a rule of this session may loop: :rules lists them, :unrule NAME or :unrule FILE removes one';
}

/**
 * The error for an input that ended (an empty line, a `:command`, Ctrl-C) inside brackets, at
 * the innermost bracket still open; undefined when every bracket is closed.
 *
 * @example unclosedError('f(x,\n') // '1:2: "(" is never closed' with the line and a caret
 */
export function unclosedError(text: string): string | undefined {
  const open = openBrackets(text);
  if (open.length === 0) return undefined;
  const b = open[open.length - 1];
  const more = open.length > 1 ? ` (${open.length} brackets are open)` : '';
  return new BibunError('syntax', `"${b.bracket}" is never closed${more}`, {
    line: b.line,
    column: b.column,
    sourceLine: text.split('\n')[b.line - 1],
  }).display();
}

/**
 * A number written against what follows it right after `/` (`1/2x`, `a/3(b + c)`): bibun reads
 * it as one factor of the denominator, mathjs and Mathematica as `(1/2)*x`.
 */
const IMPLICIT_DIVISOR = /\/\s*(?:\d+(?:\.\d*)?|\.\d+)\s*[A-Za-z_(\u0370-\u03ff]/;

/** The one-time note for an input whose meaning depends on how `1/2x` reads. */
export const IMPLICIT_DIVISOR_NOTE =
  '(note: 1/2x reads as 1/(2*x) here, as in a formula; write x/2 or 1/2*x for the half. Said once.)';

function statement(state: SessionState, text: string, io: SessionIO): Reply {
  const s = parseStatement(text);
  // Said once a session: the note on 1/2x, when this input's reading depends on it.
  const noteDivisor = !state.notedImplicitDivisor && IMPLICIT_DIVISOR.test(text);
  const noted: Partial<SessionState> = noteDivisor ? { notedImplicitDivisor: true } : {};
  const note = noteDivisor ? `\n${IMPLICIT_DIVISOR_NOTE}` : '';
  switch (s.kind) {
    case 'expr': {
      const r = evaluateInSession(state, s.term);
      // The sizes, as in `bibun parse`: a comment line, so the output stays re-parseable.
      const sizes = state.settings.sizes
        ? `\n# tree size ${r.term.treeSize}, DAG size ${r.term.dagSize}`
        : '';
      return {
        state: { ...state, ...noted, lastTrace: r.trace, ans: r.term },
        output: showValue(state, r, io.columns) + sizes + note,
      };
    }
    case 'binding': {
      if (state.functions.has(s.name))
        throw new BibunError('usage', `${s.name} is a function of this session`);
      const r = evaluateInSession(state, s.term);
      return {
        state: {
          ...state,
          ...noted,
          env: state.env.set(s.name, r.term),
          lastTrace: r.trace,
          ans: r.term,
        },
        output: `${s.name} = ${showValue(state, r, io.columns)}${note}`,
      };
    }
    case 'function': {
      if (headInfo(s.name) !== undefined)
        throw new BibunError('usage', `${s.name} is a built-in function and cannot be redefined`);
      if (new Set(s.params).size !== s.params.length)
        throw new BibunError('usage', `${s.name}: a parameter is repeated`);
      const def: FunctionDef = { params: s.params, body: s.body };
      const next = {
        ...state,
        functions: state.functions.set(s.name, def),
        env: state.env.delete(s.name),
      };
      return { state: next, output: `${s.name}(${s.params.join(', ')}) := ${show(def.body)}` };
    }
    case 'identity': {
      const rewrite = sessionRewrite(state);
      const r = checkCommand(
        { lhs: applyDefinitions(state, s.lhs), rhs: applyDefinitions(state, s.rhs) },
        { seed: state.settings.seed, runs: state.settings.runs, ...(rewrite ? { rewrite } : {}) },
      );
      return { state, output: describeIdentity(r) };
    }
  }
}

/** A session as an object: holds the current state, answers inputs. */
export class Session {
  state: SessionState;
  quit = false;
  constructor(
    readonly io: SessionIO,
    state: SessionState = initialState(),
  ) {
    this.state = state;
  }

  /** Answers one input and keeps the new state. */
  eval(input: string): string {
    const r = step(this.state, input, this.io);
    this.state = r.state;
    if (r.quit) this.quit = true;
    return r.output;
  }
}
