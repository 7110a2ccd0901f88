// Serves the live release (<out>/site) on 127.0.0.1. The symlink is resolved on every
// request, so a rebuild goes live without a restart and no request sees a half-built site.
// Entries that left the list answer 410 Gone with their notice page.
//   node scripts/serve.ts [--out dist] [--port 4321] [--host 127.0.0.1]
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { layoutOf } from './lib/release.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The delisted URLs of the release being served, read again whenever the live release or its
 * list changes (express delisting updates the list inside the live release).
 */
let gone: { key: string; urls: Promise<Set<string>> } | undefined;
async function goneUrls(root: string): Promise<Set<string>> {
  const file = path.join(root, '_gone.json');
  const key = `${root}:${(await stat(file).catch(() => null))?.mtimeMs ?? 0}`;
  if (gone?.key !== key) {
    const urls = readFile(file, 'utf8').then((t) => new Set(JSON.parse(t) as string[]), () => new Set<string>());
    gone = { key, urls };
  }
  return gone.urls;
}

const COMPRESSIBLE = /^(text\/|application\/(json|atom\+xml|xml))/;

async function send(res: ServerResponse, status: number, file: string, req: IncomingMessage) {
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  let body = await readFile(file);
  const headers: Record<string, string | number> = {
    'Content-Type': type,
    // The list changes whenever a court decides: never let a stale copy outlive a delisting.
    // Only Astro's assets, whose names change with their content, may be kept.
    'Cache-Control': file.includes(`${path.sep}_astro${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    Vary: 'Accept-Encoding',
  };
  // As nginx's gzip does (deploy/nginx.conf): on a phone the bytes are the wait.
  if (COMPRESSIBLE.test(type) && body.length > 512 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    body = gzipSync(body, { level: 6 });
    headers['Content-Encoding'] = 'gzip';
  }
  headers['Content-Length'] = body.length;
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function startServer(out: string, port: number, host = '127.0.0.1') {
  const { live } = layoutOf(path.resolve(out));
  const server = createServer(async (req, res) => {
    try {
      const root = await realpath(live);
      const url = new URL(req.url ?? '/', 'http://localhost');
      let pathname = decodeURIComponent(url.pathname);
      const file = path.join(root, pathname);
      if (!file.startsWith(root)) return void res.writeHead(400).end();
      const info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        if (!pathname.endsWith('/')) return void res.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
        pathname += 'index.html';
      }
      const target = path.join(root, pathname);
      const status = (await goneUrls(root)).has(url.pathname) ? 410 : 200;
      if (await stat(target).then((s) => s.isFile()).catch(() => false)) return await send(res, status, target, req);
      await send(res, 404, path.join(root, '404.html'), req);
    } catch (error) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`站点尚未构建或正在维护：${(error as Error).message}\n`);
    }
  });
  return new Promise<typeof server>((resolve) => server.listen(port, host, () => resolve(server)));
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist' }, port: { type: 'string', default: '4321' }, host: { type: 'string', default: '127.0.0.1' } } });
  const server = await startServer(values.out!, Number(values.port), values.host);
  const address = server.address() as { port: number };
  console.log(`gongshi 已启动：http://${values.host}:${address.port}/ （Ctrl+C 停止）`);
}
