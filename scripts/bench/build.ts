// npm run bench -- --entries 10000 [--runs 3]
// Generates N synthetic entries in a temp folder, runs the full build (validate → Astro →
// search index → verify → publish) and prints wall time and peak memory of each stage.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildSite, type BuildReport } from '../build.ts';
import { writeSyntheticContent } from '../generate-sample.ts';

export async function syntheticContent(n: number): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `gongshi-bench-${n}-`));
  const content = path.join(dir, 'content');
  await writeSyntheticContent(content, { entries: n, seed: 20181107 });
  await cp(new URL('../../content/measures/catalog.json', import.meta.url), path.join(content, 'measures', 'catalog.json'));
  await writeFile(path.join(content, 'site.json'), JSON.stringify({ city: '本溪市', sampleData: true }));
  return dir;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

if (import.meta.main) {
  // Parsed here, not on import: other benches import syntheticContent with options of their own.
  const { values } = parseArgs({ options: { entries: { type: 'string', default: '1000' }, runs: { type: 'string', default: '1' }, keep: { type: 'boolean', default: false } } });
  const entries = Number(values.entries);
  const runs = Number(values.runs);
  const dir = await syntheticContent(entries);
  const reports: BuildReport[] = [];
  for (let run = 1; run <= runs; run++) {
    const out = path.join(dir, `out-${run}`);
    const started = performance.now();
    const report = await buildSite({ content: path.join(dir, 'content'), out, today: '2026-11-26', strict: false, quiet: true });
    console.log(`run ${run}/${runs}: ${((performance.now() - started) / 1000).toFixed(1)} s total, ${report.counts.published} published`);
    reports.push(report);
    await rm(out, { recursive: true, force: true });
  }
  console.log(`\nbench: ${entries} entries, ${runs} run(s), median wall time and peak memory per stage`);
  console.log('stage       wall (s)   peak RSS (MB)');
  for (const stage of reports[0]!.stages.map((s) => s.stage)) {
    const of = reports.map((r) => r.stages.find((s) => s.stage === stage)!);
    console.log(`${stage.padEnd(10)} ${(median(of.map((s) => s.ms)) / 1000).toFixed(1).padStart(9)}   ${Math.round(median(of.map((s) => s.maxRssMb))).toString().padStart(13)}`);
  }
  console.log(`${'total'.padEnd(10)} ${(median(reports.map((r) => r.stages.reduce((n, s) => n + s.ms, 0))) / 1000).toFixed(1).padStart(9)}`);
  if (!values.keep) await rm(dir, { recursive: true, force: true });
}
