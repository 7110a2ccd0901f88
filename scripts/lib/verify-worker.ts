// One of verify's scanning threads (verify-output.ts scanInWorkers): builds its own matcher
// from the hidden parties' records it is given once, then scans each batch of files it is sent
// (writing the compressed copies of those it found clean, when asked) and answers with what it
// found. Any error is answered as an error, never as "nothing found".
import { parentPort, workerData } from 'node:worker_threads';
import type { SensitiveRecord } from './hidden-parties.ts';
import { copierOf, type CopyPlan } from './precompress.ts';
import { fileScanner, scanFiles } from './verify-output.ts';

// workerData is a structured clone: the plan's Set of exceptions arrives as a Set.
const { sensitive, publishedCodes, bornBy, copies } = workerData as { sensitive: SensitiveRecord[]; publishedCodes: string[]; bornBy?: string; copies?: CopyPlan & { root: string } };
const scan = fileScanner(sensitive, new Set(publishedCodes), bornBy);
const copy = copies && copierOf(copies.root, copies);
parentPort!.on('message', (files: string[]) => {
  scanFiles(files, scan, copy).then(
    (found) => parentPort!.postMessage({ found: [...found] }),
    (error: unknown) => parentPort!.postMessage({ error: `检查线程读取或扫描文件时出错（${error instanceof Error ? error.message : String(error)}）` }),
  );
});
