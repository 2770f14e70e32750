/**
 * `bibun batch`: JSON Lines in, one JSON line out per input line, in order. Each request is
 * `{"id", "op", ...}`; each response is `{"id", "ok": true, "result", ...}` or
 * `{"id", "ok": false, "error": {"kind", "message", "line"?, "column"?}}` — also for lines that
 * are not JSON or not requests. One bad request never ends the stream.
 */
import { createInterface } from 'node:readline';
import { asBibunError, BibunError } from './errors.js';
import { checkFormat, termResult, type TermResult } from './commands.js';
import { evaluate } from './evaluate.js';
import { parse } from './parse.js';
import type { Format } from './print.js';

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
    throw new BibunError('usage', v === undefined ? `missing field "${name}"` : `field "${name}" must be a string`);
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

registerBatchOp('parse', (req, fmt) => termFields(termResult(parse(stringField(req, 'expr')), fmt), fmt));

registerBatchOp('eval', (req) => {
  const t = parse(stringField(req, 'expr'));
  const at = req['at'] ?? {};
  if (typeof at !== 'object' || at === null || Array.isArray(at)) throw new BibunError('usage', 'field "at" must be an object of numbers');
  const env = new Map<string, number>();
  for (const [k, v] of Object.entries(at as Record<string, unknown>)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new BibunError('usage', `"at.${k}" must be a finite number`);
    env.set(k, v);
  }
  return { result: jsonNumber(evaluate(t, env)) };
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
    if (typeof req !== 'object' || req === null || Array.isArray(req)) throw new BibunError('usage', 'a request must be a JSON object');
    const r = req as Request;
    id = isJson(r['id']) ? (r['id'] as Json) : null;
    const opName = r['op'];
    if (typeof opName !== 'string') throw new BibunError('usage', 'missing field "op"');
    const op = ops.get(opName);
    if (!op) throw new BibunError('usage', `unknown op "${opName}" (known: ${[...ops.keys()].join(', ')})`);
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
export async function runBatch(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<void> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    output.write(answer(line) + '\n');
  }
}
