// Files a served deployment reads beside the pages: the delisted URLs, as 410 Gone rules.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildState } from './build-state.ts';

/** Lets a static host answer 410 Gone for entries that left the list, with the notice page as body. */
export async function writeDeploymentFiles(release: string, state: BuildState): Promise<void> {
  const urls = state.gone.map((g) => `/entry/${encodeURIComponent(g.id)}/`);
  await writeFile(path.join(release, '_gone.json'), JSON.stringify(urls));
  await writeFile(path.join(release, '_redirects'), urls.map((u) => `${u} ${u}index.html 410`).join('\n') + '\n');
  await writeFile(
    path.join(release, 'nginx-gone.conf'),
    `# include inside the server block that serves this release\n${urls.map((u) => `location = ${u} { error_page 410 ${u}index.html; return 410; }`).join('\n')}\n`,
  );
}
