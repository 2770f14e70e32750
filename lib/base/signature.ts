/**
 * The operator and function table: every head bibun knows, with its arity, whether it is
 * associative-commutative, how the printers show it, and its float64 implementation. Everything
 * else (evaluation, parsing's arity check, printing, the pattern matcher's AC handling) reads this
 * one table.
 */

/** How a known head behaves. */
export interface HeadInfo {
  /** The name as it appears in terms (`sin`, `+`). */
  readonly name: string;
  /** Number of arguments; `'n'` for n-ary heads (`+`, `*`, `list`). */
  readonly arity: number | 'n';
  /** True for the associative-commutative heads `+` and `*`. */
  readonly ac: boolean;
  /** The identity element of an AC head (0 for `+`, 1 for `*`). */
  readonly identity?: bigint;
  /** The float64 implementation, when the head denotes a numeric function. */
  readonly numeric?: (...args: number[]) => number;
  /** LaTeX command for a function (`\sin`), or undefined to print `\operatorname{name}`. */
  readonly latex?: string;
  /** Whether the function is a numeric function that `evaluate` understands. */
  readonly kind: 'operator' | 'function' | 'form';
}

const sec = (x: number) => 1 / Math.cos(x);
const csc = (x: number) => 1 / Math.sin(x);
const cot = (x: number) => 1 / Math.tan(x);

/** The known functions of the surface syntax, with their float64 implementations. */
const FUNCTIONS: ReadonlyArray<[string, number, (...a: number[]) => number, string | undefined]> = [
  ['sin', 1, Math.sin, '\\sin'],
  ['cos', 1, Math.cos, '\\cos'],
  ['tan', 1, Math.tan, '\\tan'],
  ['sec', 1, sec, '\\sec'],
  ['csc', 1, csc, '\\csc'],
  ['cot', 1, cot, '\\cot'],
  ['asin', 1, Math.asin, '\\arcsin'],
  ['acos', 1, Math.acos, '\\arccos'],
  ['atan', 1, Math.atan, '\\arctan'],
  ['atan2', 2, Math.atan2, undefined],
  ['sinh', 1, Math.sinh, '\\sinh'],
  ['cosh', 1, Math.cosh, '\\cosh'],
  ['tanh', 1, Math.tanh, '\\tanh'],
  ['asinh', 1, Math.asinh, '\\operatorname{arsinh}'],
  ['acosh', 1, Math.acosh, '\\operatorname{arcosh}'],
  ['atanh', 1, Math.atanh, '\\operatorname{artanh}'],
  ['exp', 1, Math.exp, '\\exp'],
  ['log', 1, Math.log, '\\log'],
  ['sqrt', 1, Math.sqrt, undefined],
  ['abs', 1, Math.abs, undefined],
];

const table = new Map<string, HeadInfo>();
table.set('+', {
  name: '+',
  arity: 'n',
  ac: true,
  identity: 0n,
  kind: 'operator',
  numeric: (...a) => a.reduce((s, x) => s + x, 0),
});
table.set('*', {
  name: '*',
  arity: 'n',
  ac: true,
  identity: 1n,
  kind: 'operator',
  numeric: (...a) => a.reduce((s, x) => s * x, 1),
});
table.set('^', { name: '^', arity: 2, ac: false, kind: 'operator', numeric: Math.pow });
for (const [name, arity, numeric, latex] of FUNCTIONS) {
  table.set(name, {
    name,
    arity,
    ac: false,
    kind: 'function',
    numeric,
    ...(latex ? { latex } : {}),
  });
}
// Forms: heads with a meaning for bibun itself rather than a numeric value.
table.set('list', { name: 'list', arity: 'n', ac: false, kind: 'form' });
table.set('==', { name: '==', arity: 2, ac: false, kind: 'form' });

/**
 * The head of a head-variable application in patterns and templates: `?f(a, b)` is
 * `?(?f, a, b)`, the head variable first (it binds to the head's name, as a symbol).
 */
export const HEAD_VAR = '?';

/** Looks up a known head; undefined for user (uninterpreted) functions. */
export function headInfo(name: string): HeadInfo | undefined {
  return table.get(name);
}

/** True for the associative-commutative heads (`+`, `*`). */
export function isAC(name: string): boolean {
  return name === '+' || name === '*';
}

/** Names of the known numeric functions (for completion, docs and the derivative table check). */
export const knownFunctionNames: readonly string[] = FUNCTIONS.map(([n]) => n);

/** The named constants and their values. */
export const constants: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);

/** Words that cannot be bound or used as function names by users. */
export const reservedNames: ReadonlySet<string> = new Set(['pi', 'e', 'list']);
