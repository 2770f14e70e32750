/**
 * The page's Web Worker: one REPL session (the same `step` as the terminal REPL, through
 * `Session`) and Graphviz (WebAssembly) for the pictures, so neither a long computation nor a
 * large layout freezes the page. Files for `:load` are the rule files edited in the page.
 */
import { instance, type Viz } from '@viz-js/viz';
import { asBibunError, BibunError } from '../base/errors.js';
import {
  applyDefinitions,
  restore,
  Session,
  sessionPartials,
  snapshot,
  type SessionIO,
  type SessionState,
} from '../app/session.js';
import { parseAssignments } from '../app/operations.js';
import { parse } from '../syntax/parse.js';
import { freeSymbols } from '../term/walk.js';
import { answerOf, type Answer } from './answer.js';
import { maxLayoutNodes, picture, views, type View } from './pictures.js';
import type { Reply, Request } from './protocol.js';

/** The worker's global scope, as far as this module uses it (tsconfig has no WebWorker lib). */
interface Scope {
  onmessage: ((e: { data: Request }) => void) | null;
  postMessage(m: Reply): void;
}
const scope = globalThis as unknown as Scope;

const files = new Map<string, string>();

const io: SessionIO = {
  readFile(path) {
    const text = files.get(path);
    if (text === undefined)
      throw new BibunError(
        'io',
        `cannot read ${path}: no such rule file in this page (the Rules panel lists them)`,
      );
    return text;
  },
  writeFile(path) {
    throw new BibunError('io', `cannot write ${path}: the page writes no files`);
  },
};

let session = new Session(io);
let viz: Promise<Viz> | undefined;

async function layout(dot: string): Promise<string> {
  viz ??= instance();
  return (await viz).renderString(dot, { format: 'svg' });
}

function changed(before: SessionState, after: SessionState): boolean {
  return (
    after !== before &&
    (after.env !== before.env ||
      after.functions !== before.functions ||
      after.library !== before.library ||
      after.settings !== before.settings)
  );
}

async function answer(id: number, input: string): Promise<void> {
  const t0 = performance.now();
  const before = session.state;
  const output = session.eval(input);
  let a: Answer;
  try {
    a = answerOf(input, output);
  } catch {
    // Reading the answer back failed (a bug of the page's, not of the input): show the text.
    a = { output, kind: 'text' };
  }
  let svg: string | undefined;
  if (a.dot !== undefined) {
    const nodes = (a.dot.match(/^ {2}n\d+ \[/gm) ?? []).length;
    svg = nodes <= maxLayoutNodes ? await layout(a.dot).catch(() => undefined) : undefined;
  }
  scope.postMessage({
    type: 'answer',
    id,
    answer: a,
    svg,
    snapshot: changed(before, session.state) ? snapshot(session.state) : undefined,
    ms: performance.now() - t0,
  });
}

async function draw(r: Extract<Request, { type: 'picture' }>): Promise<void> {
  const t0 = performance.now();
  const reply = (svg: string | undefined, note: string, error?: string): void =>
    scope.postMessage({
      type: 'picture',
      id: r.id,
      svg,
      note,
      error,
      ms: performance.now() - t0,
    });
  try {
    if (!(views as readonly string[]).includes(r.view))
      throw new BibunError('usage', `unknown picture ${r.view} (one of ${views.join(', ')})`);
    const s = session.state;
    const f = applyDefinitions(s, parse(r.expr));
    const x = r.variable.trim() || (freeSymbols(f)[0] ?? 'x');
    const point = parseAssignments(r.point.split(/\s+/).filter((w) => w !== ''));
    for (const v of freeSymbols(f)) if (!point.has(v)) point.set(v, 0.5);
    const p = picture(r.view as View, f, x, point, sessionPartials(s.library));
    reply(await layout(p.dot), p.note);
  } catch (e) {
    reply(undefined, '', asBibunError(e).display());
  }
}

scope.onmessage = (e) => {
  const r = e.data;
  switch (r.type) {
    case 'init': {
      for (const [name, text] of r.files) files.set(name, text);
      let notice: string | undefined;
      try {
        session = new Session(io, r.snapshot ? restore(r.snapshot) : undefined);
      } catch (err) {
        notice = `the last state could not be restored (${asBibunError(err).message}); this is a fresh session`;
      }
      scope.postMessage({ type: 'ready', notice });
      break;
    }
    case 'file':
      files.set(r.name, r.text);
      break;
    case 'eval':
      void answer(r.id, r.input);
      break;
    case 'picture':
      void draw(r);
      break;
  }
};
