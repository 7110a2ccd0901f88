// Reading JSON exports too large to be one string (scripts/lib/json-stream.ts), and
// verify-download's check of such a file against its schema a piece at a time: the same verdict
// as parsing it whole, on generated documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { arrayItems, withArraysEmptied } from '../../scripts/lib/json-stream.ts';
import { schemaCheckerFor } from '../../scripts/verify-download.ts';

const bytesOf = (text: string) => new TextEncoder().encode(text);

async function itemsOf(bytes: Uint8Array, key: string): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const item of arrayItems(bytes, key)) items.push(item);
  return items;
}

test('the elements of a top-level array and the rest of the document read as JSON.parse reads them, for any document', async () => {
  await fc.assert(
    fc.asyncProperty(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), async (doc, key) => {
      const bytes = bytesOf(JSON.stringify(doc));
      const parsed = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
      const value = parsed[key];
      assert.deepEqual(await itemsOf(bytes, key), Array.isArray(value) ? value : []);
      const rest = Array.isArray(value) ? { ...parsed, [key]: [] } : parsed;
      assert.deepEqual(await withArraysEmptied(bytes, [key]), rest);
    }),
    { numRuns: 300 },
  );
});

test('reading stops when the loop does, and a document cut short is an error', async () => {
  const bytes = bytesOf(JSON.stringify({ entries: Array.from({ length: 10_000 }, (_, i) => ({ i })) }));
  for await (const item of arrayItems(bytes, 'entries')) {
    assert.deepEqual(item, { i: 0 });
    break;
  }
  await assert.rejects(withArraysEmptied(bytesOf('{"entries":[{"i":0},'), ['entries']));
  await assert.rejects(withArraysEmptied(bytesOf('{"entries":[] "x":1}'), ['entries']));
});

// The shape of a published export: a head and one long array of strict records, bounded in length.
const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'test.schema.json',
  type: 'object',
  properties: {
    format: { type: 'string', const: 'test/1' },
    count: { type: 'integer', minimum: 0 },
    events: {
      type: 'array',
      maxItems: 4,
      items: { type: 'object', properties: { id: { type: 'string', pattern: '^p-' }, op: { enum: ['ADD', 'DEL'] }, age: { type: 'integer', minimum: 18 } }, required: ['id', 'op'], additionalProperties: false },
    },
  },
  required: ['format', 'count', 'events'],
  additionalProperties: false,
};

const event = fc.record({ id: fc.oneof(fc.stringMatching(/^p-\d{1,3}$/), fc.string()), op: fc.constantFrom('ADD', 'DEL', 'MOD'), age: fc.integer({ min: 10, max: 40 }) }, { requiredKeys: ['id', 'op'] });
const document = fc.oneof(
  { weight: 6, arbitrary: fc.record({ format: fc.constantFrom('test/1', 'test/2'), count: fc.integer({ min: -1, max: 5 }), events: fc.oneof({ weight: 5, arbitrary: fc.array(event, { maxLength: 6 }) }, fc.jsonValue()), extra: fc.jsonValue() }, { requiredKeys: ['format', 'events'] }) },
  { weight: 1, arbitrary: fc.jsonValue() },
);

test('a schema check a piece at a time gives the same verdict as parsing the file whole, for generated files, broken JSON among them', async () => {
  const check = schemaCheckerFor(new Ajv2020({ allErrors: true, validateFormats: false }), schema);
  const text = fc.oneof({ weight: 4, arbitrary: document.map((d) => JSON.stringify(d) ?? 'null') }, document.chain((d) => fc.nat().map((n) => { const t = JSON.stringify(d) ?? 'null'; return t.slice(0, n % (t.length + 1)) + (n % 3 ? '' : ','); })));
  let failed = 0;
  await fc.assert(
    fc.asyncProperty(text, async (t) => {
      const bytes = bytesOf(t);
      const [whole, pieces] = [await check(bytes, Infinity), await check(bytes, 0)];
      if (whole === null || whole === 'not JSON') assert.equal(pieces, whole, t);
      else {
        assert.ok(Array.isArray(pieces) && pieces.length > 0, `${t}: whole ${JSON.stringify(whole)}, in pieces ${JSON.stringify(pieces)}`);
        failed++;
      }
    }),
    { numRuns: 500 },
  );
  assert.ok(failed > 50, 'the generator makes files that break the schema');
});

test('in pieces, an element that breaks the schema is named by its place in the array, and the array length still counts', async () => {
  const check = schemaCheckerFor(new Ajv2020({ allErrors: true, validateFormats: false }), schema);
  const ok = { format: 'test/1', count: 2, events: [{ id: 'p-1', op: 'ADD' }, { id: 'p-2', op: 'DEL' }] };
  assert.equal(await check(bytesOf(JSON.stringify(ok)), 0), null);
  const badAge = { ...ok, events: [...ok.events, { id: 'p-3', op: 'ADD', age: 12 }] };
  assert.deepEqual(await check(bytesOf(JSON.stringify(badAge)), 0), ['/events/2/age must be >= 18']);
  assert.deepEqual(await check(bytesOf(JSON.stringify(badAge)), Infinity), ['/events/2/age must be >= 18']);
  const tooMany = { ...ok, events: Array.from({ length: 5 }, (_, i) => ({ id: `p-${i}`, op: 'ADD' })) };
  assert.deepEqual(await check(bytesOf(JSON.stringify(tooMany)), 0), ['/events must NOT have more than 4 items']);
});
