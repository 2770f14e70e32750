/**
 * Runs one attack case through the real front end — a `bibun` process (a CLI command, `bibun
 * batch`, or the REPL on a pipe) — and judges how it ended. The verdict, in order:
 *
 * - it ended: a process still running long after its budget is killed, and that is a hang;
 * - it ended normally: exit status 0, 1 or 2 (3 is an internal error, a signal is a crash);
 * - it said so in one line: stderr holds no stack trace, and at most the message plus the
 *   caret context of a syntax error;
 * - the stream went on: every batch line was answered, in order, and the follow-up request
 *   after the attack was answered `ok`; in the REPL, the follow-up input was answered;
 * - what the case expects (a value, an error of a kind, a message) holds;
 * - (timed runs only) it ended within its budget plus {@link marginMs} plus the start-up time
 *   of its front end (a process answering a trivial input, measured by {@link startUp}).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The CLI entry, as built (dist/lib/app/cli.js). */
export const cliPath = fileURLToPath(new URL('../../lib/app/cli.js', import.meta.url));

/** What a case is allowed beyond its budget and its front end's start-up (ms). */
export const marginMs = 1000;

/** Start-up time of each front end (ms): a trivial input's wall time. */
export type StartUp = Readonly<Record<Front['kind'], number>>;

/** Measures {@link StartUp}: the fastest of three trivial runs of each front end. */
export async function startUp(): Promise<StartUp> {
  const trivial: Record<Front['kind'], Front> = {
    cli: { kind: 'cli', args: ['parse', 'x'] },
    batch: { kind: 'batch', lines: () => [] },
    repl: { kind: 'repl', inputs: [] },
  };
  const out: Record<string, number> = {};
  for (const [kind, front] of Object.entries(trivial)) {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) best = Math.min(best, (await runProcess(front, hangMs)).ms);
    out[kind] = Math.round(best);
  }
  return out as StartUp;
}

/** A process is killed this long after its budget plus margin: it hung. */
const hangMs = 20_000;

/** Output kept per stream; more is counted, not kept. */
const keepBytes = 16 << 20;

/** How a case talks to bibun. */
export type Front =
  /** `bibun ARGS...`, with optional stdin. */
  | {
      readonly kind: 'cli';
      readonly args: readonly string[];
      readonly env?: Record<string, string>;
    }
  /** `bibun batch`, fed these request lines (a follow-up request is appended). */
  | { readonly kind: 'batch'; readonly lines: () => Iterable<string | Buffer> }
  /** The REPL on a pipe, fed these inputs (a follow-up input and `:quit` are appended). */
  | {
      readonly kind: 'repl';
      readonly inputs: readonly string[];
      readonly env?: Record<string, string>;
    };

/** What a case expects besides ending well. */
export interface Expect {
  /** `value`: exit 0 (or every batch answer ok); `error`: exit 2 (or the attack answered not ok). */
  readonly outcome?: 'value' | 'error' | 'either';
  /** The error message (stderr, the batch error, or the REPL output) matches this. */
  readonly message?: RegExp;
  /** The output (stdout, or the batch results) matches this. */
  readonly output?: RegExp;
  /**
   * A check that needs code (e.g. a round trip) of stdout, or of a batch run's results (each as
   * JSON, one a line); returns what is wrong, or undefined.
   */
  readonly check?: (stdout: string) => string | undefined;
}

/** One hostile input and how it must end. */
export interface AttackCase {
  readonly family: string;
  readonly name: string;
  /** The time budget given explicitly (--time, "limits", :set time), ms. */
  readonly budgetMs: number;
  readonly front: Front;
  readonly expect?: Expect;
  /** Part of the smoke subset `npm test` runs. */
  readonly smoke?: boolean;
}

/** How a case ended. */
export interface AttackResult {
  readonly case: AttackCase;
  readonly ms: number;
  /** The first thing wrong, or undefined. */
  readonly failure?: string;
  /** A one-line summary of what bibun said. */
  readonly said: string;
}

/** The follow-up request that shows a batch stream went on. */
export const followUp = '{"id":"next","op":"simplify","expr":"attack_survived + 0"}';
const replFollowUp = 'attack_survived + 0';

interface Ran {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  readonly killed: boolean;
}

function stdinOf(front: Front): Iterable<string | Buffer> | undefined {
  if (front.kind === 'batch') return withFollowUp(front.lines());
  if (front.kind === 'repl') return [[...front.inputs, replFollowUp, ':quit', ''].join('\n')];
  return undefined;
}

function* withFollowUp(lines: Iterable<string | Buffer>): Iterable<string | Buffer> {
  yield* lines;
  yield `${followUp}\n`;
}

function argsOf(front: Front): string[] {
  if (front.kind === 'cli') return [...front.args];
  return front.kind === 'batch' ? ['batch'] : [];
}

/** Runs bibun as the case says; kills it after `killAfterMs`. */
function runProcess(front: Front, killAfterMs: number): Promise<Ran> {
  return new Promise((resolve) => {
    const env = { ...process.env, ...(front.kind === 'batch' ? {} : (front.env ?? {})) };
    const t0 = performance.now();
    const child = spawn(process.execPath, [cliPath, ...argsOf(front)], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    child.stdout.on('data', (b: Buffer) => {
      if ((outBytes += b.length) <= keepBytes) out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if ((errBytes += b.length) <= keepBytes) err.push(b);
    });
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, killAfterMs);
    child.stdin.on('error', () => {});
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({
        code: null,
        signal: null,
        stdout: '',
        stderr: `spawn: ${e.message}`,
        ms: 0,
        killed: false,
      });
    });
    feed(child.stdin, stdinOf(front));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - t0,
        killed,
      });
    });
  });
}

/** Writes the pieces to stdin, waiting for the pipe to drain (a 600 MB line is not one string). */
async function feed(stdin: NodeJS.WritableStream, pieces: Iterable<string | Buffer> | undefined) {
  if (pieces !== undefined) {
    for (const p of pieces) {
      if (!stdin.write(p)) await new Promise((r) => stdin.once('drain', r));
    }
  }
  stdin.end();
}

/** The longest message line that is still a message (a syntax error's context is ~90). */
const maxMessage = 500;

const stackTrace = /^\s+at .+[(:]\d+|node:internal|^(Type|Range|Reference|Syntax)Error\b/m;

/** The stderr contract: nothing, or one `bibun:` line (plus a syntax error's caret context). */
function stderrProblem(stderr: string): string | undefined {
  if (stackTrace.test(stderr)) return `stack trace on stderr: ${firstLine(stderr)}`;
  const lines = stderr.split('\n').filter((l) => l.length > 0);
  if (lines.length === 0) return undefined;
  const longest = Math.max(...lines.map((l) => l.length));
  if (longest > maxMessage) return `a message line of ${longest} characters`;
  if (!lines[0].startsWith('bibun:')) return `stderr does not start with "bibun:": ${lines[0]}`;
  const caret = lines.length === 3 && /^\s*\^/.test(lines[2]);
  if (lines.length > 1 && !caret) return `stderr has ${lines.length} lines`;
  return undefined;
}

function firstLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim().length > 0) ?? '';
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}

interface Answer {
  id?: unknown;
  ok?: boolean;
  result?: unknown;
  error?: { kind?: string; message?: string };
}

/** Judges a batch run: one answer per line, in order, the follow-up answered ok. */
function batchVerdict(ran: Ran, c: AttackCase): { failure?: string; said: string } {
  const answers: Answer[] = [];
  for (const line of ran.stdout.split('\n')) {
    if (line.length === 0) continue;
    try {
      answers.push(JSON.parse(line) as Answer);
    } catch {
      return { failure: `an output line is not JSON: ${firstLine(line)}`, said: firstLine(line) };
    }
  }
  const last = answers[answers.length - 1];
  const attack = answers.slice(0, -1);
  const said = attack
    .map((a) =>
      a.ok ? `ok ${firstLine(String(a.result))}` : `${a.error?.kind}: ${a.error?.message}`,
    )
    .join(' | ');
  const summary = said.length > 200 ? `${said.slice(0, 200)}…` : said;
  if (last?.id !== 'next' || last.ok !== true)
    return { failure: 'the follow-up request was not answered ok', said: summary };
  const e = c.expect ?? {};
  if (e.outcome === 'value' && attack.some((a) => !a.ok))
    return { failure: 'expected a value', said: summary };
  if (e.outcome === 'error' && attack.every((a) => a.ok))
    return { failure: 'expected an error', said: summary };
  const messages = attack.map((a) => a.error?.message ?? '').join('\n');
  if (e.message && !e.message.test(messages))
    return { failure: `message does not match ${e.message}`, said: summary };
  const results = attack.map((a) => JSON.stringify(a.result ?? null)).join('\n');
  if (e.output && !e.output.test(results))
    return { failure: `output does not match ${e.output}`, said: summary };
  const bad = e.check?.(results);
  if (bad) return { failure: bad, said: summary };
  return { said: summary };
}

/** Judges a CLI or REPL run. */
function processVerdict(ran: Ran, c: AttackCase): { failure?: string; said: string } {
  const said = firstLine(ran.stderr) || firstLine(ran.stdout.split('\n').slice(-3).join('\n'));
  const problem = stderrProblem(ran.stderr);
  if (problem) return { failure: problem, said };
  const e = c.expect ?? {};
  if (c.front.kind === 'repl') {
    if (ran.code !== 0) return { failure: `the REPL exited ${ran.code}`, said };
    if (!ran.stdout.includes('attack_survived'))
      return { failure: 'the follow-up input was not answered', said };
    if (e.message && !e.message.test(ran.stdout + ran.stderr))
      return { failure: `output does not match ${e.message}`, said };
    return { said: firstLine(ran.stderr) || lastReplAnswer(ran.stdout) };
  }
  if (e.outcome === 'value' && ran.code !== 0)
    return { failure: `exit ${ran.code}, expected 0`, said };
  if (e.outcome === 'error' && ran.code !== 2)
    return { failure: `exit ${ran.code}, expected 2`, said };
  if (e.message && !e.message.test(ran.stderr))
    return { failure: `message does not match ${e.message}`, said };
  if (e.output && !e.output.test(ran.stdout))
    return { failure: `output does not match ${e.output}`, said };
  const bad = e.check?.(ran.stdout);
  if (bad) return { failure: bad, said };
  return { said };
}

/** The REPL's answer to the attack: the output line before the follow-up's. */
function lastReplAnswer(stdout: string): string {
  const lines = stdout.split('\n').filter((l) => l.trim().length > 0 && !l.startsWith('#'));
  const at = lines.findIndex((l) => l.includes('attack_survived'));
  return firstLine(lines[at - 1] ?? '');
}

/**
 * Runs one case; with the front ends' start-up times, the verdict includes the time check
 * (budget + margin + start-up).
 */
export async function runAttack(c: AttackCase, started?: StartUp): Promise<AttackResult> {
  const timed = started !== undefined;
  const allowed = c.budgetMs + marginMs + (started?.[c.front.kind] ?? 0);
  const ran = await runProcess(c.front, allowed + hangMs);
  const base = { case: c, ms: ran.ms };
  if (ran.killed)
    return { ...base, failure: `hung: killed after ${ran.ms.toFixed(0)} ms`, said: '' };
  if (ran.code === null && ran.signal === null)
    return { ...base, failure: `the case could not run: ${ran.stderr}`, said: '' };
  if (ran.signal !== null)
    return { ...base, failure: `killed by ${ran.signal}`, said: firstLine(ran.stderr) };
  if (ran.code !== 0 && ran.code !== 1 && ran.code !== 2)
    return { ...base, failure: `exit status ${ran.code}`, said: firstLine(ran.stderr) };
  const v = c.front.kind === 'batch' ? batchVerdict(ran, c) : processVerdict(ran, c);
  if (v.failure) return { ...base, ...v };
  if (timed && ran.ms > allowed)
    return {
      ...base,
      failure: `took ${ran.ms.toFixed(0)} ms, allowed ${allowed} ms`,
      said: v.said,
    };
  return { ...base, said: v.said };
}
