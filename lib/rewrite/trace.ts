/**
 * Traces as data: each step of a run's trace as a JSON-able object, for `--trace`, `bibun batch`
 * and tools.
 */
import { toInfix, toLet } from '../term/print.js';
import type { TraceStep } from './run.js';
import type { Term } from '../term/term.js';

/** One trace step as JSON: the terms printed in infix, or in let-form when they are large. */
export interface TraceStepJson {
  readonly rule: string;
  /** Argument indices from the root to where the rule applied. */
  readonly path: number[];
  readonly before: string;
  readonly after: string;
}

/** Options of {@link traceToJson}. */
export interface TraceJsonOptions {
  /** Largest tree size printed in infix; larger terms are printed in let-form (shared once). */
  readonly maxInfixSize?: bigint;
}

function show(t: Term, limit: bigint): string {
  return !t.treeSizeAbove(limit) ? toInfix(t, limit) : toLet(t);
}

/**
 * A trace as JSON-able objects, one per step.
 *
 * @example traceToJson(runStrategy(s, t, { trace: true }).trace)
 * // [{ rule: 'collect', path: [0], before: 'x + 2*x', after: '3*x' }]
 */
export function traceToJson(
  trace: readonly TraceStep[] | undefined,
  options: TraceJsonOptions = {},
): TraceStepJson[] {
  const limit = options.maxInfixSize ?? 10_000n;
  return (trace ?? []).map((s) => ({
    rule: s.rule,
    path: [...s.path],
    before: show(s.before, limit),
    after: show(s.after, limit),
  }));
}
