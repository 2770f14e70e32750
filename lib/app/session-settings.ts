/**
 * The session's settings and `:set`: budgets (steps, time, size), defaults (method, runs, seed)
 * and how values are shown (sizes, simplify, pretty). `:save` writes them as one `:set` line.
 */
import { BibunError } from '../base/errors.js';
import type { Limits } from '../rewrite/strategy.js';
import type { Command } from './session-ops.js';
import { checkSymbolicMethod, type SessionState, type Settings } from './session-state.js';

const switches = ['sizes', 'simplify', 'pretty'] as const;

function onOff(key: string, v: string): boolean {
  if (v !== 'on' && v !== 'off')
    throw new BibunError('usage', `${key} must be on or off, got '${v}'`);
  return v === 'on';
}

/** The state with one setting changed; a bad key or value is a `usage` error. */
export function setting(state: SessionState, key: string, v: string): SessionState {
  const n = Number(v);
  const int = () => {
    if (!Number.isSafeInteger(n) || n < 1)
      throw new BibunError('usage', `${key} must be a positive integer, got '${v}'`);
    return n;
  };
  const with1 = (s: Partial<Settings>): SessionState => ({
    ...state,
    settings: { ...state.settings, ...s },
  });
  const limits = (l: Partial<Limits>) => with1({ limits: { ...state.settings.limits, ...l } });
  switch (key) {
    case 'steps':
      return limits({ maxSteps: int() });
    case 'time':
      return limits({ maxTimeMs: int() });
    case 'size':
      return limits({ maxSize: int() });
    case 'method':
      return with1({ method: checkSymbolicMethod(v) });
    case 'runs':
      return with1({ runs: int() });
    case 'seed':
      return with1({ seed: int() });
    case 'sizes':
    case 'simplify':
    case 'pretty':
      return with1({ [key]: onOff(key, v) });
    default:
      throw new BibunError(
        'usage',
        `unknown setting ${key} (steps, time, size, method, runs, seed, ${switches.join(', ')})`,
      );
  }
}

/** The settings as `key=value` words, in the form `:set` reads. */
export function settingsText(s: Settings): string {
  const sw = switches.map((k) => `${k}=${s[k] ? 'on' : 'off'}`).join(' ');
  return `steps=${s.limits.maxSteps} time=${s.limits.maxTimeMs} size=${s.limits.maxSize} method=${s.method} runs=${s.runs} seed=${s.seed} ${sw}`;
}

/** `:set KEY=VALUE...`: all or nothing (a bad word leaves every setting as it was). */
export const setCommand: Command = {
  usage:
    ':set [steps=N] [time=MS] [size=N] [method=M] [runs=N] [seed=N] [sizes=on|off] [simplify=on|off] [pretty=on|off]',
  help: 'show or change budgets, defaults and how values are shown',
  run: (a, s) => {
    let next = s;
    for (const w of a.split(/\s+/).filter((x) => x !== '')) {
      const m = /^(\w+)=(\S+)$/.exec(w);
      if (!m) throw new BibunError('usage', `expected KEY=VALUE, got '${w}'`);
      next = setting(next, m[1], m[2]);
    }
    return { state: next, output: settingsText(next.settings) };
  },
};
