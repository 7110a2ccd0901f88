// Property-based tests of the publication rules at their source (loadPublishState), without
// Astro: generated content folders (tests/property/scenario.ts) judged by an oracle written from
// the data contract and issue 9 (tests/property/oracle.ts). Cheap, so many runs, fully shrunk.
// GONGSHI_PROPERTY_RUNS sets the runs per property (default 100, the last one three times that);
// GONGSHI_FUZZ_SEED replays a seed. `npm run fuzz -- --pure --runs N` runs the last one longer.
import { test } from 'node:test';
import fc from 'fast-check';
import { publishStateProperty } from '../property/pipeline.ts';

const runs = Number(process.env.GONGSHI_PROPERTY_RUNS ?? 100);
const seed = process.env.GONGSHI_FUZZ_SEED === undefined ? undefined : Number(process.env.GONGSHI_FUZZ_SEED);
const check = (property: ReturnType<typeof publishStateProperty>, numRuns = runs) => fc.assert(property, { numRuns, seed });
const plain = { maxDecisions: 0, maxMentions: 0, maxCases: 0, twinPercent: 0, upperExtPercent: 0 } as const;

test('a minor is never published: by the age column, by the ID birth date, or 17 on the build date with publishedOn set to their 18th birthday', () =>
  check(publishStateProperty({ ...plain, statuses: ['clean', 'minorByAge', 'minorById', 'turning18'], discloseColumns: ['disclose', '是否公开'] })));

test('a record not to be disclosed is never published, whatever the spelling of 否 and whatever the disclose column is called', () =>
  check(publishStateProperty({ ...plain, statuses: ['clean', 'undisclosed'] })));

test('a record is published from its publishedOn until its listing ends, never before or after', () =>
  check(publishStateProperty({ ...plain, statuses: ['clean', 'future', 'expired', 'expiresLater'], discloseColumns: ['disclose', '是否公开'] })));

test('an entry named by a decision is never published, however the decision file and the entryId are written', () =>
  check(publishStateProperty({ ...plain, statuses: ['clean'], discloseColumns: ['disclose', '是否公开'], maxDecisions: 5 })));

test('two records whose ids differ only in letter case are both withheld', () =>
  check(publishStateProperty({ ...plain, statuses: ['clean'], discloseColumns: ['disclose', '是否公开'], twinPercent: 50 })));

test('on any generated content, every valid adult disclosed current undecided record is published, no other is, and the counts add up', () =>
  check(publishStateProperty(), 3 * runs));
