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
import { parseStatement } from '../syntax/parse.js';
import { headInfo } from '../base/signature.js';
import { commandTable } from './session-commands.js';
import {
  evaluateInSession,
  applyDefinitions,
  sessionRewrite,
  initialState,
  show,
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
    // One budget over reading and computing: exact arithmetic while parsing is bounded too.
    return withBudget(new Budget(state.settings.limits), () => {
      if (text.startsWith(':')) {
        const m = /^:(\S*)\s*([\s\S]*)$/.exec(text)!;
        const cmd = commandTable.get(m[1]);
        if (cmd === undefined)
          throw new BibunError('usage', `unknown command :${m[1]} (type :help)`);
        return cmd.run(m[2].trim(), state, io);
      }
      return statement(state, text);
    });
  } catch (e) {
    return { state, output: asBibunError(e).display() };
  }
}

function statement(state: SessionState, text: string): Reply {
  const s = parseStatement(text);
  switch (s.kind) {
    case 'expr': {
      const r = evaluateInSession(state, s.term);
      // The sizes, as in `bibun parse`: a comment line, so the output stays re-parseable.
      const sizes = state.settings.sizes
        ? `\n# tree size ${r.term.treeSize}, DAG size ${r.term.dagSize}`
        : '';
      return { state: { ...state, lastTrace: r.trace }, output: show(r.term) + sizes };
    }
    case 'binding': {
      if (state.functions.has(s.name))
        throw new BibunError('usage', `${s.name} is a function of this session`);
      const r = evaluateInSession(state, s.term);
      return {
        state: { ...state, env: state.env.set(s.name, r.term), lastTrace: r.trace },
        output: `${s.name} = ${show(r.term)}`,
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
