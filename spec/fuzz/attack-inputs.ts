/**
 * Builders of the attack suite's inputs: long sums, deep nestings, let-form chains, rule files
 * and the files that are not files (FIFOs, sparse giants). Pure string builders, except
 * {@link attackFiles}, which makes the files a run needs in a fresh temporary directory.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, ftruncateSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maxFileBytes } from '../../lib/app/files.js';
import { format } from '../../lib/term/print.js';
import { app, sym, type Term } from '../../lib/term/term.js';

/** `f(1) + f(2) + ... + f(n)`. */
export function sum(n: number, f: (i: number) => string, op = ' + '): string {
  return Array.from({ length: n }, (_, i) => f(i + 1)).join(op);
}

/** The primes in [lo, hi). */
export function primes(lo: number, hi: number): number[] {
  const ps: number[] = [];
  for (let n = Math.max(2, lo); n < hi; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
    if (prime) ps.push(n);
  }
  return ps;
}

/** `f(f(...f(x)...))`, `depth` calls deep. */
export function nested(depth: number, f = 'sin'): string {
  return `${`${f}(`.repeat(depth)}x${')'.repeat(depth)}`;
}

/** `x + x + ... + x` of exactly `chars` characters (odd), with `tail` appended. */
export function xSum(chars: number, tail = ''): string {
  const terms = Math.floor((chars - tail.length + 1) / 2);
  return `x${'+x'.repeat(terms - 1)}${tail}`;
}

/** A let-form chain `t1 = sin(x); t2 = cos(t1); ...`, `depth` bindings deep. */
export function letChain(depth: number): string {
  const lines = ['t1 = sin(x)'];
  for (let i = 2; i <= depth; i++) lines.push(`t${i} = ${i % 2 ? 'sin' : 'cos'}(t${i - 1}) + x`);
  return `${lines.join('; ')}; t${depth}`;
}

/**
 * The let-form printer's output for a chain `depth` deep whose nodes are not shared
 * (`g(g(...g(x)))` with g(t) = sin(cos(t)), as in issue 15's Ctrl-C reproduction): printing it
 * must name enough nodes that it parses back under the nesting limit.
 */
export function printedUnsharedChain(depth: number): string {
  let t: Term = sym('x');
  for (let i = 0; i < depth; i++) t = app('sin', [app('cos', [t])]);
  return format(t, 'let');
}

/** The let-form printer's output for a chain of `depth` distinct shared nodes. */
export function printedSharedChain(depth: number): string {
  let t: Term = sym('x');
  for (let i = 0; i < depth; i++) t = app('*', [app('sin', [t]), app('cos', [t])]);
  return format(t, 'let');
}

/** A valid rule file of `n` rules (about 57 bytes each). */
export function manyRules(n: number, tail = ''): string {
  const lines = ['ruleset many'];
  for (let i = 0; i < n; i++) lines.push(`  r${i}: f${i}(?a, ?b) -> g${i}(?b, ?a) + ?a*${i}`);
  return `${lines.join('\n')}\n${tail}`;
}

/** A JSON Lines request. */
export function request(id: string | number, fields: Record<string, unknown>): string {
  return `${JSON.stringify({ id, ...fields })}\n`;
}

/** The files of one attack run (made by {@link attackFiles}). */
export interface AttackFiles {
  readonly dir: string;
  readonly fifo: string;
  /** A sparse 3 GB file. */
  readonly giant: string;
  /** A (sparse) file one byte over the file limit, and a comment file of 2,000,000 bytes. */
  readonly over: string;
  readonly under: string;
  /** Rule files: 10,000 and 20,000 rules; a 1.9 MB one with a syntax error at its end. */
  readonly rules10k: string;
  readonly rules20k: string;
  readonly rulesBroken: string;
  /** A directory named like a file. */
  readonly folder: string;
  /** Writes a rule file into the directory and returns its path. */
  readonly rules: (name: string, text: string) => string;
}

/** Makes the files an attack run reads, in a new temporary directory. */
export function attackFiles(): AttackFiles {
  const dir = mkdtempSync(join(tmpdir(), 'bibun-attack-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const sparse = (name: string, bytes: number) => {
    const path = join(dir, name);
    const fd = openSync(path, 'w');
    ftruncateSync(fd, bytes);
    closeSync(fd);
    return path;
  };
  const giant = sparse('giant.rules', 3 * 2 ** 30);
  const folder = join(dir, 'folder.rules');
  mkdirSync(folder);
  const comment = (bytes: number) => `#${'-'.repeat(bytes - 2)}\n`;
  let broken = manyRules(33_000);
  broken = `${broken}  bad: f(?a -> ?a\n`;
  return {
    dir,
    fifo,
    giant,
    folder,
    over: sparse('over.rules', maxFileBytes + 1),
    under: file('under.rules', comment(2_000_000)),
    rules10k: file('rules10k.rules', manyRules(10_000)),
    rules20k: file('rules20k.rules', manyRules(20_000)),
    rulesBroken: file('broken.rules', broken),
    rules: file,
  };
}
