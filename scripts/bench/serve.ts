// npm run bench:serve -- [--entries 100000] [--downloads 100] [--out DIR]
// Builds N synthetic entries (or reuses the build in --out), starts scripts/serve.ts on
// 127.0.0.1 in its own process, and runs N concurrent downloads of the biggest export —
// first plain, then gzip — while polling `/` every 100 ms. Prints the server's peak RSS
// (the kernel's VmHWM) and the latency of `/` under that load. Targets at 100,000 entries:
// peak RSS under 300 MB, `/` under 1 s.
import { spawn } from 'node:child_process';
import { readFile, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { buildSite } from '../build.ts';
import { EXPORT_FILES } from '../lib/exports.ts';
import { layoutOf } from '../lib/release.ts';
import { syntheticContent } from './build.ts';
import { median } from './median.ts';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '100000' }, downloads: { type: 'string', default: '100' }, out: { type: 'string' } } });
const downloads = Number(values.downloads);

let dir: string | undefined;
let out = values.out ? path.resolve(values.out) : '';
if (!out || !(await stat(layoutOf(out).live).catch(() => null))) {
  dir = await syntheticContent(Number(values.entries));
  out ||= path.join(dir, 'out');
  const started = performance.now();
  const report = await buildSite({ content: path.join(dir, 'content'), out, today: '2026-11-26', strict: false, quiet: true });
  // The check writes the pages' compressed copies; the precompress stage is the exports' own.
  const seconds = (stage: string) => ((report.stages.find((s) => s.stage === stage)?.ms ?? 0) / 1000).toFixed(1);
  console.log(`build: ${values.entries} entries in ${((performance.now() - started) / 1000).toFixed(1)} s, of which verify and copies ${seconds('verify')} s, the exports' copies ${seconds('precompress')} s`);
} else {
  console.log(`reusing the build in ${out}`);
}

const live = layoutOf(out).live;
const sizes = await Promise.all(EXPORT_FILES.map(async (file) => ({ file, size: (await stat(path.join(live, file))).size })));
const biggest = sizes.sort((a, b) => b.size - a.size)[0]!;
console.log(`biggest export: /${biggest.file}, ${(biggest.size / 1e6).toFixed(1)} MB`);

// The server in its own process, so its memory is its own.
const server = spawn(process.execPath, [path.join(import.meta.dirname, '../serve.ts'), '--out', out, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise<number>((resolve, reject) => {
  server.stdout!.on('data', (chunk: Buffer) => {
    const match = /127\.0\.0\.1:(\d+)/.exec(chunk.toString());
    if (match) resolve(Number(match[1]));
  });
  server.on('exit', (code) => reject(new Error(`serve.ts exited (${code})`)));
});
const peakRssMb = async () => Number(/VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${server.pid}/status`, 'utf8'))![1]) / 1024;

function timeIndex(): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/', agent: false, headers: { 'Accept-Encoding': 'gzip, br' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - started));
    }).on('error', reject).end();
  });
}

// The downloads run on another thread, so that their work does not delay the timing of `/`.
const DOWNLOADER = `
const { request } = require('node:http');
const { workerData, parentPort } = require('node:worker_threads');
const { port, file, count, encoding } = workerData;
let bytes = 0, done = 0, failed = 0;
for (let i = 0; i < count; i++) {
  request({ host: '127.0.0.1', port, path: '/' + file, agent: false, headers: { 'Accept-Encoding': encoding } }, (res) => {
    if (res.statusCode !== 200) failed++;
    res.on('data', (c) => { bytes += c.length; });
    res.on('end', () => { if (++done === count) parentPort.postMessage({ bytes, failed }); });
  }).on('error', () => { failed++; if (++done === count) parentPort.postMessage({ bytes, failed }); }).end();
}`;

const results: string[] = [];
try {
  const idle = [];
  for (let i = 0; i < 10; i++) idle.push(await timeIndex());
  console.log(`/ without load: median ${median(idle).toFixed(1)} ms; server RSS ${(await peakRssMb()).toFixed(0)} MB`);
  for (const encoding of ['identity', 'gzip']) {
    const started = performance.now();
    const worker = new Worker(DOWNLOADER, { eval: true, workerData: { port, file: biggest.file, count: downloads, encoding } });
    const finished = new Promise<{ bytes: number; failed: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    let over = false;
    void finished.then(() => (over = true), () => (over = true));
    const latencies: number[] = [];
    while (!over) {
      latencies.push(await timeIndex());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { bytes, failed } = await finished;
    await worker.terminate();
    const line = `${downloads} × /${biggest.file} (${encoding}): ${(bytes / 1e9).toFixed(2)} GB in ${((performance.now() - started) / 1000).toFixed(1)} s, ${failed} failed; / polled ${latencies.length}× under load: median ${median(latencies).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms; server peak RSS so far ${(await peakRssMb()).toFixed(0)} MB`;
    console.log(line);
    results.push(line);
  }
  const peak = await peakRssMb();
  console.log(`\nbench:serve — ${values.entries} entries: server peak RSS ${peak.toFixed(0)} MB (target < 300 MB)`);
} finally {
  server.kill();
  // The generated content (and the build, unless it was asked to be kept in --out).
  if (dir) await rm(dir, { recursive: true, force: true });
}
