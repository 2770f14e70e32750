/**
 * The interactive REPL: read a statement, evaluate it against the session, print the result.
 */
import { createInterface } from 'node:readline';
import { asBibunError } from './errors.js';
import { parseStatement, needsMoreInput } from './parse.js';
import { format } from './print.js';
import type { Term } from './term.js';
import { substitute } from './traverse.js';
import { sym } from './term.js';

/** Starts the REPL on stdin/stdout; resolves when the user quits. */
export async function startRepl(): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'bibun> ' });
  const env = new Map<string, Term>();
  let buffer = '';
  process.stdout.write('bibun — type an expression, name = expr to bind, :quit to leave\n');
  rl.prompt();
  for await (const line of rl) {
    buffer = buffer ? buffer + '\n' + line : line;
    if (needsMoreInput(buffer)) {
      rl.setPrompt('  ...> ');
      rl.prompt();
      continue;
    }
    const input = buffer.trim();
    buffer = '';
    rl.setPrompt('bibun> ');
    if (input === ':quit' || input === ':q') break;
    if (input !== '') {
      try {
        const s = parseStatement(input);
        const bind = (t: Term) => substitute(t, new Map([...env].map(([k, v]) => [sym(k), v] as [Term, Term])));
        if (s.kind === 'binding') {
          env.set(s.name, bind(s.term));
          console.log(`${s.name} = ${format(env.get(s.name)!, 'text')}`);
        } else if (s.kind === 'expr') {
          const t = bind(s.term);
          console.log(format(t, 'text'));
          console.log(`# tree size ${t.treeSize}, DAG size ${t.dagSize}`);
        } else {
          console.log(`(${s.kind} statements arrive with the full REPL)`);
        }
      } catch (e) {
        console.log(asBibunError(e).display());
      }
    }
    rl.prompt();
  }
  rl.close();
}
