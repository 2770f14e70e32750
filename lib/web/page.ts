/// <reference lib="dom" />
/**
 * The page's main thread: the notebook (input, history, answers rendered with KaTeX), the rule
 * editor, the pictures and the Stop button. Every computation runs in the session worker
 * (lib/web/worker.ts); Stop terminates it and starts a fresh one from the last snapshot, as
 * Ctrl-C does in the terminal REPL. `?q=INPUT` (repeatable) runs inputs on load; `?draw=VIEW`
 * draws a picture after them.
 */
import katex from 'katex';
import type { SessionSnapshot } from '../app/session.js';
import type { Answer } from './answer.js';
import { benchOut, el, zoomable } from './page-dom.js';
import type { Reply, Request } from './protocol.js';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const status = $('status');
const stop = $<HTMLButtonElement>('stop');
const cells = $('cells');
const input = $<HTMLTextAreaElement>('input');
const hover = $('hover');

// --- the worker -------------------------------------------------------------------------------

let worker: Worker;
let last: SessionSnapshot | undefined;
const ruleFiles = new Map<string, string>();
let nextId = 1;
/** The request the worker is busy with, and what to do with its reply. */
let pending: { id: number; done: (r: Reply | undefined) => void } | undefined;
const queue: { req: Request & { id: number }; done: (r: Reply | undefined) => void }[] = [];

/** True once the current worker has restored its snapshot. */
let ready = false;
/** Workers that failed before they were ready, in a row. */
let failedStarts = 0;

function startWorker(): void {
  ready = false;
  try {
    worker = new Worker(new URL('worker.js', import.meta.url), { type: 'module' });
  } catch (e) {
    // A page opened from file:// may not start module workers: say so instead of a blank page.
    status.textContent = `cannot start the session worker (${(e as Error).message}); serve the page over http (npm run web)`;
    throw e;
  }
  worker.onmessage = (e: MessageEvent<Reply>) => {
    const r = e.data;
    if (r.type === 'ready') {
      ready = true;
      failedStarts = 0;
      if (r.notice) textCell('', r.notice, 'error');
      return;
    }
    if (r.type === 'answer' && r.snapshot) last = r.snapshot;
    if (pending && pending.id === r.id) {
      const p = pending;
      pending = undefined;
      p.done(r);
      pump();
    }
  };
  worker.onerror = (e) => {
    e.preventDefault();
    // A worker that fails before it is ready failed on its snapshot: not again.
    if (!ready) {
      last = undefined;
      if (++failedStarts > 1) {
        status.textContent = `the session worker cannot start (${e.message}); reload the page`;
        return;
      }
    }
    restart(
      ready
        ? `the session worker failed (${e.message || 'out of memory?'}); restarted from its last state`
        : `the session worker failed while starting (${e.message}); this is a fresh session`,
    );
  };
  post({ type: 'init', snapshot: last, files: [...ruleFiles] });
}

function post(r: Request): void {
  worker.postMessage(r);
}

function pump(): void {
  if (pending === undefined && queue.length > 0) {
    const next = queue.shift()!;
    pending = { id: next.req.id, done: next.done };
    post(next.req);
  }
  stop.disabled = pending === undefined;
  status.textContent = pending ? 'running… (Stop ends it)' : 'ready';
}

function send(req: Request & { id: number }): Promise<Reply | undefined> {
  return new Promise((done) => {
    queue.push({ req, done });
    pump();
  });
}

/** Ends the running request: a fresh worker from the last snapshot. */
function restart(why: string): void {
  worker.terminate();
  startWorker();
  const p = pending;
  pending = undefined;
  if (p) p.done(undefined);
  status.textContent = why;
  pump();
  if (pending === undefined) status.textContent = why;
}

stop.addEventListener('click', () =>
  restart('stopped; the session keeps its state from before that input'),
);

// --- the notebook -----------------------------------------------------------------------------

function textCell(inputText: string, text: string, kind: 'text' | 'error'): void {
  const c = el('div', 'cell');
  if (inputText) c.append(el('div', 'in', inputText));
  c.append(el('pre', kind === 'error' ? 'error' : '', text));
  cells.append(c);
}

function math(latex: string): HTMLElement {
  const span = el('div', 'math');
  span.dataset.latex = latex;
  try {
    katex.render(latex, span, { displayMode: true, throwOnError: true, output: 'html' });
  } catch {
    span.textContent = latex;
  }
  return span;
}

function termOut(a: Answer, out: HTMLElement): void {
  const prefix = a.prefix ? a.prefix.replace(/ = $/, ' =').replace(/ := $/, ' :=') : '';
  if (a.latex !== undefined) {
    const row = el('div', 'term');
    if (prefix) row.append(el('span', 'prefix', prefix));
    row.append(math(a.latex));
    out.append(row);
  } else out.append(el('pre', '', a.output));
  const detail = el('pre', 'detail');
  detail.hidden = true;
  const tools = el('div', 'tools');
  const show = (name: string, text: string): void => {
    const b = el('button', '', name);
    b.type = 'button';
    b.addEventListener('click', () => {
      const same = !detail.hidden && detail.dataset.what === name;
      detail.hidden = same;
      detail.dataset.what = name;
      detail.textContent = text;
    });
    tools.append(b);
  };
  show('text', a.text ?? a.output);
  show('let', a.letForm ?? '');
  show('sizes', a.sizes ?? '');
  if (a.latex !== undefined) show('LaTeX', a.latex);
  out.append(tools, detail);
}

/** Runs one input as a notebook cell. */
async function run(text: string): Promise<void> {
  const c = el('div', 'cell');
  const inEl = el('div', 'in', text);
  inEl.title = 'click to edit again';
  inEl.addEventListener('click', () => {
    input.value = text;
    input.focus();
  });
  const out = el('div', 'out');
  out.append(el('div', 'meta', 'running…'));
  c.append(inEl, out);
  cells.append(c);
  c.scrollIntoView({ block: 'nearest' });
  const r = await send({ type: 'eval', id: nextId++, input: text });
  out.replaceChildren();
  if (r === undefined || r.type !== 'answer') {
    c.dataset.kind = 'stopped';
    out.append(el('pre', 'error', 'stopped: the session keeps its state from before this input'));
    return;
  }
  const a = r.answer;
  c.dataset.kind = a.kind;
  switch (a.kind) {
    case 'empty':
      break;
    case 'term':
      termOut(a, out);
      break;
    case 'bench':
      benchOut(a.bench ?? [], out, a.output);
      break;
    case 'dot':
      if (r.svg) out.append(zoomable(r.svg, hover));
      else out.append(el('pre', '', a.output));
      break;
    default:
      out.append(el('pre', a.kind === 'error' ? 'error' : '', a.output));
  }
  c.scrollIntoView({ block: 'nearest' });
}

/** Input history, kept in localStorage when the browser allows it. */
function loadHistory(): string[] {
  try {
    const h: unknown = JSON.parse(localStorage.getItem('bibun-history') ?? '[]');
    return Array.isArray(h) ? h.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
const history = loadHistory();
let cursor = history.length;

function submit(): void {
  const text = input.value.trim();
  if (text === '') return;
  if (history[history.length - 1] !== text) history.push(text);
  try {
    localStorage.setItem('bibun-history', JSON.stringify(history.slice(-200)));
  } catch {
    // Storage refused (private mode, quota): the history lasts as long as the page.
  }
  cursor = history.length;
  input.value = '';
  void run(text);
}

$('prompt').addEventListener('submit', (e) => {
  e.preventDefault();
  submit();
});
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey) {
    e.preventDefault();
    submit();
  } else if (e.key === 'ArrowUp' && !input.value.slice(0, input.selectionStart).includes('\n')) {
    if (cursor > 0) input.value = history[--cursor];
    e.preventDefault();
  } else if (e.key === 'ArrowDown' && !input.value.slice(input.selectionEnd).includes('\n')) {
    cursor = Math.min(history.length, cursor + 1);
    input.value = history[cursor] ?? '';
    e.preventDefault();
  }
});

// --- rule files -------------------------------------------------------------------------------

$('rule-load').addEventListener('click', () => {
  const name = $<HTMLInputElement>('rule-name').value.trim() || 'mine.rules';
  const text = $<HTMLTextAreaElement>('rule-text').value;
  ruleFiles.set(name, text);
  post({ type: 'file', name, text });
  $('rule-files').textContent = `files in the page: ${[...ruleFiles.keys()].join(', ')}`;
  void run(`:load ${name}`);
});

// --- pictures ---------------------------------------------------------------------------------

const pic = $('pic');
const note = $('pic-note');

async function draw(view: string): Promise<void> {
  for (const b of document.querySelectorAll<HTMLButtonElement>('.views button[data-view]'))
    b.classList.toggle('active', b.dataset.view === view);
  note.className = 'note';
  note.textContent = 'laying out…';
  const r = await send({
    type: 'picture',
    id: nextId++,
    view: view as 'dag',
    expr: $<HTMLInputElement>('pic-expr').value,
    variable: $<HTMLInputElement>('pic-var').value,
    point: $<HTMLInputElement>('pic-point').value,
  });
  if (r === undefined || r.type !== 'picture') {
    note.className = 'note error';
    note.textContent = 'stopped';
    return;
  }
  if (r.error !== undefined) {
    note.className = 'note error';
    note.textContent = r.error;
    pic.replaceChildren();
    pic.dataset.view = '';
    return;
  }
  note.textContent = `${r.note} (${r.ms.toFixed(0)} ms)`;
  zoomable(r.svg ?? '', hover, pic);
  pic.dataset.view = view;
}

for (const b of document.querySelectorAll<HTMLButtonElement>('.views button[data-view]'))
  b.addEventListener('click', () => void draw(b.dataset.view!));
for (const b of document.querySelectorAll<HTMLButtonElement>('[data-zoom]'))
  b.addEventListener('click', () =>
    (pic as HTMLElement & { zoom?: (how: string) => void }).zoom?.(b.dataset.zoom!),
  );

// --- start ------------------------------------------------------------------------------------

startWorker();
pump();
const params = new URLSearchParams(location.search);
for (const [k, id] of [
  ['expr', 'pic-expr'],
  ['var', 'pic-var'],
  ['point', 'pic-point'],
] as const) {
  const v = params.get(k);
  if (v !== null) $<HTMLInputElement>(id).value = v;
}
const started = performance.now();
void (async () => {
  for (const q of params.getAll('q')) await run(q);
  const view = params.get('draw');
  if (view) await draw(view);
  document.body.dataset.loaded = `${(performance.now() - started).toFixed(0)}`;
})();
