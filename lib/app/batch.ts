/**
 * `bibun batch`: JSON Lines in, one JSON line out per input line, in order. Each request is
 * `{"id", "op", ...}`; each response is `{"id", "ok": true, "result", ...}` or
 * `{"id", "ok": false, "error": {"kind", "message", "line"?, "column"?}}` — also for lines that
 * are not JSON or not requests. One bad request never ends the stream.
 */
import { createInterface } from 'node:readline';
import { asBibunError, BibunError } from '../base/errors.js';
import {
  checkCommand,
  checkFormat,
  checkMethod,
  derivativeAt,
  diffTerm,
  gradTerm,
  rewriteCommand,
  simplifyTerm,
  termResult,
  traceJson,
  type TermResult,
  partialsOfFile,
} from './operations.js';
import type { PartialsTable } from '../diff/index.js';
import { evaluate } from '../term/evaluate.js';
import { parse } from '../syntax/parse.js';
import type { Format } from '../term/print.js';
import type { Limits } from '../rewrite/strategy.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Request = Record<string, unknown>;

/** A batch operation: takes the request, returns the response fields after `id` and `ok`. */
export type BatchOp = (req: Request, fmt: Format) => Record<string, Json>;

const ops = new Map<string, BatchOp>();

/** Adds (or replaces) a batch operation. */
export function registerBatchOp(name: string, op: BatchOp): void {
  ops.set(name, op);
}

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

registerBatchOp('parse', (req, fmt) =>
  termFields(termResult(parse(stringField(req, 'expr')), fmt), fmt),
);

/** Reads the optional `"at"` field: an object of finite numbers. */
function pointField(req: Request, name = 'at'): Map<string, number> {
  const at = req[name] ?? {};
  if (typeof at !== 'object' || at === null || Array.isArray(at))
    throw new BibunError('usage', `field "${name}" must be an object of numbers`);
  const env = new Map<string, number>();
  for (const [k, v] of Object.entries(at as Record<string, unknown>)) {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new BibunError('usage', `"${name}.${k}" must be a finite number`);
    env.set(k, v);
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

/** Reads the optional `"limits"` field: `{"steps", "time", "size"}` (non-negative integers). */
function limitsField(req: Request): Partial<Limits> {
  const v = req['limits'];
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new BibunError('usage', 'field "limits" must be an object');
  const out: { maxSteps?: number; maxTimeMs?: number; maxSize?: number } = {};
  const names = { steps: 'maxSteps', time: 'maxTimeMs', size: 'maxSize' } as const;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const key = (names as Record<string, 'maxSteps' | 'maxTimeMs' | 'maxSize'>)[k];
    if (key === undefined)
      throw new BibunError('usage', `unknown limit "${k}" (known: steps, time, size)`);
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0)
      throw new BibunError('usage', `"limits.${k}" must be a non-negative integer`);
    out[key] = x;
  }
  return out;
}

registerBatchOp('eval', (req) => ({
  result: jsonNumber(evaluate(parse(stringField(req, 'expr')), pointField(req))),
}));

registerBatchOp('simplify', (req, fmt) =>
  termFields(
    termResult(
      simplifyTerm(parse(stringField(req, 'expr')), { limits: limitsField(req) }).term,
      fmt,
    ),
    fmt,
  ),
);

/** The optional `"rules"` field of diff and grad: rule-file text whose `derivatives` lines join the table. */
function tableField(req: Request): { table?: PartialsTable } {
  return req['rules'] === undefined
    ? {}
    : { table: partialsOfFile(stringField(req, 'rules'), '<rules>') };
}

registerBatchOp('diff', (req, fmt) => {
  const f = parse(stringField(req, 'expr'));
  const x = stringField(req, 'var');
  const method = checkMethod(req['method'] === undefined ? 'dstar' : stringField(req, 'method'));
  const t = tableField(req);
  if (req['at'] !== undefined)
    return { result: jsonNumber(derivativeAt(f, [x], pointField(req), method, t.table)[0]) };
  return termFields(
    termResult(
      diffTerm(f, x, { method, raw: req['raw'] === true, limits: limitsField(req), ...t }),
      fmt,
    ),
    fmt,
  );
});

registerBatchOp('grad', (req, fmt): Record<string, Json> => {
  const f = parse(stringField(req, 'expr'));
  const vars = stringsField(req, 'vars');
  const method = checkMethod(req['method'] === undefined ? 'dstar' : stringField(req, 'method'));
  const t = tableField(req);
  if (req['at'] !== undefined)
    return { result: derivativeAt(f, vars, pointField(req), method, t.table).map(jsonNumber) };
  const g = gradTerm(f, vars, { method, raw: req['raw'] === true, limits: limitsField(req), ...t });
  // The entries as an array; the sizes are those of the whole gradient, whose entries share nodes.
  const entries = g.kind === 'app' ? g.args : [g];
  const result: Json = entries.map((t) =>
    fmt === 'json' ? (JSON.parse(termResult(t, fmt).text) as Json) : termResult(t, fmt).text,
  );
  return { result, tree_size: jsonSize(g.treeSize), dag_size: g.dagSize };
});

registerBatchOp('rewrite', (req, fmt) => {
  const strategy = req['strategy'] === undefined ? undefined : stringField(req, 'strategy');
  const trace = req['trace'] === true;
  const r = rewriteCommand(parse(stringField(req, 'expr')), stringField(req, 'rules'), {
    file: '<rules>',
    trace,
    limits: limitsField(req),
    ...(strategy !== undefined ? { strategy } : {}),
  });
  const fields = termFields(termResult(r.term, fmt), fmt);
  if (!r.succeeded) fields['succeeded'] = false;
  if (trace) fields['trace'] = traceJson(r.trace);
  return fields;
});

registerBatchOp('check', (req) => {
  const seed = req['seed'];
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isSafeInteger(seed)))
    throw new BibunError('usage', 'field "seed" must be an integer');
  const r = checkCommand(stringField(req, 'identity'), seed === undefined ? {} : { seed });
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
});

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
    const op = ops.get(opName);
    if (!op)
      throw new BibunError(
        'usage',
        `unknown op "${opName}" (known: ${[...ops.keys()].join(', ')})`,
      );
    const fmt = r['format'] === undefined ? 'text' : checkFormat(String(r['format']));
    return JSON.stringify({ id, ok: true, ...op(r, fmt) });
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
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    output.write(answer(line) + '\n');
  }
}
