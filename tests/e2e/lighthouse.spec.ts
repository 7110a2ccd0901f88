// Lighthouse in CI: the pinned npm package, mobile, Debian's chromium (CHROME_PATH, new headless,
// no sandbox), one run per page against the shared sample build. Accessibility, best practices
// and SEO must score at least 95. Pages that show a person carry noindex on purpose: for them the
// SEO score is taken without Lighthouse's is-crawlable audit, and the page must indeed say noindex.
//
// Performance is printed, not asserted. It is timed on this machine's CPU, whose speed varies by
// the hour: on 2026-12-02 the unchanged /measures/ and /stats/ scored 83–94, having passed 95
// the day before, and one case page scored 89, 92 and 98 within minutes. Timed
// figures live in benchmarks: `npm run bench:lighthouse` gives the median of several runs per
// page against the target of 95.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { FIXTURE_IDS } from '../../scripts/lib/sample/generate.ts';
import { CATEGORIES, chromePath, lighthouse, lighthousePages, type PageScores } from '../../scripts/bench/lighthouse-run.ts';
import { ROOT } from '../helpers/build-fixture.ts';
import { BASE } from '../helpers/sample-site.ts';

const MIN = 95;
/** The categories whose audits do not depend on this machine's speed. */
const ASSERTED = CATEGORIES.filter((c) => c !== 'performance');

const caseSlug = async () => (await readdir(path.join(ROOT, '.tmp/e2e/site/site/cases'), { withFileTypes: true })).find((d) => d.isDirectory())!.name;
const pages = lighthousePages({ entry: FIXTURE_IDS.zhangWeiming, caseSlug: '' }).filter((p) => p.ci);

// One test, pages one after another: two Lighthouse runs at once on a small machine would cost
// each other the performance score, and a page that misses still lets the others be measured
// (soft assertions).
test(`Lighthouse mobile scores ${pages.map((p) => p.name).join(', ')} at least ${MIN} in accessibility, best practices and SEO, and prints their performance`, async ({ request }) => {
  test.skip(!chromePath(), 'no chromium for Lighthouse');
  test.setTimeout(pages.length * 120_000);
  for (const page of pages) {
    const pagePath = page.name === 'case' ? `/cases/${await caseSlug()}/` : page.path;
    const result: PageScores = await lighthouse(BASE + pagePath);
    const scores = { ...result.scores, seo: result.seoWithoutNoindex };
    if (result.noindex) {
      // The exception holds only for a page that keeps itself out of search engines.
      expect.soft(await (await request.get(BASE + pagePath)).text(), `${pagePath} fails is-crawlable`).toMatch(/<meta name="robots" content="noindex/);
    }
    const failing = result.failing.map((f) => `${f.category}/${f.id} ${f.score.toFixed(2)} ${f.display}`.trim());
    console.log(`${page.name}: performance ${scores.performance} (printed, not asserted: npm run bench:lighthouse measures it)`);
    for (const c of ASSERTED) expect.soft(scores[c], `${page.name} ${c}; audits below full marks: ${failing.join('; ')}`).toBeGreaterThanOrEqual(MIN);
  }
});
