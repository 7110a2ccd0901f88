// Builds a site from a content folder into a scratch output folder, the way `npm run build` does.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';

const run = promisify(execFile);
export const ROOT = path.resolve(import.meta.dirname, '../..');
/** The day the sample fixtures are built "as of"; expiry tests depend on it. */
export const FIXTURE_TODAY = '2026-11-26';

export async function buildFixture(options: { content: string; out: string; today?: string; strict?: boolean }): Promise<{ stdout: string; stderr: string }> {
  const args = ['scripts/build.ts', '--content', options.content, '--out', options.out, '--today', options.today ?? FIXTURE_TODAY];
  if (options.strict) args.push('--strict');
  return run(process.execPath, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GONGSHI_QUIET: '1' } });
}
