/**
 * `npm run web`: builds the page and serves it with Node's http module on a local port
 * (`--port N`, default 8080; 0 picks a free one), or with `--build DIR` writes the static files
 * only. A front end like app/cli: the only module of lib/web/ that touches process I/O.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildPage } from './build.js';

/** The port `npm run web` listens on when none is given. */
export const defaultPort = 8080;

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** Serves the files of `dir` (GET only, nothing outside `dir`) on `port` of 127.0.0.1. */
export function serveDir(dir: string, port: number): Promise<Server> {
  const base = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(base, path === '/' ? 'index.html' : path));
    let body: Buffer | undefined;
    if (req.method === 'GET' && (file === base || file.startsWith(base + sep))) {
      try {
        if (statSync(file).isFile()) body = readFileSync(file);
      } catch {
        body = undefined;
      }
    }
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res
      .writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      })
      .end(body);
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done(server));
  });
}

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run web -- [--port N | --build DIR]\n`);
  process.exit(2);
}

async function main(argv: readonly string[]): Promise<void> {
  let port = defaultPort;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') {
      port = Number(argv[++i]);
      if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`not a port: ${argv[i]}`);
    } else if (a === '--build') {
      out = argv[++i];
      if (out === undefined) usage('--build needs a directory');
    } else usage(`unknown option ${a}`);
  }
  const dir = out ?? mkdtempSync(join(tmpdir(), 'bibun-web-'));
  const built = await buildPage(dir);
  const kb = (n: number): string => `${(n / 1024).toFixed(0)} KB`;
  const sizes = [...built.sizes]
    .map(([f, n]) => `${f} ${kb(n.bytes)} (${kb(n.gzip)} gzip)`)
    .join(', ');
  if (out !== undefined) {
    process.stdout.write(`wrote ${dir}: ${sizes}\n`);
    return;
  }
  const server = await serveDir(dir, port);
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(
    `bibun playground at http://127.0.0.1:${actual}/ (${sizes}); Ctrl-C ends it\n`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
