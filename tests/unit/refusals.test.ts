// Refusals are typed codes with one catalogue (scripts/lib/refusals.ts): callers branch on the
// code, and every message is complete whatever it is given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REFUSALS, refusal, type RefusalCode } from '../../scripts/lib/refusals.ts';

test('every refusal in the catalogue says something complete, in Chinese, with every value it is given', () => {
  // Any parameter a message asks for reads back as a marker, so a message that drops or misnames one shows it.
  const given = new Proxy({}, { get: (_, key) => `«${String(key)}»` });
  for (const code of Object.keys(REFUSALS) as RefusalCode[]) {
    const message = (REFUSALS[code] as (p: unknown) => string)(given);
    assert.match(message, /\p{Script=Han}/u, `${code} is worded for the operator`);
    assert.doesNotMatch(message, /undefined|\$\{|«then»/, code);
    for (const key of message.match(/«(\w+)»/g) ?? []) assert.ok(key.length > 2, `${code}: ${key}`);
  }
  assert.deepEqual(refusal('MostOutputsDirty', { dirty: 6, outputs: 10 }), { code: 'MostOutputsDirty', message: '过半页面有变（6/10）' });
});
