/**
 * Builds the browser page: esbuild bundles lib/web/page.ts (the main thread) and
 * lib/web/worker.ts (the session, in a Web Worker) from the same sources as the command line,
 * and the page's HTML, KaTeX's style sheet and fonts are written next to them.
 *
 * The library reads its shipped rule files and grammar from disk and loads two modules through
 * `createRequire` (ohm-js, and the check toolkit on first use). Rather than change those modules,
 * the bundle gets small stand-ins for the `node:` modules they import: `node:fs` serves the
 * embedded rules/ and grammar/ files (read-only), `node:module`'s `require` hands out modules
 * bundled up front, and `import.meta.url` in lib/ is the module's path under a fixed virtual
 * root, so the relative URLs the library builds land on the embedded files. Any other `node:`
 * import is a build error naming its importer, so a new one cannot slip into the browser.
 */
import { build as esbuild, type Plugin } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { pageHtml } from './page-html.js';

/** The repository root: this module runs compiled (dist/lib/web/build.js) or as source. */
const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, here.includes('/dist/lib/') ? '../../..' : '../..');

/** The virtual root that `import.meta.url` of a bundled lib/ module points into. */
const virtualRoot = 'file:///bibun/';

/** The data files the library reads at run time: every shipped rule file and the grammar. */
function embeddedFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const rel = `${dir}/${name}`;
      if (statSync(join(root, rel)).isDirectory()) walk(rel);
      else if (/\.(rules|ohm)$/.test(name)) out[rel] = readFileSync(join(root, rel), 'utf8');
    }
  };
  walk('rules');
  walk('grammar');
  return out;
}

const fsShim = (files: Record<string, string>): string => `
const files = ${JSON.stringify(files)};
const dirs = new Set();
for (const f of Object.keys(files)) {
  const parts = f.split('/');
  for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
}
function key(p) {
  let s = typeof p === 'string' ? p : String(p.href ?? p);
  s = s.replace(/^file:\\/\\//, '').replace(/^\\/bibun\\//, '').replace(/\\/+$/, '');
  return s.replace(/\\/+/g, '/');
}
function missing(p) {
  const e = new Error('ENOENT: no such file in the browser bundle: ' + key(p));
  e.code = 'ENOENT';
  return e;
}
export function readFileSync(p) {
  const k = key(p);
  if (k in files) return files[k];
  throw missing(p);
}
export function existsSync(p) { const k = key(p); return k in files || dirs.has(k); }
export function readdirSync(p) {
  const k = key(p) + '/';
  const names = new Set();
  for (const f of [...Object.keys(files), ...dirs])
    if (f.startsWith(k)) names.add(f.slice(k.length).split('/')[0]);
  return [...names].sort();
}
export function statSync(p) {
  const k = key(p);
  const dir = dirs.has(k);
  if (!dir && !(k in files)) throw missing(p);
  return { isDirectory: () => dir, isFile: () => !dir, size: dir ? 0 : files[k].length };
}
const none = (what) => () => { throw new Error(what + ': there is no file system in the browser'); };
export const openSync = none('open'), closeSync = none('close'), fstatSync = none('fstat'),
  readSync = none('read'), writeFileSync = none('write'), mkdirSync = none('mkdir'),
  lstatSync = none('lstat'), rmSync = none('rm');
export const constants = { O_RDONLY: 0, O_NOFOLLOW: 0, O_NONBLOCK: 0, O_WRONLY: 1, O_CREAT: 64, O_EXCL: 128 };
export default { readFileSync, existsSync, readdirSync, statSync, constants };
`;

const pathShim = `
function norm(p) {
  const abs = p.startsWith('/');
  const out = [];
  for (const s of p.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop(); else out.push(s);
  }
  return (abs ? '/' : '') + out.join('/');
}
export function join(...parts) { return norm(parts.join('/')); }
export const resolve = join;
export function dirname(p) { const i = p.lastIndexOf('/'); return i <= 0 ? (i === 0 ? '/' : '.') : p.slice(0, i); }
export function basename(p) { return p.slice(p.lastIndexOf('/') + 1); }
export function extname(p) { const b = basename(p); const i = b.lastIndexOf('.'); return i <= 0 ? '' : b.slice(i); }
export function relative(a, b) { return b.startsWith(a + '/') ? b.slice(a.length + 1) : b; }
export const sep = '/';
export default { join, resolve, dirname, basename, extname, relative, sep };
`;

const urlShim = `
export function fileURLToPath(u) { return new URL(String(u)).pathname; }
export function pathToFileURL(p) { return new URL('file://' + p); }
`;

/**
 * `createRequire(...)(id)` for the ids the library requires: each is imported here, so the
 * bundle holds it. The check toolkit is bundled eagerly (a browser has no synchronous import).
 */
function moduleShim(): string {
  const ohmId = 'ohm-js';
  const toolkit = join(root, 'lib/check/toolkit.ts');
  return `
import * as ohm from ${JSON.stringify(ohmId)};
import * as toolkit from ${JSON.stringify(toolkit)};
const table = { ${JSON.stringify(ohmId)}: ohm, '../check/toolkit.js': toolkit };
export function createRequire() {
  return (id) => {
    if (id in table) return table[id];
    throw new Error('require(' + id + ') is not available in the browser bundle');
  };
}
`;
}

function browserShims(): Plugin {
  const shims: Record<string, string> = {
    'node:fs': fsShim(embeddedFiles()),
    'node:path': pathShim,
    'node:url': urlShim,
    'node:module': moduleShim(),
  };
  return {
    name: 'bibun-browser',
    setup(b) {
      b.onResolve({ filter: /^node:/ }, (a) =>
        a.path in shims
          ? { path: a.path, namespace: 'bibun-shim' }
          : { errors: [{ text: `${a.path} (imported by ${a.importer}) has no browser stand-in` }] },
      );
      b.onLoad({ filter: /.*/, namespace: 'bibun-shim' }, (a) => ({
        contents: shims[a.path],
        loader: 'js',
        resolveDir: root,
      }));
      // import.meta.url of a library module: its compiled path under the virtual root (the
      // page's own modules keep theirs: the page finds worker.js next to page.js).
      b.onLoad({ filter: /[\\/]lib[\\/].*\.ts$/ }, async (a) => {
        if (relative(root, a.path).startsWith('lib/web/')) return undefined;
        const url = `${virtualRoot}dist/${relative(root, a.path).replace(/\.ts$/, '.js')}`;
        const text = await readFile(a.path, 'utf8');
        return { contents: text.replaceAll('import.meta.url', JSON.stringify(url)), loader: 'ts' };
      });
    },
  };
}

/** What a build wrote. */
export interface BuildResult {
  readonly dir: string;
  /** File name → size in bytes, and gzipped. */
  readonly sizes: ReadonlyMap<string, { readonly bytes: number; readonly gzip: number }>;
}

/** Writes the static page into `dir` (created if missing): index.html, page.js, worker.js, KaTeX. */
export async function buildPage(dir: string, minify = true): Promise<BuildResult> {
  mkdirSync(dir, { recursive: true });
  await esbuild({
    entryPoints: {
      page: join(root, 'lib/web/page.ts'),
      worker: join(root, 'lib/web/worker.ts'),
    },
    outdir: dir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    legalComments: 'none',
    logLevel: 'error',
    plugins: [browserShims()],
  });
  const katexDist = dirname(createRequire(import.meta.url).resolve('katex/dist/katex.min.css'));
  cpSync(join(katexDist, 'katex.min.css'), join(dir, 'katex.min.css'));
  // Every browser that runs module workers reads woff2, the style sheet's first choice.
  cpSync(join(katexDist, 'fonts'), join(dir, 'fonts'), {
    recursive: true,
    filter: (f) => !/\.(woff|ttf)$/.test(f),
  });
  writeFileSync(join(dir, 'index.html'), pageHtml);
  const sizes = new Map<string, { bytes: number; gzip: number }>();
  for (const f of ['index.html', 'page.js', 'worker.js', 'katex.min.css']) {
    const bytes = readFileSync(join(dir, f));
    sizes.set(f, { bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  return { dir, sizes };
}
