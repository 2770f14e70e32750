/**
 * Random expressions with shared subterms, for the differentiation specs: a program of
 * instructions, each building a node from earlier nodes, so a node is reused whenever two
 * instructions pick it (the DAG is not a tree).
 */
import fc from 'fast-check';
import { add, call, mul, num, pow, sub, sym, type Term } from '../../lib/term/term.js';

const UNARY = [
  'sin',
  'cos',
  'tanh',
  'atan',
  'exp',
  'sqr',
  'neg',
  'sinh',
  'log1',
  'sqrt1',
  'inv1',
] as const;
const BINARY = ['+', '*', '-', 'atan2', '*3', 'logistic'] as const;

type Instr = { op: number; a: number; b: number; c: number };

function nodesOf(instrs: readonly Instr[], vars: readonly string[]): Term[] {
  const nodes: Term[] = [...vars.map((v) => sym(v)), num(2), num(1, 3n)];
  for (const { op, a, b, c } of instrs) {
    const u = nodes[a % nodes.length];
    const v = nodes[b % nodes.length];
    const nb = UNARY.length + BINARY.length;
    const k = op % nb;
    let t: Term;
    if (k < UNARY.length) {
      const name = UNARY[k];
      if (name === 'sqr') t = pow(u, num(2));
      else if (name === 'neg') t = mul(num(-1), u);
      // Domains kept total so most points are finite: log(1 + u²), sqrt(1 + u²), 1/(1 + u²).
      else if (name === 'log1') t = call('log', add(num(1), pow(u, num(2))));
      else if (name === 'sqrt1') t = call('sqrt', add(num(1), pow(u, num(2))));
      else if (name === 'inv1') t = pow(add(num(1), pow(u, num(2))), num(-1));
      else t = call(name, u);
    } else {
      const name = BINARY[k - UNARY.length];
      if (name === '+') t = add(u, v, nodes[c % nodes.length]);
      else if (name === '*') t = mul(u, v);
      else if (name === '-') t = sub(u, v);
      else if (name === '*3') t = mul(u, v, nodes[c % nodes.length]);
      // A logistic-map step on the product u·v: products flatten, so this is the product
      // 4·u·v·(1 − u·v), with −u·v's factors one level down (splitProduct in lib/diff/partials.ts).
      else if (name === 'logistic') t = mul(num(4), u, v, sub(num(1), mul(u, v)));
      else t = call('atan2', u, v);
    }
    nodes.push(t);
  }
  return nodes;
}

function build(instrs: readonly Instr[], vars: readonly string[]): Term {
  // Combine the last few nodes so several shared ones reach the root.
  return add(...nodesOf(instrs, vars).slice(-3));
}

/** A random expression in the given variables (up to `size` instructions). */
export function expression(vars: readonly string[], size = 10): fc.Arbitrary<Term> {
  const instr = fc.record({ op: fc.nat(), a: fc.nat(), b: fc.nat(), c: fc.nat() });
  return fc.array(instr, { minLength: 1, maxLength: size }).map((is) => build(is, vars));
}

/**
 * Several outputs of one random program (so they share subterms): its last `outputs` nodes,
 * each added to the node before it so every output has something of its own.
 */
export function outputs(
  vars: readonly string[],
  count: number,
  size = 10,
): fc.Arbitrary<readonly Term[]> {
  const instr = fc.record({ op: fc.nat(), a: fc.nat(), b: fc.nat(), c: fc.nat() });
  return fc.array(instr, { minLength: count, maxLength: size }).map((is) => {
    const nodes = nodesOf(is, vars);
    return nodes.slice(-count).map((t, i) => add(t, nodes[nodes.length - count - 1 + i]));
  });
}

/** A point with each variable in [-2, 2]. */
export function point(vars: readonly string[]): fc.Arbitrary<Record<string, number>> {
  // A grid of step 1/997 keeps clear of the denormal range where x² underflows.
  const coord = fc.integer({ min: -1994, max: 1994 }).map((k) => k / 997);
  return fc
    .tuple(...vars.map(() => coord))
    .map((xs) => Object.fromEntries(vars.map((v, i) => [v, xs[i]])));
}

/** Relative closeness with an absolute floor of 1. */
export function close(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}
