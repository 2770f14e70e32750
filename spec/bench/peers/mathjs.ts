/**
 * The mathjs peer (a devDependency, so always present): parse, simplify, derivative, and the
 * size of its results.
 */
import * as math from 'mathjs';
import type { MathNode } from 'mathjs';

export type { MathNode };

/** mathjs's version string. */
export const mathjsVersion: string = (math as unknown as { version: string }).version;

/** `math.parse(text)`. */
export function mjParse(text: string): MathNode {
  return math.parse(text);
}

/** `math.simplify(node)` (default rules). */
export function mjSimplify(node: MathNode): MathNode {
  return math.simplify(node);
}

/**
 * `math.derivative(node, name)`. mathjs simplifies the derivative by default, which at these
 * sizes costs far more than differentiating; `simplify: false` compares differentiation alone.
 */
export function mjDerivative(node: MathNode, name: string, simplify = false): MathNode {
  return math.derivative(node, name, { simplify });
}

/** Evaluates a mathjs node at a point. */
export function mjEvaluate(node: MathNode, scope: Record<string, number>): number {
  return node.evaluate(scope) as number;
}

/**
 * Tree size of a mathjs node: every node counted once per occurrence (parentheses are not
 * nodes). Shared node objects are counted once per use, as a printer would show them.
 */
export function mjTreeSize(root: MathNode): number {
  const memo = new Map<MathNode, number>();
  // Post-order with an explicit stack: derivative results can be deep.
  const stack: Array<[MathNode, boolean]> = [[root, false]];
  while (stack.length > 0) {
    const [n, expanded] = stack.pop()!;
    if (memo.has(n)) continue;
    const kids: MathNode[] = [];
    n.forEach((c: MathNode) => kids.push(c));
    if (!expanded) {
      stack.push([n, true]);
      for (const c of kids) if (!memo.has(c)) stack.push([c, false]);
    } else {
      let s = n.type === 'ParenthesisNode' ? 0 : 1;
      for (const c of kids) s += memo.get(c)!;
      memo.set(n, s);
    }
  }
  return memo.get(root)!;
}
