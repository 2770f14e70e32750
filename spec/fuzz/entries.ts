/**
 * The entry points the fuzz suite drives, each with the input it is fed. The contract for every
 * one: it returns, or throws a BibunError (a clear error a front end prints as one line). Any
 * other exception, a hang, or a dead stream is a failure.
 */
import type fc from 'fast-check';
import { answer } from '../../lib/app/batch.js';
import {
  parse,
  parsePattern,
  parseRule,
  parseRuleFile,
  parseStatement,
  parseStrategy,
} from '../../lib/syntax/parse.js';
import { diff } from '../../lib/diff/index.js';
import { format } from '../../lib/term/print.js';
import { RuleLibrary, rewriteWithRules } from '../../lib/rewrite/library.js';
import { simplifyRun } from '../../lib/simplify/simplify.js';
import { BibunError } from '../../lib/base/errors.js';
import { Session } from '../../lib/app/session.js';
import { sym } from '../../lib/term/term.js';
import {
  batchLine,
  expressionCorpus,
  hostile,
  replInputs,
  ruleFileCorpus,
  strategyCorpus,
} from './inputs.js';

/** One fuzzed entry point. */
export interface Entry {
  readonly name: string;
  readonly input: () => fc.Arbitrary<string>;
  /** Runs the entry point; returns normally or throws. */
  readonly run: (input: string) => void;
  /** For stream entry points: checks the output itself (e.g. one JSON line with ok). */
  readonly check?: (input: string) => void;
}

/** Small budgets: a fuzz case must end quickly whatever it is fed. */
const quick = { maxTimeMs: 500, maxSteps: 20_000, maxSize: 100_000 };

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
  {
    name: 'parseStatement',
    input: () => hostile(expressionCorpus),
    run: (s) => void parseStatement(s),
  },
  {
    name: 'parsePattern',
    input: () => hostile(expressionCorpus),
    run: (s) => void parsePattern(s),
  },
  {
    name: 'parseRule',
    input: () =>
      hostile(ruleFileCorpus.flatMap((f) => f.split('\n').filter((l) => l.includes('->')))),
    run: (s) => void parseRule(s),
  },
  {
    name: 'parseRuleFile',
    input: () => hostile(ruleFileCorpus),
    run: (s) => void parseRuleFile(s, 'fuzz.rules'),
  },
  {
    name: 'parseStrategy',
    input: () => hostile(strategyCorpus),
    run: (s) => void parseStrategy(s),
  },
  {
    name: 'rule-file loader',
    input: () => hostile(ruleFileCorpus),
    run: (s) => void RuleLibrary.empty().loadText(s, 'fuzz.rules'),
  },
  {
    name: 'rewrite with user rules',
    input: () => hostile(ruleFileCorpus),
    run: (s) =>
      void rewriteWithRules(parse('add(s(s(z)), s(z)) + f(x, y)*2'), s, {
        file: 'fuzz.rules',
        limits: quick,
      }),
  },
  {
    name: 'strategy expressions',
    input: () => hostile(strategyCorpus),
    run: (s) => {
      const lib = RuleLibrary.empty().loadText(ruleFileCorpus[1], 'arith.rules');
      void lib.run(s, parse('2*x + 3*x + (y^2)^3'), { limits: quick });
    },
  },
  {
    name: 'simplify',
    input: () => hostile(expressionCorpus),
    run: (s) => void simplifyRun(parse(s), { limits: quick }),
  },
  {
    name: 'diff (dstar, and tree within its budget)',
    input: () => hostile(expressionCorpus),
    run: (s) => {
      const t = parse(s);
      void diff(t, sym('x'), { method: 'dstar', raw: true });
      void diff(t, sym('x'), { method: 'tree', raw: true, treeBudget: 20_000 });
    },
  },
  {
    name: 'REPL session',
    input: replInputs,
    run: () => undefined,
    check: (script) => {
      // A file the session "reads" is hostile too: the script's own text as a rule file.
      const io = {
        readFile: (path: string) => {
          if (path.includes('missing')) throw new BibunError('io', `cannot read ${path}`);
          return script;
        },
        writeFile: () => undefined,
      };
      const session = new Session(io);
      session.eval(':set time=300 steps=20000 size=100000 runs=50 sizes=off');
      session.eval('keep = 41 + 1');
      for (const line of script.split('\u0001')) {
        const out = session.eval(line);
        if (typeof out !== 'string')
          throw new Error('the session answered something other than text');
        if (/internal error|\n\s+at /.test(out))
          throw new Error(`session output: ${out.slice(0, 200)}`);
      }
      // The session is still usable (unless the script rebound keep or quit, which is its right).
      if (!session.quit && !/keep/.test(script) && session.eval('keep') !== '42')
        throw new Error('the session lost its bindings');
    },
  },
  {
    name: 'batch line',
    input: batchLine,
    run: () => undefined,
    check: (line) => {
      const out = answer(line);
      if (out.includes('\n')) throw new Error('batch answer spans more than one line');
      const r = JSON.parse(out) as { ok?: unknown; error?: { kind?: unknown; message?: unknown } };
      if (typeof r.ok !== 'boolean') throw new Error('batch answer without "ok"');
      if (!r.ok && (typeof r.error?.kind !== 'string' || typeof r.error?.message !== 'string'))
        throw new Error('batch error without kind/message');
      if (!r.ok && /internal error/.test(String(r.error?.message)))
        throw new Error(`batch internal error: ${String(r.error?.message)}`);
    },
  },
];
