/**
 * The library API the workloads use, loaded at run time. Modules that are not built (yet) or lack
 * an export make the workloads that need them report "not available: …" instead of failing the
 * whole run. Static imports are used for the core (term, traverse, evaluate), which always exists.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NotAvailable } from './harness.js';

type Module = Record<string, unknown>;

const cache = new Map<string, Module | string>();

/** Path of a compiled lib module (`parse` → dist/lib/parse.js). */
export function libUrl(name: string): URL {
  return new URL(`../../lib/${name}.js`, import.meta.url);
}

/** Loads dist/lib/<name>.js, or returns why it cannot. */
export async function loadLib(name: string): Promise<Module | string> {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const url = libUrl(name);
  let result: Module | string;
  if (!existsSync(fileURLToPath(url))) result = `lib/${name}.ts not built`;
  else {
    try {
      result = (await import(url.href)) as Module;
    } catch (e) {
      result = `lib/${name}.ts fails to load (${(e as Error).message.split('\n')[0]})`;
    }
  }
  cache.set(name, result);
  return result;
}

/**
 * The export `name` of one of the modules (the first that has it), as a function; throws
 * {@link NotAvailable} otherwise.
 */
export async function need<F = (...args: any[]) => any>(
  modules: string | readonly string[],
  name: string,
): Promise<F> {
  const list = typeof modules === 'string' ? [modules] : modules;
  const reasons: string[] = [];
  for (const m of list) {
    const mod = await loadLib(m);
    if (typeof mod === 'string') {
      reasons.push(mod);
      continue;
    }
    const f = mod[name];
    if (typeof f === 'function') return f as F;
    reasons.push(`lib/${m}.ts has no export ${name}`);
  }
  throw new NotAvailable(reasons.join('; '));
}

/** Like {@link need}, but undefined instead of throwing. */
export async function maybe<F = (...args: any[]) => any>(
  modules: string | readonly string[],
  name: string,
): Promise<F | undefined> {
  try {
    return await need<F>(modules, name);
  } catch {
    return undefined;
  }
}
