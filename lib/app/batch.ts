/**
 * `bibun batch`: JSON Lines in, one JSON line out per input line, in order. Each request is
 * `{"id", "op", ...}`; each response is `{"id", "ok": true, "result", ...}` or
 * `{"id", "ok": false, "error": {"kind", "message", "line"?, "column"?}}` — also for lines that
 * are not JSON or not requests. One bad request never ends the stream.
 */
import { asBibunError, BibunError } from '../base/errors.js';
import {
  checkFormat,
  constantValue,
  runTermResult,
  termResult,
  traceJson,
  type TermResult,
} from './operations.js';
import {
  checkVariable,
  operationTable,
  performAndShow,
  plainContext,
  type OpRequest,
  type OpResult,
  type Operation,
  type OptionName,
  type Param,
} from './dispatch.js';
import { boundedLines } from './lines.js';
import { maxInputLength } from '../syntax/parse.js';
import type { Format } from '../term/print.js';
import type { Term } from '../term/term.js';
import type { Limits } from '../rewrite/strategy.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Request = Record<string, unknown>;

/**
 * The longest request line read (bytes): room for an expression and a rule text each at the
 * input limit, JSON-escaped. A longer line is answered with a `limit` error and skipped.
 */
export const maxLineBytes = 4 * maxInputLength;

/** Reads a required string field of a request. */
export function stringField(req: Request, name: string): string {
  const v = req[name];
  if (typeof v !== 'string') {
    throw new BibunError(
      'usage',
      v === undefined ? `missing field "${name}"` : `field "${name}" must be a string`,
    );
  }
  return v;
}

/** A size as JSON: a number while exact, a decimal string beyond 2^53. */
export function jsonSize(n: bigint | number): number | string {
  const b = BigInt(n);
  return b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b.toString();
}

/** The response fields of a term result: `result` (in the request's format), `tree_size`, `dag_size`. */
export function termFields(r: TermResult, fmt: Format): Record<string, Json> {
  const result: Json = fmt === 'json' ? (JSON.parse(r.text) as Json) : r.text;
  return { result, tree_size: jsonSize(r.treeSize), dag_size: r.dagSize };
}

/** A float result as JSON (NaN and infinities, which JSON lacks, as strings). */
export function jsonNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

/**
 * Reads the optional `"at"` field: an object whose values are finite numbers or constant
 * expressions (`"pi/2"`), as on the command line.
 */
function pointField(req: Request, name = 'at'): Map<string, number> {
  const at = req[name] ?? {};
  if (typeof at !== 'object' || at === null || Array.isArray(at))
    throw new BibunError('usage', `field "${name}" must be an object of numbers`);
  const env = new Map<string, number>();
  for (const [k, v] of Object.entries(at as Record<string, unknown>)) {
    const x = typeof v === 'string' ? constantValue(v, k) : v;
    if (typeof x !== 'number' || !Number.isFinite(x))
      throw new BibunError('usage', `"${name}.${k}" must be a finite number`);
    env.set(k, x);
  }
  return env;
}

/** Reads a required array of strings. */
function stringsField(req: Request, name: string): string[] {
  const v = req[name];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
    throw new BibunError(
      'usage',
      v === undefined ? `missing field "${name}"` : `field "${name}" must be an array of strings`,
    );
  }
  return v as string[];
}

const limitNames: ReadonlyMap<string, 'maxSteps' | 'maxTimeMs' | 'maxSize'> = new Map([
  ['steps', 'maxSteps'],
  ['time', 'maxTimeMs'],
  ['size', 'maxSize'],
]);

/**
 * Reads the optional `"limits"` field: `{"steps", "time", "size"}` (non-negative integers). Any
 * other key, `__proto__` and `constructor` included, is refused.
 */
function limitsField(req: Request): Partial<Limits> {
  const v = req['limits'];
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new BibunError('usage', 'field "limits" must be an object');
  const out: { maxSteps?: number; maxTimeMs?: number; maxSize?: number } = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const key = limitNames.get(k);
    if (key === undefined)
      throw new BibunError('usage', `unknown limit "${k}" (known: steps, time, size)`);
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0)
      throw new BibunError('usage', `"limits.${k}" must be a non-negative integer`);
    out[key] = x;
  }
  return out;
}

function integerField(req: Request, name: string): number | undefined {
  const v = req[name];
  if (v !== undefined && (typeof v !== 'number' || !Number.isSafeInteger(v)))
    throw new BibunError('usage', `field "${name}" must be an integer`);
  return v;
}

/** The request fields an operation takes, read into an {@link OpRequest}. */
function requestOf(op: Operation, req: Request): OpRequest {
  const r: { -readonly [K in keyof OpRequest]: OpRequest[K] } = {};
  const params: Record<Param, () => void> = {
    expr: () => (r.expr = stringField(req, 'expr')),
    var: () => (r.var = checkVariable(stringField(req, 'var'))),
    vars: () => (r.vars = stringsField(req, 'vars').map(checkVariable)),
    point: () => {
      if (req['at'] !== undefined || op.name === 'eval') r.at = pointField(req);
    },
    identity: () => (r.identity = stringField(req, 'identity')),
    files: () => (r.files = stringsField(req, 'files')),
  };
  for (const p of op.params) params[p]();
  const options: Record<OptionName, () => void> = {
    method: () => (r.method = stringField(req, 'method')),
    raw: () => (r.raw = req['raw'] === true),
    rules: () => (r.rules = { text: stringField(req, 'rules'), file: '<rules>' }),
    strategy: () => (r.strategy = stringField(req, 'strategy')),
    trace: () => (r.trace = req['trace'] === true),
    seed: () => (r.seed = integerField(req, 'seed')),
    runs: () => (r.runs = integerField(req, 'runs')),
    positive: () => (r.positive = req['positive'] === true),
    strict: () => (r.strict = req['strict'] === true),
    domain: () => (r.domain = stringField(req, 'domain')),
  };
  for (const o of op.options) if (req[o] !== undefined || op.required?.includes(o)) options[o]();
  return r;
}

/** An operation's result as response fields. */
function responseOf(res: OpResult, fmt: Format): Record<string, Json> {
  const text = (t: Term): Json =>
    fmt === 'json' ? (JSON.parse(termResult(t, fmt).text) as Json) : termResult(t, fmt).text;
  switch (res.kind) {
    case 'term':
      return termFields(termResult(res.term, fmt), fmt);
    case 'terms':
      // The entries as an array; the sizes are those of the whole list, whose entries share nodes.
      return {
        result: res.terms.map(text),
        tree_size: jsonSize(res.whole.treeSize),
        dag_size: res.whole.dagSize,
      };
    case 'rows':
      return {
        result: res.rows.map((row) => row.map(text)),
        tree_size: jsonSize(res.whole.treeSize),
        dag_size: res.whole.dagSize,
      };
    case 'number':
      return { result: jsonNumber(res.value) };
    case 'numbers':
      return { result: res.values.map(jsonNumber) };
    case 'rewrite': {
      const fields = termFields(runTermResult(res.run, fmt), fmt);
      if (!res.run.succeeded) fields['succeeded'] = false;
      if (res.trace) fields['trace'] = traceJson(res.run.trace);
      return fields;
    }
    case 'check': {
      const r = res.result;
      const result: Record<string, Json> = { holds: r.holds, samples: r.samples };
      if (r.counterexample) {
        const ce = r.counterexample;
        result['counterexample'] = {
          point: { ...ce.point },
          lhs: ce.lhs === undefined ? null : jsonNumber(ce.lhs),
          rhs: ce.rhs === undefined ? null : jsonNumber(ce.rhs),
          message: ce.message,
        };
      }
      if (r.reason !== undefined) result['reason'] = r.reason;
      return { result };
    }
    case 'soundness': {
      const n = (status: string) => res.report.checks.filter((c) => c.status === status).length;
      return {
        result: {
          sound: res.report.sound,
          rules: res.report.checks.length,
          unsound: n('unsound'),
          skipped: n('skipped'),
          failures: [...res.report.failures],
        },
      };
    }
  }
}

/** Answers one input line (never throws). */
export function answer(line: string): string {
  let id: Json = null;
  try {
    let req: unknown;
    try {
      req = JSON.parse(line);
    } catch {
      throw new BibunError('syntax', 'not valid JSON');
    }
    if (typeof req !== 'object' || req === null || Array.isArray(req))
      throw new BibunError('usage', 'a request must be a JSON object');
    const r = req as Request;
    id = isJson(r['id']) ? (r['id'] as Json) : null;
    const opName = r['op'];
    if (typeof opName !== 'string') throw new BibunError('usage', 'missing field "op"');
    const op = operationTable.get(opName);
    if (!op)
      throw new BibunError(
        'usage',
        `unknown op "${opName}" (known: ${[...operationTable.keys()].join(', ')})`,
      );
    const fmt = r['format'] === undefined ? 'text' : checkFormat(String(r['format']));
    const shown = performAndShow(op, requestOf(op, r), plainContext(limitsField(r)), (res) =>
      responseOf(res, fmt),
    );
    return JSON.stringify({ id, ok: true, ...shown });
  } catch (e) {
    const err = asBibunError(e);
    const error: Record<string, Json> = { kind: err.kind, message: err.message };
    if (err.position) {
      error['line'] = err.position.line;
      error['column'] = err.position.column;
    }
    return JSON.stringify({ id, ok: false, error });
  }
}

function isJson(v: unknown): boolean {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

/** Runs the batch loop over a stream (stdin by default), writing one line per input line. */
export async function runBatch(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  for await (const line of boundedLines(input as AsyncIterable<Buffer>, maxLineBytes)) {
    output.write((line.kind === 'line' ? answer(line.text) : tooLong(line.bytes)) + '\n');
  }
}

/** The answer to a line over {@link maxLineBytes}: an error, and the stream goes on. */
export function tooLong(bytes: number): string {
  return JSON.stringify({
    id: null,
    ok: false,
    error: {
      kind: 'limit',
      message: `request line of ${bytes} bytes is longer than the limit (${maxLineBytes} bytes); it was skipped`,
    },
  });
}
