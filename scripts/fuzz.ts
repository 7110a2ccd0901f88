// npm run fuzz: the property-based test of the whole publishing pipeline (tests/property/), run
// longer than `npm test` does. Each run generates a content folder, builds it 1–3 times into one
// output folder with the date and decision files changing, and checks the output against the
// rules (see tests/property/oracle.ts). On a failure it shrinks the scenario, then prints the
// seed, the path to replay it and the folder it kept (content of every build, output, logs).
//
//   node scripts/fuzz.ts [--runs 20] [--seed N] [--path P] [--shrink-minutes 10] [--pure] [--focus all|decisions|mentions|disguises|records] [--max-entries 12]
//   --pure: loadPublishState only (no Astro), hundreds of runs a minute
//   --focus: narrower scenarios, to find and shrink one kind of failure at a time
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { Keeper, pipelineProperty, publishStateProperty } from '../tests/property/pipeline.ts';
import type { ScenarioOptions } from '../tests/property/scenario.ts';

/** Narrower scenarios, to find (and shrink to) one kind of failure at a time. */
const FOCUS: Record<string, ScenarioOptions> = {
  all: {},
  // Decisions only, written plainly, then deleted, truncated or given a bad row in later builds.
  decisions: { statuses: ['clean', 'expiresLater'], twinPercent: 0, upperExtPercent: 0, decisionUpperExtPercent: 0, discloseColumns: ['disclose', '是否公开'], maxMentions: 0, maxCases: 0, idForms: ['exact'], badRowPercent: 0, minBuilds: 2 },
  // Hidden parties' data in published free text (entries and cases), in every disguise.
  mentions: { statuses: ['clean', 'undisclosed', 'minorByAge', 'malformed'], twinPercent: 0, upperExtPercent: 0, discloseColumns: ['disclose', '是否公开'], maxDecisions: 0, maxMentions: 4, maxCases: 2, minBuilds: 1, maxBuilds: 1 },
  // The same, disguised: what a scan for the exact strings misses.
  disguises: { statuses: ['clean', 'undisclosed', 'minorByAge', 'malformed'], twinPercent: 0, upperExtPercent: 0, discloseColumns: ['disclose', '是否公开'], maxDecisions: 0, maxMentions: 4, maxCases: 2, minBuilds: 1, maxBuilds: 1, transforms: ['fullWidth', 'zeroWidth', 'space', 'hyphen', 'nbsp', 'dot', 'tags', 'traditional', 'letters'] },
  // Records and columns only: the publication rules, without decisions or mentions.
  records: { maxDecisions: 0, maxMentions: 0, maxCases: 0, minBuilds: 1, maxBuilds: 2 },
};

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '20' },
      seed: { type: 'string' },
      path: { type: 'string' },
      'shrink-minutes': { type: 'string', default: '10' },
      'max-entries': { type: 'string', default: '12' },
      pure: { type: 'boolean', default: false },
      focus: { type: 'string', default: 'all' },
    },
  });
  const runs = Number(values.runs);
  const shrinkMinutes = Number(values['shrink-minutes']);
  const seed = values.seed === undefined ? Date.now() ^ (Math.random() * 0x100000000) : Number(values.seed);
  const maxEntries = Number(values['max-entries']);
  const focus = FOCUS[values.focus!];
  if (!focus) throw new Error(`--focus ${values.focus}: one of ${Object.keys(FOCUS).join(', ')}`);
  const keeper = new Keeper();
  const property = values.pure ? publishStateProperty({ maxEntries, ...focus, minBuilds: 1, maxBuilds: 1 }) : pipelineProperty(keeper, { maxEntries, ...focus });
  console.log(`fuzz: ${values.pure ? 'loadPublishState' : 'full builds'}, focus ${values.focus}, ${runs} run(s), seed ${seed}${values.path ? `, path ${values.path}` : ''}`);
  const started = performance.now();
  const details = await fc.check(property as fc.IAsyncProperty<unknown>, {
    numRuns: runs,
    seed,
    path: values.path,
    endOnFailure: shrinkMinutes <= 0,
    // Shrinking repeats whole build sequences; stop it after the budget and report the smallest so far.
    interruptAfterTimeLimit: shrinkMinutes > 0 ? shrinkMinutes * 60_000 + runs * 120_000 : undefined,
    markInterruptAsFailure: false,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  if (!details.failed) {
    console.log(`✔ ${details.numRuns} run(s) passed in ${seconds} s${details.interrupted ? ' (stopped at the time limit)' : ''}.`);
    return;
  }
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  console.error(`\n✖ failed after ${details.numRuns} run(s), ${details.numShrinks} shrink(s), ${seconds} s${details.interrupted ? ' (shrinking stopped at the time limit)' : ''}.`);
  console.error(`  replay: npm run fuzz -- ${values.pure ? '--pure ' : ''}--focus ${values.focus} --seed ${details.seed} --path "${details.counterexamplePath}" --runs 1 --shrink-minutes 0`);
  if (keeper.kept) console.error(`  kept: ${keeper.kept} (content-<k>/ per build, out/, build-<k>.log, scenario.json, violations.txt)`);
  console.error(`\n${error}`);
  process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
