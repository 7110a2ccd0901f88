// npm run fuzz: the property-based test of the whole publishing pipeline (tests/property/), run
// longer than `npm test` does. Each run generates a content folder, builds it 1–3 times into one
// output folder with the date and decision files changing, and checks the output against the
// rules (see tests/property/oracle.ts). On a failure it shrinks the scenario, then prints the
// seed, the path to replay it and the folder it kept (content of every build, output, logs).
//
//   node scripts/fuzz.ts [--runs 20] [--seed N] [--path P] [--shrink-minutes 10] [--pure] [--max-entries 12]
//   --pure: loadPublishState only (no Astro), hundreds of runs a minute
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { Keeper, pipelineProperty, publishStateProperty } from '../tests/property/pipeline.ts';

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '20' },
      seed: { type: 'string' },
      path: { type: 'string' },
      'shrink-minutes': { type: 'string', default: '10' },
      'max-entries': { type: 'string', default: '12' },
      pure: { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  const shrinkMinutes = Number(values['shrink-minutes']);
  const seed = values.seed === undefined ? Date.now() ^ (Math.random() * 0x100000000) : Number(values.seed);
  const maxEntries = Number(values['max-entries']);
  const keeper = new Keeper();
  const property = values.pure ? publishStateProperty({ maxEntries }) : pipelineProperty(keeper, { maxEntries });
  console.log(`fuzz: ${values.pure ? 'loadPublishState' : 'full builds'}, ${runs} run(s), seed ${seed}${values.path ? `, path ${values.path}` : ''}`);
  const started = performance.now();
  let done = 0;
  const details = await fc.check(property as fc.IAsyncProperty<unknown>, {
    numRuns: runs,
    seed,
    path: values.path,
    endOnFailure: shrinkMinutes <= 0,
    // Shrinking repeats whole build sequences; stop it after the budget and report the smallest so far.
    interruptAfterTimeLimit: shrinkMinutes > 0 ? shrinkMinutes * 60_000 + runs * 120_000 : undefined,
    markInterruptAsFailure: false,
    reporter: () => {},
    asyncReporter: undefined,
    verbose: 0,
  });
  done = details.numRuns;
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  if (!details.failed) {
    console.log(`✔ ${done} run(s) passed in ${seconds} s${details.interrupted ? ' (stopped at the time limit)' : ''}.`);
    return;
  }
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  console.error(`\n✖ failed after ${details.numRuns} run(s), ${details.numShrinks} shrink(s), ${seconds} s${details.interrupted ? ' (shrinking stopped at the time limit)' : ''}.`);
  console.error(`  replay: npm run fuzz -- ${values.pure ? '--pure ' : ''}--seed ${details.seed} --path "${details.counterexamplePath}" --runs 1 --shrink-minutes 0`);
  if (keeper.kept) console.error(`  kept: ${keeper.kept} (content-<k>/ per build, out/, build-<k>.log, scenario.json, violations.txt)`);
  console.error(`\n${error}`);
  process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
