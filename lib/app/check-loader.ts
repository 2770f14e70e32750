/**
 * The identity and soundness checks (lib/check/, which loads fast-check) reached only when a
 * check runs, so `bibun eval 1+1` and `import 'bibun'` do not pay for them. Node 20.19+ loads an
 * ES module synchronously through `require`, which keeps the REPL's `step` synchronous.
 */
import { createRequire } from 'node:module';
import type * as Toolkit from '../check/toolkit.js';

const require = createRequire(import.meta.url);
let toolkit: typeof Toolkit | undefined;

/** The check toolkit, loaded on first use. */
export function checkToolkit(): typeof Toolkit {
  toolkit ??= require('../check/toolkit.js') as typeof Toolkit;
  return toolkit;
}
