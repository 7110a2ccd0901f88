// npm run build: publish content/ (scripts/lib/publish.ts, the one pipeline: read → decide →
// plan → render → verify → apply).
//   node scripts/build.ts [--content content] [--out dist] [--today YYYY-MM-DD] [--strict] [--full]
// --full renders every page into a new release, whatever changed.
import { parseArgs } from 'node:util';
import { BuildFailure, publish, type PublishOptions, type PublishReport } from './lib/publish.ts';
import { parseIsoDate } from './lib/schema/fields.ts';
import { todayInChina } from './lib/shared/dates.ts';
import { refusal } from './lib/refusals.ts';

export { BuildFailure };
export type BuildOptions = PublishOptions;
export type BuildReport = PublishReport;

/** Publishes; waits while another publication to the same folder runs. */
export const buildSite = publish;

async function main() {
  const { values } = parseArgs({
    options: {
      content: { type: 'string', default: 'content' },
      out: { type: 'string', default: 'dist' },
      today: { type: 'string' },
      strict: { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
    },
  });
  const today = values.today ? parseIsoDate(values.today) : todayInChina();
  if (!today) throw new BuildFailure(refusal('BadToday', { today: values.today! }));
  await buildSite({ content: values.content!, out: values.out!, today, strict: values.strict!, full: values.full! });
}

if (import.meta.main) {
  main().catch((error) => {
    if (error instanceof BuildFailure) console.error(`\n✖ 构建失败：${error.message}`);
    else console.error(error);
    process.exit(1);
  });
}
