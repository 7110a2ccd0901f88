// verify-pieces' head start (refreshKeptVerdicts) in a thread of its own: started by
// verify-output.ts refreshVerdictsAhead with the hidden parties' records, it opens the same
// piece cache, brings the kept verdicts up to the strings hidden now and answers with its counts.
import { parentPort, workerData } from 'node:worker_threads';
import type { SensitiveRecord } from './hidden-parties.ts';
import { PieceCache } from './pieces.ts';
import { matcherOf } from './verify-output.ts';
import { refreshKeptVerdicts } from './verify-pieces.ts';

const { root, version, sensitive, publishedCodes } = workerData as { root: string; version: string; sensitive: SensitiveRecord[]; publishedCodes: string[] };
parentPort!.postMessage(await refreshKeptVerdicts(new PieceCache(root, version), matcherOf(sensitive, new Set(publishedCodes))));
