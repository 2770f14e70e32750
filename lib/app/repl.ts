/**
 * The interactive REPL (`bibun`, `npm start`): a readline front end over the session core
 * (session/index.ts), which does all the work.
 *
 * ## Why the session runs in a worker thread
 *
 * A computation in bibun is synchronous JavaScript: while it runs, the thread's event loop is
 * blocked, so neither a SIGINT handler nor readline's Ctrl-C can run until it is over. Budgets
 * (steps, time, size; `:set`) bound every run, but a user who sees a slow input wants it gone
 * now. So the session lives in a worker thread and this thread only edits lines: Ctrl-C during
 * a computation terminates the worker and starts a fresh one from the last snapshot of the
 * session (bindings, functions, rules, settings — taken after every input that changed them),
 * so nothing the user built is lost. If a worker cannot be started, the session runs in this
 * thread and only the budgets stop long computations.
 *
 * Line editing and history are readline's; history persists in `~/.bibun_history` (or the file
 * named by `BIBUN_HISTORY`; empty disables it). Ctrl-D or `:quit` leaves.
 */
import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { asBibunError } from '../base/errors.js';
import { checkTarget, readInputFile, writeNewFile } from './files.js';
import { needsMoreInput, openBrackets } from '../syntax/parse.js';
import {
  complete,
  restore,
  Session,
  sessionWords,
  snapshot,
  unclosedError,
  type SessionIO,
  type SessionSnapshot,
} from './session.js';

/** File I/O for the session: errors become one-line `io` errors; `dot` renders images. */
export const nodeIO: SessionIO = {
  readFile: (path) => readInputFile(path),
  writeFile: (path, text, force) => writeNewFile(path, text, force),
  renderDot(dot, file, force) {
    checkTarget(file, force);
    const format = /\.(\w+)$/.exec(file)?.[1] ?? 'svg';
    const r = spawnSync('dot', [`-T${format}`, '-o', file], { input: dot, timeout: 30_000 });
    return r.error === undefined && r.status === 0;
  },
};

/** Messages from the session worker. */
export interface WorkerReply {
  readonly output: string;
  readonly quit: boolean;
  readonly snapshot: SessionSnapshot | undefined;
  readonly words: readonly string[];
}

/** Messages to the session worker: one input and the terminal's width. */
interface WorkerInput {
  readonly text: string;
  readonly columns: number | undefined;
}

/** The worker side: a Session answering inputs, reporting state changes as snapshots. */
function serveSession(): void {
  const port = parentPort!;
  const init = (workerData as { snapshot?: SessionSnapshot }).snapshot;
  // A snapshot that cannot be restored must not make every later input fail: start afresh
  // and say so once, with the next answer.
  let notice: string | undefined;
  let session: Session;
  const io = { ...nodeIO, columns: 80 };
  try {
    session = new Session(io, init ? restore(init) : undefined);
  } catch (e) {
    session = new Session(io);
    notice = `the last state could not be restored (${asBibunError(e).message}); this is a fresh session`;
  }
  port.postMessage('ready');
  port.on('message', ({ text, columns }: WorkerInput) => {
    io.columns = columns ?? 80;
    const before = session.state;
    const output = session.eval(text);
    const changed =
      notice !== undefined ||
      (session.state !== before &&
        (session.state.env !== before.env ||
          session.state.functions !== before.functions ||
          session.state.library !== before.library ||
          session.state.settings !== before.settings ||
          session.state.ans !== before.ans ||
          session.state.history !== before.history));
    const reply: WorkerReply = {
      output: notice === undefined ? output : output === '' ? notice : `${notice}\n${output}`,
      quit: session.quit,
      snapshot: changed ? snapshot(session.state) : undefined,
      words: sessionWords(session.state),
    };
    notice = undefined;
    port.postMessage(reply);
  });
}

if (!isMainThread && (workerData as { bibunSession?: boolean } | null)?.bibunSession === true)
  serveSession();

/** Evaluates inputs somewhere: in a worker (cancellable) or in this thread. */
export interface Evaluator {
  /** Answers one input; `columns` is the terminal's width (for `:set pretty=on`). */
  eval(text: string, columns?: number): Promise<WorkerReply>;
  /** Cancels the running input; resolves once a fresh evaluator with the last snapshot is ready. */
  cancel(): void;
  readonly busy: boolean;
  close(): Promise<void>;
}

/** The session worker's heap limit (MB) unless {@link ReplOptions.heapMb} says otherwise. */
export const defaultHeapMb = 2048;

/**
 * A session in a worker thread with a heap limit: an input that exhausts the heap ends that
 * input with a message, and the session restarts from its last snapshot. A worker that fails
 * before it is ready is restarted once without the snapshot; if that fails too, the
 * session continues in this thread (Ctrl-C then cannot cancel).
 */
export function workerEvaluator(
  initial?: SessionSnapshot,
  heapMb: number = defaultHeapMb,
): Evaluator {
  let last: SessionSnapshot | undefined = initial;
  let pending: { resolve: (r: WorkerReply) => void } | undefined;
  let fallback: Evaluator | undefined;
  const reply = (output: string): WorkerReply => ({
    output,
    quit: false,
    snapshot: undefined,
    words: [],
  });
  const spawn = () => {
    let started = false;
    const w = new Worker(new URL(import.meta.url), {
      workerData: { bibunSession: true, snapshot: last },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    w.on('message', (r: WorkerReply | 'ready') => {
      if (r === 'ready') {
        started = true;
        return;
      }
      if (r.snapshot) last = r.snapshot;
      const p = pending;
      pending = undefined;
      p?.resolve(r);
    });
    w.on('error', (e: Error & { code?: string }) => {
      const p = pending;
      pending = undefined;
      const what =
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `out of memory: this input needed more than the session's ${heapMb} MB heap`
          : `internal error: ${e.message.split('\n')[0]}`;
      if (started || last !== undefined) {
        // A worker that died before it was ready died restoring the snapshot: not again.
        if (!started) last = undefined;
        p?.resolve(
          reply(
            started
              ? `${what} (the session was restarted from its last state)`
              : `${what} (the last state could not be restored; this is a fresh session)`,
          ),
        );
        worker = spawn();
      } else {
        fallback = localEvaluator();
        p?.resolve(reply(`${what} (the session now runs without a worker)`));
      }
    });
    return w;
  };
  let worker = spawn();
  return {
    eval(text, columns) {
      if (fallback) return fallback.eval(text, columns);
      return new Promise((resolve) => {
        pending = { resolve };
        worker.postMessage({ text, columns } satisfies WorkerInput);
      });
    },
    cancel() {
      if (fallback) return;
      const p = pending;
      pending = undefined;
      const old = worker;
      old.removeAllListeners('error');
      void old.terminate();
      worker = spawn();
      p?.resolve(
        reply('cancelled (bindings, functions and rules are as they were before this input)'),
      );
    },
    get busy() {
      return pending !== undefined;
    },
    async close() {
      await worker.terminate();
    },
  };
}

function localEvaluator(): Evaluator {
  const io = { ...nodeIO, columns: 80 };
  const session = new Session(io);
  return {
    eval: async (text, columns) => {
      io.columns = columns ?? 80;
      const output = session.eval(text);
      return {
        output,
        quit: session.quit,
        snapshot: undefined,
        words: sessionWords(session.state),
      };
    },
    cancel() {},
    busy: false,
    close: async () => {},
  };
}

/** Where history lives: `BIBUN_HISTORY` (empty: none), else `~/.bibun_history`. */
export function historyFile(): string | undefined {
  const v = process.env['BIBUN_HISTORY'];
  if (v !== undefined) return v === '' ? undefined : v;
  return join(homedir(), '.bibun_history');
}

/** Entries of history kept; the file is trimmed to this many when a session starts. */
const historyEntries = 1000;

/**
 * The history file if it can be used: a regular file or one not there yet. A device or FIFO
 * (`BIBUN_HISTORY=/dev/zero`) would never end a read or would block a write: no history then.
 */
function usableHistory(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch (e) {
    return (e as { code?: string }).code === 'ENOENT' ? file : undefined;
  }
}

function loadHistory(file: string | undefined): string[] {
  if (file === undefined) return [];
  try {
    const lines = readInputFile(file)
      .split('\n')
      .filter((l) => l.trim() !== '');
    // Appending across sessions would grow the file forever: keep the newest entries.
    if (lines.length > 2 * historyEntries)
      writeFileSync(file, lines.slice(-historyEntries).join('\n') + '\n');
    // readline wants the newest entry first.
    return lines.slice(-historyEntries).reverse();
  } catch {
    return [];
  }
}

function saveHistory(file: string | undefined, input: string): void {
  if (file === undefined) return;
  try {
    // A multi-line input continues only inside brackets or after an operator, where a newline
    // is a space: one line keeps its meaning.
    appendFileSync(file, input.replace(/\s*\n\s*/g, ' ') + '\n');
  } catch {
    // History is a convenience: a read-only home must not break the session.
  }
}

/** Options of {@link startRepl}. */
export interface ReplOptions {
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
  /** Run the session in a worker so Ctrl-C cancels (default true). */
  readonly worker?: boolean;
  /** The worker's heap limit in MB (default {@link defaultHeapMb}). */
  readonly heapMb?: number;
}

/** Starts the REPL; resolves when the user quits (`:quit` or Ctrl-D). */
export async function startRepl(options: ReplOptions = {}): Promise<void> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  let evaluator: Evaluator;
  try {
    evaluator =
      options.worker === false ? localEvaluator() : workerEvaluator(undefined, options.heapMb);
  } catch {
    evaluator = localEvaluator();
  }
  const hist = usableHistory(historyFile());
  let words: readonly string[] = [];
  const terminal =
    (input as { isTTY?: boolean }).isTTY === true && (output as { isTTY?: boolean }).isTTY === true;
  const rl: Interface = createInterface({
    input,
    output,
    prompt: 'bibun> ',
    terminal,
    history: loadHistory(hist),
    historySize: historyEntries,
    completer: (line: string) => complete(line, words),
  });
  // `:set pretty=on` lays values out within the terminal's width.
  const columns = () => (output as { columns?: number }).columns ?? 80;
  const say = (s: string) => {
    if (s !== '') output.write(s.endsWith('\n') ? s : s + '\n');
  };
  // Ctrl-C: cancel a running input; at the prompt, drop the line being typed. In a terminal
  // readline reports it; with piped input it arrives as a signal.
  let buffer = '';
  const interrupt = () => {
    if (evaluator.busy) {
      evaluator.cancel();
      return;
    }
    // Ctrl-C inside brackets ends the continuation with the error at the open bracket.
    const unclosed = buffer === '' ? undefined : unclosedError(buffer);
    buffer = '';
    (rl as unknown as { line: string }).line = '';
    output.write(unclosed === undefined ? '\n(Ctrl-D or :quit to leave)\n' : `\n${unclosed}\n`);
    rl.setPrompt('bibun> ');
    rl.prompt();
  };
  rl.on('SIGINT', interrupt);
  const onSignal = () => interrupt();
  process.on('SIGINT', onSignal);
  say('bibun — a term-rewriting CAS. Type an expression, :help for commands, Ctrl-D to leave.');
  rl.prompt();
  try {
    for await (const line of rl) {
      // A command is never swallowed by an open bracket: the unfinished input is evaluated as it
      // is (its error points at what is still open), then the command runs.
      if (buffer !== '' && line.trimStart().startsWith(':')) {
        const unclosed = unclosedError(buffer);
        say(unclosed ?? (await evaluator.eval(buffer, columns())).output);
        buffer = '';
      }
      // An empty line ends a multi-line input even if it is incomplete, so the user gets the
      // error (at the bracket still open) instead of a prompt that never returns.
      const ended = buffer !== '' && line.trim() === '';
      buffer = buffer === '' ? line : buffer + '\n' + line;
      const unclosed = ended ? unclosedError(buffer) : undefined;
      if (unclosed !== undefined) {
        saveHistory(hist, buffer.trim());
        buffer = '';
        say(unclosed);
        rl.setPrompt('bibun> ');
        rl.prompt();
        continue;
      }
      if (!ended && needsMoreInput(buffer)) {
        // The prompt shows what is still open: `  ...(> ` after `f(x, `.
        rl.setPrompt(
          `  ...${openBrackets(buffer)
            .map((b) => b.bracket)
            .join('')}> `,
        );
        rl.prompt();
        continue;
      }
      const text = buffer;
      buffer = '';
      const lines = text.split('\n').length;
      if (lines > 1 && terminal) {
        // readline kept each line of a multi-line input; keep the whole input as one entry.
        const h = (rl as unknown as { history: string[] }).history;
        h.splice(0, lines, text.replace(/\s*\n\s*/g, ' '));
      }
      rl.setPrompt('bibun> ');
      if (text.trim() !== '') saveHistory(hist, text.trim());
      const reply = await evaluator.eval(text, columns());
      words = reply.words.length > 0 ? reply.words : words;
      say(reply.output);
      if (reply.quit) break;
      rl.prompt();
    }
  } finally {
    process.off('SIGINT', onSignal);
    rl.close();
    await evaluator.close();
  }
}
