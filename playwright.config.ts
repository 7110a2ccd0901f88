import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// Debian's chromium where it is installed (CI, this machine); Playwright's own browser elsewhere.
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const port = Number(process.env.GONGSHI_TEST_PORT ?? 4391);
/** The search quality table runs against its own small hand-made list (tests/fixtures/search-fixture.ts). */
export const SEARCH_FIXTURE_URL = `http://127.0.0.1:${port + 1}`;

export default defineConfig({
  testDir: 'tests/e2e',
  forbidOnly: !!process.env.CI,
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: systemChromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [
    { name: 'mobile', testIgnore: /lighthouse\.spec\.ts$/, use: { ...devices['Desktop Chrome'], viewport: { width: 360, height: 740 }, isMobile: false } },
    // Lighthouse's performance score reads the CPU: it runs after every other test, alone, so a
    // busy second worker cannot cost it points.
    { name: 'lighthouse', testMatch: /lighthouse\.spec\.ts$/, dependencies: ['mobile'], use: { ...devices['Desktop Chrome'], viewport: { width: 360, height: 740 }, isMobile: false } },
  ],
  webServer: [
    {
      // One real build of the bundled sample content, as of a fixed day, then the real server.
      command: `node scripts/build.ts --content content --out .tmp/e2e/site --today 2026-11-26 && node scripts/serve.ts --out .tmp/e2e/site --port ${port}`,
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: false,
      timeout: 300_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `node tests/fixtures/search-fixture.ts .tmp/e2e/search-content && node scripts/build.ts --content .tmp/e2e/search-content --out .tmp/e2e/search-site --today 2026-11-26 && node scripts/serve.ts --out .tmp/e2e/search-site --port ${port + 1}`,
      url: `${SEARCH_FIXTURE_URL}/`,
      reuseExistingServer: false,
      timeout: 300_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
