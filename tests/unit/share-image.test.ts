// Share images: drawn offline from the shipped Noto Sans SC, 1200×630 PNGs, saying only what the
// case page prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fontsFor, missingGlyphsWarning, renderShareImage, SAMPLE_MARK, shareCardLines, shareCardOfCase, shareCardOfSite } from '../../scripts/lib/share-image.ts';

const site = { city: '本溪市', sampleData: true };
const aCase = { title: '转移公司资金拒付工人工资 企业负责人被追究刑事责任', court: '本溪市中级人民法院', date: '2026-04-03', category: '拒执犯罪' as const };

function pngSize(png: Buffer): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

test('a case share image is a 1200×630 PNG whose Chinese title is drawn from the shipped font', async () => {
  const card = shareCardOfCase(aCase, site);
  const { png, missing } = await renderShareImage(card);
  assert.deepEqual(pngSize(png), { width: 1200, height: 630 });
  assert.deepEqual(missing, [], 'every character has a glyph');
  // One Chinese character changed changes the picture: the title is drawn, not left blank.
  const other = await renderShareImage({ ...card, title: card.title.replace('资金', '资产') });
  assert.notDeepEqual(other.png, png);
});

test('a case card says only what the case page prints: category, title, court, the date as the page writes it, the site name and the sample mark', () => {
  assert.deepEqual(shareCardLines(shareCardOfCase(aCase, site)), ['拒执犯罪', aCase.title, '本溪市中级人民法院', '2026年4月3日', '本溪市失信被执行人名单公示', SAMPLE_MARK]);
  assert.deepEqual(shareCardLines(shareCardOfCase(aCase, { city: '本溪市', sampleData: false })).includes(SAMPLE_MARK), false);
  assert.deepEqual(shareCardLines(shareCardOfSite(site)), ['本溪市失信被执行人名单公示', '本溪市失信被执行人名单公示', SAMPLE_MARK]);
});

test('only the font subsets holding a card’s characters are read, and a character no subset has is reported', () => {
  const { fonts, missing } = fontsFor('本溪市2026年');
  assert.ok(fonts.length >= 2 && fonts.length <= 12, `${fonts.length} font files`);
  assert.deepEqual(missing, []);
  assert.deepEqual(fontsFor('本\u{F0000}').missing, ['\u{F0000}']);
  assert.match(missingGlyphsWarning('案例 a', ['\u{F0000}']), /案例 a 的分享图片.*U\+F0000/);
});

