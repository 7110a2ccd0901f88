// JSON text made once (scripts/lib/json-text.ts): the state's chunks and the planner's keys
// share it, and the keys must stay those the live release was planned from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import fc from 'fast-check';
import { entryJson, jsonText, jsonWriter } from '../../scripts/lib/json-text.ts';
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
