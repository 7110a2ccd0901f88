// npm run verify -- [--out dist] [--whole] [--content content] [--today YYYY-MM-DD]
// Scans a built site (the live release of --out, or any folder given with --dir) for full ID
// numbers and for the personal data of every entry that must not be public. Exit 1 on any leak.
// --whole scans everything under --out instead: the render cache and the builds' work files
// are copies inside the output folder too.
import path from 'node:path';
import { realpath } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadPublishState } from './lib/publish-state.ts';
import { layoutOf, readLedger } from './lib/release.ts';
import { departuresOf } from './lib/build-state.ts';
import { formatProblem, UnreadableDecisionsError } from './lib/report.ts';
import { formatLeak, publishedCreditCodes, verifyOutput } from './lib/verify-output.ts';
import { todayInChina } from './lib/shared/dates.ts';

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
const { state, sensitive } = await loadPublishState(path.resolve(values.content!), values.today ?? todayInChina(), undefined, departuresOf(await readLedger(layout))).catch((error: unknown) => {
  if (!(error instanceof UnreadableDecisionsError)) throw error;
  for (const problem of error.problems) console.error(formatProblem(problem));
  console.error(`\n✖ ${error.message}`);
  process.exit(1);
});
const { files, leaks } = await verifyOutput(dir, sensitive, publishedCreditCodes(state));
for (const leak of leaks) console.error(formatLeak(leak, dir));
if (leaks.length) {
  console.error(`\n✖ 隐私检查未通过：${dir} 中 ${leaks.length} 处泄露（检查了 ${files} 个文件）。请勿上线该目录。`);
  process.exit(1);
}
console.log(`✓ 隐私检查通过：${files} 个文件，没有完整身份证号码，也没有 ${sensitive.length} 条不公开记录的信息。`);
