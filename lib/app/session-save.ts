/**
 * Session files: `:save FILE` writes the session's settings, loaded rule files (their text),
 * typed rules, functions and bindings as lines of REPL input, and `:load FILE` reads such a file
 * back into exactly that state. The lines read as what they are (`x = 2*y`, `f(t) := t^2`,
 * `:rule dbl: ...`, `:set ...`), but `:load` takes a binding's value as written instead of
 * evaluating it again: a value stored before a rule was added must not be rewritten by it, so
 * save-then-load is the identity on the state whatever the order of the inputs was.
 *
 * A value too large for infix text, and the text of a rule file, follow their line as a block:
 *
 * ```
 * # bibun session (written by :save; :load reads it back)
 * :set steps=1000000 ...
 * :load examples/peano.rules <<END
 * ruleset peano
 *   ...
 * END
 * x = <<END
 * t1 = sin(y); t1*t1
 * END
 * ```
 */
import { BibunError } from '../base/errors.js';
import { headInfo } from '../base/signature.js';
import { parse, parseRule, parseStatement } from '../syntax/parse.js';
import { toInfix, toLet } from '../term/print.js';
import type { Term } from '../term/term.js';
import { setting, settingsText } from './session-settings.js';
import { buildLibrary, type SessionIO, type SessionState } from './session-state.js';

/** The first line of every file `:save` writes; `:load` knows a session file by it. */
export const sessionHeader = '# bibun session';

/** True when `text` is a session file (as opposed to a rule file). */
export function isSessionFile(text: string): boolean {
  return text.startsWith(sessionHeader);
}

/** A block delimiter that is not a line of `text`. */
function delimiter(text: string): string {
  const lines = new Set(text.split('\n'));
  let tag = 'END';
  for (let i = 1; lines.has(tag); i++) tag = `END${i}`;
  return tag;
}

/** `head` followed by `body` as a block. */
function block(head: string, body: string): string {
  const tag = delimiter(body);
  return `${head} <<${tag}\n${body.endsWith('\n') ? body : body + '\n'}${tag}`;
}

/** `head term` in infix, or with the term's let-form as a block when infix is too large. */
function termLine(head: string, t: Term): string {
  try {
    return `${head} ${toInfix(t)}`;
  } catch (e) {
    if (e instanceof BibunError && e.kind === 'limit') return block(head, toLet(t));
    throw e;
  }
}

/** The session as a file `:load` reads back to the same bindings, functions, rules and settings. */
export function saveText(s: SessionState): string {
  const lines = [
    `${sessionHeader} (written by :save; :load reads it back)`,
    `:set ${settingsText(s.settings)}`,
    ...s.files.map((f) => block(`:load ${f.file}`, f.text)),
    ...s.rules.map((r) => `:rule ${r.replace(/\s*\n\s*/g, ' ')}`),
    ...s.functions.entrySeq().map(([k, f]) => termLine(`${k}(${f.params.join(', ')}) :=`, f.body)),
    ...s.env.entrySeq().map(([k, v]) => termLine(`${k} =`, v)),
  ];
  return lines.join('\n') + '\n';
}

/** One entry of a session file: its line (1-based), its first line, and its block if any. */
interface Entry {
  readonly line: number;
  readonly head: string;
  readonly body: string | undefined;
}

function entries(text: string, file: string): Entry[] {
  const lines = text.split(/\r?\n/);
  const out: Entry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (l === '' || l.startsWith('#')) continue;
    const m = /^(.*?)\s*<<(\w+)$/.exec(l);
    if (!m) {
      out.push({ line: i + 1, head: l, body: undefined });
      continue;
    }
    const end = lines.indexOf(m[2], i + 1);
    if (end < 0)
      throw new BibunError('syntax', `${file}:${i + 1}: the block <<${m[2]} has no line ${m[2]}`);
    out.push({ line: i + 1, head: m[1], body: lines.slice(i + 1, end).join('\n') + '\n' });
    i = end;
  }
  return out;
}

/**
 * The state with a session file's contents added: settings set, rule files (re)loaded, rules
 * appended, functions and bindings set as written. All or nothing: an error names the file and
 * line and the state is the caller's old one.
 */
export function loadSessionFile(
  state: SessionState,
  text: string,
  file: string,
  io: SessionIO,
): SessionState {
  let s = state;
  let files = s.files;
  let rules = s.rules;
  for (const e of entries(text, file)) {
    try {
      const load = /^:load\s+(\S+)$/.exec(e.head);
      if (e.head.startsWith(':set ')) {
        for (const w of e.head.slice(5).trim().split(/\s+/)) {
          const m = /^(\w+)=(\S+)$/.exec(w);
          if (!m) throw new BibunError('usage', `expected KEY=VALUE, got '${w}'`);
          s = setting(s, m[1], m[2]);
        }
      } else if (load) {
        const body = e.body ?? io.readFile(load[1]);
        files = files.filter((f) => f.file !== load[1]).push({ file: load[1], text: body });
      } else if (e.head.startsWith(':rule ') && e.body === undefined) {
        const text = e.head.slice(6);
        try {
          parseRule(text);
        } catch (err) {
          // The rule's columns, counted on the line of the file.
          const p = err instanceof BibunError ? err.position : undefined;
          if (!(err instanceof BibunError) || p === undefined || p.line !== 1) throw err;
          throw new BibunError(err.kind, err.message, {
            ...p,
            column: p.column + 6,
            sourceLine: e.head,
          });
        }
        rules = rules.push(text.trim());
      } else {
        s = definition(s, e);
      }
    } catch (err) {
      if (!(err instanceof BibunError)) throw err;
      const p = err.position;
      if (p === undefined) throw new BibunError(err.kind, `${file}:${e.line}: ${err.message}`);
      // A position in a block counts from the block's first line, after the entry's own line.
      const line = e.line + p.line - (e.body === undefined ? 1 : 0);
      throw new BibunError(err.kind, err.message, { ...p, file, line });
    }
  }
  // Validated once, with everything the file adds: a bad rule leaves the session as it was.
  const library = files === s.files && rules === s.rules ? s.library : buildLibrary(files, rules);
  return { ...s, files, rules, library };
}

/** A binding or function of a session file, set as written. */
function definition(s: SessionState, e: Entry): SessionState {
  const named =
    e.body === undefined ? undefined : /^([A-Za-z_]\w*)(?:\(([^)]*)\))?\s*:?=$/.exec(e.head);
  if (e.body !== undefined && named) {
    const body = parse(e.body);
    if (named[2] === undefined) return bind(s, named[1], body);
    return define(
      s,
      named[1],
      named[2]
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== ''),
      body,
    );
  }
  if (e.body !== undefined)
    throw new BibunError('usage', `a block belongs to :load, a binding or a function`);
  const st = parseStatement(e.head);
  if (st.kind === 'binding') return bind(s, st.name, st.term);
  if (st.kind === 'function') return define(s, st.name, st.params, st.body);
  throw new BibunError(
    'usage',
    'a session file holds :set, :load, :rule, bindings (x = ...) and functions (f(x) := ...)',
  );
}

function bind(s: SessionState, name: string, value: Term): SessionState {
  if (s.functions.has(name)) throw new BibunError('usage', `${name} is a function of this session`);
  return { ...s, env: s.env.set(name, value) };
}

function define(
  s: SessionState,
  name: string,
  params: readonly string[],
  body: Term,
): SessionState {
  if (headInfo(name) !== undefined)
    throw new BibunError('usage', `${name} is a built-in function and cannot be redefined`);
  if (new Set(params).size !== params.length)
    throw new BibunError('usage', `${name}: a parameter is repeated`);
  return { ...s, functions: s.functions.set(name, { params, body }), env: s.env.delete(name) };
}

/** What a session holds, for the answers of `:load` and `:save`. */
export function describeSession(s: SessionState): string {
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  return `${n(s.env.size, 'binding')}, ${n(s.functions.size, 'function')}, ${n(s.rules.size, 'typed rule')}, ${n(s.files.size, 'rule file')}`;
}
