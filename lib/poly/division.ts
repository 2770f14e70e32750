/**
 * Division of sparse polynomials: exact division over Z in lex order (the remainder's leading
 * monomials kept in a max-heap, so each step costs a logarithm, not a scan) and pseudo-division
 * in one generator.
 */
import { pollBudget } from '../base/budget.js';
import {
  add,
  constantValue,
  degree,
  divInteger,
  expOf,
  exponents,
  gen,
  leadIn,
  leadingKey,
  mul,
  Poly,
  pow,
  sub,
  zero,
} from './poly.js';

/** `a / b` when b divides a exactly over Z, else undefined (lex-order division). */
export function exactDivide(a: Poly, b: Poly): Poly | undefined {
  if (b.size === 0) throw new RangeError('division by the zero polynomial');
  if (a.size === 0) return a;
  const r = a.ring;
  const da = a.degrees;
  const db = b.degrees;
  for (let i = 0; i < r.n; i++) if (db[i] > da[i]) return undefined;
  const cb = constantValue(b);
  if (cb !== undefined) {
    for (const c of a.terms.values()) if (c % cb !== 0n) return undefined;
    return divInteger(a, cb);
  }
  const lk = leadingKey(b);
  const lc = b.terms.get(lk)!;
  const lexp = exponents(r, lk);
  const rem = new Map(a.terms);
  const heap = new MaxHeap([...rem.keys()]);
  const q = new Map<number, bigint>();
  const bTerms = [...b.terms];
  for (;;) {
    pollBudget();
    let k = heap.pop();
    while (k !== undefined && !rem.has(k)) k = heap.pop();
    if (k === undefined) break;
    const c = rem.get(k)!;
    if (c % lc !== 0n) return undefined;
    for (let i = 0; i < r.n; i++) if (expOf(r, k, i) < lexp[i]) return undefined;
    const qc = c / lc;
    const qk = k - lk;
    q.set(qk, qc);
    for (const [kb, vb] of bTerms) {
      const kk = qk + kb;
      const old = rem.get(kk);
      const v = (old ?? 0n) - qc * vb;
      if (v === 0n) rem.delete(kk);
      else {
        if (old === undefined) heap.push(kk);
        rem.set(kk, v);
      }
    }
  }
  return new Poly(r, q);
}

/** True when b divides a over Z. */
export function divides(b: Poly, a: Poly): boolean {
  return exactDivide(a, b) !== undefined;
}

/**
 * Pseudo-division in generator `i`: `lc^k·a = q·b + r` with `deg_i r < deg_i b`, k =
 * max(deg_i a − deg_i b + 1, 0), lc the leading coefficient of b in x_i. Returns q and r.
 */
export function pseudoDivide(a: Poly, b: Poly, i: number): { q: Poly; r: Poly } {
  const db = degree(b, i);
  const lc = leadIn(b, i);
  let r = a;
  let q = zero(a.ring);
  let k = Math.max(degree(a, i) - db + 1, 0);
  while (r.size > 0 && degree(r, i) >= db) {
    pollBudget();
    const t = mul(leadIn(r, i), gen(a.ring, i, degree(r, i) - db));
    q = add(mul(q, lc), t);
    r = sub(mul(r, lc), mul(t, b));
    k--;
  }
  if (k > 0) {
    const f = pow(lc, k);
    q = mul(q, f);
    r = mul(r, f);
  }
  return { q, r };
}

/** A binary max-heap of numbers (the remainder's monomials in exact division). */
class MaxHeap {
  private readonly a: number[];
  constructor(items: number[]) {
    this.a = items;
    for (let i = (items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }
  push(x: number): void {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p] >= a[i]) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): number | undefined {
    const a = this.a;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      this.down(0);
    }
    return top;
  }
  private down(i: number): void {
    const a = this.a;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && a[l] > a[m]) m = l;
      if (r < a.length && a[r] > a[m]) m = r;
      if (m === i) return;
      [a[m], a[i]] = [a[i], a[m]];
      i = m;
    }
  }
}
