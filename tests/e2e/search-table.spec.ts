// The search quality table: each query against a fixed hand-made list, with the exact set
// of entries it must return. One missing or one extra entry fails the row.
import { test, expect } from '@playwright/test';
import { CREDIT_CODES, ID_NUMBERS, SEARCH_ENTRIES } from '../fixtures/search-fixture.ts';
import { SEARCH_FIXTURE_URL } from '../../playwright.config.ts';
import { searchIds } from './search-helpers.ts';

const id = (entry: string) => ID_NUMBERS[entry]!;
const zhangWeiAll = ['s-zw-1', 's-zw-2', 's-zwm', 's-zwmh', 's-oyzw'];
const ayiguli = ['s-aygl'];
const zhangWeiming123 = ['s-zwm'];

const TABLE: [string, string, string[]][] = [
  // [what it shows, query, expected entry ids]
  ['full name finds the person and names containing it', '张伟明', ['s-zwm', 's-zwmh']],
  ['a two-character name finds every name containing it, never a non-public namesake', '张伟', zhangWeiAll],
  ['order matters: 张明 does not find 张伟明', '张明', ['s-zm']],
  ['a given name without surname', '伟明', ['s-zwm', 's-zwmh']],
  ['a surname alone', '张', [...zhangWeiAll, 's-zm']],
  ['李四 does not find 李娜', '李四', ['s-ls', 's-lsg']],
  ['an expired namesake is not found', '李娜', ['s-ln']],
  ['a surname finds only names containing it', '李', ['s-ls', 's-lsg', 's-ln']],
  ['a single given-name character', '明', ['s-zwm', 's-zm', 's-zwmh', 's-oym']],
  ['the end of a name', '四光', ['s-lsg']],
  ['compound surname 欧阳', '欧阳', ['s-oynn', 's-oym', 's-oyzw']],
  ['compound surname 司马 as a full name', '司马光', ['s-smg']],
  ['compound surname 诸葛 alone', '诸葛', ['s-zgl']],
  ['compound surname 诸葛 full name', '诸葛亮', ['s-zgl']],
  ['middle dot ·', '阿依古丽·买买提', ayiguli],
  ['bullet • in place of the dot', '阿依古丽•买买提', ayiguli],
  ['katakana dot ・ in place of the dot', '阿依古丽・买买提', ayiguli],
  ['a space in place of the dot', '阿依古丽 买买提', ayiguli],
  ['nothing in place of the dot', '阿依古丽买买提', ayiguli],
  ['the part after the dot', '买买提', ayiguli],
  ['a character outside the BMP', '𠮷', ['s-cjx']],
  ['a full name with a character outside the BMP', '陈𠮷祥', ['s-cjx']],
  ['full pinyin', 'zhangweiming', ['s-zwm', 's-zwmh']],
  ['full pinyin with spaces', 'zhang wei ming', ['s-zwm', 's-zwmh']],
  ['pinyin in capitals', 'ZhangWeiMing', ['s-zwm', 's-zwmh']],
  ['pinyin initials', 'zwm', ['s-zwm']],
  ['pinyin of two syllables', 'zhangwei', zhangWeiAll],
  ['pinyin finds names containing the syllables', 'lisi', ['s-ls', 's-lsg']],
  ['polyphonic surname 单 reads shan', 'shanli', ['s-sl']],
  ['polyphonic surname 曾 reads zeng', 'zengqiang', ['s-zq']],
  ['polyphonic surname 解 reads xie', 'xiefang', ['s-xf']],
  ['a misspelt pinyin finds nothing rather than a near miss', 'zhangweimingx', []],
  ['traditional characters find the simplified entry', '張偉明', ['s-zwm', 's-zwmh']],
  ['traditional 瀋陽 finds 沈阳', '瀋陽', ['s-sy']],
  ['case number with half-width brackets', '(2018)辽0502执123号', zhangWeiming123],
  ['case number with full-width brackets', '（2018）辽0502执123号', zhangWeiming123],
  ['case number with 〔〕', '〔2018〕辽0502执123号', zhangWeiming123],
  ['case number without brackets or 号', '2018辽0502执123', zhangWeiming123],
  ['case number without 号', '(2018)辽0502执123', zhangWeiming123],
  ['case number with full-width digits', '(２０１８)辽０５０２执１２３号', zhangWeiming123],
  ['执123 finds serial 123 in every court and year, not 1234', '执123', ['s-zwm', 's-zw-2']],
  ['执1234号 finds only serial 1234', '执1234号', ['s-zw-1']],
  ['a case number without its year finds that court\'s case only', '辽0502执123', zhangWeiming123],
  ['a case number without its year, with 号', '辽0522执123号', ['s-zw-2']],
  ['court code and serial only', '0502执123', zhangWeiming123],
  ['court code and serial only, another court', '0522执123号', ['s-zw-2']],
  ['court code and serial never find a longer serial', '0502执12', []],
  ['court code and serial never find another court', '0503执123', []],
  ['an organisation name fragment', '建筑工程', ['s-org-hongda', 's-org-hengxin']],
  ['an organisation trade name', '宏达', ['s-org-hongda']],
  ['an organisation industry word', '矿业', ['s-org-jinshan']],
  ['a full credit code', CREDIT_CODES['s-org-hongda']!, ['s-org-hongda']],
  ['a full credit code in lower case', CREDIT_CODES['s-org-hengxin']!.toLowerCase(), ['s-org-hengxin']],
  ['a full credit code typed in groups of four', CREDIT_CODES['s-org-jinshan']!.replace(/(.{4})/g, '$1 ').trim(), ['s-org-jinshan']],
  ['a live entry\'s id', 's-zm', ['s-zm']],
  ['a full ID number', id('s-zwm'), ['s-zwm']],
  ['a name plus a full ID number picks one namesake', `张伟 ${id('s-zw-1')}`, ['s-zw-1']],
  ['a name plus someone else’s ID number finds nothing', `张明 ${id('s-zw-1')}`, []],
  ['a partial ID matches on the public first ten digits only', id('s-zw-1').slice(0, 14), ['s-zw-1', 's-zgl']],
  ['a partial ID with other hidden digits gives the same answer', `${id('s-zw-1').slice(0, 10)}0101`, ['s-zw-1', 's-zgl']],
  ['a partial ID with wildcards never narrows by hidden digits', `${id('s-zw-1').slice(0, 10)}****`, ['s-zw-1', 's-zgl']],
  ['a disclose:false name finds nothing', '赵六', []],
  ['a non-public minor cannot be found by ID', id('s-hidden-minor'), []],
  ['a non-public entry cannot be found by ID', id('s-hidden-undisclosed'), []],
  ['a decided entry cannot be found by ID', id('s-hidden-decided'), []],
  ['a decided entry cannot be found by pinyin alone', 'lisi', ['s-ls', 's-lsg']],
];

test.describe('search quality table', () => {
  for (const [what, query, expected] of TABLE) {
    test(`${what}: ${query}`, async ({ page }) => {
      const ids = await searchIds(page, SEARCH_FIXTURE_URL, query);
      expect([...ids].sort()).toEqual([...expected].sort());
      if (expected.length) await expect(page.locator('#search-status')).toContainText(`找到 ${expected.length} 条`);
      else await expect(page.locator('#search-status')).toContainText('没有找到');
    });
  }
});

const decided = SEARCH_ENTRIES.find((e) => e.id === 's-hidden-decided')!;
const expired = SEARCH_ENTRIES.find((e) => e.id === 's-hidden-expired')!;
const REMOVED: [string, string, string][] = [
  // [what it shows, query, the gone entry whose notice it links to]
  ['a delisted case number', decided.caseNumber, decided.id],
  ['a delisted case number without its year', decided.caseNumber.replace(/^\(\d{4}\)/, ''), decided.id],
  ['a delisted case number as court code and serial', decided.caseNumber.replace(/^\(\d{4}\)辽/, ''), decided.id],
  ['a delisted entry id', decided.id, decided.id],
  ['an expired entry\'s case number', expired.caseNumber, expired.id],
];

test.describe('gone entries answer with their removal notice, never a name', () => {
  for (const [what, query, goneId] of REMOVED) {
    test(`${what}: ${query}`, async ({ page }) => {
      expect(await searchIds(page, SEARCH_FIXTURE_URL, query)).toEqual([]);
      const notice = page.locator(`#search-notices [data-removal-notice="${goneId}"]`);
      await expect(notice).toHaveCount(1);
      await expect(notice.getByRole('link', { name: '查看撤出公告' })).toHaveAttribute('href', `/entry/${goneId}/`);
      await expect(notice).toContainText(SEARCH_ENTRIES.find((e) => e.id === goneId)!.caseNumber);
      await expect(page.locator('#search-status')).toContainText('没有找到当前公开的记录');
      await expect(page.locator('#search-notices')).not.toContainText('请核对用字');
      const gone = SEARCH_ENTRIES.find((e) => e.id === goneId)!;
      expect(await page.locator('main').innerText()).not.toContain(gone.name);
    });
  }

  test('the notice link opens the removal notice', async ({ page }) => {
    await searchIds(page, SEARCH_FIXTURE_URL, decided.caseNumber);
    await page.locator(`[data-removal-notice="${decided.id}"] a`).click();
    await expect(page).toHaveURL(new RegExp(`/entry/${decided.id}/$`));
    await expect(page.locator('main')).toContainText(decided.caseNumber);
    await expect(page.locator('main')).not.toContainText(decided.name);
  });

  test('a name beside a delisted case number gets no notice', async ({ page }) => {
    expect(await searchIds(page, SEARCH_FIXTURE_URL, `${decided.name} ${decided.caseNumber}`)).toEqual([]);
    await expect(page.locator('#search-notices [data-removal-notice]')).toHaveCount(0);
  });
});

test('the exact full name is ranked first among longer names containing it', async ({ page }) => {
  expect((await searchIds(page, SEARCH_FIXTURE_URL, '张伟明'))[0]).toBe('s-zwm');
  expect((await searchIds(page, SEARCH_FIXTURE_URL, '李四'))[0]).toBe('s-ls');
  expect((await searchIds(page, SEARCH_FIXTURE_URL, '张伟')).slice(0, 2).sort()).toEqual(['s-zw-1', 's-zw-2']);
});

// A typed full ID never leaving the page (requests, Referer, history, printout, no-JS) is tested
// in privacy.spec.ts.
