// A private copy of the sample content, built and served for one test file, so tests that
// delist, expire or break things never touch the shared build.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { startServer } from '../../scripts/serve.ts';
import { buildFixture, ROOT } from './build-fixture.ts';

export interface SiteUnderTest {
  dir: string;
  content: string;
  out: string;
  url: string;
  build(options?: { today?: string; strict?: boolean }): Promise<{ stdout: string; stderr: string }>;
  close(): Promise<void>;
}

export async function siteUnderTest(): Promise<SiteUnderTest> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gongshi-e2e-'));
  const content = path.join(dir, 'content');
  const out = path.join(dir, 'out');
  await cp(path.join(ROOT, 'content'), content, { recursive: true });
  let server: Server | undefined;
  const site = {
    dir,
    content,
    out,
    url: '',
    build: (options: { today?: string; strict?: boolean } = {}) => buildFixture({ content, out, ...options }),
    async close() {
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
      await rm(dir, { recursive: true, force: true });
    },
  };
  await site.build();
  server = await startServer(out, 0);
  site.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return site;
}
