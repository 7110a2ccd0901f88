// Verify must see what a person reads. Each property takes a value a person would read as one
// ID number or one name, disguises it the way an attacker or a careless editor might, and
// asserts that verify still finds it in an output file.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { comparable, readerText, readerTextOfFile } from '../../scripts/lib/reader-text.ts';
import { verifyOutput } from '../../scripts/lib/verify-output.ts';
import { findReadableIdNumbers } from '../../scripts/lib/shared/rules/id-number.ts';
import type { SensitiveRecord } from '../../scripts/lib/hidden-parties.ts';
import { maskIdNumber } from '../../scripts/lib/shared/rules/id-number.ts';
import { NAME_DOTS, withoutNameSeparators } from '../../scripts/lib/shared/search/normalise.ts';
import { idNumber, removeFolder } from '../fixtures/unit/records.ts';

const AREAS = ['210502', '110105', '440305', '650102', '210504'];

/** A valid full ID number: real area, a birth date from 1930 to 2025, any sequence. */
const fullId = fc
  .record({ area: fc.constantFrom(...AREAS), day: fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true }), seq: fc.integer({ min: 0, max: 999 }) })
  .map(({ area, day, seq }) => idNumber(area, day.toISOString().slice(0, 10).replaceAll('-', ''), String(seq).padStart(3, '0')));

const SEPARATORS = [' ', '\u00A0', '\u3000', '-', '\u2010', '\u2013', '\u2014', '\uFF0D', '.', '/', '\u30FB', '\n'];
const INVISIBLE = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD'];
const INLINE_TAGS = ['<b>', '</b>', '<span class="x">', '</span>', '<em>', '<!-- -->', '<a href="/x">', '</a>', '<wbr>'];

/** How one character of the number is written: as is, full-width, as an entity, as a JSON escape. */
const character = fc.constantFrom<[string, (c: string) => string]>(
  ['plain', (c) => c],
  ['full-width', (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)],
  ['decimal entity', (c) => `&#${c.charCodeAt(0)};`],
  ['hex entity', (c) => `&#x${c.charCodeAt(0).toString(16)};`],
  ['full-width entity', (c) => `&#${c.charCodeAt(0) + 0xfee0};`],
  ['JSON escape', (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`],
);
/** What may stand between two characters of the number without changing what is read. */
const gap = fc.array(fc.constantFrom('', ...SEPARATORS, ...INVISIBLE, ...INLINE_TAGS), { maxLength: 2 }).map((parts) => parts.join(''));

/** A full ID number as a disguised text, and how it was disguised (for the failure message). */
const disguised = fc
  .tuple(fullId, fc.array(character, { minLength: 18, maxLength: 18 }), fc.array(gap, { minLength: 17, maxLength: 17 }), fc.stringMatching(/^[A-Za-z]{0,4}$/), fc.stringMatching(/^[A-Za-z]{0,4}$/), fc.boolean())
  .map(([id, chars, gaps, before, after, lowerX]) => {
    const digits = Array.from(lowerX ? id.toLowerCase() : id);
    const text = before + digits.map((c, i) => chars[i]![1](c) + (gaps[i] ?? '')).join('') + after;
    return { id, text, how: chars.map((c) => c[0]).filter((n) => n !== 'plain').join(',') };
  });

test('a full ID number is found by verify whatever disguise a reader sees through (width, separators, invisible characters, tags, entities, letters attached, escapes)', () => {
  fc.assert(
    fc.property(disguised, fc.constantFrom('<p>身份证：', '"idNumber":"', '号码 ', '', '<td>2024-01-15</td><td>'), ({ id, text, how }, prefix) => {
      const file = `${prefix}${text}</p>`;
      assert.deepEqual(findReadableIdNumbers(readerTextOfFile(file, { fold: false })), [id], `${how}: ${JSON.stringify(file)}`);
    }),
    { numRuns: Number(process.env.FC_RUNS ?? 500) },
  );
});

test('a full ID number next to other numbers is found, and a number merely containing 18 valid digits inside a longer run is not reported', () => {
  const id = idNumber('210502', '19850315', '271');
  for (const text of [`2024 ${id} 3`, `<td>2024-01-15</td><td>${id}</td>`, `(2024)辽0502执123号 ${id}`, `ID${id}abc`, `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`]) {
    assert.deepEqual(findReadableIdNumbers(readerTextOfFile(text, { fold: false })), [id], text);
  }
  assert.deepEqual(findReadableIdNumbers(readerTextOfFile(`12${id}`, { fold: false })), []);
});

test('dates, case numbers and masked numbers on a page are not taken for ID numbers', () => {
  const page = `<td>2024-01-15</td> <td>2025-03-01</td> <td>(2024)辽0502执12345号</td> <td>${maskIdNumber(idNumber('210502', '19850315', '271'))}</td> <td>2026年11月26日</td>`;
  assert.deepEqual(findReadableIdNumbers(readerTextOfFile(page, { fold: false })), []);
});

/** A name as a person reads it, and the ways text may spell it without changing what is read. */
const NAME_DISGUISES: [string, (name: string) => string][] = [
  ['zero-width space inside', (n) => Array.from(n).join('\u200B')],
  ['soft hyphen and word joiner inside', (n) => Array.from(n).join('\u00AD\u2060')],
  ['traditional characters', (n) => n.replace('张', '張').replace('伟', '偉').replace('红', '紅').replace('华', '華').replace('国', '國').replace('阳', '陽')],
  ['bold tag inside', (n) => `${n.slice(0, 1)}<b>${n.slice(1)}</b>`],
  ['entities', (n) => Array.from(n).map((c) => `&#${c.codePointAt(0)};`).join('')],
  ['JSON escapes', (n) => Array.from(n).map((c) => `\\u${c.charCodeAt(0).toString(16)}`).join('')],
  ['letter-spaced', (n) => Array.from(n).join(' ')],
  ['percent-encoded in a URL', (n) => `/entry/${encodeURIComponent(n)}/`],
  ['compatibility ideograph', (n) => n.replace('金', '\uF90A')],
];

async function folder(t: TestContext, files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gongshi-reader-'));
  t.after(() => removeFolder(dir));
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return dir;
}

test('a hidden name with a zero-width character inside, in traditional characters, split by a tag, as entities or escapes is found in an output file', async (t) => {
  for (const name of ['张伟', '周小红', '欧阳华国', '金大成']) {
    const hidden: SensitiveRecord[] = [{ id: 'p-9', status: 'withheld', strings: [name], identifying: [name] }];
    for (const [how, spell] of NAME_DISGUISES) {
      const spelt = spell(name);
      if (spelt === name) continue;
      const dir = await folder(t, { 'page.html': `<p>被执行人：${spelt}</p>` });
      const { leaks } = await verifyOutput(dir, hidden);
      assert.deepEqual(leaks.map((l) => l.entryId), ['p-9'], `${name}, ${how}: ${spelt}`);
    }
  }
});

test('a hidden name with any mark the name search drops between its characters (·, ●, ．, －, …) is found in an output file, as the search finds the name', async (t) => {
  // Every mark of NAME_DOTS, one by one: the privacy check must read through what the search reads through.
  const mark = new RegExp(`^[${NAME_DOTS}]$`, 'u');
  const marks = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).filter((c) => mark.test(c));
  assert.ok(marks.includes('●') && marks.includes('－') && marks.includes('.'), marks.join(''));
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('张伟', '周小红', '阿依古丽买买提', '陈𠮷祥', '𠮷祥', '〇一'), fc.array(fc.constantFrom(...marks), { minLength: 1, maxLength: 3 }), async (name, between) => {
      const chars = Array.from(name);
      const spelt = chars.map((c, i) => (i < chars.length - 1 ? c + between[i % between.length] : c)).join('');
      assert.equal(withoutNameSeparators(spelt), name, 'the search reads the name');
      const dir = await folder(t, { 'page.html': `<p>被执行人：${spelt}</p>` });
      const hidden: SensitiveRecord[] = [{ id: 'p-9', status: 'withheld', strings: [name], identifying: [name] }];
      assert.deepEqual((await verifyOutput(dir, hidden)).leaks.map((l) => l.entryId), ['p-9'], spelt);
    }),
    { numRuns: 40 },
  );
});

test('a hidden credit code cut into groups between two of its capitals, by a dash or an ideographic space, is found in an output file; a lower-case id in a URL is not read as a hidden pinyin', async (t) => {
  const code = '91210502MA0Y3D8K2X';
  const hidden: SensitiveRecord[] = [
    { id: 'o-9', status: 'decided', strings: [code], identifying: [code] },
    { id: 'p-9', status: 'decided', strings: ['李思光', 'lisiguang'], identifying: ['李思光', 'lisiguang'] },
  ];
  for (const spelt of ['912105\u201002MA\u20100Y3D8K2X', '91210502M\u3000A0Y3D8K2X', '９１２１０５０２ＭＡ－０Ｙ３Ｄ８Ｋ２Ｘ']) {
    const dir = await folder(t, { 'page.html': `<h1>典型案例：${spelt}</h1>` });
    assert.deepEqual((await verifyOutput(dir, hidden)).leaks.map((l) => l.entryId), ['o-9'], spelt);
  }
  const dir = await folder(t, { 'page.html': '<p>91210502MA 0Y3D8K2 Y</p><p>91210502MA0Y3D8K2</p><a href="/entry/fx-li-siguang/">已撤销</a>', '_gone.json': '["fx-li-siguang"]' });
  assert.deepEqual((await verifyOutput(dir, hidden)).leaks, []);
  const shouted = await folder(t, { 'page.html': '<p>LI SIGUANG</p>' });
  assert.deepEqual((await verifyOutput(shouted, hidden)).leaks.map((l) => l.entryId), ['p-9'], 'pinyin in capitals, as a passport writes it, is read as one');
});

test('a hidden name written in traditional characters in the data is found in simplified characters in the output, and the other way round', async (t) => {
  const dir = await folder(t, { 'a.html': '<p>张伟</p>', 'b.json': '{"name":"周小紅"}' });
  const { leaks } = await verifyOutput(dir, [
    { id: 'p-1', status: 'withheld', strings: ['張偉'] },
    { id: 'p-2', status: 'withheld', strings: ['周小红'] },
  ]);
  assert.deepEqual(leaks.map((l) => [path.basename(l.file), l.entryId]).sort(), [['a.html', 'p-1'], ['b.json', 'p-2']]);
});

test('any text with zero-width characters or full-width letters sprinkled in reads the same as the plain text', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...'张伟周小红欧阳abcXYZ0123456789（）：'.split('')), minLength: 1, maxLength: 20 }), fc.array(fc.constantFrom('', ...INVISIBLE)), (text, inserts) => {
      const wide = text.replace(/[A-Za-z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
      const sprinkled = Array.from(wide).map((c, i) => c + (inserts[i % Math.max(1, inserts.length)] ?? '')).join('');
      assert.equal(readerText(sprinkled), readerText(text));
      assert.equal(comparable(sprinkled), comparable(text));
    }),
    { numRuns: 300 },
  );
});

test('reading is idempotent: a read text reads as itself', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...'張伟 周 小 红·阿卜杜拉 1-2 3.4 ＡＢ\u200B\u00A0x'.split('')), maxLength: 30 }), (text) => {
      assert.equal(comparable(comparable(text)), comparable(text));
    }),
    { numRuns: 300 },
  );
});

test('two names listed side by side are not read as one (no invented names across a space or a table cell)', () => {
  assert.equal(readerText('李建华 文静'), '李建华 文静');
  assert.doesNotMatch(readerTextOfFile('<td>李建华</td><td>文静</td>'), /华文/);
  assert.equal(readerText('周 小 红'), '周小红');
  assert.equal(readerText('向周 小 红支付'), '向周小红支付');
  assert.equal(readerText('阿卜杜拉·买买提'), '阿卜杜拉买买提');
});

test('verify drops exactly the characters the shared invisible set names (ids, queries and verify cannot drift apart)', async () => {
  const { withoutInvisible } = await import('../../scripts/lib/shared/invisible.ts');
  const disagree: string[] = [];
  for (let cp = 0x80; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    if (ch.normalize('NFKC') !== ch) continue;
    if ((readerText(`a${ch}b`, { fold: false }) === 'ab') !== (withoutInvisible(ch) === '')) disagree.push(`U+${cp.toString(16).toUpperCase()}`);
  }
  assert.deepEqual(disagree, []);
});
