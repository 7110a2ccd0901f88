// The search box's traditional → simplified table (build-state.ts traditionalToSimplified): made
// from OpenCC's form of each character, converted in one call over the whole range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as OpenCC from 'opencc-js';
import { simplifiedForms, traditionalToSimplified } from '../../scripts/lib/build-state.ts';
import type { PublishedEntry } from '../../scripts/lib/publish-state.ts';

test('the simplified form of every character U+3400–U+9FFF, made in one call, is what converting each character alone gives', () => {
  const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
  const forms = simplifiedForms();
  assert.equal(forms.length, 0x9fff - 0x3400 + 1);
  const differing: string[] = [];
  for (let cp = 0x3400; cp <= 0x9fff; cp++) {
    const ch = String.fromCodePoint(cp);
    if (forms[cp - 0x3400] !== toSimplified(ch)) differing.push(ch);
  }
  assert.deepEqual(differing, []);
});

test('a traditional character is mapped only to a simplified one that a published name uses', () => {
  const names = (...list: string[]) => list.map((name) => ({ name }) as PublishedEntry);
  const map = traditionalToSimplified(names('沈阳', '张伟'));
  assert.equal(map['瀋'], '沈');
  assert.equal(map['張'], '张');
  assert.equal(map['偉'], '伟');
  assert.equal(map['劉'], undefined, '刘 is in no name');
  assert.equal(map['沈'], undefined, 'a character a name uses is never mapped');
});
