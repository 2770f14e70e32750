/**
 * The built-in strategy `fold`: exact constant arithmetic beyond what the term constructors do.
 */
import * as Q from './rational.js';
import type { Strategy } from './run.js';
import { num, type Term } from './term.js';

/** Exact values of functions at special exact arguments (the argument as `num/den`). */
const specialValues: ReadonlyMap<string, ReadonlyMap<string, Term>> = new Map(
  Object.entries({
    exp: { '0': 1 },
    log: { '1': 0 },
    sin: { '0': 0 },
    cos: { '0': 1 },
    tan: { '0': 0 },
    sec: { '0': 1 },
    asin: { '0': 0 },
    acos: { '1': 0 },
    atan: { '0': 0 },
    sinh: { '0': 0 },
    cosh: { '0': 1 },
    tanh: { '0': 0 },
    asinh: { '0': 0 },
    acosh: { '1': 0 },
    atanh: { '0': 0 },
  }).map(([f, vs]) => [f, new Map(Object.entries(vs).map(([k, v]) => [k, num(BigInt(v))]))]),
);

/**
 * `fold`: exact constant arithmetic at the root, beyond what the constructors already do:
 * rational powers with exact roots (`4^(1/2)` = 2, `(8/27)^(-2/3)` = 9/4), `sqrt` and `abs` of
 * numbers, `log(e)` = 1, and the exact values of the elementary functions at 0 (or 1). Fails
 * when there is nothing to fold. Results that would need the reals beyond the rationals
 * (`2^(1/2)`, `(-8)^(1/3)`) are left alone.
 */
export const fold: Strategy = (t, run) => {
  if (t.kind !== 'app') return undefined;
  const r = foldNode(t.head, t.args);
  if (r !== undefined && r !== t) run.step('fold', t, r);
  return r === t ? undefined : r;
};

function foldNode(head: string, args: readonly Term[]): Term | undefined {
  if (args.length === 2 && head === '^') {
    const [b, e] = args;
    if (b.kind !== 'num' || e.kind !== 'num' || e.den === 1n || b.num < 0n) return undefined;
    if (b.num === 0n) return e.num > 0n ? b : undefined;
    const root = Q.exactRoot(b, e.den);
    return root === undefined ? undefined : num(Q.powInt(root, e.num));
  }
  if (args.length !== 1) return undefined;
  const a = args[0];
  if (a.kind === 'sym' && a.name === 'e' && head === 'log') return num(1n);
  if (a.kind !== 'num') return undefined;
  if (head === 'abs') return num({ num: Q.bigAbs(a.num), den: a.den });
  if (head === 'sqrt') {
    const root = a.num >= 0n ? Q.exactRoot(a, 2n) : undefined;
    return root === undefined ? undefined : num(root);
  }
  return specialValues.get(head)?.get(Q.toString(a));
}
