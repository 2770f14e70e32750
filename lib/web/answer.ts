/**
 * What the page shows for one input: the REPL's own answer (the text `step` returns, exactly as
 * the terminal prints it) plus what the page can draw from it. A term answer is read back from
 * that text (it is re-parseable by contract) to get its LaTeX, let-form and sizes; `:bench`
 * text becomes table rows; `:dot` text becomes a picture. Nothing here changes the session.
 */
import { parse, parseStatement } from '../syntax/parse.js';
import { toLatex, toLet } from '../term/print.js';
import type { Term } from '../term/term.js';

/** One row of `:bench`: method, milliseconds, sizes ('' for numeric methods), value. */
export interface BenchRow {
  readonly method: string;
  readonly ms: number | undefined;
  readonly tree: string;
  readonly dag: string;
  readonly value: string;
}

/** The page's view of one answer. */
export interface Answer {
  /** The REPL's text, as the terminal shows it. */
  readonly output: string;
  readonly kind: 'empty' | 'term' | 'text' | 'error' | 'bench' | 'dot';
  /** For a term: `name = ` or `f(x) := ` before it. */
  readonly prefix?: string;
  readonly latex?: string;
  readonly text?: string;
  readonly letForm?: string;
  readonly sizes?: string;
  readonly bench?: readonly BenchRow[];
  readonly dot?: string;
}

/** Commands whose answer is a term (or a list of terms) when they succeed. */
const termCommands = new Set([
  'simplify',
  'diff',
  'grad',
  'hessian',
  'eval',
  'strategy',
  'rewrite',
  'parse',
]);

/**
 * A series' answer, `x - x^3/6 + O(x^6)` (sizes line removed): its value and the remainder the
 * REPL writes after it (a note, not part of the value), with the series variable (`x`, or
 * `x - 1` from `O((x - 1)^4)`).
 */
function seriesParts(body: string): { value: string; remainder: Term; h: Term } | undefined {
  const m = /^([\s\S]*) \+ (O\(([\s\S]*?)(?:\^\d+)?\))$/.exec(body);
  if (m === null) return undefined;
  try {
    return { value: m[1], remainder: parse(m[2]), h: parse(m[3]) };
  } catch {
    return undefined;
  }
}

function termAnswer(output: string, prefix: string, body: string): Answer {
  const text = body.replace(/\n#[^\n]*$/, '');
  const series = seriesParts(text);
  let t: Term;
  try {
    t = parse(series?.value ?? body);
  } catch {
    return { output, kind: 'error' };
  }
  let latex: string | undefined;
  try {
    latex =
      series === undefined
        ? toLatex(t)
        : `${toLatex(t, undefined, series.h)} + ${toLatex(series.remainder)}`;
  } catch {
    latex = undefined;
  }
  return {
    output,
    kind: 'term',
    prefix,
    ...(latex === undefined ? {} : { latex }),
    text,
    letForm: toLet(t),
    sizes: `tree size ${t.treeSize}, DAG size ${t.dagSize}`,
  };
}

/** Rows of `:bench`'s table (undefined when the text is not one). */
export function benchRows(output: string): BenchRow[] | undefined {
  const lines = output.split('\n');
  if (!/^method\s+ms\s+tree size\s+DAG size\s+value at /.test(lines[0] ?? '')) return undefined;
  const rows: BenchRow[] = [];
  for (const line of lines.slice(1)) {
    if (line.startsWith('(')) continue;
    const m = /^(\S+)\s+(\S+)\s+(?:(\d+|-)\s+(\d+|-)\s+)?(.*)$/.exec(line);
    if (m === null) continue;
    const ms = Number(m[2]);
    rows.push({
      method: m[1],
      ms: Number.isFinite(ms) ? ms : undefined,
      tree: m[3] ?? '',
      dag: m[4] ?? '',
      value: m[5],
    });
  }
  return rows;
}

/** Reads the answer `output` that `step` gave for `input`. */
export function answerOf(input: string, output: string): Answer {
  const text = input.trim();
  if (output === '') return { output, kind: 'empty' };
  if (text.startsWith(':')) {
    const cmd = /^:(\S*)/.exec(text)![1];
    if (cmd === 'bench') {
      const bench = benchRows(output);
      return bench ? { output, kind: 'bench', bench } : { output, kind: 'error' };
    }
    if (cmd === 'dot')
      return output.startsWith('digraph')
        ? { output, kind: 'dot', dot: output }
        : { output, kind: 'text' };
    if (termCommands.has(cmd)) return termAnswer(output, '', output);
    return { output, kind: 'text' };
  }
  let s: ReturnType<typeof parseStatement>;
  try {
    s = parseStatement(text);
  } catch {
    // A syntax error: the session's answer is its message with the position.
    return { output, kind: 'error' };
  }
  switch (s.kind) {
    case 'identity':
      return { output, kind: 'text' };
    case 'binding': {
      const p = `${s.name} = `;
      return output.startsWith(p)
        ? termAnswer(output, p, output.slice(p.length))
        : { output, kind: 'error' };
    }
    case 'function': {
      const m = /^([^\n]*?\) := )([\s\S]*)$/.exec(output);
      return m ? termAnswer(output, m[1], m[2]) : { output, kind: 'error' };
    }
    case 'expr':
      return termAnswer(output, '', output);
  }
}
