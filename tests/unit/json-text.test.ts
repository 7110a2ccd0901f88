// JSON text made once (scripts/lib/json-text.ts): the state's chunks and the planner's keys
// share it, and the keys must stay those the live release was planned from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import fc from 'fast-check';
import { entryJson, groupDigest, internEntries, jsonText, jsonWriter, type KeptEntries } from '../../scripts/lib/json-text.ts';
import { loadPublishState } from '../../scripts/lib/publish-state.ts';
import { deriveBuildState, newChangeEvents } from '../../scripts/lib/build-state.ts';
import { ROUTES, outputFile, routeKeys, type RouteDeclaration, type RouteId } from '../../scripts/lib/pages.ts';
import { ROOT } from '../fixtures/unit/records.ts';

test('the JSON text of any value is exactly what JSON.stringify makes of it, entries and shared objects included', () => {
  fc.assert(
    fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true, withSparseArray: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withBigInt: false }), fc.boolean(), (value, asEntry) => {
      if (asEntry && typeof value === 'object' && value !== null && !Array.isArray(value)) entryJson(value);
      // The same object twice, at two depths: a writer keeps what it made of it.
      const shared = [value, { a: value, b: [value, undefined, () => 1] }];
      const write = jsonWriter();
      assert.equal(write(shared), JSON.stringify(shared));
      assert.equal(write(shared), JSON.stringify(shared));
      assert.equal(jsonText(value), JSON.stringify(value));
    }),
    { numRuns: 2000 },
  );
});

test('every declared output\'s key is the hash of the JSON of the site and of what it reads', async () => {
  const { state } = await loadPublishState(path.join(ROOT, 'content'), '2026-12-01');
  const built = deriveBuildState(state, newChangeEvents([], state, '2026-12-01T00:00:00.000Z'), '2026-12-01T00:00:00.000Z');
  for (const entry of built.entries.slice(0, 40)) entryJson(entry); // as the state's chunks leave them
  const keys = routeKeys(built);
  let seen = 0;
  for (const route of Object.keys(ROUTES) as RouteId[]) {
    for (const output of (ROUTES[route] as RouteDeclaration).outputs(built)) {
      const expected = createHash('sha256').update(JSON.stringify([built.site, output.reads()])).digest('base64url');
      assert.equal(keys.get(outputFile(route, output.params)), expected, outputFile(route, output.params));
      seen++;
    }
  }
  assert.equal(seen, keys.size);
});

/** Flat records as entries are, and now and then one holding another object. */
const fieldValue = fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -2, max: 2 }), fc.constantFrom(0, -0, NaN, null, undefined, true), fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(-0)), { maxLength: 3 }), fc.constant({ nested: 1 }));
const record = fc.dictionary(fc.constantFrom('name', 'court', 'age', 'behaviours', 'listingEndsOn', 'extra'), fieldValue, { maxKeys: 5 }).map((fields) => ({ id: 'e-1', ...fields }));

/** `known` as another publication may give it again: a copy, its keys in another order, one field or array item changed, a field gone, or anything. */
const nextOf = (known: Record<string, unknown>) =>
  fc.oneof(
    fc.constant(structuredClone(known)),
    fc.constant(Object.fromEntries(Object.entries(structuredClone(known)).reverse())),
    fc.tuple(fc.constantFrom(...Object.keys(known)), fieldValue).map(([key, value]) => ({ ...structuredClone(known), [key]: value })),
    fc.tuple(fc.constantFrom(...Object.keys(known)), fc.integer({ min: 0, max: 3 })).map(([key, item]) => {
      const copy = structuredClone(known);
      if (Array.isArray(copy[key]) && copy[key].length) (copy[key] as unknown[])[0] = item;
      return copy;
    }),
    fc.constantFrom(...Object.keys(known)).map((key) => Object.fromEntries(Object.entries(structuredClone(known)).filter(([k]) => k !== key || k === 'id'))),
    record,
  );

test('a resident publisher takes an entry as the one it kept only when JSON.stringify writes the same text of both, and always takes a copy of it', () => {
  fc.assert(
    fc.property(record.chain((known) => fc.tuple(fc.constant(known), nextOf(known), fc.boolean())), ([known, next, copy]) => {
      if (copy) next = structuredClone(known);
      const text = JSON.stringify(known);
      const kept: KeptEntries = new Map();
      internEntries([known], kept); // as the last publication left it
      const [interned] = internEntries([next as typeof known], kept);
      if (interned === known) assert.equal(JSON.stringify(next), text);
      else assert.equal(interned, next);
      const plain = Object.values(known).every((v) => typeof v !== 'object' || v === null || (Array.isArray(v) && (v as unknown[]).every((x) => typeof x !== 'object')));
      const noNaN = !Object.values(known).some((v) => Number.isNaN(v));
      if (copy && plain && noNaN) assert.equal(interned, known, 'a copy of a flat entry is the entry');
      assert.ok(Object.isFrozen(interned) && Object.values(interned).every((v) => !Array.isArray(v) || Object.isFrozen(v)), 'what it gives is frozen, arrays and all');
      assert.deepEqual([...kept.values()], [interned], 'and kept in place of what was');
    }),
    { numRuns: 3000 },
  );
});

test('a group\'s digest is remembered for the very same frozen entries and the same rest, and made again when either differs or an entry could change', () => {
  let made = 0;
  const digest = (entries: readonly object[], extra: string) => groupDigest('test:group', entries, extra, () => `${++made}`);
  const [a, b] = [Object.freeze({ id: 'a' }), Object.freeze({ id: 'b' })];
  assert.equal(digest([a, b], 'x'), '1');
  assert.equal(digest([a, b], 'x'), '1', 'the same objects in a new array');
  assert.equal(digest([a, Object.freeze({ id: 'b' })], 'x'), '2', 'an equal object that is another');
  assert.equal(digest([a], 'x'), '3');
  assert.equal(digest([a], 'y'), '4');
  assert.equal(digest([b, a], 'y'), '5', 'another order');
  const open = { id: 'c' };
  assert.equal(digest([open], 'y'), '6');
  assert.equal(digest([open], 'y'), '7', 'an entry that is not frozen is never remembered');
  assert.equal(digest([a], 'x'), '8', 'one name, one group: the last');
});
