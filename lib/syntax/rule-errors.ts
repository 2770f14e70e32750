/**
 * Syntax errors of the rule language in words a person understands. The readers (and Ohm) find
 * the rightmost place where the text stops matching the grammar and list what the grammar could
 * have taken there (`expected not ">"`, `expected "->", "-", "+", "/", "*", a superscript, or
 * "^"`). This module looks at that place in its line — which declaration, which part of a rule
 * (name, left side, right side, conditions) — and says what is wrong there:
 *
 * - a bracket: one never closed (reported where it opens), one closed by the wrong kind, one
 *   that closes nothing;
 * - a missing `:` after a rule name, a missing `->` (or `=>`, `=` written for it), a missing
 *   side, a condition that is none of the forms an `if` clause takes;
 * - a declaration keyword misspelt, a strategy with nothing after `;`, `<+`, `=`, an operator
 *   attribute that does not exist.
 *
 * Anything else keeps the grammar's list of expectations, with the operators an expression could
 * go on with left out. The message never moves the error before the place the grammar stopped,
 * except for a bracket never closed, which is reported where it opens.
 */
import { BibunError } from '../base/errors.js';
import { hintAt, positionAt } from './prescan.js';

/** Which rule-language text is being read. */
export type RuleStart = 'RuleFile' | 'RuleInput' | 'StrategyInput';

const keywords = ['ruleset', 'strategy', 'example', 'derivatives', 'op'];

/** Conditions an `if` clause takes, for the message about one it does not. */
const conditionForms =
  'a guard call (is_number(?a)), a comparison (?n > 0), L == R, P := E, or otherwise';

const closerOf: Record<string, string> = { '(': ')', '[': ']' };

interface Bracket {
  readonly c: string;
  readonly offset: number;
}

/** The first bracket error of `text`, and the brackets open at `upTo`. */
function brackets(
  text: string,
  upTo: number,
): {
  problem: { offset: number; message: string } | undefined;
  openAt: Bracket[];
  closedLater: Set<number>;
} {
  const stack: Bracket[] = [];
  let openAt: Bracket[] | undefined;
  let problem: { offset: number; message: string } | undefined;
  const closedLater = new Set<number>();
  for (let i = 0; i < text.length; i++) {
    if (i === upTo) openAt = stack.slice();
    const c = text[i];
    if (c === '#') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (c === '(' || c === '[') stack.push({ c, offset: i });
    else if (c === ')' || c === ']') {
      const top = stack.pop();
      if (top === undefined) {
        problem ??= { offset: i, message: `unmatched "${c}": no bracket is open here` };
      } else if (closerOf[top.c] !== c) {
        stack.push(top);
        problem ??= {
          offset: i,
          message: `expected "${closerOf[top.c]}" to close the "${top.c}" at ${lineColumn(text, top.offset)}, found "${c}"`,
        };
      } else if (openAt !== undefined) closedLater.add(top.offset);
    }
  }
  openAt ??= stack.slice();
  // Of the brackets never closed, the innermost is the one whose closer is missing first.
  const never = stack[stack.length - 1];
  if (never !== undefined && problem === undefined)
    problem = { offset: never.offset, message: `"${never.c}" is never closed` };
  return { problem, openAt, closedLater };
}

function lineColumn(text: string, offset: number): string {
  const p = positionAt(text, offset);
  return `${p.line}:${p.column}`;
}

const multiCharTokens = ['->', '=>', '<+', ':=', '==', '<=', '>=', '!=', '...'];

/** What is at `offset`, for "found ...": a word, an operator, end of line or of input. */
function found(text: string, offset: number): string {
  if (offset >= text.length) return 'end of input';
  if (text[offset] === '\n') return 'end of line';
  const op = multiCharTokens.find((t) => text.startsWith(t, offset));
  if (op !== undefined) return `"${op}"`;
  const word = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(text.slice(offset, offset + 100));
  if (word !== null) return `'${word[0]}'`;
  const c = String.fromCodePoint(text.codePointAt(offset)!);
  const code = c.codePointAt(0)!;
  if (code < 32 || code === 127)
    return `character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
  return `'${c}'`;
}

/** The grammar's expectations, without the operators an expression could always go on with. */
function cleanExpected(expected: string, strategy: boolean): string | undefined {
  const items = expected
    .replace(/, or /g, ', ')
    .replace(/^or /, '')
    .split(', ')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const noise = new Set([
    '"-"',
    '"+"',
    '"*"',
    '"/"',
    '"^"',
    'a superscript',
    '"=="',
    'not ">"',
    '"\\n"',
    '";"',
    'end of input',
    '"..."',
  ]);
  const operand = new Set(['a name', 'a pattern variable', '"√"', '"["', '"("', 'a number']);
  const strategyStart = new Set(['"!"', '"?"', '"rec"']);
  const comparison = new Set(['":="', '">"', '"<"', '"!="', '">="', '"<="']);
  const out: string[] = [];
  const add = (s: string) => {
    if (!out.includes(s)) out.push(s);
  };
  if (strategy) {
    noise.delete('";"');
    noise.add('"("');
  }
  for (const s of items) {
    if (strategyStart.has(s)) add('a strategy');
    else if (strategy && s === '"("') continue;
    else if (comparison.has(s)) add('a comparison');
    else if (operand.has(s)) {
      if (!items.some((i) => strategyStart.has(i))) add('an expression');
    } else if (!noise.has(s)) add(s);
  }
  if (out.length === 0) return undefined;
  return out.length === 1 ? out[0] : `${out.slice(0, -1).join(', ')} or ${out[out.length - 1]}`;
}

/** The offset of the first `token` at bracket depth 0 in `line` from `from`, or -1. */
function topLevel(line: string, token: RegExp, from = 0): number {
  let depth = 0;
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0) {
      token.lastIndex = i;
      const m = token.exec(line);
      if (m !== null && m.index === i) return i;
    }
  }
  return -1;
}

/** The last non-blank character before `offset` on its line, or '' at the line's start. */
function before(line: string, offset: number): string {
  const s = line.slice(0, offset).trimEnd();
  return s.slice(-2) === '->' || s.slice(-2) === '<+' || s.slice(-2) === ':='
    ? s.slice(-2)
    : s.slice(-1);
}

const binaryEnd = new Set([
  '+',
  '-',
  '*',
  '/',
  '^',
  '->',
  '<+',
  ';',
  ',',
  '=',
  ':',
  ':=',
  '<',
  '>',
]);

/**
 * The error to report for a syntax failure at `offset` of a rule-language text (`expected` is
 * the grammar's list there), or undefined to keep the grammar's own message.
 */
export function ruleSyntaxError(
  text: string,
  offset: number,
  expected: string,
  start: RuleStart,
): BibunError | undefined {
  const at = (o: number, message: string) => new BibunError('syntax', message, positionAt(text, o));
  // `-` then `>` fails at the `>` (the grammar's `"-" ~">"`): the token there is `->`.
  let x = offset;
  if (text[x] === '>' && text[x - 1] === '-') x--;
  else if (text[x] === '>' && text[x - 1] === '=') x--;
  const c = text[x];
  const hint = c === '=' || c === '!' ? undefined : hintAt(text, x);
  if (hint !== undefined) return at(x, hint);
  const b = brackets(text, x);
  if (b.problem !== undefined && b.problem.offset <= x)
    return at(b.problem.offset, b.problem.message);

  // The physical line of the failure; a failure at the start of a line that the pre-scan joined
  // to the one before (which ended with an operator) belongs at the end of that one.
  let lineStart = text.lastIndexOf('\n', x - 1) + 1;
  // So is a failure on a line that starts a new rule or declaration after such a line.
  const startsAnew = (from: number) =>
    /^[ \t\r]*$/.test(text.slice(from, x)) ||
    /^[ \t]*([\p{L}_][\p{L}\p{N}_-]*[ \t]*:(?!=)|(ruleset|strategy|example|derivatives|op)\b)/u.test(
      text.slice(from, from + 200),
    );
  while (lineStart > 0 && startsAnew(lineStart)) {
    const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const prev = text.slice(prevStart, lineStart - 1).replace(/#.*$/, '');
    if (!binaryEnd.has(before(prev, prev.length))) break;
    lineStart = prevStart;
    x = prevStart + prev.trimEnd().length;
  }
  let lineEnd = text.indexOf('\n', x);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd).replace(/#.*$/, '');
  const col = x - lineStart;
  const what =
    col >= line.trimEnd().length
      ? lineEnd >= text.length
        ? 'end of input'
        : 'end of line'
      : found(text, x);

  const inner = b.openAt[b.openAt.length - 1];
  if (inner !== undefined && b.closedLater.has(inner.offset)) {
    const closer = closerOf[inner.c];
    if (expected.includes(`"${closer}"`) || /^"(->|=>|:=)"$/.test(what) || what === "'if'")
      return at(
        x,
        `expected "${closer}" to close the "${inner.c}" at ${lineColumn(text, inner.offset)}, found ${what}`,
      );
  }

  const lead = /^[ \t]*/.exec(line)![0].length;
  const firstWord = /^[\p{L}_][\p{L}\p{N}_-]*/u.exec(line.slice(lead))?.[0];
  const inStrategy =
    start === 'StrategyInput' || (firstWord === 'strategy' && topLevel(line, /=/y) < col);
  const clean = cleanExpected(expected, inStrategy);
  const generic = (prefix: string) => {
    const prev = before(line, col);
    const after = binaryEnd.has(prev) && clean?.endsWith('an expression') ? ` after "${prev}"` : '';
    return at(
      x,
      `${prefix}expected ${clean ?? 'an operator or the end of the line'}${after}, found ${what}`,
    );
  };

  if (start === 'StrategyInput') return strategyError(line, col, what, generic, at, x, '');

  const keyword = firstWord !== undefined && keywords.includes(firstWord) ? firstWord : undefined;
  if (keyword === undefined) {
    const block = start === 'RuleInput' ? 'ruleset' : enclosingBlock(text, lineStart);
    if (col <= lead && start === 'RuleFile') {
      const rules = block === 'ruleset' ? ' or a rule (NAME: LHS -> RHS)' : '';
      const entries = block === 'derivatives' ? ' or a derivative (f(u) : PARTIAL)' : '';
      return at(
        x,
        `expected a declaration (ruleset, strategy, example, derivatives or op)${rules}${entries}, found ${what}`,
      );
    }
    if (block === 'ruleset') return ruleLineError(line, col, lead, what, generic, at, x);
    return generic('');
  }

  const rest = line.slice(lead + keyword.length);
  const nameMatch = /^[ \t]+([\p{L}_][\p{L}\p{N}_-]*)/u.exec(rest);
  const nameEnd = lead + keyword.length + (nameMatch?.[0].length ?? 0);
  const name = nameMatch?.[1];
  if (
    name === undefined ||
    col <= lead + keyword.length + (rest.length - rest.trimStart().length)
  ) {
    const thing = keyword === 'example' ? 'the name of a rule set or strategy' : 'a name';
    if (keyword !== 'derivatives')
      return at(x, `expected ${thing} after "${keyword}", found ${what}`);
  }
  switch (keyword) {
    case 'strategy': {
      const eq = topLevel(line, /=/y, nameEnd);
      if (eq < 0 || col <= eq) {
        if (line[nameEnd] === '(' || line.slice(nameEnd).trimStart().startsWith('('))
          return generic(`strategy ${name}: `);
        return at(
          x,
          `strategy ${name}: expected "=" and its body (strategy ${name} = ...), found ${what}`,
        );
      }
      return strategyError(line, col, what, generic, at, x, `strategy ${name}: `, eq);
    }
    case 'example': {
      const colon = topLevel(line, /:/y, nameEnd);
      if (colon < 0 || col <= colon)
        return at(
          x,
          `example ${name}: expected ":" after the name (example ${name}: INPUT => EXPECTED), found ${what}`,
        );
      const arrow = topLevel(line, /=>/y, colon);
      if (arrow < 0 || col <= arrow) {
        if (col >= line.trimEnd().length || /^"(->|=|==)"$/.test(what) || what === "'='")
          return at(
            x,
            `example ${name}: expected "=>" between the input and the expected result, found ${what}`,
          );
        return generic(`example ${name}: `);
      }
      if (col <= arrow + 2 || line.slice(arrow + 2, col).trim() === '')
        return at(x, `example ${name}: expected the expected result after "=>", found ${what}`);
      return generic(`example ${name}: `);
    }
    case 'op': {
      const colon = topLevel(line, /:/y, nameEnd);
      if (colon >= 0 && col > colon)
        return at(x, `op ${name}: expected an attribute (assoc, comm or id(VALUE)), found ${what}`);
      return at(
        x,
        `op ${name}: expected "/ARITY" or ": ATTRIBUTES" (op ${name} : assoc comm), found ${what}`,
      );
    }
    case 'ruleset':
      return at(x, `ruleset ${name}: expected its rules on the lines below it, found ${what}`);
    default:
      return generic('');
  }
}

/** The keyword of the declaration whose block the line at `lineStart` belongs to. */
function enclosingBlock(text: string, lineStart: number): string | undefined {
  let end = lineStart - 1;
  while (end > 0) {
    const s = text.lastIndexOf('\n', end - 1) + 1;
    const word = /^[ \t]*([\p{L}_][\p{L}\p{N}_-]*)/u.exec(text.slice(s, end))?.[1];
    if (word !== undefined && keywords.includes(word)) return word;
    end = s - 1;
  }
  return undefined;
}

type At = (o: number, message: string) => BibunError;

/** A failure in a rule line `NAME: LHS -> RHS if CONDITIONS`. */
function ruleLineError(
  line: string,
  col: number,
  lead: number,
  what: string,
  generic: (prefix: string) => BibunError,
  at: At,
  x: number,
): BibunError {
  const m = /^([\p{L}_][\p{L}\p{N}_]*(?:-(?!>)[\p{L}\p{N}_]*)*)[ \t]*/u.exec(line.slice(lead));
  if (m === null) return at(x, `expected a rule (NAME: LHS -> RHS), found ${what}`);
  const name = m[1];
  const colon = lead + m[0].length;
  if (line[colon] !== ':' || col <= colon)
    return at(x, `expected ":" after the rule name ${name} (${name}: LHS -> RHS), found ${what}`);
  const p = `rule ${name}: `;
  const arrow = topLevel(line, /->/y, colon + 1);
  if (arrow < 0 || col <= arrow) {
    if (line.slice(colon + 1, col).trim() === '')
      return at(x, `${p}expected the left side after ":", found ${what}`);
    if (/^"(=>|==|:=)"$/.test(what) || what === "'='" || what === "'→'")
      return at(x, `${p}expected "->" between the left and right sides, found ${what}`);
    if (arrow < 0 && (what === 'end of line' || what === 'end of input'))
      return at(x, `${p}expected "->" and the right side (${name}: LHS -> RHS), found ${what}`);
    return generic(p);
  }
  const ifAt = topLevel(line, /\bif\b/y, arrow + 2);
  if (ifAt < 0 || col < ifAt) {
    if (line.slice(arrow + 2, col).trim() === '')
      return at(x, `${p}expected the right side after "->", found ${what}`);
    const prev = before(line, col);
    if (!binaryEnd.has(prev) && /^'/.test(what) && !what.startsWith("'(") && !what.startsWith("'^"))
      return at(
        x,
        `${p}expected "if" and conditions, or the end of the rule, after the right side, found ${what}`,
      );
    return generic(p);
  }
  // The conditions: the one the failure is in.
  let condStart = ifAt + 2;
  for (;;) {
    const comma = topLevel(line, /,/y, condStart);
    if (comma < 0 || comma >= col) break;
    condStart = comma + 1;
  }
  const sep = condStart === ifAt + 2 ? '"if"' : '","';
  const cond = line.slice(condStart, col).trim();
  if (cond === '') return at(x, `${p}expected a condition after ${sep}, found ${what}`);
  if (what === "'='")
    return at(
      x,
      `${p}"=" is not a condition: write == (both sides normalise to the same term) or := (a match)`,
    );
  if (/^[\p{L}_][\p{L}\p{N}_]*$/u.test(cond) && what.startsWith("'?")) {
    const arg = line
      .slice(col)
      .split(/,(?![^(]*\))/)[0]
      .trim();
    return at(x, `${p}a guard takes its arguments in brackets: write ${cond}(${arg})`);
  }
  const whole = line
    .slice(condStart)
    .split(/,(?![^(]*\))/)[0]
    .trim();
  if (
    /^[?\p{L}_][\p{L}\p{N}_.]*$/u.test(whole) ||
    (col >= line.trimEnd().length && !binaryEnd.has(before(line, col)))
  )
    return at(
      x -
        col +
        condStart +
        (line.slice(condStart).length - line.slice(condStart).trimStart().length),
      `${p}${whole} is not a condition: write ${conditionForms}`,
    );
  return generic(p);
}

/** A failure in a strategy expression (the body after `=` when `eq` is given). */
function strategyError(
  line: string,
  col: number,
  what: string,
  generic: (prefix: string) => BibunError,
  at: At,
  x: number,
  prefix: string,
  eq = -1,
): BibunError {
  const prev = before(line, col);
  const start = eq >= 0 ? eq + 1 : 0;
  if (line.slice(start, col).trim() === '')
    return at(x, `${prefix}expected a strategy${eq >= 0 ? ' after "="' : ''}, found ${what}`);
  if (prev === '?' || prev === '!')
    return at(
      x,
      `${prefix}expected a ${prev === '?' ? 'pattern' : 'term'} after "${prev}", found ${what}`,
    );
  if (prev === ';' && what === 'end of line')
    return at(
      x,
      `${prefix}expected a strategy after ";", found end of line (a strategy goes on to the next line inside brackets only: write (s1 ;\n s2))`,
    );
  if (prev === ';' || prev === '<+' || prev === ',' || prev === '(')
    return at(x, `${prefix}expected a strategy after "${prev}", found ${what}`);
  return generic(prefix);
}
