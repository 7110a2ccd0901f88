// Stage: build the Pagefind index from the published state, one custom record per entry.
// Custom records (not HTML scraping) so that exactly the published entries are indexed,
// with tokens designed for exact name matching (see scripts/lib/search/).
import { readFile } from 'node:fs/promises';
import * as pagefind from 'pagefind';
import type { BuildState } from '../lib/build-state.ts';
import { searchRecordOf } from '../lib/search/record.ts';
import { childrenPeakRssKb, reportStage } from '../lib/stage.ts';

const [statePath, outputPath] = process.argv.slice(2);
if (!statePath || !outputPath) throw new Error('usage: pagefind.ts <state.json> <output dir>');
const state = JSON.parse(await readFile(statePath, 'utf8')) as BuildState;

function check(errors: string[], what: string) {
  if (errors.length) throw new Error(`Pagefind could not ${what}:\n${errors.join('\n')}`);
}

let indexed = 0;
let binaryPeakKb = 0;
try {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'zh', writePlayground: false });
  check(errors, 'create an index');
  if (!index) throw new Error('Pagefind returned no index');
  // state.entries is newest first; the index keeps this order for searches without words.
  for (const entry of state.entries) {
    const record = searchRecordOf(entry, `/entry/${encodeURIComponent(entry.id)}/`);
    const added = await index.addCustomRecord(record);
    check(added.errors, `index entry ${entry.id}`);
    indexed++;
  }
  check((await index.writeFiles({ outputPath })).errors, `write ${outputPath}`);
  binaryPeakKb = childrenPeakRssKb();
} finally {
  await pagefind.close();
}
await reportStage({ indexed }, binaryPeakKb);
process.exit(0);
