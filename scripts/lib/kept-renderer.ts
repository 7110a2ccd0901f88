// Astro's renderer, kept between publications. A full `build()` has Vite bundle the pages for
// the server and the browser (about 7.5 s at 100,000 entries, whatever is rendered); a patch
// renders a few outputs with code that has not changed since the live release. So after a
// build the bundled prerender chunks are kept, with the little of Astro's build state that
// rendering reads (each page's stylesheets; the settings' scripts and paths), and a patch
// imports them and renders its planned paths with Astro's own code (StaticPaths,
// renderForPrerender, renderPath): the same bytes `build()` writes.
//
// Kept under the output folder (release.ts `keptRenderers`), one folder per key. The key is
// what decides the bundle: the code that renders pages (rendererVersion: site/, what it
// imports, astro.config.mjs, the locked packages those reach), the site's address (Astro's `site`, baked into
// the manifest), the project folder (absolute paths in the chunks), Node's version and this
// file's own code. A folder is complete once renamed into place, and every file it holds is
// checked against its hash before use: anything missing, damaged or of another key makes the
// stage run the full build instead.
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AstroIntegration } from 'astro';
import { SITE_URL } from './site-url.ts';
import { addModulePreloads } from './astro-modulepreload.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const META = 'meta.json';
/** Where the prerender chunks sit inside a build's working folder (Astro's getOutDirWithinCwd: outDir is outside it). */
export const PRERENDER_DIR = path.join('.astro', '.prerender');
const CLIENT_DIR = '_astro';

/** This file and the stage that uses it: a change to either may change what a kept folder must hold. */
const OWN_CODE = [fileURLToPath(import.meta.url), path.join(ROOT, 'scripts', 'stages', 'astro.ts')];

export async function keptRendererKey(renderer: string, siteUrl = SITE_URL): Promise<string> {
  const hash = createHash('sha256').update(`${renderer}\0${siteUrl}\0${ROOT}\0${process.version}\0`);
  for (const file of OWN_CODE) hash.update(await readFile(file)).update('\0');
  return hash.digest('base64url').slice(0, 32);
}

/**
 * Whether a leak `npm run verify -- --whole` found is one to pass over: a full ID number in a
 * kept renderer, which is bundled code whose doc comments show valid example numbers. A
 * non-public party's data found there is never passed over.
 */
export function isCodeExample(leak: { file: string; what: string }, keptRenderers: string): boolean {
  return leak.what === 'fullIdNumber' && leak.file.startsWith(`${keptRenderers}${path.sep}`);
}

/** What the Astro stage (scripts/stages/astro.ts) reports: whether it rendered with a kept renderer or built everything. */
export interface AstroStageResult {
  ok: true;
  renderer: 'kept' | 'built';
  /** How many processes rendered the paths of a full build (0: Astro's alone). */
  shares: number;
}

/** What rendering reads of Astro's build state besides the chunks. */
interface KeptMeta {
  key: string;
  /** The prerender entry, relative to the prerender folder. */
  entry: string;
  /** internals.pagesByKeys: each page's stylesheets (the build environment's headElements reads only these). */
  pages: [string, { styles: unknown[] }][];
  /** settings.scripts (head and page scripts of integrations). */
  scripts: unknown[];
  /** The parts of the resolved config that rendering and writing a path read; URLs as strings. */
  config: SerialConfig;
  origin: string;
  /** Every kept file (relative to the kept folder) and its SHA-256. */
  files: Record<string, string>;
}

interface SerialConfig {
  root: string;
  publicDir: string;
  base: string;
  site?: string;
  trailingSlash: string;
  compressHTML: unknown;
  prerenderConflictBehavior?: string;
  build: { format: string; redirects: boolean; client: string; server: string; assetsPrefix?: unknown; concurrency: number };
}

async function hashFiles(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, file).split(path.sep).join('/')] = createHash('sha256').update(await readFile(file)).digest('hex');
  }
  return files;
}

/** Rendering a share of a full build's paths in another process (scripts/stages/astro-slice.ts). */
export interface Split {
  /** Processes in all, this one included. */
  count: number;
  /** Fewer paths than this are rendered here alone (starting a process and loading the renderer takes a second or two). */
  min: number;
  /** Renders share `index` of `count` with the renderer just kept. */
  render(index: number, count: number): Promise<unknown>;
}

/** Astro's prerenderer interface (astro/dist/core/build/default-prerenderer.js), as much as is used here. */
interface Prerenderer {
  name: string;
  app?: { getOptions(): { settings: { config: Record<string, any>; scripts: unknown[] }; origin: string } };
  setup?(): Promise<void>;
  getStaticPaths(): Promise<PathWithRoute[]>;
  render(request: Request, options: { routeData: unknown; collectMetadata?: boolean }): Promise<unknown>;
  teardown?(): Promise<void>;
}

type Route = { type: string; component: string };
type PathWithRoute = { pathname: string; route: Route };

/**
 * As generatePages takes them: the first of two routes claiming a path wins, fallbacks after
 * the rest. Then every `count`th from `index`: the share of one process of several.
 */
function shareOf<T extends PathWithRoute>(paths: readonly T[], index = 0, count = 1): T[] {
  const seen = new Set<string>();
  const first: T[] = [];
  const fallbacks: T[] = [];
  for (const p of paths) {
    const normalized = p.pathname.replace(/\/$/, '');
    if (seen.has(normalized)) continue;
    seen.add(normalized);
    (p.route.type === 'fallback' ? fallbacks : first).push(p);
  }
  return [...first, ...fallbacks].filter((_, i) => i % count === index);
}

/**
 * An integration for the full build. Astro's own prerenderer is wrapped (setPrerenderer, the
 * API adapters use; without an adapter the bundle is the same): once it has loaded the
 * bundled chunks, and before any page is rendered, the chunks are kept with the page scripts
 * the home and search pages preload and the build state rendering needs, under
 * `<folder>/<key>`. Older keys are removed: one publisher at a time works on an output folder
 * (the publish lock). A failure to keep is reported and ignored: the next patch builds in
 * full, as before.
 *
 * With `split`, when there are many paths (a release), the other processes render their
 * shares with the renderer just kept while Astro renders the first share here.
 */
export function keepRenderer(folder: string, key: string, split?: Split): AstroIntegration {
  let pages: Map<string, { styles: unknown[] }> | undefined;
  const keep = async (app: NonNullable<Prerenderer['app']>): Promise<boolean> => {
    const temp = path.join(folder, `.${key}.tmp-${process.pid}`);
    try {
      const prerender = path.join(process.cwd(), PRERENDER_DIR);
      // Exactly one: a second would be another build's, and which to keep could not be told.
      const entries = (await readdir(prerender)).filter((name) => name.startsWith('prerender-entry') && name.endsWith('.mjs'));
      const entry = entries.length === 1 ? entries[0] : undefined;
      if (!entry || !pages) throw new Error(`not exactly one prerender entry (${entries.length})`);
      const { settings, origin } = app.getOptions();
      const c = settings.config;
      const href = (u: URL | undefined) => (u ? String(u) : undefined);
      const config: SerialConfig = {
        root: href(c.root)!, publicDir: href(c.publicDir)!, base: c.base, site: c.site, trailingSlash: c.trailingSlash, compressHTML: c.compressHTML,
        prerenderConflictBehavior: c.prerenderConflictBehavior,
        build: { format: c.build.format, redirects: c.build.redirects, client: href(c.build.client)!, server: href(c.build.server)!, assetsPrefix: c.build.assetsPrefix, concurrency: c.build.concurrency },
      };
      await mkdir(folder, { recursive: true });
      await rm(temp, { recursive: true, force: true });
      await cp(prerender, path.join(temp, 'prerender'), { recursive: true });
      const client = path.join(fileURLToPath(c.outDir as URL), CLIENT_DIR);
      await mkdir(path.join(temp, CLIENT_DIR), { recursive: true });
      for (const name of await readdir(client).catch(() => [] as string[])) {
        if (name.endsWith('.js')) await cp(path.join(client, name), path.join(temp, CLIENT_DIR, name));
      }
      const meta: KeptMeta = {
        key, entry, pages: [...pages].map(([k, p]) => [k, { styles: p.styles }]), scripts: settings.scripts, config, origin,
        files: await hashFiles(temp),
      };
      await writeFile(path.join(temp, META), JSON.stringify(meta));
      for (const name of await readdir(folder)) if (name !== path.basename(temp)) await rm(path.join(folder, name), { recursive: true, force: true });
      await rename(temp, path.join(folder, key));
      return true;
    } catch (error) {
      console.warn(`未能保留渲染器（下次增量发布将完整构建）：${(error as Error).message}`);
      await rm(temp, { recursive: true, force: true });
      return false;
    }
  };
  return {
    name: 'gongshi-keep-renderer',
    hooks: {
      'astro:build:setup': ({ pages: built }) => {
        pages = built as unknown as Map<string, { styles: unknown[] }>;
      },
      'astro:build:start': ({ setPrerenderer }) => {
        setPrerenderer(((astro: Prerenderer): Prerenderer => {
          let kept = false;
          let others: Promise<unknown>[] = [];
          return {
            name: 'gongshi-kept',
            async setup() {
              await astro.setup?.();
              kept = await keep(astro.app!);
            },
            async getStaticPaths() {
              const all = await astro.getStaticPaths();
              if (!split || !kept || split.count < 2 || all.length < split.min) return all;
              others = Array.from({ length: split.count - 1 }, (_, i) => split.render(i + 1, split.count));
              for (const other of others) other.catch(() => {}); // awaited at teardown
              return shareOf(all, 0, split.count);
            },
            render: (request, options) => astro.render(request, options),
            async teardown() {
              await astro.teardown?.();
              await Promise.all(others);
            },
          };
        }) as never);
      },
    },
  };
}

/** The kept folder for this key, checked whole, or null (missing, damaged, or of another key). */
export async function keptRenderer(folder: string, key: string): Promise<{ dir: string; meta: KeptMeta } | null> {
  const dir = path.join(folder, key);
  try {
    const meta = JSON.parse(await readFile(path.join(dir, META), 'utf8')) as KeptMeta;
    if (meta.key !== key) return null;
    const found = await hashFiles(dir);
    delete found[META];
    const want = Object.keys(meta.files);
    if (want.length !== Object.keys(found).length || want.some((f) => found[f] !== meta.files[f])) return null;
    return { dir, meta };
  } catch {
    return null;
  }
}

/**
 * Loads a kept renderer, ready to render: its chunks are copied into `work` (this process's
 * own working folder inside the project: the chunks run from there, as in the build that made
 * them, so their packages and relative paths resolve the same) and imported with the pages
 * they render, before the plan is known (the publisher is still reading meanwhile). Nothing
 * here reads the state or the plan.
 *
 * The function it returns renders every path the pages' getStaticPaths return (in a patch, the
 * planned ones) into `outDir`, as Astro's generatePages would, then adds the module preloads as
 * the modulepreload integration does; it returns the number of files written.
 */
export async function loadKept(kept: { dir: string; meta: KeptMeta }, work: string, outDir: string, quiet: boolean): Promise<(share?: { index: number; count: number }) => Promise<number>> {
  const { meta } = kept;
  const prerender = path.join(work, PRERENDER_DIR);
  await cp(path.join(kept.dir, 'prerender'), prerender, { recursive: true });
  const astro = (p: string) => import(pathToFileURL(path.join(ROOT, 'node_modules', 'astro', 'dist', p)).href);
  const [{ AstroLogger }, nodeLog, { StaticPaths }, { renderPath }, { renderForPrerender }] = await Promise.all([
    astro('core/logger/core.js'), astro('core/logger/impls/node.js'), astro('runtime/prerender/static-paths.js'), astro('core/build/generate.js'), astro('core/app/prerender.js'),
  ]);
  process.env.NODE_ENV ??= 'production'; // as Astro's build sets it
  const logger = new AstroLogger({ destination: nodeLog.default({ level: quiet ? 'warn' : 'info' }), level: quiet ? 'warn' : 'info' });
  const url = (s: string) => new URL(s);
  const c = meta.config;
  const outUrl = pathToFileURL(`${path.resolve(outDir)}${path.sep}`);
  const config = {
    ...c, root: url(c.root), publicDir: url(c.publicDir), outDir: outUrl,
    build: { ...c.build, client: url(c.build.client), server: url(c.build.server) },
  };
  const settings = { config, buildOutput: 'static', adapter: undefined, scripts: meta.scripts };
  const options = { settings, logger, origin: meta.origin, routesList: { routes: [] }, pageNames: [] as string[] };
  const { app } = (await import(pathToFileURL(path.join(prerender, meta.entry)).href)) as {
    app: { setInternals(i: unknown): void; setOptions(o: unknown): void; manifest: { routes: { routeData: Route }[] }; getComponentByRoute(r: Route): Promise<unknown> };
  };
  app.setInternals({ pagesByKeys: new Map(meta.pages), entrySpecifierToBundleMap: new Map() });
  app.setOptions(options);
  // The pages' modules now (their top level declares; their paths and frontmatter run later).
  await Promise.all(app.manifest.routes.filter((r) => r.routeData.type === 'page' || r.routeData.type === 'endpoint').map((r) => app.getComponentByRoute(r.routeData)));
  const prerenderer = { render: (request: Request, { routeData }: { routeData: unknown }) => renderForPrerender(app, request, { routeData }) };

  return async (share?: { index: number; count: number }) => {
    const paths = shareOf((await new StaticPaths(app).getAll()) as PathWithRoute[], share?.index, share?.count);
    let written = 0;
    for (const { pathname, route } of paths) {
      const result = (await renderPath({ prerenderer, pathname, route, options, logger, collectMetadata: false })) as { body: Buffer | string; outFile: URL; outFolder: URL } | null;
      if (!result) continue;
      await mkdir(result.outFolder, { recursive: true });
      await writeFile(result.outFile, result.body);
      written++;
    }
    // A share's process leaves them to the build it shares (its integration, once all are written).
    if (!share) await addModulePreloads(outDir, undefined, kept.dir);
    return written;
  };
}
