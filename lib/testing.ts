/**
 * `bibun/testing`: the property-testing toolkit (lib/check/toolkit.ts), the only entry point
 * that loads fast-check. `import 'bibun'` does not.
 */
export * from './check/toolkit.js';
