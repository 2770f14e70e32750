/**
 * Float64 evaluation of terms. Each distinct node is evaluated once (cost ∝ dagSize), without
 * recursion (10^5-deep terms are fine). Numeric implementations come from the signature table.
 * Every intermediate −0 is read as 0 (negative zero is not a number of mathematics), so
 * `atan2(-y, x)` at y = 0, x = −1.5 is π, not −π.
 */
import { BibunError } from '../base/errors.js';
import * as Q from '../base/rational.js';
import { constants, headInfo } from '../base/signature.js';
import type { Term } from './term.js';
import { postorder } from './walk.js';

/**
 * Values of symbols: an Immutable.Map, a JS Map, or a plain object. (`pi` and `e` need no
 * binding; a binding of them is ignored.)
 */
export type Environment =
  | { get(name: string): number | undefined }
  | Readonly<Record<string, number>>;

function lookup(env: Environment, name: string): number | undefined {
  if (typeof (env as { get?: unknown }).get === 'function') {
    return (env as { get(name: string): number | undefined }).get(name);
  }
  const rec = env as Readonly<Record<string, number>>;
  return Object.hasOwn(rec, name) ? rec[name] : undefined;
}

/**
 * The float64 value of `t` with symbols bound by `env`.
 *
 * @throws BibunError `unbound` for a symbol without a value, `unknown-function` for a function
 * with no numeric implementation (an uninterpreted `f(x)`), `domain` for a pattern variable, a
 * list or an identity.
 *
 * @example evaluate(parse('(4 + sin(x)) * cos(sin(x))'), { x: Math.PI }) // ≈ 4
 */
export function evaluate(t: Term, env: Environment = {}): number {
  const values = new Map<number, number>();
  // `+ 0` turns −0 into 0: signed zero is a float artefact (atan2(-0, -1) would be −π).
  for (const n of postorder(t)) values.set(n.id, evalNode(n, env, values) + 0);
  return values.get(t.id)!;
}

/**
 * Evaluates `t` at many points, reusing the node order: `evaluator(t)(env)`.
 */
export function evaluator(t: Term): (env: Environment) => number {
  const order = postorder(t);
  return (env) => {
    const values = new Map<number, number>();
    for (const n of order) values.set(n.id, evalNode(n, env, values) + 0);
    return values.get(t.id)!;
  };
}

function evalNode(n: Term, env: Environment, values: Map<number, number>): number {
  switch (n.kind) {
    case 'num':
      return Q.toNumber(n);
    case 'sym': {
      const c = constants.get(n.name);
      if (c !== undefined) return c;
      const v = lookup(env, n.name);
      if (v === undefined) throw new BibunError('unbound', `no value for symbol ${n.name}`);
      if (typeof v !== 'number')
        throw new BibunError('domain', `value of ${n.name} is not a number`);
      return v;
    }
    case 'var':
      throw new BibunError('domain', `cannot evaluate pattern variable ?${n.name}`);
    case 'app': {
      const info = headInfo(n.head);
      if (info === undefined || info.numeric === undefined) {
        if (info?.kind === 'form')
          throw new BibunError(
            'domain',
            `cannot evaluate ${n.head === 'list' ? 'a list' : 'an identity'} to a number`,
          );
        throw new BibunError('unknown-function', `no numeric value for function ${n.head}`);
      }
      const args = n.args;
      switch (args.length) {
        case 1:
          return info.numeric(values.get(args[0].id)!);
        case 2:
          return info.numeric(values.get(args[0].id)!, values.get(args[1].id)!);
        default:
          return info.numeric(...args.map((a) => values.get(a.id)!));
      }
    }
  }
}
