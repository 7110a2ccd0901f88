// Watch mode (scripts/watch.ts) publishes on a change and when the day in China turns: the day
// alone changes the list (a listing period ends, an entry held back until its publication
// date becomes public), so a site left to watch mode must not wait for the next file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { watchContent } from '../../scripts/watch.ts';
import type { BuildReport } from '../../scripts/build.ts';
import { AS_OF, contentFolder, idNumber, personRow, removeFolder } from '../fixtures/unit/records.ts';
import { addDays } from '../../scripts/lib/shared/dates.ts';

const exists = (file: string) => access(file).then(() => true, () => false);

test('watch mode publishes the new day without any change to content, so an entry whose publication date it is goes live', async (t) => {
  const tomorrow = addDays(AS_OF, 1);
  const content = await contentFolder({
    'entries/a.json': [personRow(), personRow({ id: 'p-002', name: '钱秀英', gender: '女', idNumber: idNumber('210502', '19800101', '222'), caseNumber: '(2026)辽0502执9号', publishedOn: tomorrow })],
    'site.json': JSON.stringify({ city: '本溪市', sampleData: true }),
  });
  const out = `${content}-out`;
  const logs: string[] = [];
  const reports: BuildReport[] = [];
  let day = AS_OF;
  let dayTurns = 0;
  // The first wait is for the first publication to be checked; later ones are a day long.
  const watcher = watchContent({ content, out, debounceMs: 50, today: () => day, msUntilNextDay: () => (dayTurns++ === 0 ? 300 : 86_400_000), log: (line) => logs.push(line), onPublished: (report) => reports.push(report) });
  t.after(async () => {
    watcher.close();
    await watcher.idle();
    await removeFolder(content);
    await removeFolder(out);
  });
  const entryPage = (id: string) => path.join(out, 'site', 'entry', id, 'index.html');

  await watcher.idle();
  assert.ok(await exists(entryPage('p-001')));
  assert.ok(!(await exists(entryPage('p-002'))), 'not before its publication date');

  day = tomorrow;
  const deadline = Date.now() + 60_000;
  while (!logs.some((line) => line.includes(`新的一天 ${tomorrow}`))) {
    assert.ok(Date.now() < deadline, `no publication for the new day: ${logs.join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await watcher.idle();
  assert.ok(await exists(entryPage('p-002')), `live on its publication date: ${logs.join(' | ')}`);
  assert.match(logs.at(-1)!, /^已上线/);
  assert.equal(dayTurns, 2, 'armed again for the next day after publishing');
  // The process publishes again: the unchanged content files' reads came from its memory.
  const { reads } = reports.at(-1)!;
  assert.ok(reads && reads.kept > 0 && reads.remembered === reads.kept && reads.afresh === 0, JSON.stringify(reads));
});
