/**
 * The commands that change what a session knows, and undo it: `:rule` and `:load` add rules
 * (or a whole saved session), `:unrule` removes a typed rule or a loaded file, `:unbind` forgets
 * bindings and functions, `:reset` all of them, `:save` writes the session as a file `:load`
 * reads back, `:history` lists the inputs so far. None of them evaluates anything, so a rule
 * that loops can always be removed.
 */
import { BibunError } from '../base/errors.js';
import { describeFailedExample, failingExamples } from '../rewrite/examples.js';
import { parseRule } from '../syntax/parse.js';
import { options, type Command } from './session-ops.js';
import { describeSession, isSessionFile, loadSessionFile, saveText } from './session-save.js';
import {
  buildLibrary,
  initialState,
  show,
  type Reply,
  type SessionState,
} from './session-state.js';

const same = (state: SessionState, output: string): Reply => ({ state, output });
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/** The name of a typed rule (`dbl: twice(?a) -> 2*?a` is `dbl`). */
function ruleName(text: string): string {
  return parseRule(text).name;
}

const rule: Command = {
  usage: ':rule NAME: LHS -> RHS [if GUARD, ...]',
  help: 'add a rule to the session rule set (used by every later input)',
  run: (a, s) => {
    if (a === '') throw new BibunError('usage', 'usage: :rule NAME: LHS -> RHS [if GUARD, ...]');
    const rules = s.rules.push(a);
    const library = buildLibrary(s.files, rules);
    return same(
      { ...s, rules, library },
      `rule ${library.rules.last()!.name} added (${plural(rules.size, 'session rule')})`,
    );
  },
};

const load: Command = {
  usage: ':load FILE',
  help: 'load a rule file (its rules join the simplifier) or a session :save wrote',
  run: (a, s, io) => {
    if (a === '') throw new BibunError('usage', 'usage: :load FILE');
    const text = io.readFile(a);
    if (isSessionFile(text)) {
      const next = loadSessionFile(s, text, a, io);
      return same(next, `loaded session ${a}: now ${describeSession(next)}`);
    }
    const files = s.files.filter((f) => f.file !== a).push({ file: a, text });
    const library = buildLibrary(files, s.rules);
    const n = library.rulesOf(a).length;
    // The file's example lines run now: a false one is a warning, the file stays loaded.
    const warnings = failingExamples(library, a, { limits: s.settings.limits }).map(
      (r) => `warning: ${describeFailedExample(r)}`,
    );
    return same(
      { ...s, files, library },
      [`loaded ${a}: ${plural(n, 'rule')}`, ...warnings].join('\n'),
    );
  },
};

const unrule: Command = {
  usage: ':unrule NAME|FILE...',
  help: 'remove typed rules by name, or a loaded rule file with all its rules',
  run: (a, s) => {
    const names = a.split(/\s+/).filter((w) => w !== '');
    if (names.length === 0) throw new BibunError('usage', 'usage: :unrule NAME|FILE...');
    let rules = s.rules;
    let files = s.files;
    const done: string[] = [];
    for (const n of names) {
      const i = rules.findIndex((r) => ruleName(r) === n);
      if (i >= 0) {
        rules = rules.delete(i);
        done.push(`rule ${n}`);
      } else if (files.some((f) => f.file === n)) {
        files = files.filter((f) => f.file !== n);
        done.push(`file ${n}`);
      } else {
        const from = s.files.find((f) => s.library.rulesOf(f.file).some((r) => r.name === n));
        throw new BibunError(
          'usage',
          from
            ? `rule ${n} comes from ${from.file}: :unrule ${from.file} removes that file`
            : `no session rule or loaded file ${n} (:rules lists them)`,
        );
      }
    }
    const library = buildLibrary(files, rules);
    return same({ ...s, rules, files, library }, `removed ${done.join(', ')}`);
  },
};

const unbind: Command = {
  usage: ':unbind NAME...',
  help: 'forget bindings and functions',
  run: (a, s) => {
    const names = a.split(/\s+/).filter((w) => w !== '');
    if (names.length === 0) throw new BibunError('usage', 'usage: :unbind NAME...');
    let next = s;
    const done: string[] = [];
    for (const n of names) {
      if (next.env.has(n)) {
        done.push(`${n} (was ${show(next.env.get(n)!)})`);
        next = { ...next, env: next.env.delete(n) };
      } else if (next.functions.has(n)) {
        done.push(`${n}(${next.functions.get(n)!.params.join(', ')})`);
        next = { ...next, functions: next.functions.delete(n) };
      } else throw new BibunError('usage', `${n} is not bound (:env lists the bindings)`);
    }
    return same(next, `unbound ${done.join(', ')}`);
  },
};

const reset: Command = {
  usage: ':reset',
  help: 'forget every binding, function, rule and loaded file, and ans (settings stay)',
  run: (a, s) => {
    if (a !== '') throw new BibunError('usage', 'usage: :reset');
    return same({ ...initialState(), settings: s.settings, history: s.history }, 'a fresh session');
  },
};

const save: Command = {
  usage: ':save FILE [--force]',
  help: 'write bindings, functions, rules and settings as a file :load reads back',
  run: (a, s, io) => {
    const { rest, opts } = options(`:save ${a}`, [], ['force']);
    const file = rest.slice(':save'.length).trim();
    if (file === '' || /\s/.test(file))
      throw new BibunError('usage', 'usage: :save FILE [--force]');
    io.writeFile(file, saveText(s), opts.has('force'));
    return same(s, `saved ${describeSession(s)} to ${file}`);
  },
};

const history: Command = {
  usage: ':history [N]',
  help: 'the inputs of this session (the last N)',
  run: (a, s) => {
    const n = a === '' ? s.history.size : Number(a);
    if (!Number.isSafeInteger(n) || n < 1) throw new BibunError('usage', 'usage: :history [N]');
    const from = Math.max(0, s.history.size - n);
    const lines = s.history
      .slice(from)
      .map((h, i) => `${String(from + i + 1).padStart(4)}  ${h.replace(/\s*\n\s*/g, ' ')}`);
    return same(s, lines.size === 0 ? 'no inputs yet' : lines.join('\n'));
  },
};

/** The commands of this module, by name. */
export const editCommands: readonly [string, Command][] = [
  ['rule', rule],
  ['unrule', unrule],
  ['load', load],
  ['unbind', unbind],
  ['reset', reset],
  ['save', save],
  ['history', history],
];
