// Property-based test of the whole publishing pipeline: generated content folders with minors,
// undisclosed, future, expired, decided, malformed and case-twin records, odd columns and file
// names, decision files that later vanish or break, and hidden parties' data written into
// published free text in disguise; built 2–3 times into one output folder (buildSite, as
// `npm run build`) with the date moving on. After every build the oracle (tests/property/oracle.ts)
// reads every file under the output folder as a person would and checks the release, the counts
// and the change feed. A failing run keeps its folder and prints it.
//
// A bounded run (GONGSHI_FUZZ_RUNS, default 3; each run is 2–3 builds of a few seconds). Longer:
// `npm run fuzz -- --runs N`, which also shrinks. GONGSHI_FUZZ_SEED replays a seed.
import { test } from 'node:test';
import fc from 'fast-check';
import { Keeper, pipelineProperty } from '../property/pipeline.ts';

const runs = Number(process.env.GONGSHI_FUZZ_RUNS ?? 3);
const seed = process.env.GONGSHI_FUZZ_SEED === undefined ? undefined : Number(process.env.GONGSHI_FUZZ_SEED);

test('no sequence of builds of generated content shows a hidden party anywhere, publishes a decided or expired id, miscounts, or breaks the change feed', { timeout: runs * 120_000 }, () =>
  // No shrinking here: each step of it is a sequence of builds. `npm run fuzz` shrinks.
  fc.assert(pipelineProperty(new Keeper()), { numRuns: runs, seed, endOnFailure: true }));
