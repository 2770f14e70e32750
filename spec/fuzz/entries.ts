/**
 * The entry points the fuzz suite drives, each with the input it is fed. The contract for every
 * one: it returns, or throws a BibunError (a clear error a front end prints as one line). Any
 * other exception, a hang, or a dead stream is a failure.
 */
import type fc from 'fast-check';
import { answer } from '../../lib/batch.js';
import { parse, parsePattern, parseRule, parseRuleFile, parseStatement, parseStrategy } from '../../lib/parse.js';
import { format } from '../../lib/print.js';
import { batchLine, expressionCorpus, hostile, ruleFileCorpus, strategyCorpus } from './inputs.js';

/** One fuzzed entry point. */
export interface Entry {
  readonly name: string;
  readonly input: () => fc.Arbitrary<string>;
  /** Runs the entry point; returns normally or throws. */
  readonly run: (input: string) => void;
  /** For stream entry points: checks the output itself (e.g. one JSON line with ok). */
  readonly check?: (input: string) => void;
}

export const entries: readonly Entry[] = [
  {
    name: 'parse (and print what parses)',
    input: () => hostile(expressionCorpus),
    run: (s) => {
      const t = parse(s);
      // What parses must also print (or refuse to, with a BibunError).
      format(t, t.treeSize > 100_000n ? 'let' : 'text');
    },
  },
  { name: 'parseStatement', input: () => hostile(expressionCorpus), run: (s) => void parseStatement(s) },
  { name: 'parsePattern', input: () => hostile(expressionCorpus), run: (s) => void parsePattern(s) },
  { name: 'parseRule', input: () => hostile(ruleFileCorpus.flatMap((f) => f.split('\n').filter((l) => l.includes('->')))), run: (s) => void parseRule(s) },
  { name: 'parseRuleFile', input: () => hostile(ruleFileCorpus), run: (s) => void parseRuleFile(s, 'fuzz.rules') },
  { name: 'parseStrategy', input: () => hostile(strategyCorpus), run: (s) => void parseStrategy(s) },
  {
    name: 'batch line',
    input: batchLine,
    run: () => undefined,
    check: (line) => {
      const out = answer(line);
      if (out.includes('\n')) throw new Error('batch answer spans more than one line');
      const r = JSON.parse(out) as { ok?: unknown; error?: { kind?: unknown; message?: unknown } };
      if (typeof r.ok !== 'boolean') throw new Error('batch answer without "ok"');
      if (!r.ok && (typeof r.error?.kind !== 'string' || typeof r.error?.message !== 'string')) throw new Error('batch error without kind/message');
      if (!r.ok && /internal error/.test(String(r.error?.message))) throw new Error(`batch internal error: ${String(r.error?.message)}`);
    },
  },
];
