import test from 'ava';
import fc from 'fast-check';
import { parseDomain } from '../../lib/check/domain.js';
import { gridPoints, specialPoints } from '../../lib/check/grid.js';
import { checkIdentity } from '../../lib/check/identity.js';
import { mul, num, type Term } from '../../lib/term/term.js';

const holds = (s: string, o = {}) => checkIdentity(s, o).holds;

test('tiny values are not zero (the tolerance is relative near zero)', (t) => {
  t.false(holds('x/10^12 == 0'));
  t.false(holds('1e-10*sin(x) == 1e-10*cos(x)'));
  t.false(holds('x^2 + 1e-12 == x^2'));
});

test('identities that hold up to rounding hold', (t) => {
  t.true(holds('sin(x)^2 + cos(x)^2 == 1'));
  t.true(holds('(x+1)^2 == x^2+2x+1'));
  t.true(holds('exp(x+y) == exp(x)*exp(y)'));
  t.true(holds('cosh(x)^2 - sinh(x)^2 == 1'));
  t.true(holds('tan(x) == sin(x)/cos(x)'));
  t.true(holds('sin(2x) == 2sin(x)cos(x)'));
  t.true(holds('log(x^2) == 2*log(abs(x))'), 'x = 5e-324 is no counterexample');
});

test('samples leave [-10, 10]: abs(x-15) + x == 15 is false', (t) => {
  const r = checkIdentity('abs(x-15) + x == 15');
  t.false(r.holds);
  t.true(r.counterexample!.point.x > 15);
  t.regex(r.counterexample!.message, /^at x = \d+(\.\d+)?(e\+\d+)?: /, 'a point of the grid');
});

test('counterexamples are confirmed: asin(sin(x)) == x fails only where it is false', (t) => {
  const r = checkIdentity('asin(sin(x)) == x');
  t.false(r.holds);
  t.true(Math.abs(r.counterexample!.point.x) > Math.PI / 2);
  // The ends of the domain are sampled: just below π/2 float error must not count.
  const h = 1.5707963144645318;
  t.true(holds('asin(sin(x)) == x', { domain: [-h, h] }));
  t.true(holds('asin(sin(x)) == x', { domain: [-h, h], strict: true }));
});

test('signed zero: atan2(-y, x) == -atan2(y, x) is false at y = 0, x < 0', (t) => {
  const r = checkIdentity('atan2(-y, x) == -atan2(y, x)');
  t.false(r.holds);
  t.is(r.counterexample!.point.y, 0);
  t.true(r.counterexample!.point.x < 0);
  t.deepEqual(Object.keys(r.counterexample!.point), ['x', 'y']);
});

test('domain convention: compared where both sides are defined; strict wants equal domains', (t) => {
  t.true(holds('exp(log(x)) == x'));
  t.true(holds('sqrt(x)^2 == x'));
  t.true(holds('x/x == 1'));
  t.false(holds('exp(log(x)) == x', { strict: true }));
  const s = checkIdentity('sqrt(x)^2 == x', { strict: true });
  t.false(s.holds);
  t.is(s.counterexample!.lhs, undefined);
  t.true(s.counterexample!.point.x < 0);
  t.true(holds('sqrt(x)^2 == x', { strict: true, positive: true }));
  t.false(holds('x/x == 1', { strict: true }));
  const none = checkIdentity('log(-1 - x^2) == sqrt(-1 - x^2)', { runs: 20 });
  t.false(none.holds, 'undefined everywhere proves nothing');
  t.regex(none.reason!, /not both defined/);
});

test('the symbolic shortcut follows the same convention', (t) => {
  t.true(holds('f(exp(log(x))) == f(x)'), 'as exp(log(x)) == x');
  t.true(holds('f(x) + f(x) == 2f(x)'));
  t.false(holds('f(exp(log(x))) == f(x)', { strict: true }), 'could hide a domain difference');
  t.regex(checkIdentity('f(sqrt(x)^2) == f(x)', { strict: true }).reason!, /domain/);
  t.true(holds('f(x) + f(x) == 2f(x)', { strict: true }), 'total sides: no domain to hide');
  t.throws(() => checkIdentity('f(x) == g(x)'), { message: /no numeric meaning/ });
});

test('a rewrite expands both sides first (session rules)', (t) => {
  const twice = (e: Term): Term =>
    e.kind === 'app' && e.head === 'twice' ? mul(num(2), e.args[0]) : e;
  t.throws(() => checkIdentity('twice(x) == 2x'), { message: /twice has no numeric meaning/ });
  t.true(holds('twice(x) == 2x', { rewrite: twice }));
  t.false(holds('twice(x) == 3x', { rewrite: twice }));
});

test('positive, domain and runs aim the check; points list only the identity’s variables', (t) => {
  t.false(holds('abs(x) == x'));
  t.true(holds('abs(x) == x', { positive: true }));
  t.true(holds('abs(x) == x', { domain: [0, 5] }));
  t.true(holds('sqrt(x^2) == x', { domain: { x: [0.5, 2] } }));
  const r = checkIdentity('x + 1 == x + 1', { runs: 37 });
  t.is(r.samples, 37);
  const c = checkIdentity('abs(x) == x', { domain: [-3, 3], runs: 50 });
  t.false(c.holds);
  t.deepEqual(Object.keys(c.counterexample!.point), ['x']);
  t.throws(() => checkIdentity('x == y', { variables: ['x'] }), { message: /y occurs/ });
  t.throws(() => checkIdentity('x == x', { domain: [2, 1] }), { message: /bad domain/ });
  t.throws(() => checkIdentity('x == x', { positive: true, domain: [-2, -1] }), {
    message: /no positive points/,
  });
  t.deepEqual(parseDomain('-1..2.5'), [-1, 2.5]);
  t.deepEqual(parseDomain('1e-3..1e3'), [0.001, 1000]);
  t.throws(() => parseDomain('1..'), { message: /--domain needs a\.\.b/ });
});

/** Is x on the grid documented in lib/check/grid.ts (for the given domain)? */
function onGrid(x: number, domain?: readonly [number, number]): boolean {
  if (x === 0 || [0.5, 1, 2, 3, 10].includes(Math.abs(x))) return true;
  if (domain && (x === domain[0] || x === domain[1])) return true;
  const k = Math.floor(Math.log10(Math.abs(x))) - 2;
  const threeDigits =
    Number.isInteger(Math.round(Math.abs(x) / 10 ** k)) &&
    String(Math.abs(x))
      .replace(/^0\.0*|\.|e.*$/g, '')
      .replace(/0+$/, '').length <= 3;
  if (threeDigits && Math.abs(x) >= 1e-15 && Math.abs(x) < 1e16) return true;
  const width = domain ? domain[1] - domain[0] : 20;
  const e = Math.floor(Math.log10(width)) - 3;
  const step = domain ? 10 ** e : 0.01;
  return Math.abs(x / step - Math.round(x / step)) < 1e-6;
}

test('property: sampled points lie on the grid and in the domain', (t) => {
  for (const domain of [undefined, [0.5, 5], [-1e6, 3], [1000, 1001]] as const) {
    fc.assert(
      fc.property(gridPoints(['x'], domain ? { domain } : {}), ({ x }) => {
        const inside = domain === undefined || (x >= domain[0] && x <= domain[1]);
        return inside && onGrid(x, domain);
      }),
      { seed: 1, numRuns: 500 },
    );
  }
  fc.assert(
    fc.property(gridPoints(['x'], { positive: true }), ({ x }) => x > 0),
    { seed: 2, numRuns: 300 },
  );
  const magnitudes = fc.sample(gridPoints(['x']), { seed: 5, numRuns: 2000 }).map((p) => p.x);
  t.true(
    magnitudes.some((x) => Math.abs(x) > 1e10) &&
      magnitudes.some((x) => x !== 0 && Math.abs(x) < 1e-10),
  );
  t.deepEqual(
    specialPoints(['x'], { positive: true }).map((p) => p.x),
    [1, 2, 0.5, 3, 10],
  );
  t.is(specialPoints(['x', 'y']).length, 16);
});

test('derivative forms are differentiated first; a non-identity is a usage error', (t) => {
  t.true(holds('d(x^3, x) == 3x^2'));
  t.throws(() => checkIdentity('x + 1'), { message: /expected an identity/ });
});

test('the functions that compute are computed before sampling', (t) => {
  t.true(holds('solve(x^2 - 2, x) == [-sqrt(2), sqrt(2)]'));
  t.true(holds('subs(x^2, x, 3) == 9'));
  t.true(holds('factor(x^2 - 1) == x^2 - 1'));
  t.true(holds('expand((x + y)^3) == (x + y)^3'));
  t.false(holds('series(sin(x), x, 0, 3) == sin(x)'));
  t.false(holds('subs(x^2, x, 3) == 8'));
});
