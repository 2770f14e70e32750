import test from 'ava';
import fc from 'fast-check';
import * as Q from '../../lib/base/rational.js';
import { roundRational } from '../../lib/cas/decimal.js';
import {
  atanPoint,
  expPoint,
  iatan,
  logPoint,
  piChudnovsky,
  sinCosPoint,
} from '../../lib/cas/elementary.js';
import {
  type Dyadic,
  dyadic,
  dyadicToRational,
  type Interval,
  iadd,
  imul,
  isub,
  ofInt,
  ofRational,
  iscale,
} from '../../lib/cas/interval.js';
import { approximate } from '../../lib/cas/approximate.js';
import { parse } from '../../lib/syntax/parse.js';

/** Both ends of an enclosure rounded to d digits: the decimal they agree on, or undefined. */
function digitsOf(iv: Interval, d: number): string | undefined {
  const a = roundRational(dyadicToRational(iv.lo), d).text;
  const b = roundRational(dyadicToRational(iv.hi), d).text;
  return a === b ? a : undefined;
}

function toFloat(x: Dyadic): number {
  return Q.toNumber(dyadicToRational(x));
}

/** pi = 16·atan(1/5) - 4·atan(1/239) (Machin), through the library's atan series. */
function piMachin(p: number): Interval {
  const a = iatan(ofRational(Q.rational(1n, 5n), p + 16), p + 16);
  const b = iatan(ofRational(Q.rational(1n, 239n), p + 16), p + 16);
  return isub(iscale(a, 4), iscale(b, 2), p + 16);
}

test('pi to 1000 digits: Chudnovsky, Machin and 4·atan(1) agree, and N prints them', (t) => {
  const p = 3400;
  const chudnovsky = digitsOf(piChudnovsky(p), 1000);
  const machin = digitsOf(piMachin(p), 1000);
  const quarter = digitsOf(imul(ofInt(4), atanPoint(dyadic(1n), p), p), 1000);
  t.truthy(chudnovsky);
  t.is(chudnovsky, machin);
  t.is(chudnovsky, quarter);
  t.is(approximate(parse('pi'), 1000).text, chudnovsky!);
  t.true(chudnovsky!.startsWith('3.14159265358979323846264338327950288'));
  t.is(chudnovsky!.length, 1001);
});

const points = fc
  .tuple(fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n }), fc.integer({ min: -40, max: 2 }))
  .map(([m, e]) => dyadic(m, e));

/** The interval holds the float value up to the float's own error, and is narrow. */
function agreesWithFloat(iv: Interval, expected: number): boolean {
  const lo = toFloat(iv.lo);
  const hi = toFloat(iv.hi);
  const slack = 1e-13 * Math.max(1, Math.abs(expected));
  return (
    lo - slack <= expected &&
    expected <= hi + slack &&
    hi - lo <= 1e-30 * Math.max(1, Math.abs(expected))
  );
}

test('exp, log, atan, sin and cos enclose the float values at random points', (t) => {
  fc.assert(
    fc.property(points, (x) => {
      const v = toFloat(x);
      if (Math.abs(v) < 600) t.true(agreesWithFloat(expPoint(x, 120), Math.exp(v)), `exp ${v}`);
      if (v > 0) t.true(agreesWithFloat(logPoint(x, 120), Math.log(v)), `log ${v}`);
      t.true(agreesWithFloat(atanPoint(x, 120), Math.atan(v)), `atan ${v}`);
      if (Math.abs(v) < 1e6) {
        const sc = sinCosPoint(x, 120);
        t.true(agreesWithFloat(sc.sin, Math.sin(v)), `sin ${v}`);
        t.true(agreesWithFloat(sc.cos, Math.cos(v)), `cos ${v}`);
      }
    }),
    { seed: 21, numRuns: 300 },
  );
});

test('identities hold within the enclosures: exp(log x) = x, sin² + cos² = 1', (t) => {
  fc.assert(
    fc.property(points, (x) => {
      const p = 200;
      const sc = sinCosPoint(x, p);
      const total = iadd(imul(sc.sin, sc.sin, p), imul(sc.cos, sc.cos, p), p);
      t.is(digitsOf(total, 50), '1.0000000000000000000000000000000000000000000000000');
      if (x.m > 0n) {
        // exp is increasing, so exp of the ends of log x brackets x.
        const back = logPoint(x, p);
        const q = dyadicToRational(x);
        t.true(Q.compare(dyadicToRational(expPoint(back.lo, p).lo), q) <= 0);
        t.true(Q.compare(q, dyadicToRational(expPoint(back.hi, p).hi)) <= 0);
      }
    }),
    { seed: 22, numRuns: 100 },
  );
});
