/** How symbol names print in LaTeX: Greek names as Greek letters, subscripts after `_`. */

const greek = new Set([
  'alpha',
  'beta',
  'gamma',
  'delta',
  'epsilon',
  'zeta',
  'eta',
  'theta',
  'iota',
  'kappa',
  'lambda',
  'mu',
  'nu',
  'xi',
  'pi',
  'rho',
  'sigma',
  'tau',
  'upsilon',
  'phi',
  'chi',
  'psi',
  'omega',
  'Gamma',
  'Delta',
  'Theta',
  'Lambda',
  'Xi',
  'Pi',
  'Sigma',
  'Upsilon',
  'Phi',
  'Psi',
  'Omega',
]);

/** LaTeX for a symbol's name (`alpha_1` is `\\alpha_{1}`, `rate` is `\\mathrm{rate}`). */
export function latexSymbol(name: string): string {
  if (name === 'e') return 'e';
  const m = /^([A-Za-z]+)_?(\d*)$/.exec(name);
  if (m && greek.has(m[1])) return `\\${m[1]}${m[2] ? `_{${m[2]}}` : ''}`;
  const parts = name.split('_');
  if (parts.length === 2 && parts[0] && parts[1])
    return `${latexName(parts[0])}_{${latexName(parts[1])}}`;
  return latexName(name);
}

function latexName(s: string): string {
  if (greek.has(s)) return `\\${s}`;
  return s.length === 1 ? s : `\\mathrm{${s.replace(/_/g, '\\_')}}`;
}
