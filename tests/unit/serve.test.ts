// scripts/serve.ts faces the internet: each test is one attack on a real server, on a free
// port on 127.0.0.1, serving a small release with traps around it — a secret beside the
// release, a symlink out of it, an older release next door whose name extends the live one's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { startServer } from '../../scripts/serve.ts';
import { SECURITY_HEADERS, WASM_PAGE_SECURITY_HEADERS } from '../../scripts/lib/security-headers.ts';
import { headersFile, nginxSecurityHeaders, writeDeploymentFiles } from '../../scripts/lib/deployment-files.ts';
import type { BuildState } from '../../scripts/lib/build-state.ts';
import { writeCopies } from '../../scripts/lib/precompress.ts';
import { filesUnder } from '../../scripts/lib/walk.ts';

const SECRET = 'root:x:0:0:secret-outside-the-release';
const SIBLING_SECRET = 'an older release that still names 赵建国';
const NOTICE = '本条信息已依法屏蔽';
/** Text enough to be worth compressing, different on every line so that it does not shrink to nothing. */
const BIG_JSON = JSON.stringify(Array.from({ length: 3000 }, (_, i) => ({ id: `p-${i}`, court: '本溪市平山区人民法院', n: i * 7919 })));

let base: string;
let release: string;
let port: number;
let close: () => Promise<void>;

before(async () => {
  base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'gongshi-serve-')));
  const out = path.join(base, 'out');
  release = path.join(out, 'releases', 'r1');
  const files: Record<string, string> = {
    'index.html': '<!doctype html><title>首页</title>',
    '404.html': '<!doctype html><title>页面不存在</title>',
    'entry/p-1/index.html': '<!doctype html><title>赵建国</title>',
    'entry/gone-1/index.html': `<!doctype html><title>${NOTICE}</title>`,
    '_gone.json': JSON.stringify(['/entry/gone-1/']),
    'data/big.json': BIG_JSON,
    'evil.example/index.html': '<!doctype html><title>a folder named like a host</title>',
    '\\evil.example/index.html': '<!doctype html><title>a folder whose name starts with a backslash</title>',
  };
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(release, file)), { recursive: true });
    await writeFile(path.join(release, file), text);
  }
  // Traps: a secret outside, a link to it and to a folder outside, an older release beside.
  await writeFile(path.join(base, 'secret.txt'), SECRET);
  await mkdir(path.join(base, 'outside'));
  await writeFile(path.join(base, 'outside', 'index.html'), SECRET);
  await symlink(path.join(base, 'secret.txt'), path.join(release, 'leak.txt'));
  await symlink('../../../outside', path.join(release, 'outside'));
  await symlink('../r1-old/secret.html', path.join(release, 'old.html'));
  await mkdir(path.join(out, 'releases', 'r1-old'), { recursive: true });
  await writeFile(path.join(out, 'releases', 'r1-old', 'secret.html'), SIBLING_SECRET);
  await symlink(path.join('releases', 'r1'), path.join(out, 'site'));
  for await (const file of filesUnder(release)) await writeCopies(file, await readFile(file));

  const server = await startServer(out, 0);
  port = (server.address() as AddressInfo).port;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});

after(async () => {
  await close();
  await rm(base, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** The request target is sent exactly as given: no client-side normalising of dots, slashes or escapes. */
function get(target: string, options: { method?: string; headers?: Record<string, string>; port?: number } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: options.port ?? port, method: options.method ?? 'GET', path: target, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a symlink inside the release that points outside is not served', async () => {
  // old.html leads to the release beside, whose path starts with this one's: `/srv/r1-old` vs `/srv/r1`.
  for (const target of ['/leak.txt', '/outside/', '/outside/index.html', '/old.html']) {
    const answer = await get(target);
    assert.equal(answer.status, 404, target);
    assert.ok(!answer.body.toString().includes(SECRET) && !answer.body.toString().includes(SIBLING_SECRET), target);
  }
});

test('a folder beside the release is not reached through an encoded dot segment', async () => {
  // `/srv/r1-old` starts with `/srv/r1`: a containment check without the separator lets it through.
  for (const target of ['/..%2fr1-old/secret.html', '/%2e%2e/r1-old/secret.html', '/..%2f..%2f..%2fsecret.txt', '/..%5cr1-old/secret.html', '/%2E%2E%2Fr1-old%2Fsecret.html']) {
    const answer = await get(target);
    assert.notEqual(answer.status, 200, target);
    assert.ok(!answer.body.toString().includes(SIBLING_SECRET) && !answer.body.toString().includes(SECRET), target);
  }
});

test('every URL form of a delisted entry answers 410', async () => {
  const forms = [
    '/entry/gone-1/', '/entry/gone-1', '/entry/gone-1/index.html', '/entry//gone-1/', '//entry/gone-1/',
    '/entry/%67one-1/', '/entry/gone-%31/index.html', '/entry%2fgone-1/', '/./entry/gone-1/', '/entry/p-1/../gone-1/',
    '/entry/gone-1/.', '/entry/gone-1/?from=search', '/ENTRY/GONE-1/', '/entry/gone-1//index.html',
  ];
  for (const form of forms) {
    const answer = await get(form);
    assert.equal(answer.status, 410, form);
    assert.match(answer.body.toString(), new RegExp(NOTICE), form);
    assert.equal((await get(form, { method: 'HEAD' })).status, 410, `HEAD ${form}`);
  }
  assert.equal((await get('/entry/p-1/')).status, 200, 'a listed entry is still served');
});

test('a POST answers 405', async () => {
  for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
    const answer = await get('/', { method });
    assert.equal(answer.status, 405, method);
    assert.equal(answer.headers.allow, 'GET, HEAD', method);
  }
  const head = await get('/', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
});

test('a malformed URL answers 400 without a filesystem path', async () => {
  for (const target of ['/%E0%A4%A', '/%', '/entry/%zz/', '/a%00b', 'http://evil.example/', '*']) {
    const answer = await get(target);
    assert.equal(answer.status, 400, target);
    assert.ok(!answer.body.toString().includes(base) && !answer.body.toString().includes(os.tmpdir()), target);
  }
});

test('no error answer shows a filesystem path, not even when nothing is built yet', async () => {
  const empty = path.join(base, 'never-built');
  const server = await startServer(empty, 0);
  try {
    const answer = await get('/', { port: (server.address() as AddressInfo).port });
    assert.equal(answer.status, 503);
    assert.ok(!answer.body.toString().includes(empty) && !answer.body.toString().includes(os.tmpdir()));
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  for (const target of ['/no/such/page', '/leak.txt']) {
    const body = (await get(target)).body.toString();
    assert.ok(!body.includes(base), target);
  }
});

test('no response redirects to another host', async () => {
  const targets = ['/.//evil.example/..', '//evil.example', '/.//evil.example', '///evil.example', '/%2F%2Fevil.example', '/\\evil.example', '/%5Cevil.example', '/%5C%5Cevil.example', '/./%5Cevil.example', '/entry', '/data'];
  let redirects = 0;
  for (const target of targets) {
    const answer = await get(target);
    const location = answer.headers.location;
    if (answer.status >= 300 && answer.status < 400) {
      redirects++;
      assert.equal(typeof location, 'string', target);
      // A browser reads `//x` and `/\x` as another host: only a single `/` followed by neither is a path here.
      assert.match(location as string, /^\/(?![/\\])/, `${target} → ${location}`);
      assert.equal(new URL(location as string, 'http://gongshi.invalid/').host, 'gongshi.invalid', `${target} → ${location}`);
    } else {
      assert.equal(location, undefined, target);
    }
  }
  assert.ok(redirects >= 4, 'folders asked for without their slash are redirected, so the redirects were exercised');
});

test('responses carry the security headers', async () => {
  const answers = {
    page: await get('/'),
    compressed: await get('/data/big.json', { headers: { 'Accept-Encoding': 'gzip' } }),
    missing: await get('/no/such/page'),
    gone: await get('/entry/gone-1/'),
    method: await get('/', { method: 'POST' }),
    malformed: await get('/%'),
    redirect: await get('/entry'),
  };
  for (const [kind, answer] of Object.entries(answers)) {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(answer.headers[name.toLowerCase()], value, `${kind}: ${name}`);
  }
  assert.match(SECURITY_HEADERS['Content-Security-Policy']!, /frame-ancestors 'none'/);
  assert.doesNotMatch(SECURITY_HEADERS['Content-Security-Policy']!, /script-src[^;]*unsafe-inline/);
  // The search page alone may compile WebAssembly (Pagefind), however its path is spelled; its script files may not.
  for (const spelling of ['/search/', '/search', '/search/index.html', '/search/./', '/x/../search/']) {
    assert.equal((await get(spelling)).headers['content-security-policy'], WASM_PAGE_SECURITY_HEADERS['Content-Security-Policy'], spelling);
  }
  for (const other of ['/pagefind/pagefind.js', '/search/i/manifest.json', '/searching/']) {
    assert.equal((await get(other)).headers['content-security-policy'], SECURITY_HEADERS['Content-Security-Policy'], other);
  }
});

test('a gzip-accepting client gets the precompressed file, not one compressed per request', async () => {
  const plain = path.join(release, 'data/big.json');
  const gz = await readFile(`${plain}.gz`);
  const answer = await get('/data/big.json', { headers: { 'Accept-Encoding': 'gzip, deflate' } });
  assert.equal(answer.status, 200);
  assert.equal(answer.headers['content-encoding'], 'gzip');
  assert.equal(answer.headers.vary, 'Accept-Encoding');
  assert.equal(Number(answer.headers['content-length']), gz.length);
  assert.deepEqual(answer.body, gz, 'the very bytes written at build time');
  assert.equal(gunzipSync(answer.body).toString(), BIG_JSON);

  // A compressed copy that says something else proves which one is sent.
  const marker = gzipSync(Buffer.from('["written at build time"]'));
  await writeFile(`${plain}.gz`, marker);
  try {
    assert.deepEqual((await get('/data/big.json', { headers: { 'Accept-Encoding': 'gzip' } })).body, marker);
  } finally {
    await writeFile(`${plain}.gz`, gz);
  }

  const br = await get('/data/big.json', { headers: { 'Accept-Encoding': 'gzip, br' } });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(brotliDecompressSync(br.body).toString(), BIG_JSON);
  for (const refusing of ['', 'identity', 'gzip;q=0, br;q=0', '*;q=0']) {
    const identity = await get('/data/big.json', { headers: { 'Accept-Encoding': refusing } });
    assert.equal(identity.headers['content-encoding'], undefined, refusing);
    assert.equal(identity.body.toString(), BIG_JSON, refusing);
    assert.equal(Number(identity.headers['content-length']), Buffer.byteLength(BIG_JSON), refusing);
  }
});

test('a compressed copy older than its file is never sent, nor one asked for by its own name', async () => {
  const plain = path.join(release, 'data/big.json');
  const later = new Date(Date.now() + 60_000);
  await utimes(plain, later, later);
  const answer = await get('/data/big.json', { headers: { 'Accept-Encoding': 'gzip, br' } });
  assert.equal(answer.headers['content-encoding'], undefined);
  assert.equal(answer.body.toString(), BIG_JSON);
  assert.equal((await get('/data/big.json.gz')).status, 404);
  assert.equal((await get('/data/big.json.br')).status, 404);
});

test('the release _headers file and the nginx snippet carry exactly the security headers', async () => {
  const headers = headersFile();
  assert.match(headers, /^\/\*\n/);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.ok(headers.includes(`  ${name}: ${value}\n`), name);
  // deploy/security-headers.conf is what nginx includes; it must not drift from the one source.
  const snippet = await readFile(new URL('../../deploy/security-headers.conf', import.meta.url), 'utf8');
  assert.equal(snippet.split('\n').filter((l) => l.startsWith('add_header')).join('\n') + '\n', nginxSecurityHeaders());
  const conf = await readFile(new URL('../../deploy/nginx.conf', import.meta.url), 'utf8');
  // nginx drops the server's add_header in a location with its own: each such location includes the snippet again.
  for (const location of conf.split(/\n\s*location /).slice(1)) {
    if (location.includes('add_header')) assert.match(location, /include \S*security-headers(-search)?\.conf;/, location.split('\n')[0]);
  }
  // The search page's own policy: in _headers for both spellings, after the general rule (on Netlify the later rule's
  // value wins; the `^/*` match above keeps the general one first), detaching it (Cloudflare Pages), and in its nginx snippet.
  const wasmPolicy = WASM_PAGE_SECURITY_HEADERS['Content-Security-Policy']!;
  assert.match(wasmPolicy, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.equal(wasmPolicy.replace(" 'wasm-unsafe-eval'", ''), SECURITY_HEADERS['Content-Security-Policy'], 'the search page\'s policy adds wasm and nothing else');
  for (const page of ['/search/', '/search/index.html']) assert.ok(headers.includes(`\n${page}\n  ! Content-Security-Policy\n  Content-Security-Policy: ${wasmPolicy}\n`), page);
  const searchSnippet = await readFile(new URL('../../deploy/security-headers-search.conf', import.meta.url), 'utf8');
  assert.equal(searchSnippet.split('\n').filter((l) => l.startsWith('add_header')).join('\n') + '\n', nginxSecurityHeaders('', WASM_PAGE_SECURITY_HEADERS));
  assert.match(conf, /location ~ \^\/search\/\(index\\\.html\)\?\$ \{[^}]*include \S*security-headers-search\.conf;/);
  assert.match(conf, /gzip_static on;/);
});

test('the release tells nginx to answer 410 for every spelling of a delisted entry it does not normalise itself', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gongshi-deploy-'));
  try {
    await writeDeploymentFiles(dir, { gone: [{ id: 'gone-1' }] } as unknown as BuildState);
    const conf = await readFile(path.join(dir, 'nginx-gone.conf'), 'utf8');
    for (const spelling of ['/entry/gone-1', '/entry/gone-1/', '/entry/gone-1/index.html']) assert.ok(conf.includes(`location = ${spelling} { return 410; }`), spelling);
    // The notice page is the body, with the security headers: a location with add_header of its own repeats them.
    assert.match(conf, /error_page 410 @gone;/);
    assert.ok(conf.includes(nginxSecurityHeaders('  ')));
    assert.equal(await readFile(path.join(dir, '_headers'), 'utf8'), headersFile());
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a download cut off midway ends quietly and the server goes on answering', async () => {
  await new Promise<void>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/data/big.json', headers: { 'Accept-Encoding': 'identity' } }, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.on('error', () => {});
    req.on('close', resolve);
    req.end();
    setTimeout(() => reject(new Error('no first chunk')), 5000).unref();
  });
  for (let i = 0; i < 3; i++) assert.equal((await get('/data/big.json')).body.toString(), BIG_JSON);
});
