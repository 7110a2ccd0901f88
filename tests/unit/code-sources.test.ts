// What each "other code" hash covers (scripts/lib/code-sources.ts): no more than the code it
// names, since each makes work that grows with the list when it changes (at 1,000,000 entries
// the search index is rebuilt in minutes, every privacy verdict made again in 12).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readerSources } from '../../scripts/lib/code-sources.ts';
import { OUTPUT_KEYS, SEARCH_INDEXER } from '../../scripts/lib/publish.ts';
import { CHECKING_CODE } from '../../scripts/lib/verify-pieces.ts';
import { READER_MODULES } from '../../scripts/lib/read-cache.ts';
import { ROOT } from '../fixtures/unit/records.ts';

test('the search index\'s tokens, the output keys and the privacy verdicts are not versioned by the code that reads content files: a change to how a batch is read rebuilds none of them', async () => {
  // The modules only reading does (the shared rules and helpers they import are shared by all).
  const reading = (file: string) => /^scripts\/lib\/(ingest\/.*|read-cache\.ts|publish-state\.ts)$/.test(path.relative(ROOT, file).split(path.sep).join('/'));
  assert.ok(READER_MODULES.every(reading));
  for (const [what, roots] of [['the search index', [SEARCH_INDEXER]], ['the output keys', [OUTPUT_KEYS]], ['the privacy verdicts', CHECKING_CODE]] as const) {
    const versioned = [...(await readerSources(roots)).files.keys()];
    assert.deepEqual(versioned.filter(reading).map((file) => path.relative(ROOT, file)), [], what);
  }
});
