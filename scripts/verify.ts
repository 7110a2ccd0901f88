// npm run verify -- [--out dist] [--whole] [--content content] [--today YYYY-MM-DD]
// Scans a built site (the live release of --out, or any folder given with --dir) for full ID
// numbers and for the personal data of every entry that must not be public. Exit 1 on any leak.
// --whole scans everything under --out instead: the work files and the exports' pieces are
// copies inside the output folder too. Not the read cache (.read-cache): it mirrors content/,
// which keeps every batch as received, withheld parties included, and is never served.
// In the kept renderer (kept-renderer.ts), bundled code, only a non-public party's data counts:
// its doc comments show valid example ID numbers.
import path from 'node:path';
import { readdir, realpath } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadPublishState } from './lib/publish-state.ts';
import { layoutOf, readLedger } from './lib/release.ts';
import { departuresOf } from './lib/build-state.ts';
import { formatProblem, UnreadableDecisionsError } from './lib/report.ts';
import { formatLeak, publicNumbers, verifyOutput, type Leak } from './lib/verify-output.ts';
import { READ_CACHE_FOLDER } from './lib/read-cache.ts';
import { isCodeExample } from './lib/kept-renderer.ts';
import { todayInChina } from './lib/shared/dates.ts';
import { parseIsoDate } from './lib/schema/fields.ts';
import { refusal } from './lib/refusals.ts';
import { appendAll } from './lib/arrays.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'dist' },
    whole: { type: 'boolean', default: false },
    dir: { type: 'string' },
    content: { type: 'string', default: 'content' },
    today: { type: 'string' },
  },
});
const dir = values.dir ? path.resolve(values.dir) : values.whole ? path.resolve(values.out!) : await realpath(layoutOf(path.resolve(values.out!)).live);
const layout = layoutOf(path.resolve(values.out!));
// Those the feed took down for good are hidden too, whatever content/ says now.
const today = values.today ? parseIsoDate(values.today) : todayInChina();
if (!today) {
  console.error(`✖ ${refusal('BadToday', { today: values.today! }).message}`);
  process.exit(1);
}
const { state, sensitive } = await loadPublishState(path.resolve(values.content!), today, undefined, departuresOf(await readLedger(layout))).catch((error: unknown) => {
  if (!(error instanceof UnreadableDecisionsError)) throw error;
  for (const problem of error.problems) console.error(formatProblem(problem));
  console.error(`\n✖ ${error.message}`);
  process.exit(1);
});
const roots = values.whole && !values.dir
  ? (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory() && d.name !== READ_CACHE_FOLDER).map((d) => path.join(dir, d.name))
  : [dir];
let files = 0;
const leaks: Leak[] = [];
for (const root of roots) {
  const found = await verifyOutput(root, sensitive, publicNumbers(state), { asOf: state.asOf });
  files += found.files;
  appendAll(leaks, found.leaks.filter((leak) => !isCodeExample(leak, layout.keptRenderers)));
}
for (const leak of leaks) console.error(formatLeak(leak, dir));
if (leaks.length) {
  console.error(`\n✖ ${refusal('PrivacyCheckFailed', { leaks: leaks.length, files, dir }).message}`);
  process.exit(1);
}
console.log(`✓ 隐私检查通过：${files} 个文件，没有完整身份证号码，也没有 ${sensitive.length} 条不公开记录的信息。`);
