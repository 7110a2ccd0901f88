// Case Markdown is data, and no page runs inline script: a private build of the sample with
// one hostile case added, checked file by file and then in Chromium under the page's own
// Content-Security-Policy.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { CONTENT_SECURITY_POLICY_META, contentSecurityPolicyMeta, REFERRER_POLICY } from '../../scripts/lib/security-headers.ts';
import { siteUnderTest, type SiteUnderTest } from '../helpers/site-under-test.ts';

// One private build for the file: its tests run in order in one worker, and one failing does not skip the rest.
test.describe.configure({ mode: 'default', timeout: 180_000 });

const HOSTILE_SLUG = '2026-10-01-hostile-markup';
const HOSTILE_BODY = [
  '正文开头。',
  '<script>window.__pwned = "script"</script>',
  '<img src="/favicon.svg" onerror="window.__pwned = \'img\'" onload="window.__pwned = \'img\'">',
  '<iframe srcdoc="<script>parent.__pwned = \'iframe\'</script>"></iframe>',
  '<svg onload="window.__pwned = \'svg\'"><circle r="1"/></svg>',
  '<p style="position:fixed;inset:0;background:red" onclick="window.__pwned = \'click\'">遮罩</p>',
  '',
  '[脚本链接](javascript:window.__pwned=\'link\') [大小写](JaVaScRiPt:window.__pwned=\'link2\') [编码](&#106;avascript:window.__pwned=\'link3\')',
  '<a href="data:text/html,<script>alert(1)</script>">数据链接</a> <a href="//evil.example/">协议相对</a> [法院](https://court.example/)',
  '',
  '正文结尾。',
].join('\n');

let site: SiteUnderTest;
let release: string;

test.beforeAll(async () => {
  site = await siteUnderTest();
  const cases = path.join(site.content, 'cases');
  const model = await readFile(path.join(cases, (await readdir(cases)).find((f) => f.endsWith('.md'))!), 'utf8');
  const frontMatter = /^---\n[\s\S]*?\n---\n/.exec(model)![0].replace(/^title: .*$/m, 'title: 含恶意标记的案例').replace(/^date: .*$/m, 'date: 2026-10-01');
  await writeFile(path.join(cases, `${HOSTILE_SLUG}.md`), `${frontMatter}\n${HOSTILE_BODY}\n`);
  await site.build();
  release = path.join(site.out, 'site');
});
test.afterAll(async () => {
  await site?.close();
});

async function* htmlFiles(dir: string): AsyncGenerator<string> {
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) yield* htmlFiles(full);
    else if (d.name.endsWith('.html')) yield full;
  }
}

const decode = (s: string) => s.replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

test('no built page holds an inline script, and every page carries the CSP and no-referrer meta tags before any script', async () => {
  let pages = 0;
  const problems: string[] = [];
  for await (const file of htmlFiles(release)) {
    pages++;
    const html = await readFile(file, 'utf8');
    const where = path.relative(release, file);
    for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
      if (!/\ssrc\s*=/.test(attrs!) || body!.trim()) problems.push(`${where}: inline <script${attrs}>`);
    }
    if (/\son[a-z]+\s*=/i.test(html.replace(/<script\b[\s\S]*?<\/script\s*>/gi, ''))) problems.push(`${where}: an inline event handler`);
    if (/href\s*=\s*["']?\s*javascript:/i.test(html)) problems.push(`${where}: a javascript: link`);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
    // The search page alone may compile WebAssembly (Pagefind, the full-text section).
    const expected = where === path.join('search', 'index.html') ? contentSecurityPolicyMeta({ wasm: true }) : CONTENT_SECURITY_POLICY_META;
    if (!csp || decode(csp[1]!) !== expected) problems.push(`${where}: no or a different CSP meta tag`);
    else if (html.search(/<script\b/i) !== -1 && html.search(/<script\b/i) < csp.index) problems.push(`${where}: a script before the CSP meta tag`);
    if (!html.includes(`<meta name="referrer" content="${REFERRER_POLICY}"`)) problems.push(`${where}: no referrer meta tag`);
  }
  expect(pages).toBeGreaterThan(50);
  expect(problems).toEqual([]);
  expect(CONTENT_SECURITY_POLICY_META).toMatch(/script-src 'self'(;|$)/);
});

/** Everything the browser reports against the page's policy, from the console and from the DOM event. */
function watchPolicy(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(msg.text())) violations.push(msg.text());
  });
  page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return violations;
}

test('a case whose Markdown holds scripts, event handlers and javascript: links shows its text and runs nothing', async ({ page }) => {
  watchPolicy(page);
  await page.goto(`${site.url}/cases/${HOSTILE_SLUG}/`);
  const article = page.locator('article');
  await expect(article).toContainText('正文开头。');
  await expect(article).toContainText('正文结尾。');
  await expect(article).toContainText('遮罩');
  await expect(article.locator('script, img, iframe, svg, [style], [onclick], [onerror], [onload]')).toHaveCount(0);
  const hrefs = await article.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(hrefs.filter((h) => h && !/^(https:\/\/court\.example\/|\/)/.test(h))).toEqual([]);
  await expect(article.locator('a[href="https://court.example/"]')).toHaveAttribute('rel', /noreferrer/);
  await article.getByText('脚本链接').click();
  await article.getByText('遮罩').click();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
});

test('search, the check tool and the list filters work under the Content-Security-Policy, with no violation reported', async ({ page }) => {
  const violations = watchPolicy(page);
  await page.goto(`${site.url}/search/?q=${encodeURIComponent('张伟')}`);
  await expect(page.locator('#search-status[data-state="done"]')).toContainText('找到');
  await expect(page.locator('#search-results li').first()).toBeVisible();
  // The full-text section compiles Pagefind's WebAssembly under the search page's own policy (once scrolled near).
  await page.locator('#fulltext').scrollIntoViewIfNeeded();
  await expect(page.locator('#fulltext[data-state="done"] #fulltext-status')).toContainText(/找到|没有找到/);

  await page.goto(site.url);
  await page.getByRole('searchbox').fill('李四光');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.locator('#search-status[data-state="done"]')).toContainText('找到');

  await page.goto(`${site.url}/check/`);
  await page.getByLabel('待核查名单').fill('张三 110105194912310029');
  await page.getByRole('button', { name: '核查' }).click();
  await expect(page.locator('#check-results tbody tr')).toHaveCount(1);

  await page.goto(`${site.url}/cases/`);
  await page.getByLabel('类别').selectOption({ index: 1 });
  await expect(page).toHaveURL(/[?&]category=/);
  await page.locator('#case-list > li:visible h2 a').first().click();
  await page.getByRole('button', { name: '引用本文' }).click();

  for (const url of ['/measures/', '/notices/', '/', '/list/', '/data/', '/cases/feed.atom']) await page.goto(`${site.url}${url}`);
  expect(violations).toEqual([]);
});
