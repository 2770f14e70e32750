/**
 * Where identity checks and rule soundness sample: the grid.
 *
 * A coordinate is drawn from three families, all on one documented grid (so a shrunk
 * counterexample reads `x = 0.5` or `x = 1.5e7`, never `x = 0.5000000000000171`):
 *
 * - **special points**: 0, ±1, ±2, ±1/2, ±3, ±10, and the ends of a given domain;
 * - **a linear grid**: the hundredths of [−10, 10] by default; in a domain [a, b] the multiples of
 *   10^(⌊log₁₀(b − a)⌋ − 3) in it (1,000 to 10,000 points across the domain);
 * - **magnitudes across many orders**: ±m·10^k with three significant digits (100 ≤ m ≤ 999) and
 *   −17 ≤ k ≤ 13, i.e. |x| from 10⁻¹⁵ to about 10¹⁶, each order of magnitude equally likely.
 *
 * `positive: true` keeps the positive points only; `domain: [a, b]` keeps the points in [a, b]
 * (for every variable, or per variable name). Without either, every variable ranges over the
 * whole grid.
 */
import fc from 'fast-check';
import { BibunError } from '../base/errors.js';
import type { SamplingOptions } from './domain.js';

export type { SamplingOptions } from './domain.js';

/** The set one variable is sampled from. */
interface Range {
  readonly lo: number;
  readonly hi: number;
  /** Exclude 0 and the negatives (`positive`). */
  readonly positive: boolean;
  /** The bounds came from the caller (so they are special points and bound the linear grid). */
  readonly given: boolean;
}

const specials = [0, 1, -1, 2, -2, 0.5, -0.5, 3, -3, 10, -10];
const minExponent = -17;
const maxExponent = 13;

/** m·10^k, correctly rounded (a division for negative k, so 0.1 is the double nearest 1/10). */
function decimal(m: number, k: number): number {
  return k >= 0 ? m * 10 ** k : m / 10 ** -k;
}

function rangeOf(options: SamplingOptions, name: string): Range {
  const d = options.domain;
  const iv =
    d === undefined
      ? undefined
      : Array.isArray(d)
        ? (d as readonly [number, number])
        : (d as Readonly<Record<string, readonly [number, number]>>)[name];
  const positive = options.positive === true;
  if (iv === undefined)
    return { lo: positive ? 0 : -Infinity, hi: Infinity, positive, given: false };
  const [lo, hi] = iv;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi))
    throw new BibunError('usage', `bad domain for ${name}: [${lo}, ${hi}] (expected finite a ≤ b)`);
  if (positive && hi <= 0)
    throw new BibunError('usage', `the domain [${lo}, ${hi}] of ${name} has no positive points`);
  return { lo: positive ? Math.max(lo, 0) : lo, hi, positive, given: true };
}

function inRange(r: Range, x: number): boolean {
  return x >= r.lo && x <= r.hi && !(r.positive && x <= 0);
}

/** The special points of a range, simplest first. */
function specialsOf(r: Range): number[] {
  const s = specials.filter((x) => inRange(r, x));
  if (r.given) for (const x of [r.lo, r.hi]) if (inRange(r, x) && !s.includes(x)) s.push(x);
  return s;
}

/** The linear grid of a range as an integer arbitrary mapped to its points, if it has any. */
function linearOf(r: Range): fc.Arbitrary<number> | undefined {
  const lo = r.given ? r.lo : Math.max(r.lo, -10);
  const hi = r.given ? r.hi : Math.min(r.hi, 10);
  if (hi <= lo) return undefined;
  const e = Math.floor(Math.log10(hi - lo)) - 3;
  let min = Math.ceil(lo / 10 ** e);
  let max = Math.floor(hi / 10 ** e);
  while (min <= max && !inRange(r, decimal(min, e))) min++;
  while (max >= min && !inRange(r, decimal(max, e))) max--;
  if (min > max) return undefined;
  return fc.integer({ min, max }).map((i) => decimal(i, e));
}

/**
 * The orders of magnitude a range meets, as up to four families (positive or negative, |x| ≥ 1 or
 * below), each ordered outward from magnitude 1 so that shrinking moves toward x = ±1.
 */
function magnitudesOf(r: Range): fc.WeightedArbitrary<number>[] {
  const families: fc.WeightedArbitrary<number>[] = [];
  for (const sign of [1, -1])
    for (const ks of [range(-2, maxExponent), range(-3, minExponent)]) {
      const decades: { k: number; min: number; max: number }[] = [];
      for (const k of ks) {
        let min = 100;
        let max = 999;
        while (min <= max && !inRange(r, sign * decimal(min, k))) min++;
        while (max >= min && !inRange(r, sign * decimal(max, k))) max--;
        // Mantissas in between lie in the range too: it is an interval, sign·m·10^k is monotone.
        if (min <= max) decades.push({ k, min, max });
      }
      if (decades.length === 0) continue;
      const arbitrary = fc
        .tuple(fc.integer({ min: 0, max: decades.length - 1 }), fc.integer({ min: 0, max: 899 }))
        .map(([i, j]) => {
          const d = decades[i];
          return sign * decimal(d.min + (j % (d.max - d.min + 1)), d.k);
        });
      families.push({ arbitrary, weight: decades.length });
    }
  return families;
}

/** The integers from `a` to `b`, in that order. */
function range(a: number, b: number): number[] {
  const step = a <= b ? 1 : -1;
  return Array.from({ length: Math.abs(b - a) + 1 }, (_, i) => a + i * step);
}

/** Values of one variable on the grid (see the module comment). */
export function coordinateArbitrary(options: SamplingOptions, name: string): fc.Arbitrary<number> {
  const r = rangeOf(options, name);
  const s = specialsOf(r);
  const parts: fc.WeightedArbitrary<number>[] = [];
  if (s.length > 0) parts.push({ arbitrary: fc.constantFrom(...s), weight: 2 });
  const linear = linearOf(r);
  if (linear) parts.push({ arbitrary: linear, weight: 2 });
  const orders = magnitudesOf(r);
  if (orders.length > 0) parts.push({ arbitrary: fc.oneof(...orders), weight: 3 });
  if (parts.length === 0)
    throw new BibunError('usage', `no grid point lies in the domain of ${name}`);
  return fc.oneof(...parts);
}

/** Points on the grid: one value per variable. */
export function gridPoints(
  variables: readonly string[],
  options: SamplingOptions = {},
): fc.Arbitrary<Record<string, number>> {
  return fc.record(Object.fromEntries(variables.map((v) => [v, coordinateArbitrary(options, v)])));
}

/**
 * Points every check tries first: all combinations of the special points when there are at most
 * `max` of them, else of the first four (0, ±1, 2 where in range), else the diagonal.
 */
export function specialPoints(
  variables: readonly string[],
  options: SamplingOptions = {},
  max = 64,
): Record<string, number>[] {
  const lists = variables.map((v) => specialsOf(rangeOf(options, v)));
  if (lists.some((l) => l.length === 0)) return [];
  const product = (ls: number[][]) =>
    ls.reduce<number[][]>((acc, l) => acc.flatMap((p) => l.map((x) => [...p, x])), [[]]);
  const size = (ls: number[][]) => ls.reduce((n, l) => n * l.length, 1);
  const short = lists.map((l) => l.slice(0, 4));
  const rows =
    size(lists) <= max
      ? product(lists)
      : size(short) <= max
        ? product(short)
        : Array.from({ length: Math.max(...lists.map((l) => l.length)) }, (_, i) =>
            lists.map((l) => l[i % l.length]),
          );
  return rows.map((row) => Object.fromEntries(variables.map((v, i) => [v, row[i]])));
}
