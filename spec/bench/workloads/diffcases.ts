/**
 * The differentiation workloads of the founding experiment (issue 4, part 6), built directly
 * with the term constructors (no parser in the way, any size). Every builder takes a `tag` that
 * goes into the variable names, so each timed run differentiates terms no earlier run has seen.
 */
import {
  add,
  call,
  mul,
  mulShared,
  num,
  pow,
  sub,
  subShared,
  sym,
  type Term,
} from '../../../lib/term/term.js';
import { rng } from './common.js';

/** One instance of a workload: the function(s), the variables, a point to evaluate at. */
export interface DiffInstance {
  /** The outputs (one for a scalar function). */
  readonly roots: readonly Term[];
  /** Variables to differentiate by, in order. */
  readonly vars: readonly string[];
  /** Values of the variables. */
  readonly point: Readonly<Record<string, number>>;
}

/** What is asked of the methods. */
export type DiffKind = 'derivative' | 'gradient' | 'jacobian' | 'hessian';

/** A workload at one size. */
export interface DiffCase {
  /** Chart family (one chart per family). */
  readonly family: string;
  readonly workload: string;
  readonly size: number;
  readonly kind: DiffKind;
  readonly make: (tag: string) => DiffInstance;
}

const v = (name: string, tag: string) => sym(`${name}_${tag}`);

/** f = (4 + sin x)·cos(sin x), the founding example (d/dx at π is −1). */
export function founding1(tag: string): DiffInstance {
  const x = v('x', tag);
  const s = call('sin', x);
  return { roots: [mul(add(num(4), s), call('cos', s))], vars: [x.name], point: { [x.name]: 0.7 } };
}

/** f(x, y) = log x + x·y − sin y, the second founding example. */
export function founding2(tag: string): DiffInstance {
  const x = v('x', tag);
  const y = v('y', tag);
  return {
    roots: [sub(add(call('log', x), mul(x, y)), call('sin', y))],
    vars: [x.name, y.name],
    point: { [x.name]: 1.3, [y.name]: 0.4 },
  };
}

/** f₀ = x, f_{k+1} = sin(f_k)·cos(f_k): dagSize 3k+1, treeSize about 2^k. */
export function chainSinCos(k: number): (tag: string) => DiffInstance {
  return (tag) => {
    const x = v('x', tag);
    let f: Term = x;
    for (let i = 0; i < k; i++) f = mul(call('sin', f), call('cos', f));
    return { roots: [f], vars: [x.name], point: { [x.name]: 0.3 } };
  };
}

/** f₀ = x, f_{k+1} = sin(f_k) + cos(f_k). */
export function chainSinPlusCos(k: number): (tag: string) => DiffInstance {
  return (tag) => {
    const x = v('x', tag);
    let f: Term = x;
    for (let i = 0; i < k; i++) f = add(call('sin', f), call('cos', f));
    return { roots: [f], vars: [x.name], point: { [x.name]: 0.3 } };
  };
}

/**
 * The logistic map l₀ = x, l_{n+1} = 4·l_n·(1 − l_n), n steps, each level kept as one node (as
 * its let-form `l1 = 4*l0*(1 - l0); ...` reads): 2 multiplications per level, not Θ(n).
 */
export function logistic(n: number): (tag: string) => DiffInstance {
  return (tag) => {
    const x = v('x', tag);
    let l: Term = x;
    for (let i = 0; i < n; i++) l = mulShared(num(4), l, subShared(num(1), l));
    return { roots: [l], vars: [x.name], point: { [x.name]: 0.3 } };
  };
}

/** cos(sin(cos(sin(…x…)))): depth n, no sharing at all (tests stack depth, not swell). */
export function alternatingCosSin(n: number): (tag: string) => DiffInstance {
  return (tag) => {
    const x = v('x', tag);
    let f: Term = x;
    for (let i = 0; i < n; i++) f = call(i % 2 === 0 ? 'sin' : 'cos', f);
    return { roots: [f], vars: [x.name], point: { [x.name]: 0.3 } };
  };
}

/** Rosenbrock in n variables: Σ 100·(x_{i+1} − x_i²)² + (1 − x_i)². */
export function rosenbrock(n: number): (tag: string) => DiffInstance {
  return (tag) => {
    const xs = Array.from({ length: n }, (_, i) => v(`x${i}`, tag));
    const parts: Term[] = [];
    for (let i = 0; i + 1 < n; i++) {
      parts.push(mul(num(100), pow(sub(xs[i + 1], pow(xs[i], num(2))), num(2))));
      parts.push(pow(sub(num(1), xs[i]), num(2)));
    }
    const point: Record<string, number> = {};
    xs.forEach((x, i) => (point[x.name] = 0.5 + 0.4 * Math.sin(i)));
    return { roots: [add(...parts)], vars: xs.map((x) => x.name), point };
  };
}

/** x₁·x₂·…·x_n. */
export function product(n: number): (tag: string) => DiffInstance {
  return (tag) => {
    const xs = Array.from({ length: n }, (_, i) => v(`x${i}`, tag));
    const point: Record<string, number> = {};
    // Values around 1, so the product neither overflows nor vanishes.
    xs.forEach((x, i) => (point[x.name] = i % 2 === 0 ? 0.95 : 1 / 0.95));
    return { roots: [mul(...xs)], vars: xs.map((x) => x.name), point };
  };
}

/**
 * The real solid harmonics r^l·Y_l^m(x, y, z) for l ≤ L (all (L+1)² of them, up to constant
 * factors), by the standard recurrences, which share subterms the way the D* paper's example
 * does: C_m + i·S_m = (x + i·y)^m, and the associated Legendre part Q_l^m in z and r² by
 * Q_m^m = (2m−1)·Q_{m−1}^{m−1}, Q_{m+1}^m = (2m+1)·z·Q_m^m,
 * Q_l^m = ((2l−1)·z·Q_{l−1}^m − (l+m−1)·r²·Q_{l−2}^m)/(l−m).
 */
export function sphericalHarmonics(L: number): (tag: string) => DiffInstance {
  return (tag) => {
    const x = v('x', tag);
    const y = v('y', tag);
    const z = v('z', tag);
    const r2 = add(pow(x, num(2)), pow(y, num(2)), pow(z, num(2)));
    const C: Term[] = [num(1)];
    const S: Term[] = [num(0)];
    for (let m = 1; m <= L; m++) {
      C.push(sub(mul(x, C[m - 1]), mul(y, S[m - 1])));
      S.push(add(mul(x, S[m - 1]), mul(y, C[m - 1])));
    }
    const Q: Term[][] = Array.from({ length: L + 1 }, () => []);
    Q[0][0] = num(1);
    for (let m = 0; m <= L; m++) {
      if (m > 0) Q[m][m] = mul(num(2 * m - 1), Q[m - 1][m - 1]);
      if (m + 1 <= L) Q[m + 1][m] = mul(num(2 * m + 1), z, Q[m][m]);
      for (let l = m + 2; l <= L; l++) {
        Q[l][m] = mul(
          num(1n, BigInt(l - m)),
          sub(mul(num(2 * l - 1), z, Q[l - 1][m]), mul(num(l + m - 1), r2, Q[l - 2][m])),
        );
      }
    }
    const roots: Term[] = [];
    for (let l = 0; l <= L; l++) {
      roots.push(Q[l][0]);
      for (let m = 1; m <= l; m++) roots.push(mul(Q[l][m], C[m]), mul(Q[l][m], S[m]));
    }
    return {
      roots,
      vars: [x.name, y.name, z.name],
      point: { [x.name]: 0.3, [y.name]: -0.4, [z.name]: 0.5 },
    };
  };
}

/**
 * FastDifferentiation.jl's spherical harmonics benchmark (its documentation, "Symbolic
 * processing"): Y_l^m(x, y, z) = N_l^m·P_l^m(z)·C_m(x, y) (S_m for m < 0) for l < n, all n²
 * of them, with P_m^m = (1 − 2m)·P_{m−1}^{m−1}, P_{m+1}^m = (2m + 1)·z·P_m^m,
 * P_l^m = ((2l − 1)/(l − m))·z·P_{l−1}^m − ((l + m − 1)/(l − m))·P_{l−2}^m, S_m = x·C_{m−1} − y·S_{m−1},
 * C_m = x·S_{m−1} + y·C_{m−1}; N_l^m its normalisation constants, as exact rationals of 12
 * digits. Unlike {@link sphericalHarmonics} (solid harmonics, where r² brings x and y into every
 * Legendre factor) P depends on z alone: the family whose Jacobian sizes and times
 * FastDifferentiation publishes (order n = 25: 625 functions).
 */
export function fdSphericalHarmonics(n: number): (tag: string) => DiffInstance {
  return (tag) => {
    const x = v('x', tag);
    const y = v('y', tag);
    const z = v('z', tag);
    const P = new Map<number, Term>();
    const p = (l: number, m: number): Term => {
      const k = l * (n + 1) + m;
      const known = P.get(k);
      if (known !== undefined) return known;
      let r: Term;
      if (l === 0 && m === 0) r = num(1);
      else if (l === m) r = mul(num(1 - 2 * m), p(m - 1, m - 1));
      else if (l === m + 1) r = mul(num(2 * m + 1), z, p(m, m));
      else
        r = sub(
          mul(num(BigInt(2 * l - 1), BigInt(l - m)), z, p(l - 1, m)),
          mul(num(BigInt(l + m - 1), BigInt(l - m)), p(l - 2, m)),
        );
      P.set(k, r);
      return r;
    };
    const S: Term[] = [num(0)];
    const C: Term[] = [num(1)];
    for (let m = 1; m < n; m++) {
      S.push(sub(mul(x, C[m - 1]), mul(y, S[m - 1])));
      C.push(add(mul(x, S[m - 1]), mul(y, C[m - 1])));
    }
    const fact = (k: number) => {
      let f = 1;
      for (let i = 2; i <= k; i++) f *= i;
      return f;
    };
    const norm = (l: number, m: number) => {
      const value =
        m === 0
          ? Math.sqrt(2 * l + 1 / (4 * Math.PI))
          : Math.sqrt((((2 * l + 1) / (2 * Math.PI)) * fact(l - m)) / fact(l + m));
      const digits = 12 - Math.floor(Math.log10(value));
      return num(BigInt(Math.round(value * 10 ** digits)), 10n ** BigInt(digits));
    };
    const roots: Term[] = [];
    for (let l = 0; l < n; l++)
      for (let m = -l; m <= l; m++) {
        const a = Math.abs(m);
        roots.push(mul(norm(l, a), p(l, a), m < 0 ? S[a] : C[a]));
      }
    return {
      roots,
      vars: [x.name, y.name, z.name],
      point: { [x.name]: 0.3, [y.name]: -0.4, [z.name]: 0.5 },
    };
  };
}

/**
 * The squared error of a 2-layer tanh network with h hidden units on one fixed input of size
 * h: (Σ_j w_j·tanh(Σ_i W_ji·x_i + b_j) + c − target)², differentiated in all weights
 * (h² + 2h + 1 of them).
 */
export function tanhNetwork(h: number): (tag: string) => DiffInstance {
  return (tag) => {
    const r = rng(h);
    const input = Array.from({ length: h }, () =>
      num(BigInt(Math.round((r() * 2 - 1) * 100)), 100n),
    );
    const vars: string[] = [];
    const point: Record<string, number> = {};
    const weight = (name: string) => {
      const w = v(name, tag);
      vars.push(w.name);
      point[w.name] = (r() * 2 - 1) * 0.5;
      return w;
    };
    const hidden: Term[] = [];
    for (let j = 0; j < h; j++) {
      const pre: Term[] = [];
      for (let i = 0; i < h; i++) pre.push(mul(weight(`W${j}_${i}`), input[i]));
      pre.push(weight(`b${j}`));
      hidden.push(mul(weight(`w${j}`), call('tanh', add(...pre))));
    }
    const out = add(...hidden, weight('c'), num(-3n, 10n));
    return { roots: [pow(out, num(2))], vars, point };
  };
}

/** The default sizes of every workload (`quick` trims them). */
export function diffCases(quick: boolean): DiffCase[] {
  const cases: DiffCase[] = [];
  const push = (
    family: string,
    workload: string,
    kind: DiffKind,
    sizes: number[],
    make: (n: number) => (tag: string) => DiffInstance,
  ) => {
    for (const size of sizes) cases.push({ family, workload, size, kind, make: make(size) });
  };
  push('diff-founding', 'founding (4+sin x)cos(sin x)', 'derivative', [1], () => founding1);
  push('diff-founding', 'founding log x + xy - sin y', 'gradient', [2], () => founding2);
  const chainK = quick ? [5, 10, 100] : [5, 10, 12, 14, 20, 100, 1000];
  push('diff-chain-sincos', 'chain sin(f)*cos(f)', 'derivative', chainK, chainSinCos);
  push('diff-chain-sinpcos', 'chain sin(f)+cos(f)', 'derivative', chainK, chainSinPlusCos);
  push(
    'diff-logistic',
    'logistic map',
    'derivative',
    quick ? [5, 10, 100] : [5, 10, 20, 100, 1000, 10000],
    logistic,
  );
  push(
    'diff-alternating',
    'alternating cos/sin',
    'derivative',
    quick ? [100, 1000] : [100, 1000, 10000],
    alternatingCosSin,
  );
  push(
    'diff-rosenbrock',
    'rosenbrock gradient',
    'gradient',
    quick ? [10, 100] : [10, 100, 1000, 10000],
    rosenbrock,
  );
  push(
    'diff-rosenbrock-hessian',
    'rosenbrock hessian',
    'hessian',
    quick ? [10] : [10, 30, 100],
    rosenbrock,
  );
  push(
    'diff-product',
    'product of n vars',
    'gradient',
    quick ? [10, 100] : [10, 100, 1000, 10000],
    product,
  );
  push(
    'diff-harmonics',
    'spherical harmonics',
    'jacobian',
    quick ? [2, 5] : [2, 4, 6, 8, 10, 15, 20, 25],
    sphericalHarmonics,
  );
  push(
    'diff-harmonics-fd',
    'spherical harmonics (FastDifferentiation)',
    'jacobian',
    quick ? [5, 10] : [5, 10, 15, 20, 25],
    fdSphericalHarmonics,
  );
  push('diff-tanh', 'tanh network', 'gradient', quick ? [4, 8] : [4, 8, 16, 32], tanhNetwork);
  return cases;
}
