// The privacy check that runs at the end of every build, and on its own against any
// output folder: no full ID number, and none of the identifying data of a party who must
// not be public (withheld, minor, not disclosed, decided, expired), in any file —
// compressed copies (.gz, .br) and any other gzip data included, the parts of zip archives
// (XLSX), text in GBK/GB18030 (entries.gbk.csv) and the full-text index's compressed
// fragments and word lists (Pagefind, pagefind-files.ts) included. Files are read as a person
// reads them (reader-text.ts): an ID number in full-width digits, with spaces, hyphens or
// zero-width characters between its digits, letters attached or split by HTML tags is still
// that number, and 張偉 or 张\u200b伟 is still 张伟. What counts as a leak of a hidden party's
// strings is set out at the top of hidden-parties.ts.
// On a large folder the files are scanned in two worker threads (verify-worker.ts), one per
// core: a worker that fails fails the check. Asked to (`copies`), the check also writes each
// file's compressed copies (precompress.ts) from the bytes it read, once it found them clean.
import { isUtf8 } from 'node:buffer';
import { readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { findReadableIdNumbers } from './shared/rules/id-number.ts';
import { todayInChina } from './shared/dates.ts';
import type { PublishState } from './publish-state.ts';
import { StringIndex, type SensitiveRecord } from './hidden-parties.ts';
import { comparable, foldTable, readerTextOfFile } from './reader-text.ts';
import { filesUnder } from './walk.ts';
import { copierOf, copiesToRedo, type CopyPlan } from './precompress.ts';
import { isZip, readZip } from './zip.ts';
import type { PieceCache } from './pieces.ts';
import { sheetText } from './xlsx.ts';
import { pagefindTexts } from './pagefind-files.ts';
import { checkAssembled, redact, type Refreshed, type AssembledCheck, type Finding, type Matcher, type Owner } from './verify-pieces.ts';
import { appendAll } from './arrays.ts';

export interface Leak {
  file: string;
  what: 'fullIdNumber' | 'sensitive';
  /** Entry id whose data was found (for sensitive data). */
  entryId?: string;
  status?: SensitiveRecord['status'];
  /** Shown masked in reports: the report itself must not leak. */
  found: string;
}

/** Text of a file; gzip is decompressed first, known by its magic bytes whatever the file is called. */
export function fileText(bytes: Buffer): string {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes).toString('utf8');
    } catch {
      // Not really gzip: scan the raw bytes.
    }
  }
  return bytes.toString('utf8');
}

/** Files that are binary by nature: never read as GBK text (random bytes would read as Chinese). */
const BINARY_NAME = /\.(png|jpe?g|gif|webp|avif|ico|woff2?|ttf|otf|eot|pdf|wasm|mp4|webm|pagefind)$/i;

/**
 * An XLSX as a spreadsheet shows it: each sheet as xlsx.ts sheetText reads it (a row a line,
 * cells apart, each cell's text in place of the XML around it or of the shared-string number
 * it holds). Every shared string is read too, shown on a sheet or not, and every other part as
 * it is. verify-pieces.ts reads our workbook's sheet the same way, a piece of rows at a time.
 */
function workbookTexts(parts: Map<string, Buffer>): string[] {
  const shared = [...(parts.get('xl/sharedStrings.xml')?.toString('utf8') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => m[1]!);
  const texts = [shared.join(',')];
  for (const [name, part] of parts) {
    if (name === 'xl/sharedStrings.xml') continue;
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) {
      appendAll(texts, readableTexts(name, part));
      continue;
    }
    texts.push(sheetText(part.toString('utf8'), shared));
  }
  return texts;
}

/**
 * The texts a reader could get out of a file: compressed copies decompressed (brotli known by
 * its name, gzip by its magic bytes), every part of a zip archive (an XLSX is a zip of XML),
 * and text that is not UTF-8 also read as GBK (WHATWG's GBK decoder reads GB18030 too).
 */
export function readableTexts(file: string, bytes: Buffer): string[] {
  // The full-text index: each fragment's page text, and every word of the index (pagefind-files.ts).
  const pagefind = pagefindTexts(file, bytes);
  if (pagefind) return pagefind;
  let raw = bytes;
  if (file.endsWith('.br')) {
    try {
      raw = brotliDecompressSync(bytes);
    } catch {
      // Not really brotli: read the bytes as they are.
    }
  } else if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      raw = gunzipSync(bytes);
    } catch {
      // Not really gzip: scan the raw bytes.
    }
  }
  if (isZip(raw)) {
    try {
      const parts = readZip(raw);
      return parts.has('xl/workbook.xml') ? workbookTexts(parts) : [...parts].flatMap(([name, part]) => readableTexts(name, part));
    } catch {
      // A broken archive: its raw bytes are all there is to read.
    }
  }
  const text = raw.toString('utf8');
  // verify-pieces.ts reads the assembled exports' pieces the same way (UTF-8, and GBK where the
  // file is not UTF-8): a change to how a file is read here is a change there.
  if (isUtf8(raw) || BINARY_NAME.test(file.replace(/\.(gz|br)$/, ''))) return [text];
  return [text, new TextDecoder('gbk').decode(raw)];
}

export { redact };

/** Files read at once by one thread: reading overlaps the scanning of the file read before. */
const CONCURRENCY = 32;

/**
 * What one file holds that may be a leak, in the order the file reads. A hidden party's
 * string is kept as found (masked when reported); `record` is its record's place in `sensitive`.
 */
export type { Finding };

/** The matcher of one scan, built once per thread from the hidden parties' records. `bornBy`: see verifyOutput. */
export function fileScanner(sensitive: readonly SensitiveRecord[], publishedCodes: ReadonlySet<string>, bornBy?: string): (file: string, bytes: Buffer) => Finding[] {
  return scannerOf(matcherOf(sensitive, publishedCodes), bornBy);
}

/** The hidden parties' strings, each once in comparable form with the record it is reported for, and the published codes. */
export function matcherOf(sensitive: readonly SensitiveRecord[], publishedCodes: ReadonlySet<string>): Matcher {
  const owner = new Map<string, Owner>();
  sensitive.forEach((record, at) => {
    const identifying = new Set((record.identifying ?? record.strings).map(comparable));
    for (const s of record.strings) {
      const wanted = comparable(s);
      // A string that reads as one character (or nothing) occurs everywhere and identifies no one.
      if (wanted.length < 2) continue;
      const known = owner.get(wanted);
      if (!known || (!known.identifying && identifying.has(wanted))) owner.set(wanted, { record: at, identifying: identifying.has(wanted) });
    }
  });
  // Codes are compared as the scan reads them: upper case, no separators.
  const codes = new Set([...publishedCodes].map((c) => comparable(c).toUpperCase()));
  // One automaton of all strings, in their folded form; files are folded as they are scanned
  // (lower case, traditional as simplified, groups of numbers and codes joined). Measured on a 10,000-entry
  // build: a third of the time of one regular expression matching every spelling.
  const index = new StringIndex<Owner>();
  for (const [s, value] of owner) index.add(s, value);
  return { owner, index, codes, fold: foldTable() };
}

/** A page of the site, or its precompressed copy: read as a page (reader-text.ts `page`). */
const PAGE = /\.html(?:\.gz|\.br)?$/;

function scannerOf({ index, codes, fold }: Matcher, bornBy?: string): (file: string, bytes: Buffer) => Finding[] {
  return (file, bytes) => {
    const findings: Finding[] = [];
    const page = PAGE.test(file);
    for (const raw of readableTexts(file, bytes)) {
      const text = readerTextOfFile(raw, { fold: false, page });
      for (const id of findReadableIdNumbers(text, codes, bornBy)) findings.push({ what: 'fullIdNumber', found: redact(id) });
      // Each occurrence on its own: a string found inside a public one (王建 of 王建华) is asked
      // about separately from one that starts inside it (建华公司).
      index.scan(text, (_at, found, { record }) => findings.push({ what: 'sensitive', record, found }), fold);
    }
    return findings;
  };
}

/**
 * Reads and scans `files`, a few at a time; only the files where something was found are
 * returned. `copy`: called with the bytes of each file where nothing was found.
 */
export async function scanFiles(
  files: Iterable<string> | AsyncIterable<string>,
  scan: (file: string, bytes: Buffer) => Finding[],
  copy?: (file: string, bytes: Buffer) => Promise<unknown>,
): Promise<Map<string, Finding[]>> {
  const found = new Map<string, Finding[]>();
  const running = new Set<Promise<void>>();
  for await (const file of files) {
    const task = readFile(file)
      .then(async (bytes) => {
        const findings = scan(file, bytes);
        if (findings.length) found.set(file, findings);
        else await copy?.(file, bytes);
      })
      .finally(() => running.delete(task));
    running.add(task);
    if (running.size >= CONCURRENCY) await Promise.race(running);
  }
  await Promise.all(running);
  return found;
}

/**
 * Below this many bytes in all, one thread scans: starting a worker (loading the scanner's
 * modules, building its automaton) costs more than it saves.
 */
const PARALLEL_FROM_BYTES = 16 * 1024 * 1024;

/**
 * How many threads scan: GONGSHI_VERIFY_WORKERS when set (0 or 1: this thread alone; any
 * number, whatever the folder's size), otherwise one worker per core up to two.
 */
export function verifyWorkers(setting = process.env.GONGSHI_VERIFY_WORKERS): { count: number; forced: boolean } {
  if (setting === undefined || setting === '') return { count: Math.min(2, os.availableParallelism()), forced: false };
  if (!/^\d+$/.test(setting)) throw new Error(`环境变量 GONGSHI_VERIFY_WORKERS（隐私检查线程数）应为 0 或正整数，现为“${setting}”。请改正或删去它（删去则按处理器核数，最多 2 个）。`);
  return { count: Number(setting), forced: true };
}

/**
 * Compressed files read as about ten times their size (the exports' .gz and .br, the XLSX):
 * the scan's work is in the text, and the largest texts should be given out first.
 */
const COMPRESSED = /\.(gz|br|xlsx|zip)$/i;

/** Every file under `dir` with the bytes of text it is expected to hold, most first (ties in path order, so runs repeat). */
async function filesByWork(dir: string): Promise<{ file: string; work: number; size: number }[]> {
  const sized: { file: string; work: number; size: number }[] = [];
  const running = new Set<Promise<void>>();
  for await (const file of filesUnder(dir)) {
    const task = stat(file)
      .then(({ size }) => void sized.push({ file, work: COMPRESSED.test(file) ? size * 10 : size, size }))
      .finally(() => running.delete(task));
    running.add(task);
    if (running.size >= CONCURRENCY) await Promise.race(running);
  }
  await Promise.all(running);
  return sized.sort((a, b) => b.work - a.work || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** A worker's share at a time: large files alone, small ones together so messages stay few. */
const BATCH_BYTES = 1024 * 1024;
const BATCH_FILES = 256;

/**
 * Scans `files` (most work first) in `count` worker threads, each with its own matcher. The next
 * batch goes to whichever worker is free, so the few very large files (exports, deltas, court
 * feeds) spread over both. Any failure of a worker — an error, a crash, an exit before it has
 * answered — rejects: a scan that did not finish must never read as "no leaks".
 */
export async function scanInWorkers(
  files: readonly { file: string; work: number }[],
  sensitive: readonly SensitiveRecord[],
  publishedCodes: ReadonlySet<string>,
  count: number,
  { bornBy, copies, script = new URL('./verify-worker.ts', import.meta.url) }: { bornBy?: string; copies?: CopyPlan & { root: string }; script?: URL } = {},
): Promise<Map<string, Finding[]>> {
  const found = new Map<string, Finding[]>();
  const workers: Worker[] = [];
  let next = 0;
  const batch = (): string[] => {
    const names: string[] = [];
    let bytes = 0;
    while (next < files.length && names.length < BATCH_FILES && bytes < BATCH_BYTES) {
      bytes += files[next]!.work;
      names.push(files[next++]!.file);
    }
    return names;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (why: string) => {
        if (settled) return;
        settled = true;
        reject(new Error(`隐私检查未能完成：${why}。检查没有做完，不能当作没有泄露；请排查后重新检查。`));
      };
      let busy = 0;
      const give = (worker: Worker, inFlight: { count: number }) => {
        // Two batches at a time once the large files are given out, so a worker does not wait
        // for its next batch of small files; one at a time before, so large files go to the
        // worker that is really free.
        while (!settled && next < files.length && (inFlight.count === 0 || (inFlight.count === 1 && files[next]!.work < BATCH_BYTES))) {
          inFlight.count++;
          busy++;
          worker.postMessage(batch());
        }
        if (!settled && busy === 0 && next >= files.length) {
          settled = true;
          resolve();
        }
      };
      for (let i = 0; i < count; i++) {
        const worker = new Worker(script, { workerData: { sensitive, publishedCodes: [...publishedCodes], bornBy, copies } });
        workers.push(worker);
        const inFlight = { count: 0 };
        worker.on('message', (answer: { found: [string, Finding[]][] } | { error: string }) => {
          if ('error' in answer) return fail(answer.error);
          for (const [file, findings] of answer.found) found.set(file, findings);
          inFlight.count--;
          busy--;
          give(worker, inFlight);
        });
        worker.on('error', (error) => fail(`检查线程出错（${error.message}）`));
        worker.on('messageerror', (error) => fail(`检查线程的结果无法读取（${error.message}）`));
        worker.on('exit', (code) => fail(`检查线程在检查完之前退出（退出码 ${code}）`));
        give(worker, inFlight);
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return found;
}

/** What the head start did (verify-pieces.ts refreshKeptVerdicts), or why it stopped. */
export type AheadResult = Refreshed | { error: string };

/**
 * verify-pieces' head start (refreshKeptVerdicts) in a thread of its own (verify-ahead-worker.ts),
 * started once the hidden parties are known so that it runs beside the plan and the exports: a
 * delisting's or a new day's new strings asked of every kept piece's words off the critical path.
 * Resolves with its counts, or with the error it met: the head start only saves work, and
 * verifyOutput (which must not start before it is done) checks every piece either way.
 */
export function refreshVerdictsAhead(cache: PieceCache, sensitive: readonly SensitiveRecord[], publishedCodes: ReadonlySet<string>): Promise<AheadResult> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./verify-ahead-worker.ts', import.meta.url), { workerData: { root: cache.root, version: cache.version, sensitive, publishedCodes: [...publishedCodes] } });
    let result: AheadResult | undefined;
    worker.on('message', (counts: AheadResult) => (result ??= counts));
    worker.on('error', (error) => (result ??= { error: error.message }));
    // Only once the thread is gone: none of its writes is still under way when verify starts.
    worker.on('exit', (code) => resolve(result ?? { error: `退出码 ${code}` }));
  });
}

/**
 * `publishedCodes`: numbers printed that read as valid ID numbers and are none (publicNumbers):
 * published organisations' credit codes, public by law, and runs the batches' digests hold.
 * `sensitive`: with the strings that are public dropped beforehand (withoutPublicCollisions).
 * `asOf`: the publication date. Eighteen digits born after it, and after today by the clock
 * (a run for a past date must not let through a number of anyone born since), are no one's
 * ID number yet: counts side by side on /stats/ once read as one born in 2051, and refused
 * every publication (delistings too) while those counts stood.
 * Files are scanned in up to two worker threads (verifyWorkers); leaks are reported by file in
 * path order, and within a file in the order it reads.
 * `copies`: write each file's compressed copies (precompress.ts) as `copies` says, from the bytes
 * read, once they are known clean — at once where nothing was found, after the verdict where
 * what was found is no leak. A file that leaks gets none (its release never goes live).
 */
export async function verifyOutput(
  dir: string,
  sensitive: readonly SensitiveRecord[],
  publishedCodes: ReadonlySet<string> = new Set(),
  { assembled, asOf, copies }: { assembled?: AssembledCheck; asOf?: string; copies?: CopyPlan } = {},
): Promise<{ files: number; leaks: Leak[]; scannedBytes: number }> {
  const workers = verifyWorkers();
  let all = await filesByWork(dir);
  if (copies) {
    // Copies made before, beside files that get theirs now: made anew from what the check reads.
    const redo = new Set(copiesToRedo(dir, all.map(({ file }) => file), copies));
    await Promise.all([...redo].map((file) => rm(file)));
    all = all.filter(({ file }) => !redo.has(file));
  }
  // The assembled exports are checked from their pieces (verify-pieces.ts), never read whole here.
  const apart = new Set(Object.keys(assembled?.files ?? {}).map((file) => path.join(dir, file)));
  const files = all.filter(({ file }) => !apart.has(file));
  const fileBytes = files.reduce((sum, { size }) => sum + size, 0);
  const parallel = workers.count > 1 && files.length > 1 && (workers.forced || files.reduce((sum, { work }) => sum + work, 0) >= PARALLEL_FROM_BYTES);
  const matcher = !parallel || assembled ? matcherOf(sensitive, publishedCodes) : undefined;
  const bornBy = asOf === undefined ? undefined : [asOf, todayInChina()].sort().at(-1)!;
  const copy = copies && copierOf(dir, copies);
  const [found, pieces] = await Promise.all([
    parallel
      ? scanInWorkers(files, sensitive, publishedCodes, Math.min(workers.count, files.length), { ...(bornBy === undefined ? {} : { bornBy }), ...(copies ? { copies: { ...copies, root: dir } } : {}) })
      : scanFiles(
          files.map(({ file }) => file),
          scannerOf(matcher!, bornBy),
          copy,
        ),
    assembled ? checkAssembled(assembled, matcher!, scannerOf(matcher!, bornBy)) : undefined,
  ]);
  for (const [file, findings] of pieces?.found ?? []) found.set(path.join(dir, file), findings);
  const leaks: Leak[] = [];
  for (const file of [...found.keys()].sort()) {
    for (const finding of found.get(file)!) {
      if (finding.what === 'fullIdNumber') {
        if (bornBy === undefined || finding.bornOn === undefined || finding.bornOn <= bornBy) leaks.push({ file, what: 'fullIdNumber', found: finding.found });
      } else {
        const record = sensitive[finding.record]!;
        leaks.push({ file, what: 'sensitive', entryId: record.id, status: record.status, found: redact(finding.found) });
      }
    }
  }
  if (copy) {
    // What was found in these files is no leak (a number of someone not yet born): their copies
    // are made now, from the files as they were read. The assembled exports make their own.
    const leaked = new Set(leaks.map((leak) => leak.file));
    for (const file of found.keys()) if (!leaked.has(file) && !apart.has(file)) await copy(file, await readFile(file));
  }
  return { files: all.length, leaks, scannedBytes: fileBytes + (pieces?.scanned ?? 0) };
}

const STATUS_LABEL: Partial<Record<SensitiveRecord['status'], string>> = {
  withheld: '暂缓公开',
  decided: '已屏蔽/撤销/删除',
  expired: '期满',
  invalid: '未通过校验',
};

export function formatLeak(leak: Leak, root: string): string {
  const where = path.relative(root, leak.file);
  return leak.what === 'fullIdNumber'
    ? `✖ ${where}：含完整 18 位身份证号码 ${leak.found}`
    : `✖ ${where}：含不应公开的记录 ${leak.entryId}（${STATUS_LABEL[leak.status!] ?? '不公开'}）的信息 ${leak.found}`;
}

/**
 * The numbers a publication prints that a reader may take for ID numbers and that are none:
 * published credit codes (public by law; some are 18 digits that pass as one), and the runs of
 * eighteen digits that the batch files' SHA-256 digests hold by chance (3 of 4,000,000 random
 * digests; born by a date, rarer still). The digests are the pipeline's own, so content cannot choose a run;
 * only the exact runs they hold are ignored, not hex text in general.
 */
export function publicNumbers(state: Pick<PublishState, 'entries'>): Set<string> {
  const numbers = new Set<string>();
  const digests = new Set<string>();
  for (const e of state.entries) {
    if (e.creditCode) numbers.add(e.creditCode);
    if (e.sourceSha256) digests.add(e.sourceSha256);
  }
  for (const digest of digests) for (const run of findReadableIdNumbers(digest)) numbers.add(run);
  return numbers;
}
