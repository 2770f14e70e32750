/**
 * `bibun/testing`: the property-testing toolkit (lib/check/toolkit.ts) and the soundness checks
 * of rules, the only entry point that loads fast-check. `import 'bibun'` does not.
 */
export * from './check/toolkit.js';
export { checkRule, checkLibrary } from './check/soundness.js';
