// Lighthouse (the pinned npm package, its CLI) against one page, mobile, as the project runs it
// everywhere: Debian's chromium (CHROME_PATH), new headless, no sandbox. Used by
// `npm run bench:lighthouse` and by the CI check (tests/e2e/lighthouse.spec.ts).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LIGHTHOUSE = path.join(ROOT, 'node_modules/.bin/lighthouse');
export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * Pages that show a person carry `noindex` on purpose (issue #7: kept out of search engines), and
 * Lighthouse's SEO audit `is-crawlable` fails every such page. Their SEO score is also given
 * without that one audit, and only when the page does say noindex.
 */
export const DELIBERATE_NOINDEX_AUDIT = 'is-crawlable';

export interface PageScores {
  /** Category scores 0–100, as Lighthouse reports them. */
  scores: Record<Category, number>;
  /** SEO without `is-crawlable`, for a page that carries noindex; else the same as scores.seo. */
  seoWithoutNoindex: number;
  noindex: boolean;
  /** Audits that cost points: id, score 0–1, and what Lighthouse shows. */
  failing: { category: Category; id: string; score: number; display: string }[];
}

interface LhAudit { score: number | null; scoreDisplayMode: string; displayValue?: string }
interface LhReport {
  categories: Record<Category, { score: number; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<string, LhAudit>;
  runtimeError?: { message: string };
}

const scored = (a: LhAudit | undefined) => !!a && a.score !== null && ['binary', 'numeric', 'metricSavings'].includes(a.scoreDisplayMode);

export function chromePath(): string {
  return process.env.CHROME_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? '';
}

/**
 * Runs Lighthouse once against url (mobile, simulated Slow 4G and 4× CPU: its defaults). A run
 * that Lighthouse itself reports as broken ("Runtime error … Please run Lighthouse again", e.g.
 * NO_NAVSTART when the trace misses the navigation) is run again, up to twice.
 */
export async function lighthouse(url: string): Promise<PageScores> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await lighthouseOnce(url);
    } catch (error) {
      if (attempt >= 3 || !/Runtime error encountered|run Lighthouse again/i.test((error as Error).message)) throw error;
      console.warn(`lighthouse ${url}: ${((error as Error).message.match(/\(([A-Z_]+)\)/) ?? ['', 'runtime error'])[1]}, running it again`);
    }
  }
}

function lighthouseOnce(url: string): Promise<PageScores> {
  const args = [url, '--quiet', '--output=json', '--output-path=stdout', `--only-categories=${CATEGORIES.join(',')}`, '--chrome-flags=--headless=new --no-sandbox --disable-gpu'];
  return new Promise((resolve, reject) => {
    execFile(LIGHTHOUSE, args, { env: { ...process.env, CHROME_PATH: chromePath() }, maxBuffer: 64 * 1024 * 1024, timeout: 180_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`lighthouse ${url}: ${error.message}\n${stderr.slice(-2000)}`));
      try {
        resolve(scoresOf(JSON.parse(stdout) as LhReport));
      } catch (e) {
        reject(new Error(`lighthouse ${url}: unreadable report (${(e as Error).message})`));
      }
    });
  });
}

function scoresOf(report: LhReport): PageScores {
  if (report.runtimeError) throw new Error(`Runtime error encountered: ${report.runtimeError.message}`);
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((report.categories[c]?.score ?? 0) * 100)])) as Record<Category, number>;
  const failing: PageScores['failing'] = [];
  for (const c of CATEGORIES) {
    for (const ref of report.categories[c].auditRefs) {
      const audit = report.audits[ref.id];
      if (ref.weight > 0 && scored(audit) && audit!.score! < 1) failing.push({ category: c, id: ref.id, score: audit!.score!, display: audit!.displayValue ?? '' });
    }
  }
  const noindex = report.audits[DELIBERATE_NOINDEX_AUDIT]?.score === 0;
  // The category score Lighthouse computes (weighted mean of its scored audits), without is-crawlable.
  const refs = report.categories.seo.auditRefs.filter((r) => r.weight > 0 && r.id !== DELIBERATE_NOINDEX_AUDIT && scored(report.audits[r.id]));
  const weight = refs.reduce((n, r) => n + r.weight, 0);
  const seoWithoutNoindex = noindex && weight > 0 ? Math.round((refs.reduce((n, r) => n + r.weight * report.audits[r.id]!.score!, 0) / weight) * 100) : scores.seo;
  return { scores, seoWithoutNoindex, noindex, failing };
}

/** The pages measured: what a citizen, a journalist and a work unit open. */
export function lighthousePages(ids: { entry: string; caseSlug: string }): { name: string; path: string; ci: boolean }[] {
  return [
    { name: 'home', path: '/', ci: true },
    { name: 'search', path: `/search/?q=${encodeURIComponent('张伟')}`, ci: true },
    { name: 'entry', path: `/entry/${ids.entry}/`, ci: true },
    { name: 'case', path: `/cases/${ids.caseSlug}/`, ci: true },
    { name: 'cases', path: '/cases/', ci: true },
    { name: 'measures', path: '/measures/', ci: true },
    { name: 'stats', path: '/stats/', ci: true },
    { name: 'check', path: '/check/', ci: false },
  ];
}
