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
import { read } from '../property/reader.ts';
import { transform, TRANSFORMS } from '../property/scenario.ts';

const runs = Number(process.env.GONGSHI_FUZZ_RUNS ?? 3);
const seed = process.env.GONGSHI_FUZZ_SEED === undefined ? undefined : Number(process.env.GONGSHI_FUZZ_SEED);

test('no sequence of builds of generated content shows a hidden party anywhere, publishes a decided or expired id, miscounts, or breaks the change feed', { timeout: runs * 120_000 }, () =>
  // No shrinking here: each step of it is a sequence of builds. `npm run fuzz` shrinks.
  fc.assert(pipelineProperty(new Keeper()), { numRuns: runs, seed, endOnFailure: true }));

// The oracle is only as good as its reader: whatever disguise the generator puts on a value, and
// however a page or a file encodes the result, the reader must still see the value.
test('the oracle\'s reader sees a name, an ID number, a masked number and a credit code through every disguise the generator applies', () => {
  const values = ['张伟华', '本溪张伟华商贸有限公司', '21050219850315123X', '2105021985****123X', '91210502MA0Y3D8K2L'];
  const encodings: [string, (text: string) => string][] = [
    ['as is', (t) => t],
    ['HTML-escaped', (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')],
    ['as numeric entities', (t) => Array.from(t, (c) => `&#${c.codePointAt(0)};`).join('')],
    ['JSON with \\u escapes', (t) => JSON.stringify(t).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)],
    ['percent-encoded', (t) => encodeURIComponent(t)],
  ];
  fc.assert(fc.property(fc.constantFrom(...values), fc.constantFrom(...TRANSFORMS), fc.boolean(), fc.nat(5), fc.constantFrom(...encodings), (value, how, markdown, variant, [, encode]) => {
    const page = `<p>前文${encode(transform(value, how, markdown, variant))}后文</p>`;
    return read(page).includes(read(value));
  }), { numRuns: 500 });
});
