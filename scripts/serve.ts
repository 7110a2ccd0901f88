// Serves the live release (<out>/site) on 127.0.0.1. The symlink is resolved on every
// request, so a rebuild goes live without a restart and no request sees a half-built site.
// Entries that left the list answer 410 Gone with their notice page.
//   node scripts/serve.ts [--out dist] [--port 4321] [--host 127.0.0.1]
//
// Written to face the internet: a request path is decoded and normalised once, and every
// decision (gone, redirect, which file) is taken on that one normal form, so no spelling of
// a URL reaches a file another spelling is kept from. Files are opened only when their real
// path lies inside the release; they are streamed, and compressed copies are the ones the
// build wrote beside them (scripts/lib/precompress.ts), never made per request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { constants, read as fsRead, type Stats } from 'node:fs';
import { open, readFile, realpath, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { layoutOf } from './lib/release.ts';
import { SECURITY_HEADERS, securityHeadersFor } from './lib/security-headers.ts';
import { isCompressibleName, isPrecompressedCopy, PRECOMPRESSED_ENCODINGS, type PrecompressedEncoding } from './lib/precompress.ts';

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
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

const ALLOWED_METHODS = 'GET, HEAD';

/** A request path after decoding and normalising: what every decision below is taken on. */
interface RequestPath {
  /** Path segments, decoded, without empty, `.` or `..` segments (`..` above the root stays at the root). */
  segments: string[];
  /** The path named a directory (`/a/`, `/a/.`, `/a/..`). */
  trailingSlash: boolean;
  /** The query as sent (`?…`), or '' when absent or not plain printable ASCII. */
  search: string;
}

/**
 * Decodes percent-encoding once, then collapses slashes and resolves dot segments, as a
 * browser or a proxy in front of us might. null: not an origin-form path, not valid UTF-8
 * percent-encoding, or a NUL byte — nothing a browser sends for a real page.
 */
function normaliseRequestPath(target: string): RequestPath | null {
  if (!target.startsWith('/')) return null;
  const q = target.indexOf('?');
  const rawPath = q === -1 ? target : target.slice(0, q);
  const rawSearch = q === -1 ? '' : target.slice(q);
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const segments: string[] = [];
  for (const segment of decoded.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailingSlash = segments.length === 0 || /\/(\.\.?)?$/.test(decoded);
  return { segments, trailingSlash, search: /^\?[\x21-\x7e]*$/.test(rawSearch) ? rawSearch : '' };
}

/** A same-origin path: one leading slash, every segment percent-encoded (a `\` or `/` in a name cannot become a host). */
function pathLocation(segments: readonly string[], trailingSlash: boolean): string {
  const joined = segments.map((s) => encodeURIComponent(s)).join('/');
  return `/${joined}${trailingSlash && joined ? '/' : ''}`;
}

/** The page an URL shows, whichever way it is spelled: `/entry/x/index.html`, `/entry//x`, `/entry/%78/` are `entry/x`. */
function pageKey(segments: readonly string[]): string {
  const page = segments.at(-1) === 'index.html' ? segments.slice(0, -1) : segments;
  // Ids that differ only in letter case are refused at ingest: matching without case costs nothing
  // and holds on a case-insensitive file system too.
  return page.join('/').toLowerCase();
}

/**
 * The delisted pages of the release being served, read again whenever the live release or
 * its list changes (express delisting updates the list inside the live release).
 */
let gone: { key: string; pages: Promise<Map<string, string[]>> } | undefined;
async function gonePages(root: string): Promise<Map<string, string[]>> {
  const file = path.join(root, '_gone.json');
  const key = `${root}:${(await stat(file).catch(() => null))?.mtimeMs ?? 0}`;
  if (gone?.key !== key) {
    const pages = readFile(file, 'utf8').then(
      (text) => new Map((JSON.parse(text) as string[]).flatMap((url): [string, string[]][] => {
        const normal = normaliseRequestPath(url);
        return normal ? [[pageKey(normal.segments), [...normal.segments, 'index.html']]] : [];
      })),
      () => new Map<string, string[]>(),
    );
    gone = { key, pages };
  }
  return gone.pages;
}

/**
 * Accept-Encoding with its q-values: `gzip;q=0` refuses gzip, `*` stands for any coding not named.
 */
function acceptsEncoding(header: string | undefined, coding: string): boolean {
  let wildcard: boolean | undefined;
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    const ok = Number.isFinite(weight) && weight > 0;
    if (name === coding) return ok;
    if (name === '*') wildcard = ok;
  }
  return wildcard ?? false;
}

type Opened = { handle: FileHandle; info: Stats; real: string };

/**
 * Opens `segments` under `root` only if its real path, symlinks resolved, is `root` itself or
 * lies below it (a separator after the prefix: `/srv/site-old` is not inside `/srv/site`).
 * 'dir' for a directory; null for anything missing or outside, so the two look the same.
 */
async function openInside(root: string, segments: readonly string[]): Promise<Opened | 'dir' | null> {
  let real: string;
  try {
    real = await realpath(path.join(root, ...segments));
  } catch {
    return null;
  }
  if (real !== root && !real.startsWith(root + path.sep)) return null;
  const info = await stat(real).catch(() => null);
  if (!info) return null;
  if (info.isDirectory()) return 'dir';
  if (!info.isFile()) return null;
  // O_NOFOLLOW: a symlink swapped in after realpath is refused, not followed.
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => null);
  if (!handle) return null;
  const opened = await handle.stat();
  if (!opened.isFile()) {
    await handle.close();
    return null;
  }
  return { handle, info: opened, real };
}

/**
 * The build's compressed copy beside `file`, if the client takes it. A copy older than its
 * file is not trusted: it could hold what the file no longer says (a delisted person).
 */
async function precompressed(file: Opened, req: IncomingMessage): Promise<{ encoding: PrecompressedEncoding; handle: FileHandle; size: number } | null> {
  if (!isCompressibleName(file.real)) return null;
  const header = req.headers['accept-encoding'];
  for (const { encoding, suffix } of PRECOMPRESSED_ENCODINGS) {
    if (!acceptsEncoding(typeof header === 'string' ? header : undefined, encoding)) continue;
    const handle = await open(file.real + suffix, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => null);
    if (!handle) continue;
    const info = await handle.stat();
    if (info.isFile() && info.mtimeMs >= file.info.mtimeMs) return { encoding, handle, size: info.size };
    await handle.close();
  }
  return null;
}

async function sendFile(req: IncomingMessage, res: ServerResponse, status: number, file: Opened, segments: readonly string[]): Promise<void> {
  let handle = file.handle;
  let size = file.info.size;
  try {
    const compressed = await precompressed(file, req).catch(() => null);
    if (compressed) {
      await file.handle.close();
      handle = compressed.handle;
      size = compressed.size;
      res.setHeader('Content-Encoding', compressed.encoding);
    }
    res.setHeader('Content-Type', TYPES[path.extname(file.real)] ?? 'application/octet-stream');
    // The list changes whenever a court decides: never let a stale copy outlive a delisting.
    // Only Astro's assets, whose names change with their content, may be kept.
    res.setHeader('Cache-Control', segments[0] === '_astro' ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (isCompressibleName(file.real)) res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Content-Length', size);
    res.writeHead(status);
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
  if (req.method === 'HEAD') {
    await handle.close();
    res.end();
    return;
  }
  try {
    await streamFile(handle.fd, size, res);
    res.end();
  } catch {
    res.destroy(); // the client went away, or the read failed: a short body must not look whole
  } finally {
    await handle.close();
  }
}

const CHUNK_BYTES = 64 * 1024;

/**
 * One buffer per response, read into again only once the socket has taken the last chunk,
 * with callbacks rather than promises: at 100 concurrent downloads the allocations per chunk
 * are what the server's memory is made of. Measured (peak RSS, 100 × the 75 MB export, plain
 * then gzip): a read stream's fresh buffer per chunk 216–259 MB, mostly buffers waiting for
 * the garbage collector; this loop with promises 239 MB, mostly young-generation heap; this
 * loop as it is 103–117 MB, 85 of which the idle server.
 */
function streamFile(fd: number, size: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(size, 1)));
    let position = 0;
    const closed = () => reject(new Error('client went away'));
    res.once('close', closed);
    const written = (error?: Error | null) => (error ? reject(error) : next());
    const read = (error: NodeJS.ErrnoException | null, bytesRead: number) => {
      if (error || bytesRead === 0) return reject(error ?? new Error('file shorter than announced'));
      position += bytesRead;
      res.write(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead), written);
    };
    const next = () => {
      if (position >= size) {
        res.off('close', closed);
        resolve();
      } else fsRead(fd, buffer, 0, Math.min(buffer.length, size - position), position, read);
    };
    next();
  });
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(`${text}\n`);
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache', 'Content-Length': body.length });
  res.end(body);
}

async function handle(live: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, '只支持 GET 和 HEAD 请求。', { Allow: ALLOWED_METHODS });
  const request = normaliseRequestPath(req.url ?? '');
  if (!request) return sendText(res, 400, '请求地址无效。');
  // The search page's own policy (it compiles Pagefind's WebAssembly), however its path is spelled.
  for (const [name, value] of Object.entries(securityHeadersFor(`/${request.segments.join('/')}`))) res.setHeader(name, value);
  let root: string;
  try {
    root = await realpath(live);
  } catch {
    return sendText(res, 503, '站点尚未构建或正在维护，请稍后再试。');
  }
  const { segments } = request;

  // Before anything else, whichever way the URL is spelled: a delisted entry is gone.
  const page = (await gonePages(root)).get(pageKey(segments));
  if (page) {
    const notice = await openInside(root, page);
    if (notice && notice !== 'dir') return sendFile(req, res, 410, notice, page);
    return sendText(res, 410, '该记录已依法撤下。');
  }

  // A compressed copy is an encoding of its file, not a page of its own.
  let target = isPrecompressedCopy(segments.at(-1) ?? '') ? null : await openInside(root, segments);
  let served = segments;
  if (target === 'dir') {
    if (!request.trailingSlash) return sendText(res, 301, '', { Location: pathLocation(segments, true) + request.search });
    served = [...segments, 'index.html'];
    target = await openInside(root, served);
  }
  if (target && target !== 'dir') return sendFile(req, res, 200, target, served);
  const notFound = await openInside(root, ['404.html']);
  if (notFound && notFound !== 'dir') return sendFile(req, res, 404, notFound, ['404.html']);
  return sendText(res, 404, '页面不存在。');
}

export function startServer(out: string, port: number, host = '127.0.0.1') {
  const { live } = layoutOf(path.resolve(out));
  const server = createServer((req, res) => {
    handle(live, req, res).catch((error: NodeJS.ErrnoException) => {
      // The operator sees the code; the client never sees a path or a message.
      console.error(`请求处理失败（${error.code ?? error.name}）`);
      if (!res.headersSent) sendText(res, 500, '服务器内部错误。');
      else res.destroy();
    });
  });
  // A client that stops reading holds a file and a socket: two idle minutes end it.
  server.setTimeout(120_000);
  return new Promise<typeof server>((resolve) => server.listen(port, host, () => resolve(server)));
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist' }, port: { type: 'string', default: '4321' }, host: { type: 'string', default: '127.0.0.1' } } });
  const server = await startServer(values.out!, Number(values.port), values.host);
  const address = server.address() as { port: number };
  console.log(`gongshi 已启动：http://${values.host}:${address.port}/ （Ctrl+C 停止）`);
}
