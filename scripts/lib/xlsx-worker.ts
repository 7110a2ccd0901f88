// entries.xlsx in a thread of its own (exports.ts, writeExports): write-excel-file builds the
// whole workbook from every entry, about 6 s at 100,000 entries, which would hold up every
// other writer on the publishing thread. Here it runs on the other core. It gets entries.json's
// bytes (already made for that file) and answers with the workbook's bytes; the publishing
// thread writes the file, so a thread that fails never leaves a partial one.
import { parentPort, workerData } from 'node:worker_threads';
import { entriesXlsx, XLSX_WORKER_FAILPOINT } from './exports.ts';
import type { PublishedEntry } from './publish-state.ts';

const { json, modified } = workerData as { json: Uint8Array; modified: string };
if (process.env.GONGSHI_FAILPOINT === XLSX_WORKER_FAILPOINT) throw new Error(`failpoint ${XLSX_WORKER_FAILPOINT}`);
const { entries } = JSON.parse(Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString('utf8')) as { entries: PublishedEntry[] };
// Its own buffer, so it moves to the publishing thread without a copy.
const bytes = new Uint8Array(await entriesXlsx(entries, modified));
parentPort!.postMessage(bytes, [bytes.buffer]);
