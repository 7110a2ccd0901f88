// A full ID number typed into the site never leaves the page: not in a request's URL, body
// or headers (the Referer included), not in the address bar or history, not on paper, and
// not with JavaScript switched off. Against the real build of the sample (as of 2026-11-26).
import { test, expect, type Page, type Request } from '@playwright/test';
import { FIXTURE_IDS } from '../../scripts/lib/sample/generate.ts';
import { maskIdNumber } from '../../scripts/lib/shared/rules/id-number.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { BASE, sampleRow } from '../helpers/sample-site.ts';


const fullWidth = (text: string) => text.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** The ways a person writes or pastes an ID that a reader still reads as the ID. */
function writtenForms(id: string): [string, string][] {
  return [
    ['plain', id],
    ['with spaces', `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`],
    ['with hyphens', `${id.slice(0, 6)}-${id.slice(6, 10)}-${id.slice(10, 14)}-${id.slice(14)}`],
    ['with dots', `${id.slice(0, 6)}.${id.slice(6, 14)}.${id.slice(14)}`],
    ['in full-width digits', fullWidth(id)],
    ['with zero-width spaces', id.split('').join('\u200b')],
    ['with letters attached', `ID${id}abc`],
  ];
}

/**
 * True when the text shows the ID, read as a person reads: URL-decoded, full-width folded,
 * with invisible characters and the separators people type removed. The birth date next to
 * the year (digits 7–14) counts as the ID: it is exactly what masking hides.
 */
function revealsId(text: string, id: string): boolean {
  let decoded = text;
  try {
    decoded = decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // not URL-encoded
  }
  const plain = decoded.normalize('NFKC').replace(/[\p{Cf}\s\-.·_/]/gu, '').toUpperCase();
  return plain.includes(id.slice(0, 17)) || plain.includes(id.slice(6, 14));
}

interface Watch {
  requests: Request[];
  /** Every place a request could carry the ID, as `where: text`. */
  leaks(id: string): Promise<string[]>;
}

function watchRequests(page: Page): Watch {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  return {
    requests,
    async leaks(id) {
      const found: string[] = [];
      for (const request of requests) {
        const headers = await request.allHeaders();
        if (headers.referer) found.push(`Referer ${headers.referer} on ${request.url()}`);
        for (const [where, text] of [['URL', request.url()], ['body', request.postData() ?? ''], ...Object.entries(headers).map(([k, v]) => [`header ${k}`, v])] as const) {
          if (revealsId(text, id)) found.push(`${where} of ${request.url()}: ${text}`);
        }
      }
      return found;
    },
  };
}

/** Walks back through the tab's history, collecting every address it held. */
async function historyUrls(page: Page): Promise<string[]> {
  const urls = [page.url()];
  for (let i = 0; i < 40 && (await page.goBack()) !== null; i++) urls.push(page.url());
  return urls;
}

/**
 * What a printout of the page shows: the text of the PDF Chromium prints, and (because this
 * machine may lack CJK fonts, which leaves Han text out of the PDF) the page's text under print
 * styles with the values of form fields that are still rendered there.
 */
async function printedText(page: Page): Promise<string> {
  const pdf = pdfText(await page.pdf());
  await page.emulateMedia({ media: 'print' });
  const shown = await page.evaluate(() => {
    const fields = [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')].filter((f) => f.getClientRects().length > 0);
    return [document.body.innerText, ...fields.map((f) => f.value)].join('\n');
  });
  await page.emulateMedia({ media: null });
  return `${pdf}\n${shown}`;
}

test('a full ID typed in any form into the home and search page boxes never reaches a request, the address bar, history or a printout', async ({ page }) => {
  test.setTimeout(120_000);
  const person = await sampleRow(FIXTURE_IDS.zhangWeiming);
  const id = String(person.idNumber).toUpperCase();
  const masked = maskIdNumber(id);
  const watch = watchRequests(page);
  const addresses: string[] = [];
  const printed: string[] = [];

  for (const [how, typed] of writtenForms(id)) {
    // From the home page: searched in place, the address becomes the search page's.
    await page.goto(BASE);
    await page.getByRole('searchbox').fill(typed);
    await page.getByRole('searchbox').press('Enter');
    await expect(page.locator('#search-status[data-state="done"]'), how).not.toBeEmpty();
    await expect(page.getByRole('searchbox')).toHaveValue(new RegExp(masked.replace(/\*/g, '\\*')));
    if (how !== 'with letters attached') await expect(page.locator(`#search-results [data-entry-id="${FIXTURE_IDS.zhangWeiming}"]`), how).toBeVisible();
    addresses.push(page.url());
    printed.push(await printedText(page));

    // On the search page itself, typed key by key this time.
    await page.getByRole('searchbox').fill('');
    await page.getByRole('searchbox').pressSequentially(typed);
    printed.push(await printedText(page));
    await page.getByRole('button', { name: '查询' }).click();
    await expect(page.locator('#search-status[data-state="done"]'), how).not.toBeEmpty();
    if (how !== 'with letters attached') await expect(page.locator('#search-status'), how).toContainText('找到 1 条');
    addresses.push(page.url());
    const onPaper = await printedText(page);
    expect(pdfText(await page.pdf()), 'the printed PDF shows the masked query').toContain(masked);
    printed.push(onPaper);
  }

  addresses.push(...(await historyUrls(page)));
  expect(addresses.filter((a) => revealsId(a, id))).toEqual([]);
  expect(printed.filter((p) => revealsId(p, id))).toEqual([]);
  expect(await watch.leaks(id)).toEqual([]);
  // The check itself can see the ID where it is: the typed text held it before masking.
  expect(writtenForms(id).every(([, typed]) => revealsId(typed, id))).toBe(true);
});

test('a full ID pasted into a search link is masked in the address bar before anything is fetched', async ({ page }) => {
  const id = String((await sampleRow(FIXTURE_IDS.zhangWeiming)).idNumber).toUpperCase();
  const watch = watchRequests(page);
  await page.goto(`${BASE}/search/?q=${encodeURIComponent(`${id.slice(0, 6)} ${id.slice(6)}`)}`);
  await expect(page.locator('#search-status[data-state="done"]')).toContainText('找到 1 条');
  expect(revealsId(page.url(), id)).toBe(false);
  await expect(page.getByRole('searchbox')).toHaveValue(maskIdNumber(id));
  // Only the navigation the test made itself carried the number.
  expect((await watch.leaks(id)).filter((leak) => !leak.startsWith(`URL of ${BASE}/search/?q=`))).toEqual([]);
});

test('the check tool reads IDs in any form, shows and prints only masked numbers, and sends nothing', async ({ page }) => {
  const person = await sampleRow(FIXTURE_IDS.liSiguang);
  const id = String(person.idNumber).toUpperCase();
  const watch = watchRequests(page);
  await page.goto(`${BASE}/check/`);
  const forms = writtenForms(id).filter(([how]) => how !== 'with letters attached');
  await page.getByLabel('待核查名单').fill(forms.map(([, typed]) => `${person.name} ${typed}`).join('\n'));
  await page.getByRole('button', { name: '核查' }).click();
  await expect(page.locator('tr[data-verdict="listed"]')).toHaveCount(forms.length);
  await expect(page.locator('#check-results')).toContainText(maskIdNumber(id));
  expect(revealsId(await page.locator('#check-results').innerText(), id)).toBe(false);
  const onPaper = await printedText(page);
  expect(pdfText(await page.pdf()), 'the printed PDF shows the masked number').toContain(maskIdNumber(id));
  expect(revealsId(onPaper, id)).toBe(false);
  expect(revealsId(page.url(), id)).toBe(false);
  expect((await historyUrls(page)).filter((a) => revealsId(a, id))).toEqual([]);
  expect(await watch.leaks(id)).toEqual([]);
});

test('with JavaScript off, the search and check forms submit nothing that identifies anyone', async ({ browser }) => {
  const id = String((await sampleRow(FIXTURE_IDS.zhangWeiming)).idNumber).toUpperCase();
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const watch = watchRequests(page);
  for (const start of ['/', '/search/', '/404.html']) {
    await page.goto(`${BASE}${start}`);
    await page.getByRole('searchbox').fill(`${id.slice(0, 6)} ${id.slice(6)}`);
    await Promise.all([page.waitForLoadState('load'), page.getByRole('searchbox').press('Enter')]);
    expect(new URL(page.url()).pathname).toBe('/search/');
    expect(new URL(page.url()).search).toBe('');
    // (Chromium keeps parsing <noscript> as text when only script execution is off, so the
    // note is looked for in the markup rather than on screen.)
    expect(await page.content()).toContain('需要启用 JavaScript');
  }
  await page.goto(`${BASE}/check/`);
  await page.getByLabel('待核查名单').fill(`张伟明 ${id}`);
  await page.getByRole('button', { name: '核查' }).click();
  await page.waitForLoadState('load');
  expect(revealsId(page.url(), id)).toBe(false);
  expect(await page.content()).toContain('需要启用 JavaScript');
  expect(await watch.leaks(id)).toEqual([]);
  await context.close();
});

test('no request from a page carries a Referer, so no query page is ever named to anyone', async ({ page }) => {
  const watch = watchRequests(page);
  await page.goto(`${BASE}/search/?q=${encodeURIComponent('张伟明')}`);
  await expect(page.locator('#search-status[data-state="done"]')).toContainText('找到');
  await page.locator('#search-results a').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.goto(`${BASE}/check/`);
  await page.getByLabel('待核查名单').fill('张伟明 110105194912310029');
  await page.getByRole('button', { name: '核查' }).click();
  await expect(page.locator('#check-results tbody tr')).toHaveCount(1);
  const withReferer = [];
  for (const request of watch.requests) if ((await request.allHeaders()).referer) withReferer.push(request.url());
  expect(watch.requests.length).toBeGreaterThan(5);
  expect(withReferer).toEqual([]);
});

/** Published organisations whose credit code is all digits: the ones an ID-shaped reading used to mask. */
async function digitOnlyCodeOrgs(page: Page): Promise<{ id: string; name: string; creditCode: string }[]> {
  const response = await page.request.get(`${BASE}/data/entries.json`);
  const { entries } = (await response.json()) as { entries: { id: string; name: string; creditCode?: string }[] };
  return entries.filter((e): e is { id: string; name: string; creditCode: string } => /^\d{17}[\dX]$/.test(e.creditCode ?? ''));
}

test('a credit code typed in the search box finds its organisation, digits-only codes and lower case included', async ({ page }) => {
  const orgs = await digitOnlyCodeOrgs(page);
  expect(orgs.length).toBeGreaterThan(3);
  for (const org of orgs.slice(0, 4)) {
    await page.goto(BASE);
    await page.getByRole('searchbox').fill(org.creditCode);
    await page.getByRole('searchbox').press('Enter');
    await expect(page.locator('#search-status[data-state="done"]')).toContainText('找到 1 条');
    await expect(page.locator(`#search-results [data-entry-id="${org.id}"]`)).toBeVisible();
    expect(new URL(page.url()).searchParams.get('q')).toBe(org.creditCode);
  }
  const response = await page.request.get(`${BASE}/data/entries.json`);
  const { entries } = (await response.json()) as { entries: { id: string; creditCode?: string }[] };
  const lettered = entries.find((e) => /[A-Z]/.test(e.creditCode ?? ''))!;
  await page.goto(`${BASE}/search/`);
  await page.getByRole('searchbox').fill(lettered.creditCode!.toLowerCase());
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.locator(`#search-results [data-entry-id="${lettered.id}"]`)).toBeVisible();
});

test('the check tool reports an organisation by its credit code, digits-only codes included, not as an invalid ID', async ({ page }) => {
  const orgs = (await digitOnlyCodeOrgs(page)).slice(0, 5);
  await page.goto(`${BASE}/check/`);
  await page.getByLabel('待核查名单').fill(orgs.map((o) => `${o.name} ${o.creditCode}`).join('\n'));
  await page.getByRole('button', { name: '核查' }).click();
  await expect(page.locator('tr[data-verdict="listed"]')).toHaveCount(orgs.length);
  await expect(page.locator('#check-results')).not.toContainText('身份证号码无效');
  for (const org of orgs) await expect(page.locator(`#check-results a[href="/entry/${org.id}/"]`)).toBeVisible();
});
